"""Readers: turn an input file into a :class:`RawDocument`.

Plain-text dumps keep only their lines; the segmenter finds everything else.
Structured inputs (HTML, CSV, JSONL, ConvoKit ``utterances.jsonl``) also carry
``blocks``: what the reader already knows about the page, one row per block.
"""
from __future__ import annotations

import codecs
import logging
import os
import pathlib
import stat
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from ..errors import InputError

INPUT_FORMATS = ("text", "html", "csv", "jsonl", "convokit")
MAX_INPUT_BYTES = 1024 * 2**20  # default of run.max_input_mb
READ_CHUNK = 2**20  # read size for files without a size (pipes, devices)
BINARY_NUL_SHARE = 0.01  # a file with more NUL bytes than this share is binary; fewer are removed
BINARY_SNIFF_BYTES = 8192
LOG = logging.getLogger("discourse")

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


def blocks_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """A blocks frame (BLOCK_COLUMNS) from row dicts: missing fields are '', end_line defaults to line.
    Built column by column, so a generator of rows is never held as a list of dicts."""
    columns: dict[str, list] = {name: [] for name in BLOCK_COLUMNS}
    for row in rows:
        for name, values in columns.items():
            values.append(row.get(name, row["line"] if name == "end_line" else ""))
    return pd.DataFrame(columns, columns=list(BLOCK_COLUMNS)).astype({"line": int, "end_line": int})


@dataclass
class RawDocument:
    source: str  # path as given
    name: str  # file name
    format: str  # one of INPUT_FORMATS
    lines: list[str]  # the file split on '\n'
    title: str = ""
    blocks: pd.DataFrame | None = field(default=None, repr=False)


def read_text_file(path: str | pathlib.Path, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read a UTF-8 text file, rejecting missing, empty, binary and oversized files with an InputError.

    Stray NUL bytes are removed (with a warning); a file where they are more than
    ``BINARY_NUL_SHARE`` of the bytes is refused as binary. Files without a size (pipes,
    ``/dev/zero``) are read in chunks and stop at ``max_bytes``.
    """
    p = pathlib.Path(path)
    if not p.exists():
        raise InputError(str(path), "no such file")
    if p.is_dir():
        raise InputError(str(path), "is a directory, not a file")
    try:
        data = _read_bounded(p, max_bytes)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if data is None:
        raise InputError(str(path), f"larger than the input size limit of {max_bytes // 2**20} MB "
                                    "(run.max_input_mb)")
    if not data.strip():
        raise InputError(str(path), "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(str(path), "UTF-16 text; save it as UTF-8")
    nul = data.count(b"\x00")
    if nul:
        head = data[:BINARY_SNIFF_BYTES]
        if nul > BINARY_NUL_SHARE * len(data) or head.count(b"\x00") > BINARY_NUL_SHARE * len(head):
            raise InputError(str(path), "binary file, expected text, HTML, CSV or JSONL")
        first_line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if nul:
            raise InputError(str(path), "binary file, expected text, HTML, CSV or JSONL") from None
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start}, line {line})") from None
    if nul:
        LOG.warning("%s: removed %d NUL byte%s (first on line %d)", path, nul, "s" * (nul > 1), first_line)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary_head(chunk: bytes) -> bool:
    """The first chunk of a stream is binary: many NUL bytes, or not UTF-8."""
    if chunk.count(b"\x00") > BINARY_NUL_SHARE * len(chunk):
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(chunk, final=False)
    except UnicodeDecodeError:
        return True
    return False


def _read_bounded(p: pathlib.Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than ``max_bytes``."""
    with open(p, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > 0:
            data = fh.read(max_bytes + 1) if info.st_size <= max_bytes else None
            return None if data is None or len(data) > max_bytes else data
        chunks, size = [], 0  # pipes, devices, /proc files: no size up front
        while True:
            chunk = fh.read(READ_CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > max_bytes or (not chunks and _binary_head(chunk)):
                return None if size > max_bytes else chunk  # binary: the first chunk is enough to refuse
            chunks.append(chunk)


def detect_format(path: str | pathlib.Path, text: str) -> str:
    """Guess the input format from the file name and its first characters."""
    from .detect import detect_format as _detect

    return _detect(pathlib.Path(path), text)


def read_document(path: str | pathlib.Path, input_format: str = "auto",
                  max_bytes: int = MAX_INPUT_BYTES) -> RawDocument:
    """Read one input file into a RawDocument (files over ``max_bytes`` are refused)."""
    if input_format not in ("auto", *INPUT_FORMATS):
        raise InputError(str(path), f"unknown input format '{input_format}' (use one of {', '.join(INPUT_FORMATS)})")
    text = read_text_file(path, max_bytes)
    fmt = detect_format(path, text) if input_format == "auto" else input_format
    p = pathlib.Path(path)
    if fmt == "text":
        return RawDocument(source=str(path), name=p.name, format="text", lines=text.split("\n"))
    if fmt == "html":
        from .html import read_html

        return read_html(p, text)
    from .tabular import read_tabular

    return read_tabular(p, text, fmt)


def read_documents(path: str | pathlib.Path, input_format: str = "auto",
                   max_bytes: int = MAX_INPUT_BYTES) -> list[RawDocument]:
    """Read one input file: one RawDocument, or one per thread of a multi-thread export
    (named ``<file name>#<thread>``; see :func:`discourse.io.tabular.split_threads`)."""
    raw = read_document(path, input_format, max_bytes)
    if raw.blocks is None or "thread" not in raw.blocks.columns:
        return [raw]
    from .tabular import split_threads

    return split_threads(raw)
