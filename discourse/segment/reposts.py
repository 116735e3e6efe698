"""Exact and near-duplicate comments (reposts).

Near duplicates are found with prefix filtering: each comment's shingles are ordered
rarest first, and two comments can only reach Jaccard >= t if the first
``n - ceil(t * n) + 1`` shingles of both share one. Only those prefixes are indexed,
so the search never compares all pairs.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import pandas as pd

from ..text import shingles, tokenize
from . import patterns as P
from .text import gc_paused


def find_reposts(comments: pd.DataFrame, threshold: float = 0.8) -> pd.DataFrame:
    """Fill duplicate_of (id of the earlier comment, or "") and duplicate_similarity (Jaccard, 1.0 = exact)."""
    out = comments.copy()
    ids = out["id"].astype(str).tolist()
    with gc_paused():
        dup_of, similarity = _reposts(out["text"].fillna("").astype(str).tolist(), threshold)
    out["duplicate_of"] = [ids[j] if j >= 0 else "" for j in dup_of]
    out["duplicate_similarity"] = similarity
    return out


def _reposts(texts: list[str], threshold: float) -> tuple[list[int], list[float]]:
    """For each text: the earlier text it reposts (-1 if none) and their Jaccard similarity."""
    tokens = [tokenize(t) for t in texts]
    sets = [frozenset(shingles(t, P.REPOST_SHINGLE) or [tuple(t)]) for t in tokens]
    frequency = Counter(sh for s in sets for sh in s)
    # one global order, rarest first (ties: first seen first)
    rank = {sh: r for r, sh in enumerate(sorted(frequency, key=frequency.__getitem__))}
    first_exact: dict[tuple[str, ...], int] = {}
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)  # prefix shingle -> texts
    dup_of, similarity = [-1] * len(texts), [0.0] * len(texts)
    for i, (words, s) in enumerate(zip(tokens, sets)):
        if len(words) < P.MIN_REPOST_WORDS:
            continue
        key = tuple(words)
        if key in first_exact:
            dup_of[i], similarity[i] = first_exact[key], 1.0
            continue
        first_exact[key] = i
        prefix = sorted(s, key=rank.__getitem__)[:len(s) - math.ceil(threshold * len(s)) + 1]
        best, score = -1, 0.0
        for j in sorted({j for sh in prefix for j in index.get(sh, ())}):
            if threshold * len(s) <= len(sets[j]) <= len(s) / threshold:
                jaccard = len(s & sets[j]) / len(s | sets[j])
                if jaccard > score:
                    best, score = j, jaccard
        if score >= threshold:
            dup_of[i], similarity[i] = best, round(score, 3)
        for sh in prefix:
            index[sh].append(i)
    return dup_of, similarity
