"""The Python API: ``analyze(paths, config) -> Analysis``; the CLI is a thin layer over it."""
from __future__ import annotations

import io
import logging
import os
import pathlib
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

import pandas as pd
from threadpoolctl import threadpool_limits

from .config import Config
from .errors import ConfigError, DiscourseError, InputError, one_line
from .io import read_document, read_text_file
from .outputs import ANALYZE_FILES, MARKER, replaced_folder, spreadsheet_safe
from .features import TextFeatures
from .schema import (AUTHOR_COLUMNS, COMMENT_COLUMNS, DOCUMENT_COLUMNS, LINE_COLUMNS,
                     SEGMENT_COMMENT_COLUMNS, TOPIC_COLUMNS, conform, empty_frame)
from .projection import MapProjection
from .segment import SegmentedDocument, Segmenter
from .sentiment import SentimentScorer
from .stages import Corpus, Engine, LocalEngine, Stage
from .stance import StanceDetector
from .stance.authors import author_table
from .topics import topic_model_from_config

Progress = Callable[[str], None]
INPUT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".csv", ".tsv", ".jsonl", ".ndjson", ".json")
MAX_LABELS_BYTES = 200 * 2**20
LOG = logging.getLogger("discourse")


def expand_inputs(paths: Iterable[str | os.PathLike]) -> list[pathlib.Path]:
    """Files as given, and the input files inside given folders (sorted by name).

    A folder that holds a discourse run (its outputs) is refused: a run never reads its own outputs.
    """
    found: list[pathlib.Path] = []
    for raw in paths:
        p = pathlib.Path(raw)
        if not str(raw).strip():
            raise InputError("''", "empty input path")
        if p.is_dir():
            if (p / MARKER).exists():
                raise InputError(str(raw), "is a discourse output folder, not inputs; give the input files")
            try:
                listed = list(p.iterdir())
            except OSError as exc:
                raise InputError(str(raw), f"cannot list the folder: {exc.strerror or exc}") from None
            inside = sorted(q for q in listed if q.is_file() and q.suffix.lower() in INPUT_SUFFIXES)
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
    authors: pd.DataFrame = field(default_factory=lambda: empty_frame(AUTHOR_COLUMNS))  # AUTHOR_COLUMNS
    segments: list[SegmentedDocument] = field(repr=False, default_factory=list)
    features: object = field(repr=False, default=None)  # fitted TextFeatures
    matrix: object = field(repr=False, default=None)  # comment feature matrix
    failures: list[Failure] = field(repr=False, default_factory=list)  # inputs skipped (documents.status)

    def write(self, out_dir: str | os.PathLike, progress: Progress | None = None) -> pathlib.Path:
        """Write tables and dashboards into a staging folder and swap it in for ``out_dir`` whole.

        ``out_dir`` must be new, empty or hold an earlier discourse run (see :mod:`discourse.outputs`);
        a failure leaves the earlier folder as it was.
        """
        from .report import write_dashboards

        with replaced_folder(out_dir, owns=ANALYZE_FILES) as staging:
            write_tables(self, staging)
            write_dashboards(self, staging, progress=progress)
        return pathlib.Path(out_dir) / "index.html"


def write_tables(analysis: Analysis, out: pathlib.Path) -> None:
    """comments/documents/topics/authors as CSV (spreadsheet-safe cells) and JSON lines (raw cells), and
    config.toml.

    Byte-identical for equal inputs.
    """
    for name, frame in (("comments", analysis.comments), ("documents", analysis.documents),
                        ("topics", analysis.topics), ("authors", conform(analysis.authors, AUTHOR_COLUMNS))):
        write_csv(frame, out / f"{name}.csv")
        write_jsonl(frame, out / f"{name}.jsonl")
    (out / "config.toml").write_text(analysis.config.to_toml(), encoding="utf-8")


