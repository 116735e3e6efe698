"""The sweep: segment once, build features once per feature setting, fit every grid point over
several seeds (in parallel), score it, rank the settings and keep the best as a config."""
from __future__ import annotations

import dataclasses
import math
import os
import pathlib
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from .. import pipeline
from ..config import Config
from ..errors import ConfigError, InputError
from ..schema import SEGMENT_COMMENT_COLUMNS, empty_frame
from ..segment import SegmentedDocument
from ..stages import Corpus
from ..topics import TopicModel
from . import metrics as M
from .grid import as_grid, describe, display_name, expand_grid, feasible_points
from .labels import align_labels, read_labels

Progress = pipeline.Progress
LABEL_FREE = ("silhouette", "coherence", "diversity", "stability", "outlier_share")
LABEL_METRICS = tuple(f"{col}_{m}" for col in ("topic", "stance") for m in ("f1", "nmi", "ari"))
SCORE_DOC = ("Without labels the score is the mean, over the label-free metrics (silhouette, NPMI coherence, "
             "topic diversity, seed stability, outlier share inverted), of each setting's percentile rank "
             "(1 = best of the grid, 0 = worst). With labels it is the mean of macro-F1, NMI and ARI "
             "against the gold topics and/or stances. Ties go to the higher score, then to the setting that "
             "changes fewer parameters of the base config, then to grid order.")


@dataclass
class _Corpus:
    """What every grid point of one segment setting shares."""

    docs: list[SegmentedDocument]
    comments: pd.DataFrame
    doc_terms: Any  # binary document x content-word matrix (coherence reference)
    gold: dict[str, np.ndarray]


@dataclass
class TuneResult:
    """Outcome of :func:`tune`: the ranked table and the winning configuration."""

    config: Config  # the base configuration
    grid: dict[str, list[Any]]
    table: pd.DataFrame  # one row per grid point, grid order: setting, parameters, metrics, score, rank
    ranked_by: str  # 'score' or a metric name
    best: int  # row of the winner
    best_overrides: dict[str, Any]
    best_config: Config  # base config + winning overrides, empty tune grid
    reason: str
    topics: list[np.ndarray] = field(repr=False, default_factory=list)  # per point: topic of each comment
    seeds: int = 3
    elapsed: float = 0.0
    _corpora: dict = field(repr=False, default_factory=dict)
    _segment_key: dict = field(repr=False, default_factory=dict)
    failures: list = field(repr=False, default_factory=list)  # pipeline.Failure of the inputs skipped

    @property
    def parameters(self) -> list[str]:
        return list(self.grid)

    def best_analysis(self) -> pipeline.Analysis:
        """The full analysis (all stages) of the winning setting, as ``discourse analyze`` makes it."""
        corpus = self._corpora[self._segment_key[self.best]]
        return pipeline.analyze_segments(corpus.docs, self.best_config)

    def to_toml(self) -> str:
        """The winning configuration as a ``discourse.toml`` that ``discourse analyze --config`` reuses."""
        head = f"# discourse tune: best of {len(self.table)} settings: {self.table['setting'][self.best]}\n"
        head += "".join(f"# {line}\n" for line in self.reason.splitlines())
        return head + self.best_config.to_toml()

    def summary(self) -> str:
        """The ranking as a text table (one row per grid point, best first)."""
        cols = ["rank", *self.grid, *[m for m in (*LABEL_FREE, *LABEL_METRICS, "n_topics") if m in self.table],
                "score"]
        view = self.table.sort_values("rank", kind="stable")[cols].rename(columns=display_name)
        return view.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-")

    def write(self, out_dir: str | os.PathLike, save: str | os.PathLike | None = None) -> pathlib.Path:
        """Write tuning.html, plotly.min.js, tuning.csv and the best config (``save``, default
        ``out_dir/discourse.toml``) atomically; earlier files are replaced only on success."""
        from .report import write_report

        return write_report(self, pathlib.Path(out_dir), None if save is None else pathlib.Path(save))


