"""The contrast view, Scattertext style: two sides compared term by term, and the comments behind
each term a click away, offline.

Python computes the informative-Dirichlet log-odds of every term (:mod:`.compare`) and picks, for each
drawn term, a few comments of each side that use it; the page's script draws the scatter (comments of
side B using a term against comments of side A using it, colour = z) and lists those comments when a
point or a term is clicked, or a term is searched. The comments go into the page's comment store.
"""
from __future__ import annotations

import numpy as np

from .compare import Association, associate
from .data import CorpusView
from .html import esc, json_script, note
from .store import CommentStore

TERM_COMMENTS = 12  # comments listed per term (half from each side where both use it)
LABELLED_TERMS = 10  # terms of each side named on the scatter
CHIP_TERMS = 12  # terms of each side offered as buttons


def contrast_data(view: CorpusView, rows_a: np.ndarray, rows_b: np.ndarray, names: tuple[str, str],
                  colors: tuple[str, str], label: str, store: CommentStore, max_terms: int) -> dict | None:
    """One view of the contrast component, or None when a side is empty or no term sets them apart."""
    assoc = associate(view.term_matrix, view.terms, rows_a, rows_b, names[0], names[1], background=view.term_totals)
    if assoc is None:
        return None
    weak = not (assoc.top(1, "a") or assoc.top(1, "b"))  # no significant term: show the leaning ones as such
    top_a = assoc.top(max(LABELLED_TERMS, CHIP_TERMS), "a", leaning=weak)
    top_b = assoc.top(max(LABELLED_TERMS, CHIP_TERMS), "b", leaning=weak)
    if not (top_a or top_b):
        return None
    freq = assoc.count_a + assoc.count_b
    by_freq = np.lexsort((assoc.terms.astype(str), -freq))[:max_terms]
    drawn = sorted(set(by_freq.tolist()) | set(top_a) | set(top_b), key=lambda i: (-freq[i], str(assoc.terms[i])))
    position = {t: k for k, t in enumerate(drawn)}
    refs = _term_comments(view, assoc, drawn, rows_a, rows_b, store)
    return {"label": esc(label), "weak": weak,
            "a": {"name": esc(names[0]), "color": colors[0], "n": int(assoc.n_a)},
            "b": {"name": esc(names[1]), "color": colors[1], "n": int(assoc.n_b)},
            "terms": [[esc(assoc.terms[i]), int(assoc.count_a[i]), int(assoc.count_b[i]), round(float(assoc.z[i]), 2),
                       refs[k]] for k, i in enumerate(drawn)],
            "labelled": [position[i] for i in top_a[:LABELLED_TERMS] + top_b[:LABELLED_TERMS]],
            "top_a": [position[i] for i in top_a[:CHIP_TERMS]], "top_b": [position[i] for i in top_b[:CHIP_TERMS]]}


def _term_comments(view: CorpusView, assoc: Association, drawn: list[int], rows_a: np.ndarray,
                   rows_b: np.ndarray, store: CommentStore) -> list[list[int]]:
    """Store rows of up to TERM_COMMENTS comments per drawn term, alternating sides, the most confident first.

    The strongest terms are served first, so when the page's text budget runs out it is the rare,
    undistinctive terms that list fewer comments.
    """
    term_col = {str(t): j for j, t in enumerate(view.terms)}
    columns = np.array([term_col[str(assoc.terms[i])] for i in drawn], dtype=int)
    conf = np.nan_to_num(view.comments["stance_confidence"].to_numpy(float), nan=0.0)
    strength = np.abs(view.comments["stance_score"].to_numpy(float))
    per_side = []
    for rows in (rows_a, rows_b):
        rows = np.asarray(rows, dtype=int)
        ranked = rows[np.lexsort((rows, -strength[rows], -conf[rows]))]
        sub = view.term_matrix[ranked][:, columns].tocsc()
        per_side.append((ranked, sub))
    out: list[list[int]] = [[] for _ in drawn]
    order = sorted(range(len(drawn)), key=lambda k: -abs(float(assoc.z[drawn[k]])))
    for k in order:
        lists = [ranked[sub.indices[sub.indptr[k]:sub.indptr[k + 1]]] for ranked, sub in per_side]
        picked = []
        for a, b in _zip_longest(*(x[:TERM_COMMENTS] for x in lists)):
            picked += [r for r in (a, b) if r is not None]
        for r in picked[:TERM_COMMENTS]:
            s = store.add(r)
            if s >= 0:
                out[k].append(s)
    return out


def _zip_longest(a, b):
    for k in range(max(len(a), len(b))):
        yield (int(a[k]) if k < len(a) else None), (int(b[k]) if k < len(b) else None)


def contrast_html(views: list[dict], root_id: str, chooser: str = "") -> str:
    """The contrast component: the scatter, the side term buttons, a search box and the comment list.

    ``chooser`` labels a select between several views (e.g. one per thread for camps)."""
    pick = (f'<label class="note">{esc(chooser)} <select class="pick view"></select></label>'
            if chooser and len(views) > 1 else "")
    return (f'<div class="contrast-view" id="{root_id}">{pick}<div class="contrast">'
            f'<div class="fig-box"><div class="contrast-fig plotly-graph-div" style="height:520px"></div></div>'
            f'<div><div class="side-chips sides"></div>'
            f'<input class="search" type="search" list="{root_id}-terms" placeholder="Search a term or any text…" '
            f'aria-label="Search a term"><datalist id="{root_id}-terms"></datalist>'
            f'<p class="term-head note">Click a point or a term to list the comments that use it.</p>'
            f'<ul class="clist"></ul></div></div>'
            + (WEAK_NOTE if any(v.get("weak") for v in views) else "")
            + json_script({"views": views}, cls="contrast-data") + "</div>")


WEAK_NOTE = note("Weak evidence: no term is used markedly more by one side (|z| > 1.96); the terms named lean "
                 "to one side (|z| > 1, used by at least 2 of its comments). Read the comments before concluding.")


def no_contrast(names: tuple[str, str], n_a: int, n_b: int) -> str:
    """The one line shown instead of an empty contrast."""
    if not n_a or not n_b:
        return note(f"No contrast: one side is empty ({n_a} {names[0]}, {n_b} {names[1]} comments).")
    return note(f"No term sets {names[0]} and {names[1]} apart: no term is used markedly more by one side "
                "(|z| > 1.96).")
