"""Plain-text pages: line roles, the article/comment boundary and single comments.

The page is read line by line (:mod:`.roles`), the comment section starts at the best
change point from article prose to reader register (:mod:`.boundary`), and the section
is cut into comments by layout and continuation cues (:mod:`.split`).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

import pandas as pd

from .boundary import comment_start
from .roles import Line, article_roles, read_lines
from .split import split_comments

COMMENT_FRAME_COLUMNS = ["id", "position", "start_line", "end_line", "text", "author", "timestamp",
                         "reply_to", "reply_cue", "reply_evidence"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: big pages and indexes make many small objects and no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _subject_line(page: list[Line]) -> bool:
    """A "Re:" line opening a page, before any post header, directly followed by an author header."""
    return len(page) > 1 and page[0].re_header and not page[0].header and page[1].header and bool(page[1].author)


def segment_lines(lines: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Return (lines frame, comments frame, title) for a page given as its lines."""
    with gc_paused():
        page = read_lines(lines)
        start = comment_start(page)
        end = len(page) if start is None else start
        title = article_roles(page, end)
        if end <= 1 and _subject_line(page):  # "Re: <thread subject>" above the first post
            page[0].role, title, end = "title", page[0].text, 1
        posts = split_comments(page[end:], before=page[end - 1] if 0 < end <= len(page) else None)
    comments = {
        "id": [f"c{n}" for n in range(len(posts))],
        "position": list(range(len(posts))),
        "start_line": [post.lines[0].index for post in posts],
        "end_line": [post.lines[-1].index for post in posts],
        "text": ["\n".join([line.text[line.author_end:] for line in post.lines if line.subject or not line.header])
                 for post in posts],
        "author": [post.author for post in posts],
        "timestamp": [post.timestamp for post in posts],
        # the parent a structure marker states ("level 2", "| parent |"); others are left to link_replies
        "reply_to": ["" if post.parent is None else f"c{post.parent}" for post in posts],
        "reply_cue": ["" if post.parent is None else "parent" for post in posts],
        "reply_evidence": ["" if post.parent is None else post.marker for post in posts],
    }
    frame = pd.DataFrame({"line": [line.index for line in page], "role": [line.role for line in page],
                          "text": [line.text for line in page]})
    return frame, pd.DataFrame(comments, columns=COMMENT_FRAME_COLUMNS), title
