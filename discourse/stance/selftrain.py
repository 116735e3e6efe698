"""Learned parts of the stance stage, fitted at corpus level and applied comment by comment.

* :class:`SelfTraining`: weak supervision within the corpus (target mode). The comments whose own words
  take a side confidently train a word classifier that gives a weak side to comments the rules leave open.
* :class:`LabelClassifier`: a logistic regression on hand labels (``--labels``: doc, id, stance) over
  words, rule scores and the topic, used together with the rules.
"""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import ConfigError
from ..features import Analyzer, TextFeatures
from ..text import URL_RE, sentences, split_hyphens, tokenize, without_quotations
from .patterns import (CLASSIFIER_CONFIDENCE, CONTENT_MIN_WORDS, EVEN_HANDED_RE,
                       SELF_TRAIN_C, SELF_TRAIN_CONFIDENCE, SELF_TRAIN_FEATURES, SELF_TRAIN_ITERATIONS,
                       SELF_TRAIN_MARGIN, SELF_TRAIN_MAX_EXAMPLES, SELF_TRAIN_MIN_CLASS, own_text)


def body_text(text: str) -> str:
    """A comment's own words for a word classifier: quoted lines and quotations removed."""
    return without_quotations(own_text(text))


def has_content(text: str) -> bool:
    """A comment that states something: not a bare link, a short remark or a question asking for info."""
    body = URL_RE.sub(" ", text) if "http" in text or "www." in text else text
    parts = tokenize(split_hyphens(body.replace("'", " ")), lowercase=False)  # "you're", "well-known": two words each
    if sum(1 for w in parts if w[0].isalpha()) < CONTENT_MIN_WORDS:
        return False
    if "?" not in body:
        return True
    sents = sentences(body.strip())
    return not (sents and all(x.rstrip().endswith("?") for x in sents))


