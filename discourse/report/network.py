"""Who argues with whom: the reply network of a thread or of the corpus.

Nodes are authors (comments, where the author is unknown), sized by their comments and coloured by
their side; edges are replies between them, drawn apart when they cross sides. Large networks are cut
to the most active nodes of the largest connected group, and the figure says so. The layout is a
drawing aid, not an analysis: a seeded Fruchterman–Reingold spring layout in numpy, so the same
input gives the same picture.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .data import CorpusView, side_name, side_of
from .figures import STANCE_COLORS, f32, stance_order, styled
from .html import esc, excerpt, table

MAX_NETWORK_NODES = 150  # nodes drawn; beyond, the most active nodes of the largest connected group
MAX_NETWORK_EDGES = 600  # reply links drawn between the drawn nodes (the heaviest)
MAX_NODE_LABELS = 12  # the most active nodes carry their name on the figure
LAYOUT_ITERATIONS = 200
EDGE_STYLES = {  # kind -> (legend name, colour, width, dash); see-through, so dense parts stay legible
    "cross": ("reply across sides", "rgba(179,0,27,0.6)", 1.3, "solid"),
    "same": ("reply within a side", "rgba(97,110,124,0.5)", 1.0, "solid"),
    "open": ("reply involving no side", "rgba(160,170,182,0.5)", 0.8, "dot"),
}


@dataclass
class ReplyGraph:
    """Nodes (authors or comments) and reply edges of some comments of a :class:`CorpusView`."""

    names: list[str]  # display names (unescaped)
    is_author: np.ndarray  # bool per node
    comments: np.ndarray  # comments per node
    stance: np.ndarray  # side value per node (favor, camp_a, none, ...)
    confidence: np.ndarray  # NaN where unknown
    edges: np.ndarray  # (m, 3): node i, node j (i < j), replies between them
    sent: np.ndarray  # (n, 2) replies sent to the same side, across sides
    received: np.ndarray  # (n, 2)

    @property
    def n(self) -> int:
        return len(self.names)

    def activity(self) -> np.ndarray:
        """Comments plus replies exchanged: how much a node takes part."""
        degree = np.zeros(self.n)
        if len(self.edges):
            np.add.at(degree, self.edges[:, 0], self.edges[:, 2])
            np.add.at(degree, self.edges[:, 1], self.edges[:, 2])
        return self.comments + degree

    def edge_kind(self) -> np.ndarray:
        sides = np.array([side_of(s) for s in self.stance], dtype=object)
        a, b = sides[self.edges[:, 0]], sides[self.edges[:, 1]]
        return np.where((a == "") | (b == ""), "open", np.where(a == b, "same", "cross"))


def reply_graph(view: CorpusView, rows: np.ndarray) -> ReplyGraph:
    """The reply network of the given comment rows (one document, or the whole corpus).

    A named author is one node across documents; their side is the one of the document where they
    wrote most (camps are per thread). An unnamed comment is its own node with its own stance.
    """
    c = view.comments
    rows = np.asarray(rows, dtype=int)
    docs, ids, authors = c["doc"].to_numpy()[rows], c["id"].to_numpy()[rows], c["author"].to_numpy()[rows]
    keys = [("a", a) if a else ("c", d, i) for d, i, a in zip(docs, ids, authors)]
    node_of: dict[tuple, int] = {}
    for key in keys:
        node_of.setdefault(key, len(node_of))
    node = np.array([node_of[k] for k in keys], dtype=int)
    n = len(node_of)
    comments = np.bincount(node, minlength=n).astype(float)
    names = [""] * n
    stance = np.array(["none"] * n, dtype=object)
    confidence = np.full(n, np.nan)
    for k, j in node_of.items():
        names[j] = k[1] if k[0] == "a" else f"#{k[2]}"
    # comment nodes: the comment's own stance
    conf_col = c["stance_confidence"].to_numpy(float)[rows]
    stance_col = c["stance"].to_numpy()[rows]
    for r, (key, j) in enumerate(zip(keys, node)):
        if key[0] == "c":
            stance[j], confidence[j] = stance_col[r], conf_col[r]
    # author nodes: their side in the document where they wrote most
    authors_t = view.authors
    if len(authors_t):
        wanted = set(docs)
        mine = authors_t[authors_t["doc"].isin(wanted) & (authors_t["author"] != "")]
        mine = mine.iloc[np.lexsort((np.arange(len(mine)), -mine["comments"].to_numpy(float)))]
        seen: set[str] = set()
        for a, s, conf in zip(mine["author"], mine["stance"], mine["stance_confidence"]):
            j = node_of.get(("a", a))
            if j is None or a in seen:
                continue
            seen.add(a)
            stance[j], confidence[j] = s, conf
    # replies: parent looked up within the same document
    row_of = {(d, i): r for r, (d, i) in enumerate(zip(docs, ids))}
    parent = np.array([row_of.get((d, p), -1) if p else -1
                       for d, p in zip(docs, c["reply_to"].to_numpy()[rows])], dtype=int)
    child = np.flatnonzero(parent >= 0)
    src, dst = node[child], node[parent[child]]
    keep = src != dst
    src, dst = src[keep], dst[keep]
    sides = np.array([side_of(s) for s in stance], dtype=object)
    sent, received = np.zeros((n, 2)), np.zeros((n, 2))
    known = (sides[src] != "") & (sides[dst] != "")
    cross = (sides[src] != sides[dst]).astype(int)
    np.add.at(sent, (src[known], cross[known]), 1)
    np.add.at(received, (dst[known], cross[known]), 1)
    if len(src):
        pairs = pd.DataFrame({"i": np.minimum(src, dst), "j": np.maximum(src, dst)}).value_counts().sort_index()
        edges = np.column_stack([pairs.index.get_level_values(0), pairs.index.get_level_values(1),
                                 pairs.to_numpy()]).astype(int)
    else:
        edges = np.zeros((0, 3), dtype=int)
    return ReplyGraph(names=names, is_author=np.array([k[0] == "a" for k in node_of]), comments=comments,
                      stance=stance, confidence=confidence, edges=edges, sent=sent, received=received)


def select_nodes(graph: ReplyGraph, limit: int = MAX_NETWORK_NODES) -> tuple[np.ndarray, str]:
    """Nodes to draw and a sentence saying which: every node with a reply to or from another; past
    ``limit``, the largest connected group first (its most active nodes if it alone is too big), then the
    most active of the other nodes (ties broken by order of appearance)."""
    unit = "authors" if graph.is_author.all() else "nodes"
    linked = np.zeros(graph.n, dtype=bool)
    linked[graph.edges[:, 0]] = linked[graph.edges[:, 1]] = True
    lone = graph.n - int(linked.sum())
    lone_note = f"{lone:,} {unit} with no reply to or from another are not drawn." if lone else ""
    if linked.sum() <= limit:
        return np.flatnonzero(linked), lone_note
    adjacency = sp.coo_matrix((np.ones(len(graph.edges)), (graph.edges[:, 0], graph.edges[:, 1])),
                              shape=(graph.n, graph.n))
    _, label = connected_components(adjacency, directed=False)
    biggest = np.bincount(label[linked]).argmax()
    candidates = np.flatnonzero(linked)
    in_biggest = (label[candidates] == biggest).astype(int)
    ranked = candidates[np.lexsort((candidates, -graph.activity()[candidates], -in_biggest))]
    chosen = np.sort(ranked[:limit])
    n_big = int((label == biggest).sum())
    said = (f"Showing {len(chosen):,} of the {int(linked.sum()):,} {unit} with replies: "
            + (f"the largest connected group ({n_big:,}) and the most active of the others."
               if n_big < limit else f"the most active of the largest connected group ({n_big:,})."))
    return chosen, " ".join(x for x in (said, lone_note) if x)


def spring_layout(n: int, edges: np.ndarray, seed: int = 0, iterations: int = LAYOUT_ITERATIONS) -> np.ndarray:
    """Fruchterman–Reingold positions in [-1, 1]^2 with a weak pull to the centre (keeps separate groups
    and lone nodes on the canvas). Deterministic for a given ``seed``."""
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, size=(n, 2))
    k = 1.0 / np.sqrt(n)
    i, j = (edges[:, 0], edges[:, 1]) if len(edges) else (np.zeros(0, int), np.zeros(0, int))
    weight = np.log1p(edges[:, 2]) + 1.0 if len(edges) else np.zeros(0)
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = np.maximum((delta ** 2).sum(-1), 1e-6)
        disp = (delta * (k * k / dist2)[..., None]).sum(axis=1)  # repulsion k^2/d along delta/d
        if len(i):
            d = pos[i] - pos[j]
            pull = d * (np.sqrt((d ** 2).sum(-1)) / k * weight)[:, None]  # attraction d^2/k
            np.add.at(disp, i, -pull)
            np.add.at(disp, j, pull)
        disp -= 0.05 * pos / k  # gravity
        length = np.maximum(np.sqrt((disp ** 2).sum(-1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, step)[:, None]
        step *= 0.985
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


def drawn_edges(graph: ReplyGraph, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Edges between the drawn nodes in their local numbering, with their kinds: the MAX_NETWORK_EDGES
    heaviest (ties by order); and how many there were in all."""
    index = np.full(graph.n, -1)
    index[chosen] = np.arange(len(chosen))
    if not len(graph.edges):
        return np.zeros((0, 3), dtype=int), np.array([], dtype=object), 0
    inside = np.flatnonzero((index[graph.edges[:, 0]] >= 0) & (index[graph.edges[:, 1]] >= 0))
    keep = np.sort(inside[np.lexsort((inside, -graph.edges[inside, 2]))[:MAX_NETWORK_EDGES]])
    edges = graph.edges[keep]
    local = np.column_stack([index[edges[:, 0]], index[edges[:, 1]], edges[:, 2]]).astype(int)
    return local, graph.edge_kind()[keep], len(inside)


