"""Stance stage: favor / against / none toward a configured target (SemEval-2016 style), or two camps per thread.

The stage (:class:`StanceDetector`) is composed of parts that can be swapped or tested alone:

* ``lexicon`` (data) and ``patterns`` (compiled patterns, thresholds);
* ``attribution``: which side a comment's own words favour (target-directed evaluation, cue lexicons);
* ``cues``: whether a reply agrees with or rebuts what it answers;
* ``graph``: the signed graph of a thread (authors or comments; replies, quotes, mentions, names
  addressed) and its partition into two sides;
* ``writers``: which authorless comments look written by one writer (stylometry; off by default);
* ``selftrain``: the self-trained word classifier and the hand-labels classifier;
* ``detector``: the stage itself.
"""
from .attribution import EntityEvaluator, OwnEvidence, TargetAttribution, comment_evaluation, target_terms
from .cues import reply_marker
from .detector import StanceDetector
from .graph import SignedPartition, SignedReplyGraph, ThreadGraph
from .patterns import CAMPS, STANCES, own_text, phrase_regex
from .selftrain import LabelClassifier, SelfTraining, read_labels
from .writers import WriterInference

__all__ = ["StanceDetector", "TargetAttribution", "SignedReplyGraph", "SignedPartition", "ThreadGraph",
           "SelfTraining", "LabelClassifier", "WriterInference", "EntityEvaluator", "OwnEvidence", "reply_marker", "target_terms",
           "comment_evaluation", "own_text", "phrase_regex", "read_labels", "STANCES", "CAMPS"]