def tune(paths: Iterable[str | os.PathLike], config: Config | None = None,
         grid: Mapping[str, Any] | Iterable[str] | None = None, labels: str | os.PathLike | None = None, *,
         seeds: int = 3, metric: str = "score", n_jobs: int | None = None,
         progress: Progress | None = None, topic_model: type | None = None) -> TuneResult:
    """Sweep ``grid`` over the comments in ``paths`` and rank the settings.

    ``grid`` maps parameter names (``k`` or ``topics.k``) to value lists or ``"4..12"`` strings,
    or is a list of ``"name=values"`` strings; ``None`` uses the config's ``[tune]`` table.
    ``labels`` is a CSV (doc, id or start_line, topic and/or stance); with it, settings are
    ranked by agreement with the gold labels. ``topic_model`` replaces the pipeline's TopicModel.
    """
    config, paths = config or Config(), list(paths)
    grid = as_grid(grid, config)
    label_frame = _check_options(labels, metric, seeds)  # fail before the slow part
    pipeline.check_resources(config)
    seg_keys = [k for k in grid if k.startswith("segment.")]
    settings = [{k: p[k] for k in seg_keys} for p in expand_grid({k: grid[k] for k in seg_keys})]
    corpora, failures = {}, pipeline.FailureLog(strict=config.run.strict)
    for seg in settings:  # segment once per segment setting (once, unless segment.* is swept)
        docs = pipeline.segment_inputs(paths, config.with_overrides(seg), progress, failures)
        if not docs and failures.failures:
            failures.raise_all()
        corpora[_key(seg)] = docs
    result = _sweep(corpora, config, grid, labels, label_frame, seeds=seeds, metric=metric, n_jobs=n_jobs,
                    progress=progress, topic_model=topic_model)
    result.failures = failures.failures
    return result


def tune_segments(docs: list[SegmentedDocument], config: Config | None = None,
                  grid: Mapping[str, Any] | Iterable[str] | None = None, labels: str | os.PathLike | None = None,
                  **options: Any) -> TuneResult:
    """:func:`tune` on already segmented documents (segment.* parameters cannot be swept)."""
    config = config or Config()
    grid = as_grid(grid, config)
    if any(k.startswith("segment.") for k in grid):
        raise ConfigError("segment.* parameters can only be swept from input files")
    label_frame = _check_options(labels, options.get("metric", "score"), options.get("seeds", 3))
    return _sweep({(): docs}, config, grid, labels, label_frame, **options)


def _check_options(labels: str | os.PathLike | None, metric: str, seeds: int) -> pd.DataFrame | None:
    """Read the labels and check the metric name and seed count; returns the labels frame."""
    if seeds < 1:
        raise ConfigError("--seeds must be at least 1")
    label_frame = read_labels(labels) if labels is not None else None
    known = ["score", *LABEL_FREE]
    if label_frame is not None:
        known += [m for m in LABEL_METRICS if m.split("_")[0] in label_frame.columns]
    if metric not in known:
        raise ConfigError(f"unknown --metric '{metric}' (use one of {', '.join(known)})")
    return label_frame


def _changes(config: Config, overrides: Mapping[str, Any]) -> int:
    """How many overrides differ from the base config (ties go to the smaller change)."""
    return sum(getattr(getattr(config, k.split(".")[0]), k.split(".")[1]) != v for k, v in overrides.items())


def _key(overrides: Mapping[str, Any]) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in overrides.items()))


def _comment_frame(docs: list[SegmentedDocument]) -> pd.DataFrame:
    frames = [d.comments for d in docs if len(d.comments)]
    return (pd.concat(frames, ignore_index=True) if frames else empty_frame(SEGMENT_COMMENT_COLUMNS)).reset_index(
        drop=True)


