"""Reply and quote links between comments (baseline)."""
from __future__ import annotations

import pandas as pd


def link_replies(comments: pd.DataFrame, article_text: str = "", window: int = 8) -> pd.DataFrame:
    """Fill reply_to / reply_cue / reply_evidence / quotes_article for comments without a known parent."""
    out = comments.copy()
    for col in ("reply_to", "reply_cue", "reply_evidence", "article_quote"):
        if col not in out.columns:
            out[col] = ""
    if "quotes_article" not in out.columns:
        out["quotes_article"] = False
    return out