def network_figure(graph: ReplyGraph, chosen: np.ndarray, local: np.ndarray, kinds: np.ndarray) -> go.Figure:
    """Edges by kind (across sides, within a side, involving no side), then nodes by side."""
    pos = np.round(spring_layout(len(chosen), local), 4)
    fig = go.Figure()
    for kind in ("open", "same", "cross"):  # the crossing replies drawn last, on top
        name, color, width, dash = EDGE_STYLES[kind]
        sel = np.flatnonzero(kinds == kind)
        if not len(sel):
            continue
        for heavy in (False, True):  # replies exchanged more than twice: thicker
            part = sel[(local[sel, 2] > 2) == heavy]
            if not len(part):
                continue
            gap = np.full(len(part), np.nan)  # one segment per reply, NaN between segments
            xs = np.column_stack([pos[local[part, 0], 0], pos[local[part, 1], 0], gap]).ravel()
            ys = np.column_stack([pos[local[part, 0], 1], pos[local[part, 1], 1], gap]).ravel()
            fig.add_trace(go.Scatter(x=f32(xs), y=f32(ys), mode="lines", hoverinfo="skip", name=esc(name), legendgroup=kind,
                                     showlegend=not heavy or not (local[sel, 2] <= 2).any(),
                                     line=dict(color=color, width=width * (2.2 if heavy else 1), dash=dash)))
    activity = graph.activity()[chosen]
    labelled = set(chosen[np.lexsort((chosen, -activity))[:MAX_NODE_LABELS]].tolist())
    biggest = max(float(graph.comments[chosen].max()), 1.0)
    for stance in stance_order(graph.stance[chosen]):
        sel = np.flatnonzero(graph.stance[chosen] == stance)
        nodes = chosen[sel]
        conf = graph.confidence[nodes]
        opacity = np.where(np.isnan(conf), 0.9, 0.3 + 0.7 * np.nan_to_num(conf))
        hover = [_node_hover(graph, v) for v in nodes]
        fig.add_trace(go.Scatter(
            x=f32(pos[sel, 0]), y=f32(pos[sel, 1]), mode="markers+text", name=esc(side_name(stance)),
            text=[esc(excerpt(graph.names[v], 24)) if v in labelled else "" for v in nodes],
            textposition="top center", textfont=dict(size=11, color="#323f4b"),
            marker=dict(size=np.round(7 + 17 * np.sqrt(graph.comments[nodes] / biggest), 1),
                        color=STANCE_COLORS.get(stance, "#999999"), opacity=np.round(opacity, 2),
                        line=dict(width=0.8, color="#ffffff")),
            hovertext=hover, hoverinfo="text"))
    styled(fig, "", height=560, legend_orientation="h", legend_y=-0.02, legend_yanchor="top",
           xaxis=dict(visible=False, range=[-1.15, 1.15]), yaxis=dict(visible=False, range=[-1.12, 1.15]))
    return fig


