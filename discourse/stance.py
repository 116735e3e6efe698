"""Stance stage: favor / against / none toward a configured target (SemEval-2016 style), or two camps.

With a target (or target/opponent entities) each comment's score adds up three signals:

* target-directed sentiment: TextBlob polarity of sentences naming the target side (as is) or the
  opponent side (sign flipped: criticising the opponent is read as favouring the target);
* cue lexicons from the config (``favor_cues``, ``against_cues``);
* the reply graph: an agreement opener ("Agreed", "Exactly", "Well said") carries the parent's score
  down the reply, a rebuttal ("Wrong.", "Nonsense", "I disagree") flips it.

Without a target, each thread is split into ``camp_a`` / ``camp_b`` (and ``none``) from the signed
reply graph (agree = same camp, rebut = other camp) refined by text similarity to the camps.
A CSV of hand-labelled comments (``labels``) trains a logistic regression on words + rule scores
that is used together with the rules.
"""
from __future__ import annotations

import re
from typing import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.preprocessing import normalize as l2_normalize

from .errors import ConfigError
from .sentiment import polarity_subjectivity
from .text import normalize, sentences
from .topics import reply_parents, thread_order

# ---- constants: general discourse-marker lexicons and fixed weights ---------------------------
AGREE_MARKERS = (
    "agreed", "i agree", "totally agree", "i couldn't agree more", "couldn't agree more", "well said",
    "well put", "spot on", "exactly", "precisely", "absolutely", "indeed", "yes", "yep", "yeah",
    "so true", "very true", "quite right", "you're right", "you are right", "good point", "great point",
    "correct", "right on", "hear hear", "amen", "bingo", "nailed it", "same here", "bravo",
)
REBUT_MARKERS = (
    "wrong", "you're wrong", "you are wrong", "nonsense", "utter nonsense", "what nonsense", "rubbish",
    "garbage", "baloney", "bs", "bullshit", "no", "nope", "not true", "that's not true", "that is not true",
    "that's false", "false", "untrue", "incorrect", "i disagree", "disagree", "not really", "not so",
    "ridiculous", "absurd", "hardly", "on the contrary", "really?", "seriously?",
)
# In the first sentence, not only at its start ...
AGREE_FIRST = ("i agree", "i couldn't agree more", "you're right", "you are right", "well said")
REBUT_FIRST = ("i disagree", "i'd have to disagree", "i must disagree", "you're wrong", "you are wrong",
               "that's not true")
# ... and anywhere when the reply names its addressee.
AGREE_ANYWHERE = ("i agree with you", "i fully agree with you", "you're absolutely right", "you are absolutely right")
REBUT_ANYWHERE = ("i disagree with you", "you're completely wrong", "you are completely wrong")
SECOND_PERSON_RE = re.compile(r"\b(?:you|your|you're|yourself|u|ur)\b", re.IGNORECASE)
HOSTILE_REPLY = -0.25  # polarity of a sentence addressing "you" below which a reply is a rebuttal
QUOTE_LINE_RE = re.compile(r"^\s*(?:>|re:|quote:|\"[^\"]{20,}\"\s*$)", re.IGNORECASE)  # quoted, not the commenter's
FILLER_RE = re.compile(r"^\W*(?:(?:well|oh|ah|um|hmm|and|but|sorry|lol)\b[\s,.!]*)*", re.IGNORECASE)
BOTH_SIDES_WEIGHT = 0.5  # a sentence naming both sides counts for its first-named side, at half weight
CARRY_WEIGHT = 0.5  # a sentence naming no side counts for the side named before it, at this weight
CUE_SCALE = 0.4  # cue score = tanh(CUE_SCALE * (favor cues - against cues)): one cue ~ 0.38
CLASSIFIER_CONFIDENCE = 0.5  # the labels classifier overrides the rules above this probability
CAMP_ITERATIONS = 5  # rounds of (graph + text) camp refinement
CAMP_TEXT_WEIGHT = 1.0  # weight of similarity to the camp centroids vs the reply graph
STANCES = ("favor", "against", "none")
CAMPS = ("camp_a", "camp_b", "none")


