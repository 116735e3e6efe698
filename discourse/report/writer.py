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
    """File name of a document's report."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", pathlib.PurePath(str(doc)).stem)
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

    def write(self, analysis: Any, out: pathlib.Path,
              progress: Callable[[str], None] | None = None) -> list[pathlib.Path]:
        """Write every page into ``out``; returns the files written (index first)."""
        # small dense SVD/QR steps are much slower with competing BLAS threads
        with threadpool_limits(limits=1, user_api="blas"):
            return self._write(analysis, pathlib.Path(out), progress)

    def _write(self, analysis: Any, out: pathlib.Path, progress: Callable[[str], None] | None) -> list[pathlib.Path]:
        out.mkdir(parents=True, exist_ok=True)
        view = CorpusView.from_analysis(analysis)
        docs = view.documents["doc"].tolist()
        docs += sorted((set(view.lines["doc"]) | set(view.comments["doc"])) - set(docs))
        reports = report_names(docs)
        (out / PLOTLY_JS).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
        index = out / "index.html"
        index.write_text(build_index(view, self, reports), encoding="utf-8")
        written = [index]
        comment_rows = view.comments.groupby("doc").indices
        line_groups = dict(tuple(view.lines.groupby("doc", sort=False)))
        for number, doc in enumerate(docs, 1):
            if progress:
                progress(f"writing {reports[doc]} ({number}/{len(docs)})")
            rows = comment_rows.get(doc, np.array([], dtype=int))
            lines = line_groups.get(doc, view.lines.iloc[:0])
            path = out / reports[doc]
            path.write_text(DocumentPage(view, self, doc, rows, lines, number).html(), encoding="utf-8")
            written.append(path)
        return written


def write_dashboards(analysis: Any, out: pathlib.Path, progress: Callable[[str], None] | None = None) -> None:
    """Pipeline entry point: dashboards with the bounds of ``analysis.config.report``."""
    Dashboards.from_config(getattr(analysis, "config", None)).write(analysis, out, progress)
