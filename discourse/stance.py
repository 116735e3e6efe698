"""Stance stage: favor / against / none toward a configured target (SemEval-2016 style), or two camps.

With a target (or target/opponent entities) each comment's score adds up these signals:

* entity-directed evaluation (:class:`EntityEvaluator`): general evaluative words (insults, wrongdoing,
  praise; ``stance_lexicon``) attributed to the side they are about (nearest mention in the same
  clause, the doer preferred: the subject, or the agent of a passive "bullied by X"; negation, "but",
  comparisons, scare quotes and naming frames ("so-called", "what they call"), relative clauses,
  conjoined sides ("both X and Y are ..."), degree words and rhetorical questions handled).
  Evaluation next to a third party ("the UN", any capitalised name that is no side) or of a shared
  text ("a great article") counts for no side; long quotations and ``>``/``Re:`` lines are
  ignored. Criticising the opponent side counts as favouring the target;
* cue lexicons from the config (``favor_cues``, ``against_cues``); a cue after a naming frame counts
  the other way ("so-called democracy");
* even-handedness: a comment that puts "both sides" in the same boat keeps a fraction of its score;
* the reply graph: an agreement opener ("Agreed", "Exactly", "Well said") carries the parent's label
  down the reply, a rebuttal ("Wrong.", "Nonsense", "I disagree", "Easy to say ...", a challenge
  question "And that bothers you?") or insults aimed at "you" flip it;
* a thread prior: criticism that names no side leans the way the thread's labelled comments lean;
* self-training: the rules' confident labels train a word classifier for comments they leave open.

Without a target, each thread is split into ``camp_a`` / ``camp_b`` (and ``none``): when the thread
has recurring named actors, the two most named are the sides and the signals above apply; otherwise
the signed reply graph (agree = same camp, rebut = other camp) refined by text similarity decides.
A CSV of hand-labelled comments (``labels``) trains a logistic regression on words + rule scores
that is used together with the rules.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.preprocessing import normalize as l2_normalize

from . import stance_lexicon as L
from .errors import ConfigError
from .features import Analyzer
from .stages import Corpus, StageMixin
from .text import normalize, sentences
from .topics import reply_parents, thread_order

# ---- constants: general discourse-marker lexicons and fixed weights ---------------------------
AGREE_MARKERS = (
    "agreed", "i agree", "totally agree", "i couldn't agree more", "couldn't agree more", "well said",
    "well put", "spot on", "exactly", "precisely", "absolutely", "indeed", "yes", "yep", "yeah",
    "so true", "very true", "quite right", "you're right", "you are right", "good point", "great point",
    "correct", "right on", "hear hear", "amen", "bingo", "nailed it", "same here", "bravo",
    "this", "so much this", "+1", "totally", "true", "yup", "100%", "exactly right", "so true", "facts", "preach",
    "thanks for sharing", "thank you for sharing", "thanks for posting", "couldn't have said it better",
    "came here to say this", "seconded", "agreed 100%", "100% agree", "100% this", "this is it", "likewise", "good post", "great post",
    "same story", "same here", "same with", "same in", "ours too", "me too",
)
REBUT_MARKERS = (
    "wrong", "you're wrong", "you are wrong", "nonsense", "utter nonsense", "what nonsense", "rubbish",
    "garbage", "baloney", "bs", "bullshit", "no", "nope", "not true", "that's not true", "that is not true",
    "that's false", "false", "untrue", "incorrect", "i disagree", "disagree", "not really", "not so",
    "ridiculous", "absurd", "hardly", "on the contrary", "really?", "seriously?",
    # challenges and sarcastic retorts that open a reply
    "source?", "citation needed", "says who", "proof?", "evidence?", "tell that to", "give me a break",
    "yeah right", "yeah, right", "yeah because", "yeah, because", "sure, because", "sure jan", "so what",
    "and?", "how so?", "since when", "oh please", "come on", "get real", "not even close", "that's a stretch",
    "is a stretch", "nice try", "lol no", "um no", "uh no", "what a load of", "you clearly", "did you even read",
    "do your research", "stop making", "stop spreading", "false equivalence", "strawman", "straw man",
    "whataboutism", "moving the goalposts", "not the same thing", "apples and oranges", "cope",
    "easy to say", "easy for you to say", "easy to mock", "nice way to", "try again", "because that worked",
)
# In the first sentence, not only at its start ...
AGREE_FIRST = ("i agree", "i couldn't agree more", "you're right", "you are right", "well said")
REBUT_FIRST = ("i disagree", "i'd have to disagree", "i must disagree", "you're wrong", "you are wrong",
               "that's not true")
# ... and anywhere when the reply names its addressee.
AGREE_ANYWHERE = ("i agree with you", "i fully agree with you", "you're absolutely right", "you are absolutely right")
REBUT_ANYWHERE = ("i disagree with you", "you're completely wrong", "you are completely wrong", "look it up",
                  "nice strawman", "that's a strawman", "is a stretch", "give me a break", "making stuff up",
                  "making things up", "making it up", "did you even read", "not the same thing",
                  # dismissals of the interlocutor's complaint
                  "if you don't like it", "if you dont like it", "get over it", "keep telling yourself",
                  "whatever helps you sleep", "educate yourself", "so you're saying", "so you are saying",
                  "if anyone read it", "if anyone bothered to read", "try again")
# An opening question put to the interlocutor with "And"/"So" challenges them ("And the fees bother you?",
# "So your answer is never to strike?"); a plain question ("Are you from Leeds?") does not.
CHALLENGE_RE = re.compile(r"\W*(?:and|so)\b[^?]*?\b(?:you|your|you're|youre|u|ur)\b[^?]*\?", re.IGNORECASE)
ANSWER_WORDS = frozenset("yes yep yeah yup no nope nah correct true".split())  # after an info question: an answer
ECHO_MAX_WORDS = 4  # "Six years?" / "Responsible?": a short question echoing the parent's words is a challenge
QUOTE_LINE_RE = re.compile(r"^\s*(?:>|re:|quote:|\"[^\"]{20,}\"\s*$)", re.IGNORECASE)  # quoted, not the commenter's
FILLER_RE = re.compile(r"^\W*(?:(?:well|oh|ah|um|hmm|and|but|sorry|lol)\b[\s,.!]*)*", re.IGNORECASE)
CONDITIONAL_RE = re.compile(r"\W*(?:if|unless|assuming)\b", re.IGNORECASE)
HOSTILE_REPLY = -0.9  # insults aimed at "you" (sum of lexicon polarities) at or below this make a reply a rebuttal
ENTITY_SCALE = 0.8  # side score = tanh(ENTITY_SCALE * sum of attributed evaluations)
CUE_SCALE = 0.4  # cue score = tanh(CUE_SCALE * (favor cues - against cues)): one cue ~ 0.38
THREAD_PRIOR = 0.15  # score given to an evaluative comment naming no side: the thread's prevailing direction
UNATTRIBUTED_MIN = 0.9  # |evaluation| of a comment naming no side needed for the thread prior
PRIOR_MIN_COMMENTS = 3  # labelled comments a thread needs before its prevailing direction is trusted
PROPAGATION_ROUNDS = 4  # rounds of collective inference over the reply graph
UPWARD_WEIGHT = 0.6  # a labelled reply's agreement/rebuttal gives an unlabelled parent this share of reply_weight
SELF_TRAIN_MARGIN = 0.2  # rule scores beyond threshold + this are the self-training examples
SELF_TRAIN_MIN_CLASS = 5  # confident examples each direction needs before self-training runs
SELF_TRAIN_CONFIDENCE = 0.7  # probability the self-trained classifier needs to label a 'none' comment
SELF_TRAIN_SCORE = 0.1  # its label's score beyond the threshold (weak: a reply marker outweighs it)
SELF_TRAIN_C = 10.0  # inverse regularisation of the self-trained logistic regression
SELF_TRAIN_MAX_EXAMPLES = 20_000  # training rows at most (evenly spaced), keeping the stage linear
SELF_TRAIN_FEATURES = 20000  # most frequent word 1-2 grams of the training rows
FRAME_REACH = 30  # characters before a cue searched for a naming frame ("so-called", "what they call")
CONTENT_MIN_WORDS = 5  # shorter comments, questions and bare links are left to the rules ('none' calibration)
CLASSIFIER_CONFIDENCE = 0.5  # the labels classifier overrides the rules above this probability
ACTOR_RE = re.compile(r"(?<![.!?:\n])(?<!^)\s(?:the\s)?([A-Z][a-z]+|[A-Z]{2,5})(?:'s)?\b")  # mid-sentence names
ACTOR_STOP = frozenset("""i im ive id ill the this that these those a an and but or if so it its he she they we you my
our your his her their mr mrs ms dr re ok lol yes no not why what when where who how there here then also just
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december god""".split())
ACTOR_MIN_COMMENTS = 2  # a thread actor is named in at least this many comments
CAMP_MIN_PLACED = 0.2  # entity-based camps are used when they place at least this share of the thread
CAMP_ITERATIONS = 5  # rounds of (graph + text) camp refinement
CAMP_TEXT_WEIGHT = 1.0  # weight of similarity to the camp centroids vs the reply graph
STANCES = ("favor", "against", "none")
CAMPS = ("camp_a", "camp_b", "none")


def _phrase_regex(phrases: Iterable[str], case_aware: bool = False, lowered: bool = False) -> re.Pattern | None:
    """One regex matching any phrase as whole words; all-caps phrases ("US") match case-sensitively.
    ``lowered``: for lower-cased text, matched case-sensitively (about twice as fast)."""
    parts = []
    for p in sorted({normalize(p.strip()).lower() if lowered else normalize(p.strip())
                     for p in phrases if p and p.strip()}, key=len, reverse=True):
        body = re.escape(p).replace(r"\ ", r"\s+")
        if case_aware and p.replace(".", "").isupper():
            parts.append(rf"(?-i:{body})")
        else:
            parts.append(body)
    if not parts:
        return None
    suffix = r"(?:'s|s)?" if case_aware else ""  # entities: "China's", "Americans"
    return re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")" + suffix + r"(?!\w)", 0 if lowered else re.IGNORECASE)


AGREE_RE = _phrase_regex(AGREE_MARKERS)
REBUT_RE = _phrase_regex(REBUT_MARKERS)
AGREE_FIRST_RE = _phrase_regex(AGREE_FIRST)
REBUT_FIRST_RE = _phrase_regex(REBUT_FIRST)
AGREE_ANY_RE = _phrase_regex(AGREE_ANYWHERE, lowered=True)
REBUT_ANY_RE = _phrase_regex(REBUT_ANYWHERE, lowered=True)


def reply_marker(text: str, parent: str | None = None) -> tuple[int, str]:
    """(+1, marker) for an agreement opener, (-1, marker) for a rebuttal, (0, "") otherwise.

    A marker counts at the start of the reply (after fillers such as "Well,"); a one-word marker
    only when punctuation follows it ("No." / "Exactly," but not "No country ..."). With the parent's
    text: a bare "Yes"/"No" after a question is an answer (0), and a short question echoing the
    parent's words ("Six years?", "Responsible?") is a challenge (-1).
    """
    text = normalize(text or "").strip()
    first = (sentences(text.split("\n", 1)[0]) or [""])[0]
    head = FILLER_RE.sub("", first, count=1)
    hits = []
    for sign, rx in ((1, AGREE_RE), (-1, REBUT_RE)):
        m = rx.match(head)
        if m and (" " in m.group(0).strip() or re.match(r"\s*(?:[,.;:!?)\-]|$)", head[m.end():])):
            word = m.group(0).lower().strip()
            if parent and word in ANSWER_WORDS and own_text(normalize(parent)).strip().endswith("?"):
                return 0, ""  # "Nope, nothing is running": answers the question, takes no side
            if sign > 0 and re.match(r"\W*but\b", head[m.end():], re.IGNORECASE):
                continue  # "True, but ...": a concession before a rebuttal
            hits.append((m.start(), sign, m.group(0)))
    if parent and not hits:
        echo = _echo_question(head, own_text(normalize(parent)))
        if echo:
            hits.append((0, -1, echo))
        elif CHALLENGE_RE.match(first):
            hits.append((0, -1, "challenge question"))
    conditional = CONDITIONAL_RE.match(first)  # "If you mean X, I'd disagree" hedges, it does not take sides
    lower = text.lower()  # the anywhere-markers are matched on lower-cased text (faster), quoted as written
    as_written = text if len(lower) == len(text) else lower
    for sign, rx, where, said in ((1, AGREE_FIRST_RE, "" if conditional else first, first),
                                  (-1, REBUT_FIRST_RE, "" if conditional else first, first),
                                  (1, AGREE_ANY_RE, lower, as_written), (-1, REBUT_ANY_RE, lower, as_written)):
        m = rx.search(where)
        if m:
            hits.append((m.start(), sign, said[m.start():m.end()]))
    if hits:
        _, sign, word = min(hits)
        return sign, word
    hostile = comment_evaluation(own_text(text), _NO_SIDES)[2]  # no marker: insults at "you" are a rebuttal
    if hostile <= HOSTILE_REPLY:
        return -1, "insults 'you'"
    return 0, ""


def _echo_question(head: str, parent: str) -> str:
    """The reply's opening words when they are a short question (or "X lol") repeating the parent's words."""
    m = re.match(r"\s*([^?.!]{1,60}?)\s*(\?+|\s+(?:lol|lmao|haha)\b)", head, re.IGNORECASE)
    if not m:
        return ""
    words = re.findall(r"\w+", m.group(1).lower())
    if not words or len(words) > ECHO_MAX_WORDS:
        return ""
    content = [w for w in words if len(w) > 3 or w.isdigit()]
    said = set(re.findall(r"\w+", parent.lower()))
    if content and all(w in said or w.rstrip("s") in said or w + "s" in said for w in content):
        return m.group(0).strip()
    return ""


TARGET_STOP = frozenset("""the a an this that these those its their his her our my your new proposed planned
current recent government official position policy plan""".split())
TARGET_BREAK = frozenset("for in of on against about with over by at from under into between as".split())


def target_terms(target: str, entities: Iterable[str]) -> list[str]:
    """Head words of a target phrase that name what is debated: the nouns after a possessive and before
    the first preposition, and the verb of "decision to X" ("the council's budget plan" -> budget;
    "the decision to sack the manager" -> decision, sack), with their inflections. Words of the
    configured entities, short words and generic ones ("policy", "plan") are left out."""
    taken = {w.lower() for e in entities for w in re.findall(r"\w+", e)}
    toks = re.findall(r"[\w-]+(?:'s|')?", normalize(target).lower())
    cut = max((k + 1 for k, t in enumerate(toks) if t.endswith("'s") or t.endswith("'")), default=0)
    heads, verb = [], False
    for t in toks[cut:]:
        if verb:
            heads.append(t)
            break
        if t in TARGET_BREAK:
            break
        if t == "to":
            verb = True
            continue
        heads.append(t)
    out = []
    for w in heads:
        if len(w) < 4 or w in TARGET_STOP or w in taken or not w.isalpha():
            continue
        stem = w[:-1] if w.endswith("e") else w
        out.extend([w, w + "s", stem + "ing", stem + "ed"])
    return list(dict.fromkeys(out))


def _doc_rows(docs: np.ndarray) -> list[np.ndarray]:
    """Row indices of each document, in order of first appearance (one pass, not one scan per doc)."""
    if not len(docs):
        return []
    codes = pd.factorize(pd.Series(docs))[0]
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    return np.split(order, bounds)


_LINK_RE = re.compile(r"https?://\S+|www\.\S+")


def _has_content(text: str) -> bool:
    """A comment that states something: not a bare link, a short remark or a question asking for info."""
    body = _LINK_RE.sub(" ", text).strip()
    if len(re.findall(r"[A-Za-z]\w*", body)) < CONTENT_MIN_WORDS:
        return False
    sents = sentences(body)
    return not (sents and all(x.rstrip().endswith("?") for x in sents))


def own_text(text: str) -> str:
    """The commenter's own lines of a normalized text: quoted lines ("> ...", "Re: ...") are dropped."""
    return "\n".join(line for line in text.split("\n") if not QUOTE_LINE_RE.match(line))


