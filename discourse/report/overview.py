"""index.html: the corpus overview.

Its first screen answers three questions in plain HTML, readable without hovering: what is discussed
(one card per topic with its representative comments), who is on which side (each side's size,
distinctive terms and example comments) and how the threads argue (replies within and across sides,
the most-answered comments). Below: the contrast view, the reply network, a comment browser, topic
figures, the documents and the run's parameters. Figures are aggregates, and the embedded comments
are bounded, so the page size does not grow with the corpus.
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

from .compare import associate_counts, column_counts, log_odds_z, stance_sides
from .contrast import contrast_data, contrast_html, no_contrast
from .data import SIDE_A, SIDE_B, CorpusView, side_name, side_of
from .figures import (ROLE_COLORS, ROLE_ORDER, SIDE_COLORS, STANCE_COLORS, box_stats, confidence_alpha,
                      count_heatmap, f32, rgba, stance_color, stance_order, styled, to_div)
from .html import Cell, esc, excerpt, link, note, own_words, page, section, signed, table, unesc
from .network import network_block
from .store import INDEX_TEXT_BUDGET, CommentStore

if TYPE_CHECKING:
    from .writer import Dashboards

MAX_TOPIC_CARDS = 6  # topic cards on the first screen (largest topics); the others are listed by name
CARD_QUOTES = 2  # representative comments per topic card (one more where a side would go unheard)
QUOTE_CHARS = 180  # characters of a quoted comment on the first screen
SIDE_TERMS = 8  # distinctive terms per side on the first screen
SIDE_QUOTES = 2  # example comments per side
CAMP_THREADS = 2  # threads whose camps the first screen shows (camps are per thread)
CONTRAST_THREADS = 8  # threads offered by the overview's contrast view in camp mode
MOST_ANSWERED = 3
BROWSER_PER_TOPIC = 200  # comments per topic the overview's browser carries (most typical first)


def build_index(view: CorpusView, opts: "Dashboards", reports: dict[str, str],
                on_demand: set[str] | None = None) -> str:
    """The overview page; ``reports`` maps each document to its report file name; ``on_demand`` are the
    documents whose reports were not written with it (``discourse report`` writes them)."""
    c = view.comments
    store = CommentStore(view, reports, INDEX_TEXT_BUDGET)
    n_docs, n_topics = len(view.documents), sum(t != "other" for t in view.topic_order)
    n_replies = int((c["reply_to"] != "").sum())
    subtitle = " · ".join(f"{n:,} {one if n == 1 else many}" for n, one, many in (
        (n_docs, "document", "documents"), (len(c), "comment", "comments"), (n_topics, "topic", "topics"),
        (n_replies, "reply", "replies")))
    if view.stance_target and not view.camps:
        subtitle += f" · stance toward: {view.stance_target}"
    if c.empty:
        body = [section("discussed", "What is discussed", note("No comments were found, so there are no topics, "
                                                                "sides or replies to show.")),
                documents_section(view, opts, reports, on_demand or set()), parameters_section(view)]
        return page("discourse: corpus overview", "\n".join(body), subtitle=subtitle,
                    nav=[("#documents", "Documents"), ("#parameters", "Parameters")])
    views, view_docs, contrast_note = contrast_views(view, opts, store)
    body = [discussed_section(view, reports),
            '<div class="first">' + sides_section(view, reports, views, view_docs) + arguing_section(view, reports) + "</div>",
            section("contrast", "Contrast: what each side says, term by term",
                    contrast_html(views, "contrast-main", "Thread:") if views else contrast_note,
                    note="Each point is a term: how many comments of each side use it (log scale). Colour = "
                         "log-odds z with an informative Dirichlet prior (Monroe et al. 2008); |z| > 1.96 marks a "
                         "term typical of one side. Click a point or a term, or search, to read the comments."),
            network_section(view),
            browse_section(view, store),
            topics_section(view, opts),
            documents_section(view, opts, reports, on_demand or set()),
            parameters_section(view)]
    nav = [("#discussed", "Topics"), ("#sides", "Sides"), ("#arguing", "Replies"), ("#contrast", "Contrast"),
           ("#network", "Network"), ("#browse", "Comments"), ("#topics", "Topic details"),
           ("#documents", "Documents"), ("#parameters", "Parameters")]
    return page("discourse: corpus overview", "\n".join(body) + store.script(len(c)), subtitle=subtitle, nav=nav)


# ---- first screen: what is discussed -----------------------------------------------
def quote(view: CorpusView, row: int, reports: dict[str, str], extra: str = "", chars: int = QUOTE_CHARS) -> str:
    """One comment as a short quote: who (linked to its place in the thread), side, then the text; the bar's
    colour is the side, paler = less confident."""
    c = view.comments
    r = c.iloc[row]
    conf = r["stance_confidence"]
    color = rgba(stance_color(r["stance"]), confidence_alpha(conf))
    who = r["author"] or f"#{r['id']}"
    side = side_name(r["stance"]) + ("" if np.isnan(conf) else f" {conf:.2f}")
    where = f" · {view.short_title(r['doc'], 24)}" if view.n_threads > 1 else ""
    href = f'{reports.get(r["doc"], "")}#n{int(view.anchors[row])}'
    return (f'<li class="quote" style="--sc:{color}"><span class="qt"><a class="au" href="{href}">{esc(who)}</a> '
            f'<span class="who">({esc(side)}{esc(extra)}{esc(where)})</span> {esc(excerpt(own_words(r["text"]), chars))}'
            "</span></li>")


def split_bar(counts: dict[str, int], total: int) -> str:
    """A thin stacked bar of side counts, with a legend in words."""
    parts, legend = [], []
    for stance in stance_order(list(counts)):
        n = counts[stance]
        if not n:
            continue
        parts.append(f'<span style="width:{100 * n / max(total, 1):.1f}%;background:{stance_color(stance)}"></span>')
        legend.append(f'<i style="background:{stance_color(stance)}"></i>{n} {esc(side_name(stance))}')
    return f'<div class="split">{"".join(parts)}</div><div class="split-legend">{"".join(legend)}</div>'


def mood(polarity: float, band: float) -> str:
    word = "positive" if polarity > band else "negative" if polarity < -band else "neutral"
    return f"mood {word} ({signed(round(polarity, 2) + 0.0, 2)})"


def card_quotes(view: CorpusView, topic: str, rows: np.ndarray) -> list[int]:
    """The topic model's representative comments, and for each side of the topic not among them its most
    typical comment (highest topic score), so a card tells what each side says; sides first."""
    c = view.comments
    examples = [int(r) for r in view.topic_examples.get(topic, [])]
    chosen = examples[:CARD_QUOTES]
    sides = np.array([side_of(s) for s in c["stance"].to_numpy()[rows]], dtype=object)
    scores = c["topic_score"].to_numpy(float)[rows]
    for side in ("a", "b"):
        if any(side_of(c["stance"].iat[r]) == side for r in chosen) or not (sides == side).any():
            continue
        mine = rows[sides == side]
        best = int(mine[np.lexsort((mine, -scores[sides == side]))][0])
        if len(chosen) <= CARD_QUOTES:
            chosen.append(best)
        else:  # the card is full: the last comment with no side makes room
            free = [k for k, r in enumerate(chosen) if not side_of(c["stance"].iat[r])]
            if free:
                chosen[free[-1]] = best
    order = {"a": 0, "b": 1, "": 2}
    return sorted(dict.fromkeys(chosen), key=lambda r: (order[side_of(c["stance"].iat[r])], chosen.index(r)))


def discussed_section(view: CorpusView, reports: dict[str, str]) -> str:
    c = view.comments
    sizes = c["topic"].value_counts()
    ranked = sorted([t for t in view.topic_order if sizes.get(t, 0)],
                    key=lambda t: (t == "other", -sizes.get(t, 0), view.topic_order.index(t)))
    shown, rest = ranked[:MAX_TOPIC_CARDS], ranked[MAX_TOPIC_CARDS:]
    groups = c.groupby("topic").indices
    topic_index = {t: k for k, t in enumerate(view.topic_order)}
    cards = []
    for t in shown:
        rows = groups[t]
        mine = c.iloc[rows]
        n_docs = mine["doc"].nunique()
        where = f" · in {n_docs} threads" if n_docs > 1 else ""
        quotes = "".join(quote(view, r, reports) for r in card_quotes(view, t, rows))
        cards.append(
            f'<article class="topic-card" style="--tc:{view.topic_colors[t]}"><h3>{esc(view.topic_names[t])}</h3>'
            f'<div class="meta">{len(rows):,} comments ({100 * len(rows) / len(c):.0f}%){where} · '
            f'{mood(float(mine["polarity"].mean()), view.neutral_band)}</div>'
            + split_bar(mine["stance"].value_counts().to_dict(), len(rows))
            + f'<ul class="quotes">{quotes}</ul>'
            f'<a class="more-link" href="#topic={topic_index[t]}">all {len(rows):,} comments of this topic →</a>'
            "</article>")
    more = ""
    if rest:
        more = note("Smaller topics: " + ", ".join(f"{view.topic_names[t]} ({sizes[t]})" for t in rest) + ".")
    return section("discussed", "What is discussed", f'<div class="topic-cards">{"".join(cards)}</div>', more,
                   note="The largest topics: share of comments, split by side, mean sentiment, and the comments "
                        "most typical of each.")


# ---- first screen: who is on which side ------------------------------------------------
def side_examples(view: CorpusView, rows: np.ndarray, k: int) -> list[int]:
    """The comments that state a side most clearly: highest stance confidence (if known), then |score|,
    at least 40 characters where possible."""
    c = view.comments
    rows = np.asarray(rows, dtype=int)
    conf = np.nan_to_num(c["stance_confidence"].to_numpy(float)[rows], nan=0.0)
    score = np.abs(c["stance_score"].to_numpy(float)[rows])
    short = (c["text"].str.len().to_numpy()[rows] < 40).astype(int)
    return [int(r) for r in rows[np.lexsort((rows, -score, -conf, short))][:k]]


def side_block(view: CorpusView, reports: dict[str, str], stance_rows: dict[str, np.ndarray], side: str,
               terms: list[str], n_all: int, n_quotes: int, authors: pd.DataFrame | None = None,
               contrast_view: int = 0, weak: bool = False) -> str:
    """One side: its size, distinctive terms (buttons opening view ``contrast_view`` of the contrast
    component; ``weak``: they only lean to this side) and example comments."""
    values = SIDE_A if side == "a" else SIDE_B
    present = [s for s in values if s in stance_rows]
    rows = np.concatenate([stance_rows[s] for s in present]) if present else np.array([], dtype=int)
    name = " / ".join(side_name(s) for s in present) or side_name(values[0])
    color = stance_color(present[0] if present else values[0])
    who = ""
    if authors is not None and len(authors):
        n_auth = int(authors["stance"].isin(values).sum())
        who = f", {n_auth} author{'s' if n_auth > 1 else ''}" if n_auth else ""
    chips = "".join(f'<button type="button" class="chip term-link" data-contrast="contrast-main" '
                    f'data-view="{int(contrast_view)}">{esc(t)}</button>' for t in terms)
    quotes = "".join(quote(view, r, reports) for r in side_examples(view, rows, n_quotes))
    lean = '<span class="muted">leaning (weak evidence): </span>' if weak and chips else ""
    return (f'<div class="side" style="--sc:{color}"><h3>{esc(name)} <span class="muted">· {len(rows):,} comments '
            f'({100 * len(rows) / max(n_all, 1):.0f}%){esc(who)}</span></h3>'
            + (f'<div class="chips">{lean}{chips}</div>' if chips else '<div class="empty">no distinctive term</div>')
            + f'<ul class="quotes">{quotes or "<li class=empty>no comment on this side</li>"}</ul></div>')


def _top_terms(data: dict | None, side: str, k: int) -> list[str]:
    if data is None:
        return []
    return [unesc(data["terms"][i][0]) for i in data["top_" + side][:k]]


def sides_section(view: CorpusView, reports: dict[str, str], views: list[dict], view_docs: list[str]) -> str:
    c = view.comments
    if not (c["stance"].isin(SIDE_A).any() or c["stance"].isin(SIDE_B).any()):
        return section("sides", "Who is on which side", note("No comment was given a side (every stance is "
                                                              "'none'), so there are no sides to show."))
    if not view.camps:
        rows = c.groupby("stance").indices
        data = views[0] if views else None
        target = f"Stance toward {view.stance_target}. " if view.stance_target else ""
        blocks = [side_block(view, reports, rows, s, _top_terms(data, s, SIDE_TERMS), len(c), SIDE_QUOTES,
                             view.authors, weak=bool(data and data["weak"])) for s in ("a", "b")]
        neutral = len(rows.get("none", []))
        return section("sides", "Who is on which side", f'<div class="sides">{"".join(blocks)}</div>',
                       note(f"{neutral:,} comments ({100 * neutral / len(c):.0f}%) take no side."),
                       note=target + "Terms each side uses markedly more than the other (click one to read the "
                                     "comments), and the comments that state each side most clearly.")
    parts = []
    view_of = {d: k for k, d in enumerate(view_docs)}
    for doc in camp_threads(view)[:CAMP_THREADS]:
        rows = np.flatnonzero(c["doc"].to_numpy() == doc)
        groups = {s: rows[c["stance"].to_numpy()[rows] == s] for s in ("camp_a", "camp_b", "none")}
        k = view_of.get(doc)
        data = views[k] if k is not None else None
        authors = view.authors[view.authors["doc"] == doc]
        blocks = [side_block(view, reports, {k: v for k, v in groups.items() if len(v)}, s,
                             _top_terms(data, s, 5), len(rows), 1, authors, k or 0, weak=bool(data and data["weak"]))
                  for s in ("a", "b")]
        parts.append(f'<h3><a href="{reports.get(doc, "")}">{esc(view.short_title(doc, 80))}</a> '
                     f'<span class="muted">({len(rows):,} comments)</span></h3><div class="sides">{"".join(blocks)}</div>')
    n_threads = len(camp_threads(view))
    if n_threads > CAMP_THREADS:
        parts.append(note(f"{n_threads - CAMP_THREADS} more threads have two camps; each thread's report shows them."))
    return section("sides", "Who is on which side", *parts,
                   note="No stance target is configured, so each thread is split into two camps of its own: camp A "
                        "of one thread has nothing to do with camp A of another. The largest threads:")


def camp_threads(view: CorpusView) -> list[str]:
    """Threads with comments in both camps, the largest first."""
    c = view.comments
    both = c.groupby("doc")["stance"].agg(lambda s: {"camp_a", "camp_b"} <= set(s))
    sizes = c["doc"].value_counts()
    docs = [d for d in both.index if both[d]]
    order = {d: k for k, d in enumerate(view.documents["doc"])}
    return sorted(docs, key=lambda d: (-sizes[d], order.get(d, 0), d))


def contrast_views(view: CorpusView, opts: "Dashboards",
                   store: CommentStore) -> tuple[list[dict], list[str], str]:
    """The overview's contrast: favor against against over the corpus, or each large thread's camps;
    with the thread of each view and the line shown when there is none."""
    c = view.comments
    stance = c["stance"].to_numpy()
    if not view.camps:
        rows_a, rows_b, *names = stance_sides(stance)
        names = tuple(names)
        data = contrast_data(view, rows_a, rows_b, names, SIDE_COLORS, "all threads", store, opts.max_scatter_terms)
        return ([data] if data else []), [""] if data else [], no_contrast(names, len(rows_a), len(rows_b))
    views, docs = [], []
    doc_col = c["doc"].to_numpy()
    for doc in camp_threads(view)[:CONTRAST_THREADS]:
        rows = np.flatnonzero(doc_col == doc)
        data = contrast_data(view, rows[stance[rows] == "camp_a"], rows[stance[rows] == "camp_b"],
                             ("camp A", "camp B"), (STANCE_COLORS["camp_a"], STANCE_COLORS["camp_b"]),
                             view.title(doc), store, opts.max_scatter_terms)
        if data:
            views.append(data)
            docs.append(doc)
    return views, docs, note("No thread has two camps that differ in their words (no term with |z| > 1.96).")


# ---- first screen: how the threads argue ---------------------------------------------------
def reply_parents(view: CorpusView) -> np.ndarray:
    """Row of each comment's parent within its document, -1 for none."""
    cols = view.columns
    row_of = {(d, i): r for r, (d, i) in enumerate(zip(cols["doc"], cols["id"]))}
    return np.array([row_of.get((d, p), -1) if p else -1 for d, p in zip(cols["doc"], cols["reply_to"])], dtype=int)


