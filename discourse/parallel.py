"""Process parallelism on one machine: ``forked_map`` runs a function over items in forked processes.

The children are forked, so what they share (fitted stages, the corpus view of a report) is inherited
from the parent without pickling: pass it as ``shared``, and the function reads it with ``shared()``.
Only each item and each result cross the process boundary. Where ``fork`` is unavailable (Windows,
macOS defaults) or there is a single job, the items are mapped in this process.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterable

_SHARED: dict[str, Any] = {}  # set just before forking, read by the children, cleared after


def job_count(jobs: int) -> int:
    """``jobs`` processes, 0 = one per core."""
    return int(jobs) if jobs else (os.cpu_count() or 1)


def shared(name: str) -> Any:
    """What the parent passed as ``shared[name]`` to :func:`forked_map`."""
    return _SHARED[name]


def forked_map(func: Callable, items: Iterable, jobs: int = 0, shared: dict[str, Any] | None = None) -> list:
    """``[func(item) for item in items]``, in up to ``jobs`` forked processes (0 = one per core), in order."""
    import multiprocessing

    items = list(items)
    jobs = min(job_count(jobs), len(items))
    previous = dict(_SHARED)
    _SHARED.update(shared or {})
    try:
        if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [func(item) for item in items]
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(func, items))
    finally:
        _SHARED.clear()
        _SHARED.update(previous)
