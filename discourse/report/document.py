"""doc-<name>.html: one thread's report.

Sizes stay bounded for huge threads: scatter points switch to WebGL and carry hover text only
on a sample, the page map is binned, the thread tree and the comment table are cut, and the
article view keeps the most engaged paragraphs.
"""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from .compare import associate, associate_counts, association_figure, column_counts, stance_sides, top_lists
from .data import CorpusView
from .figures import (COMMENT_ALT_COLOR, ROLE_COLORS, ROLE_ORDER, SIDE_COLORS, count_heatmap, f32,
                      marker_traces, short_label, stance_color, stance_order, styled, symbol_legend, to_div)
from .html import cards, esc, excerpt, hover_lines, note, page, section, signed, table

if TYPE_CHECKING:
    from .writer import Dashboards

MIN_SIMILARITY = 0.12  # TF-IDF cosine above which a comment counts as responding to a paragraph
MAX_PARAGRAPHS = 80  # article paragraphs drawn (the most engaged ones, in article order)
MAX_TREE_ROOTS = 150  # top-level comments in a cut thread tree
HOVER_COLUMNS = ("id", "author", "position", "text", "topic", "topic_score", "topic_evidence", "stance",
                 "stance_score", "stance_evidence", "polarity", "reply_to")


class DocumentPage:
    """Builds the report of one document from the shared corpus view."""

    def __init__(self, view: CorpusView, opts: "Dashboards", doc: str, rows: np.ndarray, lines: pd.DataFrame,
                 number: int) -> None:
        self.view, self.opts, self.doc = view, opts, doc
        # this document's comments in thread order; ``rows`` index the corpus matrices
        order = np.lexsort((rows, view.comments["position"].to_numpy()[rows]))
        self.rows = np.asarray(rows, dtype=int)[order]
        self.comments = view.comments.iloc[self.rows].reset_index(drop=True)
        self.lines = lines.sort_values("line", kind="stable").reset_index(drop=True)
        self.prefix = f"fig-doc{number}"
        self._hover_cache: dict[int, str] = {}
        self._columns = {k: self.comments[k].tolist() for k in HOVER_COLUMNS}

    # ---- page ------------------------------------------------------------------
    def html(self) -> str:
        view, c = self.view, self.comments
        info = view.documents[view.documents["doc"] == self.doc]
        info = info.iloc[0] if len(info) else pd.Series(dtype=object)
        summary = cards([("lines", len(self.lines)), ("article words", info.get("article_words", "")),
                         ("boilerplate lines", info.get("boilerplate_lines", "")), ("comments", len(c)),
                         ("replies", int((c["reply_to"] != "").sum())),
                         ("reposts", int((c["duplicate_of"] != "").sum())),
                         ("mean polarity", signed(c["polarity"].mean()) if len(c) else "")])
        body = [summary, self.segmentation_section()]
        if len(c):
            body += [self.topic_map_section(), self.thread_section(), self.timeline_section(),
                     self.topic_stance_section(), self.engagement_section(), self.comparison_section(),
                     self.table_section()]
        else:
            body.append(section("comments", "Comments", note("No comments were found in this document.")))
        nav = [("index.html", "← overview"), ("#segmentation", "Segmentation")]
        if len(c):
            nav += [("#topic-map", "Topic map"), ("#thread", "Thread"), ("#timeline", "Timeline"),
                    ("#engagement", "Article engagement"), ("#compare", "Comparison")]
        nav.append(("#comments", "Comments"))
        subtitle = f"{self.doc} · {info.get('format', '')} · {info.get('source', '')}"
        return page(self.view.title(self.doc), "\n".join(body), subtitle=subtitle, nav=nav)

    def hover(self, i: int) -> str:
        """The escaped hover label of comment ``i`` (row of ``self.comments``)."""
        label = self._hover_cache.get(i)
        if label is None:
            r = {k: v[i] for k, v in self._columns.items()}
            topic = self.view.topic_names.get(r["topic"], r["topic"])
            label = "<br>".join([
                f"<b>{esc(r['id'])}</b> {esc(r['author'])} · #{r['position']}",
                hover_lines(r["text"], self.opts.excerpt_chars),
                f"topic: {esc(topic)} ({r['topic_score']:.2f})"
                + (f" · {esc(excerpt(r['topic_evidence'], 100))}" if r["topic_evidence"] else ""),
                f"stance: {esc(r['stance'])} ({r['stance_score']:+.2f})"
                + (f" · {esc(excerpt(r['stance_evidence'], 100))}" if r["stance_evidence"] else ""),
                f"polarity {r['polarity']:+.2f}" + (f" · reply to {esc(r['reply_to'])}" if r["reply_to"] else "")])
            self._hover_cache[i] = label
        return label

    def hovers(self, rows: np.ndarray) -> np.ndarray:
        return np.array([self.hover(int(i)) for i in rows], dtype=object)

    def div(self, fig: go.Figure, name: str) -> str:
        return to_div(fig, f"{self.prefix}-{name}")

    # ---- segmentation ------------------------------------------------------------
    def segmentation_section(self) -> str:
        if self.lines.empty:
            return section("segmentation", "Segmentation", note("The document has no lines."))
        if len(self.lines) <= self.opts.max_page_bars:
            fig, text = self._line_bars(), "One bar per line (length = characters), coloured by role; " \
                                           "comments alternate two shades, ticks on the left mark where each begins."
        else:
            fig, text = self._binned_lines()
        return section("segmentation", "Segmentation: the page's lines by role", self.div(fig, "segmentation"),
                       note=text)

    def _line_roles(self) -> np.ndarray:
        """Role per line, with every other comment marked 'comment (alt)'."""
        roles = self.lines["role"].to_numpy(dtype=object).copy()
        starts = self.comments["start_line"].pipe(pd.to_numeric, errors="coerce").fillna(-1).to_numpy()
        if len(starts):
            k = np.searchsorted(np.sort(starts), self.lines["line"].to_numpy(), side="right") - 1
            alt = (roles == "comment") & (k >= 0) & (k % 2 == 1)
            roles[alt] = "comment (alt)"
        return roles

    def _line_bars(self) -> go.Figure:
        lines = self.lines
        roles = self._line_roles()
        chars = np.minimum(lines["text"].str.len().to_numpy(), 400) + 2
        colors = {**ROLE_COLORS, "comment (alt)": COMMENT_ALT_COLOR}
        fig = go.Figure()
        for role in [r for r in (*ROLE_ORDER, "comment (alt)") if r in set(roles)] + sorted(
                set(roles) - set(ROLE_ORDER) - {"comment (alt)"}):
            sel = np.flatnonzero(roles == role)
            hover = [f"line {lines['line'].iat[i]} · {esc(lines['role'].iat[i])}<br>"
                     f"{hover_lines(lines['text'].iat[i], 160)}" for i in sel]
            fig.add_trace(go.Bar(x=f32(chars[sel]), y=lines["line"].to_numpy(np.int32)[sel], orientation="h",
                                 name=esc(role), marker_color=colors.get(role, "#999999"), marker_line_width=0,
                                 width=1, hovertext=hover, hoverinfo="text", showlegend=role != "comment (alt)"))
        starts = sorted(set(pd.to_numeric(self.comments["start_line"], errors="coerce").dropna().astype(int)))
        if 0 < len(starts) <= 500:  # comment boundaries: ticks in a left gutter, one trace of segments
            ys = [v for s in starts for v in (s - 0.5, s - 0.5, None)]
            xs = [v for _ in starts for v in (-14, -2, None)]
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="comment start", hoverinfo="skip",
                                     line=dict(color="#7b3f00", width=1.2)))
        height = int(min(900, max(320, 100 + 5 * len(lines))))
        return styled(fig, "", height=height, xtitle="characters (capped at 400)", ytitle="line",
                      barmode="overlay", bargap=0, yaxis_autorange="reversed", xaxis_range=[-16, 405])

    def _binned_lines(self) -> tuple[go.Figure, str]:
        lines = self.lines
        span = int(lines["line"].max()) + 1
        size = math.ceil(span / self.opts.max_page_bars)
        binned = (lines.assign(bin=lines["line"] // size * size).groupby(["bin", "role"]).size()
                  .unstack(fill_value=0))
        fig = go.Figure()
        for role in [r for r in ROLE_ORDER if r in binned.columns] + sorted(set(binned.columns) - set(ROLE_ORDER)):
            fig.add_trace(go.Bar(x=binned[role].to_numpy(np.int32), y=binned.index.to_numpy(np.int32),
                                 orientation="h", name=esc(role), marker_color=ROLE_COLORS.get(role, "#999999"),
                                 marker_line_width=0, width=size,
                                 hovertemplate=f"bin from line %{{y}} ({size} lines)<br>{esc(role)}: "
                                               "%{x} lines<extra></extra>"))
        fig = styled(fig, "", height=900, xtitle=f"lines per bin of {size}", ytitle="line", barmode="stack",
                     bargap=0, yaxis_autorange="reversed")
        return fig, f"{len(lines)} lines, binned by {size}: bar length = lines of each role in the bin."

    # ---- topic map ---------------------------------------------------------------
    def projection(self) -> tuple[np.ndarray, np.ndarray, str, str]:
        """The pipeline's 2-D topic-map coordinates (``map_x``/``map_y``); position vs polarity where
        the thread has none."""
        x, y = self.comments["map_x"].to_numpy(float), self.comments["map_y"].to_numpy(float)
        if len(x) and np.isfinite(x).all() and np.isfinite(y).all():
            return x, y, "component 1", "component 2"
        return (self.comments["position"].to_numpy(float), self.comments["polarity"].to_numpy(float),
                "position in thread", "polarity")

    def topic_map_section(self) -> str:
        c = self.comments
        x, y, xt, yt = self.projection()
        order = [t for t in self.view.topic_order if (c["topic"] == t).any()]
        fig = go.Figure(marker_traces(
            x, y, groups=c["topic"].to_numpy(), order=order,
            names={t: esc(short_label(self.view.topic_names[t], 40)) for t in order},
            colors=self.view.topic_colors, hover=self.hovers, bounds=self.opts.bounds,
            symbols=c["stance"].to_numpy(), size=_marker_size(len(c)), opacity=_marker_opacity(len(c))))
        fig.add_traces(symbol_legend(stance_order(c["stance"].unique())))
        styled(fig, "", height=560, xtitle=xt, ytitle=yt)
        text = ("Comments projected to 2-D (SVD/PCA of their feature rows); colour = topic, symbol = stance."
                if xt.startswith("component") else "Too few comments or terms for a projection: position vs "
                                                   "polarity instead; colour = topic, symbol = stance.")
        return section("topic-map", "Topic map", self.div(fig, "topic-map"), note=text + self._sampled_note())

    def _sampled_note(self) -> str:
        n = len(self.comments)
        return (f" Hover text on a random {self.opts.max_hover_points} of {n} comments."
                if n > self.opts.max_hover_points else "")

    # ---- thread ------------------------------------------------------------------
    def parents(self) -> np.ndarray:
        """Row of each comment's parent (-1 for none); a parent must come earlier, so there are no cycles."""
        first_row: dict[str, int] = {}
        for i, cid in enumerate(self._columns["id"]):
            first_row.setdefault(cid, i)
        parent = np.array([first_row.get(p, -1) if p else -1 for p in self._columns["reply_to"]], dtype=int)
        parent[parent >= np.arange(len(parent))] = -1
        return parent

    def thread_tree(self) -> tuple[list[str], list[str], list[str], list[str], list[str], int]:
        """Icicle nodes (ids, parents, labels, colours, hover) and how many comments were left out.

        Small threads are drawn whole. Past ``max_tree_nodes`` comments (or MAX_TREE_ROOTS
        top-level comments), the largest sub-threads are kept, shown in thread order.
        """
        parent = self.parents()
        n = len(parent)
        size = np.ones(n, dtype=int)
        for i in range(n - 1, -1, -1):  # children come after parents: accumulate bottom-up
            if parent[i] >= 0:
                size[parent[i]] += size[i]
        root_of = np.arange(n)
        for i in range(n):
            if parent[i] >= 0:
                root_of[i] = root_of[parent[i]]
        roots = np.flatnonzero(parent < 0)
        budget = self.opts.max_tree_nodes
        chosen: set[int] = set()
        used = 0
        for r in roots[np.lexsort((roots, -size[roots]))]:  # largest sub-threads first
            if len(chosen) >= MAX_TREE_ROOTS or (chosen and used + size[r] > budget):
                continue
            chosen.add(int(r))
            used += size[r]
        ids, parents, labels, colors, hover = ["root"], [""], ["thread"], ["#ffffff"], ["the whole thread"]
        included: set[int] = set()
        for i in range(n):
            if len(included) >= budget:
                break
            if root_of[i] not in chosen or (parent[i] >= 0 and parent[i] not in included):
                continue
            included.add(i)
            ids.append(f"c{i}")
            parents.append(f"c{parent[i]}" if parent[i] >= 0 else "root")
            labels.append(esc(short_label(self._columns["id"][i], 16)))
            colors.append(stance_color(self._columns["stance"][i]))
            hover.append(self.hover(i))
        left_out = n - len(included)
        if left_out:
            labels[0] = f"thread: {len(included)} of {n} comments"
        return ids, parents, labels, colors, hover, left_out

    def thread_section(self) -> str:
        ids, parents, labels, colors, hover, left_out = self.thread_tree()
        obj = lambda values: np.array(values, dtype=object)  # noqa: E731 (object arrays validate fast)
        fig = go.Figure(go.Icicle(ids=obj(ids), parents=obj(parents), labels=obj(labels),
                                  marker=dict(colors=obj(colors)), hovertext=obj(hover), hoverinfo="text",
                                  maxdepth=6, tiling=dict(orientation="v"), leaf=dict(opacity=1),
                                  root_color="#ffffff"))
        fig.add_traces([go.Scatter(x=[None], y=[None], mode="markers", name=esc(s),
                                   marker=dict(color=stance_color(s), size=10, symbol="square"))
                        for s in stance_order(self.comments["stance"].unique())])
        styled(fig, "", height=560, xaxis_visible=False, yaxis_visible=False, legend_orientation="h",
               legend_y=-0.02)
        replies = int((self.comments["reply_to"] != "").sum())
        text = (f"Reply structure ({replies} replies): each box is a comment, its replies below it; "
                "colour = stance. Click a box to zoom into its sub-thread.")
        if left_out:
            text += (f" {len(ids) - 1} of {len(self.comments)} comments are drawn: the largest sub-threads, "
                     f"up to {self.opts.max_tree_nodes} comments and {MAX_TREE_ROOTS} top-level comments.")
        return section("thread", "Thread view", self.div(fig, "thread"), note=text)

    # ---- timeline ----------------------------------------------------------------
    def timeline_section(self) -> str:
        c = self.comments
        pos, pol = c["position"].to_numpy(float), c["polarity"].to_numpy(float)
        stances = stance_order(c["stance"].unique())
        fig = go.Figure(marker_traces(pos, pol, groups=c["stance"].to_numpy(), order=stances,
                                      names={s: esc(s) for s in stances},
                                      colors={s: stance_color(s) for s in stances}, hover=self.hovers,
                                      bounds=self.opts.bounds, size=_marker_size(len(c)) - 1,
                                      opacity=_marker_opacity(len(c))))
        window = max(5, len(c) // 40)
        if len(c) >= window:
            mean = pd.Series(pol).rolling(window, center=True, min_periods=1).mean().to_numpy()
            step = max(1, len(c) // 500)
            fig.add_trace(go.Scatter(x=f32(pos[::step]), y=f32(np.round(mean[::step], 4)), mode="lines",
                                     name=f"rolling mean ({window})", line=dict(color="#1f2933", width=2),
                                     hoverinfo="skip"))
        band = self.view.neutral_band
        fig.add_hrect(y0=-band, y1=band, fillcolor="#eef1f4", line_width=0, layer="below")
        styled(fig, "", height=420, xtitle="position in thread", ytitle="polarity", yaxis_range=[-1.05, 1.05])
        return section("timeline", "Timeline: polarity through the thread", self.div(fig, "timeline"),
                       note="Each marker is a comment (colour = stance); the line is a rolling mean."
                       + self._sampled_note())

    # ---- topic x stance ----------------------------------------------------------
    def topic_stance_section(self) -> str:
        c = self.comments
        topics = [t for t in self.view.topic_order if (c["topic"] == t).any()]
        stances = stance_order(c["stance"].unique())
        counts = c.groupby(["topic", "stance"]).size().unstack(fill_value=0).reindex(
            index=topics, columns=stances, fill_value=0)
        fig = go.Figure(count_heatmap(counts, x_labels=[esc(s) for s in stances],
                                      y_labels=[esc(self.view.topic_names[t]) for t in topics],
                                      x_name="stance", y_name="topic"))
        styled(fig, "", height=max(240, 90 + 34 * len(topics)), legend=False, yaxis_autorange="reversed")
        return section("topic-stance", "Topic × stance", self.div(fig, "topic-stance"),
                       note="Comments per topic and stance in this thread.")

    # ---- article engagement ------------------------------------------------------
    def engagement(self) -> pd.DataFrame | None:
        """Per body paragraph: comments quoting it, comments most similar to it, and an example comment."""
        body = self.lines[self.lines["role"] == "body"].reset_index(drop=True)
        view = self.view
        if body.empty or view.vectorize is None:
            return None
        para = normalize(view.vectorize(body["text"].tolist()))
        sims = (normalize(view.tfidf[self.rows]) @ para.T)
        sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
        best = sims.argmax(axis=1)
        best_sim = sims[np.arange(len(best)), best]
        quoted = np.full(len(self.comments), -1)
        flat = [_flat(t) for t in body["text"]]
        for i, (quotes, quote) in enumerate(zip(self.comments["quotes_article"], self.comments["article_quote"])):
            if quotes and quote.strip():
                q = _flat(quote)
                hit = next((k for k, p in enumerate(flat) if q and q in p), -1)
                if hit < 0:
                    qv = normalize(view.vectorize([quote])) @ para.T
                    qv = qv.toarray().ravel() if hasattr(qv, "toarray") else np.asarray(qv).ravel()
                    hit = int(qv.argmax()) if qv.max() > 0 else -1
                quoted[i] = hit
        similar = np.where((quoted < 0) & (best_sim >= MIN_SIMILARITY), best, -1)
        rows = []
        for k in range(len(body)):
            responders = np.flatnonzero((quoted == k) | (similar == k))
            example = responders[np.argmax(sims[responders, k])] if len(responders) else -1
            rows.append({"line": int(body["line"].iat[k]), "text": body["text"].iat[k],
                         "quoted": int((quoted == k).sum()), "similar": int((similar == k).sum()),
                         "mean_similarity": float(sims[:, k].mean()) if len(sims) else 0.0, "example": int(example)})
        return pd.DataFrame(rows)

    def engagement_section(self) -> str:
        table_ = self.engagement()
        if table_ is None:
            return section("engagement", "Article engagement", note("No article body lines to compare with."))
        total = table_["quoted"] + table_["similar"]
        if len(table_) > MAX_PARAGRAPHS:
            keep = np.sort(np.lexsort((table_.index.to_numpy(), -total.to_numpy()))[:MAX_PARAGRAPHS])
            table_ = table_.iloc[keep]
        labels = [esc(f"¶{k + 1} {short_label(t, 42)}") for k, t in zip(table_.index, table_["text"])]
        hover = []
        for r in table_.itertuples():
            text = (f"<b>line {r.line}</b>: {hover_lines(r.text, 300)}<br>quoted by {r.quoted}, closest to "
                    f"{r.similar} more comments (mean similarity {r.mean_similarity:.3f})")
            if r.example >= 0:
                text += f"<br><i>e.g.</i> {esc(self.comments['id'].iat[r.example])}: " \
                        f"{hover_lines(self.comments['text'].iat[r.example], 160)}"
            hover.append(text)
        fig = go.Figure([
            go.Bar(y=labels, x=table_["quoted"].to_numpy(np.int32), orientation="h", name="quote the paragraph",
                   marker_color="#08519c", hovertext=hover, hoverinfo="text"),
            go.Bar(y=labels, x=table_["similar"].to_numpy(np.int32), orientation="h",
                   name="closest paragraph (TF-IDF)", marker_color="#9ecae1", hovertext=hover, hoverinfo="text")])
        styled(fig, "", height=max(280, 130 + 22 * len(labels)), xtitle="comments", barmode="stack",
               yaxis_autorange="reversed", legend_orientation="h", legend_y=-0.12, legend_yanchor="top")
        if int(table_["quoted"].add(table_["similar"]).max()) <= 10:
            fig.update_xaxes(dtick=1)
        n_quoting = int(self.comments["quotes_article"].sum())
        return section("engagement", "Article engagement: which paragraphs the comments respond to",
                       self.div(fig, "engagement"),
                       note=f"{n_quoting} comments quote the article (quotes_article / article_quote); the others "
                            f"count for their most similar body paragraph when cosine ≥ {MIN_SIMILARITY}.")

    # ---- comparison --------------------------------------------------------------
    def comparison_section(self) -> str:
        view, opts = self.view, self.opts
        total = column_counts(view.term_matrix, np.arange(len(view.comments)))
        parts = []
        side_a, side_b, name_a, name_b = stance_sides(self.comments["stance"].to_numpy())
        camps = associate(view.term_matrix, view.terms, self.rows[side_a], self.rows[side_b], name_a, name_b,
                          background=total)
        if camps is not None:
            parts += [self.div(association_figure(camps, colors=SIDE_COLORS, max_points=opts.max_scatter_terms,
                                                  n_labels=10, title=f"Stance camps: {name_a} vs {name_b}"),
                               "stance-terms"), top_lists(camps, opts.max_terms, SIDE_COLORS)]
        else:
            parts.append(note(f"Stance camps: one camp is empty here ({len(side_a)} {name_a}, "
                              f"{len(side_b)} {name_b})."))
        mine = column_counts(view.term_matrix, self.rows)
        versus = associate_counts(mine, total - mine, view.terms, len(self.rows), len(view.comments) - len(self.rows),
                                  "this thread", "other threads", background=total)
        if versus is not None:
            parts += [self.div(association_figure(versus, colors=("#4c78a8", "#9d755d"),
                                                  max_points=opts.max_scatter_terms, n_labels=10,
                                                  title="This thread vs the other threads"), "doc-terms"),
                      top_lists(versus, opts.max_terms, ("#4c78a8", "#9d755d"))]
        else:
            parts.append(note("No other thread with comments to compare with."))
        return section("compare", "Comparison: distinctive terms", *parts,
                       note="Log-odds ratio with an informative Dirichlet prior (corpus counts as the prior).")

    # ---- comment table -----------------------------------------------------------
    def table_section(self) -> str:
        c = self.comments
        shown = c.head(self.opts.max_table_rows)
        limit = self.opts.excerpt_chars * 2
        rows = [[r.position, r.id, r.author, r.reply_to, self.view.topic_names.get(r.topic, r.topic), r.stance,
                 f"{r.polarity:+.2f}", excerpt(r.text, limit)] for r in shown.itertuples(index=False)]
        tbl = table(["#", "id", "author", "reply to", "topic", "stance", "polarity", "comment"], rows,
                    table_id="comments-table", numeric=("#", "polarity"), text=("comment",), filterable=True,
                    total=len(c))
        text = "Type to filter (any column)." + (
            f" The first {len(shown)} of {len(c)} comments; all are in comments.csv." if len(shown) < len(c) else "")
        return section("comments", "Comments", tbl, note=text)


def _marker_size(n_points: int) -> int:
    return 9 if n_points < 1000 else 6 if n_points < 10000 else 4


def _marker_opacity(n_points: int) -> float:
    return 0.85 if n_points < 1000 else 0.6 if n_points < 10000 else 0.35


def _flat(text: str) -> str:
    return re.sub(r"\W+", " ", str(text).lower()).strip()
