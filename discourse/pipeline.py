"""The Python API: ``analyze(paths, config) -> Analysis``; the CLI is a thin layer over it."""
from __future__ import annotations

import io
import logging
import os
import pathlib
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from . import tables
from .aggregates import TermCountAggregate
from .config import Config
from .errors import ConfigError, DiscourseError, InputError, one_line
from .io import read_documents, read_text_file
from .outputs import ANALYZE_FILES, MARKER, replaced_folder
from .features import TextFeatures
from .schema import (AUTHOR_COLUMNS, COMMENT_COLUMNS, DOCUMENT_COLUMNS, LINE_COLUMNS,
                     SEGMENT_COMMENT_COLUMNS, TOPIC_COLUMNS, conform, empty_frame)
from .projection import MapProjection
from .segment import SegmentedDocument, Segmenter
from .sentiment import SentimentScorer
from .engines import make_engine
from .stages import Corpus, Engine, Stage
from .stance import StanceDetector
from .stance.authors import author_table
from .topics import topic_model_from_config

Progress = Callable[[str], None]
PROGRESS_EVERY = 100  # with many inputs, a progress line every this many files
SEGMENT_BATCH_BYTES = 4_000_000  # input bytes per segmenting task on an engine's workers
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
    matrix: object = field(repr=False, default=None)  # comment feature matrix (None when run in partitions)
    term_counts: object = field(repr=False, default=None)  # aggregates.TermCounts: comments per term and group
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
    """Parquet tables (comments and lines partitioned); CSV (spreadsheet-safe cells) and JSON lines (raw
    cells) ones for corpora up to ``run.csv_max_comments``; config.toml. Byte-identical for equal inputs;
    see :mod:`discourse.tables`."""
    tables.write_tables(analysis, out)


def segment_inputs(paths: Iterable[str | os.PathLike], config: Config, progress: Progress | None = None,
                   failures: FailureLog | None = None, engine: Any = None) -> list[SegmentedDocument]:
    """Read and segment every input file; a multi-thread export gives one document per thread. With
    ``failures``, a file (or thread) that cannot be read or segmented is recorded there and skipped (unless
    it is strict); without, the first such file raises.

    With an engine of several workers (``engine.map``), files are segmented in parallel: small files in
    batches, a large export in shares of its threads. The local engine reads a large export once, here,
    and its forked workers segment the threads; Dask workers read their share themselves."""
    files = expand_inputs(paths)
    failures = failures if failures is not None else FailureLog(strict=True)
    failures.inputs = [p.name for p in files]
    params = config.section_params("segment")
    max_bytes = config.run.max_input_mb * 2**20
    workers = getattr(engine, "n_workers", 1) if hasattr(engine, "map") else 1
    if workers < 2 or (len(files) < 2 and files and files[0].stat().st_size <= SEGMENT_BATCH_BYTES):
        segmenter = Segmenter(**params)
        docs = []
        for i, path in enumerate(files, 1):
            if progress and (len(files) <= PROGRESS_EVERY or i % PROGRESS_EVERY == 1 or i == len(files)):
                progress(f"segmenting {path.name} ({i}/{len(files)})")
            raws = failures.call(path, "read", read_documents, path, segmenter.input_format, max_bytes) or []
            for raw in raws:
                doc = failures.call(_source(path, raw, len(raws)), "segment", segmenter.segment, raw)
                if doc is not None:
                    docs.append(doc)
        return docs
    tasks = segment_tasks(files, workers)
    preread = {}
    if getattr(engine, "reads_in_parent", False):  # forked workers inherit what is read here
        for path, _, shares in (entry for task in tasks for entry in task):
            if shares > 1 and path not in preread:
                preread[path] = failures.call(path, "read", read_documents, path, params["input_format"], max_bytes)
    if progress:
        progress(f"segmenting {len(files)} files in {len(tasks)} tasks on {workers} workers")
    results = engine.map(segment_task, tasks, shared={"segment": params, "preread": preread, "max_bytes": max_bytes})
    docs = []
    for path, outcomes in _merge_shares(tasks, results):
        for name, stage, outcome in outcomes:  # failures recorded in input order, as one process would
            doc = failures.call(name, stage, _outcome, outcome)
            if doc is not None:
                docs.append(doc)
    return docs


def _source(path: pathlib.Path, raw: Any, n_docs: int) -> str:
    """What a failure names: the file, or ``file#thread`` for a thread of a multi-thread export."""
    return str(path) if n_docs == 1 else f"{path}#{raw.name.partition('#')[2]}"


