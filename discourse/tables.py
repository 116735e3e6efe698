"""The output tables: Parquet always (the comment and line tables partitioned), CSV and JSON lines for
corpora of at most ``[run] csv_max_comments`` comments.

``DIR/comments.parquet/`` and ``DIR/lines.parquet/`` are folders of ``part-NNNNN.parquet`` files of at most
``[run] partition_size`` rows each (``pandas.read_parquet(DIR / "comments.parquet")`` and
``dask.dataframe.read_parquet`` read them whole); ``documents.parquet``, ``topics.parquet``,
``authors.parquet`` and ``terms.parquet`` (the word vocabulary with its IDF and the number of comments using
each term: what a document report written later needs) are single files. Parquet and ``.jsonl`` keep every
cell as analysed; CSV cells that a spreadsheet would run as formulas are neutralised
(:func:`discourse.outputs.spreadsheet_safe`). Equal inputs and config give byte-identical files. The
caller writes into a staging folder that replaces the output folder whole (:mod:`discourse.outputs`).
"""
from __future__ import annotations

import pathlib
from typing import Any

import numpy as np
import pandas as pd

from .outputs import spreadsheet_safe
from .schema import AUTHOR_COLUMNS, conform

PARQUET_OPTIONS = dict(index=False, compression="zstd")
PARTITIONED = ("comments", "lines")
SINGLE = ("documents", "topics", "authors")
TEXT_TABLES = ("comments", "documents", "topics", "authors")  # also as CSV and JSON lines, for small corpora
PART_NAME = "part-{:05d}.parquet"
FILES = tuple(f"{n}.parquet" for n in (*PARTITIONED, *SINGLE, "terms"))  # what write_tables adds to CSV/JSONL


def write_tables(analysis: Any, out: pathlib.Path) -> list[str]:
    """Write the tables of ``analysis`` into ``out``; returns the names written (files and folders)."""
    run = analysis.config.run
    frames = {"comments": analysis.comments, "documents": analysis.documents, "topics": analysis.topics,
              "lines": analysis.lines, "authors": conform(analysis.authors, AUTHOR_COLUMNS)}
    written = []
    for name in PARTITIONED:
        write_partitioned(frames[name], out / f"{name}.parquet", run.partition_size)
        written.append(f"{name}.parquet")
    for name in SINGLE:
        _parquet(frames[name], out / f"{name}.parquet")
        written.append(f"{name}.parquet")
    terms = term_table(analysis)
    if terms is not None:
        _parquet(terms, out / "terms.parquet")
        written.append("terms.parquet")
    if len(analysis.comments) <= run.csv_max_comments:
        for name in TEXT_TABLES:
            write_csv(frames[name], out / f"{name}.csv")
            write_jsonl(frames[name], out / f"{name}.jsonl")
            written += [f"{name}.csv", f"{name}.jsonl"]
    (out / "config.toml").write_text(analysis.config.to_toml(), encoding="utf-8")
    written.append("config.toml")
    return written


def write_csv(frame: pd.DataFrame, path: pathlib.Path) -> None:
    """A table as CSV with text cells that a spreadsheet would run as formulas neutralised (see
    :func:`discourse.outputs.spreadsheet_safe`)."""
    spreadsheet_safe(frame).to_csv(path, index=False, lineterminator="\n", float_format="%.4f")


def write_jsonl(frame: pd.DataFrame, path: pathlib.Path) -> None:
    """A table as JSON lines with the raw cell values (one object per row, columns in order)."""
    frame.to_json(path, orient="records", lines=True, force_ascii=False, double_precision=10)


def write_partitioned(frame: pd.DataFrame, folder: pathlib.Path, rows_per_part: int) -> None:
    """``frame`` as ``folder/part-00000.parquet`` ... of at most ``rows_per_part`` rows (one part when empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    size = max(int(rows_per_part), 1)
    for k, start in enumerate(range(0, max(len(frame), 1), size)):
        _parquet(frame.iloc[start:start + size], folder / PART_NAME.format(k))


def _parquet(frame: pd.DataFrame, path: pathlib.Path) -> None:
    frame.reset_index(drop=True).to_parquet(path, **PARQUET_OPTIONS)


def term_table(analysis: Any) -> pd.DataFrame | None:
    """term, idf and comments (using the term) of the fitted word vocabulary, or None without one."""
    features = getattr(analysis, "features", None)
    vectorizer = getattr(features, "vectorizer_", None)
    names = getattr(features, "feature_names_", None)
    if vectorizer is None or names is None or not hasattr(vectorizer, "idf_"):
        return None
    counts = getattr(analysis, "term_counts", None)
    total = counts.total if counts is not None and len(counts.total) == len(names) else np.zeros(len(names))
    return pd.DataFrame({"term": np.asarray(names, dtype=object), "idf": vectorizer.idf_.astype(np.float64),
                         "comments": total.astype(np.int64)})


# ---- reading back (for reports written on demand) -------------------------------------------------
def read_table(out: pathlib.Path, name: str, filters: list | None = None) -> pd.DataFrame:
    """A table written by :func:`write_tables` (Parquet; ``filters`` as in ``pandas.read_parquet``)."""
    path = out / f"{name}.parquet"
    return pd.read_parquet(path, filters=filters) if filters else pd.read_parquet(path)
