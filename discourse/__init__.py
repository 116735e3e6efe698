"""discourse: a comment-thread discourse analyzer.

Example::

    import discourse

    analysis = discourse.analyze(["seeds/"], discourse.load_config("discourse.toml"))
    analysis.comments[["doc", "id", "topic", "stance", "polarity"]].head()
    analysis.write("dashboards")

Stages (each a small object with explicit keyword parameters and ``fit`` returning self):
``Segmenter`` -> ``TextFeatures`` -> ``TopicModel`` (``SeedMatcher``, ``AutoK``, ``NeighborSmoothing``, ``CTfidf``)
-> ``StanceDetector`` -> ``SentimentScorer`` -> ``Dashboards``.
"""
from ._version import __version__
from .config import (Config, FeatureConfig, ReportConfig, SeededTopic, SegmentConfig, SentimentConfig,
                     StanceConfig, TopicConfig, load_config)
from .errors import ConfigError, DiscourseError, InputError
from .features import TextFeatures
from .io import RawDocument, read_document
from .pipeline import Analysis, analyze, analyze_segments, segment_inputs
from .report import Dashboards
from .segment import SegmentedDocument, Segmenter, segment_file
from .sentiment import SentimentScorer
from .stance import StanceDetector
from .topics import AutoK, CTfidf, NeighborSmoothing, SeedMatcher, TopicModel, topic_model_from_config
from .tuning import TuneResult, tune, tune_segments

__all__ = [
    "__version__", "Analysis", "analyze", "analyze_segments", "segment_inputs", "segment_file",
    "Config", "SegmentConfig", "FeatureConfig", "TopicConfig", "SeededTopic", "StanceConfig",
    "SentimentConfig", "ReportConfig", "load_config", "DiscourseError", "InputError", "ConfigError",
    "RawDocument", "read_document", "Segmenter", "SegmentedDocument", "TextFeatures", "TopicModel",
    "SeedMatcher", "AutoK", "NeighborSmoothing", "CTfidf", "topic_model_from_config", "StanceDetector", "SentimentScorer", "Dashboards",
    "tune", "tune_segments", "TuneResult",
]
