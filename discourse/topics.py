"""Topics stage: seeded topics and discovered topics from a clustering of the comments' own words.

Small swappable parts, BERTopic style, each an sklearn estimator or a plain function:

``quote_graph``        a comment and the comments whose words it quotes (in its own thread) are linked;
                       each comment's row is averaged with its linked comments' rows
``reducer``            sklearn transformer fitted on a sample: ``NeighborSmoothing`` (each row moved
                       toward its nearest neighbours), ``TruncatedSVD`` to a few dims, unit rows
``clusterer``          sklearn clusterer: ``AutoK(KMeans)`` (k by cosine silhouette) unless k is fixed
``SeedMatcher``        config seeds -> comments that use a seed's terms; clusters most of whose matched
                       comments share a seed become that seed's, so its comments without the terms join
``CTfidf``             class-based TF-IDF -> a label phrase (the best n-gram) and terms per topic
``TopicModel``         the stage: fit learns all of it on a sample, transform assigns thread by thread

:func:`topic_model_from_config` builds the sub-estimators from a config's ``[topics]`` table, once.
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import asdict, is_dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin, clone
from sklearn.cluster import AgglomerativeClustering, KMeans, SpectralClustering
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import Normalizer
from sklearn.preprocessing import normalize as l2_normalize
from threadpoolctl import threadpool_limits

from .features import TextFeatures, quoted_evidence
from .text import own_words
from .stages import THREAD_KEY, Corpus, StageMixin

# ---- constants -----------------------------------------------------------------------------
OTHER = "other"
SEED_EXPANSION = 0.5  # weight of the mean of seed-matched comments in a seed's centroid (vs its terms)
SEED_SUFFIXES = ("ist", "ists", "ary", "al", "ic")  # derived forms a one-word seed term also matches...
SEED_SUFFIX_SWAPS = ("ism",)  # ... also in place of these endings
SEED_MIN_STEM = 5  # letters the stem keeps (shorter stems would match unrelated words)
SEED_CLUSTER_SHARE = 0.5  # a cluster whose seed-matched comments are this share one seed's is that seed's
# A thread is on a seed when a clear majority of its comments that use some seed's terms use that seed's
# (THREAD_SEED_SHARE of them, and THREAD_MIN_SEEDED at least).
THREAD_SEED_SHARE = 2 / 3
THREAD_MIN_SEEDED = 3
SILHOUETTE_SAMPLE = 2000  # rows used to choose k (each candidate k is fitted on them)
CLUSTER_SAMPLE = 10000  # the reducer and clusterer are fitted on at most this many rows, the rest are assigned
NEIGHBORS = 10  # a row is moved toward the mean of this many nearest rows of the fitted sample...
NEIGHBOR_WEIGHT = 0.5  # ... by this much
NEIGHBOR_REFERENCE = 2000  # rows of the fitted sample the neighbours are looked up among
NEIGHBOR_BLOCK = 4096  # rows per block of the neighbour search (bounds its memory)
REDUCED_DIMS = 10  # TruncatedSVD dims the clusterer sees
KMEANS_INITS = 4
REFINE_ITERATIONS = 10  # spherical k-means steps placing the clusters in the representation's space
QUOTE_PRIOR_WORDS = 20  # a linked comment's row: own words + this many words' worth of its linked comments' rows
QUOTE_MIN_PHRASES = 3  # a quoted passage needs this many distinct word pairs to be matched...
QUOTE_MATCH_SHARE = 0.5  # ... and this share of them in the own words of the comment it quotes
QUOTE_MAX_POSTINGS = 50  # word pairs in more comments of the thread than this are common wording: not matched
SHORT_REPLY_TOKENS = 40  # replies with at most this many content tokens may inherit a topic...
MIN_REPLY_TOKENS = 3  # ...if they have at least this many (a bare "LOL" is about nothing)
INHERIT_CUES = ("", "parent", "quote")  # reply links that carry the parent's subject (others are guesses)
EVIDENCE_TERMS = 4  # terms quoted in an evidence string
NEAREST_CLUSTER = "nearest cluster"  # evidence of a discovered topic's comment that uses none of its terms
EXAMPLES = 3  # representative comments per topic in topics.csv
EXCERPT_CHARS = 200  # characters of an example's excerpt
LABEL_MIN_COMMENTS = 2  # a label phrase must be used by this many of the topic's comments
LABEL_GAP_WORDS, LABEL_GAP_CHARS = 2, 4  # a label shown as written: up to 2 short words dropped between its words
METHODS = ("kmeans", "spectral", "nmf", "agglomerative")
SPECTRAL_NEIGHBORS = 10  # neighbours of each row in the spectral method's similarity graph
# Kept by the tokenizer for stance n-grams ("not true"), but terms with them make poor topic labels.
LABEL_SKIP_WORDS = frozenset({"not", "no", "nor", "never", "without", "cannot", "against"})


def _seed_dict(seed: Any) -> dict:
    return asdict(seed) if is_dataclass(seed) else dict(seed)


def _row(terms: sp.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Column ids and weights of one CSR row (no scipy indexing: it is slow in loops)."""
    lo, hi = terms.indptr[i], terms.indptr[i + 1]
    return terms.indices[lo:hi], terms.data[lo:hi]


def _rows_dot(a: sp.csr_matrix, b: np.ndarray) -> np.ndarray:
    """Rows of sparse ``a`` times dense columns ``b`` -> dense (n, k)."""
    return np.asarray(a @ b) if b.size else np.zeros((a.shape[0], 0), dtype=np.float32)


def _dense(x) -> np.ndarray:
    return np.asarray(x.toarray() if sp.issparse(x) else x)