def segment_inputs(paths: Iterable[str | os.PathLike], config: Config, progress: Progress | None = None,
                   failures: FailureLog | None = None) -> list[SegmentedDocument]:
    """Read and segment every input. With ``failures``, a file that cannot be read or segmented is
    recorded there and skipped (unless it is strict); without, the first such file raises."""
    files = expand_inputs(paths)
    failures = failures if failures is not None else FailureLog(strict=True)
    failures.inputs = [p.name for p in files]
    segmenter = Segmenter(**config.section_params("segment"))
    max_bytes = config.run.max_input_mb * 2**20
    docs = []
    for i, path in enumerate(files, 1):
        if progress:
            progress(f"segmenting {path.name} ({i}/{len(files)})")
        raw = failures.call(path, "read", read_document, path, segmenter.input_format, max_bytes)
        doc = None if raw is None else failures.call(path, "segment", segmenter.segment, raw)
        if doc is not None:
            docs.append(doc)
    return docs


def analyze(paths: Iterable[str | os.PathLike], config: Config | None = None,
            progress: Progress | None = None) -> Analysis:
    """Segment every input, then fit topics, stance and sentiment on all comments together.

    An input that cannot be read or segmented is skipped and listed in ``Analysis.failures``
    and in ``documents`` (column ``status``); with ``config.run.strict`` it raises instead. When
    no input is left, the (first) failure is raised.
    """
    config = config or Config()
    check_resources(config)
    paths = list(paths)
    failures = FailureLog(strict=config.run.strict)
    docs = segment_inputs(paths, config, progress, failures)
    if not docs and failures.failures:
        failures.raise_all()
    analysis = analyze_segments(docs, config, progress)
    return with_failures(analysis, failures)


# ---------------------------------------------------------------- per-document failures
@dataclass
class Failure:
    """An input (or one thread of it) that a stage could not handle."""

    doc: str  # file name
    source: str  # path as given
    stage: str  # read, segment, ...
    error: InputError  # one line: "source: what went wrong"

    @property
    def status(self) -> str:
        return f"error ({self.stage}): {self.error.what}"


class FailureLog:
    """Runs per-document stage calls; a failure is recorded, reported on one line, and the run goes on.

    ``strict`` (or a single input): the failure raises instead. ``report`` gets each one-line message
    (default: the ``discourse`` logger at error level, which the CLI prints even with ``-q``).
    """

    def __init__(self, strict: bool = False, report: Callable[[str], None] | None = None) -> None:
        self.strict = strict
        self.report = report
        self.failures: list[Failure] = []
        self.inputs: list[str] = []  # names of all inputs, in order

    def call(self, path: str | os.PathLike, stage: str, func: Callable, *args, **kwargs):
        """``func(*args, **kwargs)``, or None when it failed on this document (recorded)."""
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            error = exc
        except DiscourseError:  # config and output errors concern the whole run
            raise
        except (Exception, RecursionError) as exc:  # a stage's bug on one document must not sink the corpus
            if os.environ.get("DISCOURSE_DEBUG"):
                raise
            error = InputError(str(path), f"{stage} failed ({type(exc).__name__}: {one_line(exc)})")
        if self.strict or len(self.inputs) == 1:  # a single input: its error is the run's error
            raise error
        self.failures.append(Failure(doc=pathlib.Path(path).name, source=str(path), stage=stage, error=error))
        (self.report or _log_failure)(f"skipped {error}")
        return None

    def raise_all(self) -> None:
        """Every input failed (each reported already): one error saying so."""
        raise DiscourseError(f"none of the {len(self.failures)} inputs could be analysed (see the lines above)")


def _log_failure(message: str) -> None:
    LOG.error(message)


def with_failures(analysis: Analysis, failures: FailureLog) -> Analysis:
    """``analysis`` with the skipped inputs as ``documents`` rows (status = their error), in input order."""
    if not failures.failures:
        return analysis
    rows = [{"doc": f.doc, "source": f.source, "format": "", "title": "", "lines": 0, "article_lines": 0,
             "article_words": 0, "boilerplate_lines": 0, "comments": 0, "comment_start_line": -1, "replies": 0,
             "duplicates": 0, "mean_polarity": 0.0, "mean_subjectivity": 0.0, "stance_none": 0, "status": f.status}
            for f in failures.failures]
    documents = pd.concat([analysis.documents, pd.DataFrame(rows)], ignore_index=True)
    rank = {name: i for i, name in enumerate(failures.inputs)}
    documents = documents.iloc[sorted(range(len(documents)), key=lambda i: rank.get(documents["doc"].iat[i], i))]
    analysis.documents = conform(documents.reset_index(drop=True), DOCUMENT_COLUMNS)
    analysis.failures = list(failures.failures)
    return analysis


