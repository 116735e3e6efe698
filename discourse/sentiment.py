"""Sentiment stage: TextBlob's pattern analyzer (works offline, no NLTK corpora).

Scores are memoised per distinct text, so reposts, quoted lines and the sentences the stance stage
scores again cost nothing the second time.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import numpy as np
import pandas as pd
from textblob.en.sentiments import PatternAnalyzer

from .stages import Corpus, StageMixin
from .text import word_regex

# ---- constants -----------------------------------------------------------------------------
CACHE_SIZE = 1 << 18  # distinct texts/sentences remembered
MAX_CHARS = 5000  # longer texts are scored on their first MAX_CHARS characters (bounded cost)



class FastPattern:
    """TextBlob's pattern sentiment algorithm on plain dicts (same lexicon, modifiers, negation,
    "!" boost, emoticons, "(!)" irony), about 5x faster than ``PatternAnalyzer.analyze``. Words are the
    text core's (:func:`discourse.text.word_regex`), with emoticons, "(!)" and "!" as tokens too.
    ``tests/test_sentiment.py`` checks it against TextBlob.
    """

    def __init__(self) -> None:
        from textblob import _text
        from textblob.en import sentiment as lexicon

        len(lexicon)  # lazy XML load
        self.words = {w: senses[None] for w, senses in dict.items(lexicon) if None in senses}
        self.adverbs = {w for w, senses in dict.items(lexicon) if any(m in senses for m in lexicon.modifiers)}
        self.negations = frozenset(lexicon.negations)
        self.emoticons = {e.lower(): p for (_, p), faces in _text.EMOTICONS.items() for e in faces}
        faces = "|".join(re.escape(e) for e in sorted(self.emoticons, key=len, reverse=True))
        self.token_re = word_regex(rf"(?:{faces})(?=\s|$)", r"\(!\)", "!")

    def __call__(self, text: str) -> tuple[float, float]:
        words, adverbs, negations = self.words, self.adverbs, self.negations
        a: list[list] = []  # [polarity, subjectivity, intensity, negated]
        m = n = None
        for w in self.token_re.findall(text.lower()):
            psi = words.get(w)
            if psi is not None:
                p, s, i = psi
                if m is None:
                    a.append([p, s, i, False])
                else:  # "very good": the modifier's intensity scales the word
                    last = a[-1]
                    last[0] = max(-1.0, min(p * last[2], 1.0))
                    last[1] = max(-1.0, min(s * last[2], 1.0))
                    last[2] = i
                if n is not None:  # "not good"
                    a[-1][2] = 1.0 / a[-1][2] if a[-1][2] else 0.0
                    a[-1][3] = True
                m = w if w in adverbs else None
                n = w if w in negations else None
                continue
            if w in negations:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and m.endswith("ly"):  # "really not good"
                a[-1][3] = True
                n = None
            elif m and len(w) > 2:
                m = None
            if w == "!" and a:
                a[-1][0] = max(-1.0, min(a[-1][0] * 1.25, 1.0))
            elif w == "(!)":
                a.append([0.0, 1.0, 1.0, False])
            elif w in self.emoticons:
                a.append([self.emoticons[w], 1.0, 1.0, False])
        if not a:
            return 0.0, 0.0
        pol = sum(-0.5 * p if neg else p for p, _, _, neg in a) / len(a)
        return pol, sum(s for _, s, _, _ in a) / len(a)


_FAST = FastPattern()


@lru_cache(maxsize=CACHE_SIZE)
def polarity_subjectivity(text: str) -> tuple[float, float]:
    """Pattern polarity in [-1, 1] and subjectivity in [0, 1] of one text (memoised)."""
    if not text or not text.strip():
        return 0.0, 0.0
    return _FAST(text[:MAX_CHARS])


def textblob_polarity_subjectivity(text: str) -> tuple[float, float]:
    """The reference: TextBlob's own ``PatternAnalyzer`` (slow; used by the tests)."""
    result = PatternAnalyzer().analyze(text or "")
    return float(result[0]), float(result[1])


class SentimentScorer(StageMixin):
    """Polarity and subjectivity per comment. Parameters mirror :class:`discourse.config.SentimentConfig`.

    A stateless stage: ``fit`` learns nothing; ``transform`` adds ``polarity`` and ``subjectivity``.
    """

    name = "sentiment"
    scope = "thread"
    provides = ("polarity", "subjectivity")
    learns = False  # fit is a no-op

    def __init__(self, *, neutral_band: float = 0.05) -> None:
        self.neutral_band = neutral_band

    def fit(self, data: Corpus | Iterable[str] | None = None) -> "SentimentScorer":
        return self

    def transform(self, data: Corpus | Iterable[str]):
        """A Corpus gets the two columns; plain texts give a DataFrame of them."""
        if isinstance(data, Corpus):
            return data.with_columns(self.score(data.texts))
        return self.score(data)

    def score(self, texts: Iterable[str]) -> pd.DataFrame:
        """``polarity`` and ``subjectivity`` of each text, rounded to 4 places."""
        scores = [polarity_subjectivity(t if isinstance(t, str) else "") for t in texts]
        frame = pd.DataFrame(scores, columns=["polarity", "subjectivity"], dtype=float)
        return frame.round(4)

    def tone(self, polarity: Iterable[float]) -> np.ndarray:
        """positive / negative / neutral per polarity, with ``neutral_band`` around zero."""
        pol = np.asarray(list(polarity), dtype=float)
        return np.where(pol > self.neutral_band, "positive", np.where(pol < -self.neutral_band, "negative", "neutral"))


def aggregate(comments: pd.DataFrame, by: str | list[str], neutral_band: float = 0.05) -> pd.DataFrame:
    """Mean polarity/subjectivity and tone shares per group (topic, stance, doc, ...)."""
    tone = SentimentScorer(neutral_band=neutral_band).tone(comments["polarity"])
    frame = comments.assign(positive=tone == "positive", negative=tone == "negative")
    out = frame.groupby(by, sort=True).agg(comments=("polarity", "size"), mean_polarity=("polarity", "mean"),
                                           mean_subjectivity=("subjectivity", "mean"),
                                           positive_share=("positive", "mean"), negative_share=("negative", "mean"))
    return out.round(4).reset_index()
