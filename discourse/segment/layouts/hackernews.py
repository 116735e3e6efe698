"""Hacker News and other threads that keep their nesting: "name 3 hours ago | parent | next [–]" headers, where
"| parent |" marks a reply, and indentation giving each comment's depth."""
from __future__ import annotations

import re

from .base import Layout

# Thread navigation after a header's timestamp ("| parent | next [–]", "| root | parent | prev").
HEADER_NAV = r"(?:\s*\|\s*(?:root|parent|context|prev|next|flag|favorite|hide|edit|delete|on:[^|]*))*\s*(?:\[[–+-]\])?"
NAV_PARENT = re.compile(r"\|\s*(?P<marker>parent)\s*(?=\||\[|$)", re.IGNORECASE)
MIN_INDENTED_POSTS = 2  # posts indented deeper than the first before indentation shows the reply structure


def nav_parent(posts: list, i: int, latest: dict[str, int]) -> tuple[int, str] | None:
    """A header's "| parent |" navigation marks a reply to the post above."""
    for line in posts[i].lines:
        if line.header and "|" in line.text:
            match = NAV_PARENT.search(line.text)
            if match:
                return i - 1, match["marker"]
    return None


def indent_depths(section: list, posts: list) -> bool:
    """Depths from indentation, where a dump keeps it: each deeper indent of a post's first line is a level."""
    indents = [post.lines[0].indent for post in posts if post.lines]
    if len(indents) != len(posts) or not posts or indents[0] != min(indents):
        return False
    if sum(indent > indents[0] for indent in indents) < MIN_INDENTED_POSTS:
        return False
    level = {indent: n for n, indent in enumerate(sorted(set(indents)), start=1)}
    for post, indent in zip(posts, indents):
        post.depth, post.marker = level[indent], f"indented {indent}"
    return True


LAYOUT = Layout(
    name="hackernews",
    time_suffix=HEADER_NAV,
    header_hints=("ago",),
    depth_rules=(indent_depths,),
    parent_rules=(nav_parent,),
    fixtures=("hacker_news.txt", "layout_indented_replies.txt"),
)
