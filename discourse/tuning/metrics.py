"""Quality metrics for one topic assignment: small pure functions over arrays and matrices.

Label-free: :func:`silhouette`, :func:`npmi_coherence`, :func:`topic_diversity`,
:func:`stability`, :func:`outlier_share`. Against gold labels: :func:`label_scores`.
"""
from __future__ import annotations

import itertools
import math
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.metrics import adjusted_rand_score, f1_score, normalized_mutual_info_score, silhouette_score

from ..text import tokenize

OTHER = "other"
# Higher is better for every metric except these.
LOWER_IS_BETTER = frozenset({"outlier_share"})


def content_words(text: str) -> list[str]:
    """Tokens for the coherence vocabulary: no stop words, no numbers, at least 3 characters."""
    return [t for t in tokenize(text)
            if len(t) > 2 and t not in ENGLISH_STOP_WORDS and any(c.isalpha() for c in t)]


def doc_term_matrix(texts: Sequence[str], min_df: int = 2) -> sp.csc_matrix:
    """Binary document-term matrix over content words (the reference corpus for coherence)."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(analyzer=content_words, binary=True, min_df=min_df if len(texts) >= 50 else 1)
    try:
        return vec.fit_transform(texts).tocsc()
    except ValueError:  # empty vocabulary
        return sp.csc_matrix((len(texts), 0), dtype=np.int64)


def outlier_share(topics: Sequence[str]) -> float:
    """Fraction of comments in the 'other' topic."""
    topics = np.asarray(topics, dtype=object)
    return float(np.mean(topics == OTHER)) if len(topics) else math.nan


def silhouette(matrix, topics: Sequence[str], sample_size: int = 2000, random_state: int = 0) -> float:
    """Cosine silhouette of the non-'other' comments on a bounded random sample (nan if undefined)."""
    topics = np.asarray(topics, dtype=object)
    keep = np.flatnonzero(topics != OTHER)
    if matrix is None or len(keep) < 3 or len(set(topics[keep])) < 2:
        return math.nan
    rng = np.random.default_rng(random_state)
    if len(keep) > sample_size:
        keep = np.sort(rng.choice(keep, size=sample_size, replace=False))
    labels = topics[keep]
    if not 2 <= len(set(labels)) <= len(keep) - 1:
        return math.nan
    X = matrix[keep]
    try:
        return float(silhouette_score(X, labels, metric="cosine"))
    except ValueError:
        return math.nan


def top_terms(doc_terms: sp.spmatrix, topics: Sequence[str], n_terms: int = 10) -> dict[str, np.ndarray]:
    """Column ids of each topic's top terms by class-based TF-IDF over ``doc_terms`` ('other' left out)."""
    topics = np.asarray(topics, dtype=object)
    names = sorted(set(topics) - {OTHER})
    if not names or doc_terms.shape[1] == 0:
        return {}
    index = {name: i for i, name in enumerate(names)}
    rows = np.array([index.get(t, -1) for t in topics])
    mask = rows >= 0
    member = sp.csr_matrix((np.ones(mask.sum()), (rows[mask], np.flatnonzero(mask))),
                           shape=(len(names), len(topics)))
    counts = np.asarray((member @ doc_terms).todense(), dtype=float)  # topic x term document counts
    freq = counts.sum(axis=0)
    avg = counts.sum() / len(names)
    weight = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) * np.log1p(avg / np.maximum(freq, 1))
    out = {}
    for name, i in index.items():
        order = np.argsort(-weight[i], kind="stable")[:n_terms]
        out[name] = order[counts[i, order] > 0]
    return out


def npmi(doc_terms: sp.spmatrix, term_ids: Sequence[int]) -> float:
    """Mean normalized PMI over pairs of terms, from document co-occurrence in ``doc_terms``."""
    term_ids = list(term_ids)
    if len(term_ids) < 2:
        return math.nan
    n = doc_terms.shape[0]
    sub = sp.csc_matrix(doc_terms)[:, term_ids].astype(float)
    co = np.asarray((sub.T @ sub).todense())
    p = np.diag(co) / n
    scores = []
    for i, j in itertools.combinations(range(len(term_ids)), 2):
        pij = co[i, j] / n
        if pij <= 0:
            scores.append(-1.0)
        elif pij >= 1:
            scores.append(1.0)
        else:
            scores.append(math.log(pij / (p[i] * p[j])) / -math.log(pij))
    return float(np.mean(scores))


