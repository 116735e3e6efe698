"""Input format detection."""
from __future__ import annotations

import json
import pathlib


def detect_format(path: pathlib.Path, text: str) -> str:
    suffix = path.suffix.lower()
    head = text.lstrip()[:2000]
    if suffix in (".html", ".htm", ".xhtml") or head.lower().startswith(("<!doctype html", "<html")):
        return "html"
    if suffix in (".jsonl", ".ndjson") or (suffix == ".json" and head.startswith("{")):
        first = head.split("\n", 1)[0]
        try:
            record = json.loads(first)
        except ValueError:
            return "jsonl"
        if isinstance(record, dict) and {"conversation_id", "reply-to"} <= set(record):
            return "convokit"
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    return "text"