def reply_kinds(view: CorpusView, parent: np.ndarray) -> np.ndarray:
    """Per comment: 'same' or 'cross' (its side against its parent's), 'open' (a side missing), '' (no reply)."""
    sides = np.array([side_of(s) for s in view.columns["stance"]], dtype=object)
    out = np.full(len(parent), "", dtype=object)
    has = parent >= 0
    mine, theirs = sides[has], sides[parent[has]]
    out[has] = np.where((mine == "") | (theirs == ""), "open", np.where(mine == theirs, "same", "cross"))
    return out


def arguing_section(view: CorpusView, reports: dict[str, str]) -> str:
    c = view.comments
    parent = reply_parents(view)
    kinds = reply_kinds(view, parent)
    n = int((parent >= 0).sum())
    if not n:
        return section("arguing", "How the threads argue",
                       note("No replies were linked between comments, so there is nothing to say about who answers "
                            "whom."))
    counts = {k: int((kinds == k).sum()) for k in ("same", "cross", "open")}
    colors = {"same": "#8f9ba8", "cross": "#b3001b", "open": "#cfd6de"}
    words = {"same": "within a side", "cross": "across sides", "open": "to or from a comment with no side"}
    bar = "".join(f'<span style="width:{100 * counts[k] / n:.1f}%;background:{colors[k]}"></span>' for k in counts)
    legend = " · ".join(f'<span class="swatch" style="background:{colors[k]}"></span>{counts[k]:,} {words[k]}'
                        for k in counts)
    n_threads = c.loc[parent >= 0, "doc"].nunique()
    lines = [f'<p><span class="big">{n:,} replies</span> in {n_threads} thread{"s" if n_threads > 1 else ""} '
             f'({100 * n / len(c):.0f}% of comments answer another)</p><div class="bar">{bar}</div><p>{legend}</p>']
    authors = view.authors
    if len(authors):
        crossing = int((authors["replies_out_cross"] > 0).sum())
        lines.append(f"<p>{authors['author'].nunique():,} named authors; {crossing:,} of them answer someone of the "
                     "other side at least once.</p>")
    answers = np.bincount(parent[parent >= 0], minlength=len(c))
    cross_answers = np.bincount(parent[kinds == "cross"], minlength=len(c))
    top = [r for r in np.lexsort((np.arange(len(c)), -answers))[:MOST_ANSWERED] if answers[r] > 0]
    quotes = "".join(quote(view, int(r), reports, extra=f" · {answers[r]} replies, {cross_answers[r]} from the other "
                                                         "side", chars=150) for r in top)
    lines.append(f'<h3>Most answered</h3><ul class="quotes answered">{quotes}</ul>'
                 '<p><a href="#network">Who answers whom: the reply network ↓</a></p>')
    return section("arguing", "How the threads argue", *lines,
                   note="A reply is within a side when the comment and the one it answers are on the same side."
                        + (" The sides are found partly from the replies themselves (a plain reply leans to the other "
                           "side), so replies across sides are partly there by construction: read them as who "
                           "answers whom, not as proof of disagreement." if counts["cross"] else ""))


