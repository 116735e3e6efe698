"""CSV/TSV, JSONL and ConvoKit ``utterances.jsonl`` comment exports.

All three give one record per comment; a shared field finder maps the source's
column names (case-insensitive) onto the block columns, so CSV and JSONL accept
the same headers. A CSV or JSONL file is a comment thread: every record is a
comment. A ConvoKit file may carry its post as the conversation root, which
becomes the article.

An export holding several threads (a ``thread_id``, ``conversation_id`` or ``link_id``
column; ConvoKit's ``conversation_id``) is split into one document per thread,
named ``<file name>#<thread>`` (:func:`split_threads`); records with no thread
value stay in a document named after the file.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import pathlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..errors import InputError, one_line
from . import RawDocument, blocks_frame

# ---------------------------------------------------------------- constants
# Candidate source names per block column, best first; names are compared after
# normalize_field_name() (lower case, '-' and spaces -> '_').
TEXT_FIELDS = ("text", "body", "comment", "content", "message", "post", "comment_text", "comment_body",
               "comment_content", "body_text", "message_text", "post_text", "utterance", "selftext", "tweet")
ID_FIELDS = ("id", "comment_id", "message_id", "post_id", "utterance_id", "uid", "key")
PARENT_FIELDS = ("parent", "reply_to", "in_reply_to", "parent_id", "parent_comment_id", "replyto",
                 "in_reply_to_id", "parent_key")
AUTHOR_FIELDS = ("author", "user", "username", "user_name", "speaker", "screen_name", "author_name",
                 "nickname", "nick", "poster")
TIME_FIELDS = ("timestamp", "date", "created_at", "created_utc", "created", "time", "datetime",
               "posted_at", "published", "date_created")
CONVERSATION_FIELDS = ("conversation_id", "conversation", "root", "thread_id")
# Columns naming the thread of a record in a multi-thread export (Reddit dumps: link_id), best first.
THREAD_FIELDS = ("thread_id", "conversation_id", "link_id", "thread", "conversation", "discussion_id",
                 "submission_id")
THREAD_SEPARATOR = "#"  # document name of a thread: <file name>#<thread>
# Block columns giving a row's kind, parent and its thread's title when the thread is a document of its own
# (a ConvoKit root becomes the article of its conversation).
THREAD_ALONE = ("thread_kind", "thread_parent", "thread_title")
# Keys tried inside a nested author object, e.g. {"user": {"name": "ann"}}.
NESTED_AUTHOR_KEYS = ("name", "username", "screen_name", "login", "id")
# ConvoKit: a file is ConvoKit when its records carry these keys (one of each group).
CONVOKIT_KEYS = (("conversation_id",), ("reply-to", "reply_to"))
CONVOKIT_FILE_NAME = "utterances.jsonl"
TITLE_META_KEYS = ("title", "post_title", "thread_title")
CSV_DELIMITERS = ",\t;|"
TSV_SUFFIXES = (".tsv", ".tab")
MAX_FIELD_SIZE = 50_000_000
MAX_INT_DIGITS = 4000  # below Python's default limit on int() digits (4300)
LOG = logging.getLogger("discourse")


def normalize_field_name(name: str) -> str:
    """'Reply-To' -> 'reply_to', ' Created At ' -> 'created_at'."""
    return re.sub(r"[\s\-.]+", "_", str(name).strip().lower())


def find_field(names: list[str], candidates: tuple[str, ...]) -> str | None:
    """Return the first of ``names`` matching ``candidates`` (best candidate first), or None."""
    normalized = {normalize_field_name(n): n for n in names}
    return next((normalized[c] for c in candidates if c in normalized), None)


@dataclass(frozen=True)
class FieldMap:
    """Which source field feeds which block column ('' = absent)."""

    text: str
    key: str = ""
    parent: str = ""
    author: str = ""
    timestamp: str = ""

    @classmethod
    def from_names(cls, names: list[str]) -> FieldMap | None:
        text = find_field(names, TEXT_FIELDS)
        if text is None:
            return None
        return cls(text=text,
                   key=find_field(names, ID_FIELDS) or "",
                   parent=find_field(names, PARENT_FIELDS) or "",
                   author=find_field(names, AUTHOR_FIELDS) or "",
                   timestamp=find_field(names, TIME_FIELDS) or "")


def value_text(value: object) -> str:
    """A source value as block text: None/NaN -> '', 12.0 -> '12', {'name': 'x'} -> 'x'."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        for key in NESTED_AUTHOR_KEYS:
            if value.get(key) not in (None, ""):
                return value_text(value[key])
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, (list, tuple)):
        return " ".join(value_text(v) for v in value)
    return str(value).strip()


