"""The signed graph of a thread and its partition into two sides.

Nodes are authors where they are known (a placeholder such as "[deleted]" is no author), comments where
they are not. Edges come from reply links, quotes of earlier comments ("> ..." lines, "X said:"),
``@mentions`` and names addressed ("Bassman, you ..."). An edge's sign comes from the reply's opening cue
(``cues.reply_marker``): agreement = same side, rebuttal = other side (``reply_weight``). A plain reply or
quotation carries a prior toward disagreement (``reply_prior``): in debates most replies argue back.

:class:`SignedPartition` splits a signed graph into two sides: it maximises
``sum_ab W_ab x_a x_b + sum_a h_a x_a`` over ``x`` in {-1, +1} (correlation clustering with two
clusters; ``h`` is each node's own evidence, zero in camp mode): exactly on trees (dynamic programming)
and on small components, otherwise by single-node local search from a spectral start and from the
spanning-tree solution, keeping the better. Deterministic and linear in the number of comments and
edges (the dense eigendecomposition only runs on small components).
"""
from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components, minimum_spanning_tree

from . import lexicon as L
from .cues import reply_marker
from .patterns import (ATTRIBUTION_RE, DENSE_MAX_NODES, EXACT_MAX_NODES, KEY_PUNCT, MARGINAL_TEMPERATURE,
                       MENTION_RE, POWER_ITERATIONS, QUOTE_KEY_WORDS, VOCATIVE_END_RE,
                       VOCATIVE_START_RE, own_text, quoted_lines)

QUOTE_CUES = frozenset({"quote"})  # reply links the segmenter found from a quotation
CUED_KINDS = ("agrees with", "rebuts")  # links whose sign a cue gave (the others lean on reply_prior)
WRITER_KIND = "same inferred writer as"  # a stylometric link between comments with no author (no reply)


