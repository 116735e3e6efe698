"""Topics stage: seeded topics, then clustering of the rest, labelled by c-TF-IDF (corpus-level).

Small swappable parts, BERTopic style:

``SeedMatcher``   config seeds -> similarity of every comment to each seed's centroid (term space)
``Clusterer``     kmeans / nmf / agglomerative on the feature representation, k fixed or by silhouette
``CTfidf``        class-based TF-IDF -> top terms per topic
``TopicModel``    seeds -> clusters for the rest -> small clusters/outliers to ``other`` -> reply inheritance
"""
from __future__ import annotations

import warnings
from dataclasses import asdict, is_dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize as l2_normalize

from .features import TextFeatures
from .stages import Corpus, StageMixin

# ---- constants -----------------------------------------------------------------------------
OTHER = "other"
SEED_EXPANSION = 0.5  # weight of the mean of seed-matched comments in a seed's centroid (vs its terms)
SILHOUETTE_SAMPLE = 2000  # rows used to choose k (each candidate k is fitted on them)
CLUSTER_SAMPLE = 10000  # kmeans/nmf are fitted on at most this many rows, the rest are assigned
AGGLOMERATIVE_SAMPLE = 2000  # agglomerative clustering is quadratic: fit on a sample only
DENSE_DIMS = 100  # sparse rows are reduced to this many LSA dims where a dense array is needed
SHORT_REPLY_TOKENS = 40  # replies with at most this many content tokens may inherit a topic...
MIN_REPLY_TOKENS = 3  # ...if they have at least this many (a bare "LOL" is about nothing)
EVIDENCE_TERMS = 4  # terms quoted in an evidence string
METHODS = ("kmeans", "nmf", "agglomerative")
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
        """Seed terms of seed ``j`` present in comment ``i``, heaviest first."""
        cols, weights = _row(terms, i)
        hit = np.isin(cols, self.term_ids_[j])
        order = np.argsort(-weights[hit], kind="stable")
        return [str(names[c]) for c in cols[hit][order][:EVIDENCE_TERMS]]


def seed_term_columns(term: str, analyzer, vocab: dict, ngram_max: int) -> list[int]:
    """Vocabulary columns of one seed term: the whole phrase (not its parts: "civil war" must not
    match every "war"), as n-grams of the longest fitted length; singular and plural forms too."""
    tokens = analyzer(term)
    if not tokens:
        return []
    m = min(len(tokens), max(ngram_max, 1))
    grams = [" ".join(tokens[i:i + m]) for i in range(len(tokens) - m + 1)]
    forms = {g2 for g in grams for g2 in (g, g + "s", g[:-1] if g.endswith("s") else g)}
    return [vocab[g] for g in forms if g in vocab]