@dataclass
class Record:
    """One source record: where it sits in the file and its fields."""

    line: int  # 0-based first line
    end_line: int  # 0-based last line
    fields: Mapping[str, object]


def comment_block(record: Record, fields: FieldMap, index: int, *, kind: str = "comment",
                  parent: str | None = None, thread: str | None = None) -> dict:
    """One blocks row from a record; ``index`` gives the synthesized id 'c<index>'; ``thread`` names the
    field holding the record's thread (its value goes to the row's "thread")."""
    get = record.fields.get
    key = value_text(get(fields.key)) if fields.key else ""
    return {
        **({"thread": value_text(get(thread))} if thread else {}),
        "line": record.line,
        "end_line": record.end_line,
        "kind": kind,
        "text": value_text(get(fields.text)),
        "key": key or f"c{index}",
        "parent": value_text(get(fields.parent)) if parent is None and fields.parent else (parent or ""),
        "author": value_text(get(fields.author)) if fields.author else "",
        "timestamp": value_text(get(fields.timestamp)) if fields.timestamp else "",
    }


def threaded_blocks(rows: Iterable[dict]) -> pd.DataFrame:
    """The blocks frame of rows with text, plus a "thread" column when the rows carry their thread (and the
    THREAD_ALONE columns they give). ``rows`` may be a generator: it is read once, column by column."""
    extra: dict[str, list] = {name: [] for name in ("thread", *THREAD_ALONE)}
    given = set()

    def with_text() -> Iterator[dict]:
        for row in rows:
            if row["text"]:
                given.update(name for name in extra if name in row)
                for name, values in extra.items():
                    values.append(row.get(name, "" if name == "thread" else None))
                yield row

    blocks = blocks_frame(with_text())
    if "thread" in given:
        blocks["thread"] = extra["thread"]
        for name in THREAD_ALONE:  # what a row becomes in its thread's own document (None: unchanged)
            if name in given:
                blocks[name] = pd.Series(extra[name], dtype=object)
    return blocks


def split_threads(raw: RawDocument) -> list[RawDocument]:
    """One document per thread of a multi-thread export (blocks with a "thread" column holding several
    values), named ``<name>#<thread>``, threads in order of first appearance; else ``[raw]``."""
    blocks = raw.blocks
    if blocks is None or "thread" not in blocks.columns:
        return [raw]
    extra = [c for c in ("thread", *THREAD_ALONE) if c in blocks.columns]
    keys = blocks["thread"].fillna("").astype(str)
    groups = keys.groupby(keys, sort=False).indices
    if len(groups) < 2:
        return [replace(raw, blocks=blocks.drop(columns=extra))]
    alone = blocks.copy()
    for column, target in (("thread_kind", "kind"), ("thread_parent", "parent")):
        if column in alone.columns:
            given = alone[column].notna()
            alone.loc[given, target] = alone.loc[given, column]
    titles = alone["thread_title"].fillna("").astype(str).to_numpy() if "thread_title" in extra else None
    order = np.concatenate(list(groups.values()))  # rows thread by thread: each thread is then one slice
    alone = alone.drop(columns=extra).iloc[order].reset_index(drop=True)
    docs, start = [], 0
    for key, rows in groups.items():
        title = next((t for t in titles[rows] if t), "") if titles is not None else ""
        name = f"{raw.name}{THREAD_SEPARATOR}{key}" if key else raw.name
        part = alone.iloc[start:start + len(rows)]
        docs.append(replace(raw, name=name, title=title, lines=[],  # line numbers still count the file's lines
                            blocks=part.set_axis(range(len(rows)), axis=0)))
        start += len(rows)
    return docs


