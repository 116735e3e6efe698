"""Exact and near-duplicate comments (reposts).

Near duplicates are found with prefix filtering: each comment's shingles are ordered
rarest first, and two comments can only reach Jaccard >= t if the first
``n - ceil(t * n) + 1`` shingles of both share one. Only those prefixes are indexed,
so the search never compares all pairs. Shingles used by more than
``REPOST_MAX_POSTINGS`` comments are common wording and are left out of the prefixes,
so no candidate list grows with the thread. Prefixes and candidate pairs are computed
for the whole thread at once with numpy; only the candidate pairs are compared as sets.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import patterns as P
from .text import gc_paused
from .tokens import CommentTokens, distinct_pairs, group_starts


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
    words = tokens.word_ids()
    n = len(words)
    dup_of, similarity = [-1] * n, [0.0] * n
    indexed = np.zeros(n, bool)  # comments searched for near duplicates, and indexed for later ones
    first_exact: dict[bytes, int] = {}
    raw, ends = words.values.tobytes(), (words.bounds * words.values.itemsize).tolist()
    for i, length in enumerate(words.lengths().tolist()):
        if length < P.MIN_REPOST_WORDS:
            continue
        key = raw[ends[i]:ends[i + 1]]  # the word sequence
        if key in first_exact:
            dup_of[i], similarity[i] = first_exact[key], 1.0
        else:
            first_exact[key] = i
            indexed[i] = True
    for i, j, score in _near_duplicates(tokens, indexed, threshold):
        dup_of[i], similarity[i] = j, round(score, 3)
    return dup_of, similarity


def _near_duplicates(tokens: CommentTokens, indexed: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """(comment, earliest most similar earlier comment, Jaccard) for the indexed comments with a near duplicate."""
    sets = tokens.grams(P.REPOST_SHINGLE)
    codes, owners = distinct_pairs(tokens.codes(P.REPOST_SHINGLE))
    sizes = np.bincount(owners, minlength=len(indexed))
    starts = group_starts(codes)
    frequency = np.repeat(np.diff(np.r_[starts, len(codes)]), np.diff(np.r_[starts, len(codes)]))
    # each indexed comment's prefix: its first rare shingles, rarest first (ties by code)
    rare = indexed[owners] & (frequency <= P.REPOST_MAX_POSTINGS)
    codes, owners, frequency = codes[rare], owners[rare], frequency[rare]
    order = np.lexsort((codes, frequency, owners))
    codes, owners = codes[order], owners[order]
    rank = np.arange(len(owners)) - np.searchsorted(owners, owners)  # position within the comment
    size = sizes[owners]
    in_prefix = rank < size - np.ceil(threshold * size) + 1
    pairs = _sharing_pairs(codes[in_prefix], owners[in_prefix])
    # the size filter, then Jaccard similarity of each candidate pair
    later, earlier = pairs[:, 0], pairs[:, 1]
    fits = (threshold * sizes[later] <= sizes[earlier]) & (sizes[earlier] <= sizes[later] / threshold)
    best: dict[int, tuple[int, float]] = {}
    for i, j in zip(later[fits].tolist(), earlier[fits].tolist()):  # by comment, then earlier comment
        s, other = sets[i], sets[j]
        shared = len(s & other)
        jaccard = shared / (len(s) + len(other) - shared)
        if jaccard > best.get(i, (-1, 0.0))[1]:
            best[i] = (j, jaccard)
    return [(i, j, score) for i, (j, score) in best.items() if score >= threshold]


def _sharing_pairs(codes: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """Distinct (later, earlier) comment pairs whose prefixes share a shingle, sorted.

    Every shingle here is rare, so its group of prefixes holds at most REPOST_MAX_POSTINGS comments.
    """
    order = np.lexsort((owners, codes))
    codes, owners = codes[order], owners[order]
    found = []
    for step in range(1, P.REPOST_MAX_POSTINGS):
        same = codes[step:] == codes[:-step]
        if not same.any():
            break
        found.append(np.stack([owners[step:][same], owners[:-step][same]], axis=1))
    if not found:
        return np.zeros((0, 2), np.int64)
    return np.unique(np.concatenate(found), axis=0)
