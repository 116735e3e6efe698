"""Readers: turn an input file into a :class:`RawDocument`.

Plain-text dumps keep only their lines; the segmenter finds everything else.
Structured inputs (HTML, CSV, JSONL, ConvoKit ``utterances.jsonl``) also carry
``blocks``: what the reader already knows about the page, one row per block.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError

INPUT_FORMATS = ("text", "html", "csv", "jsonl", "convokit")

# Columns of RawDocument.blocks
BLOCK_COLUMNS = {
    "line": "0-based line of the file where the block starts",
    "end_line": "0-based last line of the block (optional; default: line + newlines in text)",
    "kind": "title, meta, article, caption, boilerplate or comment",
    "text": "the block's text",
    "key": "comment id from the source (comments only)",
    "parent": "id of the parent comment from the source, or empty",
    "author": "author, or empty",
    "timestamp": "timestamp, or empty",
}


def blocks_frame(rows: list[dict]) -> pd.DataFrame:
    """A blocks frame (BLOCK_COLUMNS) from row dicts: missing fields are '', end_line defaults to line."""
    full = [{**dict.fromkeys(BLOCK_COLUMNS, ""), "end_line": row["line"], **row} for row in rows]
    return pd.DataFrame(full, columns=list(BLOCK_COLUMNS)).astype({"line": int, "end_line": int})


@dataclass
class RawDocument:
    source: str  # path as given
    name: str  # file name
    format: str  # one of INPUT_FORMATS
    lines: list[str]  # the file split on '\n'
    title: str = ""
    blocks: pd.DataFrame | None = field(default=None, repr=False)


def read_text_file(path: str | pathlib.Path) -> str:
    """Read a UTF-8 text file, rejecting missing, empty and binary files with an InputError."""
    p = pathlib.Path(path)
    if not p.exists():
        raise InputError(str(path), "no such file")
    if p.is_dir():
        raise InputError(str(path), "is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    if not data.strip():
        raise InputError(str(path), "file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file, expected text, HTML, CSV or JSONL")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(path: str | pathlib.Path, text: str) -> str:
    """Guess the input format from the file name and its first characters."""
    from .detect import detect_format as _detect

    return _detect(pathlib.Path(path), text)


def read_document(path: str | pathlib.Path, input_format: str = "auto") -> RawDocument:
    """Read one input file into a RawDocument."""
    if input_format not in ("auto", *INPUT_FORMATS):
        raise InputError(str(path), f"unknown input format '{input_format}' (use one of {', '.join(INPUT_FORMATS)})")
    text = read_text_file(path)
    fmt = detect_format(path, text) if input_format == "auto" else input_format
    p = pathlib.Path(path)
    if fmt == "text":
        return RawDocument(source=str(path), name=p.name, format="text", lines=text.split("\n"))
    if fmt == "html":
        from .html import read_html

        return read_html(p, text)
    from .tabular import read_tabular

    return read_tabular(p, text, fmt)
