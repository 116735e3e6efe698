"""``StanceDetector``: the stance stage, composed of attribution, the signed graph, its partition and self-training.

Per thread (``transform`` never looks across threads):

1. each comment's own evidence: in target mode, side-directed evaluation and cue lexicons
   (``TargetAttribution``), plus a weak side from the self-trained word classifier for comments the
   rules leave open; in camp mode, none;
2. the signed graph of the thread (``SignedReplyGraph``): authors (or lone comments) linked by replies,
   quotes, mentions and names addressed, signed by agreement/rebuttal cues, a plain reply leaning to
   disagreement;
3. the partition of the graph (``SignedPartition``) with the evidence as a field: in target mode the
   evidence orients each connected part (which side favours the target) and a part with no evidence
   stays ``none``; in camp mode the largest part gives ``camp_a``/``camp_b`` (``camp_a`` holds the thread's
   first placed comment) and the other parts and unlinked authors join the camp whose words they share
   (``text_weight``), else the larger camp;
4. each comment takes its author's side unless its own evidence clearly says otherwise; its confidence is
   the share of its author's links and evidence that agree with the side (shrinking, in target mode, with
   the distance to the nearest own evidence), and its evidence chain names the links behind it.

``fit`` learns corpus-level state only: the self-training classifier and the hand-labels classifier.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra
from sklearn.preprocessing import normalize as l2_normalize

from ..stages import Corpus, StageMixin
from ..text import normalize
from ..topics import reply_parents
from .attribution import OwnEvidence, TargetAttribution
from .cues import reply_marker
from .graph import CUED_KINDS, WRITER_KIND, SignedPartition, SignedReplyGraph, ThreadGraph
from .patterns import (CAMPS, CLASSIFIER_CONFIDENCE, CONFIDENCE_PRIOR, MAX_CHAIN, OWN_FIELD_WEIGHT, OWN_OVERRIDE, PATH_DECAY,
                       PRIOR_MIN_COMMENTS, SELF_TRAIN_SCORE, STANCES, THREAD_PRIOR, UNATTRIBUTED_MIN,
                       UNLINKED_CONFIDENCE, own_text)
from .selftrain import LabelClassifier, SelfTraining, body_text, has_content
from .writers import WriterInference


@dataclass
class LocalEvidence:
    """What each comment says on its own (row-aligned with the corpus): computed once, used by fit and transform."""

    texts: list[str]  # normalized texts
    parents: np.ndarray  # row of each comment's parent (same doc), or -1
    markers: list[tuple[int, str]]  # reply cue of each comment toward its parent
    own: OwnEvidence | None  # target mode: own scores and the words behind them


class StanceDetector(StageMixin):
    """Stance per comment. Scalar parameters mirror :class:`discourse.config.StanceConfig`; the parts
    (``attribution``, ``graph``, ``partition``, ``self_trainer``, ``classifier``, ``writers``) may be passed
    in to swap one, else they are built from the scalar parameters. ``writers`` (default
    :class:`~discourse.stance.writers.WriterInference` with ``weight=writer_weight``): same-writer links
    between comments with no author (a flat text dump), weak links toward the same side; off at 0.

    A thread-scope stage: ``transform(corpus)`` adds ``stance``, ``stance_score``, ``stance_confidence`` and
    ``stance_evidence``; the topic stage's ``topic`` column, where present, is a feature of the labels
    classifier, and the feature stage's vocabulary (``corpus.models["features"]``) gives the words that
    place authors who have no links.
    """

    name = "stance"
    scope = "thread"
    provides = ("stance", "stance_score", "stance_confidence", "stance_evidence")

    def __init__(self, *, target: str = "", target_entities: Sequence[str] | None = None,
                 opponent_entities: Sequence[str] | None = None, favor_cues: Sequence[str] | None = None,
                 against_cues: Sequence[str] | None = None, sentiment_weight: float = 1.0, cue_weight: float = 1.0,
                 reply_weight: float = 1.0, reply_prior: float = 0.2, text_weight: float = 1.0,
                 threshold: float = 0.1, self_training: bool = True, labels: str = "", random_state: int = 0,
                 writer_weight: float = 0.0, attribution: Any = None, graph: Any = None, partition: Any = None,
                 self_trainer: Any = None, classifier: Any = None, writers: Any = None) -> None:
        self.target = target
        self.target_entities = target_entities
        self.opponent_entities = opponent_entities
        self.favor_cues = favor_cues
        self.against_cues = against_cues
        self.sentiment_weight = sentiment_weight
        self.cue_weight = cue_weight
        self.reply_weight = reply_weight
        self.reply_prior = reply_prior
        self.text_weight = text_weight
        self.threshold = threshold
        self.self_training = self_training
        self.labels = labels
        self.random_state = random_state
        self.writer_weight = writer_weight
        self.attribution = attribution
        self.graph = graph
        self.partition = partition
        self.self_trainer = self_trainer
        self.classifier = classifier
        self.writers = writers

    # ---- the protocol --------------------------------------------------------------------------
    def fit(self, corpus: Corpus) -> "StanceDetector":
        with _collector_paused():
            self._build_parts()
            self._fit(corpus, self._local(corpus, markers=bool(self.labels)))
        return self

    def transform(self, corpus: Corpus) -> Corpus:
        with _collector_paused():
            return corpus.with_columns(self._decide(corpus, self._local(corpus)))

    def fit_transform(self, corpus: Corpus) -> Corpus:
        """``fit(corpus).transform(corpus)``, with each comment's own evidence computed once."""
        with _collector_paused():
            self._build_parts()
            local = self._local(corpus)
            self._fit(corpus, local)
            return corpus.with_columns(self._decide(corpus, local))

    @property
    def has_target(self) -> bool:
        return self._attribution().active

    # ---- parts ----------------------------------------------------------------------------------
    def _attribution(self) -> TargetAttribution:
        return self.attribution if self.attribution is not None else TargetAttribution(
            target=self.target, target_entities=self.target_entities, opponent_entities=self.opponent_entities,
            favor_cues=self.favor_cues, against_cues=self.against_cues, sentiment_weight=self.sentiment_weight,
            cue_weight=self.cue_weight)

    def _build_parts(self) -> None:
        self.attribution_ = self._attribution().fit()
        self.graph_ = (self.graph if self.graph is not None else
                       SignedReplyGraph(reply_prior=self.reply_prior, reply_weight=self.reply_weight)).fit()
        self.partition_ = (self.partition if self.partition is not None else SignedPartition()).fit()
        self.writers_ = (self.writers if self.writers is not None else WriterInference(weight=self.writer_weight)).fit()

    def _fit(self, corpus: Corpus, local: LocalEvidence) -> None:
        self.self_trainer_ = None
        if self.self_training and local.own is not None and len(local.texts):
            trainer = self.self_trainer if self.self_trainer is not None else SelfTraining(
                threshold=self.threshold, random_state=self.random_state)
            self.self_trainer_ = trainer.fit(local.texts, local.own.score, corpus.arrays.get("terms"))
        self.classifier_ = None
        if self.labels and len(local.texts):
            classifier = self.classifier if self.classifier is not None else LabelClassifier(
                labels=self.labels, random_state=self.random_state)
            comments = corpus.comments
            y = classifier.gold(comments["doc"].astype(str), comments["id"].astype(str))
            rules = self._decide(corpus, local, hand_labels=False)
            self.classifier_ = classifier.fit(local.texts, _rule_features(rules, local), _topics(comments), y)

    def _local(self, corpus: Corpus, markers: bool = True) -> LocalEvidence:
        if not hasattr(self, "attribution_"):
            self._build_parts()
        comments = corpus.comments
        texts = [normalize(t) for t in comments["text"].fillna("").astype(str)] if len(comments) else []
        parents = reply_parents(comments)
        marks = [reply_marker(t, texts[p], normalized=True) if p >= 0 else (0, "") for t, p in zip(texts, parents)] if markers \
            else [(0, "")] * len(texts)
        own = self.attribution_.score(texts) if self.attribution_.active else None
        return LocalEvidence(texts, parents, marks, own)

    # ---- decisions ----------------------------------------------------------------------------
    def _decide(self, corpus: Corpus, local: LocalEvidence, hand_labels: bool = True) -> pd.DataFrame:
        """The stance columns; ``hand_labels``: with the labels classifier's decisions (when fitted)."""
        comments = corpus.comments
        n = len(comments)
        labels = STANCES if local.own is not None else CAMPS
        out = _Out(n, labels)
        field = np.zeros(n)
        extra: list[list[str]] = [[] for _ in range(n)]
        loose = np.zeros(n)
        if local.own is not None:
            own = local.own.score
            field = np.where(np.abs(own) > self.threshold, own, 0.0)
            loose = local.own.loose
            for i in range(n):
                extra[i].extend(local.own.evidence[i])
            trainer = getattr(self, "self_trainer_", None)
            open_rows = np.flatnonzero(np.abs(own) <= self.threshold)
            if trainer is not None and len(open_rows):
                sign, proba = trainer.predict(local.texts, open_rows, corpus.arrays.get("terms"))
                for i, s, p in zip(open_rows.tolist(), sign.tolist(), proba.tolist()):
                    if s:
                        field[i] = s * (self.threshold + SELF_TRAIN_SCORE)
                        extra[i].append(f"words of the corpus's {labels[0] if s > 0 else labels[1]} comments ({p:.2f})")
        vectors = _Vectors(corpus)
        ids = comments["id"].astype(str).tolist() if n else []
        authors = comments["author"].fillna("").astype(str).tolist() if "author" in comments.columns else [""] * n
        cues = comments["reply_cue"].fillna("").astype(str).tolist() if "reply_cue" in comments.columns else [""] * n
        quoting = comments["quotes_article"].fillna(False).astype(bool).tolist() \
            if "quotes_article" in comments.columns else None
        for rows in corpus.thread_rows():
            self._thread(rows, ids, authors, cues, quoting, local, field, extra, loose, vectors, out)
        if hand_labels and getattr(self, "classifier_", None) is not None:
            self._classify(comments, local, out)
        return pd.DataFrame({"stance": out.stance.astype(str), "stance_score": np.round(out.score, 4),
                             "stance_confidence": np.round(np.clip(out.confidence, 0.0, 1.0), 4),
                             "stance_evidence": out.evidence})

    def _thread(self, rows, ids, authors, cues, quoting, local, field, extra, loose, vectors, out) -> None:
        target_mode = local.own is not None
        where = {int(r): k for k, r in enumerate(rows)}
        texts = [local.texts[r] for r in rows]
        parents = np.array([where.get(int(local.parents[r]), -1) for r in rows], dtype=int)
        g = self.graph_.build([ids[r] for r in rows], [authors[r] for r in rows], texts, parents,
                              [cues[r] for r in rows], [local.markers[r] for r in rows],
                              [quoting[r] for r in rows] if quoting is not None else None, writers=self.writers_)
        W = g.matrix()
        h_comment = field[rows]
        h = OWN_FIELD_WEIGHT * np.bincount(g.node, weights=h_comment, minlength=g.n_nodes)
        x, comp = self.partition_.solve(W, h)
        absw = np.asarray(abs(W).sum(axis=1)).ravel()
        support = x * (W @ x + h)
        conf = np.maximum(support, 0.0) / (absw + np.abs(h) + CONFIDENCE_PRIOR)
        note = [""] * g.n_nodes  # how a node was placed when no link placed it
        if target_mode:
            evidence_comp = np.bincount(comp, weights=np.abs(h), minlength=comp.max() + 1 if len(comp) else 0) > 0
            x = np.where(evidence_comp[comp], x, 0.0)
            if (h != 0).any() and (x != 0).any():
                hops = dijkstra(abs(W), directed=False, unweighted=True, min_only=True, indices=np.flatnonzero(h != 0))
                conf = conf * PATH_DECAY ** np.where(np.isfinite(hops), hops, 0)
        else:
            x, conf, note = self._place_camps(g, W, x, comp, conf, np.asarray(rows), texts, vectors)
        side = x[g.node]
        confidence = np.where(side != 0, conf[g.node], 0.0)
        local_ev: list[list[str]] = [list(extra[r]) for r in rows]
        if target_mode:
            self._own_words_first(g, rows, texts, h, h_comment, side, confidence, local, local_ev)
        else:  # camp_a holds the thread's first placed comment
            placed = np.flatnonzero(side != 0)
            if len(placed) and side[placed[0]] < 0:
                side = -side
        stance = np.array([out.labels[0] if s > 0 else out.labels[1] if s < 0 else out.labels[2] for s in side],
                          dtype=object)
        if target_mode:
            self._thread_prior(stance, side, confidence, loose[rows], local_ev, out.labels)
        chains = _chains(g, [ids[r] for r in rows], stance, local_ev, note, h_comment != 0)
        out.stance[rows], out.score[rows], out.confidence[rows] = stance, side * confidence, confidence
        for k, r in enumerate(rows):
            out.evidence[r] = chains[k]

    def _own_words_first(self, g: ThreadGraph, rows, texts, h, h_comment, side, confidence, local, evidence) -> None:
        """Target mode, after the partition (``side`` and ``confidence`` changed in place).

        With no own words for a side (nor its author's), a comment takes none when it is even-handed, or
        states nothing (a question, a short remark, a link) and neither agrees nor rebuts, or only receives
        plain replies: being answered says nothing of one's side. A comment whose own words clearly take the
        other side than its author's keeps its own side.
        """
        is_cued = np.array([k in CUED_KINDS for k in g.kind], dtype=bool)
        cued = np.zeros(len(rows), dtype=bool)
        cued[g.src[is_cued]] = True
        answering = np.zeros(len(rows), dtype=bool)  # it replies to someone, or someone agrees/rebuts it
        answering[g.src[np.array([k != WRITER_KIND for k in g.kind], dtype=bool)]] = True
        answering[g.dst[is_cued & (g.dst >= 0)]] = True
        silent = h[g.node] == 0
        mute = silent & ~answering
        for k in np.flatnonzero(silent & answering & ~cued).tolist():
            mute[k] = bool(local.own.neutral[rows[k]]) or not has_content(body_text(texts[k]))
        side[mute], confidence[mute] = 0.0, 0.0
        flip = (np.abs(h_comment) >= OWN_OVERRIDE) & (np.sign(h_comment) != side)
        for k in np.flatnonzero(flip).tolist():
            side[k], confidence[k] = np.sign(h_comment[k]), float(np.tanh(abs(h_comment[k])))
            evidence[k].append("own words against its author's other comments")

    def _place_camps(self, g: ThreadGraph, W, x, comp, conf, rows, texts, vectors):
        """Camp mode: the component with the most comments sets the camps; the other components and the
        unlinked nodes join the camp whose words they share, else the larger camp."""
        note = [""] * g.n_nodes
        counts = np.bincount(g.node, minlength=g.n_nodes).astype(float)
        n_comp = comp.max() + 1 if len(comp) else 0
        comp_counts = np.bincount(comp, weights=counts, minlength=n_comp)
        linked = np.bincount(comp, minlength=n_comp) > 1
        if not linked.any():  # no links at all: one camp, held weakly
            for a in range(g.n_nodes):
                note[a] = "no reply links in the thread"
            return np.ones(g.n_nodes), np.full(g.n_nodes, 0.0), note
        first_comp = comp[g.node]  # the main component: most comments, then earliest
        main = max(np.flatnonzero(linked), key=lambda c: (comp_counts[c], -int(np.flatnonzero(first_comp == c)[0])))
        in_main = comp == main
        sizes = np.array([counts[in_main & (x > 0)].sum(), counts[in_main & (x < 0)].sum()])
        larger = 1.0 if sizes[0] >= sizes[1] else -1.0
        size_conf = UNLINKED_CONFIDENCE * abs(sizes[0] - sizes[1]) / max(sizes.sum(), 1.0)
        gap = np.zeros(g.n_nodes)
        if self.text_weight > 0 and (~in_main).any():
            gap = self.text_weight * vectors.camp_gap(g, rows, texts, x, in_main, ~in_main)
        for c in range(n_comp):
            if c == main:
                continue
            nodes = np.flatnonzero(comp == c)
            if linked[c]:
                vote = float((x[nodes] * gap[nodes] * counts[nodes]).sum())
                orient = np.sign(vote) if vote else larger * np.sign((x[nodes] * counts[nodes]).sum() or 1.0)
                x[nodes] *= orient
                conf[nodes] = np.minimum(conf[nodes], UNLINKED_CONFIDENCE)
                how = "its linked group's words are closer to this camp" if vote else "its linked group joins the larger camp"
            else:
                a = int(nodes[0])
                x[a] = np.sign(gap[a]) if gap[a] else larger
                conf[a] = min(UNLINKED_CONFIDENCE, abs(gap[a])) if gap[a] else size_conf
                how = f"no links: words closer to this camp ({abs(gap[a]):.2f})" if gap[a] else "no links: the larger camp"
            for a in nodes:
                note[int(a)] = how
        return x, conf, note

    def _thread_prior(self, stance, side, confidence, loose, evidence, labels) -> None:
        """An evaluative comment that names no side (and gets no side from the graph) is read as aimed
        where the thread's labelled comments point: criticism with no named culprit usually targets
        the side the thread is criticising (and praise the side it defends)."""
        placed = stance != labels[2]
        if placed.sum() < PRIOR_MIN_COMMENTS:
            return
        direction = np.sign(side[placed].sum())
        if not direction:
            return
        for k in np.flatnonzero(~placed & (loose <= -UNATTRIBUTED_MIN)).tolist():
            stance[k] = labels[0] if direction > 0 else labels[1]
            side[k], confidence[k] = direction, THREAD_PRIOR
            evidence[k].append(f"criticism naming no side: thread leans {stance[k]}")

    def _classify(self, comments: pd.DataFrame, local: LocalEvidence, out: "_Out") -> None:
        """Hand labels where given; the labels classifier where it is confident."""
        rules = pd.DataFrame({"stance_score": out.score})
        classes, proba = self.classifier_.predict_proba(local.texts, _rule_features(rules, local), _topics(comments))
        gold = self.classifier_.gold(comments["doc"].astype(str), comments["id"].astype(str))
        sign = {out.labels[0]: 1.0, out.labels[1]: -1.0}
        best = proba.argmax(axis=1)
        for i in range(len(comments)):
            if gold[i]:
                out.stance[i], out.confidence[i] = gold[i], 1.0
                out.score[i] = sign.get(gold[i], 0.0)
                out.evidence[i] = "hand label" + ("; " + out.evidence[i] if out.evidence[i] else "")
            elif proba[i, best[i]] >= CLASSIFIER_CONFIDENCE:
                out.stance[i], out.confidence[i] = classes[best[i]], float(proba[i, best[i]])
                out.score[i] = sign.get(classes[best[i]], 0.0) * out.confidence[i]
                said = f"classifier {classes[best[i]]} ({proba[i, best[i]]:.2f})"
                out.evidence[i] = said + ("; " + out.evidence[i] if out.evidence[i] else "")


