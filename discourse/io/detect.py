"""Input format detection: the file extension first, then the content.

A known extension decides the family (HTML, CSV, JSON); within JSON the first
record tells JSONL from ConvoKit. Other files (``.txt``, no extension) are
sniffed: an HTML document, a JSON object per line, or a CSV header naming a
text column; anything else is a plain-text dump. ``--input-format`` bypasses
all of this.
"""
from __future__ import annotations

import json
import pathlib
import re

from .tabular import FieldMap, is_convokit_record, sniff_delimiter

# ---------------------------------------------------------------- constants
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSON_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines", ".json")
CSV_SUFFIXES = (".csv", ".tsv", ".tab")
CONVOKIT_FILE_NAMES = ("utterances.jsonl", "utterances.json")
SNIFF_CHARS = 4000
# A document that opens like HTML (after an XML declaration and comments).
HTML_OPENING = re.compile(r"^(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
                          re.IGNORECASE | re.DOTALL)
# Markup that betrays an HTML fragment without <html>.
HTML_TAG = re.compile(r"</?(div|p|article|section|span|a|ul|ol|li|table|br|h[1-6]|blockquote|main)\b[^>]*>",
                      re.IGNORECASE)
MIN_HTML_TAGS = 5
# A CSV header cell: a short identifier-like name.
HEADER_CELL = re.compile(r"^\s*\"?[A-Za-z_][\w .\-]{0,40}\"?\s*$")


def looks_like_html(head: str) -> bool:
    if HTML_OPENING.match(head):
        return True
    return head.startswith("<") and len(HTML_TAG.findall(head)) >= MIN_HTML_TAGS


def first_json_record(text: str) -> object | None:
    """The first JSON value of a JSONL file (or first element of an array), or None."""
    body = text.lstrip()
    if body.startswith("["):
        body = body[1:].lstrip()
    try:
        record, _ = json.JSONDecoder().raw_decode(body)
    except (ValueError, RecursionError):  # invalid, too-long integer, nested too deeply: the reader says which
        return None
    return record


def json_flavour(text: str) -> str:
    record = first_json_record(text)
    return "convokit" if isinstance(record, dict) and is_convokit_record(record) else "jsonl"


def looks_like_csv(path: pathlib.Path, text: str) -> bool:
    """True when the first line is a delimited header with a text column and the next line splits alike."""
    lines = text.split("\n", 2)
    delimiter = sniff_delimiter(path, lines[0])
    cells = lines[0].split(delimiter)
    if len(cells) < 2 or not all(HEADER_CELL.match(c) for c in cells):
        return False
    names = [c.strip().strip('"') for c in cells]
    return FieldMap.from_names(names) is not None and len(lines) > 1 and delimiter in lines[1]


def detect_format(path: pathlib.Path, text: str) -> str:
    """Return one of html, csv, jsonl, convokit or text."""
    suffix = path.suffix.lower()
    head = text.lstrip()[:SNIFF_CHARS]
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if path.name.lower() in CONVOKIT_FILE_NAMES:
        return "convokit"
    if suffix in JSON_SUFFIXES:
        return json_flavour(text)
    # Unknown extension (.txt, none): sniff the content.
    if looks_like_html(head):
        return "html"
    if head.startswith(("{", "[")) and isinstance(first_json_record(text), dict):
        return json_flavour(text)
    if looks_like_csv(path, text):
        return "csv"
    return "text"
