"""index.html: the corpus overview.

Every figure here is an aggregate (counts, box statistics, top terms), so the page size grows
with the number of documents and topics, not with the number of comments.
"""
from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .compare import (associate, associate_counts, association_figure, column_counts, log_odds_z, stance_sides,
                      top_lists)
from .data import CorpusView
from .figures import (ROLE_COLORS, ROLE_ORDER, SIDE_COLORS, STANCE_COLORS, box_stats, count_heatmap, f32,
                      stance_order, styled, to_div)
from .html import Cell, cards, esc, link, note, page, section, signed, table

if TYPE_CHECKING:
    from .writer import Dashboards


def build_index(view: CorpusView, opts: "Dashboards", reports: dict[str, str]) -> str:
    """The overview page; ``reports`` maps each document to its report file name."""
    c = view.comments
    stance_counts = c["stance"].value_counts()
    summary = cards([("documents", len(view.documents)), ("comments", len(c)),
                     ("topics", sum(t != "other" for t in view.topic_order)),
                     ("replies", int((c["reply_to"] != "").sum())),
                     *[(f"stance {s}", int(stance_counts[s])) for s in stance_order(stance_counts.index)]])
    body = [summary,
            documents_section(view, opts, reports),
            topics_section(view, opts),
            comparison_section(view, opts, reports),
            parameters_section(view)]
    nav = [("#documents", "Documents"), ("#topics", "Topics"), ("#stance", "Stance & sentiment"),
           ("#terms", "Top terms"), ("#compare", "Comparison"), ("#parameters", "Parameters")]
    return page("discourse: corpus overview", "\n".join(body),
                subtitle=f"{len(view.documents)} documents, {len(c)} comments", nav=nav)


def largest_documents(view: CorpusView, limit: int, by: str = "comments") -> list[str]:
    """Up to ``limit`` documents with the most comments (or lines), kept in input order."""
    docs = view.documents
    counts = pd.to_numeric(docs[by], errors="coerce").fillna(0).to_numpy()
    keep = sorted(np.lexsort((np.arange(len(docs)), -counts))[:limit])
    return [docs["doc"].iloc[i] for i in keep]


def doc_axis_labels(view: CorpusView, docs: list[str]) -> list[str]:
    """Unique, short, escaped axis labels: '#3 title…'."""
    number = {d: i + 1 for i, d in enumerate(view.documents["doc"])}
    return [esc(f"#{number.get(d, 0)} {view.short_title(d, 24)}") for d in docs]


# ---- documents -----------------------------------------------------------------
def documents_section(view: CorpusView, opts: "Dashboards", reports: dict[str, str]) -> str:
    docs = view.documents
    rows = []
    for i, d in enumerate(docs.head(opts.max_table_rows).itertuples(index=False), 1):
        rows.append([i, link(reports[d.doc], view.title(d.doc)), d.source, d.format, d.article_words, d.comments,
                     d.boilerplate_lines, d.replies, d.duplicates, signed(d.mean_polarity)])
    headers = ["#", "title", "source", "format", "article words", "comments", "boilerplate lines removed",
               "replies", "reposts", "mean polarity"]
    tbl = table(headers, rows, table_id="documents-table", filterable=True, total=len(docs),
                numeric=("#", "article words", "comments", "boilerplate lines removed", "replies", "reposts",
                         "mean polarity"))
    return section("documents", "Documents", tbl, composition_figure(view, opts),
                   note="Each title opens the document's report: segmentation, topic map, thread, timeline, "
                        "article engagement and the comment table.")


