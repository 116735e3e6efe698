"""Topic-map stage: 2-D coordinates of each comment within its thread, computed once in the pipeline.

The report only reads ``map_x``/``map_y``; it fits nothing. Each thread is projected on its own
(TruncatedSVD of sparse rows, PCA of dense LSA/embedding rows), so a thread's map does not depend on
the rest of the corpus and threads can be projected in parallel.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .stages import Corpus, StageMixin


class MapProjection(StageMixin):
    """Per-thread 2-D projection of the ``representation`` rows into ``map_x``, ``map_y``.

    ``max_fit_rows`` bounds the rows the projection of one thread is fitted on (a seeded sample; all
    rows are then transformed). Threads with fewer than 3 comments or no signal get NaN.
    """

    name = "projection"
    scope = "thread"
    provides = ("map_x", "map_y")
    learns = False  # fit is a no-op

    def __init__(self, *, max_fit_rows: int = 5000, random_state: int = 0) -> None:
        self.max_fit_rows = max_fit_rows
        self.random_state = random_state

    def fit(self, corpus: Corpus) -> "MapProjection":
        return self

    def transform(self, corpus: Corpus) -> Corpus:
        xy = np.full((len(corpus), 2), np.nan)
        matrix = corpus.arrays.get("representation")
        if matrix is not None:
            for rows in corpus.thread_rows():
                xy[rows] = self.project(matrix[rows])
        return corpus.with_columns(pd.DataFrame({"map_x": np.round(xy[:, 0], 4), "map_y": np.round(xy[:, 1], 4)}))

    def project(self, rows) -> np.ndarray:
        """(n, 2) coordinates of one thread's rows, or NaN where no projection is possible."""
        from sklearn.decomposition import PCA, TruncatedSVD

        n = rows.shape[0]
        nonzero = rows.nnz if sp.issparse(rows) else int(np.count_nonzero(rows))
        if n < 3 or rows.shape[1] < 3 or not nonzero:
            return np.full((n, 2), np.nan)
        fit_rows = np.arange(n)
        if n > self.max_fit_rows:
            fit_rows = np.sort(np.random.default_rng(self.random_state).choice(n, self.max_fit_rows, replace=False))
        model = (TruncatedSVD(n_components=2, random_state=self.random_state) if sp.issparse(rows)
                 else PCA(n_components=2, random_state=self.random_state))
        return model.fit(rows[fit_rows]).transform(rows)