def _outcome(outcome: Any) -> SegmentedDocument:
    """A worker's result: the document, or the exception it raised (raised here, so FailureLog records it)."""
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


SegmentTask = tuple[tuple[str, int, int], ...]  # (path, share, shares) per file


def segment_tasks(files: list[pathlib.Path], workers: int) -> list[SegmentTask]:
    """Work for the segmenting workers: small files in batches of about ``SEGMENT_BATCH_BYTES``; a file
    larger than that in 2 shares per worker (share k segments threads k, k + n, ... of the file)."""
    tasks: list[SegmentTask] = []
    batch: list[tuple[str, int, int]] = []
    size = 0
    for path in files:
        nbytes = path.stat().st_size
        if nbytes > SEGMENT_BATCH_BYTES:
            shares = 2 * max(workers, 1)
            tasks.extend(((str(path), k, shares),) for k in range(shares))
            continue
        batch.append((str(path), 0, 1))
        size += nbytes
        if size >= SEGMENT_BATCH_BYTES or len(batch) >= max(len(files) // (2 * max(workers, 1)), 1):
            tasks.append(tuple(batch))
            batch, size = [], 0
    if batch:
        tasks.append(tuple(batch))
    return tasks


Outcome = tuple[int, str, str, Any]  # (number in the file, source, stage, document or exception)


def segment_task(task: SegmentTask) -> list[list[Outcome]]:
    """Worker task: for each (path, share, shares), the documents of that share with their number in the
    file; a file or thread that fails gives its exception instead (a file the parent already read is taken
    from ``shared("preread")``)."""
    from .parallel import shared

    segmenter = Segmenter(**shared("segment"))
    preread = shared("preread")
    out = []
    for path, share, shares in task:
        raws = preread.get(path)
        if raws is None and path in preread:  # the parent could not read it, and recorded that
            out.append([])
            continue
        if raws is None:
            try:
                raws = read_documents(path, segmenter.input_format, shared("max_bytes"))
            except Exception as exc:  # noqa: BLE001 - recorded by the parent's FailureLog
                out.append([(0, path, "read", exc)] if share == 0 else [])
                continue
        done = []
        for i in range(share, len(raws), shares):
            try:
                doc = segmenter.segment(raws[i])
            except Exception as exc:  # noqa: BLE001
                doc = exc
            done.append((i, _source(pathlib.Path(path), raws[i], len(raws)), "segment", doc))
        out.append(done)
    return out


def _merge_shares(tasks: list[SegmentTask], results: list) -> list[tuple[str, list[tuple[str, str, Any]]]]:
    """(path, [(source, stage, document or exception)]) per input file, in file order and, within a file, in
    thread order."""
    per_file: dict[str, list[Outcome]] = {}
    for task, result in zip(tasks, results):
        for (path, _, _), outcomes in zip(task, result):
            per_file.setdefault(path, []).extend(outcomes)
    order = dict.fromkeys(path for task in tasks for path, _, _ in task)
    return [(p, [(src, stage, x) for _, src, stage, x in sorted(per_file.get(p, []), key=lambda o: o[0])])
            for p in order]


def analyze(paths: Iterable[str | os.PathLike], config: Config | None = None,
            progress: Progress | None = None, engine: Any = None) -> Analysis:
    """Segment every input, then fit topics, stance and sentiment on all comments together.

    An input that cannot be read or segmented is skipped and listed in ``Analysis.failures``
    and in ``documents`` (column ``status``); with ``config.run.strict`` it raises instead. When
    no input is left, the (first) failure is raised.

    ``engine``: "local" or "dask" (default: ``config.run.engine``), or an engine object (see
    :mod:`discourse.engines`); an engine started here (a Dask ``LocalCluster``) is closed on return.
    """
    config = config or Config()
    check_resources(config)
    paths = list(paths)
    failures = FailureLog(strict=config.run.strict)
    runner = make_engine(engine, config.run, config.topics.random_state)
    try:
        docs = segment_inputs(paths, config, progress, failures, runner)
        if not docs and failures.failures:
            failures.raise_all()
        analysis = analyze_segments(docs, config, progress, runner)
    finally:
        if runner is not engine and hasattr(runner, "close"):
            runner.close()
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
                    matrix=corpus.arrays.get("representation"), term_counts=corpus.aggregates.get("term_counts"))