def _sample(n: int, size: int, random_state: int) -> np.ndarray:
    """Sorted rows of a seeded sample of at most ``size`` of ``n``."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size, replace=False))


# ---- the quote graph -------------------------------------------------------------------------------
def quote_graph(comments: pd.DataFrame, terms: sp.csr_matrix, quoted: sp.csr_matrix | None,
                names: np.ndarray) -> sp.csr_matrix:
    """Symmetric 0/1 adjacency of comments linked by a quote, within each thread.

    Comment i is linked to comment j of its thread when most word pairs of the passage i quotes
    (``quoted``, from the features stage) are in j's own words, or when the segmenter linked i to j
    by a quote. Pairs used by more than ``QUOTE_MAX_POSTINGS`` comments of the thread are ignored
    (common wording; this also bounds the work). Only the thread's comments matter: a thread alone
    gets the same links as inside a corpus.
    """
    n = terms.shape[0]
    src, dst = [], []
    parent = reply_parents(comments)
    if "reply_cue" in comments:
        cue = comments["reply_cue"].fillna("").astype(str).to_numpy()
        linked = np.flatnonzero((cue == "quote") & (parent >= 0))
        src.append(linked)
        dst.append(parent[linked])
    if quoted is not None and quoted.nnz:
        pairs = np.array([" " in str(t) for t in names], dtype=bool)
        columns = np.flatnonzero(pairs) if pairs.any() else np.arange(len(names))
        quoting = np.flatnonzero(quoted[:, columns].getnnz(axis=1) >= QUOTE_MIN_PHRASES)
        if len(quoting):
            s, d = _quote_sources(comments, terms[:, columns], quoting, quoted[quoting][:, columns])
            src.append(s)
            dst.append(d)
    if not src:
        return sp.csr_matrix((n, n), dtype=np.float32)
    src, dst = np.concatenate(src), np.concatenate(dst)
    keep = src != dst
    graph = sp.coo_matrix((np.ones(int(keep.sum()), np.float32), (src[keep], dst[keep])), shape=(n, n)).tocsr()
    graph = graph + graph.T
    graph.data[:] = 1.0
    return graph.tocsr()


def _quote_sources(comments: pd.DataFrame, own: sp.csr_matrix, quoting: np.ndarray,
                   passages: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """(quoting row, quoted row) pairs: for the passage quoted by each row of ``quoting``, the other
    comment of its thread whose own words hold most of its word pairs, if that is at least
    ``QUOTE_MATCH_SHARE`` of the pairs (common ones left out of both counts).

    Columns are keyed by (thread, term), so counts and matches never cross threads.
    """
    n = own.shape[0]
    docs = comments[THREAD_KEY].astype(str).to_numpy() if THREAD_KEY in comments else np.full(n, "")
    doc_code = pd.factorize(pd.Series(docs))[0].astype(np.int64)
    own, passages = own.tocsr(), passages.tocsr()
    width = own.shape[1]
    own_rows = np.repeat(np.arange(n), np.diff(own.indptr))
    keys, codes = np.unique(doc_code[own_rows] * width + own.indices, return_inverse=True)
    common = np.bincount(codes, minlength=len(keys)) > QUOTE_MAX_POSTINGS
    usable = ~common[codes]
    held = sp.csr_matrix((np.ones(int(usable.sum()), np.float32), (own_rows[usable], codes[usable])),
                         shape=(n, len(keys)))
    passage_rows = np.repeat(np.arange(len(quoting)), np.diff(passages.indptr))
    passage_keys = doc_code[quoting[passage_rows]] * width + passages.indices
    at = np.minimum(np.searchsorted(keys, passage_keys), max(len(keys) - 1, 0))
    found = (keys[at] == passage_keys) if len(keys) else np.zeros(len(passage_keys), bool)
    counted = ~(found & common[at]) if len(keys) else np.ones(len(passage_keys), bool)
    size = np.bincount(passage_rows[counted], minlength=len(quoting))
    hit = found & counted
    quotes = sp.csr_matrix((np.ones(int(hit.sum()), np.float32), (passage_rows[hit], at[hit])),
                           shape=(len(quoting), len(keys)))
    overlap = (quotes @ held.T).tocoo()
    r, c, v = overlap.row, overlap.col, overlap.data
    other = c != quoting[r]
    r, c, v = r[other], c[other], v[other]
    order = np.lexsort((c, -v, r))  # per quoting row: most pairs first, then the earliest comment
    r, c, v = r[order], c[order], v[order]
    first = np.r_[True, r[1:] != r[:-1]] if len(r) else np.zeros(0, bool)
    r, c, v = r[first], c[first], v[first]
    ok = (size[r] >= QUOTE_MIN_PHRASES) & (v >= QUOTE_MATCH_SHARE * size[r])
    return quoting[r[ok]], c[ok]


def smooth_rows(matrix, graph: sp.csr_matrix, words: np.ndarray) -> Any:
    """Each linked row mixed with the mean of its graph neighbours' rows, as unit rows.

    The neighbours' share is ``QUOTE_PRIOR_WORDS / (words + QUOTE_PRIOR_WORDS)``: a comment of few own
    words ("Quite right. My mistake.") is mostly what it answers, a long one mostly itself.
    """
    degree = np.asarray(graph.sum(axis=1)).ravel()
    if not degree.any():
        return matrix
    share = np.where(degree > 0, QUOTE_PRIOR_WORDS / (np.asarray(words, dtype=np.float64) + QUOTE_PRIOR_WORDS), 0.0)
    if QUOTE_PRIOR_WORDS <= 0:
        share = np.where(degree > 0, 0.5, 0.0)
    mean = sp.diags(share / np.maximum(degree, 1.0)) @ graph
    unit = l2_normalize(matrix)
    mixed = sp.diags(1.0 - share) @ unit + mean @ unit
    return l2_normalize(mixed if sp.issparse(mixed) else np.asarray(mixed, dtype=np.float32))


# ---- reduction ----------------------------------------------------------------------------------
class NeighborSmoothing(TransformerMixin, BaseEstimator):
    """Move each row toward the mean of its nearest rows (cosine) in the fitted sample.

    A denoising step before clustering: a comment's few words are completed by those of the comments
    most like it. ``fit`` keeps a seeded sample of at most ``max_reference`` unit rows; ``transform``
    looks every row's ``n_neighbors`` up among them (the row itself too, if it is one of them), so a
    row's result does not depend on the other rows transformed with it.
    """

    def __init__(self, n_neighbors: int = NEIGHBORS, weight: float = NEIGHBOR_WEIGHT,
                 max_reference: int = NEIGHBOR_REFERENCE, random_state: int = 0) -> None:
        self.n_neighbors = n_neighbors
        self.weight = weight
        self.max_reference = max_reference
        self.random_state = random_state

    def fit(self, X, y=None) -> "NeighborSmoothing":
        rows = _sample(X.shape[0], self.max_reference, self.random_state)
        reference = l2_normalize(X[rows])
        self.reference_ = reference.tocsr() if sp.issparse(reference) else np.asarray(reference, dtype=np.float32)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        X = l2_normalize(X)
        k = min(self.n_neighbors, self.reference_.shape[0])
        if k < 1 or self.weight <= 0:
            return X
        blocks = []
        for start in range(0, X.shape[0], NEIGHBOR_BLOCK):
            part = X[start:start + NEIGHBOR_BLOCK]
            sims = _dense(part @ self.reference_.T)
            near = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < sims.shape[1] else np.tile(
                np.arange(sims.shape[1]), (sims.shape[0], 1))
            near = np.sort(near, axis=1)  # summing in a fixed order keeps results exact across runs
            pick = sp.csr_matrix((np.full(near.size, 1.0 / k, np.float32), near.ravel(),
                                  np.arange(0, near.size + 1, k)), shape=(part.shape[0], self.reference_.shape[0]))
            mean = pick @ self.reference_
            blocks.append((1 - self.weight) * part + self.weight * mean)
        out = sp.vstack(blocks, format="csr") if sp.issparse(X) else np.vstack([np.asarray(b) for b in blocks])
        return l2_normalize(out)


class CappedSVD(TransformerMixin, BaseEstimator):
    """TruncatedSVD to at most ``n_components`` dims: fewer when the rows or columns are fewer (tiny
    corpora), none when there are too few for any."""

    def __init__(self, n_components: int = REDUCED_DIMS, random_state: int = 0) -> None:
        self.n_components = n_components
        self.random_state = random_state

    def fit(self, X, y=None) -> "CappedSVD":
        k = min(self.n_components, X.shape[1] - 1, X.shape[0] - 1)
        self.svd_ = TruncatedSVD(k, random_state=self.random_state).fit(X) if k >= 2 else None
        return self

    def transform(self, X):
        return X if self.svd_ is None else self.svd_.transform(X)


def default_reducer(random_state: int = 0) -> Pipeline:
    """Neighbour smoothing, TruncatedSVD to ``REDUCED_DIMS`` dims, unit rows."""
    return Pipeline([("neighbors", NeighborSmoothing(random_state=random_state)),
                     ("svd", CappedSVD(REDUCED_DIMS, random_state=random_state)),
                     ("unit", Normalizer())])


# ---- clustering ----------------------------------------------------------------------------
class AutoK(ClusterMixin, BaseEstimator):
    """A clusterer whose number of clusters is chosen by cosine silhouette.

    Each k in ``[k_min, k_max]`` is set as ``k_param`` of a clone of ``estimator`` and fitted on the
    same seeded sample of at most ``sample_size`` rows; the best k is then fitted on all rows.
    Attributes: ``k_``, ``scores_`` (k -> silhouette), ``labels_``, ``estimator_``.
    """

    def __init__(self, estimator=None, k_min: int = 2, k_max: int = 12, k_param: str = "n_clusters",
                 sample_size: int = SILHOUETTE_SAMPLE, random_state: int = 0) -> None:
        self.estimator = estimator
        self.k_min = k_min
        self.k_max = k_max
        self.k_param = k_param
        self.sample_size = sample_size
        self.random_state = random_state

    def fit(self, X, y=None) -> "AutoK":
        from sklearn.metrics import silhouette_score

        base = self.estimator if self.estimator is not None else KMeans(n_init=KMEANS_INITS, random_state=self.random_state)
        n = X.shape[0]
        rows = _sample(n, self.sample_size, self.random_state)
        ks = [k for k in range(max(2, self.k_min), max(2, self.k_max) + 1) if k < len(rows)]
        self.scores_ = {}
        for k in ks:
            labels = clone(base).set_params(**{self.k_param: k}).fit_predict(X[rows])
            if len(np.unique(labels)) > 1:
                self.scores_[k] = float(silhouette_score(X[rows], labels, metric="cosine"))
        best = max(self.scores_.values(), default=None)
        self.k_ = next((k for k, s in self.scores_.items() if s >= best - 1e-9), min(2, max(n, 1))) if best is not None \
            else min(max(2, self.k_min), max(n, 1))
        self.estimator_ = clone(base).set_params(**{self.k_param: self.k_})
        self.labels_ = self.estimator_.fit_predict(X)
        return self


class NMFClusters(ClusterMixin, BaseEstimator):
    """NMF as a clusterer: each row goes to its heaviest component (negative inputs are clipped)."""

    def __init__(self, n_clusters: int = 8, random_state: int = 0) -> None:
        self.n_clusters = n_clusters
        self.random_state = random_state

    def fit(self, X, y=None) -> "NMFClusters":
        Xn = X.maximum(0) if sp.issparse(X) else np.maximum(X, 0)
        with warnings.catch_warnings():  # a partly converged factorisation still ranks topics well
            warnings.simplefilter("ignore", ConvergenceWarning)
            k = max(1, min(self.n_clusters, *Xn.shape))  # nndsvda needs k <= rows and columns
            W = NMF(k, init="nndsvda", random_state=self.random_state, max_iter=300).fit_transform(Xn)
        self.labels_ = W.argmax(axis=1)
        return self


def make_clusterer(method: str = "kmeans", k: int = 0, k_min: int = 2, k_max: int = 12, random_state: int = 0):
    """The clusterer of a config: ``method`` with ``k`` clusters, or with k chosen in [k_min, k_max] (k = 0)."""
    if method not in METHODS:
        raise ValueError(f"topics.method must be one of {', '.join(METHODS)}, not {method!r}")
    if method == "kmeans":
        base = KMeans(n_clusters=max(k, 1), n_init=KMEANS_INITS, random_state=random_state)
    elif method == "spectral":
        base = SpectralClustering(n_clusters=max(k, 2), affinity="nearest_neighbors", n_neighbors=SPECTRAL_NEIGHBORS,
                                  assign_labels="cluster_qr", random_state=random_state)
    elif method == "nmf":
        base = NMFClusters(n_clusters=max(k, 1), random_state=random_state)
    else:
        base = AgglomerativeClustering(n_clusters=max(k, 1), metric="cosine", linkage="average")
    return base if k > 0 else AutoK(base, k_min=k_min, k_max=k_max, random_state=random_state)


# ---- seeds ---------------------------------------------------------------------------------
class SeedMatcher:
    """Similarity of comments to seeded topics in word TF-IDF space.

    A seed's centroid is its terms' TF-IDF vector, expanded once with the mean of the comments that
    use its terms (a guided, one-step refinement), so comments on the topic that use other words of
    the same thread vocabulary also score.
    """

    def __init__(self, seeds: Sequence[Any], expansion: float = SEED_EXPANSION) -> None:
        self.seeds = [_seed_dict(s) for s in seeds]
        self.expansion = expansion

    def fit(self, features: TextFeatures, terms: sp.csr_matrix) -> "SeedMatcher":
        n_terms = terms.shape[1]
        vectors = np.zeros((n_terms, len(self.seeds)), dtype=np.float32)
        self.term_ids_: list[np.ndarray] = []
        vocab = features.vectorizer_.vocabulary_
        for j, seed in enumerate(self.seeds):
            words = [w for w in seed.get("terms", []) if w.strip()] or [seed["name"].replace("_", " ")]
            ids = sorted({i for w in words for i in seed_term_columns(w, features.analyzer_, vocab,
                                                                        features.ngram_max)})
            self.term_ids_.append(np.array(ids, dtype=int))
            if ids:  # each seed term weighs its corpus idf
                vectors[ids, j] = features.vectorizer_.idf_[ids]
                vectors[:, j] /= np.linalg.norm(vectors[:, j])
        direct = _rows_dot(terms, vectors)  # cosine to the bare seed vectors
        centroids = vectors.copy()
        self.vectors_ = vectors
        for j in range(len(self.seeds)):
            hits = direct[:, j] > 0
            if hits.any() and self.expansion > 0:
                mean = np.asarray(terms[hits].mean(axis=0)).ravel()
                mean /= np.linalg.norm(mean) or 1.0
                centroids[:, j] = (1 - self.expansion) * vectors[:, j] + self.expansion * mean
                centroids[:, j] /= np.linalg.norm(centroids[:, j]) or 1.0
        self.centroids_ = centroids
        return self

    def scores(self, terms: sp.csr_matrix) -> np.ndarray:
        """(n, n_seeds) cosine similarity to the expanded centroids; zero where no seed term occurs."""
        sims = _rows_dot(terms, self.centroids_)
        return np.where(_rows_dot(terms, self.vectors_) > 0, sims, 0.0)

    def matched_terms(self, terms: sp.csr_matrix, i: int, j: int, names: np.ndarray) -> list[str]:
        """Seed terms of seed ``j`` present in comment ``i``, heaviest first (ties in vocabulary order)."""
        cols, weights = _row(terms, i)
        hit = self.vectors_[cols, j] > 0
        order = np.lexsort((cols[hit], -weights[hit]))
        return [str(names[c]) for c in cols[hit][order][:EVIDENCE_TERMS]]


def seed_term_columns(term: str, analyzer, vocab: dict, ngram_max: int) -> list[int]:
    """Vocabulary columns of one seed term: the whole phrase (not its parts: "civil war" must not
    match every "war"), as n-grams of the longest fitted length; singular and plural forms too, and for
    a one-word term its derived forms (``SEED_SUFFIXES``)."""
    tokens = analyzer(term)
    if not tokens:
        return []
    m = min(len(tokens), max(ngram_max, 1))
    grams = [" ".join(tokens[i:i + m]) for i in range(len(tokens) - m + 1)]
    forms = {g2 for g in grams for g2 in (g, g + "s", g[:-1] if g.endswith("s") else g)}
    if len(tokens) == 1:  # a word's people and adjectives: evolution -> evolutionist(s); creationism -> creationist
        word = tokens[0]
        bases = [word] + [word[:-len(x)] for x in SEED_SUFFIX_SWAPS if word.endswith(x)]
        forms |= {b + x for b in bases if len(b) >= SEED_MIN_STEM for x in SEED_SUFFIXES}
    return [vocab[g] for g in sorted(forms) if g in vocab]


# ---- labelling -----------------------------------------------------------------------------
class CTfidf:
    """Class-based TF-IDF (BERTopic): term mass per class, weighted by log(1 + A / term mass).

    ``top_terms_`` maps a class to its ``n_terms`` best terms; ``phrases_`` to its label phrase: the
    best n-gram of two or more words among them that at least ``LABEL_MIN_COMMENTS`` of its comments
    use, else the best such word. Terms in ``excluded`` (names of commenters), terms with negations
    and bare numbers are never chosen.
    """

    def __init__(self, n_terms: int = 8, excluded: Sequence[str] = ()) -> None:
        self.n_terms = n_terms
        self.excluded = excluded

    def fit(self, terms: sp.csr_matrix, classes: np.ndarray, names: np.ndarray) -> "CTfidf":
        self.classes_, inverse = np.unique(classes, return_inverse=True)
        onehot = sp.csr_matrix((np.ones(len(inverse)), (inverse, np.arange(len(inverse)))),
                               shape=(len(self.classes_), len(inverse)))
        tf = (onehot @ terms).toarray()
        users = (onehot @ (terms > 0).astype(np.float32)).toarray()  # comments of the class using each term
        totals = tf.sum(axis=0)
        avg = tf.sum() / max(len(self.classes_), 1)
        idf = np.log1p(avg / np.maximum(totals, 1e-12))
        weights = l2_normalize(tf) * idf
        excluded = {e.lower() for e in self.excluded}
        excluded_words = {e for e in excluded if " " not in e}
        nameable = np.array([_nameable(str(t), excluded, excluded_words) for t in names], dtype=bool)
        self.top_terms_, self.phrases_ = {}, {}
        for c, row, used in zip(self.classes_, weights, users):
            order = [i for i in np.argsort(-row, kind="stable") if nameable[i] and row[i] > 0]
            self.top_terms_[c] = [str(names[i]) for i in order[: self.n_terms]]
            candidates = [i for i in order[:self.n_terms] if used[i] >= LABEL_MIN_COMMENTS] or order[:1]
            phrase = next((i for i in candidates if " " in str(names[i])), candidates[0] if candidates else None)
            self.phrases_[c] = str(names[phrase]) if phrase is not None else ""
        return self


def _nameable(term: str, excluded: set[str], excluded_words: set[str]) -> bool:
    words = term.lower().split()
    return (term.lower() not in excluded and not excluded_words.intersection(words)
            and not LABEL_SKIP_WORDS.intersection(words) and not all(w.isdigit() for w in words))


# ---- the stage -----------------------------------------------------------------------------
class TopicModel(StageMixin):
    """Seeded + discovered topics. Parameters mirror :class:`discourse.config.TopicConfig`, except that
    the clustering is given as sub-estimators (see :func:`topic_model_from_config`).

    ``clusterer``: an sklearn clusterer (``fit`` giving ``labels_``), cloned in ``fit``; default
    ``AutoK(KMeans)``. ``reducer``: an sklearn transformer applied to the representation rows before
    clustering, cloned in ``fit``; default :func:`default_reducer`; ``"passthrough"`` for none.

    A corpus-scope stage. ``fit(corpus)`` reads the feature stage's arrays (``terms``, ``representation``,
    ``quoted``) and fitted vocabulary (``corpus.models["features"]``) and learns the seed centroids, the
    clusters and their labels; ``transform(corpus)`` assigns comments to them and adds ``topic``,
    ``topic_label``, ``topic_terms``, ``topic_score`` and ``topic_evidence``. Attributes: ``topic_info_``
    (topic, kind, label, terms, examples), ``seed_matcher_``, ``reducer_``, ``clusterer_``, ``centroids_``,
    ``cluster_seeds_`` (cluster -> seed index), ``cluster_names_`` (cluster -> topic id), ``top_terms_``.
    """

    name = "topics"
    scope = "corpus"
    provides = ("topic", "topic_label", "topic_terms", "topic_score", "topic_evidence")

    def __init__(self, *, clusterer=None, reducer=None, seeded=None, seed_threshold: float = 0.1,
                 min_topic_size: int = 3, n_terms: int = 8, outlier_threshold: float = 0.05,
                 inherit_replies: bool = True, random_state: int = 0) -> None:
        self.clusterer = clusterer
        self.reducer = reducer
        self.seeded = seeded
        self.seed_threshold = seed_threshold
        self.min_topic_size = min_topic_size
        self.n_terms = n_terms
        self.outlier_threshold = outlier_threshold
        self.inherit_replies = inherit_replies
        self.random_state = random_state

    # ---- fit: learn seeds, clusters and labels ------------------------------------------------
    def fit(self, corpus: Corpus) -> "TopicModel":
        self._fit(corpus)
        return self

    def fit_transform(self, corpus: Corpus) -> Corpus:
        """``fit(corpus).transform(corpus)``, reusing the assignment fit makes of the same comments."""
        return corpus.with_columns(self._columns(*self._fit(corpus)))

    def _fit(self, corpus: Corpus) -> tuple[np.ndarray, np.ndarray, np.ndarray, sp.csr_matrix]:
        """Fit, and return the fitted comments' (topic, score, evidence, terms)."""
        features, terms, matrix, quoted = _inputs(corpus)
        n = len(corpus)
        self.feature_names_ = features.feature_names_
        self.excluded_terms_ = list(getattr(features, "author_names_", []))
        self.seeds_ = [_seed_dict(s) for s in (self.seeded or [])]
        self.seed_matcher_ = SeedMatcher(self.seeds_).fit(features, terms) if self.seeds_ and n else None
        self.reducer_ = self.clusterer_ = self.centroids_ = None
        self.cluster_names_, self.cluster_seeds_ = {}, {}

        rows = np.flatnonzero(terms.getnnz(axis=1) > 0)
        X, linked = self._rows(corpus.comments, terms, matrix, quoted) if n else (None, None)
        if len(rows) >= max(2 * self.min_topic_size, 4):
            sample = rows[_sample(len(rows), CLUSTER_SAMPLE, self.random_state)]
            reducer = self.reducer if self.reducer is not None else default_reducer(self.random_state)
            self.reducer_ = None if reducer == "passthrough" else clone(reducer).fit(X[sample])
            Z = X[sample] if self.reducer_ is None else self.reducer_.transform(X[sample])
            Z = np.asarray(l2_normalize(_dense(Z)), dtype=np.float32)
            with threadpool_limits(limits=1, user_api="openmp"):  # small rows: threads only contend for cores
                self.clusterer_ = clone(self.clusterer if self.clusterer is not None
                                        else make_clusterer(random_state=self.random_state)).fit(Z)
            # the clusters found in the reduced rows, placed in the representation's own space
            self.centroids_ = refine_centroids(X[sample], np.asarray(self.clusterer_.labels_))
            k = len(self.centroids_)
            labels, sims = self._nearest(X[rows])  # every row of the fit corpus
            keep = sims >= self.outlier_threshold
            direct = self._seeded(terms[rows])[0] if self.seed_matcher_ is not None else np.full(len(rows), -1)
            for c in range(k):  # clusters most of whose seed-matched comments share one seed become that seed's
                matched = direct[(labels == c) & (direct >= 0)]
                if len(matched):
                    counts = np.bincount(matched, minlength=len(self.seeds_))
                    if counts.max() >= SEED_CLUSTER_SHARE * (labels == c).sum():
                        self.cluster_seeds_[c] = int(counts.argmax())
            free = keep & (direct < 0) & ~np.isin(labels, list(self.cluster_seeds_))
            sizes = np.bincount(labels[free], minlength=k)
            kept = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] >= self.min_topic_size
                    and c not in self.cluster_seeds_]
            self.cluster_names_ = {int(c): f"t{i}" for i, c in enumerate(kept)}

        # labels and examples: c-TF-IDF over the topics the fit corpus is assigned (seeded ones too)
        self.topic_info_ = pd.DataFrame(columns=["topic", "kind", "label", "terms", "examples"])
        self.top_terms_, phrases = {}, {}
        topic, score, evidence, placed = self._assign(corpus.comments, terms, X, linked)
        if n:
            ctfidf = CTfidf(self.n_terms, self.excluded_terms_).fit(terms, topic.astype(str), self.feature_names_)
            self.top_terms_, phrases = ctfidf.top_terms_, ctfidf.phrases_
        examples = representative_examples(corpus.comments, topic, X, placed)
        phrases = {c: surface_form(p, corpus.comments["text"].to_numpy()[topic.astype(str) == c])
                   for c, p in phrases.items()}
        self.topic_info_ = self._topic_info(sorted(self.cluster_names_.values(), key=_topic_rank), phrases, examples)
        return topic, score, evidence, terms

    # ---- transform: assign comments -----------------------------------------------------------
    def transform(self, corpus: Corpus) -> Corpus:
        _, terms, matrix, quoted = _inputs(corpus)
        X, linked = self._rows(corpus.comments, terms, matrix, quoted) if len(corpus) else (None, None)
        topic, score, evidence, _ = self._assign(corpus.comments, terms, X, linked)
        return corpus.with_columns(self._columns(topic, score, evidence, terms))

    def _columns(self, topic: np.ndarray, score: np.ndarray, evidence: np.ndarray, terms: sp.csr_matrix) -> pd.DataFrame:
        """The stage's columns; discovered topics' evidence names the topic's terms each comment uses."""
        info = self.topic_info_
        labels_of = dict(zip(info["topic"], info["label"]))
        terms_of = dict(zip(info["topic"], info["terms"]))
        vocab = {t: c for c, t in enumerate(self.feature_names_)}
        for i in np.flatnonzero(evidence == NEAREST_CLUSTER):
            present = set(_row(terms, i)[0].tolist())
            shared = [t for t in self.top_terms_.get(topic[i], []) if vocab.get(t) in present]
            if shared:
                evidence[i] = "shared terms: " + ", ".join(shared[:EVIDENCE_TERMS])
        return pd.DataFrame({
            "topic": topic.astype(str), "topic_label": [labels_of.get(t, t) for t in topic],
            "topic_terms": [terms_of.get(t, "") for t in topic], "topic_score": np.round(score, 4),
            "topic_evidence": evidence.astype(str)})

    def _assign(self, comments: pd.DataFrame, terms: sp.csr_matrix, X, linked: np.ndarray):
        """(topic, score, evidence, placed) of every comment, thread by thread the same, given the rows
        ``X`` and ``linked`` of :meth:`_rows`; ``placed`` marks the comments with a row (None without clusters)."""
        n, names = len(comments), self.feature_names_
        topic = np.full(n, OTHER, dtype=object)
        score = np.zeros(n)
        evidence = np.full(n, "", dtype=object)

        # 1. seeded topics by their terms; in a thread on one seed (most of its seed-matched comments share
        # it), a comment that also matches that seed goes there
        seeded = np.full(n, -1)
        main = np.full(n, -1)
        if self.seed_matcher_ is not None and n:
            sims = self.seed_matcher_.scores(terms)
            seeded, best_sim = self._seeded(terms)
            main = thread_main_seed(comments, seeded)
            switch = np.flatnonzero((main >= 0) & (seeded >= 0) & (seeded != main))
            switch = switch[sims[switch, main[switch]] >= self.seed_threshold]
            seeded[switch], best_sim[switch] = main[switch], sims[switch, main[switch]]
            for i in np.flatnonzero(seeded >= 0):
                topic[i] = self.seeds_[seeded[i]]["name"]
                score[i] = best_sim[i]
                matched = self.seed_matcher_.matched_terms(terms, i, seeded[i], names)
                evidence[i] = "seed terms: " + ", ".join(matched)

        # 2. the rest: the nearest cluster (a seed's cluster, or a discovered topic), unless an outlier;
        # in a thread on one seed, that seed
        placed = None
        rows = np.flatnonzero(terms.getnnz(axis=1) > 0)
        # a comment of fewer than MIN_REPLY_TOKENS words is placed only through the comments it is linked to
        few = (content_words(terms, names) < MIN_REPLY_TOKENS) & ~linked
        if self.clusterer_ is not None and len(rows):
            placed = np.zeros(n, dtype=bool)
            placed[rows] = True
            labels, sims = self._nearest(X[rows])
            for i, lab, sim in zip(rows, labels, sims):
                if seeded[i] >= 0 or sim < self.outlier_threshold:
                    continue
                lab = int(lab)
                if few[i]:
                    lab = -1
                if lab in self.cluster_seeds_:
                    seed = self.seeds_[self.cluster_seeds_[lab]]
                    topic[i], score[i] = seed["name"], sim
                    seeded[i] = self.cluster_seeds_[lab]
                    evidence[i] = f"in a cluster of {seed['name']!r} comments"
                    continue
                if main[i] >= 0:
                    seed = self.seeds_[main[i]]
                    topic[i], score[i] = seed["name"], sim
                    seeded[i] = main[i]
                    evidence[i] = f"the thread's main seeded topic {seed['name']!r}"
                    continue
                name = self.cluster_names_.get(lab)
                if name is None:
                    continue
                topic[i], score[i], evidence[i] = name, sim, NEAREST_CLUSTER

        # 3. short replies with no seed of their own take their parent's topic
        if self.inherit_replies and n:
            self._inherit(comments, terms, names, seeded >= 0, topic, score, evidence)
        evidence[(topic == OTHER) & (evidence == "")] = "no topic signal"
        return topic, score, evidence, placed

    def _rows(self, comments: pd.DataFrame, terms: sp.csr_matrix, matrix, quoted):
        """(the representation rows clustered and placed, each averaged with its quote-linked comments';
        which comments have such links)."""
        graph = quote_graph(comments, terms, quoted, self.feature_names_)
        X = l2_normalize(smooth_rows(matrix, graph, content_words(terms, self.feature_names_)))
        return X, graph.getnnz(axis=1) > 0

    def _nearest(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Nearest centroid and its cosine similarity for every (unit) row."""
        sims = _dense(X @ self.centroids_.T)
        labels = sims.argmax(axis=1)
        return labels, sims[np.arange(len(labels)), labels]

    def _seeded(self, terms: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Best seed per row (-1 below ``seed_threshold``) and its similarity."""
        sims = self.seed_matcher_.scores(terms)
        best = sims.argmax(axis=1)
        best_sim = sims[np.arange(terms.shape[0]), best]
        return np.where(best_sim >= self.seed_threshold, best, -1), best_sim

    def _inherit(self, comments: pd.DataFrame, terms: sp.csr_matrix, names: np.ndarray, seeded: np.ndarray,
                 topic: np.ndarray, score: np.ndarray, evidence: np.ndarray) -> None:
        """A short reply without a seed of its own takes its parent's topic: always through a link that
        carries the parent's subject (``INHERIT_CUES``), through a guessed one only if it has no topic."""
        parent = reply_parents(comments)
        strong = np.ones(len(parent), dtype=bool)
        if "reply_cue" in comments:
            strong = np.isin(comments["reply_cue"].fillna("").astype(str).to_numpy(), INHERIT_CUES)
        n_tokens = content_words(terms, names)
        eligible = (parent >= 0) & ~seeded & (n_tokens >= MIN_REPLY_TOKENS) & (n_tokens <= SHORT_REPLY_TOKENS)
        for i in thread_order(parent):  # parents before children, so chains carry the topic down
            p = parent[i]
            if eligible[i] and topic[p] != OTHER and (strong[i] or topic[i] == OTHER):
                topic[i], score[i] = topic[p], score[p]
                evidence[i] = f"inherited from reply to {comments['id'].iat[p]}"

    def _topic_info(self, discovered: list[str], phrases: dict, examples: dict) -> pd.DataFrame:
        """One row per topic: seeded ones, discovered ones (t0, t1, ...), then 'other'."""
        top = self.top_terms_
        rows = [{"topic": s["name"], "kind": "seeded", "label": s.get("label") or s["name"],
                 "terms": "; ".join(top.get(s["name"], []) or s.get("terms", [])[: self.n_terms])} for s in self.seeds_]
        for name in discovered:
            words = top.get(name, [])
            rows.append({"topic": name, "kind": "discovered", "label": phrases.get(name) or name,
                         "terms": "; ".join(words)})
        rows.append({"topic": OTHER, "kind": "other", "label": OTHER, "terms": ""})
        for row in rows:
            row["examples"] = json.dumps(examples.get(row["topic"], []), ensure_ascii=False)
        return pd.DataFrame(rows, columns=["topic", "kind", "label", "terms", "examples"])


def topic_model_from_config(params: Mapping[str, Any], model: type | None = None) -> TopicModel:
    """The topic stage of a ``[topics]`` table (``Config.section_params("topics")``): ``method``, ``k``,
    ``k_min`` and ``k_max`` build the clusterer here, once; the other keys are keywords of the model."""
    params = dict(params)
    clusterer = make_clusterer(params.pop("method", "kmeans"), params.pop("k", 0), params.pop("k_min", 2),
                               params.pop("k_max", 12), params.get("random_state", 0))
    reducer = default_reducer(params.get("random_state", 0))
    return (model or TopicModel)(clusterer=clusterer, reducer=reducer, **params)


def refine_centroids(X, labels: np.ndarray, iterations: int = REFINE_ITERATIONS) -> np.ndarray:
    """Unit centroids of the clusters ``labels`` gives the unit rows ``X``, refined by spherical k-means
    in ``X``'s space (each row to its most similar centroid, centroids the mean of their rows)."""
    k = int(labels.max()) + 1 if len(labels) else 0
    centroids = _centroids(X, labels, k)
    for _ in range(iterations):
        new = _dense(X @ centroids.T).argmax(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        moved = _centroids(X, labels, k)
        empty = ~np.asarray(np.abs(moved).sum(axis=1) > 0).ravel()
        moved[empty] = centroids[empty]  # a cluster that lost all rows keeps its centroid
        centroids = moved
    return centroids


def _centroids(X, labels: np.ndarray, k: int) -> np.ndarray:
    onehot = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels)))
    return l2_normalize(_dense(onehot @ X)).astype(np.float32)


