"""The stage protocol: every analysis stage is fit on a corpus and gives its columns.

A :class:`Corpus` is what flows between stages: the comment table (``schema.COMMENT_COLUMNS``,
filled as far as the stages so far got), row-aligned arrays (the feature representation, the word
TF-IDF) and the fitted upstream stages by name (the topic stage reads the feature stage's vocabulary).

Every stage follows one protocol (:class:`Stage`)::

    stage.fit(corpus)        -> stage    learns corpus-level state only (vocabulary, centroids, a classifier)
    stage.transform(corpus)  -> Corpus   the same corpus plus the stage's columns/arrays (``provides``)

``transform`` must give every thread the same result whether it is transformed alone or with other
threads (a thread is the comments of one document). That is what lets an engine fit a stage once, on
a bounded seeded sample, and then transform the corpus in partitions of whole threads, in parallel,
on one machine or on Dask. ``scope`` says what ``fit`` needs: ``"corpus"`` stages learn from the
comments of all threads (features, topics); ``"thread"`` stages learn little or nothing at corpus level
and do their work inside each thread (stance, sentiment, the topic-map projection).

An engine composes stages (:class:`LocalEngine` here; ``discourse.engines`` may add others).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Literal, Mapping, Protocol, Sequence, runtime_checkable

import numpy as np
import pandas as pd

Scope = Literal["corpus", "thread"]
THREAD_KEY = "doc"  # comments of one document form one thread


@dataclass(frozen=True)
class Corpus:
    """Comments plus what the stages so far computed for them.

    ``comments`` has a RangeIndex; ``arrays`` maps a name to a matrix whose rows are the comments
    (``"representation"``: the rows clustering and maps use; ``"terms"``: word TF-IDF);
    ``models`` maps a stage name to the fitted stage (read-only for later stages).
    """

    comments: pd.DataFrame
    arrays: Mapping[str, Any] = field(default_factory=dict)
    models: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_texts(cls, texts: Iterable[str], doc: str = "") -> "Corpus":
        """A one-thread corpus of bare texts (for notebooks and tests)."""
        texts = ["" if t is None else str(t) for t in texts]
        frame = pd.DataFrame({"doc": doc, "id": [f"c{i}" for i in range(len(texts))], "text": texts,
                              "reply_to": "", "author": ""})
        return cls(frame)

    def __len__(self) -> int:
        return len(self.comments)

    @property
    def texts(self) -> list[str]:
        """Comment texts, missing ones as ''."""
        return self.comments["text"].fillna("").astype(str).tolist() if len(self.comments) else []

    def take(self, rows: Sequence[int] | np.ndarray) -> "Corpus":
        """The corpus restricted to ``rows`` (in that order), arrays sliced alike."""
        rows = np.asarray(rows, dtype=int)
        arrays = {k: v[rows] for k, v in self.arrays.items()}
        return replace(self, comments=self.comments.iloc[rows].reset_index(drop=True), arrays=arrays)

    def with_columns(self, columns: pd.DataFrame) -> "Corpus":
        """A copy with ``columns`` (row-aligned) added or replaced."""
        if len(columns) != len(self.comments):
            raise ValueError(f"a stage gave {len(columns)} rows for {len(self.comments)} comments")
        frame = self.comments.copy()
        for name in columns.columns:
            frame[name] = columns[name].to_numpy()
        return replace(self, comments=frame)

    def with_arrays(self, **arrays: Any) -> "Corpus":
        """A copy with row-aligned arrays added or replaced."""
        for name, value in arrays.items():
            if value is not None and value.shape[0] != len(self.comments):
                raise ValueError(f"array {name!r} has {value.shape[0]} rows for {len(self.comments)} comments")
        return replace(self, arrays={**self.arrays, **arrays})

    def with_model(self, name: str, model: Any) -> "Corpus":
        return replace(self, models={**self.models, name: model})

    def thread_rows(self) -> list[np.ndarray]:
        """Row indices of each thread, threads in order of first appearance."""
        if not len(self.comments):
            return []
        keys = self.comments[THREAD_KEY].astype(str).to_numpy() if THREAD_KEY in self.comments else np.full(
            len(self.comments), "")
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        groups = rank[inverse]
        by_group = np.argsort(groups, kind="stable")
        bounds = np.flatnonzero(np.diff(groups[by_group])) + 1
        return np.split(by_group, bounds)


@runtime_checkable
class Stage(Protocol):
    """One analysis stage. ``name`` keys it in ``Corpus.models``; ``provides`` lists the comment columns
    (and ``arrays``) its ``transform`` adds."""

    name: str
    scope: Scope
    provides: tuple[str, ...]

    def fit(self, corpus: Corpus) -> "Stage": ...

    def transform(self, corpus: Corpus) -> Corpus: ...


class Engine(Protocol):
    """Composes stages: fits each and transforms the corpus with it, in order."""

    def run(self, stages: Sequence[Stage], corpus: Corpus) -> Corpus: ...


class StageMixin:
    """``fit_transform`` for stages: fit, then transform the same corpus."""

    name: str = ""
    scope: Scope = "corpus"
    provides: tuple[str, ...] = ()

    def fit_transform(self, corpus: Corpus) -> Corpus:
        return self.fit(corpus).transform(corpus)  # type: ignore[attr-defined]


def as_corpus(data: Corpus | Iterable[str]) -> Corpus:
    """``data`` itself if it is a Corpus, else a one-thread corpus of its texts."""
    return data if isinstance(data, Corpus) else Corpus.from_texts(data)


def fit_sample(n: int, size: int, random_state: int) -> np.ndarray:
    """Sorted rows of a seeded sample of at most ``size`` of ``n`` rows (all rows when n <= size).

    Every engine fits corpus-scope stages on these rows, so engines agree given the same size and seed.
    """
    if size <= 0 or n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size, replace=False))


@dataclass
class LocalEngine:
    """Runs stages in this process: fit each on a seeded sample of the corpus, transform all of it.

    ``sample_size`` bounds what corpus-scope stages are fitted on (0 = everything); thread-scope
    stages see the same sample. With a corpus no larger than the sample, fit sees every comment.
    """

    sample_size: int = 200_000
    random_state: int = 0

    def run(self, stages: Sequence[Stage], corpus: Corpus) -> Corpus:
        rows = fit_sample(len(corpus), self.sample_size, self.random_state)
        whole = len(rows) == len(corpus)
        for stage in stages:
            if whole and hasattr(stage, "fit_transform"):
                corpus = stage.fit_transform(corpus)
            else:
                stage.fit(corpus.take(rows))
                corpus = stage.transform(corpus)
            corpus = corpus.with_model(stage.name, stage)
        return corpus