def composition_figure(view: CorpusView, opts: "Dashboards") -> str:
    """Lines per role and document: what the segmenter kept as article, boilerplate and comments."""
    if view.lines.empty:
        return note("No lines to show.")
    docs = largest_documents(view, opts.max_documents, by="lines")
    counts = (view.lines[view.lines["doc"].isin(docs)].groupby(["doc", "role"]).size()
              .unstack(fill_value=0).reindex(index=docs, fill_value=0))
    labels = doc_axis_labels(view, docs)
    fig = go.Figure()
    for role in [r for r in ROLE_ORDER if r in counts.columns] + sorted(set(counts.columns) - set(ROLE_ORDER)):
        fig.add_trace(go.Bar(y=labels, x=counts[role].to_numpy(np.int32), name=esc(role), orientation="h",
                             marker_color=ROLE_COLORS.get(role, "#999999"),
                             hovertemplate="%{y}<br>" + esc(role) + ": %{x} lines<extra></extra>"))
    styled(fig, "Page composition: lines per role", height=_bar_height(len(docs)), xtitle="lines",
           barmode="stack", yaxis_autorange="reversed")
    return to_div(fig, "fig-composition")


# ---- topics ----------------------------------------------------------------------
def topics_section(view: CorpusView, opts: "Dashboards") -> str:
    c = view.comments
    if c.empty:
        return section("topics", "Topics", note("No comments were found, so there are no topics to show."))
    topics = view.topics.set_index("topic") if not view.topics.empty else pd.DataFrame()
    sizes = c["topic"].value_counts()
    rows = []
    for t in view.topic_order:
        info = topics.loc[t] if t in topics.index else {}
        mine = c[c["topic"] == t]
        st = mine["stance"].value_counts()
        rows.append([Cell(f'<span class="swatch" style="background:{view.topic_colors[t]}"></span>{esc(t)}'),
                     view.topic_names[t], info.get("kind", ""), int(sizes.get(t, 0)), signed(mine["polarity"].mean()),
                     int(st.get("favor", 0) + st.get("camp_a", 0)), int(st.get("against", 0) + st.get("camp_b", 0)),
                     int(st.get("none", 0)), info.get("terms", "")])
    tbl = table(["topic", "label", "kind", "comments", "mean polarity", "favor/A", "against/B", "none", "terms"],
                rows, table_id="topics-table", numeric=("comments", "mean polarity", "favor/A", "against/B", "none"))
    parts = [tbl, topic_document_figure(view, opts)]
    stance = section("stance", "Stance and sentiment by topic",
                     '<div class="grid2">' + stance_by_topic_figure(view) + sentiment_figure(view) + "</div>",
                     note="Bars count comments per stance; boxes show the polarity spread (whiskers at 1.5 IQR, "
                          "grey band = neutral).")
    terms = section("terms", "Top terms per topic", top_terms_figure(view, opts),
                    note="Terms most typical of each topic against all other comments (log-odds z-score with an "
                         "informative Dirichlet prior); with a single topic, the share of its comments using the term.")
    return section("topics", "Topics", *parts) + "\n" + stance + "\n" + terms


def topic_document_figure(view: CorpusView, opts: "Dashboards") -> str:
    docs = [d for d in largest_documents(view, opts.max_documents) if (view.comments["doc"] == d).any()]
    counts = (view.comments[view.comments["doc"].isin(docs)].groupby(["topic", "doc"]).size()
              .unstack(fill_value=0).reindex(index=view.topic_order, columns=docs, fill_value=0))
    fig = go.Figure(count_heatmap(counts, x_labels=doc_axis_labels(view, docs),
                                  y_labels=[esc(view.topic_names[t]) for t in view.topic_order],
                                  x_name="document", y_name="topic", column_shares=True))
    styled(fig, "Topics × documents (colour: share of the document's comments)",
           height=max(260, 90 + 30 * len(view.topic_order)), legend=False, xaxis_tickangle=-35,
           xaxis_domain=[0, min(1.0, 0.25 + 0.08 * len(docs))])  # few documents: narrow columns
    fig.update_yaxes(autorange="reversed")
    return to_div(fig, "fig-topic-document")


def stance_by_topic_figure(view: CorpusView) -> str:
    counts = (view.comments.groupby(["topic", "stance"]).size().unstack(fill_value=0)
              .reindex(index=view.topic_order, fill_value=0))
    labels = [esc(view.topic_names[t]) for t in view.topic_order]
    fig = go.Figure([go.Bar(y=labels, x=counts[s].to_numpy(np.int32), name=esc(s), orientation="h",
                            marker_color=STANCE_COLORS.get(s, "#999999"),
                            hovertemplate="%{y}<br>" + esc(s) + ": %{x} comments<extra></extra>")
                     for s in stance_order(counts.columns)])
    styled(fig, "Stance by topic", height=_bar_height(len(labels)), xtitle="comments", barmode="stack",
           yaxis_autorange="reversed", legend_orientation="h", legend_y=-0.15, legend_yanchor="top",
           legend_traceorder="normal")
    return to_div(fig, "fig-stance-topic")


