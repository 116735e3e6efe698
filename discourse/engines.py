"""Engines: where the stages run. ``local`` (this process) or ``dask`` (a Dask cluster; extra ``dask``).

Both follow :mod:`discourse.stages`: fit every stage on the same seeded sample of whole threads
(:func:`~discourse.stages.thread_sample`), then transform partitions of whole threads
(:func:`~discourse.stages.thread_partitions`) with the fitted stages. Given the same ``sample_size`` and
``random_state`` they give the same columns.

:class:`DaskEngine` reads and segments the input files on the workers (a multi-thread export is shared
among several tasks, each segmenting every n-th of its threads), fits the stages on the driver (the
sample is bounded), sends the fitted stages to every worker once and transforms the partitions there in
parallel; only the stages' columns come back. ``dask.distributed`` is imported only when this engine is
used, so the default install does not need it.
"""
from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from .errors import ConfigError
from .stages import Corpus, LocalEngine, Stage, assemble, fit_stages, thread_partitions, thread_sample, \
    transform_partition

DASK_EXTRA_HINT = "pip install 'discourse[dask]'"


def make_engine(engine: Any = None, run: Any = None, random_state: int = 0):
    """An engine from a name ('local', 'dask'), an engine object (returned as is) or None (``run.engine``).

    ``run`` is the ``[run]`` config section (:class:`discourse.config.RunConfig`): scheduler, workers,
    sample and partition sizes."""
    if engine is not None and not isinstance(engine, str):
        return engine
    name = (engine or getattr(run, "engine", "local") or "local").strip().lower()
    sizes = dict(sample_size=getattr(run, "sample_size", 200_000), partition_size=getattr(run, "partition_size", 20_000),
                 random_state=random_state)
    if name == "local":
        return LocalEngine(jobs=getattr(run, "workers", 1), **sizes)
    if name == "dask":
        return DaskEngine(scheduler=getattr(run, "scheduler", "") or "", workers=getattr(run, "workers", 0), **sizes)
    raise ConfigError(f"run.engine: invalid value {name!r} (choose from local, dask)")


def _for_workers(stage: Stage) -> Stage:
    """A shallow copy of a fitted stage without what only fitting needed (``fit_data_attributes``)."""
    slim = copy.copy(stage)
    for name in getattr(stage, "fit_data_attributes", ()):
        if hasattr(slim, name):
            setattr(slim, name, None)
    return slim


def _transform_partition(stages: Sequence[Stage], corpus: Corpus, aggregates: Sequence[Any]):
    """Worker task: the stages' columns and the aggregates of one partition of whole threads."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # BLAS and OpenMP: idle threads spin on a busy machine
        return transform_partition(stages, corpus, aggregates)


@dataclass
class DaskEngine:
    """Runs the stages on a Dask cluster: ``scheduler`` is its address (``tcp://host:8786``); empty starts a
    ``LocalCluster`` of ``workers`` single-threaded processes (0 = one per core) for the engine's lifetime.

    Use as a context manager, or call ``close()``; ``analyze`` does that for you.
    """

    scheduler: str = ""
    workers: int = 0
    sample_size: int = 200_000
    random_state: int = 0
    partition_size: int = 20_000
    client: Any = field(default=None, repr=False)
    _own: list = field(default_factory=list, repr=False)  # cluster/client this engine started

    # ---- cluster ---------------------------------------------------------------------------------
    def start(self) -> "DaskEngine":
        if self.client is not None:
            return self
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError(f"run.engine = 'dask' needs the optional extra: {DASK_EXTRA_HINT}") from None
        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise ConfigError(f"run.scheduler: cannot reach the Dask scheduler at {self.scheduler} ({exc})") from None
        else:
            n = self.workers or os.cpu_count() or 1
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            self.client = Client(cluster)
            self._own.append(cluster)
        self._own.insert(0, self.client)
        return self

    def close(self) -> None:
        for item in self._own:
            try:
                item.close()
            except Exception:  # noqa: BLE001 - shutting down: nothing useful to report
                pass
        self._own.clear()
        self.client = None

    def __enter__(self) -> "DaskEngine":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def n_workers(self) -> int:
        self.start()
        return max(len(self.client.scheduler_info().get("workers", {})), 1)

    # ---- work ------------------------------------------------------------------------------------
    reads_in_parent = False  # workers read their own share of a large export

    def map(self, func: Callable, items: Iterable, shared: dict | None = None) -> list:
        """``[func(item) for item in items]``, computed on the workers, in order; ``func`` reads ``shared``
        through :func:`discourse.parallel.shared`, as with the local engine."""
        self.start()
        items = list(items)
        if not items:
            return []
        futures = self.client.map(_with_shared, items, task=func, shared=dict(shared or {}), pure=False)
        return self.client.gather(futures)

    def run(self, stages: Sequence[Stage], corpus: Corpus, aggregates: Sequence[Any] = ()) -> Corpus:
        """Fit on the sample here, transform the partitions on the workers, put the columns together."""
        self.start()
        rows = thread_sample(corpus, self.sample_size, self.random_state)
        fit_stages(stages, corpus.take(rows))
        parts = thread_partitions(corpus, self.partition_size)
        shipped = self.client.scatter([_for_workers(s) for s in stages], broadcast=True, hash=False)
        futures = [self.client.submit(_transform_partition, shipped, _bare(corpus.take(p)), list(aggregates),
                                      pure=False) for p in parts]
        return assemble(corpus, stages, parts, self.client.gather(futures), aggregates)


def _with_shared(item: Any, task: Callable, shared: dict) -> Any:
    """Worker task: ``task(item)`` with ``shared`` readable through :func:`discourse.parallel.shared`
    (not named ``func``: that is ``Client.map``'s own first parameter)."""
    from . import parallel

    parallel._SHARED.update(shared)
    try:
        return task(item)
    finally:
        parallel._SHARED.clear()


def _bare(corpus: Corpus) -> Corpus:
    """The partition as sent to a worker: comments only (models come with the shipped stages)."""
    return Corpus(corpus.comments)