@dataclass
class ThreadGraph:
    """The signed graph of one thread: comment rows are thread-local (0..n-1)."""

    node: np.ndarray  # node of each comment
    names: list[str]  # each node's name: its author, or the id of its one comment
    authored: np.ndarray  # whether each node is an author (else a lone comment)
    src: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # comment giving each edge
    dst: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # comment the edge points at
    weight: np.ndarray = field(default_factory=lambda: np.zeros(0))  # > 0 same side, < 0 the other side
    kind: list[str] = field(default_factory=list)  # "agrees with", "rebuts", "quotes", "replies to", "addresses"
    cue: list[str] = field(default_factory=list)  # the words behind the sign, or ""
    article: int = -1  # node of the article's writer (the thread starter), -1 if none; edges to it have dst -1

    @property
    def n_nodes(self) -> int:
        return len(self.names)

    @property
    def dst_node(self) -> np.ndarray:
        """The node each edge points at (the article's writer for ``dst`` -1)."""
        return np.where(self.dst >= 0, self.node[np.maximum(self.dst, 0)], self.article) if len(self.dst) \
            else np.zeros(0, dtype=int)

    def matrix(self) -> sp.csr_matrix:
        """Symmetric node adjacency (summed signed weights; edges within one node dropped)."""
        a, b = self.node[self.src], self.dst_node
        keep = a != b
        a, b, w = a[keep], b[keep], self.weight[keep]
        n = self.n_nodes
        m = sp.coo_matrix((np.r_[w, w], (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()
        m.sum_duplicates()
        m.eliminate_zeros()
        return m


class SignedReplyGraph:
    """Builds the signed graph of a thread from its reply links, quotes, mentions and names addressed.

    ``reply_prior``: weight toward disagreement of a plain reply or quotation (no cue); ``reply_weight``:
    weight of an agreement or rebuttal cue. ``quotes``/``mentions``: also
    link comments to the earlier comments they quote and to the participants they address. ``article``:
    the article's writer (a thread's opening post) is a participant too: a comment that quotes the
    article answers it (a node of its own with no comments; in a flat thread dump this ties together the
    posts that argue with the opening post, which no reply link joins).
    """

    def __init__(self, *, reply_prior: float = 0.2, reply_weight: float = 1.0, quotes: bool = True,
                 mentions: bool = True, article: bool = True) -> None:
        self.reply_prior = reply_prior
        self.reply_weight = reply_weight
        self.quotes = quotes
        self.mentions = mentions
        self.article = article

    def fit(self, corpus=None) -> "SignedReplyGraph":
        return self

    def build(self, ids: Sequence[str], authors: Sequence[str], texts: Sequence[str], parents: np.ndarray,
              reply_cues: Sequence[str] | None = None, markers: Sequence[tuple[int, str]] | None = None,
              quotes_article: Sequence[bool] | None = None, writers=None) -> ThreadGraph:
        """The graph of one thread. ``texts`` are normalized, in thread order; ``parents`` are thread-local
        rows (-1: none); ``markers`` (optional) are ``reply_marker(text, parent text)`` of each row;
        ``quotes_article`` (optional): whether each row quotes the article; ``writers`` (optional, a fitted
        :class:`~discourse.stance.writers.WriterInference`): links the comments with no author to the comments
        most likely by the same writer (``same inferred writer as``, toward the same side)."""
        n = len(texts)
        keys = [author_key(a) for a in authors]
        node_of: dict[str, int] = {}
        names: list[str] = []
        authored: list[bool] = []
        node = np.empty(n, dtype=int)
        for i, key in enumerate(keys):
            label = f"a:{key}" if key else f"c:{i}"
            k = node_of.get(label)
            if k is None:
                k = node_of[label] = len(names)
                names.append(str(authors[i]).strip() if key else str(ids[i]))
                authored.append(bool(key))
            node[i] = k
        graph = ThreadGraph(node=node, names=names, authored=np.array(authored, dtype=bool))
        src, dst, weight, kind, cue = [], [], [], [], []
        cues = list(reply_cues) if reply_cues is not None else [""] * n
        quoting = [bool(quoted_lines(t)) for t in texts] if self.quotes else [False] * n
        quote_src: dict[int, set[int]] = {}
        if self.quotes and any(quoting):
            quote_src = _quoted_sources(texts, quoting, keys, parents)
        linked: set[tuple[int, int]] = set()  # (comment, node) pairs already linked

        def add(i: int, j: int, quoted: bool, marker: tuple[int, str] | None) -> None:
            sign, word = marker if marker is not None else reply_marker(texts[i], texts[j] if j >= 0 else None,
                                                                        normalized=True)
            if sign:
                w, k = sign * self.reply_weight, ("agrees with" if sign > 0 else "rebuts")
            else:  # quoting is no sign of its own: people quote to rebut, and to agree and add
                w, k, word = -self.reply_prior, "quotes" if quoted else "replies to", ""
            src.append(i), dst.append(j), weight.append(w), kind.append(k), cue.append(word)
            linked.add((i, int(node[j]) if j >= 0 else -1))

        for i in range(n):
            p = int(parents[i])
            if p >= 0 and p != i:
                quoted = cues[i] in QUOTE_CUES or p in quote_src.get(i, ())
                add(i, p, quoted, markers[i] if markers is not None else None)

        # quotations of comments other than the parent, and participants addressed: a reply's opening cue
        # answers its parent; a comment without one answers whom it quotes or addresses
        for i, sources in quote_src.items():
            for j in sorted(sources):
                if (i, int(node[j])) not in linked and node[j] != node[i]:
                    add(i, j, True, (0, "") if parents[i] >= 0 else None)
        if self.mentions and any(keys):
            for i, j in _addressed(texts, keys, node):
                if (i, int(node[j])) not in linked:
                    add(i, j, False, (0, "") if parents[i] >= 0 else None)
                    kind[-1] = "addresses" if kind[-1] == "replies to" else kind[-1]
        if self.article and quotes_article is not None and any(quotes_article):
            graph.article = len(names)  # the article's writer: a node with no comments
            names.append("the article")
            graph.authored = np.r_[graph.authored, True]
            for i in np.flatnonzero(np.asarray(quotes_article, dtype=bool)).tolist():
                add(i, -1, True, (0, ""))  # the sign is the plain prior: a quote of the article is no cue
        if writers is not None and writers.active and not all(keys):
            unknown = np.array([not k for k in keys], dtype=bool)
            for i, j, _ in writers.links(texts, parents, unknown, quote_src):
                if node[i] != node[j]:
                    src.append(i), dst.append(j), weight.append(writers.weight)
                    kind.append(WRITER_KIND), cue.append("")
        graph.src, graph.dst = np.array(src, dtype=int), np.array(dst, dtype=int)
        graph.weight, graph.kind, graph.cue = np.array(weight, dtype=float), kind, cue
        return graph


def author_key(author: object) -> str:
    """An author's name as a node key: case and spacing folded; '' for none or a placeholder ("[deleted]")."""
    key = " ".join(str(author or "").split()).lower()
    return "" if key in L.PLACEHOLDER_AUTHORS else key


def _sentence_keys(text: str) -> list[str]:
    """The first ``QUOTE_KEY_WORDS`` words of each line and sentence of ``text`` (lower-cased, punctuation
    dropped), for quote lookup."""
    out = []
    for sent in text.replace("! ", ". ").replace("? ", ". ").replace("\n", ". ").split(". "):
        words = sent.split(None, QUOTE_KEY_WORDS)[:QUOTE_KEY_WORDS]
        if len(words) == QUOTE_KEY_WORDS:
            out.append(" ".join(words).lower().translate(KEY_PUNCT))
    return out


def _quoted_sources(texts: Sequence[str], quoting: list[bool], keys: list[str],
                    parents: np.ndarray) -> dict[int, set[int]]:
    """For each quoting comment, the earlier comments its quoted lines come from (by sentence openings;
    the latest earlier comment with that opening wins). "X said:" before a quote names X's latest comment."""
    index: dict[str, int] = {}
    latest_by_author: dict[str, int] = {}
    found: dict[int, set[int]] = {}
    for i, text in enumerate(texts):
        if quoting[i]:
            hits = {index[k] for line in quoted_lines(text) for k in _sentence_keys(line) if k in index}
            for line in text.split("\n"):
                m = ATTRIBUTION_RE.match(line) if line.rstrip().endswith(":") else None
                if m and author_key(m.group(1)) in latest_by_author:
                    hits.add(latest_by_author[author_key(m.group(1))])
            hits.discard(i)
            if hits:
                found[i] = hits
        for k in _sentence_keys(own_text(text)):
            index[k] = i
        if keys[i]:
            latest_by_author[keys[i]] = i
    return found


def _addressed(texts: Sequence[str], keys: list[str], node: np.ndarray) -> list[tuple[int, int]]:
    """(comment, latest earlier comment of the addressed author) for each "@name" and each name addressed
    at the start or the end of a line ("Bassman, you ...", "... to you, Bassman.")."""
    latest: dict[str, int] = {}
    out = []
    for i, text in enumerate(texts):
        if latest:
            names = set(MENTION_RE.findall(text)) if "@" in text else set()
            if "," in text or ":" in text:
                for line in own_text(text).split("\n"):
                    if "," not in line and ":" not in line:
                        continue
                    for rx in (VOCATIVE_START_RE, VOCATIVE_END_RE):
                        m = rx.search(line)
                        if m:
                            names.add(m.group(1))
            for name in sorted(names):
                j = latest.get(author_key(name))
                if j is not None and node[j] != node[i]:
                    out.append((i, j))
        if keys[i]:
            latest[keys[i]] = i
    return out


class SignedPartition:
    """Two sides of a signed graph: maximise ``sum_ab W_ab x_a x_b + sum_a h_a x_a`` over x in {-1, +1}.

    Every connected component starts from the best colouring of its maximum spanning tree (by |weight|),
    found by dynamic programming over the tree: exact when the component is a tree. A component with
    cycles is then solved exactly up to ``exact_max_nodes`` nodes, else by local search (single-node flips
    that raise the objective) from that colouring and from a spectral start, the better kept. A node with
    no edge takes the sign of ``h`` (0 if none).

    ``marginals``: on the small components with cycles (solved by enumeration), each node takes the side it
    has in most of the probability mass of ``P(x) ~ exp(objective(x))`` rather than its side in the single
    best colouring: that maximises the expected number of nodes placed right, and a frustrated cycle then
    costs the weakly held node, not the whole group behind it. (On a tree without evidence both agree.)
    """

    def __init__(self, *, exact_max_nodes: int = EXACT_MAX_NODES, marginals: bool = True) -> None:
        self.exact_max_nodes = exact_max_nodes
        self.marginals = marginals

    def fit(self, corpus=None) -> "SignedPartition":
        return self

    def solve(self, W: sp.csr_matrix, h: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(x, component): each node's side (+1/-1, 0 for an isolated node without evidence) and component."""
        n = W.shape[0]
        h = np.zeros(n) if h is None else np.asarray(h, dtype=float)
        if not n:
            return np.zeros(0), np.zeros(0, dtype=int)
        n_comp, comp = connected_components(W, directed=False)
        sizes = np.bincount(comp, minlength=n_comp)
        x = np.sign(h)
        if (sizes == 1).all():
            return x, comp
        linked = sizes[comp] > 1
        x[linked] = _forest_colouring(W, comp, sizes, h)[linked]
        upper = sp.triu(W, k=1).tocoo()
        edges = np.bincount(comp[upper.row], minlength=n_comp)
        cyclic = np.flatnonzero((sizes > 1) & (edges > sizes - 1))
        if len(cyclic):
            order = np.argsort(comp, kind="stable")
            bounds = np.r_[0, np.cumsum(sizes)]
            for c in cyclic.tolist():
                nodes = order[bounds[c]:bounds[c + 1]]
                x[nodes] = self._solve_component(W[nodes][:, nodes], h[nodes], x[nodes])
        return x, comp

    def _solve_component(self, W: sp.csr_matrix, h: np.ndarray, tree: np.ndarray) -> np.ndarray:
        n = W.shape[0]
        if n <= self.exact_max_nodes:
            return _exact(W.toarray(), h, self.marginals)
        if n <= DENSE_MAX_NODES:
            vals, vecs = np.linalg.eigh(W.toarray())
            spectral = _orient(np.where(vecs[:, -1] >= 0, 1.0, -1.0), h)
        else:
            spectral = _power_start(W, h, tree)
        best, best_value = None, -np.inf
        for x in (tree, spectral):
            x = _local_search(W, h, x.copy())
            value = objective(W, h, x)
            if value > best_value + 1e-9:
                best, best_value = x, value
        return best


def objective(W: sp.csr_matrix, h: np.ndarray, x: np.ndarray) -> float:
    """Weight of agreeing edges minus disagreeing ones (each edge once) plus the evidence agreed with."""
    return float(0.5 * x @ (W @ x) + h @ x)


def _exact(W: np.ndarray, h: np.ndarray, marginals: bool = True) -> np.ndarray:
    """Each node's side from all 2^n colourings of a small component.

    ``marginals``: the side each node takes in most of the probability mass of P(x) ~ exp(objective(x))
    (the decision that maximises the expected number of nodes placed right; without evidence, sides are
    relative to the node with the most link weight, which stays on +1). Else the single best colouring
    (ties: the first node on the + side).
    """
    n = len(h)
    rest = np.array(list(itertools.product((1.0, -1.0), repeat=n - 1))).reshape(-1, n - 1)
    X = np.vstack([np.hstack([np.ones((len(rest), 1)), rest]), np.hstack([-np.ones((len(rest), 1)), rest])])
    values = 0.5 * np.einsum("ij,jk,ik->i", X, W, X) + X @ h
    if not marginals:
        return X[int(np.argmax(values + 1e-9 * (X[:, 0] > 0)))]
    p = np.exp(MARGINAL_TEMPERATURE * (values - values.max()))
    if h.any():
        lean = p @ X  # unnormalised E[x]
    else:
        anchor = int(np.argmax(np.abs(W).sum(axis=1)))
        lean = p @ (X * X[:, [anchor]])  # unnormalised E[x_k x_anchor]
    return np.where(lean >= 0, 1.0, -1.0)


def _orient(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Flip ``x`` as a whole when that agrees with more evidence; without evidence, node 0 on the + side."""
    value = h @ x
    if value < 0 or (value == 0 and x[0] < 0):
        return -x
    return x


def _forest_colouring(W: sp.csr_matrix, comp: np.ndarray, sizes: np.ndarray, h: np.ndarray) -> np.ndarray:
    """The best colouring of a maximum spanning forest (by |weight|) with the evidence ``h``: max-sum dynamic
    programming over each tree (exact on a tree, linear). Ties go to the + side at a tree's first node."""
    n = W.shape[0]
    absw = abs(W)
    cost = absw.copy()
    cost.data = (absw.data.max() + 1.0) - absw.data  # a minimum spanning forest of this is a maximum one of |W|
    forest = minimum_spanning_tree(cost).tocoo()
    firsts = np.unique(comp, return_index=True)[1]  # the first node of each component
    firsts = firsts[sizes[comp[firsts]] > 1]
    rows = np.r_[forest.row, forest.col, np.full(len(firsts), n)]  # a virtual root joins the components
    cols = np.r_[forest.col, forest.row, firsts]
    joined = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1))
    order, pred = breadth_first_order(joined, n, directed=True, return_predecessors=True)
    child = order[1:]
    parent = pred[child]
    weight = np.zeros(n + 1)
    inner = parent < n
    if inner.any():
        weight[child[inner]] = np.asarray(W[child[inner], parent[inner]]).ravel()
    plus, minus = np.r_[h, 0.0], np.r_[-h, 0.0]  # best value of each subtree with its root on +1 / -1
    children, weights, pred_list = child.tolist(), weight.tolist(), pred.tolist()
    for v in reversed(children):
        p = pred_list[v]
        if p == n:
            continue
        w = weights[v]
        plus[p] += max(plus[v] + w, minus[v] - w)
        minus[p] += max(plus[v] - w, minus[v] + w)
    x = np.ones(n + 1)
    for v in children:
        p = pred_list[v]
        if p == n:
            x[v] = 1.0 if plus[v] >= minus[v] else -1.0
            continue
        w = weights[v] * x[p]  # > 0: the link wants v on x[p]'s side
        up, down = plus[v] + w, minus[v] - w
        x[v] = 1.0 if up > down or (up == down and w >= 0) else -1.0
    return x[:n]


def _power_start(W: sp.csr_matrix, h: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Signs of the leading eigenvector of W (power iteration on W + cI from ``start``, fixed steps)."""
    shift = float(abs(W).sum(axis=1).max())
    v = start / np.linalg.norm(start)
    for _ in range(POWER_ITERATIONS):
        v = W @ v + shift * v
        v /= np.linalg.norm(v) or 1.0
    return _orient(np.where(v >= 0, 1.0, -1.0), h)


def _local_search(W: sp.csr_matrix, h: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Flip single nodes while a flip raises the objective (each flip does: it terminates)."""
    f = W @ x + h
    indptr, indices, data = W.indptr, W.indices, W.data
    queue = deque(np.flatnonzero(x * f < 0).tolist())
    queued = np.zeros(len(x), dtype=bool)
    queued[list(queue)] = True
    while queue:
        k = queue.popleft()
        queued[k] = False
        if x[k] * f[k] >= 0:
            continue
        x[k] = -x[k]
        nb, w = indices[indptr[k]:indptr[k + 1]], data[indptr[k]:indptr[k + 1]]
        f[nb] += 2.0 * x[k] * w
        for j in nb[(x[nb] * f[nb] < 0) & ~queued[nb]].tolist():
            queue.append(j)
            queued[j] = True
    return x
