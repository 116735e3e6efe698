"""Sentiment stage: the fast pattern port must agree with TextBlob's PatternAnalyzer."""
from __future__ import annotations

import pandas as pd
import pytest

from discourse.sentiment import SentimentScorer, aggregate, polarity_subjectivity, textblob_polarity_subjectivity

SENTENCES = [
    "This is a wonderful, thoughtful article.",
    "What a terrible, dishonest and stupid policy!",
    "The talks were not good at all.",
    "I really don't like it :)",
    "It is very very bad (!)",
    "Not a good idea, but not a bad one either!!",
    "Officials met on Friday in Alaska.",
    "It was a good debate....not a hard concept.",  # the text core's words: "debate....not" is one token
    "That was good...really bad though",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_matches_textblob(text):
    assert polarity_subjectivity(text) == pytest.approx(textblob_polarity_subjectivity(text), abs=1e-9)


def test_scorer_columns_and_ranges():
    out = SentimentScorer().transform(SENTENCES)
    assert list(out.columns) == ["polarity", "subjectivity"] and len(out) == len(SENTENCES)
    assert out["polarity"].between(-1, 1).all() and out["subjectivity"].between(0, 1).all()
    assert out["polarity"].iloc[0] > 0 > out["polarity"].iloc[1]


def test_aggregate_per_group():
    frame = pd.DataFrame({"topic": ["a", "a", "b"], "polarity": [0.5, -0.5, 0.02], "subjectivity": [1, 1, 0]})
    agg = aggregate(frame, "topic").set_index("topic")
    assert agg.loc["a", "comments"] == 2 and agg.loc["a", "mean_polarity"] == 0
    assert agg.loc["b", "positive_share"] == 0  # inside the neutral band
