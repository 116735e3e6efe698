"""Plain-text pages: line roles, the article/comment boundary and single comments.

The page is read line by line (:mod:`.roles`), the comment section starts at the best
change point from article prose to reader register (:mod:`.boundary`), and the section
is cut into comments by layout and continuation cues (:mod:`.split`).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator, NamedTuple

import numpy as np
import pandas as pd

import bisect

from . import patterns as P
from .boundary import comment_start
from .decode import PostDecoder
from .flat import ThreadDump, thread_dump, thread_title
from .layouts import BYLINES, in_tree_order
from .quotes import QuoteSources, is_quote, quoted_text
from .tokens import CommentTokens
from .lines import Line, read_lines
from .posts import Post
from .roles import article_roles
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


class PageSegments(NamedTuple):
    lines: pd.DataFrame  # line, role, text
    comments: pd.DataFrame  # COMMENT_FRAME_COLUMNS
    title: str
    starter: str  # the author the article names (byline, "Posted by ..."), else ""
    thread: bool  # the comments are in thread order (a thread pasted without author lines, its first post the
    # article, or a layout that lists each reply under its parent): one that no cue links answers the one above
    tokens: CommentTokens | None  # the comments' tokens, where the page's lines were tokenized already


def segment_lines(lines: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Return (lines frame, comments frame, title) for a page given as its lines."""
    return segment_text(lines)[:3]


def segment_text(lines: list[str]) -> PageSegments:
    """The lines frame, comments frame, title and article author of a page given as its lines."""
    with gc_paused():
        page = read_lines(lines)
        tokens = CommentTokens([line.text for line in page]) if any(map(is_quote, page)) else None
        dump = thread_dump(page, QuoteSources.of(page, tokens) if tokens is not None else None)
        thread = dump is not None
        if dump is not None:
            posts, title = _thread_posts(page, dump)
        else:
            start = comment_start(page)
            end = len(page) if start is None else start
            title = article_roles(page, end)
            if end <= 1 and _subject_line(page):  # "Re: <thread subject>" above the first post
                page[0].role, title, end = "title", page[0].text, 1
            posts = split_comments(page[end:], before=page[end - 1] if 0 < end <= len(page) else None)
            if end <= 1 and len(posts) > 1 and _thread_title(page):
                posts, title = _opening_post(page, posts)
                thread = True
    # a tree flattened depth first without stated depths: a comment no cue links answers the one above it
    thread = thread or (in_tree_order(page) and all(post.depth is None for post in posts))
    texts = ["\n".join([line.text[line.author_end:] for line in post.lines if line.subject or not line.header])
             for post in posts]
    comments = {
        "id": [f"c{n}" for n in range(len(posts))],
        "position": list(range(len(posts))),
        "start_line": [post.lines[0].index for post in posts],
        "end_line": [post.lines[-1].index for post in posts],
        "text": texts,
        "author": [post.author for post in posts],
        "timestamp": [post.timestamp for post in posts],
        # the parent a structure marker states ("level 2", "| parent |"); others are left to link_replies
        "reply_to": ["" if post.parent is None else f"c{post.parent}" for post in posts],
        "reply_cue": ["" if post.parent is None else post.cue for post in posts],
        "reply_evidence": ["" if post.parent is None else post.marker for post in posts],
    }
    frame = pd.DataFrame({"line": [line.index for line in page], "role": [line.role for line in page],
                          "text": [line.text for line in page]})
    return PageSegments(frame, pd.DataFrame(comments, columns=COMMENT_FRAME_COLUMNS), title, _starter(page), thread,
                        _comment_tokens(page, posts, texts, tokens))


def _comment_tokens(page: list[Line], posts: list[Post], texts: list[str],
                    tokens: CommentTokens | None) -> CommentTokens | None:
    """The comments' tokens gathered from those of their lines, if the lines were tokenized."""
    if tokens is None:
        return None
    numbers = np.fromiter((line.index for line in page), np.int64, len(page))  # ascending
    taken = [line.index for post in posts for line in post.lines if line.subject or not line.header]
    counts = np.fromiter((sum(1 for line in post.lines if line.subject or not line.header) for post in posts),
                         np.int64, len(posts))
    own = {int(np.searchsorted(numbers, line.index)): line.text[line.author_end:] for post in posts
           for line in post.lines if line.author_end and (line.subject or not line.header)}
    return tokens.gathered(texts, np.searchsorted(numbers, np.array(taken, np.int64)), counts, own)


def _starter(page: list[Line]) -> str:
    """The author the article part names: an author header or a "submitted ... by X" line above the comments."""
    for line in page:
        if line.role == "comment":
            break
        if line.header and line.author:
            return line.author
        if line.words <= P.MAX_HEADER_WORDS:
            match = next((m for m in (pattern.match(line.text) for pattern in BYLINES) if m), None)
            if match:
                return match["author"]
    return ""


def _thread_title(page: list[Line]) -> bool:
    """A page read as reader lines from its first line on, with no author headers, that opens with a title
    over a paragraph that answers nobody (no quote, no "X wrote:"): a thread pasted without author lines, its
    first post the opening one."""
    first = page[1]
    answers = is_quote(first) or first.colon_end and bool(P.QUOTE_ATTRIBUTION.search(first.text))
    return not any(line.header for line in page) and thread_title(page[0]) and not answers


def _opening_post(page: list[Line], posts: list[Post]) -> tuple[list[Post], str]:
    """The first line as the title and the first post below it as the article (the thread's opening post); the
    other posts, their stated parents renumbered."""
    page[0].role = "title"
    shift = 1  # posts before the first comment
    if posts[0].lines[0] is page[0]:  # the title was cut as (the first line of) the first post
        posts[0].lines = posts[0].lines[1:]
        if not posts[0].lines:
            posts, shift = posts[1:], 2
    if not posts:
        return posts, page[0].text
    for line in posts[0].lines:
        line.role = "body"
    rest = posts[1:]
    for post in rest:
        post.parent = post.parent - shift if post.parent is not None and post.parent >= shift else None
    return rest, page[0].text


def _thread_posts(page: list[Line], dump: ThreadDump) -> tuple[list[Post], str]:
    """The posts of a flat thread dump (its opening post is the article) and its title; each post that opens
    by quoting an earlier post answers it."""
    starts = PostDecoder().decode(page, dump.start, dump.sources, dump.change_point)
    end = starts[1] if len(starts) > 1 else len(page)
    for line in page[:end]:  # the opening post is one post: all of it is the article
        line.role = "body"
    title = ""
    if dump.start:
        page[0].role, title = "title", page[0].text
    posts = split_comments(page[end:], before=page[end - 1], starts={page[k].index for k in starts[1:]})
    _link_quoted(page, posts, end, dump)
    return posts, title


def _link_quoted(page: list[Line], posts: list[Post], end: int, dump: ThreadDump) -> None:
    """A post whose first sourced quote quotes an earlier post answers that post (one quoting the article
    answers none)."""
    position = {line.index: k for k, line in enumerate(page)}
    firsts = [position[post.lines[0].index] for post in posts]
    source = dump.sources.source
    for n, post in enumerate(posts):
        quoted = next((k for k in (position[line.index] for line in post.lines) if source[k] >= 0), None)
        if quoted is None or source[quoted] < end:
            continue
        parent = bisect.bisect_right(firsts, int(source[quoted])) - 1
        if 0 <= parent < n:
            post.parent, post.cue, post.marker = parent, "quote", quoted_text(page[quoted])
