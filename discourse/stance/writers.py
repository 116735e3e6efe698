"""Which comments of a thread with no author line were written by the same writer (stylometry).

A flat text dump (a comment section copied from a page) often has no author lines: each comment is then a
node of its own in the signed graph, and the camps lose what ties a writer's comments together. Writers keep
habits across their comments: character n-grams (spelling, casing, favourite words and phrasings) and the
shape of their punctuation ("...", "!!", spacing, capitals). :class:`WriterInference` compares each
comment's habits with those of the comments near it in the thread, after removing what the whole thread
shares (its subject), and links each comment to the comments most like it. A comment rarely answers its own
writer, so a comment and the comment it replies to or quotes are never linked.

The links are weak evidence ("same inferred writer as c3"): the graph gives them ``weight`` toward the same
side, below a reply cue. Linear in comments: each comment is compared with at most ``window`` comments on
either side.

Measured (IAC 4forums posts with their real authors): the thread-centred similarity ranks same-writer pairs
above other pairs at AUC 0.73 (0.63 uncentred); a link at similarity > 0.1 joins one writer's posts 66% of
the time and same-camp posts 84%. The camps of the IAC text dumps gain about 0.04 held out (weight 0.2 chosen
on one half of the threads, scored on the other), but the seeds (news comments, target mode) and the Reddit
pastes lose, so the stage keeps it off by default (``stance.writer_weight = 0``).
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from .patterns import WRITER_FEATURES, WRITER_MIN_CHARS, own_text

_LOWER_RE = re.compile(r"[a-z]+")
_UPPER_RE = re.compile(r"[A-Z]+")
_DIGIT_RE = re.compile(r"[0-9]+")


def text_shape(text: str) -> str:
    """Runs of lower-case letters as 'a', capitals as 'A', digits as '0'; punctuation and spacing kept."""
    return _DIGIT_RE.sub("0", _UPPER_RE.sub("A", _LOWER_RE.sub("a", text)))


class WriterInference:
    """Same-writer links between the comments of a thread whose author is unknown.

    ``weight``: the link's weight toward the same side in the signed graph (0: no links); ``neighbors``:
    links per comment (to the comments most like it); ``min_similarity``: the (thread-centred cosine)
    similarity a link needs; ``window``: comments compared on either side of each comment.
    """

    def __init__(self, *, weight: float = 0.2, neighbors: int = 2, min_similarity: float = 0.05,
                 window: int = 50) -> None:
        self.weight = weight
        self.neighbors = neighbors
        self.min_similarity = min_similarity
        self.window = window

    def fit(self, corpus=None) -> "WriterInference":
        self.chars_ = HashingVectorizer(analyzer="char", ngram_range=(2, 4), lowercase=False, alternate_sign=False,
                                        norm=None, n_features=WRITER_FEATURES)
        self.shapes_ = HashingVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=False, alternate_sign=False,
                                         norm=None, n_features=WRITER_FEATURES, preprocessor=text_shape)
        self.words_ = HashingVectorizer(lowercase=True, alternate_sign=False, norm=None, n_features=WRITER_FEATURES)
        return self

    @property
    def active(self) -> bool:
        return self.weight > 0 and self.neighbors > 0

    def habits(self, texts: Sequence[str]) -> sp.csr_matrix:
        """One row per text: its character n-grams, shape n-grams and words (sublinear, each block of unit length)."""
        own = [own_text(t) for t in texts]
        blocks = []
        for vectorizer in (self.chars_, self.shapes_, self.words_):
            X = sp.csr_matrix(vectorizer.transform(own), dtype=float)
            X.data = 1.0 + np.log(X.data)
            blocks.append(l2_normalize(X))
        return sp.csr_matrix(sp.hstack(blocks))

    def links(self, texts: Sequence[str], parents: np.ndarray, unknown: np.ndarray,
              answers: dict[int, set[int]] | None = None) -> list[tuple[int, int, float]]:
        """(comment, comment, similarity) for each same-writer link of one thread.

        ``texts``: normalized, thread order; ``parents``: thread-local parent rows (-1: none); ``unknown``:
        comments with no author (only they are linked, to any comment); ``answers``: for each comment, the
        earlier comments it quotes (never linked to it either)."""
        n = len(texts)
        unknown = np.asarray(unknown, dtype=bool)
        if not self.active or n < 3 or not unknown.any():
            return []
        lengths = np.array([len(own_text(t)) for t in texts])
        usable = lengths >= WRITER_MIN_CHARS
        if usable.sum() < 3:
            return []
        X = self.habits(texts)
        mean = np.asarray(X[usable].mean(axis=0)).ravel()  # what the whole thread shares: its subject
        xm = X @ mean
        mm = float(mean @ mean)
        self_dot = np.asarray(X.multiply(X).sum(axis=1)).ravel()
        norm = np.sqrt(np.maximum(self_dot - 2 * xm + mm, 1e-12))
        answers = answers or {}
        apart = set()  # (later, earlier) pairs where one answers the other
        for i in range(n):
            p = int(parents[i])
            if p >= 0:
                apart.add((max(i, p), min(i, p)))
            for j in answers.get(i, ()):
                apart.add((max(i, j), min(i, j)))
        best: dict[int, list[tuple[float, int]]] = {}
        w = max(int(self.window), 1)
        for start in range(0, n, w):  # each block against itself and the block before it
            rows = np.arange(start, min(start + w, n))
            cols = np.arange(max(start - w, 0), rows[-1] + 1)
            S = (X[rows] @ X[cols].T).toarray()
            S = (S - xm[rows][:, None] - xm[cols][None, :] + mm) / (norm[rows][:, None] * norm[cols][None, :])
            for a, i in enumerate(rows.tolist()):
                if not usable[i]:
                    continue
                for b, j in enumerate(cols.tolist()):
                    if j >= i or i - j > w or not usable[j] or not (unknown[i] or unknown[j]) or (i, j) in apart:
                        continue
                    s = float(S[a, b])
                    if s > self.min_similarity:
                        best.setdefault(i, []).append((s, j))
                        best.setdefault(j, []).append((s, i))
        chosen: dict[tuple[int, int], float] = {}
        for i, cands in best.items():
            if not unknown[i]:
                continue
            for s, j in sorted(cands, key=lambda c: (-c[0], c[1]))[:self.neighbors]:
                chosen[(max(i, j), min(i, j))] = s
        return [(i, j, s) for (i, j), s in sorted(chosen.items())]