def thread_main_seed(comments: pd.DataFrame, seeded: np.ndarray) -> np.ndarray:
    """For every comment, the seed its thread is on (see ``THREAD_SEED_SHARE``), or -1."""
    n = len(comments)
    main = np.full(n, -1)
    docs = comments[THREAD_KEY].astype(str).to_numpy() if THREAD_KEY in comments else np.full(n, "")
    codes = pd.factorize(pd.Series(docs))[0]
    for code in np.unique(codes):
        mine = codes == code
        matched = seeded[mine & (seeded >= 0)]
        if len(matched) >= THREAD_MIN_SEEDED:
            counts = np.bincount(matched)
            if counts.max() >= THREAD_SEED_SHARE * len(matched):
                main[mine] = int(counts.argmax())
    return main


def surface_form(phrase: str, texts: Sequence[str]) -> str:
    """A label n-gram as its comments write it: "bill rights" -> "bill of rights" when that is its most common
    form in ``texts`` (up to ``LABEL_GAP_WORDS`` short words dropped between its words), else the n-gram."""
    words = phrase.split()
    if len(words) < 2:
        return phrase
    gap = rf"((?:\W+[^\W\d_]{{1,{LABEL_GAP_CHARS}}}){{0,{LABEL_GAP_WORDS}}})\W+"
    pattern = re.compile(r"\b" + gap.join(re.escape(w) for w in words) + r"\b", re.IGNORECASE)
    forms: dict[tuple[str, ...], int] = {}
    for text in texts:
        for gaps in pattern.findall(str(text)):
            gaps = (gaps,) if isinstance(gaps, str) else gaps
            key = tuple(" ".join(re.findall(r"[^\W\d_]+", g.lower())) for g in gaps)
            forms[key] = forms.get(key, 0) + 1
    if not forms:
        return phrase
    best = min(forms, key=lambda k: (-forms[k], sum(map(len, k)), k))
    out = [words[0]]
    for inserted, word in zip(best, words[1:]):
        out += [inserted, word] if inserted else [word]
    return " ".join(out)


