"""Exact and near-duplicate comments (reposts).

Near duplicates are found with prefix filtering: each comment's shingles are ordered
rarest first, and two comments can only reach Jaccard >= t if the first
``n - ceil(t * n) + 1`` shingles of both share one. Only those prefixes are indexed,
so the search never compares all pairs. Shingles used by more than
``REPOST_MAX_POSTINGS`` comments are common wording and are neither indexed nor looked
up, so no candidate list grows with the thread.
"""
from __future__ import annotations

import math
from collections import defaultdict

import pandas as pd

from . import patterns as P
from .text import gc_paused
from .tokens import CommentTokens, document_frequency

Shingle = int  # a shingle code (see .tokens)


def find_reposts(comments: pd.DataFrame, threshold: float = 0.8, tokens: CommentTokens | None = None) -> pd.DataFrame:
    """Fill duplicate_of (id of the earlier comment, or "") and duplicate_similarity (Jaccard, 1.0 = exact).

    ``tokens`` (of the same texts) is reused when given, e.g. shared with :func:`.replies.link_replies`.
    """
    out = comments.copy()
    ids = out["id"].astype(str).tolist()
    if tokens is None:
        tokens = CommentTokens(out["text"].fillna("").astype(str).tolist())
    with gc_paused():
        dup_of, similarity = _reposts(tokens, threshold)
    out["duplicate_of"] = [ids[j] if j >= 0 else "" for j in dup_of]
    out["duplicate_similarity"] = similarity
    return out


def _reposts(tokens: CommentTokens, threshold: float) -> tuple[list[int], list[float]]:
    """For each comment: the earlier comment it reposts (-1 if none) and their Jaccard similarity."""
    sets = tokens.grams(P.REPOST_SHINGLE)
    frequency = document_frequency(sets)
    # one global order, rarest first; common shingles are left out of the prefixes
    rank = {sh: r for r, sh in enumerate(sorted(frequency, key=frequency.__getitem__))}
    rare = {sh for sh, count in frequency.items() if count <= P.REPOST_MAX_POSTINGS}
    first_exact: dict[tuple[str, ...], int] = {}
    index: dict[Shingle, list[int]] = defaultdict(list)  # prefix shingle -> comments
    dup_of, similarity = [-1] * len(sets), [0.0] * len(sets)
    for i, (words, s) in enumerate(zip(tokens.words, sets)):
        if len(words) < P.MIN_REPOST_WORDS:
            continue
        key = tuple(words)
        if key in first_exact:
            dup_of[i], similarity[i] = first_exact[key], 1.0
            continue
        first_exact[key] = i
        size = len(s)
        prefix = sorted(s & rare, key=rank.__getitem__)[:size - math.ceil(threshold * size) + 1]
        best, score = _best_match(s, prefix, index, sets, threshold)
        if score >= threshold:
            dup_of[i], similarity[i] = best, round(score, 3)
        for sh in prefix:
            index[sh].append(i)
    return dup_of, similarity


def _best_match(s: frozenset[Shingle], prefix: list[Shingle], index: dict[Shingle, list[int]],
                sets: list[frozenset[Shingle]], threshold: float) -> tuple[int, float]:
    """The earliest indexed comment with the highest Jaccard similarity to ``s``, and that similarity."""
    best, score = -1, 0.0
    low, high = threshold * len(s), len(s) / threshold  # the size filter
    for j in sorted({j for sh in prefix for j in index.get(sh, ())}):
        other = sets[j]
        if low <= len(other) <= high:
            shared = len(s & other)
            jaccard = shared / (len(s) + len(other) - shared)
            if jaccard > score:
                best, score = j, jaccard
    return best, score
