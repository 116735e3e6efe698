"""Exact and near-duplicate comments (baseline)."""
from __future__ import annotations

import pandas as pd


def find_reposts(comments: pd.DataFrame, threshold: float = 0.8) -> pd.DataFrame:
    """Fill duplicate_of / duplicate_similarity."""
    out = comments.copy()
    out["duplicate_of"] = ""
    out["duplicate_similarity"] = 0.0
    return out
