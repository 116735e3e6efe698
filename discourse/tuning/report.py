"""tuning.html: each metric against each swept parameter, the ranking table and the chosen setting."""
from __future__ import annotations

import html
import os
import pathlib
import tempfile
from typing import TYPE_CHECKING


from .grid import display_name

if TYPE_CHECKING:
    from .sweep import TuneResult

PLOTLY_JS = "plotly.min.js"
REPORT = "tuning.html"
TABLE = "tuning.csv"
CONFIG = "discourse.toml"
STYLE = ("body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1400px}"
         "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;"
         "text-align:right}th{background:#f3f3f3}tr.best{background:#e6f4e6;font-weight:bold}"
         "pre{background:#f7f7f7;padding:.8em;overflow:auto}")


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=False)


def metric_columns(result: "TuneResult") -> list[str]:
    from .sweep import LABEL_FREE, LABEL_METRICS

    return [m for m in (*LABEL_METRICS, *LABEL_FREE, "score") if m in result.table and result.table[m].notna().any()]


def metric_figure(result: "TuneResult"):
    """One panel per (metric, parameter): every grid point, the winner highlighted."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    table, params, metrics = result.table, result.parameters, metric_columns(result)
    fig = make_subplots(rows=len(metrics), cols=len(params), shared_yaxes=True,
                        column_titles=[esc(display_name(p)) for p in params], row_titles=metrics,
                        vertical_spacing=min(0.08, 0.5 / max(len(metrics), 1)), horizontal_spacing=0.03)
    hover = [esc(s) for s in table["setting"]]
    for r, m in enumerate(metrics, 1):
        for c, p in enumerate(params, 1):
            numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in table[p])
            means = table.groupby(p, sort=True)[m].mean()
            mx = list(means.index) if numeric else [esc(v) for v in means.index]
            fig.add_trace(go.Scatter(x=mx, y=means.values, mode="lines", line=dict(color="#999", width=1),
                                     hoverinfo="skip", showlegend=False), row=r, col=c)
            x = list(table[p]) if numeric else [esc(v) for v in table[p]]
            for picked, color, size in ((table.index != result.best, "#1f77b4", 7),
                                        (table.index == result.best, "#d62728", 12)):  # winner on top
                fig.add_trace(go.Scatter(x=[v for v, k in zip(x, picked) if k], y=table[m][picked],
                                         mode="markers", text=[h for h, k in zip(hover, picked) if k],
                                         showlegend=False, marker=dict(color=color, size=size, opacity=0.85),
                                         hovertemplate="%{text}<br>" + m + " %{y:.3f}<extra></extra>"),
                              row=r, col=c)
            if numeric:
                fig.update_xaxes(tickvals=list(means.index), row=r, col=c)
            else:
                fig.update_xaxes(type="category", row=r, col=c)
    fig.update_layout(height=max(300, 210 * len(metrics)), width=max(500, 330 * len(params)) + 120,
                      margin=dict(l=60, r=60, t=40, b=30), template="plotly_white")
    return fig


def ranking_html(result: "TuneResult") -> str:
    table = result.table.sort_values("rank", kind="stable")
    cols = ["rank", *result.parameters, *metric_columns(result), "n_topics", "seconds"]
    head = "".join(f"<th>{esc(display_name(c) if '.' in c else c)}</th>" for c in cols)
    body = []
    for i, row in table.iterrows():
        cells = "".join(f"<td>{esc(f'{row[c]:.3f}' if isinstance(row[c], float) else row[c])}</td>"
                        for c in cols)
        cls = ' class="best"' if i == result.best else ""
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def report_html(result: "TuneResult", save_name: str) -> str:
    from .sweep import SCORE_DOC

    fig = metric_figure(result).to_html(full_html=False, include_plotlyjs=False,
                                        config={"displaylogo": False})
    n = len(result.table)
    basis = "the score" if result.ranked_by == "score" else f"the metric {result.ranked_by}"
    chosen = "".join(f"<li><code>{esc(k)} = {esc(v)}</code></li>" for k, v in result.best_overrides.items())
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>discourse: tuning</title>"
        f"<style>{STYLE}</style><script src=\"{PLOTLY_JS}\"></script></head><body>\n"
        f"<h1>discourse: tuning</h1>\n<p>{n} settings &times; {result.seeds} seeds, ranked by {esc(basis)} "
        f"({result.elapsed:.1f}s).</p>\n"
        f"<h2>Chosen setting</h2>\n<ul>{chosen}</ul>\n<p>{esc(result.reason)}</p>\n"
        f"<p>Saved as <code>{esc(save_name)}</code>; reuse it with "
        f"<code>discourse analyze INPUTS --config {esc(save_name)}</code>.</p>\n"
        f"<p><small>{esc(SCORE_DOC)} Silhouette is cosine on a sample of up to 2000 comments; coherence is "
        "NPMI of each topic's top 10 class-TF-IDF words from document co-occurrence in this corpus; stability "
        "is the mean pairwise ARI between runs with different random states; outlier share is the fraction "
        "in 'other' (lower is better).</small></p>\n"
        f"<h2>Metrics by parameter</h2>\n{fig}\n<h2>Ranking</h2>\n{ranking_html(result)}\n"
        f"<h2>Saved configuration</h2>\n<pre>{esc(result.to_toml())}</pre>\n</body></html>\n")


def write_report(result: "TuneResult", out: pathlib.Path, save: pathlib.Path | None = None) -> pathlib.Path:
    """Write every file into a staging folder that replaces ``out`` whole on success (the files of an
    ``analyze`` run in ``out`` are kept); a config saved elsewhere is written beside its target first."""
    import plotly.offline

    from ..outputs import TUNE_FILES, replaced_folder, spreadsheet_safe

    save = save or out / CONFIG
    with replaced_folder(out, owns=TUNE_FILES) as staging:
        (staging / PLOTLY_JS).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
        spreadsheet_safe(result.table).to_csv(staging / TABLE, index=False, lineterminator="\n",
                                              float_format="%.4f")
        (staging / REPORT).write_text(report_html(result, str(save)), encoding="utf-8")
        if save.resolve().parent != out.resolve():  # the config goes elsewhere: stage it beside its target
            save.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".discourse-", suffix=".toml", dir=save.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(result.to_toml())
                os.replace(tmp, save)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        else:
            (staging / save.name).write_text(result.to_toml(), encoding="utf-8")
    return out / REPORT
