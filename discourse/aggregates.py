"""Corpus aggregates computed per partition and added up: what corpus-level figures read.

An engine transforms the corpus in partitions of whole threads and keeps only the comment columns; what
the overview needs beyond them (which comments use which terms, per topic, stance and document) is
summed per partition here, so no comment-by-term matrix of the whole corpus is ever held in one place.

Every aggregate has ``name``, ``of(corpus)`` (the aggregate of one transformed partition) and
``combine(parts)`` (their sum, in partition order).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

GROUP_COLUMNS = ("topic", "stance", "doc")  # comment columns term counts are kept for


class Aggregate(Protocol):
    name: str

    def of(self, corpus: Any) -> Any: ...

    def combine(self, parts: Sequence[Any]) -> Any: ...


@dataclass
class TermCounts:
    """How many comments use each word term (binary counts), in all and per group of a comment column.

    ``terms`` is the vocabulary (the feature stage's ``feature_names_``); ``total`` has one count per term;
    ``groups[column]`` is ``(keys, counts, sizes)``: the column's values, a (keys x terms) sparse matrix of
    counts and the comments per key.
    """

    terms: np.ndarray
    total: np.ndarray
    n: int
    groups: dict[str, tuple[list[str], sp.csr_matrix, np.ndarray]] = field(default_factory=dict)

    @classmethod
    def from_matrix(cls, matrix: sp.spmatrix, comments: pd.DataFrame, terms: np.ndarray,
                    by: Sequence[str] = GROUP_COLUMNS) -> "TermCounts":
        """Counts of a comment-by-term matrix (any weights; a term counts where it is non-zero)."""
        binary = sp.csr_matrix(matrix, copy=True)
        binary.data = (binary.data != 0).astype(np.float64)
        groups = {}
        for column in by:
            if column not in comments.columns:
                continue
            codes, keys = pd.factorize(comments[column].fillna("").astype(str), sort=True)
            onehot = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(keys), len(codes)))
            groups[column] = ([str(k) for k in keys], sp.csr_matrix(onehot @ binary),
                              np.bincount(codes, minlength=len(keys)).astype(np.int64))
        return cls(np.asarray(terms, dtype=object), np.asarray(binary.sum(axis=0)).ravel(), binary.shape[0], groups)

    @classmethod
    def combine(cls, parts: Sequence["TermCounts"]) -> "TermCounts | None":
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        groups = {}
        for column in parts[0].groups:
            keys = sorted({k for p in parts for k in p.groups[column][0]})
            where = {k: i for i, k in enumerate(keys)}
            counts = sp.csr_matrix((len(keys), len(parts[0].terms)))
            sizes = np.zeros(len(keys), dtype=np.int64)
            for p in parts:
                own, matrix, n = p.groups[column]
                rows = np.array([where[k] for k in own], dtype=int)
                lift = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(keys), len(rows)))
                counts = counts + lift @ matrix
                np.add.at(sizes, rows, n)
            groups[column] = (keys, sp.csr_matrix(counts), sizes)
        return cls(parts[0].terms, np.sum([p.total for p in parts], axis=0), sum(p.n for p in parts), groups)

    def counts(self, column: str, key: str) -> np.ndarray:
        """Per-term counts of the comments whose ``column`` is ``key`` (zeros when none)."""
        keys, matrix, _ = self.groups[column]
        try:
            return matrix[keys.index(key)].toarray().ravel()
        except ValueError:
            return np.zeros(len(self.terms))

    def size(self, column: str, key: str) -> int:
        keys, _, sizes = self.groups[column]
        return int(sizes[keys.index(key)]) if key in keys else 0

    def select(self, keep: np.ndarray) -> "TermCounts":
        """The counts of the terms where ``keep`` is True."""
        cols = np.flatnonzero(keep)
        groups = {c: (k, sp.csr_matrix(m[:, cols]), s) for c, (k, m, s) in self.groups.items()}
        return TermCounts(self.terms[cols], self.total[cols], self.n, groups)


class TermCountAggregate:
    """The :class:`TermCounts` of a transformed partition, from its ``terms`` array (word TF-IDF) and the
    feature stage's vocabulary; None where the corpus has no word terms."""

    name = "term_counts"

    def __init__(self, by: Sequence[str] = GROUP_COLUMNS) -> None:
        self.by = tuple(by)

    def of(self, corpus: Any) -> TermCounts | None:
        matrix = corpus.arrays.get("terms")
        features = corpus.models.get("features")
        names = getattr(features, "feature_names_", None)
        if matrix is None or names is None or not sp.issparse(matrix):
            return None
        return TermCounts.from_matrix(matrix, corpus.comments, names, self.by)

    def combine(self, parts: Sequence[TermCounts | None]) -> TermCounts | None:
        return TermCounts.combine(parts)
