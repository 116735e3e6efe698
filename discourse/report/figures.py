"""Figure helpers: one palette, one layout, bounded scatter traces, and the div writer."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .html import esc, json_script

# One colour per line role, stance and topic, shared by every page.
ROLE_ORDER = ("title", "meta", "standfirst", "caption", "body", "boilerplate", "comment")
ROLE_COLORS = {"title": "#08306b", "meta": "#9ecae1", "standfirst": "#4292c6", "caption": "#c6dbef",
               "body": "#2171b5", "boilerplate": "#bdbdbd", "comment": "#f16913"}
COMMENT_ALT_COLOR = "#fdae6b"  # every other comment, so boundaries show without drawing shapes
STANCE_ORDER = ("favor", "camp_a", "none", "camp_b", "against")
STANCE_COLORS = {"favor": "#1b9e77", "camp_a": "#7570b3", "none": "#b0b7bf", "camp_b": "#e7298a",
                 "against": "#d95f02"}
# Plotly symbol numbers (compact in typed arrays): 0 circle, 1 square, 2 diamond, 5/6 triangle up/down.
SIDE_NAMES = {"favor": "favor", "against": "against", "camp_a": "camp A", "camp_b": "camp B", "none": "no side"}
STANCE_SYMBOLS = {"favor": 5, "camp_a": 1, "none": 0, "camp_b": 2, "against": 6}
TOPIC_PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d",
                 "#ff9da6", "#439894", "#8cd17d", "#d37295", "#79706e", "#b6992d", "#499894", "#86bcb6")
OTHER_COLOR = "#c7c7c7"
SIDE_COLORS = ("#1b9e77", "#d95f02")  # the two sides of a term comparison
NEUTRAL_COLOR = "#b0b7bf"

# A small template instead of plotly's default one, which adds ~8 kB to every figure.
TEMPLATE = go.layout.Template(layout=dict(
    font=dict(family="-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif", size=12, color="#1f2933"),
    paper_bgcolor="#ffffff", plot_bgcolor="#ffffff", colorway=list(TOPIC_PALETTE),
    xaxis=dict(gridcolor="#eef1f4", zerolinecolor="#d5dae0", automargin=True),
    yaxis=dict(gridcolor="#eef1f4", zerolinecolor="#d5dae0", automargin=True),
    hoverlabel=dict(align="left"), legend=dict(bgcolor="rgba(255,255,255,0.7)"),
))
PLOT_CONFIG = {"displaylogo": False, "responsive": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def stance_color(stance: str) -> str:
    return STANCE_COLORS.get(stance, NEUTRAL_COLOR)


def rgba(color: str, alpha: float) -> str:
    """``#rrggbb`` with an opacity, as CSS/Plotly ``rgba(...)``."""
    value = int(color.lstrip("#"), 16)
    return f"rgba({value >> 16 & 255},{value >> 8 & 255},{value & 255},{alpha:.2f})"


def confidence_alpha(confidence: float, floor: float = 0.3) -> float:
    """Opacity for a label of the given confidence in [0, 1] (unknown: fully opaque), so uncertain labels
    look uncertain."""
    return 1.0 if confidence != confidence else floor + (1.0 - floor) * min(max(float(confidence), 0.0), 1.0)


def stance_order(values: Sequence[str]) -> list[str]:
    """Known stances in a fixed order, unknown ones after them (sorted)."""
    present = set(values)
    return [s for s in STANCE_ORDER if s in present] + sorted(present - set(STANCE_ORDER))


def topic_colors(topics: Sequence[str]) -> dict[str, str]:
    """A colour per topic id in the given order; 'other' is always grey."""
    colors, i = {}, 0
    for topic in topics:
        if topic == "other":
            colors[topic] = OTHER_COLOR
        else:
            colors[topic] = TOPIC_PALETTE[i % len(TOPIC_PALETTE)]
            i += 1
    return colors


