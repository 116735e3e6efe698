"""Reddit, old and new, as pasted from the page.

* Old: a header per comment, "[–] name [S] 12 points 3 hours ago" ("[deleted]" for a deleted account), the
  submission's "submitted 5 hours ago by name", and a footer "permalink save parent report reply" whose
  "parent" marks a reply.
* New: a name line over an age line ("6 yr. ago", :mod:`.social` reads those as a header group), "level N"
  lines stating a comment's depth, and the submission's byline "Posted by u/name 2 years ago" (no header).
"""
from __future__ import annotations

import re

from .. import patterns as P
from ..lines import Line
from .base import Layout

OLD_HEADER = re.compile(rf"^(?:\[[–+-]\]\s*)(?:{P.AUTHOR}|(?P<gone>\[deleted\]))(?:\s+\[[A-Z]\])?(?:{P.PLACES})?"
                        rf"(?:{P.SEP}|\s+){P.TIME_AFTER_NAME}", re.IGNORECASE)
DELETED_HEADER = re.compile(rf"^(?P<gone>\[deleted\])(?:\s+\[[A-Z]\])?(?:{P.PLACES})?(?:{P.SEP}|\s+){P.TIME_AFTER_NAME}",
                            re.IGNORECASE)
SUBMITTED = re.compile(rf"^(?:submitted|posted)\s+(?P<time>(?:{P.AGO}|{P.DATE}|{P.TIME_WORDS}))\s+by\s+{P.AUTHOR}\s*$",
                       re.IGNORECASE)
# The submitter named above the thread ("submitted 1 year ago by Hunter_935 to r/AskReddit", "Posted by u/x 2 years ago").
STARTER_LINE = re.compile(r"^(?:submitted|posted|started)\b.{0,40}?\bby\s+(?:u/|@)?(?P<author>[\w.-]{2,30})", re.IGNORECASE)
# Depth lines ("level 2": the comment below answers the nearest earlier comment at level 1).
POSTED_BY_USER = re.compile(r"^posted by u/[\w-]{2,30}\b", re.IGNORECASE)  # new Reddit's submission line
LEVEL_LINE = re.compile(r"^level\s+(?P<depth>\d{1,2})$", re.IGNORECASE)
FOOTER_PARENT = re.compile(r"(?:^|\s)(?P<marker>parent)(?=\s|$)", re.IGNORECASE)  # "permalink save parent reply"


def submission_byline(lines: list[Line], i: int, author: str, timestamp: str) -> bool:
    """"Posted by u/name 2 years ago" is the submission's byline (meta of the article), never a comment's header."""
    return author.startswith("u/") and lines[i].text[:9].lower() == "posted by"


def _level_line(line: Line) -> bool:
    """Could ``line`` be a "level N" structure line (not part of a comment)?"""
    return line.role != "comment" and line.text[:5].lower() == "level"


def level_depths(section: list[Line], posts: list) -> bool:
    """Give each post the depth of the last "level N" line between the previous post and its first line;
    where a dump states levels, a post without one is top-level (level 1)."""
    if not any(map(_level_line, section)):
        return False
    firsts = {post.lines[0].index: post for post in posts if post.lines}
    pending: tuple[int, str] | None = None
    for line in section:
        post = firsts.get(line.index)
        if post is not None and post.lines[0] is line:
            post.depth, post.marker = pending if pending is not None else (1, "")
            pending = None
        elif _level_line(line):
            match = LEVEL_LINE.match(line.text)
            if match:
                pending = int(match["depth"]), line.text
    return True


def footer_parent(posts: list, i: int, latest: dict[str, int]) -> tuple[int, str] | None:
    """A footer with "parent" ("permalink save parent report reply") marks a reply to the post above."""
    footer = posts[i].footer
    match = FOOTER_PARENT.search(footer.text) if footer is not None else None
    return (i - 1, match["marker"]) if match else None


LAYOUT = Layout(
    name="reddit",
    headers=(OLD_HEADER, DELETED_HEADER, SUBMITTED),
    header_hints=("ago", "submitted", "posted", "yesterday", "today", "just now", "last "),
    header_vetoes=(submission_byline,),
    depth_rules=(level_depths,),
    parent_rules=(footer_parent,),
    bylines=(STARTER_LINE,),
    tree_order=(OLD_HEADER, POSTED_BY_USER),  # Reddit lists each reply right under its parent
    fixtures=("reddit_levels.txt", "reddit_points.txt", "layout_deleted_handle.txt"),
)
