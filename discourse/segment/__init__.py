"""Segment stage: line roles, the article/comment boundary, single comments, replies and reposts.

``Segmenter().segment(raw)`` turns a :class:`~discourse.io.RawDocument` into a
:class:`SegmentedDocument` whose ``lines`` and ``comments`` frames follow
:mod:`discourse.schema`.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass, field

import pandas as pd

from ..io import RawDocument, read_document, read_documents
from ..schema import LINE_COLUMNS, SEGMENT_COMMENT_COLUMNS, conform, empty_frame
from .replies import link_replies
from .reposts import find_reposts
from .structured import segment_blocks
from .text import gc_paused, segment_text
from .tokens import CommentTokens

EXPORT_FORMATS = ("csv", "jsonl", "convokit")  # comment exports: their parent column is the reply structure


@dataclass
class SegmentedDocument:
    source: str
    name: str
    format: str
    title: str
    lines: pd.DataFrame = field(repr=False)  # LINE_COLUMNS
    comments: pd.DataFrame = field(repr=False)  # SEGMENT_COMMENT_COLUMNS

    def to_json(self) -> dict:
        """The ``discourse segment --format json`` object (see README, output contract)."""
        comments = []
        for row in self.comments.itertuples(index=False):
            comments.append({
                "id": row.id,
                "start_line": int(row.start_line),
                "end_line": int(row.end_line),
                "text": row.text,
                "author": row.author or None,
                "reply_to": row.reply_to or None,
                "reply_cue": row.reply_cue or None,
                "reply_evidence": row.reply_evidence or None,
                "quotes_article": bool(row.quotes_article),
                "duplicate_of": row.duplicate_of or None,
            })
        return {
            "source": self.source,
            "title": self.title,
            "format": self.format,
            "lines": [{"line": int(r.line), "role": r.role} for r in self.lines.itertuples(index=False)],
            "comments": comments,
        }


class Segmenter:
    """Split a page into roles and comments.

    Parameters mirror :class:`discourse.config.SegmentConfig`.
    """

    def __init__(self, *, input_format: str = "auto", reply_window: int = 8,
                 duplicate_threshold: float = 0.8, guess_parents: bool = False) -> None:
        self.input_format = input_format
        self.reply_window = reply_window
        self.duplicate_threshold = duplicate_threshold
        self.guess_parents = guess_parents

    def read(self, path: str | pathlib.Path) -> RawDocument:
        return read_document(path, self.input_format)

    def segment(self, raw: RawDocument) -> SegmentedDocument:
        with gc_paused():  # big pages make many small objects and no cycles
            return self._segment(raw)

    def _segment(self, raw: RawDocument) -> SegmentedDocument:
        if raw.blocks is None:
            lines, comments, title, starter, thread, tokens = segment_text(raw.lines)
        else:
            lines, comments, title = segment_blocks(raw.blocks)
            starter, thread, tokens = "", False, None
        title = raw.title or title
        article = " ".join(lines.loc[lines["role"].isin(["body", "standfirst"]), "text"])
        if tokens is None:  # shared by both stages
            tokens = CommentTokens(comments["text"].fillna("").astype(str).tolist())
        comments = find_reposts(comments, threshold=self.duplicate_threshold, tokens=tokens)
        # An export that names parents gives the reply structure: its top-level rows stay top-level.
        stated = raw.format in EXPORT_FORMATS and bool((comments["reply_to"].fillna("") != "").any())
        comments = link_replies(comments, article_text=article, window=self.reply_window, tokens=tokens,
                                guess=self.guess_parents or not stated, starter=starter, thread=thread)
        lines = lines.assign(doc=raw.name)
        comments = comments.assign(doc=raw.name)
        return SegmentedDocument(
            source=raw.source, name=raw.name, format=raw.format, title=title,
            lines=conform(lines, LINE_COLUMNS) if len(lines) else empty_frame(LINE_COLUMNS),
            comments=conform(comments, SEGMENT_COMMENT_COLUMNS) if len(comments)
            else empty_frame(SEGMENT_COMMENT_COLUMNS),
        )

    def segment_file(self, path: str | pathlib.Path) -> SegmentedDocument:
        """The file as one document (a multi-thread export is not split; see ``segment_path``)."""
        return self.segment(self.read(path))

    def segment_path(self, path: str | pathlib.Path) -> list[SegmentedDocument]:
        """The file's documents: one, or one per thread of a multi-thread export (``<name>#<thread>``)."""
        return [self.segment(raw) for raw in read_documents(path, self.input_format)]


def segment_file(path: str | pathlib.Path, input_format: str = "auto", **params) -> SegmentedDocument:
    """Read and segment one file."""
    return Segmenter(input_format=input_format, **params).segment_file(path)


__all__ = ["Segmenter", "SegmentedDocument", "segment_file"]