def _phrase_regex(phrases: Iterable[str], case_aware: bool = False) -> re.Pattern | None:
    """One regex matching any phrase as whole words; all-caps phrases ("US") match case-sensitively."""
    parts = []
    for p in sorted({normalize(p.strip()) for p in phrases if p and p.strip()}, key=len, reverse=True):
        body = re.escape(p).replace(r"\ ", r"\s+")
        if case_aware and p.replace(".", "").isupper():
            parts.append(rf"(?-i:{body})")
        else:
            parts.append(body)
    if not parts:
        return None
    suffix = r"(?:'s|s)?" if case_aware else ""  # entities: "China's", "Americans"
    return re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")" + suffix + r"(?!\w)", re.IGNORECASE)


AGREE_RE = _phrase_regex(AGREE_MARKERS)
REBUT_RE = _phrase_regex(REBUT_MARKERS)
AGREE_FIRST_RE = _phrase_regex(AGREE_FIRST)
REBUT_FIRST_RE = _phrase_regex(REBUT_FIRST)
AGREE_ANY_RE = _phrase_regex(AGREE_ANYWHERE)
REBUT_ANY_RE = _phrase_regex(REBUT_ANYWHERE)


def reply_marker(text: str) -> tuple[int, str]:
    """(+1, marker) for an agreement opener, (-1, marker) for a rebuttal, (0, "") otherwise.

    A marker counts at the start of the reply (after fillers such as "Well,"); a one-word marker
    only when punctuation follows it ("No." / "Exactly," but not "No country ...").
    """
    text = normalize(text or "").strip()
    first = (sentences(text.split("\n", 1)[0]) or [""])[0]
    head = FILLER_RE.sub("", first, count=1)
    hits = []
    for sign, rx in ((1, AGREE_RE), (-1, REBUT_RE)):
        m = rx.match(head)
        if m and (" " in m.group(0).strip() or re.match(r"\s*(?:[,.;:!?)\-]|$)", head[m.end():])):
            hits.append((m.start(), sign, m.group(0)))
    for sign, rx, where in ((1, AGREE_FIRST_RE, first), (-1, REBUT_FIRST_RE, first),
                            (1, AGREE_ANY_RE, text), (-1, REBUT_ANY_RE, text)):
        m = rx.search(where)
        if m:
            hits.append((m.start(), sign, m.group(0)))
    if hits:
        _, sign, word = min(hits)
        return sign, word
    for sent in sentences(own_text(text)):  # no marker: a hostile sentence at "you" is a rebuttal
        if SECOND_PERSON_RE.search(sent) and polarity_subjectivity(sent)[0] <= HOSTILE_REPLY:
            return -1, "hostile 'you'"
    return 0, ""


def own_text(text: str) -> str:
    """The commenter's own lines of a normalized text: quoted lines ("> ...", "Re: ...") are dropped."""
    return "\n".join(line for line in text.split("\n") if not QUOTE_LINE_RE.match(line))


def _label(score: float, threshold: float, labels: tuple[str, str, str]) -> str:
    return labels[0] if score > threshold else labels[1] if score < -threshold else labels[2]


