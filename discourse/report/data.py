"""What the pages read: an :class:`~discourse.pipeline.Analysis` (or any object with the same
attributes) normalised once — clean comment columns, topic names, colours and representative
comments, per-author sides, and the word-term matrices. Nothing here fits a model: terms are the
pipeline's word TF-IDF (or, for tables from elsewhere, plain counts of the text core's tokens)."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from ..stance.authors import author_table as derived_author_table
from ..schema import AUTHOR_COLUMNS, COMMENT_COLUMNS, DOCUMENT_COLUMNS, LINE_COLUMNS, TOPIC_COLUMNS, conform
from ..text import Analyzer, stop_words
from .figures import SIDE_NAMES, short_label, topic_colors

WORDISH = re.compile(r"^[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)*$")
SIDE_A = ("favor", "camp_a")  # the two sides a stance or camp split compares
SIDE_B = ("against", "camp_b")
# Columns other stages may add beyond the comment schema; read when present.
OPTIONAL_COMMENT_COLUMNS = {"stance_confidence": "confidence of the stance label in [0, 1]"}
TITLE_CHARS = 90  # an untitled document is named by its first line, cut to this length
QUOTE_MARKS = re.compile(r"^[\s>|]+")  # ...without the '>' marks of a quoted first line


def _frame(obj: Any, columns: dict[str, str]) -> pd.DataFrame:
    frame = obj if isinstance(obj, pd.DataFrame) else pd.DataFrame()
    return conform(frame, columns).reset_index(drop=True)


def _text(series: pd.Series) -> pd.Series:
    """Strings with '' for missing values, as plain Python objects (fast to iterate)."""
    return series.fillna("").astype(str).astype(object)


def _number(series: pd.Series, default: float = 0.0) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").fillna(default)


def _truthy(series: pd.Series) -> pd.Series:
    return series.map(lambda v: str(v).strip().lower() in ("true", "1", "yes") if not isinstance(v, bool) else v)


@dataclass
class CorpusView:
    """Normalised tables and matrices shared by the overview and the document pages."""

    documents: pd.DataFrame
    comments: pd.DataFrame  # COMMENT_COLUMNS (+ stance_confidence, NaN when unknown); row i = row i of matrices
    topics: pd.DataFrame
    lines: pd.DataFrame
    authors: pd.DataFrame  # AUTHOR_COLUMNS: one row per author (named, or one comment where unnamed) per doc
    config: Any
    titles: dict[str, str]  # doc -> title (or its first line, or the file name)
    topic_order: list[str]
    topic_names: dict[str, str]  # topic id -> unique display label (unescaped)
    topic_colors: dict[str, str]
    topic_examples: dict[str, list[int]]  # topic id -> rows of its representative comments
    terms: np.ndarray  # vocabulary of term_matrix
    term_matrix: sp.csr_matrix  # binary comment x term (display terms only)
    tfidf: sp.csr_matrix  # word TF-IDF of the comments (all terms)
    vectorize: Any = field(default=None, repr=False)  # texts -> rows comparable with ``tfidf``, or None
    has_confidence: bool = False  # the stance stage recorded stance_confidence

    @classmethod
    def from_analysis(cls, analysis: Any) -> "CorpusView":
        raw = getattr(analysis, "comments", None)
        raw = raw if isinstance(raw, pd.DataFrame) else pd.DataFrame()
        comments = _frame(raw, {**COMMENT_COLUMNS, **OPTIONAL_COMMENT_COLUMNS})
        for col in ("doc", "id", "author", "text", "reply_to", "reply_cue", "reply_evidence", "article_quote",
                    "duplicate_of", "topic_evidence", "stance_evidence", "topic_label", "timestamp"):
            comments[col] = _text(comments[col])
        comments["author"] = comments["author"].str.strip()
        comments["topic"] = _text(comments["topic"]).replace("", "other")
        comments["stance"] = _text(comments["stance"]).replace("", "none")
        comments["position"] = _number(comments["position"], -1).astype(int)
        for col in ("polarity", "subjectivity", "stance_score", "topic_score"):
            comments[col] = _number(comments[col]).astype(float)
        has_confidence = "stance_confidence" in raw.columns
        comments["stance_confidence"] = pd.to_numeric(comments["stance_confidence"], errors="coerce").clip(0, 1)
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
        raw_topics = getattr(analysis, "topics", None)
        topics = _frame(raw_topics, {**TOPIC_COLUMNS, "examples": "representative comments (JSON)"})
        titles = _titles(documents, lines, comments)

        order, names = _topic_names(topics, comments)
        matrix = getattr(analysis, "matrix", None)
        aligned = matrix is not None and getattr(matrix, "shape", (0,))[0] == len(comments) and len(comments) > 0
        features = getattr(analysis, "features", None)
        texts = comments["text"].tolist()
        extra = {w.lower() for w in _extra_stop_words(getattr(analysis, "config", None))}
        words = _word_tfidf(features, matrix if aligned else None, texts)
        if words is not None:  # the pipeline's own word TF-IDF: its stop words already applied
            tfidf, vocab, vectorize = words
            term_matrix, terms = _display_terms(tfidf, vocab, frozenset(extra), bigram_edges=False)
        else:
            tfidf, terms, vectorize = _term_counts(texts, stop_words(extra))
            term_matrix = (tfidf > 0).astype(np.float32).tocsr()
        return cls(documents=documents, comments=comments, topics=topics, lines=lines,
                   authors=author_table(getattr(analysis, "authors", None), comments),
                   config=getattr(analysis, "config", None), titles=titles, topic_order=order, topic_names=names,
                   topic_colors=topic_colors(order), topic_examples=_topic_examples(topics, comments),
                   terms=terms, term_matrix=term_matrix, tfidf=tfidf, vectorize=vectorize,
                   has_confidence=has_confidence)

    @property
    def neutral_band(self) -> float:
        """|polarity| below this counts as neutral (``[sentiment] neutral_band``)."""
        try:
            return float(self.config.sentiment.neutral_band)
        except (AttributeError, TypeError, ValueError):
            return 0.05

    @property
    def stance_target(self) -> str:
        """The configured stance target ('' when the comments are split into camps per thread)."""
        try:
            return str(self.config.stance.target or "")
        except AttributeError:
            return ""

    @functools.cached_property
    def n_threads(self) -> int:
        """Documents with comments."""
        return int(self.comments["doc"].nunique())

    @functools.cached_property
    def camps(self) -> bool:
        """True when sides are camps found within each thread (camp A of one thread is not camp A of another)."""
        values = set(self.comments["stance"])
        return bool(values & {"camp_a", "camp_b"}) and not values & {"favor", "against"}

    @functools.cached_property
    def columns(self) -> dict[str, list]:
        """Comment columns as Python lists (fast per-row access when building pages)."""
        keep = ("doc", "id", "author", "timestamp", "stance", "topic", "text", "reply_to", "position")
        return {k: self.comments[k].tolist() for k in keep}

    @functools.cached_property
    def term_totals(self) -> np.ndarray:
        """Comments using each display term, over the whole corpus (the prior of every log-odds contrast)."""
        return np.asarray(self.term_matrix.sum(axis=0)).ravel().astype(float)

    @functools.cached_property
    def anchors(self) -> np.ndarray:
        """Each comment's index in its document's report (thread order: position, then table order);
        the report's tree node of that comment has the id ``n<index>``."""
        anchor = np.zeros(len(self.comments), dtype=int)
        position = self.comments["position"].to_numpy()
        for rows in self.comments.groupby("doc", sort=False).indices.values():
            order = rows[np.lexsort((rows, position[rows]))]
            anchor[order] = np.arange(len(order))
        return anchor

    def title(self, doc: str) -> str:
        return self.titles.get(doc, doc)

    def short_title(self, doc: str, limit: int = 28) -> str:
        return short_label(self.title(doc), limit)