# ---- below the first screen ----------------------------------------------------------------
def network_section(view: CorpusView) -> str:
    html, text = network_block(view, np.arange(len(view.comments)), lambda fig, name: to_div(fig, f"fig-{name}"),
                               "network-table")
    return section("network", "Who argues with whom: the reply network", html, note=text)


def browse_section(view: CorpusView, store: CommentStore) -> str:
    """Every topic's comments (the most typical first, up to a bound), filterable by topic, side and text."""
    c = view.comments
    scores = c["topic_score"].to_numpy(float)
    groups = c.groupby("topic").indices
    ranked = {t: rows[np.lexsort((rows, -scores[rows]))][:BROWSER_PER_TOPIC] for t, rows in groups.items()}
    for k in range(BROWSER_PER_TOPIC):  # round robin, so every topic gets its share of the budget
        for t in view.topic_order:
            rows = ranked.get(t, [])
            if k < len(rows) and store.add(int(rows[k])) < 0:
                break
        if store.full:
            break
    tools = ('<label>topic <select class="pick topic"><option value="">all topics</option></select></label> '
             '<label>side <select class="pick side"><option value="">all sides</option></select></label> '
             '<input class="search" type="search" placeholder="Filter by text…" aria-label="Filter by text"> '
             '<span class="note count"></span>')
    text = ("The comments this page carries: for each topic its most typical ones (highest topic score)"
            + (f", up to {BROWSER_PER_TOPIC} per topic" if len(c) > len(store) else "")
            + ", and those the contrast view lists. Each links to its place in its thread.")
    return section("browse", "Comments", f'<div class="browser">{tools}<ul class="clist"></ul>'
                                         '<button type="button" class="chip more" hidden>show more</button></div>',
                   note=text)


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
def documents_section(view: CorpusView, opts: "Dashboards", reports: dict[str, str],
                      on_demand: set[str] = frozenset()) -> str:
    docs = view.documents
    rows = []
    for i, d in enumerate(docs.head(opts.max_table_rows).itertuples(index=False), 1):
        title = link(reports[d.doc], view.title(d.doc), on_demand=d.doc in on_demand)
        rows.append([i, title, d.source, d.format, d.article_words, d.comments,
                     d.boilerplate_lines, d.replies, d.duplicates, signed(d.mean_polarity)])
    headers = ["#", "title", "source", "format", "article words", "comments", "boilerplate lines removed",
               "replies", "reposts", "mean polarity"]
    tbl = table(headers, rows, table_id="documents-table", filterable=True, total=len(docs),
                numeric=("#", "article words", "comments", "boilerplate lines removed", "replies", "reposts",
                         "mean polarity"))
    return section("documents", "Documents", tbl, composition_figure(view, opts),
                   document_terms(view, opts, reports, view.term_totals),
                   note=_documents_note(len(docs), len(on_demand)))