class SelfTraining:
    """Logistic regression on word 1-2 grams trained on the comments whose own score clears
    ``threshold + SELF_TRAIN_MARGIN`` (at most ``SELF_TRAIN_MAX_EXAMPLES``, evenly spaced). Not fitted
    (``classifier_`` None) unless each direction has ``SELF_TRAIN_MIN_CLASS`` examples.

    The words are the feature stage's TF-IDF rows when the corpus has them (``words``: fitted once, so no
    text is tokenized again), else a vectorizer fitted here on the training comments' own words.
    """

    def __init__(self, *, threshold: float = 0.1, random_state: int = 0) -> None:
        self.threshold = threshold
        self.random_state = random_state

    def fit(self, texts: Sequence[str], own: np.ndarray, words: sp.spmatrix | None = None) -> "SelfTraining":
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer_ = self.classifier_ = None
        self.uses_words_ = words is not None
        pos = np.flatnonzero(np.abs(own) >= self.threshold + SELF_TRAIN_MARGIN)
        y = np.sign(own)
        if min((y[pos] > 0).sum(), (y[pos] < 0).sum()) < SELF_TRAIN_MIN_CLASS:
            return self
        if len(pos) > SELF_TRAIN_MAX_EXAMPLES:  # evenly spaced rows: deterministic and linear
            pos = pos[np.linspace(0, len(pos) - 1, SELF_TRAIN_MAX_EXAMPLES).astype(int)]
        if words is not None:
            X = sp.csr_matrix(words)[pos]
        else:
            vec = TfidfVectorizer(tokenizer=Analyzer(), lowercase=False, token_pattern=None, ngram_range=(1, 2),
                                  sublinear_tf=True, max_features=SELF_TRAIN_FEATURES, dtype=np.float32)
            try:
                X = vec.fit_transform([body_text(texts[i]) for i in pos])
            except ValueError:  # only stop words
                return self
            self.vectorizer_ = vec
        classifier = LogisticRegression(C=SELF_TRAIN_C, class_weight="balanced", solver="liblinear",
                                        max_iter=SELF_TRAIN_ITERATIONS, random_state=self.random_state)
        with warnings.catch_warnings():  # the step bound, not convergence, ends a fit on rows that do not separate
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.classifier_ = classifier.fit(X, y[pos])
        return self

    def predict(self, texts: Sequence[str], rows: np.ndarray,
                words: sp.spmatrix | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(sign, probability) for ``rows`` of ``texts``: sign 0 where the classifier is unsure, the comment
        says too little (``has_content``) or is even-handed."""
        sign, proba = np.zeros(len(rows)), np.zeros(len(rows))
        if getattr(self, "classifier_", None) is None or not len(rows) or (self.uses_words_ and words is None):
            return sign, proba
        bodies = [body_text(texts[i]) for i in rows]
        ok = np.array([has_content(b) and not EVEN_HANDED_RE.search(b.lower()) for b in bodies], dtype=bool)
        if not ok.any():
            return sign, proba
        if self.uses_words_:
            X = sp.csr_matrix(words)[np.asarray(rows)[ok]]
        else:
            X = self.vectorizer_.transform([b for b, k in zip(bodies, ok) if k])
        p = self.classifier_.predict_proba(X)
        up = p[:, list(self.classifier_.classes_).index(1.0)]
        conf = np.maximum(up, 1 - up)
        sure = conf >= SELF_TRAIN_CONFIDENCE
        sign[ok] = np.where(sure, np.where(up > 0.5, 1.0, -1.0), 0.0)
        proba[ok] = conf
        return sign, proba


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


class LabelClassifier:
    """Logistic regression on hand labels over word TF-IDF, the rule scores and the topic (one-hot)."""

    def __init__(self, *, labels: str = "", random_state: int = 0) -> None:
        self.labels = labels
        self.random_state = random_state

    def gold(self, docs: Sequence[str], ids: Sequence[str]) -> np.ndarray:
        """The hand label of each (doc, id) ('' where none); a doc matches with or without its extension."""
        if not hasattr(self, "gold_"):
            self.gold_ = read_labels(self.labels)
        return np.array([self.gold_.get((d, i), self.gold_.get((d.rsplit(".", 1)[0], i), ""))
                         for d, i in zip(docs, ids)], dtype=object)

    def fit(self, texts: Sequence[str], rules: np.ndarray, topics: Sequence[str] | None,
            y: np.ndarray) -> "LabelClassifier":
        from sklearn.linear_model import LogisticRegression

        known = y != ""
        if len(set(y[known])) < 2:
            raise ConfigError(f"stance.labels: {self.labels} matches fewer than two stance classes in the input")
        self.vectorizer_ = TextFeatures(lsa_components=0).fit(list(texts))
        self.topics_ = sorted(set(topics)) if topics is not None else []
        X = self._features(texts, rules, topics)
        self.classifier_ = LogisticRegression(max_iter=2000, class_weight="balanced", random_state=self.random_state)
        self.classifier_.fit(X[known], y[known].astype(str))
        return self

    def _features(self, texts, rules, topics) -> sp.csr_matrix:
        X = sp.hstack([self.vectorizer_.transform_terms(texts), sp.csr_matrix(rules)], format="csr")
        if self.topics_:
            index = {t: k for k, t in enumerate(self.topics_)}
            cols = [index.get(t, -1) for t in (topics if topics is not None else [""] * len(texts))]
            rows = [r for r, c in enumerate(cols) if c >= 0]
            onehot = sp.csr_matrix((np.ones(len(rows)), (rows, [cols[r] for r in rows])),
                                   shape=(len(texts), len(self.topics_)))
            X = sp.hstack([X, onehot], format="csr")
        return X

    def predict_proba(self, texts, rules, topics) -> tuple[list[str], np.ndarray]:
        """(classes, probabilities) of each comment."""
        return list(self.classifier_.classes_), self.classifier_.predict_proba(self._features(texts, rules, topics))


__all__ = ["SelfTraining", "LabelClassifier", "read_labels", "has_content", "body_text", "CLASSIFIER_CONFIDENCE"]