def sentiment_figure(view: CorpusView) -> str:
    fig = go.Figure()
    for t in view.topic_order:
        stats = box_stats(view.comments.loc[view.comments["topic"] == t, "polarity"])
        if stats:
            fig.add_trace(go.Box(y=[esc(view.topic_names[t])], orientation="h", name=esc(view.topic_names[t]),
                                 marker_color=view.topic_colors[t], boxmean=True,
                                 **{k: [round(v, 4)] for k, v in stats.items()}))
    band = view.neutral_band
    fig.add_vrect(x0=-band, x1=band, fillcolor="#eef1f4", line_width=0, layer="below")
    styled(fig, "Sentiment (polarity) by topic", height=_bar_height(len(view.topic_order)), xtitle="polarity",
           legend=False, yaxis_autorange="reversed", xaxis_range=[-1.05, 1.05])
    return to_div(fig, "fig-sentiment-topic")


def top_terms_figure(view: CorpusView, opts: "Dashboards") -> str:
    topics = [t for t in view.topic_order if (view.comments["topic"] == t).any()]
    if view.term_matrix.shape[1] == 0 or not topics:
        return note("No terms to show.")
    total = column_counts(view.term_matrix, np.arange(len(view.comments)))
    groups = view.comments.groupby("topic").indices
    cols = min(3, len(topics))
    n_rows = -(-len(topics) // cols)
    fig = make_subplots(rows=n_rows, cols=cols, subplot_titles=[esc(view.topic_names[t]) for t in topics],
                        horizontal_spacing=0.12, vertical_spacing=min(0.3 / max(n_rows - 1, 1), 0.08))
    single = len(topics) == 1
    for i, t in enumerate(topics):
        rows = groups[t]
        mine = column_counts(view.term_matrix, rows)
        score = mine / max(len(rows), 1) if single else log_odds_z(mine, total - mine, total)
        order = np.lexsort((view.terms.astype(str), -score))[: opts.max_terms]
        order = [j for j in order if mine[j] > 0]
        fig.add_trace(go.Bar(x=f32(np.round(score[order], 3)), y=[esc(view.terms[j]) for j in order],
                             orientation="h", marker_color=view.topic_colors[t], showlegend=False,
                             customdata=mine[order].astype(np.int32),
                             hovertemplate="%{y}: %{customdata} comments, score %{x:.2f}<extra></extra>"),
                      row=i // cols + 1, col=i % cols + 1)
    fig.update_yaxes(autorange="reversed", tickfont_size=11)
    styled(fig, "", height=40 + n_rows * (70 + 17 * opts.max_terms), legend=False)
    fig.update_layout(margin_t=50)
    fig.update_annotations(font_size=13)
    return to_div(fig, "fig-top-terms")


# ---- comparison ------------------------------------------------------------------
def comparison_section(view: CorpusView, opts: "Dashboards", reports: dict[str, str]) -> str:
    c = view.comments
    parts = []
    rows_a, rows_b, name_a, name_b = stance_sides(c["stance"].to_numpy())
    total = column_counts(view.term_matrix, np.arange(len(c)))
    assoc = associate(view.term_matrix, view.terms, rows_a, rows_b, name_a, name_b, background=total)
    if assoc is None:
        parts.append(note("Stance camps: no comparison, one camp is empty "
                          f"({len(rows_a)} {name_a}, {len(rows_b)} {name_b} comments)."))
    else:
        parts.append(to_div(association_figure(assoc, colors=SIDE_COLORS, max_points=opts.max_scatter_terms,
                                               n_labels=min(opts.max_terms, 15),
                                               title=f"Terms of the stance camps: {name_a} vs {name_b}"),
                            "fig-stance-terms"))
        parts.append(top_lists(assoc, opts.max_terms, SIDE_COLORS))
    parts.append(document_terms(view, opts, reports, total))
    return section("compare", "Comparison: which words set camps and documents apart", *parts,
                   note="Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008), counting the "
                        "comments that use a term; |z| > 1.96 is marked as distinctive.")


def document_terms(view: CorpusView, opts: "Dashboards", reports: dict[str, str], total: np.ndarray) -> str:
    """Each document against the rest of the corpus: a z-score heatmap and a table of top terms."""
    groups = view.comments.groupby("doc").indices
    docs = [d for d in largest_documents(view, opts.max_documents) if d in groups]
    if len(docs) < 2:
        return note("Documents: at least two documents with comments are needed for a comparison.")
    per_doc, shown_terms = {}, []
    for d in docs:
        mine = column_counts(view.term_matrix, groups[d])
        assoc = associate_counts(mine, total - mine, view.terms, len(groups[d]), len(view.comments) - len(groups[d]),
                                 view.title(d), "the rest", background=total)
        if assoc is None:
            continue
        per_doc[d] = assoc
        for i in assoc.top(5):
            if assoc.terms[i] not in shown_terms:
                shown_terms.append(assoc.terms[i])
    if not per_doc:
        return note("Documents: no term is shared by enough comments to compare.")
    shown_terms = shown_terms[:40]
    z = np.array([[_z_of(per_doc.get(d), term) for d in docs] for term in shown_terms], dtype=float)
    rows = [[link(reports[d], view.title(d)), len(groups[d]),
             ", ".join(f"{a.terms[i]} ({a.z[i]:.1f})" for i in a.top(opts.max_terms))] for d, a in per_doc.items()]
    tbl = table(["document", "comments", "distinctive terms (z)"], rows, table_id="doc-terms-table",
                numeric=("comments",))
    if not shown_terms:
        return tbl
    fig = go.Figure(go.Heatmap(z=np.round(np.clip(z, -10, 10), 2), x=doc_axis_labels(view, docs),
                               y=[esc(t) for t in shown_terms], colorscale="RdBu", zmid=0, xgap=1, ygap=1,
                               colorbar=dict(title="z", thickness=12),
                               hovertemplate="%{y} in %{x}<br>z = %{z:.1f}<extra></extra>"))
    styled(fig, "Distinctive terms by document (z against the rest of the corpus)",
           height=max(300, 110 + 18 * len(shown_terms)), legend=False, xaxis_tickangle=-35,
           yaxis_autorange="reversed")
    return to_div(fig, "fig-document-terms") + tbl


def _z_of(assoc: Any, term: str) -> float:
    if assoc is None:
        return 0.0
    hit = np.flatnonzero(assoc.terms == term)
    return float(assoc.z[hit[0]]) if len(hit) else 0.0


# ---- parameters ------------------------------------------------------------------
def parameters_section(view: CorpusView) -> str:
    """The run's configuration, one table per section."""
    config = view.config
    if config is None:
        return section("parameters", "Parameters of the run", note("No configuration recorded."))
    data = config.to_dict() if hasattr(config, "to_dict") else (
        dataclasses.asdict(config) if dataclasses.is_dataclass(config) else dict(config))
    blocks = []
    for name in data:
        values = data[name]
        if not isinstance(values, dict):
            values = {"value": values}
        if not values:
            continue
        rows = [[key, _param(value)] for key, value in values.items()]
        blocks.append(f"<div><h3>[{esc(name)}]</h3>" + table(["key", "value"], rows, table_id=f"param-{_slug(name)}")
                      + "</div>")
    return section("parameters", "Parameters of the run", '<div class="grid3">' + "".join(blocks) + "</div>",
                   note="As in config.toml next to this page; `discourse analyze --config config.toml` repeats "
                        "the run.")


def _param(value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "; ".join(f"{v.get('name', '')}: {', '.join(map(str, v.get('terms', [])))}" for v in value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", str(name).lower())


def _bar_height(n_bars: int) -> int:
    return max(240, 110 + 26 * n_bars)