class StanceDetector:
    """Stance per comment. Parameters mirror :class:`discourse.config.StanceConfig`.

    ``fit(comments, topics)`` sets ``assignments_`` (stance, stance_score, stance_evidence) aligned
    with the rows of ``comments``; ``topics`` (the topic stage's assignments) is accepted for the
    pipeline contract and used as a feature of the labels classifier.
    """

    def __init__(self, *, target: str = "", target_entities=None, opponent_entities=None, favor_cues=None,
                 against_cues=None, sentiment_weight: float = 1.0, cue_weight: float = 1.0,
                 reply_weight: float = 0.6, threshold: float = 0.1, labels: str = "",
                 random_state: int = 0) -> None:
        self.target = target
        self.target_entities = target_entities
        self.opponent_entities = opponent_entities
        self.favor_cues = favor_cues
        self.against_cues = against_cues
        self.sentiment_weight = sentiment_weight
        self.cue_weight = cue_weight
        self.reply_weight = reply_weight
        self.threshold = threshold
        self.labels = labels
        self.random_state = random_state

    @property
    def has_target(self) -> bool:
        return bool((self.target or "").strip() or self.target_entities or self.opponent_entities)

    def fit(self, comments: pd.DataFrame, topics: pd.DataFrame | None = None) -> "StanceDetector":
        n = len(comments)
        texts = [normalize(t) for t in comments["text"].fillna("").astype(str)] if n else []
        self.parents_ = reply_parents(comments)
        self.markers_ = [reply_marker(t) if p >= 0 else (0, "") for t, p in zip(texts, self.parents_)]
        if self.has_target:
            score, evidence = self._target_scores(texts)
            stance = np.array([_label(s, self.threshold, STANCES) for s in score], dtype=object)
        else:
            stance, score, evidence = self._camps(comments, texts)
        if self.labels and n:
            stance, score, evidence = self._classify(comments, texts, topics, stance, score, evidence)
        self.assignments_ = pd.DataFrame({"stance": stance.astype(str), "stance_score": np.round(score, 4),
                                          "stance_evidence": ["; ".join(e) for e in evidence]})
        return self

    # ---- target mode ---------------------------------------------------------------------------
    def _target_scores(self, texts: list[str]) -> tuple[np.ndarray, list[list[str]]]:
        target = list(self.target_entities or [])
        if not target and self.target:  # a bare target phrase: its capitalised words are the entities
            target = [w for w in re.findall(r"[A-Z][\w.'-]*", self.target) if len(w) > 1]
        sides = ((+1.0, _phrase_regex(target, case_aware=True)),
                 (-1.0, _phrase_regex(self.opponent_entities or [], case_aware=True)))
        favor_re = _phrase_regex(self.favor_cues or [])
        against_re = _phrase_regex(self.against_cues or [])
        n = len(texts)
        own = np.zeros(n)
        evidence: list[list[str]] = [[] for _ in range(n)]
        for i, text in enumerate(texts):
            text = own_text(text)
            sent, sent_ev = entity_sentiment(text, sides)
            fav = favor_re.findall(text) if favor_re else []
            ag = against_re.findall(text) if against_re else []
            cue = np.tanh(CUE_SCALE * (len(fav) - len(ag)))
            own[i] = self.sentiment_weight * sent + self.cue_weight * cue
            evidence[i].extend(sent_ev)
            if fav:
                evidence[i].append("favor cues: " + ", ".join(dict.fromkeys(f.lower() for f in fav)))
            if ag:
                evidence[i].append("against cues: " + ", ".join(dict.fromkeys(a.lower() for a in ag)))
        score = own.copy()
        for i in thread_order(self.parents_):  # parents first: agreement chains carry the stance down
            sign, word = self.markers_[i]
            p = self.parents_[i]
            if p >= 0 and sign:  # the parent's label, not its raw score, is what a reply takes up
                score[i] += self.reply_weight * sign * np.sign(score[p]) * (abs(score[p]) > self.threshold)
                verb = "agrees with" if sign > 0 else "rebuts"
                evidence[i].append(f"'{word}' {verb} reply-to #{p} ({_label(score[p], self.threshold, STANCES)})")
        return score, evidence

    # ---- camp mode (no target) -----------------------------------------------------------------
    def _camps(self, comments: pd.DataFrame, texts: list[str]):
        from .features import TextFeatures

        n = len(texts)
        score = np.zeros(n)
        evidence: list[list[str]] = [[] for _ in range(n)]
        if not n:
            return np.array([], dtype=object), score, evidence
        X = TextFeatures(lsa_components=0, ngram_max=1).fit_transform(texts)
        docs = comments["doc"].astype(str).to_numpy() if "doc" in comments.columns else np.full(n, "")
        for doc in dict.fromkeys(docs):
            rows = np.flatnonzero(docs == doc)
            score[rows] = self._thread_camps(rows, X[rows], evidence)
        stance = np.array([_label(s, self.threshold, CAMPS) for s in score], dtype=object)
        return stance, score, evidence

    def _thread_camps(self, rows: np.ndarray, X: sp.csr_matrix, evidence: list[list[str]]) -> np.ndarray:
        """Signed-graph 2-colouring of one thread, refined by similarity to the camp centroids."""
        local = {int(r): j for j, r in enumerate(rows)}
        m = len(rows)
        signs = np.zeros(m)
        parent = np.full(m, -1)
        for j, r in enumerate(rows):
            p = int(self.parents_[r])
            if p in local and self.markers_[r][0]:
                parent[j], signs[j] = local[p], self.markers_[r][0]
        # Seed: 2-colour the signed reply forest (agree = same colour, rebut = other colour).
        colour = np.zeros(m)
        for j in thread_order(parent):
            if parent[j] >= 0:
                colour[parent[j]] = colour[parent[j]] or 1.0  # a debated root starts camp_a
                colour[j] = signs[j] * colour[parent[j]]
        if not colour.any():  # no marked replies: split along the thread's main text direction
            colour = self._text_axis(X)
        score = colour.copy()
        for _ in range(CAMP_ITERATIONS):
            a, b = score > self.threshold, score < -self.threshold
            if not (a.any() and b.any()):
                break
            centroids = l2_normalize(np.vstack([np.asarray(X[a].mean(axis=0)), np.asarray(X[b].mean(axis=0))]))
            sims = np.asarray(X @ centroids.T)
            text = CAMP_TEXT_WEIGHT * (sims[:, 0] - sims[:, 1])
            graph = np.where(parent >= 0, self.reply_weight * signs * score[np.maximum(parent, 0)], 0.0)
            score = np.clip(text + graph + 0.5 * colour, -1, 1)
        for j, r in enumerate(rows):
            if parent[j] >= 0:
                word = self.markers_[r][1]
                evidence[r].append(f"'{word}' {'agrees with' if signs[j] > 0 else 'rebuts'} reply-to #{rows[parent[j]]}")
            if abs(score[j]) > self.threshold:
                evidence[r].append(f"text closer to {'camp_a' if score[j] > 0 else 'camp_b'} ({score[j]:+.2f})")
        return score

    def _text_axis(self, X: sp.csr_matrix) -> np.ndarray:
        """Sign of each row on the first principal direction of the thread's centred TF-IDF."""
        if X.shape[0] < 3 or X.shape[1] < 2:
            return np.zeros(X.shape[0])
        from sklearn.decomposition import TruncatedSVD

        centred = X - sp.csr_matrix(np.asarray(X.mean(axis=0)))
        axis = TruncatedSVD(2, random_state=self.random_state).fit(centred).components_[0]
        proj = np.asarray(X @ axis).ravel()
        proj -= proj.mean()
        top = np.argmax(np.abs(proj))  # fix the sign so the result is deterministic
        return np.sign(proj) * np.sign(proj[top]) * (np.abs(proj) > np.abs(proj).mean())

    # ---- hand labels ---------------------------------------------------------------------------
    def _classify(self, comments, texts, topics, stance, score, evidence):
        """Train a logistic regression on hand labels (words + rule scores); use it where confident."""
        from sklearn.linear_model import LogisticRegression

        from .features import TextFeatures

        gold = read_labels(self.labels)
        docs = comments["doc"].astype(str)
        keys = list(zip(docs, comments["id"].astype(str)))
        stems = list(zip(docs.map(lambda d: d.rsplit(".", 1)[0]), comments["id"].astype(str)))
        y = np.array([gold.get(k, gold.get(s, "")) for k, s in zip(keys, stems)], dtype=object)
        known = y != ""
        if len(set(y[known])) < 2:
            raise ConfigError(f"stance.labels: {self.labels} matches fewer than two stance classes in the input")
        words = TextFeatures(lsa_components=0).fit_transform(texts)
        rules = np.column_stack([score, np.abs(score), [m[0] for m in self.markers_]])
        X = sp.hstack([words, sp.csr_matrix(rules)], format="csr")
        if topics is not None and "topic" in topics.columns:
            onehot = pd.get_dummies(topics["topic"].astype(str)).to_numpy(dtype=float)
            X = sp.hstack([X, sp.csr_matrix(onehot)], format="csr")
        clf = LogisticRegression(max_iter=2000, class_weight="balanced", random_state=self.random_state)
        self.classifier_ = clf.fit(X[known], y[known].astype(str))
        proba = clf.predict_proba(X)
        classes = list(clf.classes_)
        best = proba.argmax(axis=1)
        stance = stance.copy()
        score = score.copy()
        pos, neg = _label(1, 0, STANCES if self.has_target else CAMPS), _label(-1, 0, STANCES if self.has_target else CAMPS)
        for i in range(len(texts)):
            p = dict(zip(classes, proba[i]))
            score[i] += p.get(pos, 0.0) - p.get(neg, 0.0)
            if known[i]:
                stance[i] = y[i]
                evidence[i].append("hand label")
            elif proba[i, best[i]] >= CLASSIFIER_CONFIDENCE:
                stance[i] = classes[best[i]]
                evidence[i].append(f"classifier {classes[best[i]]} ({proba[i, best[i]]:.2f})")
        return stance, score, evidence


