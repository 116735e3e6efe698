"""Document reports written on demand, from the tables of an output folder.

Past ``[run] max_reports`` documents, ``discourse analyze`` writes the reports of the documents with most
comments only; the overview links to all of them. ``discourse report DIR --doc NAME`` (or ``--all``, or
``discourse open DIR/doc-NAME.html``) writes the others later from ``DIR``'s Parquet tables: the document's
tables (a report compares its thread with the others, so the whole corpus is read back), the config, and
``terms.parquet`` (the word vocabulary and its IDF, which give every comment its word TF-IDF row again).
"""
from __future__ import annotations

import os
import pathlib
import shutil
import tempfile
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ..aggregates import TermCounts
from ..config import Config
from ..errors import InputError
from ..tables import read_table
from .data import CorpusView
from .writer import Dashboards, report_names, write_pages


def report_files(out: pathlib.Path) -> dict[str, str]:
    """Document -> report file name, as the overview of ``out`` links them."""
    if not (out / "documents.parquet").exists():
        raise InputError(str(out), "no documents.parquet here; run 'discourse analyze -o DIR' first")
    docs = read_table(out, "documents")["doc"].astype(str).tolist()
    return report_names(docs)


def write_reports(out: str | os.PathLike, docs: list[str] | None = None, missing_only: bool = False,
                  jobs: int = 1) -> list[pathlib.Path]:
    """Write the reports of ``docs`` (document names or report file names; None = every document) into
    ``out`` from its tables; with ``missing_only``, skip reports already there. Returns the files written."""
    out = pathlib.Path(out)
    files = report_files(out)
    by_file = {name: doc for doc, name in files.items()}
    wanted = list(files) if docs is None else [_document(d, files, by_file, out) for d in docs]
    if missing_only:
        wanted = [d for d in wanted if not (out / files[d]).exists()]
    if not wanted:
        return []
    config = Config.from_toml(out / "config.toml") if (out / "config.toml").exists() else Config()
    view = stored_view(out, config)
    number = {doc: i for i, doc in enumerate(files, 1)}
    staging = pathlib.Path(tempfile.mkdtemp(prefix=".discourse-report-", dir=out))
    try:
        work = [(doc, number[doc], staging / files[doc]) for doc in wanted]
        written = write_pages(view, Dashboards.from_config(config), work, jobs)
        for path in written:
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / p.name for p in written]


def _document(name: str, files: dict[str, str], by_file: dict[str, str], out: pathlib.Path) -> str:
    name = pathlib.PurePath(name).name if name.endswith(".html") else name
    if name in files:
        return name
    if name in by_file:
        return by_file[name]
    raise InputError(str(out), f"no document or report named {name!r} (see documents.csv / documents.parquet)")


def stored_view(out: pathlib.Path, config: Config) -> CorpusView:
    """The :class:`CorpusView` of an output folder, read back from its tables: the same view ``analyze``
    built (a document's report compares it with the other threads, so the whole corpus is read)."""
    comments, lines, documents, topics = (read_table(out, name) for name in ("comments", "lines", "documents", "topics"))
    authors = read_table(out, "authors") if (out / "authors.parquet").exists() else None
    features, counts = None, None
    if (out / "terms.parquet").exists():
        from ..features import TextFeatures

        terms = read_table(out, "terms")
        features = TextFeatures(**config.section_params("features")).with_vocabulary(terms["term"], terms["idf"])
        counts = TermCounts(np.asarray(terms["term"], dtype=object), terms["comments"].to_numpy(float), len(comments))
    analysis = SimpleNamespace(config=config, documents=documents, comments=comments, topics=topics, lines=lines,
                               authors=authors, features=features, matrix=None, term_counts=counts)
    return CorpusView.from_analysis(analysis)