def _node_hover(graph: ReplyGraph, v: int) -> str:
    conf = graph.confidence[v]
    side = esc(side_name(graph.stance[v])) + ("" if np.isnan(conf) else f" (confidence {conf:.2f})")
    kind = "author" if graph.is_author[v] else "comment (author unknown)"
    return (f"<b>{esc(graph.names[v])}</b> · {kind}<br>{int(graph.comments[v])} comments · side: {side}<br>"
            f"replies sent: {int(graph.sent[v, 0])} same side, {int(graph.sent[v, 1])} across<br>"
            f"replies received: {int(graph.received[v, 0])} same side, {int(graph.received[v, 1])} across")


def most_active_table(graph: ReplyGraph, table_id: str, limit: int = 10) -> str:
    """The most active nodes as a table: what the network shows, readable without hovering."""
    activity = graph.activity()
    order = np.lexsort((np.arange(graph.n), -activity))[:limit]
    rows = []
    for v in order:
        conf = graph.confidence[v]
        rows.append([graph.names[v], int(graph.comments[v]),
                     side_name(graph.stance[v]) + ("" if np.isnan(conf) else f" ({conf:.2f})"),
                     int(graph.sent[v, 0]), int(graph.sent[v, 1]), int(graph.received[v, 0]),
                     int(graph.received[v, 1])])
    headers = ["author" if graph.is_author.any() else "comment", "comments", "side (confidence)",
               "replies to own side", "replies across", "answered by own side", "answered across"]
    return table(headers, rows, table_id=table_id, numeric=headers[3:] + ["comments"])


