"""discourse: a comment-thread discourse analyzer.

Example::

    import discourse

    analysis = discourse.analyze(["seeds/"], discourse.load_config("discourse.toml"))
    analysis.comments[["doc", "id", "topic", "stance", "polarity"]].head()
    analysis.write("dashboards")

Stages (each a small object with explicit keyword parameters and ``fit`` returning self):
``Segmenter`` -> ``TextFeatures`` -> ``TopicModel`` (``SeedMatcher``, ``AutoK``, ``NeighborSmoothing``, ``CTfidf``)
-> ``StanceDetector`` -> ``SentimentScorer`` -> ``Dashboards``.

The names below are imported on first use (module ``__getattr__``), so ``import discourse`` and
``discourse --version`` do not load pandas, scikit-learn or plotly.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# public name -> module that defines it
_EXPORTS = {
    "Config": "config", "FeatureConfig": "config", "ReportConfig": "config", "RunConfig": "config",
    "SeededTopic": "config", "SegmentConfig": "config", "SentimentConfig": "config", "StanceConfig": "config",
    "TopicConfig": "config", "load_config": "config",
    "ConfigError": "errors", "DiscourseError": "errors", "InputError": "errors",
    "TextFeatures": "features",
    "RawDocument": "io", "read_document": "io", "read_documents": "io",
    "Analysis": "pipeline", "analyze": "pipeline", "analyze_segments": "pipeline", "segment_inputs": "pipeline",
    "Dashboards": "report",
    "SegmentedDocument": "segment", "Segmenter": "segment", "segment_file": "segment",
    "SentimentScorer": "sentiment",
    "StanceDetector": "stance",
    "AutoK": "topics", "CTfidf": "topics", "NeighborSmoothing": "topics", "SeedMatcher": "topics",
    "TopicModel": "topics", "topic_model_from_config": "topics",
    "TuneResult": "tuning", "tune": "tuning", "tune_segments": "tuning",
    "Corpus": "stages", "LocalEngine": "stages",
    "DaskEngine": "engines", "make_engine": "engines",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'discourse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and IDEs: the eager imports these names stand for
    from .config import (Config, FeatureConfig, ReportConfig, RunConfig, SeededTopic, SegmentConfig,
                         SentimentConfig, StanceConfig, TopicConfig, load_config)
    from .engines import DaskEngine, make_engine
    from .errors import ConfigError, DiscourseError, InputError
    from .features import TextFeatures
    from .io import RawDocument, read_document, read_documents
    from .pipeline import Analysis, analyze, analyze_segments, segment_inputs
    from .report import Dashboards
    from .segment import SegmentedDocument, Segmenter, segment_file
    from .sentiment import SentimentScorer
    from .stages import Corpus, LocalEngine
    from .stance import StanceDetector
    from .topics import AutoK, CTfidf, NeighborSmoothing, SeedMatcher, TopicModel, topic_model_from_config
    from .tuning import TuneResult, tune, tune_segments
