"""Exact and near-duplicate comments (reposts).

Near duplicates are found with prefix filtering: each comment's shingles are ordered
rarest first, and two comments can only reach Jaccard >= t if the first
``n - ceil(t * n) + 1`` shingles of both share one. Only those prefixes are indexed,
so the search never compares all pairs. Shingles used by more than
``REPOST_MAX_POSTINGS`` comments are common wording and are left out of the prefixes,
so no candidate list grows with the thread. Prefixes and candidate pairs are computed
for the whole thread at once with numpy; only the candidate pairs are compared, as rows
of a sparse comment-by-shingle matrix.
"""
from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
from scipy import sparse

from . import patterns as P
from .text import gc_paused
from .tokens import CommentTokens, Ragged, distinct_ranks, group_starts, sort_rows, sorted_unique


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
    raw, ends = words.values.tobytes(), (words.bounds * words.values.itemsize).tolist()
    sequences = np.empty(n, object)  # the word sequence of each comment, as bytes
    sequences[:] = [raw[a:b] for a, b in pairwise(ends)]
    same = pd.factorize(sequences)[0]  # comments with the same words share a number
    first = np.unique(same, return_index=True)[1]  # the first comment of each number
    long = words.lengths() >= P.MIN_REPOST_WORDS
    exact = long & (first[same] < np.arange(n))
    indexed = long & ~exact  # searched for near duplicates, and indexed for later ones
    dup_of = np.where(exact, first[same], -1).tolist()
    similarity = np.where(exact, 1.0, 0.0).tolist()
    for i, j, score in _near_duplicates(tokens, indexed, threshold):
        dup_of[i], similarity[i] = j, round(score, 3)
    return dup_of, similarity


def _near_duplicates(tokens: CommentTokens, indexed: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """(comment, earliest most similar earlier comment, Jaccard) for the indexed comments with a near duplicate."""
    n = len(indexed)
    shingles, codes = distinct_ranks(tokens.shingle(_stemmed(tokens), P.REPOST_SHINGLE))  # as ranks
    owners, ranks = shingles.owners(), shingles.values
    n_ranks = max(len(codes), 1)
    sizes = shingles.lengths()
    frequency = np.bincount(ranks, minlength=n_ranks)[ranks]
    # each indexed comment's prefix: its first rare shingles, rarest first (ties by code)
    rare = indexed[owners] & (frequency <= P.REPOST_MAX_POSTINGS)
    owners, _, ranks = sort_rows((owners[rare], frequency[rare], ranks[rare]), (n, P.REPOST_MAX_POSTINGS + 1, n_ranks))
    position = np.arange(len(owners)) - np.searchsorted(owners, owners)  # within the comment
    size = sizes[owners]
    in_prefix = position < size - np.ceil(threshold * size) + 1
    later, earlier = _sharing_pairs(ranks[in_prefix], owners[in_prefix], n, n_ranks)
    # the size filter, then Jaccard similarity of each candidate pair
    fits = (threshold * sizes[later] <= sizes[earlier]) & (sizes[earlier] <= sizes[later] / threshold)
    later, earlier = later[fits], earlier[fits]
    shared = _shared(shingles, later, earlier, n_ranks)
    jaccard = shared / (sizes[later] + sizes[earlier] - shared)
    found = (jaccard >= threshold) & (jaccard > 0)
    later, earlier, jaccard = later[found], earlier[found], jaccard[found]
    best = np.lexsort((earlier, -jaccard, later))  # by comment: the most similar, then the earliest
    best = best[group_starts(later[best])]
    return list(zip(later[best].tolist(), earlier[best].tolist(), jaccard[best].tolist()))


def _stemmed(tokens: CommentTokens) -> Ragged:
    """Each comment's words, with inflections folded ("approve", "approved" -> "approv"): a repost that fixes
    a word's ending is still a repost."""
    stems: dict[str, int] = {}
    of_word = np.fromiter((stems.setdefault(_fold(word), len(stems)) for word in tokens.lexicon), np.int64,
                          len(tokens.lexicon))
    words = tokens.word_ids()
    return Ragged(of_word[words.values], words.bounds)


def _fold(word: str) -> str:
    for suffix in P.REPOST_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= P.REPOST_MIN_STEM:
            word = word[:-len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > P.REPOST_MIN_STEM else word


def _sharing_pairs(ranks: np.ndarray, owners: np.ndarray, n: int, n_ranks: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (later, earlier) comment pairs whose prefixes share a shingle, sorted.

    Every shingle here is rare, so its group of prefixes holds at most REPOST_MAX_POSTINGS comments.
    """
    ranks, owners = sort_rows((ranks, owners), (n_ranks, n))
    found = []
    for step in range(1, P.REPOST_MAX_POSTINGS):
        same = ranks[step:] == ranks[:-step]
        if not same.any():
            break
        found.append(owners[step:][same] * n + owners[:-step][same])
    pairs = sorted_unique(np.concatenate(found))[0] if found else np.zeros(0, np.int64)
    return np.divmod(pairs, n)


def _shared(shingles: Ragged, later: np.ndarray, earlier: np.ndarray, n_ranks: int) -> np.ndarray:
    """How many shingles each (later, earlier) pair of comments shares.

    The pairs go in blocks, so that the temporaries stay small and their memory is recycled.
    """
    by_comment = sparse.csr_matrix((np.ones(len(shingles.values), np.int8), shingles.values, shingles.bounds),
                                   shape=(len(shingles), n_ranks))
    shared = np.zeros(len(later))
    for at in range(0, len(later), P.PAIR_BLOCK):
        block = slice(at, at + P.PAIR_BLOCK)
        shared[block] = by_comment[later[block]].multiply(by_comment[earlier[block]]).sum(axis=1).A1
    return shared
