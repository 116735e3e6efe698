"""Term association between two groups of comments.

Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words"): for term w with counts y_a, y_b in groups with n_a, n_b term occurrences and a prior
alpha_w proportional to the term's count in a background corpus (alpha_0 = sum alpha_w),

    delta_w = log((y_a + a_w) / (n_a + a_0 - y_a - a_w)) - log((y_b + a_w) / (n_b + a_0 - y_b - a_w))
    z_w = delta_w / sqrt(1 / (y_a + a_w) + 1 / (y_b + a_w))

Counts are comments containing the term (binary), so one long rant cannot dominate.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .data import SIDE_A, SIDE_B, side_name
from .html import esc

Z_SIGNIFICANT = 1.96  # |z| above which a term counts as associated with one side
Z_LEANING = 1.0  # where no term reaches Z_SIGNIFICANT: terms this far to one side are shown as leaning (weak)
LEANING_MIN_COMMENTS = 2  # ...and used by at least this many comments of that side
MIN_TERM_COUNT = 2  # terms seen in fewer comments (both sides together) are not compared


@dataclass
class Association:
    """Per-term counts and z-scores of side A against side B (positive z: more typical of A)."""

    name_a: str
    name_b: str
    n_a: int  # comments on each side
    n_b: int
    terms: np.ndarray
    count_a: np.ndarray
    count_b: np.ndarray
    z: np.ndarray

    def top(self, k: int, side: str = "a", leaning: bool = False) -> list[int]:
        """Indices of the k most associated terms of one side, strongest first: |z| > Z_SIGNIFICANT, or with
        ``leaning`` |z| > Z_LEANING and used by LEANING_MIN_COMMENTS comments of that side."""
        z = self.z if side == "a" else -self.z
        if leaning:
            used = (self.count_a if side == "a" else self.count_b) >= LEANING_MIN_COMMENTS
            z = np.where(used, z, -np.inf)
        order = np.lexsort((self.terms.astype(str), -z))  # ties broken alphabetically
        return [int(i) for i in order[:k] if z[i] > (Z_LEANING if leaning else Z_SIGNIFICANT)]


def column_counts(term_matrix: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """How many of the given comments contain each term."""
    if len(rows) == 0:
        return np.zeros(term_matrix.shape[1])
    return np.asarray(term_matrix[rows].sum(axis=0)).ravel().astype(float)


def log_odds_z(count_a: np.ndarray, count_b: np.ndarray, background: np.ndarray,
               prior_total: float | None = None) -> np.ndarray:
    """z-scores of the log-odds ratio with an informative Dirichlet prior (see module docstring).

    ``prior_total`` (alpha_0) defaults to the size of the compared groups, a moderate prior.
    """
    total = background.sum()
    if total <= 0:
        return np.zeros_like(count_a)
    a0 = float(prior_total if prior_total is not None else max(count_a.sum() + count_b.sum(), 1.0))
    alpha = background / total * a0 + 1e-3
    na, nb = count_a.sum(), count_b.sum()
    rest_a = np.maximum(na + a0 - count_a - alpha, 1e-6)  # > 0 but for the 1e-3 smoothing on a one-term vocabulary
    rest_b = np.maximum(nb + a0 - count_b - alpha, 1e-6)
    delta = np.log((count_a + alpha) / rest_a) - np.log((count_b + alpha) / rest_b)
    return delta / np.sqrt(1.0 / (count_a + alpha) + 1.0 / (count_b + alpha))


def associate(term_matrix: sp.csr_matrix, terms: np.ndarray, rows_a: np.ndarray, rows_b: np.ndarray,
              name_a: str, name_b: str, background: np.ndarray | None = None) -> Association | None:
    """Compare two sets of comment rows; None if either side is empty or no term qualifies."""
    if len(rows_a) == 0 or len(rows_b) == 0:
        return None
    return associate_counts(column_counts(term_matrix, rows_a), column_counts(term_matrix, rows_b), terms,
                            len(rows_a), len(rows_b), name_a, name_b, background)


def associate_counts(count_a: np.ndarray, count_b: np.ndarray, terms: np.ndarray, n_a: int, n_b: int,
                     name_a: str, name_b: str, background: np.ndarray | None = None) -> Association | None:
    """As :func:`associate`, from per-term comment counts (e.g. one document against the rest)."""
    if n_a == 0 or n_b == 0 or len(terms) == 0:
        return None
    keep = (count_a + count_b) >= MIN_TERM_COUNT
    if not keep.any():
        return None
    bg = (background if background is not None else count_a + count_b)[keep]
    z = log_odds_z(count_a[keep], count_b[keep], bg)
    return Association(name_a, name_b, n_a, n_b, terms[keep], count_a[keep], count_b[keep], z)


def top_lists(assoc: Association, k: int, colors: tuple[str, str]) -> str:
    """Two ranked lists (HTML) of the most associated terms of each side."""
    blocks = []
    for side, name, color in (("a", assoc.name_a, colors[0]), ("b", assoc.name_b, colors[1])):
        items = "".join(f"<li>{esc(assoc.terms[i])} <span class=\"note\">z {abs(assoc.z[i]):.1f}, "
                        f"{int(assoc.count_a[i] if side == 'a' else assoc.count_b[i])} comments</span></li>"
                        for i in assoc.top(k, side))
        n = assoc.n_a if side == "a" else assoc.n_b
        blocks.append(f'<div><b><span class="swatch" style="background:{color}"></span>'
                      f"more typical of {esc(name)}</b> <span class=\"note\">({n} comments)</span>"
                      f"<ol>{items or '<li class=note>no term stands out</li>'}</ol></div>")
    return '<div class="terms">' + "".join(blocks) + "</div>"


def stance_sides(stances: "np.ndarray | list[str]") -> tuple[np.ndarray, np.ndarray, str, str]:
    """Row positions of the two sides (favor/camp_a against against/camp_b) and their names."""
    values = np.asarray(stances, dtype=object)
    rows_a = np.flatnonzero(np.isin(values, SIDE_A))
    rows_b = np.flatnonzero(np.isin(values, SIDE_B))
    present = set(values[rows_a].tolist()) | set(values[rows_b].tolist())
    name_a = " / ".join(side_name(s) for s in SIDE_A if s in present) or "favor"
    name_b = " / ".join(side_name(s) for s in SIDE_B if s in present) or "against"
    return rows_a, rows_b, name_a, name_b
