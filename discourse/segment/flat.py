"""Flat thread dumps: pages that are one thread of posts, one paragraph a line, with no author lines.

A page is read as a thread dump when its quotes show posts of several paragraphs (a ``>`` block quoting two
consecutive lines, or a post answering an earlier one point by point), for a good share of its quotes (a few
such pairs turn up by chance among many one-line comments), and no author headers or per-post action lines
delimit its posts. Its first line is the thread's title when it is short; the opening post below it is
the article, and the :class:`~.decode.PostDecoder` finds where each post, the opening one's end included,
starts.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import patterns as P
from .boundary import comment_start
from .quotes import QuoteSources, is_quote, multi_paragraph_evidence, unit_bounds
from .lines import Line


@dataclass
class ThreadDump:
    start: int  # position of the opening post's first line (after the title)
    sources: QuoteSources
    change_point: int | None  # where the register changes from article to comments (boundary.comment_start)


def thread_dump(lines: list[Line], sources: QuoteSources | None) -> ThreadDump | None:
    """The thread-dump reading of a page (``sources``: of its quote lines, None if it has none), or None if the
    page does not read as one."""
    if not lines or sources is None:
        return None
    if _post_markers(lines) >= P.MIN_STRUCTURE_MARKERS:
        return None  # author headers or action lines delimit the posts
    evidence = multi_paragraph_evidence(lines, sources)
    if evidence < P.MIN_MULTI_PARAGRAPH_EVIDENCE or evidence < P.MIN_MULTI_PARAGRAPH_SHARE * len(unit_bounds(lines, 0)[0]):
        return None
    start = 1 if len(lines) > 1 and thread_title(lines[0]) else 0
    change = comment_start(lines)
    return ThreadDump(start, sources, change if change is not None and change > start else None)


def _post_markers(lines: list[Line]) -> int:
    """Action lines and author headers that open posts: not sign-offs ("-Wez") nor a quote's attribution
    ("tlj13 said:" over a ``>`` line)."""
    count = 0
    for k, line in enumerate(lines):
        if line.action:
            count += 1
        elif line.header and line.author and line.text[0] not in P.DASH_STARTS \
                and not (k + 1 < len(lines) and is_quote(lines[k + 1])):
            count += 1
    return count


def thread_title(line: Line) -> bool:
    """A thread's title: a short first line that is no quote, link or list item."""
    return line.words <= P.THREAD_TITLE_WORDS and not (is_quote(line) or line.url_only or line.list_item)
