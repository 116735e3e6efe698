"""The Python API: ``analyze(paths, config) -> Analysis``; the CLI is a thin layer over it."""
from __future__ import annotations

import os
import pathlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

import pandas as pd
from threadpoolctl import threadpool_limits

from .config import Config
from .errors import InputError
from .features import TextFeatures
from .schema import (COMMENT_COLUMNS, DOCUMENT_COLUMNS, LINE_COLUMNS,
                     SEGMENT_COMMENT_COLUMNS, TOPIC_COLUMNS, conform, empty_frame)
from .projection import MapProjection
from .segment import SegmentedDocument, Segmenter
from .sentiment import SentimentScorer
from .stages import Corpus, Engine, LocalEngine, Stage
from .stance import StanceDetector
from .topics import TopicModel

Progress = Callable[[str], None]
INPUT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".csv", ".tsv", ".jsonl", ".ndjson", ".json")


def expand_inputs(paths: Iterable[str | os.PathLike]) -> list[pathlib.Path]:
    """Files as given, and the input files inside given folders (sorted by name)."""
    found: list[pathlib.Path] = []
    for raw in paths:
        p = pathlib.Path(raw)
        if p.is_dir():
            inside = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in INPUT_SUFFIXES)
            if not inside:
                raise InputError(str(raw), "folder holds no input files (.txt, .html, .csv, .jsonl)")
            found.extend(inside)
        elif p.exists():
            found.append(p)
        else:
            raise InputError(str(raw), "no such file or folder")
    names = [p.name for p in found]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InputError(dup[0], "two inputs share this file name; rename one")
    return found