# ---------------------------------------------------------------- CSV / TSV
def sniff_delimiter(path: pathlib.Path, header: str) -> str:
    if path.suffix.lower() in TSV_SUFFIXES:
        return "\t"
    counts = {d: header.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def iter_csv_records(path: pathlib.Path, text: str) -> tuple[list[str], Iterator[Record]]:
    """Header and records of a CSV/TSV; each record knows the physical lines it spans."""
    delimiter = sniff_delimiter(path, text.split("\n", 1)[0])
    csv.field_size_limit(MAX_FIELD_SIZE)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        raise InputError(str(path), f"not a readable CSV header ({exc})") from None

    def records() -> Iterator[Record]:
        start = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(str(path), f"line {start + 1}: malformed CSV ({exc})") from None
            end = reader.line_num - 1
            if any(cell.strip() for cell in row):
                if len(row) > len(header):
                    raise InputError(str(path), f"line {start + 1}: {len(row)} fields but the header has "
                                                f"{len(header)}")
                yield Record(start, end, dict(zip(header, row)))
            start = reader.line_num

    return header, records()


def read_csv_blocks(path: pathlib.Path, text: str) -> pd.DataFrame:
    header, records = iter_csv_records(path, text)
    fields = FieldMap.from_names(header)
    if fields is None:
        raise InputError(str(path), f"no text column (expected one of {', '.join(TEXT_FIELDS[:6])}; "
                                    f"found {', '.join(h for h in header if h) or 'none'})")
    thread = find_field(header, THREAD_FIELDS)
    return threaded_blocks(comment_block(rec, fields, i, thread=thread) for i, rec in enumerate(records))


# ---------------------------------------------------------------- JSONL
def iter_json_records(path: pathlib.Path, text: str) -> Iterator[Record]:
    """Objects of a JSONL file (also concatenated or pretty-printed objects, or one top-level array).

    Errors name the 1-based line, as editors show it.
    """
    decoder = json.JSONDecoder()
    pos = 0
    in_array = False
    stripped = text.lstrip()
    if stripped.startswith("["):
        pos = text.index("[") + 1
        in_array = True
    line, counted = 0, 0  # newlines in text[:counted], advanced incrementally (no rescans)
    while True:
        while pos < len(text) and (text[pos].isspace() or (in_array and text[pos] == ",")):
            pos += 1
        if pos >= len(text) or (in_array and text[pos] == "]"):
            return
        start_line = line = line + text.count("\n", counted, pos)
        try:
            record, end = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):  # the error names the line, or a long integer is kept as digits
            record, end = decode_json_value(path, text, pos, start_line)
        if not isinstance(record, dict):
            raise InputError(str(path), f"line {start_line + 1}: expected a JSON object, got "
                                        f"{type(record).__name__}")
        line, counted = start_line + text.count("\n", pos, end), end
        yield Record(start_line, line, record)
        pos = end


def decode_json_value(path: pathlib.Path, text: str, pos: int, line: int,
                      decoder: json.JSONDecoder | None = None) -> tuple[object, int]:
    """The JSON value at ``text[pos]`` and where it ends. Integers too long for Python's digit
    limit are kept as their digits (ids); values nested deeper than Python can read are an error."""
    for attempt in (decoder or PLAIN_DECODER, LONG_INT_DECODER):
        try:
            return attempt.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"line {exc.lineno}: invalid JSON ({exc.msg})") from None
        except RecursionError:
            raise InputError(str(path), f"line {line + 1}: JSON value nested deeper than "
                                        f"{sys.getrecursionlimit()} levels") from None
        except ValueError as exc:  # an integer over sys.get_int_max_str_digits(): retry keeping its digits
            reason = one_line(exc)
    raise InputError(str(path), f"line {line + 1}: unreadable JSON number ({reason})")


def _long_int(digits: str) -> int | str:
    return int(digits) if len(digits) <= MAX_INT_DIGITS else digits


PLAIN_DECODER = json.JSONDecoder()
LONG_INT_DECODER = json.JSONDecoder(parse_int=_long_int)
# Strings of a JSON file with escapes that cannot be written as UTF-8 (lone surrogates) or NUL.
UNSAFE_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)")
UNSAFE_CHARS = re.compile("[\ud800-\udfff]|\x00")


def safe_text(value: str) -> str:
    """Lone surrogates (from ``\\ud800`` escapes) -> U+FFFD; NUL characters removed."""
    return UNSAFE_CHARS.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)


def clean_json_rows(path: pathlib.Path, text: str, rows: Iterable[dict]) -> Iterator[dict]:
    """``rows`` with :func:`safe_text` applied to their string cells when the file has unsafe escapes
    (a generator: rows pass one at a time)."""
    if not UNSAFE_ESCAPE.search(text):
        yield from rows
        return
    changed = 0
    for row in rows:
        for key, value in row.items():
            if isinstance(value, str) and UNSAFE_CHARS.search(value):
                row[key] = safe_text(value)
                changed += 1
        yield row
    if changed:
        LOG.warning("%s: %d value%s had NUL or lone-surrogate escapes (NUL removed, surrogates -> U+FFFD)",
                    path, changed, "s" * (changed > 1))


def record_fields(path: pathlib.Path, record: Record) -> FieldMap:
    fields = FieldMap.from_names(list(record.fields))
    if fields is None:
        raise InputError(str(path), f"line {record.line + 1}: no text field (expected one of "
                                    f"{', '.join(TEXT_FIELDS[:6])})")
    return fields


