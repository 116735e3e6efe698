"""Report stage: offline Plotly HTML dashboards (baseline)."""
from __future__ import annotations

import html
import pathlib
import re
from typing import Callable

import plotly.graph_objects as go
import plotly.offline

PLOTLY_JS = "plotly.min.js"


def esc(text: object) -> str:
    """Escape untrusted text for HTML and Plotly labels."""
    return html.escape("" if text is None else str(text), quote=False)


def report_name(doc: str) -> str:
    """File name of a document's report."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", pathlib.Path(doc).stem)
    return f"doc-{stem}.html"


def figure_div(fig: go.Figure) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})


def page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title><script src=\"{PLOTLY_JS}\"></script></head>"
            f"<body>\n<h1>{esc(title)}</h1>\n{body}\n</body></html>\n")


def write_dashboards(analysis, out: pathlib.Path, progress: Callable[[str], None] | None = None) -> None:
    (out / PLOTLY_JS).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    docs = analysis.documents
    links = "".join(f'<li><a href="{report_name(d)}">{esc(t or d)}</a></li>'
                    for d, t in zip(docs["doc"], docs["title"]))
    fig = go.Figure(go.Bar(x=[esc(d) for d in docs["doc"]], y=docs["comments"]))
    (out / "index.html").write_text(page("discourse: corpus overview", f"<ul>{links}</ul>{figure_div(fig)}"),
                                    encoding="utf-8")
    for seg in analysis.segments:
        fig = go.Figure(go.Scatter(x=seg.lines["line"], y=seg.lines["role"], mode="markers",
                                   text=[esc(t[:120]) for t in seg.lines["text"]]))
        (out / report_name(seg.name)).write_text(page(seg.title or seg.name, figure_div(fig)), encoding="utf-8")
