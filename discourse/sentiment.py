"""Sentiment stage: TextBlob's pattern analyzer (works offline, no NLTK corpora)."""
from __future__ import annotations

from typing import Iterable

import pandas as pd
from textblob.en.sentiments import PatternAnalyzer

_ANALYZER = PatternAnalyzer()


def polarity_subjectivity(text: str) -> tuple[float, float]:
    """TextBlob pattern polarity and subjectivity of one text."""
    result = _ANALYZER.analyze(text or "")
    return float(result[0]), float(result[1])


class SentimentScorer:
    """Score polarity and subjectivity per comment."""

    def __init__(self, *, neutral_band: float = 0.05) -> None:
        self.neutral_band = neutral_band

    def fit(self, texts: Iterable[str] | None = None) -> "SentimentScorer":
        return self

    def transform(self, texts: Iterable[str]) -> pd.DataFrame:
        scores = [polarity_subjectivity(t) for t in texts]
        return pd.DataFrame(scores, columns=["polarity", "subjectivity"]).round(4)