# ---------------------------------------------------------------- checks before the run
def check_resources(config: Config) -> None:
    """Files and models the config names, checked before any work: a one-line ConfigError (exit 2)."""
    name = (config.features.embeddings or "none").strip()
    if name.lower() not in ("", "none", "false", "off"):
        check_embedding_model(name)
    if config.stance.labels:
        check_labels_file(config.stance.labels)


def check_embedding_model(name: str) -> None:
    """A model shipped by a known package, or a local sentence-transformers folder; the extra installed."""
    from importlib.util import find_spec

    from .features import EMBEDDING_PACKAGES

    package = EMBEDDING_PACKAGES.get(name.split("/")[-1])
    if package is None and not (pathlib.Path(name) / "modules.json").is_file():
        known = ", ".join(sorted(EMBEDDING_PACKAGES))
        raise ConfigError(f"features.embeddings: unknown model {name!r} (use none, one of {known}, "
                          "or a local sentence-transformers model folder)")
    missing = [p for p in ("sentence_transformers", package) if p and find_spec(p) is None]
    if missing:
        raise ConfigError(f"features.embeddings = {name!r} needs the optional extra: pip install "
                          f"'discourse[embeddings]' (missing {', '.join(m.replace('_', '-') for m in missing)}); "
                          "or set features.embeddings = \"none\"")


def check_labels_file(path: str) -> None:
    """stance.labels: a UTF-8 CSV that pandas can read (its columns are checked by the stance stage)."""
    where = f"stance.labels: {path}"
    p = pathlib.Path(path)
    if not p.is_file():
        raise ConfigError(f"{where}: {'is a folder, not a file' if p.is_dir() else 'file not found'}")
    try:
        text = read_text_file(p, MAX_LABELS_BYTES)
    except InputError as exc:
        raise ConfigError(f"{where}: {exc.what}") from None
    try:
        pd.read_csv(io.StringIO(text), dtype=str)
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ConfigError(f"{where}: not a readable CSV ({one_line(exc)})") from None


# ---------------------------------------------------------------- tables
def write_csv(frame: pd.DataFrame, path: pathlib.Path) -> None:
    """A table as CSV with text cells that a spreadsheet would run as formulas neutralised (see
    :func:`discourse.outputs.spreadsheet_safe`)."""
    spreadsheet_safe(frame).to_csv(path, index=False, lineterminator="\n", float_format="%.4f")


def write_jsonl(frame: pd.DataFrame, path: pathlib.Path) -> None:
    """A table as JSON lines with the raw cell values (one object per row, columns in order)."""
    frame.to_json(path, orient="records", lines=True, force_ascii=False, double_precision=10)


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
    if progress and len(comments):
        share = float((comments["stance"] == "none").mean())
        progress(f"stance: {share:.1%} of comments none (no side of their own and none from their links)")
    lines = pd.concat([d.lines for d in docs], ignore_index=True) if docs else empty_frame(LINE_COLUMNS)
    return Analysis(config=config, documents=document_table(docs, comments),
                    comments=comments, topics=topic_table(topic_info, comments),
                    lines=lines, authors=author_table(comments), segments=docs, features=corpus.models.get("features"),
                    matrix=corpus.arrays.get("representation"))


def build_stages(config: Config) -> list[Stage]:
    """The analysis stages in order, each with its config section as keywords."""
    return [TextFeatures(**config.section_params("features")), topic_model_from_config(config.section_params("topics")),
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
            "stance_none": int((mine["stance"] == "none").sum()),
            "status": "ok",
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