def npmi_coherence(doc_terms: sp.spmatrix, topic_terms: dict[str, np.ndarray]) -> float:
    """Mean over topics of the NPMI of their top terms (nan without a topic of 2+ terms)."""
    values = [npmi(doc_terms, ids) for ids in topic_terms.values() if len(ids) >= 2]
    return float(np.mean(values)) if values else math.nan


def topic_diversity(topic_terms: dict[str, np.ndarray]) -> float:
    """Share of unique terms among all topics' top terms (1 = no topic repeats another's terms)."""
    every = [int(t) for ids in topic_terms.values() for t in ids]
    return len(set(every)) / len(every) if every else math.nan


def stability(runs: Sequence[Sequence[str]]) -> float:
    """Mean pairwise adjusted Rand index between runs (e.g. different random seeds); nan for one run."""
    pairs = list(itertools.combinations(runs, 2))
    if not pairs:
        return math.nan
    return float(np.mean([adjusted_rand_score(list(a), list(b)) for a, b in pairs]))


def match_labels(gold: Sequence[str], pred: Sequence[str]) -> np.ndarray:
    """Map predicted labels onto gold ones: equal names keep theirs, the rest by a one-to-one
    assignment that maximizes overlap (Hungarian); unmatched predictions stay as they are."""
    from scipy.optimize import linear_sum_assignment

    gold = np.asarray(gold, dtype=object)
    pred = np.asarray(pred, dtype=object)
    gold_names = set(gold)
    free_pred = sorted(set(pred) - gold_names)
    free_gold = sorted(gold_names - set(pred))
    mapping = {p: p for p in set(pred) & gold_names}
    if free_pred and free_gold:
        overlap = np.array([[np.sum((pred == p) & (gold == g)) for g in free_gold] for p in free_pred])
        for r, c in zip(*linear_sum_assignment(-overlap)):
            mapping[free_pred[r]] = free_gold[c]
    return np.array([mapping.get(p, f"unmatched:{p}") for p in pred], dtype=object)


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Macro-F1 over the gold classes after :func:`match_labels`."""
    gold = np.asarray(gold, dtype=object)
    if not len(gold):
        return math.nan
    mapped = match_labels(gold, pred)
    return float(f1_score(gold.astype(str), mapped.astype(str), labels=sorted(set(gold.astype(str))),
                          average="macro", zero_division=0))


def label_scores(gold: Sequence[str], pred: Sequence[str], prefix: str) -> dict[str, float]:
    """``{prefix}_f1``, ``{prefix}_nmi`` and ``{prefix}_ari`` of ``pred`` against ``gold``."""
    gold = [str(g) for g in gold]
    pred = [str(p) for p in pred]
    if not gold:
        return {f"{prefix}_f1": math.nan, f"{prefix}_nmi": math.nan, f"{prefix}_ari": math.nan}
    return {f"{prefix}_f1": macro_f1(gold, pred),
            f"{prefix}_nmi": float(normalized_mutual_info_score(gold, pred)),
            f"{prefix}_ari": float(adjusted_rand_score(gold, pred))}


def rank_normalize(values: Iterable[float], higher_is_better: bool = True) -> np.ndarray:
    """Percentile ranks in [0, 1], 1 = best, ties averaged; nan counts as worst."""
    from scipy.stats import rankdata

    v = np.asarray(list(values), dtype=float)
    if len(v) == 0:
        return v
    if not higher_is_better:
        v = -v
    v = np.where(np.isnan(v), -np.inf, v)
    if len(v) == 1:
        return np.ones(1)
    return (rankdata(v, method="average") - 1) / (len(v) - 1)
