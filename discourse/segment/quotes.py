"""Marked quotes of a plain-text page and where they come from.

A quote line is a ``>`` line or a ``Re: <quoted text>`` line; a quote unit is a run of ``>`` lines (or one
``Re:`` line). The source of a quote line is the earlier page line that holds most of its word shingles: a
writer's own line before a line that quotes it, the latest on ties. Each source keeps the word offsets of
the matched part, so that a reply quoting one paragraph piece by piece can be told from a new post quoting
it again.

Sources are found for all quote lines at once through an inverted index of the page's shingles
(:class:`.tokens.Postings`), so the cost grows with the page, not with pairs of lines.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import patterns as P
from .lines import Line
from .tokens import CommentTokens, Postings, sort_rows, sorted_unique


def is_quote(line: Line) -> bool:
    return line.quote or line.re_header


def quoted_text(line: Line) -> str:
    """What a quote line quotes (the text after ``>`` or ``Re:``); other lines: their text."""
    if line.quote:
        return line.text.lstrip("> ").strip()
    if line.re_header:
        return line.text.split(":", 1)[1].strip()
    return line.text


@dataclass
class QuoteSources:
    """Quote lines of a page and their sources; arrays indexed by position in the page's line list."""

    quote: np.ndarray  # bool: the line is a quote line
    source: np.ndarray  # the page line a quote line quotes, else -1
    first_word: np.ndarray  # first and last matched word (shingle start) in the source line, else -1
    last_word: np.ndarray

    @classmethod
    def of(cls, lines: list[Line]) -> QuoteSources:
        n = len(lines)
        quote = np.fromiter((is_quote(line) for line in lines), bool, n)
        source = np.full(n, -1, np.int64)
        first_word, last_word = source.copy(), source.copy()
        if not quote.any():
            return cls(quote, source, first_word, last_word)
        tokens = CommentTokens([quoted_text(line) for line in lines])
        codes = tokens.shingle(tokens.word_ids(split=True), P.QUOTE_SHINGLE)
        postings = Postings(codes)
        asked = np.flatnonzero(quote)
        # every distinct shingle of every quote line, looked up among the lines before it
        own = np.isin(postings.owners, asked)
        q_lines, q_codes = postings.owners[own], postings.unique[postings.ranks[own]]
        order = np.argsort(q_codes, kind="stable")
        q_lines, q_codes = q_lines[order], q_codes[order]
        users, queries = postings.users_between(q_codes, q_lines - P.QUOTE_LINE_REACH, q_lines)
        if not len(users):
            return cls(quote, source, first_word, last_word)
        where = _positions(postings, q_codes[queries], users)
        asking = q_lines[queries]
        sizes = np.bincount(q_lines, minlength=n)  # distinct shingles of each quote line
        pairs, shared = sorted_unique(asking * n + users)
        line_of, user_of = np.divmod(pairs, n)
        enough = shared >= P.QUOTE_SHARE * sizes[line_of]
        line_of, user_of, shared = line_of[enough], user_of[enough], shared[enough]
        if not len(line_of):
            return cls(quote, source, first_word, last_word)
        # best source per quote line: most shingles shared, then a writer's own line, then the latest
        key = np.lexsort((user_of, ~quote[user_of], shared, line_of))
        last = np.r_[line_of[key][1:] != line_of[key][:-1], True]
        best_line, best_user = line_of[key][last], user_of[key][last]
        source[best_line] = best_user
        # offsets of the matched shingles in the chosen source
        chosen = source[asking] == users
        at, pos = asking[chosen], where[chosen]
        if len(at):
            at, pos = sort_rows((at, pos), (n, int(pos.max()) + 1))
            starts = np.r_[True, at[1:] != at[:-1]]
            ends = np.r_[at[1:] != at[:-1], True]
            first_word[at[starts]], last_word[at[ends]] = pos[starts], pos[ends]
        return cls(quote, source, first_word, last_word)


def _positions(postings: Postings, codes: np.ndarray, users: np.ndarray) -> np.ndarray:
    """Where each of ``users`` first uses the shingle ``codes`` (both listed pairwise, each pair a posting)."""
    ranks = np.searchsorted(postings.unique, codes)
    keys = ranks * (postings.n_comments + 1) + users
    return postings.positions[np.searchsorted(postings._keys, keys)]


def quote_units(lines: list[Line], start: int = 0) -> list[list[int]]:
    """The quote units of ``lines[start:]``, as lists of positions: runs of ``>`` lines, or one ``Re:`` line."""
    units: list[list[int]] = []
    for k in range(start, len(lines)):
        if lines[k].quote and units and units[-1][-1] == k - 1 and lines[k - 1].quote:
            units[-1].append(k)
        elif is_quote(lines[k]):
            units.append([k])
    return units


def multi_paragraph_evidence(lines: list[Line], sources: QuoteSources, start: int = 0) -> int:
    """How often the page's quotes show posts of several paragraphs: a ``>`` block quoting two consecutive
    lines, or one post answering a quote and then quoting the next lines of the same source ("point by
    point": quote, one to a few answer lines, a quote of a later line that still lies before the first quote)."""
    src = sources.source
    together = 0
    for k in range(max(start, 1), len(lines)):
        if lines[k].quote and lines[k - 1].quote and src[k] >= 0 and src[k] == src[k - 1] + 1:
            together += 1
    units = quote_units(lines, start)
    point_by_point = 0
    for a, b in zip(units, units[1:]):
        sa, sb = src[a], src[b]
        sa, sb = sa[sa >= 0], sb[sb >= 0]
        answer = b[0] - a[-1] - 1
        if len(sa) and len(sb) and 1 <= answer <= P.POINT_BY_POINT_ANSWER and sa.max() < sb.min() < a[0]:
            point_by_point += 1
    return together + point_by_point
