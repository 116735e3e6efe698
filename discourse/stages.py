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

An engine composes stages: :class:`LocalEngine` here, ``discourse.engines.DaskEngine`` on a Dask cluster.
Both fit on the same seeded sample of whole threads (:func:`thread_sample`), fitting each stage on the
sample as the earlier ones transformed it (:func:`fit_stages`), then transform partitions of whole
threads (:func:`thread_partitions`) with the fitted stages, so they give the same columns.
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
    ``models`` maps a stage name to the fitted stage (read-only for later stages); ``aggregates`` holds
    what an engine summed over the partitions (:mod:`discourse.aggregates`).
    """

    comments: pd.DataFrame
    arrays: Mapping[str, Any] = field(default_factory=dict)
    models: Mapping[str, Any] = field(default_factory=dict)
    aggregates: Mapping[str, Any] = field(default_factory=dict)  # corpus aggregates an engine summed (by name)

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
    """Composes stages: fits each and transforms the corpus with it, in order; ``aggregates`` (see
    :mod:`discourse.aggregates`) are computed on each transformed partition and combined."""

    def run(self, stages: Sequence[Stage], corpus: Corpus, aggregates: Sequence[Any] = ()) -> Corpus: ...


class StageMixin:
    """``fit_transform`` for stages: fit, then transform the same corpus."""

    name: str = ""
    scope: Scope = "corpus"
    provides: tuple[str, ...] = ()
    learns: bool = True  # False: fit learns nothing, engines need not transform a fit sample for it

    def fit_transform(self, corpus: Corpus) -> Corpus:
        return self.fit(corpus).transform(corpus)  # type: ignore[attr-defined]


def as_corpus(data: Corpus | Iterable[str]) -> Corpus:
    """``data`` itself if it is a Corpus, else a one-thread corpus of its texts."""
    return data if isinstance(data, Corpus) else Corpus.from_texts(data)


def fit_sample(n: int, size: int, random_state: int) -> np.ndarray:
    """Sorted rows of a seeded sample of at most ``size`` of ``n`` rows (all rows when n <= size)."""
    if size <= 0 or n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size, replace=False))


def thread_sample(corpus: Corpus, size: int, random_state: int) -> np.ndarray:
    """Sorted rows the corpus-scope stages are fitted on: at most ``size`` comments (all when the corpus is
    no larger), drawn as whole threads in a seeded order, so thread-level fitting (reply links, camps)
    sees complete threads; budget that no whole thread fits is filled with a seeded sample of the
    comments of the threads not taken (one thread larger than ``size`` is sampled by comment).

    Every engine fits on these rows, so engines agree given the same size and seed.
    """
    n = len(corpus)
    if size <= 0 or n <= size:
        return np.arange(n)
    rng = np.random.default_rng(random_state)
    threads = corpus.thread_rows()
    taken, rest, budget = [], [], size
    for t in rng.permutation(len(threads)):
        if len(threads[t]) <= budget:
            taken.append(threads[t])
            budget -= len(threads[t])
        else:
            rest.append(threads[t])
    if budget and rest:
        pool = np.sort(np.concatenate(rest))
        taken.append(rng.choice(pool, min(budget, len(pool)), replace=False))
    return np.sort(np.concatenate(taken)) if taken else np.arange(0)


def thread_partitions(corpus: Corpus, size: int) -> list[np.ndarray]:
    """Row indices of partitions of whole threads, in corpus order, each of at most ``size`` comments
    (a thread larger than ``size`` is a partition of its own)."""
    parts, current, count = [], [], 0
    for rows in corpus.thread_rows():
        if current and count + len(rows) > size:
            parts.append(np.sort(np.concatenate(current)))
            current, count = [], 0
        current.append(rows)
        count += len(rows)
    if current:
        parts.append(np.sort(np.concatenate(current)))
    return parts


def fit_stages(stages: Sequence[Stage], sample: Corpus) -> Corpus:
    """Fit every stage on ``sample`` (each on the sample as the earlier stages transformed it).

    Returns the sample transformed by the stages up to the last one that learns anything (``learns``);
    stages after it are only fitted (their ``fit`` is a no-op)."""
    last = max((i for i, s in enumerate(stages) if getattr(s, "learns", True)), default=-1)
    for i, stage in enumerate(stages):
        if i < last:
            sample = _fit_transform(stage, sample).with_model(stage.name, stage)
        else:
            stage.fit(sample)
    return sample


def transform_stages(stages: Sequence[Stage], corpus: Corpus) -> Corpus:
    """Transform ``corpus`` (whole threads) by every fitted stage in order."""
    for stage in stages:
        corpus = stage.transform(corpus).with_model(stage.name, stage)
    return corpus


def provided_columns(stages: Sequence[Stage], corpus: Corpus) -> pd.DataFrame:
    """The comment columns the stages added (``provides`` that are columns of ``corpus.comments``)."""
    names = [c for s in stages for c in s.provides if c in corpus.comments.columns]
    return corpus.comments[names].reset_index(drop=True)


def transform_partition(stages: Sequence[Stage], corpus: Corpus, aggregates: Sequence[Any] = ()
                        ) -> tuple[pd.DataFrame, list]:
    """What an engine keeps of one partition: the stages' columns and each aggregate of it."""
    done = transform_stages(stages, corpus)
    return provided_columns(stages, done), [a.of(done) for a in aggregates]