# ---- clustering ----------------------------------------------------------------------------
class Clusterer:
    """Cluster rows into k groups; k fixed, or chosen by silhouette (cosine) on a sample.

    Fitted on a sample for large inputs (agglomerative always: it is quadratic); every row is then
    assigned to the nearest centroid, so cost stays linear in the number of rows.
    """

    def __init__(self, method: str = "kmeans", k: int = 0, k_min: int = 2, k_max: int = 12,
                 random_state: int = 0) -> None:
        if method not in METHODS:
            raise ValueError(f"topics.method must be one of {', '.join(METHODS)}, not {method!r}")
        self.method = method
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.random_state = random_state

    def fit(self, X) -> "Clusterer":
        n = X.shape[0]
        rng = np.random.default_rng(self.random_state)
        limit = AGGLOMERATIVE_SAMPLE if self.method == "agglomerative" else CLUSTER_SAMPLE
        sample = np.sort(rng.choice(n, limit, replace=False)) if n > limit else np.arange(n)
        Xs = self._prepare(X[sample], fit=True)
        ks = [self.k] if self.k > 0 else list(range(max(2, self.k_min), max(2, self.k_max) + 1))
        ks = [k for k in ks if k < len(sample)] or [min(2, len(sample))]
        self.k_ = ks[0] if len(ks) == 1 else self._choose_k(Xs, ks, rng)
        labels = self._fit_k(Xs, self.k_)
        self.centroids_ = self._centroids(Xs, labels, self.k_)
        return self

    def predict(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Nearest centroid and its cosine similarity for every row."""
        sims = self._prepare(X) @ self.centroids_.T
        sims = np.asarray(sims)
        labels = sims.argmax(axis=1)
        return labels, sims[np.arange(len(labels)), labels]

    # -- internals
    def _prepare(self, X, fit: bool = False):
        """Unit rows; for agglomerative a dense array (sparse input reduced by LSA)."""
        if self.method == "agglomerative" and sp.issparse(X):
            if fit:
                from sklearn.decomposition import TruncatedSVD

                dims = max(1, min(DENSE_DIMS, min(X.shape) - 1))
                self.svd_ = TruncatedSVD(dims, random_state=self.random_state).fit(X)
            X = self.svd_.transform(X)
        return l2_normalize(X)

    def _fit_k(self, X, k: int) -> np.ndarray:
        if self.method == "kmeans":
            from sklearn.cluster import KMeans

            return KMeans(k, n_init=2, random_state=self.random_state).fit_predict(X)
        if self.method == "nmf":
            from sklearn.decomposition import NMF

            Xn = X.maximum(0) if sp.issparse(X) else np.maximum(X, 0)  # NMF needs non-negative input
            with warnings.catch_warnings():  # a partly converged factorisation still ranks topics well
                warnings.simplefilter("ignore", ConvergenceWarning)
                W = NMF(k, init="nndsvda", random_state=self.random_state, max_iter=300).fit_transform(Xn)
            return W.argmax(axis=1)
        from sklearn.cluster import AgglomerativeClustering

        return AgglomerativeClustering(k, metric="cosine", linkage="average").fit_predict(X)

    def _choose_k(self, X, ks: list[int], rng: np.random.Generator) -> int:
        """The k with the best cosine silhouette, each k fitted on the same small sample."""
        from sklearn.metrics import silhouette_score

        n = X.shape[0]
        idx = np.sort(rng.choice(n, SILHOUETTE_SAMPLE, replace=False)) if n > SILHOUETTE_SAMPLE else np.arange(n)
        Xs = X[idx]
        best_k, best = ks[0], -2.0
        for k in ks:
            if k >= len(idx):
                break
            labels = self._fit_k(Xs, k)
            if len(np.unique(labels)) < 2:
                continue
            score = silhouette_score(Xs, labels, metric="cosine")
            if score > best + 1e-9:
                best_k, best = k, score
        return best_k

    @staticmethod
    def _centroids(X, labels: np.ndarray, k: int) -> np.ndarray:
        onehot = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels)))
        sums = onehot @ X
        sums = sums.toarray() if sp.issparse(sums) else np.asarray(sums)
        return l2_normalize(sums)


# ---- labelling -----------------------------------------------------------------------------
class CTfidf:
    """Class-based TF-IDF (BERTopic): term mass per class, weighted by log(1 + A / term mass)."""

    def __init__(self, n_terms: int = 8) -> None:
        self.n_terms = n_terms

    def fit(self, terms: sp.csr_matrix, classes: np.ndarray, names: np.ndarray) -> "CTfidf":
        self.classes_, inverse = np.unique(classes, return_inverse=True)
        onehot = sp.csr_matrix((np.ones(len(inverse)), (inverse, np.arange(len(inverse)))),
                               shape=(len(self.classes_), len(inverse)))
        tf = (onehot @ terms).toarray()
        totals = tf.sum(axis=0)
        avg = tf.sum() / max(len(self.classes_), 1)
        idf = np.log1p(avg / np.maximum(totals, 1e-12))
        weights = l2_normalize(tf) * idf
        self.top_terms_ = {}
        nameable = np.array([not LABEL_SKIP_WORDS.intersection(str(n).split()) for n in names], dtype=bool)
        for c, row in zip(self.classes_, weights):
            order = [i for i in np.argsort(-row, kind="stable") if nameable[i] and row[i] > 0]
            self.top_terms_[c] = [str(names[i]) for i in order[: self.n_terms]]
        return self


# ---- the stage -----------------------------------------------------------------------------
class TopicModel(StageMixin):
    """Seeded + discovered topics. Parameters mirror :class:`discourse.config.TopicConfig`.

    A corpus-scope stage. ``fit(corpus)`` reads the feature stage's arrays (``terms``, ``representation``)
    and fitted vocabulary (``corpus.models["features"]``) and learns the seed centroids, the clusters and
    their labels; ``transform(corpus)`` assigns comments to them and adds ``topic``, ``topic_label``,
    ``topic_terms``, ``topic_score`` and ``topic_evidence``. Attributes: ``topic_info_`` (topic, kind,
    label, terms), ``seed_matcher_``, ``clusterer_``, ``cluster_names_`` (cluster -> topic id), ``top_terms_``.
    """

    name = "topics"
    scope = "corpus"
    provides = ("topic", "topic_label", "topic_terms", "topic_score", "topic_evidence")

    def __init__(self, *, seeded=None, seed_threshold: float = 0.1, method: str = "kmeans", k: int = 0,
                 k_min: int = 2, k_max: int = 12, min_topic_size: int = 3, n_terms: int = 8,
                 outlier_threshold: float = 0.05, inherit_replies: bool = True, random_state: int = 0) -> None:
        self.seeded = seeded
        self.seed_threshold = seed_threshold
        self.method = method
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.min_topic_size = min_topic_size
        self.n_terms = n_terms
        self.outlier_threshold = outlier_threshold
        self.inherit_replies = inherit_replies
        self.random_state = random_state

    # ---- fit: learn seeds, clusters and labels ------------------------------------------------
    def fit(self, corpus: Corpus) -> "TopicModel":
        features, terms, matrix = _inputs(corpus)
        n = len(corpus)
        self.feature_names_ = features.feature_names_
        self.seeds_ = [_seed_dict(s) for s in (self.seeded or [])]
        self.seed_matcher_ = SeedMatcher(self.seeds_).fit(features, terms) if self.seeds_ and n else None
        seeded = self._seeded(terms)[0] if self.seed_matcher_ is not None else np.full(n, -1)

        topic = np.full(n, OTHER, dtype=object)
        for j, seed in enumerate(self.seeds_):
            topic[seeded == j] = seed["name"]
        rest = np.flatnonzero((seeded < 0) & (terms.getnnz(axis=1) > 0))
        self.clusterer_, self.cluster_names_ = None, {}
        if len(rest) >= max(2 * self.min_topic_size, 4):
            self.clusterer_ = Clusterer(self.method, self.k, self.k_min, self.k_max, self.random_state)
            self.clusterer_.fit(matrix[rest])
            labels, sims = self.clusterer_.predict(matrix[rest])
            sizes = np.bincount(labels[sims >= self.outlier_threshold], minlength=self.clusterer_.k_)
            kept = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] >= self.min_topic_size]
            self.cluster_names_ = {int(c): f"t{i}" for i, c in enumerate(kept)}
            for i, lab, sim in zip(rest, labels, sims):
                if int(lab) in self.cluster_names_ and sim >= self.outlier_threshold:
                    topic[i] = self.cluster_names_[int(lab)]

        # labels: c-TF-IDF over all topics (seeded ones too, for their shown terms)
        self.top_terms_ = CTfidf(self.n_terms).fit(terms, topic.astype(str), self.feature_names_).top_terms_ if n else {}
        self.topic_info_ = self._topic_info(self.seeds_, sorted(self.cluster_names_.values(), key=_topic_rank),
                                            self.top_terms_)
        return self

    # ---- transform: assign comments -----------------------------------------------------------
    def transform(self, corpus: Corpus) -> Corpus:
        _, terms, matrix = _inputs(corpus)
        comments = corpus.comments
        n, names = len(corpus), self.feature_names_
        topic = np.full(n, OTHER, dtype=object)
        score = np.zeros(n)
        evidence = np.full(n, "", dtype=object)

        # 1. seeded topics
        seeded = np.full(n, -1)
        if self.seed_matcher_ is not None and n:
            seeded, best_sim = self._seeded(terms)
            for i in np.flatnonzero(seeded >= 0):
                topic[i] = self.seeds_[seeded[i]]["name"]
                score[i] = best_sim[i]
                matched = self.seed_matcher_.matched_terms(terms, i, seeded[i], names)
                evidence[i] = "seed terms: " + ", ".join(matched)

        # 2. discovered topics for the rest: the nearest kept cluster, unless an outlier
        rest = np.flatnonzero((seeded < 0) & (terms.getnnz(axis=1) > 0))
        if self.clusterer_ is not None and len(rest):
            labels, sims = self.clusterer_.predict(matrix[rest])
            vocab = {t: c for c, t in enumerate(names)}
            for i, lab, sim in zip(rest, labels, sims):
                name = self.cluster_names_.get(int(lab))
                if name is None or sim < self.outlier_threshold:
                    continue
                topic[i], score[i] = name, sim
                present = set(_row(terms, i)[0].tolist())
                shared = [t for t in self.top_terms_.get(name, []) if vocab.get(t) in present]
                evidence[i] = "shared terms: " + ", ".join(shared[:EVIDENCE_TERMS]) if shared else "nearest cluster"

        # 3. short replies with no seed of their own take their parent's topic
        if self.inherit_replies and n:
            self._inherit(comments, terms, names, seeded >= 0, topic, score, evidence)
        evidence[(topic == OTHER) & (evidence == "")] = "no topic signal"

        info = self.topic_info_
        labels_of = dict(zip(info["topic"], info["label"]))
        terms_of = dict(zip(info["topic"], info["terms"]))
        return corpus.with_columns(pd.DataFrame({
            "topic": topic.astype(str), "topic_label": [labels_of.get(t, t) for t in topic],
            "topic_terms": [terms_of.get(t, "") for t in topic], "topic_score": np.round(score, 4),
            "topic_evidence": evidence.astype(str)}))

    def _seeded(self, terms: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Best seed per row (-1 below ``seed_threshold``) and its similarity."""
        sims = self.seed_matcher_.scores(terms)
        best = sims.argmax(axis=1)
        best_sim = sims[np.arange(terms.shape[0]), best]
        return np.where(best_sim >= self.seed_threshold, best, -1), best_sim

    def _inherit(self, comments: pd.DataFrame, terms: sp.csr_matrix, names: np.ndarray, seeded: np.ndarray,
                 topic: np.ndarray, score: np.ndarray, evidence: np.ndarray) -> None:
        parent = reply_parents(comments)
        n_tokens = content_words(terms, names)
        eligible = (parent >= 0) & ~seeded & (n_tokens >= MIN_REPLY_TOKENS) & (n_tokens <= SHORT_REPLY_TOKENS)
        for i in thread_order(parent):  # parents before children, so chains carry the topic down
            p = parent[i]
            if eligible[i] and topic[p] != OTHER:
                topic[i], score[i] = topic[p], score[p]
                evidence[i] = f"inherited from reply to {comments['id'].iat[p]}"

    def _topic_info(self, seeds: list[dict], discovered: list[str], top: dict) -> pd.DataFrame:
        """One row per topic: seeded ones, discovered ones (t0, t1, ...), then 'other'."""
        rows = [{"topic": s["name"], "kind": "seeded", "label": s.get("label") or s["name"],
                 "terms": "; ".join(top.get(s["name"], []) or s.get("terms", [])[: self.n_terms])} for s in seeds]
        for name in discovered:
            words = top.get(name, [])
            rows.append({"topic": name, "kind": "discovered", "label": ", ".join(words[:3]) or name,
                         "terms": "; ".join(words)})
        rows.append({"topic": OTHER, "kind": "other", "label": OTHER, "terms": ""})
        return pd.DataFrame(rows, columns=["topic", "kind", "label", "terms"])


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


def _inputs(corpus: Corpus) -> tuple[TextFeatures, sp.csr_matrix, Any]:
    """The fitted features, word TF-IDF and representation a topic model reads from a corpus."""
    try:
        features = corpus.models["features"]
        terms = corpus.arrays["terms"]
    except KeyError:
        raise ValueError("TopicModel needs a corpus transformed by TextFeatures first") from None
    matrix = corpus.arrays.get("representation")
    return features, terms, terms if matrix is None else matrix
