"""What the pages read: an :class:`~discourse.pipeline.Analysis` (or any object with the same
attributes) normalised once — clean comment columns, topic names and colours, and term matrices."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..schema import COMMENT_COLUMNS, DOCUMENT_COLUMNS, LINE_COLUMNS, TOPIC_COLUMNS, conform
from ..text import tokenize
from .figures import short_label, topic_colors

WORDISH = re.compile(r"^[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)*$")


def _frame(obj: Any, columns: dict[str, str]) -> pd.DataFrame:
    frame = obj if isinstance(obj, pd.DataFrame) else pd.DataFrame()
    return conform(frame, columns).reset_index(drop=True)


def _text(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str)


def _number(series: pd.Series, default: float = 0.0) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").fillna(default)


def _truthy(series: pd.Series) -> pd.Series:
    return series.map(lambda v: str(v).strip().lower() in ("true", "1", "yes") if not isinstance(v, bool) else v)


@dataclass
class CorpusView:
    """Normalised tables and matrices shared by the overview and the document pages."""

    documents: pd.DataFrame
    comments: pd.DataFrame  # COMMENT_COLUMNS, cleaned; row i is row i of the matrices
    topics: pd.DataFrame
    lines: pd.DataFrame
    config: Any
    titles: dict[str, str]  # doc -> title (or file name)
    topic_order: list[str]
    topic_names: dict[str, str]  # topic id -> unique display label (unescaped)
    topic_colors: dict[str, str]
    terms: np.ndarray  # vocabulary of term_matrix
    term_matrix: sp.csr_matrix  # binary comment x term (display terms only)
    tfidf: sp.csr_matrix  # word TF-IDF of the comments (all terms)
    vectorize: Any = field(default=None, repr=False)  # texts -> rows comparable with ``tfidf``, or None

    @classmethod
    def from_analysis(cls, analysis: Any) -> "CorpusView":
        comments = _frame(getattr(analysis, "comments", None), COMMENT_COLUMNS)
        for col in ("doc", "id", "author", "text", "reply_to", "reply_cue", "reply_evidence", "article_quote",
                    "duplicate_of", "topic_evidence", "stance_evidence", "topic_label", "timestamp"):
            comments[col] = _text(comments[col])
        comments["topic"] = _text(comments["topic"]).replace("", "other")
        comments["stance"] = _text(comments["stance"]).replace("", "none")
        comments["position"] = _number(comments["position"], -1).astype(int)
        for col in ("polarity", "subjectivity", "stance_score", "topic_score"):
            comments[col] = _number(comments[col]).astype(float)
        for col in ("map_x", "map_y"):
            comments[col] = pd.to_numeric(comments[col], errors="coerce").astype(float)
        comments["quotes_article"] = _truthy(comments["quotes_article"]).astype(bool)

        documents = _frame(getattr(analysis, "documents", None), DOCUMENT_COLUMNS)
        documents["doc"] = _text(documents["doc"])
        skipped = _text(documents["status"]).str.startswith("error")  # inputs the run skipped: no report
        documents = documents[~skipped].reset_index(drop=True)
        lines = _frame(getattr(analysis, "lines", None), LINE_COLUMNS)
        lines["text"] = _text(lines["text"])
        lines["role"] = _text(lines["role"])
        topics = _frame(getattr(analysis, "topics", None), TOPIC_COLUMNS)
        titles = {d: (str(t) if isinstance(t, str) and t.strip() else d)
                  for d, t in zip(documents["doc"], documents["title"])}

        order, names = _topic_names(topics, comments)
        matrix = getattr(analysis, "matrix", None)
        aligned = matrix is not None and getattr(matrix, "shape", (0,))[0] == len(comments) and len(comments) > 0
        features = getattr(analysis, "features", None)
        texts = comments["text"].tolist()
        extra = {w.lower() for w in _extra_stop_words(getattr(analysis, "config", None))}
        words = _word_tfidf(features, matrix if aligned else None, len(comments))
        if words is not None:  # the pipeline's own word TF-IDF: its stop words already applied
            tfidf, vocab, vectorize = words
            term_matrix, terms = _display_terms(tfidf, vocab, frozenset(extra), bigram_edges=False)
        else:
            tfidf, terms, vectorize = _local_tfidf(texts, ENGLISH_STOP_WORDS | extra)
            term_matrix = (tfidf > 0).astype(np.float32).tocsr()
        return cls(documents=documents, comments=comments, topics=topics, lines=lines,
                   config=getattr(analysis, "config", None), titles=titles, topic_order=order, topic_names=names,
                   topic_colors=topic_colors(order),
                   terms=terms, term_matrix=term_matrix, tfidf=tfidf, vectorize=vectorize)

    @property
    def neutral_band(self) -> float:
        """|polarity| below this counts as neutral (``[sentiment] neutral_band``)."""
        try:
            return float(self.config.sentiment.neutral_band)
        except (AttributeError, TypeError, ValueError):
            return 0.05

    def title(self, doc: str) -> str:
        return self.titles.get(doc, doc)

    def short_title(self, doc: str, limit: int = 28) -> str:
        return short_label(self.title(doc), limit)


def _topic_names(topics: pd.DataFrame, comments: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """Topic ids in a fixed order (seeded, discovered, other) and unique display labels."""
    kinds = {"seeded": 0, "discovered": 1, "other": 3}
    rows = [(kinds.get(str(k), 2), str(t), str(l) if str(l).strip() else str(t))
            for t, k, l in zip(topics["topic"], topics["kind"], topics["label"]) if str(t)]
    seen = {t for _, t, _ in rows}
    for topic in sorted(set(comments["topic"]) - seen):
        label = comments.loc[comments["topic"] == topic, "topic_label"].iloc[0] or topic
        rows.append((3 if topic == "other" else 2, topic, label))
    rows.sort(key=lambda r: r[0])  # stable: the topic table's own order within each kind
    order = [t for _, t, _ in rows]
    labels = [l for _, _, l in rows]
    names = {t: (l if labels.count(l) == 1 else f"{l} [{t}]") for t, l in zip(order, labels)}
    return order, names


def _extra_stop_words(config: Any) -> list[str]:
    try:
        return list(config.features.extra_stop_words)
    except AttributeError:
        return []


def _word_tfidf(features: Any, matrix: Any, n_rows: int):
    """(word TF-IDF rows of the comments, vocabulary, transform for new text) from the fitted features.

    Prefers ``features.term_matrix_`` / ``transform_terms`` (word TF-IDF kept beside an LSA or
    embedding representation); else a sparse ``matrix`` whose columns are ``feature_names_``.
    """
    names = getattr(features, "feature_names_", None)
    if names is None or n_rows == 0:
        return None
    vocab = np.asarray(names, dtype=object)
    words = getattr(features, "term_matrix_", None)
    if sp.issparse(words) and words.shape == (n_rows, len(vocab)) and hasattr(features, "transform_terms"):
        return sp.csr_matrix(words), vocab, features.transform_terms
    if sp.issparse(matrix) and matrix.shape[1] == len(vocab) and hasattr(features, "transform"):
        return sp.csr_matrix(matrix), vocab, features.transform
    return None


def _display_terms(matrix: sp.csr_matrix, vocab: np.ndarray, stop: frozenset,
                   bigram_edges: bool = True) -> tuple[sp.csr_matrix, np.ndarray]:
    """Binary presence of the word-like, non-stop-word terms (with ``bigram_edges``, an n-gram may
    not start or end with a stop word either)."""
    keep = np.array([_is_display_term(str(t), stop, bigram_edges) for t in vocab], dtype=bool)
    binary = (matrix[:, np.flatnonzero(keep)] > 0).astype(np.float32).tocsr()
    return binary, vocab[keep]


def _is_display_term(term: str, stop: frozenset, edges: bool) -> bool:
    if not WORDISH.match(term) or len(term) < 2:
        return False
    words = term.lower().split()
    return not (set(words) & stop) if not edges else words[0] not in stop and words[-1] not in stop


def _analyzer(stop: frozenset):
    return lambda text: [t for t in tokenize(text) if t not in stop and len(t) > 1 and not t.isdigit()]


def _local_tfidf(texts: list[str], stop: frozenset):
    """TF-IDF of the comments when the analysis brings no word features (or none that line up)."""
    if not any(t.strip() for t in texts):
        return sp.csr_matrix((len(texts), 0), dtype=np.float32), np.array([], dtype=object), None
    vec = TfidfVectorizer(analyzer=_analyzer(stop), sublinear_tf=True, dtype=np.float32)
    matrix = vec.fit_transform(texts).tocsr()
    return matrix, np.asarray(vec.get_feature_names_out(), dtype=object), vec.transform
