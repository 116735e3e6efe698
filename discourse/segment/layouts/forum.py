"""Forum software (phpBB, XenForo, SMF, vBulletin): "X wrote:" headers, profile blocks and quote headers.

* Header lines: "jsmith wrote:", "Jane Doe says: March 3, 2021 at 5:06 pm", "Anonymous said...".
* Profile blocks over a post ("rv_rick / Senior member / Posts: 212 / #4"), and a post's subject line inside
  its header group ("rv_rick / Full Member / Re: Subject / « on: date »").
* "kate said:" right under a post's header (or over a ``>`` quote) introduces a quote, not a post.
* The post answered, named: "Quote from: kate on <date>" (SMF), "kate said:" (XenForo).
"""
from __future__ import annotations

import re

from .. import patterns as P
from ..lines import Line
from .base import Layout, MentionForm

WROTE = re.compile(rf"^{P.AUTHOR}\s+(?:wrote|writes|says|said|replied|commented)\s*(?::|\.\.\.|…)\s*(?P<time>.*)$",
                   re.IGNORECASE)
# Profile and post-number lines of a forum post header ("Well-known member", "Posts: 212", "#4",
# "« Reply #1 on: October 02, 2023, 08:12:44 PM »"): they extend a header group like a timestamp.
PROFILE_LINE = re.compile(
    r"^(?:(?:new|junior|full|senior|sr\.?|hero|well-known|active|registered|valued|established|gold|platinum|"
    r"premium|supporting|elite|veteran)\s+)?member$|^(?:moderator|super moderator|global moderator|administrator|"
    r"admin|staff member|guest|newbie|op|original poster)$"
    r"|^(?:posts|messages|joined|reaction score|points|karma|location|likes|trophies)\s*:\s*\S.{0,40}$"
    r"|^#\d{1,6}$|^«\s*(?:reply\s+#\d+\s+)?on:.*»$", re.IGNORECASE)
PROFILE_LINE_WORDS = 4  # the lines of a forum profile block above a post are short...
MAX_PROFILE_LINES = 6  # ... and few


def introduces_quote(lines: list[Line], i: int, author: str, timestamp: str) -> bool:
    """"kate said:" under a post's header (or over a "> " quote below it) introduces a quote."""
    quotes_next = i + 1 < len(lines) and lines[i + 1].gap == 0 and lines[i + 1].quote
    return not timestamp and i > 0 and lines[i - 1].header and (lines[i].gap == 0 or quotes_next)


def post_subject(lines: list[Line], i: int, score: bool, profile: bool) -> None:
    """A post's subject line inside its header group, over a timestamp or profile line (a post's own score is
    no header)."""
    prev = lines[i - 1]
    k = i - 1
    if not (prev.header or score) and k >= 2 and prev.gap == 0 and lines[k - 1].header \
            and prev.words <= P.MAX_HEADER_WORDS and not prev.furniture:
        prev.header = prev.subject = True


def profile_block(lines: list[Line], i: int, score: bool, profile: bool) -> None:
    """A profile block over a post: a name, then short lines (rank, "Posts: 212", ...) down to this one."""
    if lines[i - 1].header or not profile:
        return
    top = _block_start(lines, i - 1)
    if top < i - 1 and P.NAME_ONLY.match(lines[top].text):
        for member in lines[top:i]:
            member.header = True
        lines[top].author = lines[top].text.lstrip("@")


def _block_start(lines: list[Line], i: int) -> int:
    """The first line of the run of short lines without blank lines between that ends at ``i``."""
    last = i
    while i and last - i < MAX_PROFILE_LINES and lines[i].gap == 0 and lines[i - 1].words <= PROFILE_LINE_WORDS \
            and not (lines[i - 1].terminated or lines[i - 1].header or lines[i - 1].furniture):
        i -= 1
    return i


LAYOUT = Layout(
    name="forum",
    headers=(WROTE,),
    header_hints=("wrote", "writes", "says", "said", "repl", "comment"),
    group_lines=(PROFILE_LINE,),
    header_vetoes=(introduces_quote,),
    group_rules=(post_subject, profile_block),
    mentions=(MentionForm("qf", r"^quote from:\s+(?P<qf>)", rf"{P.MENTIONED}(?= on\b|[ \t]*$)"),
              MentionForm("by", r"^(?P<by>)(?=[^\n]{1,60}\s(?:said|wrote|writes)\s*:[ \t]*$)",
                          rf"{P.MENTIONED}(?= (?:said|wrote|writes)\s*:)")),
    fixtures=("forum_wrote.txt", "xenforo_said.txt", "smf_quote_from.txt", "layout_phpbb.txt",
              "layout_forum_page.txt", "quote_replies.txt"),
)