def _sweep(docs_by_segment: dict[tuple, list[SegmentedDocument]], config: Config, grid: dict[str, list[Any]],
           labels: str | os.PathLike | None, label_frame: pd.DataFrame | None, *, seeds: int = 3,
           metric: str = "score", n_jobs: int | None = None, progress: Progress | None = None,
           topic_model: type | None = None) -> TuneResult:
    started = time.perf_counter()
    say = progress or (lambda _msg: None)

    corpora: dict[tuple, _Corpus] = {}
    for key, docs in docs_by_segment.items():
        comments = _comment_frame(docs)
        if len(comments) < 3:
            raise InputError("inputs", f"{len(comments)} comments found; tuning needs at least 3")
        gold: dict[str, np.ndarray] = {}
        if label_frame is not None:
            gold, unmatched = align_labels(label_frame, comments, where=str(labels))
            if unmatched:
                say(f"{unmatched} labelled rows match no comment and are ignored")
        texts = comments["text"].fillna("").astype(str).tolist()
        corpora[key] = _Corpus(docs, comments, M.doc_term_matrix(texts), gold)

    points = feasible_points(grid, config)
    seg_keys = [k for k in grid if k.startswith("segment.")]
    feat_keys = [k for k in grid if k.startswith("features.")]
    need_stance = any(k.startswith("stance.") for k in grid) or any("stance" in c.gold for c in corpora.values())
    model_cls = topic_model or TopicModel
    n_comments = sum(len(c.comments) for c in corpora.values()) // len(corpora)
    say(f"tuning {len(points)} settings x {seeds} seeds on {n_comments} comments")

    # Features once per (segment, features) setting; in the workers when there are several
    # (which also starts them while the main process would otherwise wait).
    n_jobs = max(1, min(n_jobs or min(2, os.cpu_count() or 1), len(points)))
    point_keys, todo = [], {}
    for p in points:
        seg = _key({k: p[k] for k in seg_keys})
        feat = (seg, _key({k: p[k] for k in feat_keys}))
        point_keys.append((seg, feat))
        if feat not in todo:
            todo[feat] = (config.with_overrides(p), corpora[seg].comments, {k: p[k] for k in feat_keys})
    say(f"features for {len(todo)} setting{'s' if len(todo) > 1 else ''}: "
        + "; ".join(describe(shown) or "base" for _, _, shown in todo.values()))
    calls = [(cfg, comments, n_jobs > 1 and len(todo) > 1) for cfg, comments, _ in todo.values()]
    if n_jobs > 1 and len(todo) > 1:
        from joblib import Parallel, delayed

        fitted = Parallel(n_jobs=n_jobs)(delayed(fit_features)(*call) for call in calls)
    else:
        fitted = [fit_features(*call) for call in calls]
    features = dict(zip(todo, fitted))

    jobs = []
    for i, (seg, feat) in enumerate(point_keys):
        corpus = corpora[seg]
        jobs.append(((config.with_overrides(points[i]), features[feat], corpus.doc_terms, corpus.gold),
                     dict(seeds=seeds, need_stance=need_stance, topic_model=model_cls, all_threads=n_jobs > 1,
                          index=i)))
    rows: list[dict] = [{} for _ in points]
    topics: list[np.ndarray] = [np.array([], dtype=object) for _ in points]
    if n_jobs == 1:
        results = (evaluate_setting(*args, **kw) for args, kw in jobs)
    else:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
            delayed(evaluate_setting)(*args, **kw) for args, kw in jobs)
    for done, (i, (row, assigned)) in enumerate(results, 1):
        rows[i], topics[i] = row, assigned
        say(f"[{done}/{len(points)}] {describe(points[i])}: " + ", ".join(
            f"{m} {row[m]:.3f}" for m in (*LABEL_FREE, *LABEL_METRICS) if m in row and not math.isnan(row[m]))
            + f" ({row['seconds']:.1f}s)")

    table = pd.DataFrame([{"setting": describe(p), **p, **r, "changes": _changes(config, p)}
                          for p, r in zip(points, rows)])
    table = rank_settings(table, metric)
    best = int(table["rank"].idxmin())
    best_config = dataclasses.replace(config.with_overrides(points[best]), tune={})
    return TuneResult(config=config, grid=grid, table=table, ranked_by=metric, best=best,
                      best_overrides=points[best], best_config=best_config, reason=explain(table, best, metric),
                      topics=topics, seeds=seeds, elapsed=time.perf_counter() - started,
                      _corpora=corpora, _segment_key={i: k[0] for i, k in enumerate(point_keys)})


def fit_features(config: Config, comments: pd.DataFrame, all_threads: bool = False) -> Corpus:
    """The comments as a corpus with the feature stage fitted and applied, as the pipeline builds it."""
    with threadpool_limits(limits=1, user_api=None if all_threads else "blas"):
        features = pipeline.TextFeatures(**config.section_params("features"))
        return features.fit_transform(Corpus(comments)).with_model(features.name, features)