def _cue_matches(rx: re.Pattern | None, text: str) -> tuple[list[str], float]:
    """The cue words found in lower-cased ``text`` and their count, where a cue after a naming frame ("so-called
    democracy", "what they call hegemony") is someone else's label and counts ``SCARE_QUOTE_FACTOR``."""
    if rx is None:
        return [], 0.0
    found, count = [], 0.0
    for m in rx.finditer(text):
        framed = FRAMED_CUE_RE.search(text, max(0, m.start() - FRAME_REACH), m.start())
        found.append(("so-called " if framed else "") + m.group(0))
        count += L.SCARE_QUOTE_FACTOR if framed else 1.0
    return found, count


def _label(score: float, threshold: float, labels: tuple[str, str, str]) -> str:
    return labels[0] if score > threshold else labels[1] if score < -threshold else labels[2]


class StanceDetector(StageMixin):
    """Stance per comment. Parameters mirror :class:`discourse.config.StanceConfig`.

    A thread-scope stage: ``transform(corpus)`` adds ``stance``, ``stance_score`` and ``stance_evidence``;
    the topic stage's ``topic`` column, where present, is a feature of the labels classifier.
    """

    name = "stance"
    scope = "thread"
    provides = ("stance", "stance_score", "stance_evidence")

    def __init__(self, *, target: str = "", target_entities=None, opponent_entities=None, favor_cues=None,
                 against_cues=None, sentiment_weight: float = 1.0, cue_weight: float = 1.0,
                 reply_weight: float = 0.8, threshold: float = 0.1, labels: str = "",
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

    def fit(self, corpus: Corpus) -> "StanceDetector":
        return self

    def transform(self, corpus: Corpus) -> Corpus:
        comments = corpus.comments
        topics = comments[["topic"]] if "topic" in comments.columns else None
        return corpus.with_columns(self._assign(comments, topics))

    @property
    def has_target(self) -> bool:
        return bool((self.target or "").strip() or self.target_entities or self.opponent_entities)

    def _assign(self, comments: pd.DataFrame, topics: pd.DataFrame | None = None) -> pd.DataFrame:
        n = len(comments)
        texts = [normalize(t) for t in comments["text"].fillna("").astype(str)] if n else []
        self.parents_ = reply_parents(comments)
        self.docs_ = comments["doc"].astype(str).to_numpy() if "doc" in comments.columns else np.full(n, "")
        self.markers_ = [reply_marker(t, texts[p]) if p >= 0 else (0, "") for t, p in zip(texts, self.parents_)]
        if self.has_target:
            score, evidence = self._target_scores(texts)
            stance = np.array([_label(s, self.threshold, STANCES) for s in score], dtype=object)
        else:
            stance, score, evidence = self._camps(comments, texts)
        if self.labels and n:
            stance, score, evidence = self._classify(comments, texts, topics, stance, score, evidence)
        return pd.DataFrame({"stance": stance.astype(str), "stance_score": np.round(score, 4),
                             "stance_evidence": ["; ".join(e) for e in evidence]})

    # ---- target mode ---------------------------------------------------------------------------
    def _target_scores(self, texts: list[str]) -> tuple[np.ndarray, list[list[str]]]:
        target = list(self.target_entities or [])
        if not target and self.target:  # a bare target phrase: its capitalised words are the entities
            target = [w for w in re.findall(r"[A-Z][\w.'-]*", self.target) if len(w) > 1]
        n = len(texts)
        own, loose = np.zeros(n), np.zeros(n)
        evidence: list[list[str]] = [[] for _ in range(n)]
        self.target_terms_ = target_terms(self.target or "", list(target) + list(self.opponent_entities or []))
        self._own_scores(range(n), texts, target, self.opponent_entities or [], self.favor_cues or [],
                         self.against_cues or [], own, loose, evidence, self.target_terms_)
        score = self._propagate(own, evidence, STANCES)
        self._thread_prior(score, loose, evidence, STANCES)
        learned = self._self_train(texts, score, own, evidence, STANCES)
        if learned:  # the corpus's own vocabulary labelled some comments: let the reply graph carry them
            for e in evidence:
                e[:] = [x for x in e if "reply-to #" not in x and not x.startswith("reply #")
                        and not x.startswith("criticism naming no side")]
            score = self._propagate(own, evidence, STANCES)
            self._thread_prior(score, loose, evidence, STANCES)
        return score, evidence

    def _self_train(self, texts, score, own, evidence, labels) -> int:
        """Weak supervision within the corpus: the rules' confident labels train a TF-IDF (word 1-2 gram)
        logistic regression that labels comments the rules left at 'none', where it is confident.
        Skipped unless both directions have ``SELF_TRAIN_MIN_CLASS`` confident examples. Changes ``own``
        in place; returns the number of comments it labelled."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        pos = np.flatnonzero(np.abs(score) >= self.threshold + SELF_TRAIN_MARGIN)
        y = np.sign(score)
        if min((y[pos] > 0).sum(), (y[pos] < 0).sum()) < SELF_TRAIN_MIN_CLASS:
            return 0
        todo = np.flatnonzero((np.abs(score) <= self.threshold) & (np.abs(own) <= self.threshold))
        bodies = {i: _QUOTED_SPAN_RE.sub(" ", own_text(texts[i])) for i in todo}
        todo = np.array([i for i in todo if _has_content(bodies[i]) and not EVEN_HANDED_RE.search(bodies[i].lower())],
                        dtype=int)
        if not len(todo):
            return 0
        if len(pos) > SELF_TRAIN_MAX_EXAMPLES:  # evenly spaced rows: deterministic and linear
            pos = pos[np.linspace(0, len(pos) - 1, SELF_TRAIN_MAX_EXAMPLES).astype(int)]
        train = [_QUOTED_SPAN_RE.sub(" ", own_text(texts[i])) for i in pos]
        # Vocabulary of the training rows only: a small, dense-enough space for L-BFGS.
        vec = TfidfVectorizer(tokenizer=Analyzer(), lowercase=False, token_pattern=None, ngram_range=(1, 2),
                              sublinear_tf=True, max_features=SELF_TRAIN_FEATURES, dtype=np.float32)
        try:
            Xtrain = vec.fit_transform(train)
        except ValueError:  # only stop words
            return 0
        clf = LogisticRegression(C=SELF_TRAIN_C, class_weight="balanced", max_iter=1000,
                                 random_state=self.random_state).fit(Xtrain, y[pos])
        proba = clf.predict_proba(vec.transform([bodies[i] for i in todo]))
        up = list(clf.classes_).index(1.0)
        done = 0
        for i, p in zip(todo, proba[:, up]):
            conf = max(p, 1 - p)
            if conf >= SELF_TRAIN_CONFIDENCE:
                sign = 1.0 if p > 0.5 else -1.0
                own[i] = sign * (self.threshold + SELF_TRAIN_SCORE)
                evidence[i].append(f"words of the corpus's {_label(sign, 0, labels)} comments ({conf:.2f})")
                done += 1
        self.self_trained_ = done
        return done

    def _own_scores(self, rows, texts, target, opponent, favor_cues, against_cues, own, loose, evidence,
                    terms=()) -> None:
        """Each comment's own evidence: entity-directed evaluation plus cue words (quoted text ignored).
        ``terms`` (the target phrase's head words: "strike", "mandate") name the target side too."""
        evaluator = EntityEvaluator(((+1.0, _phrase_regex(target, case_aware=True)),
                                     (-1.0, _phrase_regex(opponent, case_aware=True)),
                                     (+1.0, _phrase_regex(terms))))
        favor_re, against_re = _phrase_regex(favor_cues, lowered=True), _phrase_regex(against_cues, lowered=True)
        for i in rows:
            text = own_text(texts[i])
            side, unattributed, _, top, named = comment_evaluation(text, evaluator)
            cue_text = _QUOTED_SPAN_RE.sub(" ", text).lower()  # a cue in quotes is mentioned, not used
            fav, fav_count = _cue_matches(favor_re, cue_text)
            ag, ag_count = _cue_matches(against_re, cue_text)
            cue = np.tanh(CUE_SCALE * (fav_count - ag_count))
            own[i] = self.sentiment_weight * np.tanh(ENTITY_SCALE * side) + self.cue_weight * cue
            even = EVEN_HANDED_RE.search(cue_text)
            if even:  # "both sides are posturing": the same boat for both, no side taken
                own[i] *= L.EVEN_HANDED_FACTOR
                evidence[i].append(f"even-handed ('{even.group(0)}')")
            elif not named and not fav and not ag:
                loose[i] = unattributed
            if abs(side) > 1e-9:
                evidence[i].extend(top)
            if fav:
                evidence[i].append("favor cues: " + ", ".join(dict.fromkeys(fav)))
            if ag:
                evidence[i].append("against cues: " + ", ".join(dict.fromkeys(ag)))

    def _propagate(self, own: np.ndarray, evidence: list[list[str]], labels) -> np.ndarray:
        """Collective inference over the signed reply graph, ``PROPAGATION_ROUNDS`` rounds.

        Down an edge, an agreement carries the parent's label to the reply and a rebuttal flips it;
        up an edge, a labelled reply that agrees with (rebuts) a parent that has no stance of its own
        gives the parent its label (the opposite) at ``UPWARD_WEIGHT``. Each round starts from the
        comments' own scores, so a parent labelled late (by its own replies) still reaches its other
        replies, and the result does not depend on the order of the rows."""
        edges = [(i, int(self.parents_[i]), self.markers_[i][0], self.markers_[i][1])
                 for i in range(len(own)) if self.parents_[i] >= 0 and self.markers_[i][0]]
        score = own.copy()
        if not edges:
            return score
        t = self.threshold
        own_lab = np.sign(own) * (np.abs(own) > t)  # only a reply's own stance is passed up, never an inferred one
        for _ in range(PROPAGATION_ROUNDS):
            lab = np.sign(score) * (np.abs(score) > t)
            new = own.copy()
            for i, p, sign, _ in edges:
                new[i] += self.reply_weight * sign * lab[p]
                if abs(own[p]) <= t:
                    new[p] += UPWARD_WEIGHT * self.reply_weight * sign * own_lab[i]
            if np.array_equal(np.sign(new) * (np.abs(new) > t), lab) and np.allclose(new, score):
                break
            score = new
        lab = np.sign(score) * (np.abs(score) > t)
        for i, p, sign, word in edges:
            verb = "agrees with" if sign > 0 else "rebuts"
            evidence[i].append(f"'{word}' {verb} reply-to #{p} ({_label(lab[p], 0, labels)})")
            if abs(own[p]) <= t and own_lab[i]:
                evidence[p].append(f"reply #{i} {verb} it ({_label(own_lab[i], 0, labels)})")
        return score

    def _thread_prior(self, score: np.ndarray, loose: np.ndarray, evidence: list[list[str]], labels) -> None:
        """An evaluative comment that names no side (and gets no stance from a reply) is read as aimed
        where its thread's labelled comments point: criticism with no named culprit usually targets
        the side the thread is criticising (and praise the side it defends)."""
        for rows in _doc_rows(self.docs_):
            labelled = score[rows][np.abs(score[rows]) > self.threshold]
            if len(labelled) < PRIOR_MIN_COMMENTS:
                continue
            direction = np.sign(np.sign(labelled).sum())
            if not direction:
                continue
            for i in rows:
                if abs(score[i]) > self.threshold:
                    continue
                if loose[i] <= -UNATTRIBUTED_MIN:
                    score[i] = direction * (self.threshold + THREAD_PRIOR)
                    evidence[i].append(f"criticism naming no side: thread leans {_label(direction, 0, labels)}")

    # ---- camp mode (no target) -----------------------------------------------------------------
    def _camps(self, comments: pd.DataFrame, texts: list[str]):
        """Two camps per thread. Where a thread has recurring named actors, the two most named are taken
        as the sides and each comment is scored as in target mode (camp_a = for the first / against the
        second); threads without them (or where that leaves too few comments placed) fall back to the
        signed reply graph refined by text similarity."""
        from .features import TextFeatures

        n = len(texts)
        score = np.zeros(n)
        evidence: list[list[str]] = [[] for _ in range(n)]
        if not n:
            return np.array([], dtype=object), score, evidence
        own, loose = np.zeros(n), np.zeros(n)
        entity_rows = []
        for doc in dict.fromkeys(self.docs_):
            rows = np.flatnonzero(self.docs_ == doc)
            sides = thread_actors([texts[i] for i in rows])
            if sides:
                self._own_scores(rows, texts, sides[0], sides[1] if len(sides) > 1 else [], [], [], own, loose,
                                 evidence)
                if (np.abs(own[rows]) > self.threshold).sum() >= max(PRIOR_MIN_COMMENTS, CAMP_MIN_PLACED * len(rows)):
                    entity_rows.extend(rows)
                    continue
                own[rows] = loose[rows] = 0.0
                for i in rows:
                    evidence[i].clear()
        score = self._propagate(own, evidence, CAMPS)
        self._thread_prior(score, loose, evidence, CAMPS)
        fallback = np.setdiff1d(np.arange(n), np.array(entity_rows, dtype=int))
        if len(fallback):
            X = TextFeatures(lsa_components=0, ngram_max=1).fit_transform([texts[i] for i in fallback])
            sub = self.docs_[fallback]
            for doc in dict.fromkeys(sub):
                local = np.flatnonzero(sub == doc)
                rows = fallback[local]
                for i in rows:
                    evidence[i].clear()
                score[rows] = self._thread_camps(rows, X[local], evidence)
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


class EntityEvaluator:
    """Evaluation of each side by one sentence: general evaluative words attributed to an entity.

    ``sides`` is ((+1, target regex), (-1, opponent regex)). ``items(sentence)`` returns
    ``(target, polarity, word, name)`` tuples where target is +1/-1 (a side), "you" (the interlocutor)
    or None (no entity in the sentence). Attribution: nearest mention in the same clause (the doer
    preferred: the preceding subject, or the agent after a passive "-ed by"; commas cost), shared by
    the sides conjoined with it, with negation, contrast ("but"), comparison ("than", "compared to",
    "unlike"), scare quotes / naming frames and question handling. A capitalised name that is no side
    ("the UN") is a mention too, and what is nearest to it is dropped. Results are cached per distinct
    sentence, so reposts and quoted lines cost nothing the second time.
    """

    def __init__(self, sides) -> None:
        self.sides = [(sign, rx) for sign, rx in sides if rx is not None]
        self.cache: dict[str, tuple] = {}

    def items(self, sent: str) -> tuple:
        hit = self.cache.get(sent)
        if hit is None:
            hit = self.cache[sent] = tuple(self._items(sent))
        return hit

    def _items(self, sent: str):
        text, scare = _strip_quotes(sent)
        raw = [(m.start(), m.group(0)) for m in TOKEN_RE.finditer(text)]
        if not raw:
            return []
        low = [w.lower().replace("'", "") for _, w in raw]
        n = len(raw)
        joined = " ".join(low)
        # evaluative words and phrases first: most sentences have none and stop here
        found: list[tuple[int, float, str]] = []
        covered = [False] * n
        for m in PHRASE_RE.finditer(joined):
            i = joined.count(" ", 0, m.start())
            found.append((i, PHRASE_POLARITY[m.group(0)], m.group(0)))
            for j in range(i, min(n, i + m.group(0).count(" ") + 1)):
                covered[j] = True
        opener = OPENER_RE.match(joined)  # "Typical City Hall.", "So much for the consultation"
        if opener:
            found.append((0, L.SENTENCE_OPENERS[opener.group(0)], opener.group(0)))
            for j in range(opener.group(0).count(" ") + 1):
                covered[j] = True
        for i, w in enumerate(low):
            if not covered[i]:
                pol = L.LAUGHTER_POLARITY if w in L.LAUGHTER else _lex_lookup(w)
                if pol:
                    found.append((i, pol, w))
        found = _drop_intensifiers(found)
        found = [f for f in found if not _modifies_media_noun(low, f[0] + f[2].count(" "))]
        if not found:
            return []
        starts = [t[0] for t in raw]
        mentions: list[tuple[int, object, str]] = []
        taken = [False] * n
        for sign, rx in self.sides:
            for m in rx.finditer(text):
                a, b = _tok_index(starts, m.start()), _tok_index(starts, m.end() - 1)
                if any(taken[a:b + 1]):
                    continue
                for j in range(a, b + 1):
                    taken[j] = True
                mentions.append((a, sign, m.group(0)))
        found = [f for f in found if not taken[f[0]]]  # "Communist Party" names a side, it is no evaluation
        if not found:
            return []
        for i, w in enumerate(low):
            if w in L.SECOND_PERSON and not taken[i]:
                mentions.append((i, "you", w))
        evaluated = {f[0] for f in found}
        mentions.extend((i, "other", raw[i][1]) for i in _other_names([w for _, w in raw], taken, evaluated))
        head = {j: (t, name) for j, t, name in mentions}
        for i, w in enumerate(low):  # "China, which ...": the relative clause is about its head
            if w in L.RELATIVE_PRONOUNS:
                j = i - 1 - (i > 0 and low[i - 1] == ",")
                while j > 0 and taken[j] and j not in head:  # back over the entity's tokens to its start
                    j -= 1
                if j in head and taken[j]:
                    mentions.append((i, *head[j]))
        # clauses, commas, contrast, negation, comparison, scare quotes: one pass each
        clause = [0] * n
        commas = [0] * n
        c = k = 0
        last_contrast = -1
        relative: set[int] = set()
        for i, w in enumerate(low):
            if (w in CLAUSE_BREAKS and not taken[i]) or ((w in L.CONTRAST_WORDS or w in L.RELATIVE_PRONOUNS) and i > 0):
                c += 1
                if w in L.RELATIVE_PRONOUNS:
                    relative.add(c)
                if w in L.CONTRAST_WORDS:
                    last_contrast = i
            elif w == ",":
                k += 1
            clause[i], commas[i] = c, k
        negated = [False] * n
        for i, w in enumerate(low):
            if w in L.NEGATORS or w.endswith("nt") and w[:-2] + "n't" in NT_FORMS:
                for j in range(i + 1, min(n, i + 1 + L.NEGATION_SCOPE)):
                    if low[j] in CLAUSE_BREAKS or low[j] in L.CONTRAST_WORDS:
                        break
                    negated[j] = True
        region = [0] * n  # 1 = complement of a comparison ("than Y", "unlike Y")
        m = COMPARATIVE_RE.search(joined)
        if m:
            marker = m.group(1)
            i = min(n - 1, joined.count(" ", 0, m.start(1)) + 1 + marker.count(" "))
            for j in range(i, n):
                if j > i and (low[j] in CLAUSE_BREAKS or (marker == "unlike" and low[j] == ",")):
                    break
                region[j] = 1
        in_scare = [any(a <= s < b for a, b in scare) for s in starts] if scare else [False] * n
        question = sent.rstrip().endswith("?")
        out = []
        for i, pol, word in found:
            if negated[i]:
                pol *= L.NEGATED_FACTOR
            if in_scare[i] and pol > 0:
                pol *= L.SCARE_QUOTE_FACTOR
            if i < last_contrast:
                pol *= L.BEFORE_CONTRAST_WEIGHT
            if question:
                pol *= L.QUESTION_WEIGHT
            end = i + word.count(" ")
            passive = (end + 1 < n and low[end + 1] == "by" and word not in PHRASE_POLARITY
                       and PARTICIPLE_RE.search(word) is not None)
            # the doer is preferred: the subject before the word, or the agent after "bullied by"
            same = [(abs(i - j) + L.COMMA_PENALTY * abs(commas[i] - commas[j]) + L.SUBJECT_BONUS * ((j > i) != passive),
                     j, t, name) for j, t, name in mentions if clause[j] == clause[i] and region[j] == region[i]]
            if same:
                _, at, target, name = min(same, key=lambda x: x[0])
                if target != "other":  # "the UN is corrupt": about a third party, no side
                    out.append((target, pol, word, name))
                if target != "you":  # "both the mayor and Price are terrible": every side conjoined with it
                    nearby = [(j, t, nm) for _, j, t, nm in same]
                    out.extend((t, pol, word, nm) for t, nm in _conjoined(at, target, nearby, low, taken))
                if target == "other":
                    continue
                if target != "you" and any(region):  # the compared side gets the opposite evaluation
                    for j, t, nm in mentions:
                        if t not in ("you", "other") and region[j] != region[i] and clause[j] == clause[i]:
                            out.append((t, -L.COMPLEMENT_WEIGHT * pol, word, nm))
                            break
                continue
            if region[i]:  # "... compared to the tripe we trot out": the main entity is the better one
                main = [(abs(i - j), t, nm) for j, t, nm in mentions if not region[j] and t != "you"]
                if main:
                    _, target, name = min(main, key=lambda x: x[0])
                    if target != "other":
                        out.append((target, -L.COMPLEMENT_WEIGHT * pol, word, name))
                    continue
            if clause[i] in relative:  # "Libya, who could be destroyed ...": about a noun that is no side
                you = [j for j, t, _ in mentions if t == "you" and clause[j] == clause[i] - 1]
                if you:  # ... unless "you are someone who ..."
                    out.append(("you", pol, word, "you"))
                continue
            anywhere = [(abs(i - j), t, nm) for j, t, nm in mentions if t != "you"]
            if anywhere:
                _, target, name = min(anywhere, key=lambda x: x[0])
                if target != "other":
                    out.append((target, L.SENTENCE_FALLBACK_WEIGHT * pol, word, name))
            else:
                out.append((None, pol, word, ""))
        sides_named = {t for _, t, _ in mentions if t not in ("you", "other")}
        if len(sides_named) > 1:
            out = [(t, p * L.BOTH_SIDES_WEIGHT, w, nm) for t, p, w, nm in out]
        return out


def comment_evaluation(text: str, evaluator: EntityEvaluator):
    """(side score, unattributed score, hostility at "you", evidence, named) of one comment's own text.

    Side score: sum of (side sign x polarity) over evaluations of a side; a sentence naming no side
    is about the side named before it, at ``CARRY_WEIGHT``. Unattributed: evaluation in a comment
    that names no side at all. Hostility: negative evaluation aimed at the interlocutor ("you").
    """
    side = unattributed = hostile = 0.0
    evidence: dict[str, list] = {}  # entity name -> [signed total, words]
    last: tuple[float, str] | None = None
    named = False
    pending: list[tuple[float, str]] = []
    for line in text.split("\n"):
        if '"' in line:  # a quotation running over several sentences
            line = _QUOTED_SPAN_RE.sub(_drop_long_quote, line)
        for sent in sentences(line):
            items = evaluator.items(sent)
            if not items:
                if evaluator.sides and any(rx.search(sent) for _, rx in evaluator.sides):
                    for sign, rx in evaluator.sides:
                        m = rx.search(sent)
                        if m:
                            last = (sign, m.group(0))
                            named = True
                            break
                continue
            for target, pol, word, name in items:
                if target == "you":
                    if pol < 0 and _lex_lookup(word) and word not in SOFT_FOR_YOU:
                        hostile += pol
                    continue
                if target is None:
                    if last is None:  # before any side is named: about the first side named later
                        pending.append((pol, word))
                        continue
                    target, name = last
                    pol *= L.CARRY_WEIGHT
                else:
                    if last is None and pending:
                        for ppol, pword in pending:
                            side += target * L.CARRY_WEIGHT * ppol
                            _note(evidence, name, L.CARRY_WEIGHT * ppol, pword)
                        pending = []
                    last = (target, name)
                    named = True
                side += target * pol
                _note(evidence, name, pol, word)
    if last is None:
        unattributed = sum(p for p, _ in pending)
    elif pending:  # a side was named only in a sentence without evaluation
        for ppol, pword in pending:
            side += last[0] * L.CARRY_WEIGHT * ppol
            _note(evidence, last[1], L.CARRY_WEIGHT * ppol, pword)
    top = [f"{'+' if v[0] > 0 else '-'} about {name} ({', '.join(list(dict.fromkeys(v[1]))[:3])})"
           for name, v in sorted(evidence.items(), key=lambda kv: -abs(kv[1][0]))[:2] if v[0]]
    return side, unattributed, hostile, top, named


def thread_actors(texts: list[str]) -> list[list[str]]:
    """The (up to) two most-named actors of a thread: capitalised names used mid-sentence in at least
    ``ACTOR_MIN_COMMENTS`` comments, variants grouped by their first four letters ("America",
    "American", "Americans"). Each actor is returned as the list of its surface forms."""
    counts: dict[str, set[int]] = {}
    forms: dict[str, set[str]] = {}
    for k, text in enumerate(texts):
        for m in ACTOR_RE.finditer(own_text(text)):
            word = m.group(1)
            if word.lower() in ACTOR_STOP or len(word) < 2:
                continue
            key = word[:4].lower() if len(word) >= 4 else word.lower()
            counts.setdefault(key, set()).add(k)
            forms.setdefault(key, set()).add(word)
    ranked = sorted((key for key in counts if len(counts[key]) >= ACTOR_MIN_COMMENTS),
                    key=lambda key: (-len(counts[key]), key))
    return [sorted(forms[key]) for key in ranked[:2]]


def _note(evidence: dict, name: str, value: float, word: str) -> None:
    """Accumulate per-entity evidence: the signed total (toward the target) and the words behind it."""
    entry = evidence.setdefault(name, [0.0, []])
    entry[0] += value
    entry[1].append(word)


TOKEN_RE = re.compile(r"\w+(?:['\-]\w+)*|[^\w\s]")
CLAUSE_BREAKS = frozenset(";:()-.!?")
NT_FORMS = frozenset("don't doesn't didn't isn't wasn't aren't weren't won't wouldn't can't couldn't shouldn't ain't".split())
SOFT_FOR_YOU = frozenset({"fail", "weak", "lie"})
QUOTED_RE = re.compile(r"\"([^\"]*)\"|(?<!\w)'([^']+)'(?!\w)")
PHRASE_POLARITY = {p.replace("'", ""): v for p, v in L.EVALUATIVE_PHRASES.items()}
PHRASE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p).replace(r"\ ", " ") for p in
                                                  sorted(PHRASE_POLARITY, key=len, reverse=True)) + r")(?![\w-])")
