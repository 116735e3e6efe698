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


def find_reposts(comments: pd.DataFrame, threshold: float = 0.8) -> pd.DataFrame:
    """Fill duplicate_of (id of the earlier comment, or "") and duplicate_similarity (Jaccard, 1.0 = exact)."""
    out = comments.copy()
    ids = out["id"].astype(str).tolist() if len(out) else []
    tokens = [tokenize(t) for t in out["text"].fillna("").astype(str)] if len(out) else []
    sets = [frozenset(shingles(t, P.REPOST_SHINGLE) or [tuple(t)]) for t in tokens]
    rarity = Counter(sh for s in sets for sh in s)
    first_exact: dict[tuple[str, ...], int] = {}
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)  # prefix shingle -> comments
    dup_of, similarity = [""] * len(sets), [0.0] * len(sets)
    for i, (words, s) in enumerate(zip(tokens, sets)):
        if len(words) < P.MIN_REPOST_WORDS:
            continue
        key = tuple(words)
        if key in first_exact:
            dup_of[i], similarity[i] = ids[first_exact[key]], 1.0
            continue
        first_exact[key] = i
        prefix = sorted(s, key=lambda sh: (rarity[sh], sh))[:len(s) - math.ceil(threshold * len(s)) + 1]
        candidates = {j for sh in prefix for j in index[sh]}
        best, score = None, 0.0
        for j in sorted(candidates):
            if threshold * len(s) <= len(sets[j]) <= len(s) / threshold:
                jac = len(s & sets[j]) / len(s | sets[j])
                if jac > score:
                    best, score = j, jac
        if best is not None and score >= threshold:
            dup_of[i], similarity[i] = ids[best], round(score, 3)
        for sh in prefix:
            index[sh].append(i)
    out["duplicate_of"] = dup_of
    out["duplicate_similarity"] = similarity
    return out
