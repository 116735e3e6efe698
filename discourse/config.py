"""Run parameters: one dataclass per stage, loaded from ``discourse.toml``.

Every field of a section is, at once, a keyword of that stage's estimator
(``TextFeatures(**config.section_params("features"))``; for ``[topics]``, of
``topic_model_from_config``, which builds the clusterer), a key of the TOML table of the same name,
and a CLI option ``--<section>-<field>`` (dashes for underscores).
Precedence: CLI over config file over these defaults.
"""
from __future__ import annotations

import dataclasses
import math
import pathlib
import re
from dataclasses import dataclass, field, fields
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib

from .errors import ConfigError, one_line

CONFIG_FILE_NAME = "discourse.toml"
MAX_CONFIG_BYTES = 10_000_000  # a config is a few KB; this stops /dev/zero and the like
MAX_SEED = 2**32 - 1  # numpy and scikit-learn seeds are unsigned 32-bit integers


def choice(default: str, *others: str) -> Any:
    """A string field limited to ``default`` and ``others``."""
    return field(default=default, metadata={"choices": (default, *others)})


def bounded(default: float, low: float | None = None, high: float | None = None) -> Any:
    """A numeric field limited to [low, high]."""
    return field(default=default, metadata={"low": low, "high": high})


@dataclass
class SegmentConfig:
    """Segmenter knobs (patterns and fixed thresholds live in ``segment/patterns.py``)."""

    input_format: str = choice("auto", "text", "html", "csv", "jsonl", "convokit")
    reply_window: int = bounded(8, 1, 100)  # how many earlier comments a reply may point back to
    duplicate_threshold: float = bounded(0.8, 0.0, 1.0)  # shingle Jaccard above which a comment is a repost
    guess_parents: bool = False  # exports with a parent column: also guess parents of their top-level rows


@dataclass
class FeatureConfig:
    ngram_min: int = bounded(1, 1)  # shortest word n-gram
    ngram_max: int = bounded(2, 1)  # longest word n-gram
    min_df: int = bounded(1, 1)  # drop terms in fewer comments (relaxed on tiny corpora)
    max_df: float = bounded(0.9, 0.0, 1.0)  # drop terms in a larger share of comments
    max_features: int = bounded(50000, 1)  # vocabulary cap (most frequent terms)
    sublinear_tf: bool = True  # 1 + log(tf) term weights
    char_ngrams: bool = False  # add character n-grams (robust to typos and slang)
    char_ngram_min: int = bounded(3, 1)  # shortest character n-gram
    char_ngram_max: int = bounded(5, 1)  # longest character n-gram
    lsa_components: int = bounded(100, 0)  # LSA (TruncatedSVD) dims of the representation; 0 = plain TF-IDF
    embeddings: str = "none"  # "none" or a sentence-transformers model name (extra 'embeddings')
    extra_stop_words: list[str] = field(default_factory=list)  # added to the built-in list


@dataclass
class SeededTopic:
    name: str
    label: str = ""
    terms: list[str] = field(default_factory=list)


@dataclass
class TopicConfig:
    seeded: list[SeededTopic] = field(default_factory=list)  # [[topics.seeded]] tables: name, label, terms
    seed_threshold: float = bounded(0.1, 0.0, 1.0)  # min similarity to a seed centroid
    method: str = choice("kmeans", "spectral", "nmf", "agglomerative")
    k: int = bounded(0, 0)  # discovered topics; 0 = choose automatically in [k_min, k_max]
    k_min: int = bounded(2, 1)  # smallest k tried when k = 0
    k_max: int = bounded(12, 1)  # largest k tried when k = 0
    min_topic_size: int = bounded(3, 1)  # smaller discovered clusters go to 'other'
    n_terms: int = bounded(8, 1)  # top c-TF-IDF terms shown per topic
    outlier_threshold: float = 0.05  # cosine to its cluster centroid below which a comment is 'other'
    inherit_replies: bool = True  # a short reply with no topic of its own takes its parent's
    random_state: int = bounded(0, 0, MAX_SEED)  # seed of clustering and k selection