def _documents_note(n_docs: int, n_on_demand: int) -> str:
    text = ("Each title opens the document's report: the thread as a conversation, its reply network, "
            "its sides' terms, topic map, timeline, article engagement, comment table and segmentation.")
    if n_on_demand:
        text += (f" Reports of the {n_docs - n_on_demand} documents with most comments were written with this "
                 f"page; the other {n_on_demand} (marked ◌) are written on demand: run `discourse report DIR "
                 "--doc NAME` (or `--all`), or `discourse open DIR/doc-….html`, in this folder's parent.")
    return text


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
    topics = view.topics.set_index("topic") if not view.topics.empty else pd.DataFrame()
    sizes = c["topic"].value_counts()
    rows = []
    for t in view.topic_order:
        info = topics.loc[t] if t in topics.index else {}
        mine = c[c["topic"] == t]
        st = mine["stance"].value_counts()
        rows.append([Cell(f'<span class="swatch" style="background:{view.topic_colors[t]}"></span>{esc(t)}'),
                     view.topic_names[t], info.get("kind", ""), int(sizes.get(t, 0)), signed(mine["polarity"].mean()),
                     f"{mine['topic_score'].mean():.2f}" if len(mine) else "",
                     int(st.get("favor", 0) + st.get("camp_a", 0)), int(st.get("against", 0) + st.get("camp_b", 0)),
                     int(st.get("none", 0)), info.get("terms", "")])
    tbl = table(["topic", "label", "kind", "comments", "mean polarity", "mean topic score", "favor/A", "against/B",
                 "none", "terms"], rows, table_id="topics-table",
                numeric=("comments", "mean polarity", "mean topic score", "favor/A", "against/B", "none"))
    figures = '<div class="grid2">' + stance_by_topic_figure(view) + sentiment_figure(view) + "</div>"
    return section("topics", "Topic details", tbl, figures, topic_document_figure(view, opts),
                   "<h3>Top terms per topic</h3>" + top_terms_figure(view, opts),
                   note="Topic score: the comment's similarity to its topic (low = a loose fit). Bars count comments "
                        "per side; boxes show the polarity spread (whiskers at 1.5 IQR, grey band = neutral). Top "
                        "terms: most typical of each topic against all other comments (log-odds z).")


def topic_document_figure(view: CorpusView, opts: "Dashboards") -> str:
    docs = [d for d in largest_documents(view, opts.max_documents) if (view.comments["doc"] == d).any()]
    if len(docs) < 2 or len(view.topic_order) < 2:
        return note("Topics × documents: all comments come from one document." if len(docs) < 2 else
                    "Topics × documents: there is a single topic.")
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
    if view.comments["stance"].nunique() < 2:
        return note(f"Stance by topic: every comment has the stance '{view.comments['stance'].iloc[0]}'.")
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


def document_terms(view: CorpusView, opts: "Dashboards", reports: dict[str, str], total: np.ndarray) -> str:
    """Each document against the rest of the corpus: a z-score heatmap and a table of top terms."""
    groups = view.comments.groupby("doc").indices
    docs = [d for d in largest_documents(view, opts.max_documents) if d in groups]
    if len(docs) < 2:
        return note("Distinctive terms by document: only one document has comments.")
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
    if not per_doc or not shown_terms:
        return note("Distinctive terms by document: no term sets one document apart.")
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
