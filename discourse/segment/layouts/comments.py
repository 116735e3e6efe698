"""Comment sections of news sites and comment plugins (Disqus, Facebook comments, site-made ones).

* Header lines: "Jane Doe | March 3, 2021", "mike_r · 3h", "Jo, Leeds, United Kingdom, 2 hours ago",
  "X on March 3, 2021 at 5:06 pm".
* An avatar's alt text right over the author line is part of the header; so is a subject line over it (a
  short headline or question after a blank line).
* The post answered, named: "Replying to Karen Whitfield" (Disqus), "In reply to X".
"""
from __future__ import annotations

import re

from .. import patterns as P
from ..lines import Line
from .base import Layout, MentionForm

NAME_TIME = re.compile(rf"^{P.AUTHOR}(?:{P.PLACES})?(?:{P.SEP}|\s+){P.TIME_AFTER_NAME}", re.IGNORECASE)


def avatar_over_author(lines: list[Line], i: int) -> bool:
    """The avatar's alt text (the author's name again) right over the author line joins the header."""
    above = lines[i - 1] if i else None
    if above is not None and lines[i].gap == 0 and above.text == lines[i].author and not above.header:
        above.header = True
        return True
    return False


def subject_over_author(lines: list[Line], i: int) -> bool:
    """A short headline or question after a blank line, right over the author line: the post's subject."""
    above = lines[i - 1] if i else None
    if above is not None and lines[i].gap == 0 and subject_shape(above) and above.gap \
            and (above.headline or above.text.endswith("?")):
        above.header = above.subject = True
        return True
    return False


def subject_shape(line: Line) -> bool:
    """Could the line be a post's subject over its header (short, no header itself)?"""
    return not line.header and line.words <= P.MAX_HEADER_WORDS


LAYOUT = Layout(
    name="comments",
    headers=(NAME_TIME,),
    header_hints=("ago", "yesterday", "today", "just now", "last "),
    header_rules=(avatar_over_author, subject_over_author),
    mentions=(MentionForm("to", r"^(?:replying|in reply|reply) to:?\s+@?(?P<to>)", rf"{P.MENTIONED}(?=[ \t]*$)"),),
    fixtures=("disqus_replying_to.txt", "layout_reply_cues.txt", "layout_because.txt", "blank_posts.txt",
              "layout_icon_sprite.txt", "layout_repost_edit.txt"),
)
