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
from .tokens import CommentTokens, Postings, Ragged, _with_rows, group_starts, sorted_unique, split_hyphens


def is_quote(line: Line) -> bool:
    return line.quote or line.re_header


def quoted_text(line: Line) -> str:
    """What a quote line quotes (the text after ``>`` or ``Re:``); other lines: their text."""
    if line.quote:
        return line.text.lstrip("> ").strip()
    if line.re_header:
        return line.text.split(":", 1)[1].strip()
    return line.text


@dataclass(eq=False)
class QuoteSources:
    """Quote lines of a page and their sources; arrays indexed by position in the page's line list."""

    quote: np.ndarray  # bool: the line is a quote line
    source: np.ndarray  # the page line a quote line quotes, else -1
    codes: Ragged | None = None  # the shingle codes of the lines (what a quote line quotes)
    _span: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def first_word(self) -> np.ndarray:
        """First matched word (shingle start) of each quote line in its source line, else -1."""
        return self._spans()[0]

    @property
    def last_word(self) -> np.ndarray:
        """Last matched word (shingle start) of each quote line in its source line, else -1."""
        return self._spans()[1]

    def _spans(self) -> tuple[np.ndarray, np.ndarray]:
        if self._span is None:
            first, last = np.full(len(self.source), -1, np.int64), np.full(len(self.source), -1, np.int64)
            found = np.flatnonzero(self.source >= 0)
            if len(found):
                first[found], last[found] = _matched_span(self.codes, found, self.source[found])
            self._span = first, last
        return self._span

    def spans_at(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(first_word, last_word) of the quote lines at positions ``at`` only (-1 where a line has no source)."""
        if self._span is not None:
            return self._span[0][at], self._span[1][at]
        first, last = np.full(len(at), -1, np.int64), np.full(len(at), -1, np.int64)
        found = np.flatnonzero(self.source[at] >= 0)
        if len(found):
            first[found], last[found] = _matched_span(self.codes, at[found], self.source[at[found]])
        return first, last

    @classmethod
    def of(cls, lines: list[Line], tokens: CommentTokens | None = None) -> QuoteSources:
        """The sources of the quote lines; ``tokens`` are those of the lines' texts (made here if not given)."""
        n = len(lines)
        quote = np.fromiter((is_quote(line) for line in lines), bool, n)
        source = np.full(n, -1, np.int64)
        if not quote.any():
            return cls(quote, source)
        tokens = tokens or CommentTokens([line.text for line in lines])
        words = tokens.word_ids(split=True)
        subjects = [k for k, line in enumerate(lines) if line.re_header and not line.quote]
        if subjects:  # a "Re:" line quotes what follows "Re:"
            words = _with_rows(words, [np.array(subjects, np.int64)],
                               [tokens.encode([split_hyphens(quoted_text(lines[k])) for k in subjects])])
        codes = tokens.shingle(words, P.QUOTE_SHINGLE)
        _short_sources(lines, quote, codes, source)
        asked = np.flatnonzero(quote)
        # Each quote line is looked up by a sample of its shingles (those of smallest hash, the same for the
        # same shingle on every line): its source holds most of them, and only they are indexed.
        sample = _sample(codes.take(asked), P.QUOTE_SAMPLE)
        q_lines, q_codes = asked[sample.owners()], sample.values
        wanted = np.unique(q_codes)
        postings = Postings(codes, keep=_members(codes.values, wanted))
        order = np.argsort(q_codes, kind="stable")
        q_lines, q_codes = q_lines[order], q_codes[order]
        users, queries = postings.users_between(q_codes, q_lines - P.QUOTE_LINE_REACH, q_lines)
        if not len(users):
            return cls(quote, source, codes)
        asking = q_lines[queries]
        sizes = np.bincount(q_lines, minlength=n)  # sampled shingles of each quote line
        pairs, shared = sorted_unique(asking * n + users)
        line_of, user_of = np.divmod(pairs, n)
        enough = shared >= P.QUOTE_SHARE * sizes[line_of]
        line_of, user_of, shared = line_of[enough], user_of[enough], shared[enough]
        if not len(line_of):
            return cls(quote, source, codes)
        # best source per quote line: most shingles shared, then a writer's own line, then the latest
        key = np.lexsort((user_of, ~quote[user_of], shared, line_of))
        last = np.r_[line_of[key][1:] != line_of[key][:-1], True]
        best_line, best_user = line_of[key][last], user_of[key][last]
        source[best_line] = best_user
        return cls(quote, source, codes)


def _short_sources(lines: list[Line], quote: np.ndarray, codes: Ragged, source: np.ndarray) -> None:
    """Sources of quote lines too short to have a shingle ("> Steeeeve:", "> Hyperbole"): the latest earlier line
    of the writers' own that holds the quoted words."""
    short = np.flatnonzero(quote & (codes.lengths() == 0))
    for k in short.tolist():
        wanted = quoted_text(lines[k]).lower()
        if len(wanted) < P.MIN_SHORT_QUOTE_CHARS:
            continue
        for j in range(k - 1, max(k - P.QUOTE_LINE_REACH, 0) - 1, -1):
            if not quote[j] and wanted in lines[j].text.lower():
                source[k] = j
                break


_HASH = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: a fixed odd multiplier


def _hashes(codes: np.ndarray) -> np.ndarray:
    return codes.astype(np.uint64) * _HASH  # wraps around: a permutation of the codes


def _sample(rows: Ragged, size: int) -> Ragged:
    """Each row's ``size`` distinct values of smallest hash (all of them, if it has fewer)."""
    owners = rows.owners()
    order = np.lexsort((_hashes(rows.values), owners))
    owners, values = owners[order], rows.values[order]
    distinct = group_starts(owners, values)
    owners, values = owners[distinct], values[distinct]
    rank = np.arange(len(owners)) - np.searchsorted(owners, owners)
    kept = rank < size
    return Ragged.from_lengths(values[kept], np.bincount(owners[kept], minlength=len(rows)).astype(np.int64))


def _members(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """A mask over ``values`` that holds every value in ``wanted`` (and, rarely, a value that shares a hash
    bucket with one: harmless where only ``wanted`` is looked up)."""
    bits = 24
    table = np.zeros(1 << bits, bool)
    table[(_hashes(wanted) >> np.uint64(64 - bits)).astype(np.int64)] = True
    return table[(_hashes(values) >> np.uint64(64 - bits)).astype(np.int64)]


def _matched_span(codes: Ragged, quoting: np.ndarray, quoted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last word (shingle start) of each quoted line's shingles that its quoting line has too."""
    m = len(quoting)
    theirs, mine = codes.take(quoted), codes.take(quoting)
    pair = np.concatenate((theirs.owners(), mine.owners()))
    code = np.concatenate((theirs.values, mine.values))
    side = np.concatenate((np.zeros(len(theirs.values), np.int8), np.ones(len(mine.values), np.int8)))
    position = np.concatenate((np.arange(len(theirs.values)) - theirs.bounds[theirs.owners()],
                               np.full(len(mine.values), -1)))
    order = np.lexsort((side, code, pair))
    pair, code, side, position = pair[order], code[order], side[order], position[order]
    starts = group_starts(pair, code)
    opens = np.zeros(len(pair), bool)
    opens[starts] = True
    quoted_too = np.maximum.reduceat(side, starts)[np.cumsum(opens) - 1] == 1
    hit = (side == 0) & quoted_too
    first = np.full(m, -1, np.int64)
    last = np.full(m, -1, np.int64)
    if hit.any():
        pair, position = pair[hit], position[hit]  # by pair: the sort's first key
        at = group_starts(pair)
        first[pair[at]] = np.minimum.reduceat(position, at)
        last[pair[at]] = np.maximum.reduceat(position, at)
    return first, last


def quote_units(lines: list[Line], start: int = 0) -> list[list[int]]:
    """The quote units of ``lines[start:]``, as lists of positions: runs of ``>`` lines, or one ``Re:`` line."""
    first, last = unit_bounds(lines, start)
    return [list(range(a, b + 1)) for a, b in zip(first.tolist(), last.tolist())]


def multi_paragraph_evidence(lines: list[Line], sources: QuoteSources, start: int = 0) -> int:
    """How often the page's quotes show posts of several paragraphs: a ``>`` block quoting two consecutive
    lines, or one post answering a quote and then quoting the next lines of the same source ("point by
    point": quote, one to a few answer lines, a quote of a later line that still lies before the first quote)."""
    src = sources.source[start:]
    quote = np.fromiter((line.quote for line in lines[start:]), bool, len(src))
    pairs = np.flatnonzero(quote[1:] & quote[:-1] & (src[1:] >= 0)) + 1
    together = int((src[pairs] == src[pairs - 1] + 1).sum())
    first, last = unit_bounds(lines, start)
    if len(first) < 2:
        return together
    # each unit's lowest and highest source (-1 where none of its lines has one)
    found = np.where(src >= 0, src, np.iinfo(np.int64).max)
    low = np.minimum.reduceat(found, first - start)
    high = np.maximum.reduceat(src, first - start)
    answer = first[1:] - last[:-1] - 1
    point_by_point = ((answer >= 1) & (answer <= P.POINT_BY_POINT_ANSWER) & (high[:-1] >= 0) & (high[1:] >= 0)
                      & (high[:-1] < low[1:]) & (low[1:] < first[:-1]))
    return together + int(point_by_point.sum())


def unit_bounds(lines: list[Line], start: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last line (positions) of the quote units of ``lines[start:]``, and only those lines: the
    reduceat windows below run from one unit's first line to the next unit's."""
    n = len(lines) - start
    quote = np.fromiter((line.quote for line in lines[start:]), bool, n)
    subject = np.fromiter((line.re_header and not line.quote for line in lines[start:]), bool, n)
    first = np.flatnonzero(subject | quote & ~np.r_[False, quote[:-1]])
    run_ends = np.flatnonzero(quote & ~np.r_[quote[1:], False])
    last = np.where(subject[first], first, run_ends[np.minimum(np.searchsorted(run_ends, first), len(run_ends) - 1)]
                    if len(run_ends) else first)
    return first + start, last + start