@dataclass
class StanceConfig:
    target: str = ""  # empty: split each thread into two camps instead
    target_entities: list[str] = field(default_factory=list)  # names of the target's side
    opponent_entities: list[str] = field(default_factory=list)  # names of the opposing side
    favor_cues: list[str] = field(default_factory=list)  # words/phrases that signal favor
    against_cues: list[str] = field(default_factory=list)  # words/phrases that signal against
    sentiment_weight: float = 1.0  # weight of side-directed evaluation
    cue_weight: float = 1.0  # weight of the cue lexicons
    reply_weight: float = bounded(1.0, 0.0)  # weight of an agreement/rebuttal cue on a reply link
    reply_prior: float = bounded(0.2, 0.0)  # weight toward disagreement of a plain reply or quote (no cue)
    text_weight: float = bounded(1.0, 0.0)  # weight of shared words for authors with no links; 0 = larger camp
    threshold: float = 0.1  # |own score| below this is no signal of the comment's own
    self_training: bool = True  # target mode: words of confident comments give a weak side to open ones
    labels: str = ""  # CSV of hand-labelled comments (doc,id,stance) to train a classifier
    random_state: int = bounded(0, 0, MAX_SEED)  # seed of the labels and self-training classifiers
    writer_weight: float = bounded(0.0, 0.0)  # authorless comments that look written by one writer: link weight; 0 = off


@dataclass
class SentimentConfig:
    neutral_band: float = 0.05  # |polarity| below this counts as neutral in aggregates


@dataclass
class ReportConfig:
    """Size bounds of the dashboards; every field is a keyword of ``discourse.report.Dashboards``."""

    max_hover_points: int = 2000  # beyond this, hover text is sampled
    webgl_threshold: int = 1000  # scatter traces switch to WebGL past this many points
    max_table_rows: int = 5000  # rows of the filterable comment table
    max_tree_nodes: int = 1500  # comments drawn in a thread tree; the rest are summarised
    max_documents: int = 60  # documents drawn in corpus figures (largest first)
    max_terms: int = 12  # terms per top-terms list
    max_scatter_terms: int = 400  # points of a term-association scatter
    max_page_bars: int = 1500  # page lines drawn one by one in the segmentation view; longer pages are binned
    excerpt_chars: int = 240  # comment text shown in hover labels and tables


@dataclass
class RunConfig:
    """How a run treats its inputs and where it runs (not a stage's parameters): the engine, and the bounds
    that keep large corpora linear in time and memory."""

    strict: bool = False  # stop at the first input that cannot be read or analysed (else skip it, exit 1 at the end)
    max_input_mb: int = bounded(1024, 1, 1_000_000)  # larger inputs are refused; endless ones (/dev/zero) stop here
    engine: str = choice("local", "dask")  # where the stages run: this machine, or a Dask cluster ('dask' extra)
    scheduler: str = ""  # Dask scheduler address (tcp://host:8786); empty = a LocalCluster sized to the machine
    workers: int = bounded(0, 0)  # processes of the local engine, or of the LocalCluster; 0 = one per core
    sample_size: int = bounded(200000, 0)  # comments (whole threads, seeded) the corpus-scope stages are fitted on; 0 = all
    partition_size: int = bounded(20000, 1)  # comments per partition of whole threads transformed at a time
    csv_max_comments: int = bounded(200000, 0)  # CSV tables are written beside the Parquet ones up to this many comments
    max_reports: int = bounded(40, 0)  # document reports written by analyze (most comments first); the rest on demand
    report_jobs: int = bounded(0, 0)  # processes writing document reports; 0 = one per core