def representative_examples(comments: pd.DataFrame, topic: np.ndarray, X, placed: np.ndarray | None) -> dict:
    """Per topic (not 'other'), up to ``EXAMPLES`` of its comments closest to its centroid (the mean of its
    placed rows of ``X``), distinct in their own words: ``[{"doc", "id", "excerpt"}]``."""
    out: dict[str, list[dict]] = {}
    if placed is None or not len(comments):
        return out
    texts = comments["text"].fillna("").astype(str).tolist() if "text" in comments else [""] * len(comments)
    quoted = quoted_evidence(comments)
    docs = comments["doc"].astype(str).tolist() if "doc" in comments else [""] * len(comments)
    ids = comments["id"].astype(str).tolist()
    for name in sorted(set(topic.tolist()) - {OTHER}):
        members = np.flatnonzero((topic == name) & placed)
        if not len(members):
            continue
        centre = l2_normalize(np.asarray(X[members].mean(axis=0)).reshape(1, -1))
        order = members[np.argsort(-_dense(X[members] @ centre.T).ravel(), kind="stable")]
        chosen, seen = [], set()
        for i in order:
            excerpt = _excerpt(own_words(texts[i], quoted[i]))  # own words of the candidates only
            key = excerpt.lower()
            if not excerpt or key in seen:
                continue
            seen.add(key)
            chosen.append({"doc": docs[i], "id": ids[i], "excerpt": excerpt})
            if len(chosen) == EXAMPLES:
                break
        out[name] = chosen
    return out


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def content_words(terms: sp.csr_matrix, names: np.ndarray) -> np.ndarray:
    """Distinct single-word (non-stop-word) terms per row."""
    unigram = np.array([" " not in t for t in names], dtype=bool)
    return np.asarray(terms[:, np.flatnonzero(unigram)].getnnz(axis=1)) if len(names) else np.zeros(terms.shape[0])