PARTICIPLE_RE = re.compile(r"(?:ed|en)$")  # "bullied by", "stolen by": a passive names the wrongdoer after "by"
OPENER_RE = re.compile("(?:" + "|".join(re.escape(p) for p in sorted(L.SENTENCE_OPENERS, key=len, reverse=True))
                       + ")(?= |$)")
COMPARATIVE_RE = re.compile(r"(?:^| )(" + "|".join(re.escape(m).replace(r"\ ", " ") for m in L.COMPARATIVE_MARKERS)
                            + r")(?= |$)")
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""),
             ("s", ""))


@lru_cache(maxsize=1 << 16)
def _lex_lookup(word: str) -> float:
    """Polarity of a lower-cased word: the evaluative lexicon (with inflections), then TextBlob's."""
    pol = L.EVALUATIVE.get(word) or L.COMPARATIVE_WORDS.get(word)
    if pol:
        return pol
    for suf, rep in _SUFFIXES:
        if word.endswith(suf) and len(word) > len(suf) + 2:
            pol = L.EVALUATIVE.get(word[:-len(suf)] + rep)
            if pol:
                return pol
    if word in L.TEXTBLOB_SKIP:
        return 0.0
    psi = _textblob_words().get(word)
    if psi and psi[1] >= L.TEXTBLOB_MIN_SUBJECTIVITY and abs(psi[0]) >= L.TEXTBLOB_MIN_POLARITY:
        return L.TEXTBLOB_WEIGHT * psi[0]
    return 0.0


