"""Topics stage (baseline): every comment in 'other'."""
from __future__ import annotations

import pandas as pd


class TopicModel:
    def __init__(self, *, seeded=None, seed_threshold: float = 0.1, method: str = "kmeans", k: int = 0,
                 k_min: int = 2, k_max: int = 12, min_topic_size: int = 3, n_terms: int = 8,
                 inherit_replies: bool = True, random_state: int = 0) -> None:
        self.seeded = seeded
        self.seed_threshold = seed_threshold
        self.method = method
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.min_topic_size = min_topic_size
        self.n_terms = n_terms
        self.inherit_replies = inherit_replies
        self.random_state = random_state

    def fit(self, comments: pd.DataFrame, features, matrix) -> "TopicModel":
        n = len(comments)
        self.assignments_ = pd.DataFrame({"topic": ["other"] * n, "topic_label": ["other"] * n,
                                          "topic_terms": [""] * n, "topic_score": [0.0] * n,
                                          "topic_evidence": [""] * n})
        self.topic_info_ = pd.DataFrame([{"topic": "other", "kind": "other", "label": "other", "terms": "",
                                          "size": n}])
        return self