@dataclass
class Config:
    run: RunConfig = field(default_factory=RunConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    features: FeatureConfig = field(default_factory=FeatureConfig)
    topics: TopicConfig = field(default_factory=TopicConfig)
    stance: StanceConfig = field(default_factory=StanceConfig)
    sentiment: SentimentConfig = field(default_factory=SentimentConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    tune: dict[str, list[Any]] = field(default_factory=dict)  # parameter grid for `discourse tune`

    # ---- construction -------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "config") -> "Config":
        return _build(cls, data, where)

    @classmethod
    def from_toml(cls, path: str | pathlib.Path) -> "Config":
        path = pathlib.Path(path)
        if path.is_dir():
            raise ConfigError(f"{path}: is a folder, not a config file (give a .toml file)")
        try:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_CONFIG_BYTES + 1)
            if len(raw) > MAX_CONFIG_BYTES:
                raise ConfigError(f"{path}: config file larger than {MAX_CONFIG_BYTES // 1_000_000} MB")
            data = tomllib.loads(raw.decode("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc})") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: not UTF-8 text (byte {exc.start})") from None
        except (ValueError, RecursionError) as exc:  # TOMLDecodeError, Python's integer digit limit, deep nesting
            reason = "nested too deeply" if isinstance(exc, RecursionError) else one_line(exc)
            raise ConfigError(f"{path}: not valid TOML: {reason}") from None
        return cls.from_dict(data, where=str(path))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_toml(self) -> str:
        return dump_toml(self.to_dict())

    def with_overrides(self, overrides: dict[str, Any]) -> "Config":
        """A copy with dotted keys (``topics.k``) set; values are coerced and validated."""
        data = self.to_dict()
        for dotted, value in overrides.items():
            section, _, key = dotted.partition(".")
            data[section][key] = parse_parameter(dotted, value)
        return Config.from_dict(data, where="override")

    def section_params(self, section: str) -> dict[str, Any]:
        """The fields of one section as estimator keywords."""
        return {f.name: getattr(getattr(self, section), f.name) for f in fields(getattr(self, section))}


SECTIONS = {f.name: f.type for f in fields(Config) if f.name != "tune"}


def parse_parameter(dotted: str, value: Any, where: str | None = None) -> Any:
    """Coerce and validate one value of a scalar or list parameter named ``section.field``."""
    section, _, key = dotted.partition(".")
    fld = {f.name: f for f in fields(_section_class(section))}.get(key) if section in SECTIONS else None
    if fld is None or key == "seeded":
        raise ConfigError(f"unknown parameter '{dotted}'")
    default = fld.default if fld.default is not dataclasses.MISSING else fld.default_factory()
    return check_limits(fld, coerce_value(value, default, where or dotted), where or dotted)


def _section_class(name: str) -> type:
    return {"run": RunConfig, "segment": SegmentConfig, "features": FeatureConfig, "topics": TopicConfig,
            "stance": StanceConfig, "sentiment": SentimentConfig, "report": ReportConfig}[name]


def _build(cls: type, data: dict[str, Any], where: str):
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(known))})")
    required = [f.name for f in fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    for name in required:
        if name not in data:
            raise ConfigError(f"{where}: missing required key '{name}'")
    kwargs = {}
    for name, value in data.items():
        kwargs[name] = _coerce(cls, known[name], value, f"{where}: {name}")
    built = cls(**kwargs)
    check_section(built, where)
    return built


# (low, high) field pairs of a section that must satisfy low <= high.
ORDERED_PAIRS = {"FeatureConfig": (("ngram_min", "ngram_max"), ("char_ngram_min", "char_ngram_max")),
                 "TopicConfig": (("k_min", "k_max"),)}
# Topic ids the topic model makes itself; a seeded topic may not take one.
OTHER_TOPIC = "other"
DISCOVERED_TOPIC_ID = re.compile(r"t\d+")


def check_section(section: Any, where: str) -> None:
    """Checks across the fields of one section: ordered ranges and seeded topic names."""
    for low, high in ORDERED_PAIRS.get(type(section).__name__, ()):
        if getattr(section, low) > getattr(section, high):
            raise ConfigError(f"{where}: {low} = {getattr(section, low)} is larger than "
                              f"{high} = {getattr(section, high)}")
    if isinstance(section, TopicConfig):
        seen: set[str] = set()
        for i, seed in enumerate(section.seeded):
            name = seed.name.strip()
            at = f"{where}: seeded[{i}] name {seed.name!r}"
            if not name:
                raise ConfigError(f"{at}: a seeded topic needs a name")
            if name == OTHER_TOPIC or DISCOVERED_TOPIC_ID.fullmatch(name):
                raise ConfigError(f"{at}: clashes with the topic ids the model makes ('other', 't0', 't1', ...)")
            if name in seen:
                raise ConfigError(f"{at}: two seeded topics share this name")
            seen.add(name)


def _coerce(owner: type, fld: dataclasses.Field, value: Any, where: str) -> Any:
    if owner is Config:
        if fld.name == "tune":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a table of parameter lists")
            return {k: list(v) if isinstance(v, list) else [v] for k, v in value.items()}
        return _build(_section_class(fld.name), value, where)
    if owner is TopicConfig and fld.name == "seeded":
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list of [[topics.seeded]] tables")
        return [_build(SeededTopic, item, f"{where}[{i}]") for i, item in enumerate(value)]
    if fld.default is not dataclasses.MISSING:
        default = fld.default
    elif fld.default_factory is not dataclasses.MISSING:
        default = fld.default_factory()
    else:  # required field: its annotation names the type
        default = {"str": "", "int": 0, "float": 0.0}.get(str(fld.type), "")
    return check_limits(fld, coerce_value(value, default, where), where)


def check_limits(fld: dataclasses.Field, value: Any, where: str) -> Any:
    """Apply a field's ``choices`` or ``low``/``high`` metadata."""
    choices = fld.metadata.get("choices")
    if choices and value not in choices:
        raise ConfigError(f"{where}: invalid value {value!r} (choose from {', '.join(choices)})")
    low, high = fld.metadata.get("low"), fld.metadata.get("high")
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"at least {low}" if high is None else f"between {low} and {high}"
        raise ConfigError(f"{where}: invalid value {value!r} (must be {span})")
    return value


def coerce_value(value: Any, default: Any, where: str) -> Any:
    """Convert ``value`` (TOML or CLI string) to the type of ``default``."""
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                low = value.strip().lower()
                if low in ("1", "true", "yes", "on"):
                    return True
                if low in ("0", "false", "no", "off"):
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, int):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return int(value)
        if isinstance(default, float):
            out = float(value)
            if not math.isfinite(out):  # nan and inf weights would turn scores into empty cells
                raise ValueError(value)
            return out
        if isinstance(default, list):
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list):
                raise ValueError(value)
            return [str(v) for v in value]
        if isinstance(default, str):
            if not isinstance(value, str):
                raise ValueError(value)
            return value
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: invalid value {value!r} (expected {type(default).__name__})") from None
    return value


def load_config(path: str | pathlib.Path | None = None, search_dir: str | pathlib.Path = ".") -> Config:
    """Load ``path``; else ``discourse.toml`` in ``search_dir`` if present; else the defaults."""
    if path is not None:
        return Config.from_toml(path)
    local = pathlib.Path(search_dir) / CONFIG_FILE_NAME
    if local.is_file():
        return Config.from_toml(local)
    return Config()


# ---- a small TOML writer for the types a Config holds --------------------
def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def dump_toml(data: dict[str, Any]) -> str:
    """Write a two-level dict (tables of scalars, lists, and arrays of tables) as TOML."""
    out: list[str] = []
    for section, body in data.items():
        scalars = {k: v for k, v in body.items() if not _is_table_list(v)}
        out.append(f"[{section}]")
        out.extend(f"{_key(k)} = {_toml_value(v)}" for k, v in scalars.items())
        out.append("")
        for key, items in body.items():
            if _is_table_list(items):
                for item in items:
                    out.append(f"[[{section}.{key}]]")
                    out.extend(f"{_key(k)} = {_toml_value(v)}" for k, v in item.items())
                    out.append("")
    return "\n".join(out).rstrip() + "\n"


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() else _toml_value(name)