def build_stages(config: Config) -> list[Stage]:
    """The analysis stages in order, each with its config section as keywords."""
    return [TextFeatures(**config.section_params("features")), topic_model_from_config(config.section_params("topics")),
            StanceDetector(**config.section_params("stance")),
            SentimentScorer(**config.section_params("sentiment")),
            MapProjection(random_state=config.topics.random_state)]


def run_stages(corpus: Corpus, config: Config, engine: Engine | None = None) -> Corpus:
    """Features -> topics -> stance -> sentiment -> topic map on a non-empty corpus, composed by ``engine``
    (default: the engine of ``config.run``). BLAS and OpenMP are limited to one thread: the matrices are small,
    and idle threads spin on a busy machine."""
    engine = make_engine(engine, config.run, config.topics.random_state)
    with threadpool_limits(limits=1):
        return engine.run(build_stages(config), corpus, aggregates=[TermCountAggregate()])


def document_table(docs: list[SegmentedDocument], comments: pd.DataFrame) -> pd.DataFrame:
    """One row per document: its lines (from the segmentation) and aggregates of its comments."""
    per_doc = comment_aggregates(comments)
    rows = []
    for d in docs:
        roles = d.lines["role"].to_numpy(dtype=object)
        article = np.isin(roles, ("body", "standfirst"))
        agg = per_doc.get(d.name)
        rows.append({
            "doc": d.name, "source": d.source, "format": d.format, "title": d.title,
            "lines": len(roles), "article_lines": int(article.sum()),
            "article_words": int(sum(len(t.split()) for t in d.lines["text"].to_numpy(dtype=object)[article])),
            "boilerplate_lines": int((roles == "boilerplate").sum()),
            **(agg or {"comments": 0, "comment_start_line": -1, "replies": 0, "duplicates": 0,
                       "mean_polarity": 0.0, "mean_subjectivity": 0.0, "stance_none": 0}),
            "status": "ok",
        })
    return conform(pd.DataFrame(rows), DOCUMENT_COLUMNS) if rows else empty_frame(DOCUMENT_COLUMNS)


def comment_aggregates(comments: pd.DataFrame) -> dict[str, dict]:
    """Per document: comments, first comment line, replies, reposts, mean polarity and subjectivity, stance none
    (one groupby, not one selection per document)."""
    if not len(comments):
        return {}
    frame = pd.DataFrame({
        "doc": comments["doc"].astype(str).to_numpy(),
        "start": pd.to_numeric(comments["start_line"], errors="coerce").to_numpy(),
        "reply": (comments["reply_to"].fillna("").astype(str) != "").to_numpy(),
        "duplicate": (comments["duplicate_of"].fillna("").astype(str) != "").to_numpy(),
        "polarity": pd.to_numeric(comments["polarity"], errors="coerce").to_numpy(),
        "subjectivity": pd.to_numeric(comments["subjectivity"], errors="coerce").to_numpy(),
        "none": (comments["stance"].astype(str) == "none").to_numpy()})
    agg = frame.groupby("doc", sort=False).agg(comments=("start", "size"), comment_start_line=("start", "min"),
                                                replies=("reply", "sum"), duplicates=("duplicate", "sum"),
                                                mean_polarity=("polarity", "mean"),
                                                mean_subjectivity=("subjectivity", "mean"), stance_none=("none", "sum"))
    return {doc: {"comments": int(r.comments), "comment_start_line": int(r.comment_start_line),
                  "replies": int(r.replies), "duplicates": int(r.duplicates),
                  "mean_polarity": round(float(r.mean_polarity), 4),
                  "mean_subjectivity": round(float(r.mean_subjectivity), 4), "stance_none": int(r.stance_none)}
            for doc, r in zip(agg.index, agg.itertuples(index=False))}


def topic_table(info: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Topic info with sizes, mean polarity and stance counts from the final comment table."""
    rows = []
    needed = comments[["topic", "stance", "polarity"]]
    by_topic = needed.groupby("topic", sort=False).indices if len(comments) else {}
    for rec in info.to_dict("records"):
        mine = needed.iloc[by_topic.get(rec["topic"], [])]
        stance = mine["stance"].value_counts()
        rows.append({**rec, "size": len(mine),
                     "mean_polarity": round(float(mine["polarity"].mean()), 4) if len(mine) else 0.0,
                     "favor": int(stance.get("favor", 0) + stance.get("camp_a", 0)),
                     "against": int(stance.get("against", 0) + stance.get("camp_b", 0)),
                     "none": int(stance.get("none", 0))})
    return conform(pd.DataFrame(rows), TOPIC_COLUMNS) if rows else empty_frame(TOPIC_COLUMNS)