# ---- reply graph helpers (shared with the stance stage) --------------------------------------
def reply_parents(comments: pd.DataFrame) -> np.ndarray:
    """Row index of each comment's parent (``reply_to`` within the same doc), or -1."""
    n = len(comments)
    if not n or "reply_to" not in comments.columns:
        return np.full(n, -1)
    docs = comments["doc"].astype(str).to_numpy() if "doc" in comments.columns else np.full(n, "")
    ids = comments["id"].astype(str).to_numpy()
    where = {(d, i): r for r, (d, i) in enumerate(zip(docs, ids))}
    targets = comments["reply_to"].fillna("").astype(str).to_numpy()
    parent = np.array([where.get((d, t), -1) if t else -1 for d, t in zip(docs, targets)])
    parent[parent == np.arange(n)] = -1
    return parent


def thread_order(parent: np.ndarray) -> list[int]:
    """Rows ordered so that every parent comes before its replies (cycles broken arbitrarily)."""
    children: dict[int, list[int]] = {}
    for i, p in enumerate(parent):
        children.setdefault(int(p), []).append(i)
    order, seen = [], np.zeros(len(parent), dtype=bool)
    stack = list(reversed(children.get(-1, [])))
    while stack or not seen.all():
        if not stack:  # a cycle with no root: start anywhere in it
            stack.append(int(np.flatnonzero(~seen)[0]))
        i = stack.pop()
        if seen[i]:
            continue
        seen[i] = True
        order.append(i)
        stack.extend(reversed(children.get(i, [])))
    return order


def _topic_rank(name: str) -> int:
    return int(name[1:])


def _inputs(corpus: Corpus) -> tuple[TextFeatures, sp.csr_matrix, Any, sp.csr_matrix | None]:
    """The fitted features, word TF-IDF, representation and quoted-words TF-IDF a topic model reads."""
    try:
        features = corpus.models["features"]
        terms = corpus.arrays["terms"]
    except KeyError:
        raise ValueError("TopicModel needs a corpus transformed by TextFeatures first") from None
    matrix = corpus.arrays.get("representation")
    return features, terms, terms if matrix is None else matrix, corpus.arrays.get("quoted")