def side_of(stance: str) -> str:
    """'a', 'b' or '' for a stance value."""
    return "a" if stance in SIDE_A else "b" if stance in SIDE_B else ""


def side_name(stance: str) -> str:
    return SIDE_NAMES.get(stance, stance)


def _titles(documents: pd.DataFrame, lines: pd.DataFrame, comments: pd.DataFrame) -> dict[str, str]:
    """Each document's title; an untitled one takes its first line (else its first comment, else its name)."""
    first_line = {}
    if len(lines):
        filled = lines[lines["text"].str.strip() != ""]
        if "line" in filled.columns:
            filled = filled.assign(_n=pd.to_numeric(filled["line"], errors="coerce")).sort_values("_n", kind="stable")
        first_line = filled.groupby("doc", sort=False)["text"].first().to_dict()
    first_comment = comments.groupby("doc", sort=False)["text"].first().to_dict() if len(comments) else {}
    titles = {}
    for doc, title in zip(documents["doc"], documents["title"]):
        text = str(title) if isinstance(title, str) else ""
        if not text.strip():
            text = QUOTE_MARKS.sub("", first_line.get(doc) or first_comment.get(doc) or "") or doc
        titles[doc] = _cut(" ".join(text.split()), TITLE_CHARS) or doc
    return titles


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _topic_examples(topics: pd.DataFrame, comments: pd.DataFrame) -> dict[str, list[int]]:
    """Rows of the comments the topic model chose as representative (``topics.examples``); where the
    table has none, the comments with the highest ``topic_score`` stand in."""
    row_of = {(d, i): r for r, (d, i) in enumerate(zip(comments["doc"], comments["id"]))}
    out: dict[str, list[int]] = {}
    for topic, examples in zip(topics["topic"], topics["examples"]):
        try:
            items = json.loads(examples) if isinstance(examples, str) and examples.strip() else []
        except ValueError:
            items = []
        rows = [row_of[(str(e.get("doc", "")), str(e.get("id", "")))] for e in items
                if isinstance(e, dict) and (str(e.get("doc", "")), str(e.get("id", ""))) in row_of]
        if rows:
            out[str(topic)] = rows
    scores = comments["topic_score"].to_numpy(float)
    for topic, rows in comments.groupby("topic").indices.items():
        if topic not in out:
            best = rows[np.lexsort((rows, -scores[rows]))]
            out[topic] = [int(r) for r in best[:3]]
    return out