class _Out:
    def __init__(self, n: int, labels: tuple[str, str, str]) -> None:
        self.labels = labels
        self.stance = np.full(n, labels[2], dtype=object)
        self.score = np.zeros(n)
        self.confidence = np.zeros(n)
        self.evidence = [""] * n


class _Vectors:
    """Word vectors of authors' own text: the feature stage's word TF-IDF rows where the corpus has them
    (re-vectorized without their quoted lines where they quote), else hashed words; both fixed before
    transform, so a thread gets the same vectors alone."""

    def __init__(self, corpus: Corpus) -> None:
        self.features = corpus.models.get("features")
        self.terms = corpus.arrays.get("terms")
        if self.terms is not None:
            self.terms = sp.csr_matrix(self.terms)
        if self.features is None or not hasattr(self.features, "transform_terms"):
            self.terms = None

    def _own(self, docs: list[str]) -> sp.csr_matrix:
        if self.terms is not None:
            return sp.csr_matrix(self.features.transform_terms(docs))
        from sklearn.feature_extraction.text import HashingVectorizer

        from ..features import Analyzer

        X = HashingVectorizer(tokenizer=Analyzer(), lowercase=False, token_pattern=None, alternate_sign=False,
                              norm=None, n_features=1 << 18).transform(docs)
        X.data = 1.0 + np.log(X.data)
        return X

    def comments(self, rows: np.ndarray, texts: list[str]) -> sp.csr_matrix:
        """One row per comment of the thread (``rows`` of the corpus, ``texts`` their normalized texts)."""
        own = [own_text(t) for t in texts]
        if self.terms is None:
            return self._own(own)
        X = self.terms[rows]
        quoting = [k for k, (o, t) in enumerate(zip(own, texts)) if o != t]
        if quoting:  # their rows without the quoted lines: zero the old rows, place the new ones
            m, q = len(rows), len(quoting)
            keep = np.ones(m)
            keep[quoting] = 0.0
            place = sp.csr_matrix((np.ones(q), (quoting, np.arange(q))), shape=(m, q))
            X = sp.diags(keep) @ X + place @ self._own([own[k] for k in quoting])
        return sp.csr_matrix(X)

    def camp_gap(self, g: ThreadGraph, rows: np.ndarray, texts: list[str], x: np.ndarray, in_main: np.ndarray,
                 need: np.ndarray) -> np.ndarray:
        """cos(node, camp + centroid) - cos(node, camp - centroid) for the nodes in ``need``; the camps are
        those of the main component."""
        a, b = in_main & (x > 0), in_main & (x < 0)
        gap = np.zeros(g.n_nodes)
        if not a.any() or not b.any() or not need.any():
            return gap
        use = np.flatnonzero((a | b | need)[g.node])  # the comments whose words are needed
        C = self.comments(rows[use], [texts[k] for k in use])
        assign = sp.csr_matrix((np.ones(len(use)), (g.node[use], np.arange(len(use)))), shape=(g.n_nodes, len(use)))
        X = l2_normalize(assign @ C)
        centroids = l2_normalize(sp.vstack([sp.csr_matrix(X[a].sum(axis=0)), sp.csr_matrix(X[b].sum(axis=0))]))
        sims = (X[need] @ centroids.T).toarray()
        gap[need] = sims[:, 0] - sims[:, 1]
        return gap