def styled(fig: go.Figure, title: str = "", *, height: int = 420, xtitle: str = "", ytitle: str = "",
           legend: bool = True, **layout) -> go.Figure:
    """The common layout of every figure; ``title`` is plain text and escaped here."""
    fig.update_layout(template=TEMPLATE, height=height, margin=dict(l=10, r=10, t=46 if title else 32, b=10),
                      title=dict(text=esc(title), x=0.01, font=dict(size=14)) if title else None,
                      showlegend=legend, **layout)
    if xtitle:
        fig.update_xaxes(title_text=esc(xtitle))
    if ytitle:
        fig.update_yaxes(title_text=esc(ytitle))
    return fig


def to_div(fig: go.Figure, div_id: str) -> str:
    """A figure placeholder and its JSON; the page's script draws it once the page is laid out and
    re-sizes it with its container (a figure drawn while its column is still being laid out keeps the
    wrong width). No plotly.js is included: the page loads the local plotly.min.js."""
    height = int(fig.layout.height or 420)
    spec = fig.to_json(validate=False, pretty=False)  # plotly's encoder: typed arrays as base64
    spec = spec[:-1] + ',"config":' + json.dumps(PLOT_CONFIG, separators=(",", ":")) + "}"
    data = json_script(None, cls="fig-data", attrs=f' data-for="{div_id}"', text=spec)
    return f'<div class="fig-box"><div id="{div_id}" class="plotly-graph-div" style="height:{height}px"></div>{data}</div>'


@dataclass(frozen=True)
class Bounds:
    """How many points get WebGL and hover text."""

    webgl_threshold: int
    max_hover_points: int

    def scatter_class(self, n_points: int) -> type:
        return go.Scattergl if n_points > self.webgl_threshold else go.Scatter

    def hover_mask(self, n_points: int, seed: int = 0) -> np.ndarray:
        """True for the points that keep hover text: all of them, or a fixed random sample."""
        mask = np.ones(n_points, dtype=bool)
        if n_points > self.max_hover_points:
            mask[:] = False
            keep = np.random.default_rng(seed).choice(n_points, size=self.max_hover_points, replace=False)
            mask[keep] = True
        return mask


def f32(values) -> np.ndarray:
    """Coordinates as float32, which plotly writes as compact base64."""
    return np.asarray(values, dtype=np.float32)


def marker_traces(x, y, *, groups: Sequence[str], order: Sequence[str], names: dict[str, str],
                  colors: dict[str, str], hover_rows: np.ndarray, bounds: Bounds,
                  symbols: Sequence[str] | None = None, size: int = 8, opacity: "float | np.ndarray" = 0.85) -> list:
    """Marker traces coloured by group (one legend entry each), WebGL past the threshold.

    ``symbols`` (stance per point) splits each group into one trace per stance symbol. ``hover_rows``
    gives each point's row in the page's comment store (-1: none): those points carry the row as
    ``customdata`` and the page's script writes their hover labels from the store, so a comment's text
    is in the page once however many figures show it; the other points get no hover label.
    ``opacity`` is one value or one per point (e.g. from the confidence of the points' labels).
    """
    per_point = np.ndim(opacity) > 0
    alpha = np.round(np.asarray(opacity, dtype=np.float32), 2) if per_point else None
    x, y, groups = f32(x), f32(y), np.asarray(groups, dtype=object)
    kinds = np.asarray(symbols if symbols is not None else [""] * len(x), dtype=object)
    scatter = bounds.scatter_class(len(x))
    hover_rows = np.asarray(hover_rows, dtype=int)
    has_hover = hover_rows >= 0
    traces = []
    for group in order:
        color, name = colors.get(group, OTHER_COLOR), names.get(group, esc(group))
        if symbols is not None:  # legend entry with a plain circle, whatever the symbols below
            traces.append(go.Scatter(x=[None], y=[None], mode="markers", name=name, legendgroup=group,
                                     marker=dict(color=color, size=size), hoverinfo="skip"))
        first = symbols is None
        in_group = groups == group
        for kind in sorted(set(kinds[in_group]), key=lambda k: (STANCE_SYMBOLS.get(k, 0), k)):
            for with_hover in (True, False):
                sel = in_group & (kinds == kind) & (has_hover == with_hover)
                if not sel.any():
                    continue
                traces.append(scatter(
                    x=x[sel], y=y[sel], mode="markers", name=name, legendgroup=group, showlegend=first,
                    marker=dict(color=color, size=size, opacity=alpha[sel] if per_point else opacity,
                                symbol=STANCE_SYMBOLS.get(kind, 0), line=dict(width=0.5, color="#ffffff")),
                    **store_hover(hover_rows[sel] if with_hover else None)))
                first = False
    return traces