def evaluate_setting(config: Config, featurized: Corpus, doc_terms: Any, gold: dict[str, np.ndarray], *,
                     seeds: int = 3, need_stance: bool = False, topic_model: type | None = None,
                     all_threads: bool = False, index: int | None = None) -> Any:
    """Fit one setting with ``seeds`` random states and measure it: ``(metrics row, topics of the first run)``.

    ``all_threads`` limits every native thread pool to one thread (inside parallel workers);
    otherwise only BLAS, as the pipeline does. With ``index`` the result is ``(index, result)``.
    """
    started = time.perf_counter()
    model_cls = topic_model or TopicModel
    with threadpool_limits(limits=1, user_api=None if all_threads else "blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # once per seed and setting is only noise
        runs, first = [], None
        for s in range(seeds):
            params = config.section_params("topics")
            params["random_state"] = config.topics.random_state + s
            labelled = pipeline.topic_model_from_config(params, model_cls).fit_transform(featurized)
            runs.append(labelled.comments["topic"].astype(str).to_numpy(dtype=object))
            first = labelled if first is None else first
        assigned = runs[0]
        terms = M.top_terms(doc_terms, assigned)
        row = {"silhouette": M.silhouette(featurized.arrays["representation"], assigned), "coherence": M.npmi_coherence(doc_terms, terms),
               "diversity": M.topic_diversity(terms), "stability": M.stability(runs),
               "outlier_share": M.outlier_share(assigned), "n_topics": len(set(assigned) - {M.OTHER})}
        predicted = {"topic": assigned}
        if need_stance:
            stance = pipeline.StanceDetector(**config.section_params("stance")).fit_transform(first)
            predicted["stance"] = stance.comments["stance"].astype(str).to_numpy(dtype=object)
        for col, values in gold.items():
            mask = np.array([v is not None for v in values])
            row.update(M.label_scores(values[mask], predicted[col][mask], col))
    row["seconds"] = time.perf_counter() - started
    return (row, assigned) if index is None else (index, (row, assigned))


def rank_settings(table: pd.DataFrame, metric: str = "score") -> pd.DataFrame:
    """Add ``score`` (see SCORE_DOC) and ``rank`` (1 = best by ``metric``; ties as SCORE_DOC says)."""
    table = table.copy()
    label_cols = [m for m in LABEL_METRICS if m in table and table[m].notna().any()]
    if label_cols:
        table["score"] = table[label_cols].mean(axis=1, skipna=True)
    else:
        free = [m for m in LABEL_FREE if m in table and table[m].notna().any()]
        ranks = [M.rank_normalize(table[m], m not in M.LOWER_IS_BETTER) for m in free]
        table["score"] = np.mean(ranks, axis=0) if ranks else 0.0
    key = table[metric].astype(float)
    key = (-key if metric in M.LOWER_IS_BETTER else key).fillna(-np.inf)
    # best first; ties by score, then fewer changes from the base config, then grid order
    changes = table["changes"] if "changes" in table else pd.Series(0, index=table.index)
    order = pd.DataFrame({"key": key, "score": table["score"], "changes": -changes}).sort_values(
        ["key", "score", "changes"], ascending=False, kind="stable").index
    table["rank"] = 0
    table.loc[order, "rank"] = np.arange(1, len(table) + 1)
    return table


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def explain(table: pd.DataFrame, best: int, metric: str = "score") -> str:
    """Why the winner won: its ranking value against the runner-up and its place on each metric."""
    win = table.loc[best]
    if len(table) == 1:
        return f"{win['setting']} is the only setting in the grid"
    runner = table.loc[table["rank"] == 2].iloc[0]
    basis = "score" if metric == "score" else metric.replace("_", " ")
    text = (f"{win['setting']} ranks first by {basis} ({win[metric]:.3f} vs {runner[metric]:.3f} "
            f"for the runner-up {runner['setting']}")
    if win[metric] == runner[metric]:
        if metric != "score" and win["score"] != runner["score"]:
            text += ", a tie broken by score"
        elif win.get("changes", 0) != runner.get("changes", 0):
            text += ", a tie broken by fewer changes from the base config"
        else:
            text += ", a tie broken by grid order"
    text += ")"
    groups: dict[str, list[str]] = {}
    for m in (*LABEL_METRICS, *LABEL_FREE):
        if m not in table or pd.isna(win[m]):
            continue
        values = (-table[m] if m in M.LOWER_IS_BETTER else table[m]).fillna(-np.inf)
        place = int((values > values[best]).sum()) + 1
        tied = int((values == values[best]).sum()) > 1
        where = ("tied " if tied else "") + ("best" if place == 1 else _ordinal(place))
        groups.setdefault(where, []).append(f"{m.replace('_', ' ')} {win[m]:.3f}")
    places = [f"{where} on {', '.join(items)}" for where, items in groups.items()]
    return text + (": " + "; ".join(places) if places else "") + "."
