"""The article: trafilatura's text, mapped back onto the page's rendered segments.

trafilatura returns text, not elements, so each rendered segment is located in that text by
its tokens (lower-cased ``\\w+``, as the bag-of-words evaluations count them):

1. anchors: segments of at least ``ANCHOR_MIN_TOKENS`` tokens found verbatim in trafilatura's
   tokens; of all placements, the chain in page order and text order with the most tokens
   wins (a weighted longest increasing subsequence, O(k log n)), so a repeated paragraph (a
   teaser of the article in a sidebar) is taken where the rest of the article is;
2. the other segments count where their tokens lie in the text between two anchors (short
   lines, a paragraph trafilatura kept in part). Before the first and after the last anchor
   the search walks outward and stops after a few misses.
"""
from __future__ import annotations

import bisect
import copy
import logging
from collections import Counter

import lxml.etree

from . import rules
from .dom import Element, Segment, tokens

log = logging.getLogger(__name__)


def trafilatura_text(root: Element) -> str | None:
    """trafilatura's article text of the page (comments excluded), or None when it cannot say."""
    import trafilatura

    if sum(1 for _ in root.iter()) > rules.MAX_TRAFILATURA_ELEMENTS:
        return None
    page = copy.deepcopy(root)
    # As trafilatura's own parser does: without HTML comments (<p>E<!-- x -->arlier</p> loses "arlier" otherwise).
    lxml.etree.strip_tags(page, lxml.etree.Comment, lxml.etree.ProcessingInstruction)
    try:
        return trafilatura.extract(page, include_comments=False, include_tables=True, deduplicate=False) or None
    except Exception as exc:  # noqa: BLE001 - trafilatura is best effort; the fallback still classifies the page
        log.debug("trafilatura failed: %s", exc)
        return None


class _MaxPrefix:
    """Fenwick tree: max of (score, segment index, candidate) over positions <= p."""

    def __init__(self, size: int) -> None:
        self.size = size + 1
        self.tree: list[tuple] = [(0, -1, -1)] * (self.size + 1)

    def update(self, pos: int, value: tuple) -> None:
        i = pos + 1
        while i <= self.size:
            if value > self.tree[i]:
                self.tree[i] = value
            i += i & -i

    def query(self, pos: int) -> tuple:
        best, i = (0, -1, -1), pos + 1
        while i > 0:
            if self.tree[i] > best:
                best = self.tree[i]
            i -= i & -i
        return best


def _occurrences(seg: list[str], text: list[str], index: dict[tuple, list[int]]) -> list[int]:
    k = rules.ANCHOR_MIN_TOKENS
    found = []
    for p in index.get(tuple(seg[:k]), ()):
        if text[p:p + len(seg)] == seg:
            found.append(p)
            if len(found) >= rules.MAX_OCCURRENCES:
                break
    return found


def _anchors(seg_tokens: list[list[str]], text: list[str]) -> dict[int, tuple[int, int]]:
    """Segment index -> (start, end) in text for the best chain of verbatim placements."""
    k = rules.ANCHOR_MIN_TOKENS
    index: dict[tuple, list[int]] = {}
    for p in range(len(text) - k + 1):
        index.setdefault(tuple(text[p:p + k]), []).append(p)
    fenwick = _MaxPrefix(len(text))
    cands: list[tuple[int, int, int, int]] = []  # (segment, start, end, previous candidate)
    for i, seg in enumerate(seg_tokens):
        if len(seg) < k:
            continue
        scored = []
        for p in _occurrences(seg, text, index):
            score, _, prev = fenwick.query(p)  # chains ending at or before p
            scored.append((score + len(seg), p, prev))
        for score, p, prev in scored:
            cands.append((i, p, p + len(seg), prev))
            fenwick.update(p + len(seg), (score, i, len(cands) - 1))
    best = fenwick.query(len(text))
    chain: dict[int, tuple[int, int]] = {}
    c = best[2]
    while c >= 0:
        i, start, end, prev = cands[c]
        chain[i] = (start, end)
        c = prev
    return chain


def _find_in(seg: list[str], text: list[str], where: dict[str, list[int]], lo: int, hi: int) -> int:
    """First start >= lo of seg in text[lo:hi] (verbatim), or -1."""
    starts = where.get(seg[0], ())
    for j in range(bisect.bisect_left(starts, lo), len(starts)):
        p = starts[j]
        if p + len(seg) > hi:
            break
        if text[p:p + len(seg)] == seg:
            return p
    return -1


def _rfind_in(seg: list[str], text: list[str], where: dict[str, list[int]], lo: int, hi: int) -> int:
    """Last start of seg in text[lo:hi] (verbatim), or -1."""
    starts = where.get(seg[0], ())
    for j in range(bisect.bisect_right(starts, hi - len(seg)) - 1, -1, -1):
        p = starts[j]
        if p < lo:
            break
        if text[p:p + len(seg)] == seg:
            return p
    return -1


def _partly_in(seg: list[str], have: Counter) -> bool:
    if len(seg) < 2 or not have:
        return False
    shared = sum((Counter(seg) & have).values())
    return shared >= rules.PARTIAL_MATCH_SHARE * len(seg)


def align(segments: list[Segment], text: str) -> list[bool]:
    """For each segment: is it part of trafilatura's article text?"""
    text_tokens = tokens(text)
    seg_tokens = [[] if s.hidden else tokens(s.text) for s in segments]
    is_article = [False] * len(segments)
    chain = _anchors(seg_tokens, text_tokens)
    if not chain:
        return is_article
    where: dict[str, list[int]] = {}
    for p, tok in enumerate(text_tokens):
        where.setdefault(tok, []).append(p)
    order = sorted(chain)
    for i in order:
        is_article[i] = True
    # Gaps between anchors: left to right, each match moving the cursor.
    for a, b in zip(order, order[1:]):
        cursor, hi = chain[a][1], chain[b][0]
        if b == a + 1 or hi <= cursor:
            continue
        gap = Counter(text_tokens[cursor:hi])
        for i in range(a + 1, b):
            seg = seg_tokens[i]
            if not seg:
                continue
            p = _find_in(seg, text_tokens, where, cursor, hi)
            if p >= 0:
                is_article[i], cursor = True, p + len(seg)
            elif _partly_in(seg, gap):
                is_article[i] = True
    # Before the first anchor (walking back) and after the last (walking on).
    first, last = order[0], order[-1]
    _edge(range(first - 1, -1, -1), seg_tokens, text_tokens, where, 0, chain[first][0], is_article, backwards=True)
    _edge(range(last + 1, len(segments)), seg_tokens, text_tokens, where, chain[last][1], len(text_tokens),
          is_article, backwards=False)
    return is_article


def _edge(indices: range, seg_tokens: list[list[str]], text: list[str], where: dict[str, list[int]], lo: int, hi: int,
          is_article: list[bool], backwards: bool) -> None:
    misses = 0
    for i in indices:
        if hi <= lo or misses >= rules.EDGE_MISSES:
            return
        seg = seg_tokens[i]
        if not seg:
            continue
        if backwards:
            p = _rfind_in(seg, text, where, lo, hi)
            if p >= 0:
                is_article[i], hi, misses = True, p, 0
                continue
        else:
            p = _find_in(seg, text, where, lo, hi)
            if p >= 0:
                is_article[i], lo, misses = True, p + len(seg), 0
                continue
        misses += 1