_TB: dict = {}


def _textblob_words() -> dict:
    if not _TB:
        from .sentiment import FastPattern

        _TB.update(FastPattern().words)
    return _TB


def _tok_index(starts: list[int], pos: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)


def _drop_intensifiers(found: list[tuple[int, float, str]]) -> list[tuple[int, float, str]]:
    """Drop a degree word ("pretty", "-ly") right before an evaluative word: it strengthens that word,
    it is no evaluation of its own ("successfully messing with", "pretty dishonest")."""
    at = {i for i, _, _ in found}
    return [(i, pol, w) for i, pol, w in found
            if not ((w in L.INTENSIFIERS or w.endswith("ly")) and i + 1 in at)]


def _modifies_media_noun(low: list[str], i: int) -> bool:
    """The evaluative word ending at token ``i`` modifies a shared text ("a great article", "a dishonest piece")."""
    for j in range(i + 1, min(len(low), i + 1 + L.MEDIA_NOUN_REACH)):
        if low[j] in L.MEDIA_NOUNS:
            return True
        if not low[j][:1].isalnum():
            return False
    return False


def _other_names(tokens: list[str], taken: list[bool], evaluated: set[int]) -> list[int]:
    """First tokens of the capitalised names inside a sentence that name no configured side ("the UN",
    "Trump's policy"): runs of capitalised words after a word or comma, none of them part of a side."""
    starts, run = [], -1
    for i in range(1, len(tokens) + 1):
        w = tokens[i] if i < len(tokens) else ""
        is_name = bool(NAME_RE.fullmatch(w)) and i not in evaluated and w.lower().split("'")[0] not in NAME_STOP
        if is_name and run < 0 and (tokens[i - 1][:1].isalnum() or tokens[i - 1] == ","):
            run = i
        elif not is_name and run >= 0:
            if not any(taken[run:i]):
                starts.append(run)
            run = -1
    return starts