def read_jsonl_blocks(path: pathlib.Path, text: str) -> pd.DataFrame:
    count = 0

    def rows() -> Iterator[dict]:  # one record at a time: no list of all records is held
        nonlocal count
        field_maps: dict[tuple, tuple[FieldMap, str | None]] = {}  # records of one export share a few key sets
        for i, rec in enumerate(iter_json_records(path, text)):
            keys = tuple(rec.fields)
            found = field_maps.get(keys)
            if found is None:
                found = field_maps[keys] = (record_fields(path, rec), find_field(list(keys), THREAD_FIELDS))
            count += 1
            yield comment_block(rec, found[0], i, thread=found[1])

    blocks = threaded_blocks(clean_json_rows(path, text, rows()))
    if not count:
        raise InputError(str(path), "no JSON records")
    return blocks


# ---------------------------------------------------------------- ConvoKit
def is_convokit_record(record: Mapping) -> bool:
    return all(any(k in record for k in group) for group in CONVOKIT_KEYS)


def read_convokit_blocks(path: pathlib.Path, text: str) -> tuple[pd.DataFrame, str]:
    """Blocks and title of a ConvoKit utterances file.

    A conversation's root (no reply-to) that has replies is its article, and replies to it are
    top-level comments. With several conversations the file read whole keeps every utterance a comment
    (so each thread keeps its root as parent); split into its threads (:func:`split_threads`), each
    conversation gets its root as article.
    """
    records = list(iter_json_records(path, text))
    if not records:
        raise InputError(str(path), "no JSON records")
    fields = [record_fields(path, rec) for rec in records]
    keys = [value_text(rec.fields.get(f.key)) if f.key else "" for rec, f in zip(records, fields)]
    parents = [value_text(rec.fields.get(f.parent)) if f.parent else "" for rec, f in zip(records, fields)]
    conv_field = find_field(list(records[0].fields), CONVERSATION_FIELDS)
    conversation = [value_text(rec.fields.get(conv_field)) for rec in records] if conv_field else [""] * len(records)
    replied_to = Counter(parents)
    roots: dict[str, int] = {}  # conversation -> index of its article (a root with replies)
    for i, (k, p, conv) in enumerate(zip(keys, parents, conversation)):
        if conv not in roots:
            roots[conv] = i if k and not p and replied_to[k] else -1
    several = len(roots) > 1
    articles = {i for i in roots.values() if i >= 0}
    article_keys = {conv: keys[i] for conv, i in roots.items() if i >= 0}

    rows, title = [], ""
    for i, (rec, f) in enumerate(zip(records, fields)):
        conv = conversation[i]
        top_level = conv in article_keys and parents[i] == article_keys[conv]
        if i in articles:
            meta = rec.fields.get("meta")
            found = next((value_text(meta[k]) for k in TITLE_META_KEYS if meta.get(k)), "") \
                if isinstance(meta, Mapping) else ""
            title = title or found
            if not several:
                rows.append(comment_block(rec, f, i, kind="article", parent=""))
                continue
            alone = {"thread_kind": "article", "thread_parent": "", "thread_title": found}
        else:
            alone = {"thread_parent": ""} if top_level else {}
            if not several:
                rows.append(comment_block(rec, f, i, parent="" if top_level else None))
                continue
        rows.append({**comment_block(rec, f, i), "thread": conv, **alone})
    return threaded_blocks(clean_json_rows(path, text, rows)), "" if several else safe_text(title)


# ---------------------------------------------------------------- entry point
def read_tabular(path: pathlib.Path, text: str, fmt: str):
    """Read a CSV/TSV (``csv``), JSONL (``jsonl``) or ConvoKit (``convokit``) export."""
    title = ""
    if fmt == "csv":
        blocks = read_csv_blocks(path, text)
    elif fmt == "jsonl":
        blocks = read_jsonl_blocks(path, text)
    elif fmt == "convokit":
        blocks, title = read_convokit_blocks(path, text)
    else:
        raise InputError(str(path), f"not a tabular format: {fmt}")
    if blocks.empty:
        raise InputError(str(path), "no records with text")
    return RawDocument(source=str(path), name=path.name, format=fmt, lines=FileLines(text),
                       title=title, blocks=blocks)


class FileLines(Sequence):
    """A file's lines, split from its text when first read (the structured formats rarely need them, and
    a large export's lines would double its memory)."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._lines: list[str] | None = None

    def _split(self) -> list[str]:
        if self._lines is None:
            self._lines, self._text = self._text.split("\n"), None
        return self._lines

    def __getitem__(self, index):
        return self._split()[index]

    def __len__(self) -> int:
        return len(self._split())
