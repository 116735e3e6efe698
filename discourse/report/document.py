"""doc-<name>.html: one thread's report.

It opens with the thread as a conversation (a collapsible reply tree with author, time, side colour
and first words; the full text on click), then who answers whom (the reply network), what each side
says (the contrast view), the topic map, the timeline, article engagement, the comment table and the
segmentation view. Sizes stay bounded for huge threads: the tree and the table read one embedded,
size-capped comment store; scatter plots draw a seeded sample, switch to WebGL and carry hover text
only on a sample; the page map is binned.
"""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from sklearn.preprocessing import normalize

from .compare import associate_counts, column_counts, stance_sides, top_lists
from .contrast import contrast_data, contrast_html, no_contrast
from .data import CorpusView, side_name
from .figures import (COMMENT_ALT_COLOR, ROLE_COLORS, ROLE_ORDER, SIDE_COLORS, STANCE_COLORS,
                      confidence_alpha, count_heatmap, f32, marker_traces, robust_range, short_label, stance_color,
                      stance_order, store_hover, styled, symbol_legend, to_div)
from .html import cards, esc, hover_lines, note, page, section, signed
from .network import network_block
from .store import DOC_TEXT_BUDGET, CommentStore

if TYPE_CHECKING:
    from .writer import Dashboards