def _chains(g: ThreadGraph, ids: list[str], stance: np.ndarray, own: list[list[str]], note: list[str],
            has_own: np.ndarray) -> list[str]:
    """The evidence chain of each comment: its own words, its links (with the other side's stance), the
    author's other comments, and how an unlinked author was placed."""
    n = len(ids)
    outgoing: list[list[str]] = [[] for _ in range(n)]
    incoming: list[list[str]] = [[] for _ in range(n)]
    strength = np.zeros(n)
    for i, j, kind, cue, w in zip(g.src.tolist(), g.dst.tolist(), g.kind, g.cue, g.weight.tolist()):
        said = f"; '{cue}'" if cue else ""
        if j < 0:  # the article's writer
            outgoing[i].append(f"{kind} the article{' (' + said[2:] + ')' if cue else ''}")
            strength[i] += abs(w)
            continue
        if g.node[i] == g.node[j]:
            continue
        outgoing[i].append(f"{kind} {ids[j]} ({stance[j]}{said})")
        incoming[j].append(f"{kind} {ids[i]} ({stance[i]})" if kind == WRITER_KIND else f"{ids[i]} {kind} it ({stance[i]})")
        strength[i] += abs(w)
        strength[j] += abs(w)
    best_of_node: dict[int, int] = {}
    for i in range(n):
        a = int(g.node[i])
        key = (strength[i] + has_own[i], -i)
        if a not in best_of_node or key > (strength[best_of_node[a]] + has_own[best_of_node[a]], -best_of_node[a]):
            best_of_node[a] = i
    out = []
    for i in range(n):
        a = int(g.node[i])
        chain = list(own[i]) + outgoing[i][:2] + incoming[i][:2]
        j = best_of_node[a]
        if g.authored[a] and j != i and not outgoing[i] and not has_own[i]:
            chain.append(f"same author as {ids[j]} ({g.names[a]})")
        if note[a]:
            chain.append(note[a])
        out.append("; ".join(chain[:MAX_CHAIN]) if chain else "")
    return out


@contextmanager
def _collector_paused():
    """Python's cycle collector off for the stage: it allocates several small lists and tuples per comment
    and makes no reference cycles, so the collector's repeated passes over every live object (the whole
    corpus) would cost about a sixth of the stage and free nothing. Restored as it was on exit."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _rule_features(rules: pd.DataFrame, local: LocalEvidence) -> np.ndarray:
    score = rules["stance_score"].to_numpy(dtype=float)
    return np.column_stack([score, np.abs(score), [m[0] for m in local.markers]])


def _topics(comments: pd.DataFrame) -> list[str] | None:
    return comments["topic"].astype(str).tolist() if "topic" in comments.columns else None
