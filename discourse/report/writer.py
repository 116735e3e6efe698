"""Writes the dashboards of an analysis: plotly.min.js once, index.html, one report per document."""
from __future__ import annotations

import pathlib
import re
from typing import Any, Callable

import numpy as np
import plotly.offline
from threadpoolctl import threadpool_limits

from .data import CorpusView
from .document import DocumentPage
from .figures import Bounds
from .html import PLOTLY_JS
from .overview import build_index


def report_name(doc: str) -> str:
    """File name of a document's report (a thread of an export, ``file.jsonl#t1``: ``doc-file-t1.html``)."""
    base, _, thread = str(doc).partition("#")
    stem = pathlib.PurePath(base).stem + (f"-{thread}" if thread else "")
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem)
    return f"doc-{stem}.html"


def report_names(docs: list[str]) -> dict[str, str]:
    """``report_name`` per document, with -2, -3 ... added where two documents would share a file."""
    names: dict[str, str] = {}
    used: set[str] = {"index.html"}
    for doc in docs:
        name = report_name(doc)
        k = 2
        while name in used:
            name = re.sub(r"(-\d+)?\.html$", f"-{k}.html", name)
            k += 1
        used.add(name)
        names[doc] = name
    return names


class Dashboards:
    """Offline Plotly dashboards. Keywords mirror :class:`discourse.config.ReportConfig`."""

    def __init__(self, *, max_hover_points: int = 2000, webgl_threshold: int = 1000, max_table_rows: int = 5000,
                 max_tree_nodes: int = 1500, max_documents: int = 60, max_terms: int = 12,
                 max_scatter_terms: int = 400, max_page_bars: int = 1500, excerpt_chars: int = 240) -> None:
        self.max_hover_points = max(int(max_hover_points), 0)
        self.webgl_threshold = max(int(webgl_threshold), 0)
        self.max_table_rows = max(int(max_table_rows), 0)
        self.max_tree_nodes = max(int(max_tree_nodes), 1)
        self.max_documents = max(int(max_documents), 1)
        self.max_terms = max(int(max_terms), 1)
        self.max_scatter_terms = max(int(max_scatter_terms), 1)
        self.max_page_bars = max(int(max_page_bars), 1)
        self.excerpt_chars = max(int(excerpt_chars), 20)
        self.bounds = Bounds(webgl_threshold=self.webgl_threshold, max_hover_points=self.max_hover_points)

    @classmethod
    def from_config(cls, config: Any) -> "Dashboards":
        try:
            return cls(**config.section_params("report"))
        except AttributeError:
            return cls()

    def write(self, analysis: Any, out: pathlib.Path, progress: Callable[[str], None] | None = None,
              max_reports: int | None = None, jobs: int = 1) -> list[pathlib.Path]:
        """Write the pages into ``out``; returns the files written (index first).

        ``max_reports`` bounds the document reports written now (the documents with most comments first;
        None = all); the overview links to the others, which ``discourse report`` writes on demand.
        ``jobs`` processes write the reports (0 = one per core)."""
        # small dense SVD/QR steps are much slower with competing BLAS threads
        with threadpool_limits(limits=1):
            return self._write(analysis, pathlib.Path(out), progress, max_reports, jobs)

    def _write(self, analysis: Any, out: pathlib.Path, progress: Callable[[str], None] | None,
               max_reports: int | None, jobs: int) -> list[pathlib.Path]:
        out.mkdir(parents=True, exist_ok=True)
        view = CorpusView.from_analysis(analysis)
        docs = all_documents(view)
        reports = report_names(docs)
        now = reported_now(view, docs, max_reports)
        (out / PLOTLY_JS).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
        index = out / "index.html"
        index.write_text(build_index(view, self, reports, on_demand=set(docs) - set(now)), encoding="utf-8")
        if progress and now:
            progress(f"writing {len(now)} document reports" + (f" of {len(docs)}" if len(now) < len(docs) else ""))
        number = {doc: i for i, doc in enumerate(docs, 1)}
        work = [(doc, number[doc], out / reports[doc]) for doc in now]
        return [index] + write_pages(view, self, work, jobs)


def write_dashboards(analysis: Any, out: pathlib.Path, progress: Callable[[str], None] | None = None) -> None:
    """Pipeline entry point: dashboards with the bounds of ``analysis.config.report``; document reports up to
    ``analysis.config.run.max_reports``, written by ``run.report_jobs`` processes."""
    run = getattr(getattr(analysis, "config", None), "run", None)
    Dashboards.from_config(getattr(analysis, "config", None)).write(
        analysis, out, progress, max_reports=getattr(run, "max_reports", None), jobs=getattr(run, "report_jobs", 1))


def all_documents(view: CorpusView) -> list[str]:
    """Documents in table order, then any that only lines or comments name (sorted)."""
    docs = view.documents["doc"].tolist()
    return docs + sorted((set(view.lines["doc"]) | set(view.comments["doc"])) - set(docs))


def reported_now(view: CorpusView, docs: list[str], max_reports: int | None) -> list[str]:
    """The documents whose reports are written with the overview: all, or the ``max_reports`` with the most
    comments (input order on ties), kept in input order."""
    if max_reports is None or len(docs) <= max_reports:
        return list(docs)
    sizes = view.comments["doc"].value_counts()
    counts = np.array([sizes.get(d, 0) for d in docs])
    keep = np.sort(np.lexsort((np.arange(len(docs)), -counts))[:max(int(max_reports), 0)])
    return [docs[i] for i in keep]


# ---- document pages, in parallel where that pays -----------------------------------------------
PARALLEL_MIN_PAGES = 8  # fewer pages are written in this process


def write_pages(view: CorpusView, opts: Dashboards, work: list[tuple[str, int, pathlib.Path]],
                jobs: int = 1) -> list[pathlib.Path]:
    """Write the document pages ``work`` (doc, number, path); with ``jobs`` > 1 (0 = one per core) and
    enough pages, in forked processes that share ``view`` without copying it."""
    from ..parallel import forked_map, job_count

    jobs = min(job_count(jobs), max(len(work) // 2, 1)) if len(work) >= PARALLEL_MIN_PAGES else 1
    batches = [work[k::jobs] for k in range(jobs)]
    done = forked_map(_forked_batch, batches, jobs, shared={"view": view, "opts": opts})
    order = {path: i for i, (_, _, path) in enumerate(work)}
    return sorted((p for batch in done for p in batch), key=order.__getitem__)


def _forked_batch(work: list[tuple[str, int, pathlib.Path]]) -> list[pathlib.Path]:
    from ..parallel import shared

    with threadpool_limits(limits=1):
        return _page_batch(shared("view"), shared("opts"), work)


def _page_batch(view: CorpusView, opts: Dashboards, work: list[tuple[str, int, pathlib.Path]]) -> list[pathlib.Path]:
    comment_rows = view.comments.groupby("doc").indices
    wanted = {doc for doc, _, _ in work}
    line_rows = {d: rows for d, rows in view.lines.groupby("doc", sort=False).indices.items() if d in wanted}
    written = []
    for doc, number, path in work:
        rows = comment_rows.get(doc, np.array([], dtype=int))
        lines = view.lines.iloc[line_rows.get(doc, np.array([], dtype=int))]
        path.write_text(DocumentPage(view, opts, doc, rows, lines, number).html(), encoding="utf-8")
        written.append(path)
    return written