@dataclass
class Analysis:
    """Result of :func:`analyze`: tables for pandas users and ``write`` for dashboards."""

    config: Config
    documents: pd.DataFrame  # DOCUMENT_COLUMNS
    comments: pd.DataFrame  # COMMENT_COLUMNS
    topics: pd.DataFrame  # TOPIC_COLUMNS
    lines: pd.DataFrame  # LINE_COLUMNS, all documents
    segments: list[SegmentedDocument] = field(repr=False, default_factory=list)
    features: object = field(repr=False, default=None)  # fitted TextFeatures
    matrix: object = field(repr=False, default=None)  # comment feature matrix

    def write(self, out_dir: str | os.PathLike, progress: Progress | None = None) -> pathlib.Path:
        """Write tables and dashboards into ``out_dir`` atomically; earlier files are replaced only on success."""
        from .report import write_dashboards

        out = pathlib.Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        staging = pathlib.Path(tempfile.mkdtemp(prefix=".discourse-", dir=out))
        try:
            write_tables(self, staging)
            write_dashboards(self, staging, progress=progress)
            for item in sorted(staging.iterdir()):
                os.replace(item, out / item.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return out / "index.html"


def write_tables(analysis: Analysis, out: pathlib.Path) -> None:
    """comments.csv, documents.csv, topics.csv and config.toml (byte-identical for equal inputs)."""
    opts = dict(index=False, lineterminator="\n", float_format="%.4f")
    analysis.comments.to_csv(out / "comments.csv", **opts)
    analysis.documents.to_csv(out / "documents.csv", **opts)
    analysis.topics.to_csv(out / "topics.csv", **opts)
    (out / "config.toml").write_text(analysis.config.to_toml(), encoding="utf-8")


def segment_inputs(paths: Iterable[str | os.PathLike], config: Config,
                   progress: Progress | None = None) -> list[SegmentedDocument]:
    files = expand_inputs(paths)
    segmenter = Segmenter(**config.section_params("segment"))
    docs = []
    for i, path in enumerate(files, 1):
        if progress:
            progress(f"segmenting {path.name} ({i}/{len(files)})")
        docs.append(segmenter.segment_file(path))
    return docs


def analyze(paths: Iterable[str | os.PathLike], config: Config | None = None,
            progress: Progress | None = None) -> Analysis:
    """Segment every input, then fit topics, stance and sentiment on all comments together."""
    config = config or Config()
    docs = segment_inputs(paths, config, progress)
    return analyze_segments(docs, config, progress)


def analyze_segments(docs: list[SegmentedDocument], config: Config,
                     progress: Progress | None = None, engine: Engine | None = None) -> Analysis:
    """Run the analysis stages on already segmented documents (one corpus-level model)."""
    frames = [d.comments for d in docs if len(d.comments)]
    comments = pd.concat(frames, ignore_index=True) if frames else empty_frame(SEGMENT_COMMENT_COLUMNS)
    comments = comments.reset_index(drop=True)
    if progress:
        progress(f"analyzing {len(comments)} comments from {len(docs)} documents")
    started = time.perf_counter()
    corpus = Corpus(comments)
    if len(comments):
        corpus = run_stages(corpus, config, engine)
        topic_info = corpus.models["topics"].topic_info_
    else:  # pages without comments: nothing to cluster
        topic_info = empty_frame(TOPIC_COLUMNS)
    if progress:
        progress(f"analysis took {time.perf_counter() - started:.1f}s")
    comments = conform(corpus.comments, COMMENT_COLUMNS)
    lines = pd.concat([d.lines for d in docs], ignore_index=True) if docs else empty_frame(LINE_COLUMNS)
    return Analysis(config=config, documents=document_table(docs, comments),
                    comments=comments, topics=topic_table(topic_info, comments),
                    lines=lines, segments=docs, features=corpus.models.get("features"),
                    matrix=corpus.arrays.get("representation"))


def build_stages(config: Config) -> list[Stage]:
    """The analysis stages in order, each with its config section as keywords."""
    return [TextFeatures(**config.section_params("features")), TopicModel(**config.section_params("topics")),
            StanceDetector(**config.section_params("stance")),
            SentimentScorer(**config.section_params("sentiment")),
            MapProjection(random_state=config.topics.random_state)]


def run_stages(corpus: Corpus, config: Config, engine: Engine | None = None) -> Corpus:
    """Features -> topics -> stance -> sentiment -> topic map on a non-empty corpus, composed by ``engine``
    (default: :class:`~discourse.stages.LocalEngine`). BLAS is limited to one thread: the matrices are small."""
    engine = engine or LocalEngine(random_state=config.topics.random_state)
    with threadpool_limits(limits=1, user_api="blas"):
        return engine.run(build_stages(config), corpus)


def document_table(docs: list[SegmentedDocument], comments: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for d in docs:
        roles = d.lines["role"]
        mine = comments[comments["doc"] == d.name]
        article = d.lines.loc[roles.isin(["body", "standfirst"]), "text"]
        rows.append({
            "doc": d.name, "source": d.source, "format": d.format, "title": d.title,
            "lines": len(d.lines), "article_lines": int(roles.isin(["body", "standfirst"]).sum()),
            "article_words": int(sum(len(t.split()) for t in article)),
            "boilerplate_lines": int((roles == "boilerplate").sum()),
            "comments": len(mine),
            "comment_start_line": int(mine["start_line"].min()) if len(mine) else -1,
            "replies": int((mine["reply_to"].fillna("") != "").sum()),
            "duplicates": int((mine["duplicate_of"].fillna("") != "").sum()),
            "mean_polarity": round(float(mine["polarity"].mean()), 4) if len(mine) else 0.0,
            "mean_subjectivity": round(float(mine["subjectivity"].mean()), 4) if len(mine) else 0.0,
        })
    return conform(pd.DataFrame(rows), DOCUMENT_COLUMNS) if rows else empty_frame(DOCUMENT_COLUMNS)


def topic_table(info: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Topic info with sizes, mean polarity and stance counts from the final comment table."""
    rows = []
    for rec in info.to_dict("records"):
        mine = comments[comments["topic"] == rec["topic"]]
        stance = mine["stance"].value_counts()
        rows.append({**rec, "size": len(mine),
                     "mean_polarity": round(float(mine["polarity"].mean()), 4) if len(mine) else 0.0,
                     "favor": int(stance.get("favor", 0) + stance.get("camp_a", 0)),
                     "against": int(stance.get("against", 0) + stance.get("camp_b", 0)),
                     "none": int(stance.get("none", 0))})
    return conform(pd.DataFrame(rows), TOPIC_COLUMNS) if rows else empty_frame(TOPIC_COLUMNS)