MIN_SIMILARITY = 0.12  # TF-IDF cosine above which a comment counts as responding to a paragraph
MAX_PARAGRAPHS = 80  # article paragraphs drawn (the most engaged ones, in article order)
MAX_TREE_ROOTS = 150  # top-level comments in a cut thread tree
MAX_SCATTER_POINTS = 5000  # comments drawn on the topic map and the timeline (a seeded sample beyond)
TOPIC_SCORE_FULL = 0.5  # topic score at which a point of the topic map is drawn fully opaque


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
        self.store = CommentStore(view, {doc: ""}, DOC_TEXT_BUDGET, links=False)
        self._columns = {k: self.comments[k].tolist() for k in ("id", "reply_to")}
        self._sample: np.ndarray | None = None
        self._hover_rows: np.ndarray | None = None

    # ---- page ------------------------------------------------------------------
    def html(self) -> str:
        view, c = self.view, self.comments
        info = view.documents[view.documents["doc"] == self.doc]
        info = info.iloc[0] if len(info) else pd.Series(dtype=object)
        summary = cards([("comments", len(c)), ("replies", int((c["reply_to"] != "").sum()) if len(c) else ""),
                         ("authors", c.loc[c["author"] != "", "author"].nunique() or ""),
                         ("mean polarity", signed(c["polarity"].mean(), 2) if len(c) else ""),
                         ("article words", info.get("article_words", "")), ("lines", len(self.lines)),
                         ("boilerplate lines", info.get("boilerplate_lines", "")),
                         ("reposts", int((c["duplicate_of"] != "").sum()) if len(c) else "")])
        body = [summary]
        nav = [("index.html", "← overview")]
        if len(c):
            # the comment store fills in this order until its budget is spent: the tree (what a reader
            # reads), the comments with hover labels on the scatter plots, the contrast's term look-ups,
            # then the comment table
            tree = self.thread_section()
            self.hover_store_rows()
            body += [tree, self.network_section(), self.contrast_section(), self.topic_map_section(),
                     self.timeline_section(), self.topic_stance_section(), self.engagement_section(),
                     self.thread_terms_section(), self.table_section()]
            nav += [("#thread", "Thread"), ("#network", "Network"), ("#contrast", "Contrast"),
                    ("#topic-map", "Topic map"), ("#timeline", "Timeline"), ("#engagement", "Article engagement"),
                    ("#comments", "Comments")]
        else:
            body.append(section("comments", "Comments", note("No comments were found in this document.")))
        body.append(self.segmentation_section())
        nav.append(("#segmentation", "Segmentation"))
        subtitle = " · ".join(str(x) for x in (self.doc, info.get("format", ""), info.get("source", "")) if str(x))
        return page(self.view.title(self.doc), "\n".join(body) + (self.store.script(len(c)) if len(c) else ""),
                    subtitle=subtitle, nav=nav)

    def hover_store_rows(self) -> np.ndarray:
        """Store row per drawn scatter point (-1: no hover label): a fixed random ``max_hover_points`` of
        the drawn comments are added to the comment store (as far as its budget allows)."""
        if self._hover_rows is None:
            drawn = self.sample()
            keep = np.flatnonzero(self.opts.bounds.hover_mask(len(drawn)))
            rows = np.full(len(self.comments), -1, dtype=int)
            for i in drawn[keep]:
                rows[i] = self.store.add(self.rows[i])
            self._hover_rows = rows
        return self._hover_rows

    def div(self, fig: go.Figure, name: str) -> str:
        return to_div(fig, f"{self.prefix}-{name}")

    def sample(self) -> np.ndarray:
        """Rows drawn on the scatter plots: all, or a seeded sample of MAX_SCATTER_POINTS in thread order."""
        if self._sample is None:
            n = len(self.comments)
            self._sample = np.arange(n) if n <= MAX_SCATTER_POINTS else np.sort(
                np.random.default_rng(0).choice(n, MAX_SCATTER_POINTS, replace=False))
        return self._sample

    def _sampled_note(self) -> str:
        n, drawn = len(self.comments), len(self.sample())
        text = f" {drawn:,} of {n:,} comments are drawn (a random sample)." if drawn < n else ""
        labelled = int((self.hover_store_rows()[self.sample()] >= 0).sum())
        if labelled < drawn:
            text += f" Hover text on a random {labelled} of {drawn} comments."
        return text

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
    def topic_map_section(self) -> str:
        c = self.comments
        x, y = c["map_x"].to_numpy(float), c["map_y"].to_numpy(float)
        if len(x) < 3 or not (np.isfinite(x).all() and np.isfinite(y).all()):
            return section("topic-map", "Topic map", note("No topic map: the thread has too few comments or words "
                                                          "for the pipeline to project it."))
        rows = self.sample()
        x, y = x[rows], y[rows]
        ranges = [robust_range(x), robust_range(y)]
        outside = np.zeros(len(rows), dtype=bool)
        for values, rng in zip((x, y), ranges):
            if rng is not None:
                outside |= (values < rng[0]) | (values > rng[1])
        x = np.clip(x, *ranges[0]) if ranges[0] else x
        y = np.clip(y, *ranges[1]) if ranges[1] else y
        topics, stances = c["topic"].to_numpy()[rows], c["stance"].to_numpy()[rows]
        alpha = 0.2 + 0.8 * np.clip(c["topic_score"].to_numpy(float)[rows] / TOPIC_SCORE_FULL, 0, 1)
        order = [t for t in self.view.topic_order if (topics == t).any()]
        inside = np.flatnonzero(~outside)
        fig = go.Figure(marker_traces(
            x[inside], y[inside], groups=topics[inside], order=order,
            names={t: esc(short_label(self.view.topic_names[t], 40)) for t in order},
            colors=self.view.topic_colors, hover_rows=self.hover_store_rows()[rows[inside]], bounds=self.opts.bounds,
            symbols=stances[inside], size=_marker_size(len(rows)), opacity=alpha[inside]))
        far = np.flatnonzero(outside)
        if len(far):
            labels = self.hover_store_rows()[rows[far]]
            fig.add_trace(go.Scatter(x=f32(x[far]), y=f32(y[far]), mode="markers", name="outside the range",
                                     marker=dict(symbol="diamond-open", size=11, color="#52606d", line_width=1.5),
                                     cliponaxis=False,  # whole diamonds at the edge, not halves
                                     **store_hover(labels if (labels >= 0).all() else None)))
        fig.add_traces(symbol_legend(stance_order(stances)))
        styled(fig, "", height=560, xtitle="map x", ytitle="map y", xaxis_range=ranges[0], yaxis_range=ranges[1],
               xaxis_showticklabels=False, yaxis_showticklabels=False)
        text = ("Comments placed by the words they use (the pipeline's 2-D projection of the thread): near = similar "
                "wording. Colour = topic (paler = lower topic score, a looser fit), symbol = side.")
        if len(far):
            text += (f" {len(far)} {'comments lie' if len(far) > 1 else 'comment lies'} far from the rest; "
                     f"{'they are' if len(far) > 1 else 'it is'} drawn at the edge as open diamonds so the others "
                     "keep their spread.")
        return section("topic-map", "Topic map", self.div(fig, "topic-map"), note=text + self._sampled_note())

    # ---- thread ------------------------------------------------------------------
    def parents(self) -> np.ndarray:
        """Row of each comment's parent (-1 for none); a parent must come earlier, so there are no cycles."""
        first_row: dict[str, int] = {}
        for i, cid in enumerate(self._columns["id"]):
            first_row.setdefault(cid, i)
        parent = np.array([first_row.get(p, -1) if p else -1 for p in self._columns["reply_to"]], dtype=int)
        parent[parent >= np.arange(len(parent))] = -1
        return parent

    def tree_rows(self) -> tuple[list[int], np.ndarray]:
        """Comments drawn in the thread tree (rows of ``self.comments``, thread order) and the parents.

        Small threads are drawn whole. Past ``max_tree_nodes`` comments (or MAX_TREE_ROOTS top-level
        comments) the largest sub-threads are kept, shown in thread order.
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
        included: list[int] = []
        seen: set[int] = set()
        for i in range(n):
            if len(included) >= budget:
                break
            if root_of[i] not in chosen or (parent[i] >= 0 and parent[i] not in seen):
                continue
            seen.add(i)
            included.append(i)
        return included, parent

    def thread_section(self) -> str:
        included, parent = self.tree_rows()
        store_row: dict[int, int] = {}
        for i in included:
            k = self.store.add(self.rows[i], parent=store_row.get(int(parent[i]), -1), in_tree=True)
            if k < 0:
                break
            store_row[i] = k
        n, drawn = len(self.comments), len(store_row)
        replies = int((self.comments["reply_to"] != "").sum())
        legend = " ".join(f'<span class="swatch" style="background:{stance_color(s)}"></span>{esc(side_name(s))}'
                          for s in stance_order(self.comments["stance"].unique()))
        tools = ('<div class="tree-tools"><button type="button" data-action="fold">collapse all</button> '
                 '<button type="button" data-action="unfold">expand all</button> '
                 '<button type="button" data-action="open">show all texts</button> '
                 '<button type="button" data-action="close">hide all texts</button> '
                 f'<span class="note">{legend}</span></div>')
        text = (f"{n:,} comments, {replies:,} of them replies. Each line: author (or comment id), time, number of "
                "replies and first words; the bar's colour is the side (paler = less confident). Click a line for "
                "the full text, topic and side; ▾ folds a sub-thread.")
        if drawn < n:
            text += (f" {drawn:,} of {n:,} comments are drawn: the largest sub-threads, up to "
                     f"{self.opts.max_tree_nodes} comments and {MAX_TREE_ROOTS} top-level comments"
                     + (", within the page's size budget" if self.store.full else "") + ".")
        return section("thread", "The conversation", tools + '<div class="thread-tree" id="tree"></div>', note=text)

    # ---- who answers whom -----------------------------------------------------------
    def network_section(self) -> str:
        html, text = network_block(self.view, self.rows, self.div, f"{self.prefix}-network-table")
        return section("network", "Who argues with whom: the reply network", html, note=text)

    # ---- contrast ----------------------------------------------------------------
    def contrast_section(self) -> str:
        stance = self.comments["stance"].to_numpy()
        side_a, side_b, *names = stance_sides(stance)
        names = tuple(names)
        present = set(stance[side_a].tolist()) | set(stance[side_b].tolist())
        colors = ((STANCE_COLORS["camp_a"], STANCE_COLORS["camp_b"]) if present & {"camp_a", "camp_b"}
                  and not present & {"favor", "against"} else SIDE_COLORS)
        data = contrast_data(self.view, self.rows[side_a], self.rows[side_b], names, colors, self.view.title(self.doc),
                             self.store, self.opts.max_scatter_terms)
        body = contrast_html([data], f"{self.prefix}-contrast") if data else no_contrast(names, len(side_a),
                                                                                           len(side_b))
        return section("contrast", f"Contrast: {names[0]} versus {names[1]}, term by term", body,
                       note="Each point is a term: how many comments of each side use it (log scale). Colour = "
                            "log-odds z with an informative Dirichlet prior (corpus counts as the prior); |z| > 1.96 "
                            "marks a term typical of one side. Click a point or a term, or search, to read the "
                            "comments.")

    # ---- timeline ----------------------------------------------------------------
    def timeline_section(self) -> str:
        c = self.comments
        rows = self.sample()
        pos, pol = c["position"].to_numpy(float), c["polarity"].to_numpy(float)
        stance = c["stance"].to_numpy()[rows]
        stances = stance_order(stance)
        alpha = np.array([confidence_alpha(v) for v in c["stance_confidence"].to_numpy(float)[rows]]) * 0.9
        fig = go.Figure(marker_traces(pos[rows], pol[rows], groups=stance, order=stances,
                                      names={s: esc(side_name(s)) for s in stances},
                                      colors={s: stance_color(s) for s in stances},
                                      hover_rows=self.hover_store_rows()[rows], bounds=self.opts.bounds,
                                      size=_marker_size(len(rows)) - 1, opacity=alpha))
        window = max(5, len(c) // 40)
        if len(c) >= window:
            mean = pd.Series(pol).rolling(window, center=True, min_periods=1).mean().to_numpy()
            step = max(1, len(c) // 500)
            fig.add_trace(go.Scatter(x=f32(pos[::step]), y=f32(np.round(mean[::step], 4)), mode="lines",
                                     name=f"rolling mean ({window})", line=dict(color="#1f2933", width=2),
                                     hoverinfo="skip"))
        band = self.view.neutral_band
        fig.add_hrect(y0=-band, y1=band, fillcolor="#eef1f4", line_width=0, layer="below")
        styled(fig, "", height=400, xtitle="position in thread", ytitle="polarity", yaxis_range=[-1.05, 1.05])
        return section("timeline", "Timeline: polarity through the thread", self.div(fig, "timeline"),
                       note="Each marker is a comment (colour = side, paler = less confident); the line is a rolling "
                            "mean." + self._sampled_note())

    # ---- topic x stance ----------------------------------------------------------
    def topic_stance_section(self) -> str:
        c = self.comments
        topics = [t for t in self.view.topic_order if (c["topic"] == t).any()]
        stances = stance_order(c["stance"].unique())
        if len(topics) < 2 or len(stances) < 2:
            only = (f"all comments are in one topic ({self.view.topic_names[topics[0]]})" if len(topics) < 2
                    else f"all comments have the stance '{stances[0]}'")
            return section("topic-stance", "Topic × stance", note(f"Nothing to cross: {only}."))
        counts = c.groupby(["topic", "stance"]).size().unstack(fill_value=0).reindex(
            index=topics, columns=stances, fill_value=0)
        fig = go.Figure(count_heatmap(counts, x_labels=[esc(side_name(s)) for s in stances],
                                      y_labels=[esc(self.view.topic_names[t]) for t in topics],
                                      x_name="side", y_name="topic"))
        styled(fig, "", height=max(240, 90 + 34 * len(topics)), legend=False, yaxis_autorange="reversed",
               xaxis_domain=[0, min(1.0, 0.3 + 0.15 * len(stances))])
        return section("topic-stance", "Topic × stance", self.div(fig, "topic-stance"),
                       note="Comments per topic and side in this thread.")

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

    # ---- this thread against the others ---------------------------------------------
    def thread_terms_section(self) -> str:
        view = self.view
        total = view.term_totals
        mine = column_counts(view.term_matrix, self.rows)
        versus = associate_counts(mine, total - mine, view.terms, len(self.rows), len(view.comments) - len(self.rows),
                                  "this thread", "the other threads", background=total)
        if versus is None or not (versus.top(1, "a") or versus.top(1, "b")):
            text = ("no other thread has comments to compare with" if len(self.rows) == len(view.comments)
                    else "no term sets this thread apart from the others")
            return section("thread-terms", "This thread against the others", note(f"Nothing to compare: {text}."))
        return section("thread-terms", "This thread against the others",
                       top_lists(versus, self.opts.max_terms, ("#4c78a8", "#9d755d")),
                       note="Terms this thread's comments use markedly more (or less) than the other threads' "
                            "(log-odds z, |z| > 1.96).")

    # ---- comment table -----------------------------------------------------------
    def table_section(self) -> str:
        """The comments of the page's store as a filterable table (drawn by the page's script)."""
        n = len(self.comments)
        self.store.add_many(self.rows[: self.opts.max_table_rows])
        shown = min(len(self.store), self.opts.max_table_rows)
        text = "Type to filter (any column); the stance column's colour is the side, paler = less confident."
        if shown < n:
            text += f" {shown:,} of {n:,} comments are in this page; all are in comments.csv."
        tbl = (f'<input class="filter" type="search" placeholder="Filter rows…" data-count="comments-count" '
               f'aria-label="Filter rows"> <span class="note" id="comments-count">{shown} rows</span>'
               f'<div class="comment-table" id="comments" data-limit="{self.opts.max_table_rows}" '
               f'data-chars="{self.opts.excerpt_chars * 2}"></div>')
        return section("comment-list", "Comments", tbl, note=text)


def _marker_size(n_points: int) -> int:
    return 9 if n_points < 1000 else 6 if n_points < 10000 else 4


def _marker_opacity(n_points: int) -> float:
    return 0.85 if n_points < 1000 else 0.6 if n_points < 10000 else 0.35


def _flat(text: str) -> str:
    return re.sub(r"\W+", " ", str(text).lower()).strip()
