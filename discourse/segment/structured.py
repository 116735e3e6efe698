"""Structured inputs (HTML, CSV, JSONL, ConvoKit): blocks the reader already classified."""
from __future__ import annotations

import pandas as pd

KIND_TO_ROLE = {"title": "title", "meta": "meta", "article": "body", "caption": "caption",
                "boilerplate": "boilerplate", "comment": "comment"}


def segment_blocks(blocks: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Return (lines frame, comments frame, title) from reader blocks."""
    lines = pd.DataFrame({"line": blocks["line"].astype(int), "role": blocks["kind"].map(KIND_TO_ROLE),
                          "text": blocks["text"]})
    lines = lines.drop_duplicates("line").sort_values("line", kind="stable").reset_index(drop=True)
    titles = blocks.loc[blocks["kind"] == "title", "text"]
    com = blocks[blocks["kind"] == "comment"].reset_index(drop=True)
    comments = pd.DataFrame({
        "id": com["key"].astype(str),
        "position": range(len(com)),
        "start_line": com["line"].astype(int),
        "end_line": com["line"].astype(int),
        "text": com["text"],
        "author": com.get("author", ""),
        "timestamp": com.get("timestamp", ""),
        "reply_to": com.get("parent", ""),
        "reply_cue": ["parent" if p else "" for p in com.get("parent", [""] * len(com))],
    })
    return lines, comments, titles.iloc[0] if len(titles) else ""