def store_hover(rows: np.ndarray | None) -> dict:
    """Trace keywords for hover labels written by the page's script from its comment store (or none)."""
    if rows is None or not len(rows):
        return {"hoverinfo": "skip"}
    return {"customdata": [int(r) for r in rows], "meta": {"hover": "store"}, "hoverinfo": "text"}


def robust_range(values: np.ndarray, spread: float = 3.0, pad: float = 0.06) -> tuple[float, float] | None:
    """An axis range holding the bulk of ``values``: the quartiles widened by ``spread`` interquartile
    ranges (never beyond the data), padded; None when every value fits (nothing to clip)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) < 4:
        return None
    q1, q3 = np.percentile(v, [25, 75])
    iqr = q3 - q1
    if iqr <= 0:
        return None
    lo, hi = max(v.min(), q1 - spread * iqr), min(v.max(), q3 + spread * iqr)
    if lo <= v.min() and hi >= v.max():
        return None
    margin = (hi - lo) * pad
    return float(lo - margin), float(hi + margin)


def symbol_legend(stances: Sequence[str]) -> list[go.Scatter]:
    """Legend-only traces explaining the stance marker symbols."""
    return [go.Scatter(x=[None], y=[None], mode="markers", name=f"stance: {esc(SIDE_NAMES.get(s, s))}", legendgroup="stance-symbols",
                       marker=dict(symbol=STANCE_SYMBOLS.get(s, 0), color="#52606d", size=9),
                       hoverinfo="skip") for s in stances]


def count_heatmap(counts: pd.DataFrame, *, x_labels: Sequence[str], y_labels: Sequence[str],
                  colorscale: str = "Blues", x_name: str = "x", y_name: str = "y",
                  column_shares: bool = False) -> go.Heatmap:
    """A heatmap of comment counts written into the cells (labels already escaped).

    With ``column_shares`` the colour is each cell's share of its column, so big columns do not
    drown small ones.
    """
    z = counts.to_numpy(dtype=float)
    colour = z / np.maximum(z.sum(axis=0, keepdims=True), 1) if column_shares else z
    share = "<br>share of column: %{z:.0%}" if column_shares else ""
    return go.Heatmap(z=np.round(colour, 4), x=list(x_labels), y=list(y_labels), colorscale=colorscale,
                      showscale=False, text=z.astype(np.int32), texttemplate="%{text}", xgap=1, ygap=1,
                      hovertemplate=f"{y_name}: %{{y}}<br>{x_name}: %{{x}}<br>comments: %{{text}}{share}"
                                    "<extra></extra>")


def box_stats(values: pd.Series) -> dict[str, float]:
    """Precomputed box statistics (whiskers at 1.5 IQR), so a box costs 6 numbers, not N."""
    v = values.dropna().to_numpy(dtype=float)
    if not len(v):
        return {}
    q1, med, q3 = np.percentile(v, [25, 50, 75])
    iqr = q3 - q1
    low = float(v[v >= q1 - 1.5 * iqr].min())
    high = float(v[v <= q3 + 1.5 * iqr].max())
    return {"q1": float(q1), "median": float(med), "q3": float(q3), "lowerfence": low, "upperfence": high,
            "mean": float(v.mean())}


def short_label(label: str, limit: int = 28) -> str:
    """A short axis label (unescaped)."""
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1] + "…"