def network_block(view: CorpusView, rows: np.ndarray, div, table_id: str) -> tuple[str, str]:
    """(HTML of the network figure and its most-active table, the note under the section title).

    ``div(fig, name)`` turns a figure into its placeholder. One line of text when there is nothing to draw.
    """
    from .html import note

    graph = reply_graph(view, rows)
    if not len(graph.edges):
        return note("No replies between different authors were linked here, so there is no reply network."), ""
    chosen, said = select_nodes(graph)
    local, drawn_kinds, n_inside = drawn_edges(graph, chosen)
    if n_inside > len(local):
        said = " ".join(x for x in (said, f"The {len(local):,} most repeated of the {n_inside:,} reply links "
                                           "between them are drawn.") if x)
    kinds = graph.edge_kind()
    n_cross, n_same = int(graph.edges[kinds == "cross", 2].sum()), int(graph.edges[kinds == "same", 2].sum())
    who = ("Each node is an author (a comment where the author is unknown)" if graph.is_author.any()
           else "Authors are unknown here, so each node is a comment")
    text = (f"{who}, sized by comments and coloured by side (paler = less confident); lines are replies: "
            f"{n_cross} across sides (red), {n_same} within a side (grey), the rest involve someone with no side "
            "(dotted). Names mark the most active. " + said)
    html = div(network_figure(graph, chosen, local, drawn_kinds), "network") + "<h3>Most active</h3>" + most_active_table(graph, table_id)
    return html, text
