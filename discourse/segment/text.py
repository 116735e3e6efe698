"""Plain-text pages: line roles, article/comment boundary and comment splitting (baseline)."""
from __future__ import annotations

import pandas as pd


def segment_lines(lines: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Return (lines frame, comments frame, title) for a page given as its lines."""
    rows = [{"line": i, "role": "body", "text": t.strip()} for i, t in enumerate(lines) if t.strip()]
    frame = pd.DataFrame(rows, columns=["line", "role", "text"])
    title = frame["text"].iloc[0] if len(frame) else ""
    return frame, pd.DataFrame(columns=["id", "position", "start_line", "end_line", "text"]), title