def author_table(authors: Any, comments: pd.DataFrame) -> pd.DataFrame:
    """One row per author and document: ``analysis.authors`` when the stance stage gave it, else the
    stance stage's own table derived from the comments (tables written before it gave one)."""
    if isinstance(authors, pd.DataFrame) and len(authors) and {"doc", "author", "stance"} <= set(authors.columns):
        out = conform(authors, AUTHOR_COLUMNS).copy()
        for col in ("doc", "author", "stance"):
            out[col] = _text(out[col])
        out["stance"] = out["stance"].replace("", "none")
        out["stance_confidence"] = pd.to_numeric(out["stance_confidence"], errors="coerce").clip(0, 1)
        for col in list(AUTHOR_COLUMNS)[4:]:
            out[col] = _number(out[col]).astype(int)
        return out.reset_index(drop=True)
    return derived_author_table(comments)


def _topic_names(topics: pd.DataFrame, comments: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """Topic ids in a fixed order (seeded, discovered, other) and unique display labels."""
    kinds = {"seeded": 0, "discovered": 1, "other": 3}
    used = set(comments["topic"])
    rows = [(kinds.get(str(k), 2), str(t), str(l) if str(l).strip() else str(t))
            for t, k, l in zip(topics["topic"], topics["kind"], topics["label"])
            if str(t) and (str(t) in used or str(k) == "seeded")]  # a discovered topic left empty is no topic
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


def _word_tfidf(features: Any, matrix: Any, texts: list[str]):
    """(word TF-IDF rows of the comments, vocabulary, transform for new text) from the fitted features.

    Prefers ``features.term_matrix_`` (word TF-IDF kept beside an LSA or embedding representation) when it
    holds the comments' rows, else ``transform_terms`` of their texts (a run fitted on a sample, or a view
    read back from the tables: the same rows, see ``TextFeatures``); else a sparse ``matrix`` whose columns
    are ``feature_names_``.
    """
    names = getattr(features, "feature_names_", None)
    n_rows = len(texts)
    if names is None or n_rows == 0:
        return None
    vocab = np.asarray(names, dtype=object)
    if hasattr(features, "transform_terms"):
        words = getattr(features, "term_matrix_", None)
        if not (sp.issparse(words) and words.shape == (n_rows, len(vocab))):
            words = features.transform_terms(texts)
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
    words = Analyzer(stop)  # the text core's content words (case-aware acronyms, stop words dropped)
    return lambda text: [t for t in words(text) if not t.isdigit()]


def _term_counts(texts: list[str], stop: frozenset):
    """Binary term counts of the comments (text core tokens), for tables that come without the
    pipeline's word features; ``vectorize`` maps new text (article paragraphs) to the same columns."""
    if not any(t.strip() for t in texts):
        return sp.csr_matrix((len(texts), 0), dtype=np.float32), np.array([], dtype=object), None
    vec = CountVectorizer(analyzer=_analyzer(stop), binary=True, dtype=np.float32)
    matrix = vec.fit_transform(texts).tocsr()
    return matrix, np.asarray(vec.get_feature_names_out(), dtype=object), lambda new: normalize(vec.transform(new))