def _fit_transform(stage: Stage, corpus: Corpus) -> Corpus:
    return stage.fit_transform(corpus) if hasattr(stage, "fit_transform") else stage.fit(corpus).transform(corpus)


@dataclass
class LocalEngine:
    """Runs stages on this machine: fit each on a seeded sample of whole threads, then transform the corpus
    in partitions of whole threads, keeping only the columns (the arrays of a partition are dropped).

    ``sample_size`` bounds what the stages are fitted on (0 = everything); with a corpus no larger than the
    sample, each stage is fitted and applied in one pass (``fit_transform``), which gives the same columns.
    ``partition_size`` bounds the comments transformed at a time (memory of the arrays). ``jobs`` forked
    processes (0 = one per core) segment the input files and transform the partitions; they inherit the
    fitted stages and the corpus, only partitions' results come back.
    """

    sample_size: int = 200_000
    random_state: int = 0
    partition_size: int = 20_000
    jobs: int = 1
    reads_in_parent = True  # a large export is read once here; forked workers segment its threads

    @property
    def n_workers(self) -> int:
        from .parallel import job_count

        return job_count(self.jobs)

    def map(self, func: Any, items: Sequence, shared: Mapping[str, Any] | None = None) -> list:
        """``[func(item) for item in items]`` in ``jobs`` forked processes; ``shared`` as in
        :func:`discourse.parallel.forked_map`."""
        from .parallel import forked_map

        return forked_map(func, items, self.jobs, dict(shared or {}))

    def run(self, stages: Sequence[Stage], corpus: Corpus, aggregates: Sequence[Any] = ()) -> Corpus:
        rows = thread_sample(corpus, self.sample_size, self.random_state)
        if len(rows) == len(corpus):  # the sample is the corpus: fit and transform in one pass
            for stage in stages:
                corpus = _fit_transform(stage, corpus).with_model(stage.name, stage)
            return replace(corpus, aggregates={a.name: a.combine([a.of(corpus)]) for a in aggregates})
        fit_stages(stages, corpus.take(rows))  # the transformed sample itself is not needed
        parts = thread_partitions(corpus, self.partition_size)
        results = self.map(_transform_rows, parts, shared={"stages": stages, "corpus": corpus,
                                                           "aggregates": aggregates})
        return assemble(corpus, stages, parts, results, aggregates)


def _transform_rows(rows: np.ndarray) -> tuple[pd.DataFrame, list]:
    """Worker task of :class:`LocalEngine`: one partition of the shared corpus, by the shared stages."""
    from .parallel import shared

    return transform_partition(shared("stages"), shared("corpus").take(rows), shared("aggregates"))


def assemble(corpus: Corpus, stages: Sequence[Stage], parts: Sequence[np.ndarray],
             results: Sequence[tuple[pd.DataFrame, list]], aggregates: Sequence[Any] = ()) -> Corpus:
    """The corpus with the partitions' columns put back in corpus order, the fitted stages as its models
    and the partitions' aggregates combined."""
    order = np.concatenate(parts) if parts else np.arange(0)
    columns = [columns for columns, _ in results]
    frame = pd.concat(columns, ignore_index=True) if columns else pd.DataFrame(index=range(0))
    frame.index = order
    out = corpus.with_columns(frame.sort_index())
    for stage in stages:
        out = out.with_model(stage.name, stage)
    combined = {a.name: a.combine([values[k] for _, values in results]) for k, a in enumerate(aggregates)}
    return replace(out, aggregates=combined)
