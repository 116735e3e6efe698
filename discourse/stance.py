"""Stance stage (baseline): none for all."""
from __future__ import annotations

import pandas as pd


class StanceDetector:
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

    def fit(self, comments: pd.DataFrame, topics: pd.DataFrame | None = None) -> "StanceDetector":
        n = len(comments)
        self.assignments_ = pd.DataFrame({"stance": ["none"] * n, "stance_score": [0.0] * n,
                                          "stance_evidence": [""] * n})
        return self