def entity_sentiment(text: str, sides) -> tuple[float, list[str]]:
    """Mean target-directed polarity over sentences about a side, with short evidence strings.

    ``sides`` is ((+1, target regex), (-1, opponent regex)); a sentence's polarity counts with the
    sign of the side it names (the first-named side, at half weight, when it names both). A sentence
    naming no side is read as about the side named last before it ("they", "its"), at a lower weight.
    """
    total, weights, evidence = 0.0, 0.0, []
    last: tuple[float, str] | None = None
    for line in text.split("\n"):
        for sent in sentences(line):
            hits = [(m.start(), sign, m.group(0)) for sign, rx in sides if rx for m in [rx.search(sent)] if m]
            if hits:
                _, sign, name = min(hits)
                weight = BOTH_SIDES_WEIGHT if len(hits) > 1 else 1.0
                last = (sign, name)
            elif last is not None:
                (sign, name), weight = last, CARRY_WEIGHT
            else:
                continue
            pol = polarity_subjectivity(sent)[0]
            weights += weight
            if pol:
                total += weight * sign * pol
                if len(evidence) < 2:
                    evidence.append(f"{'+' if pol > 0 else '-'} about {name} ({pol:+.2f})")
    return (total / weights if weights else 0.0), evidence


def read_labels(path: str) -> dict[tuple[str, str], str]:
    """Hand labels from a CSV with columns doc, id, stance: {(doc, id): stance}."""
    try:
        frame = pd.read_csv(path, dtype=str).fillna("")
    except FileNotFoundError:
        raise ConfigError(f"stance.labels: {path}: file not found") from None
    missing = {"doc", "id", "stance"} - set(frame.columns)
    if missing:
        raise ConfigError(f"stance.labels: {path}: missing column(s) {', '.join(sorted(missing))}")
    return {(d.strip(), i.strip()): s.strip().lower() for d, i, s in zip(frame["doc"], frame["id"], frame["stance"])
            if s.strip()}