def _conjoined(at: int, target, mentions, low: list[str], taken: list[bool]):
    """(side, name) of the mentions (of one clause) of another side joined to the mention at ``at`` by a
    conjunction ("both the mayor and Price", "Moscow and Beijing"): the evaluation is about each of them."""
    out = []
    for j, t, nm in mentions:
        if t in ("you", "other", target) or j == at:
            continue
        a, b = sorted((at, j))
        if all(taken[k] or low[k] in L.COORDINATORS for k in range(a + 1, b)) and any(
                low[k] in L.CONJUNCTIONS for k in range(a + 1, b)):
            out.append((t, nm))
    return out


def _strip_quotes(sent: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank out long quoted spans (someone else's words); return short ones as scare-quote spans."""
    scare = []
    out = sent
    for m in QUOTED_RE.finditer(sent):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        if len(body.split()) > L.SCARE_QUOTE_MAX_WORDS:
            out = out[:m.start()] + " " * (m.end() - m.start()) + out[m.end():]
        else:
            scare.append((m.start(), m.end()))
    for m in NAMING_FRAME_RE.finditer(sent):
        scare.append((m.end(), m.end() + 40))
    return out, scare


def _drop_long_quote(m: re.Match) -> str:
    """A double-quoted span of more than ``SCARE_QUOTE_MAX_WORDS`` words is someone else's voice: dropped."""
    return " " if len(m.group(0).split()) > L.SCARE_QUOTE_MAX_WORDS else m.group(0)


_QUOTED_SPAN_RE = re.compile(r"\"[^\"]*\"")
_NO_SIDES = EntityEvaluator(())
NAMING_FRAME_RE = _phrase_regex(L.NAMING_FRAMES)  # "so-called X", "what they call X": someone else's label
FRAMED_CUE_RE = re.compile(_phrase_regex(L.NAMING_FRAMES, lowered=True).pattern + r"\s*['\"]?$")  # lower-cased text
EVEN_HANDED_RE = _phrase_regex(L.EVEN_HANDED, lowered=True)  # lower-cased text
NAME_RE = re.compile(r"[A-Z][a-z]+(?:[-'][A-Za-z]+)*|[A-Z]{2,5}(?:'s)?")
NAME_STOP = ACTOR_STOP | L.NEGATORS | L.SECOND_PERSON | L.LAUGHTER


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
