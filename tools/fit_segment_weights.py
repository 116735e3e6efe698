#!/usr/bin/env python3
"""Fit the segmenter's learned weights (discourse/segment/weights.json) on labelled dev pages.

    python tools/fit_segment_weights.py [--iac DIR] [--write] [--C 1.0]

``post_decoder``: where posts start in flat thread dumps (discourse.segment.decode). Training rows are the
units of the labelled flat dumps (Internet Argument Corpus threads, ../shared/devdata/iac: text/ and
gold/text.json), with the decoder's history taken from the gold post starts; a scikit-learn
LogisticRegression gives the weights. Reported, each from the same run:

* leave-one-thread-out: every thread decoded with weights fitted on the others;
* two halves: weights fitted on the even-numbered threads, scored on the odd ones, and the other way round;
* the weights fitted on all threads (what --write saves).

Figures are boundary precision / recall / F1 of comment starts, as the reference scorer counts them, over the
threads read as thread dumps. ``--end-to-end`` also segments every thread of the set with the segmenter itself
(weights fitted on the other half) and prints the reference scorer's figures per half (bench/segment_eval.py).
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.segment import decode as D  # noqa: E402
from discourse.segment.weights import WEIGHTS_FILE  # noqa: E402
from discourse.segment.flat import thread_dump  # noqa: E402
from discourse.segment.quotes import QuoteSources  # noqa: E402
from discourse.segment.roles import read_lines  # noqa: E402

DEFAULT_IAC = ROOT.parent.parent / "shared" / "devdata" / "iac"


def load_pages(folder: pathlib.Path) -> list[dict]:
    """The labelled flat dumps that read as thread dumps: lines, region, sources, gold starts (positions)."""
    gold = json.loads((folder / "gold" / "text.json").read_text(encoding="utf-8"))["documents"]
    pages = []
    for name, doc in sorted(gold.items()):
        raw = (folder / "text" / name).read_text(encoding="utf-8").split("\n")
        lines = read_lines(raw)
        dump = thread_dump(lines, QuoteSources.of(lines))
        if dump is None:
            continue
        position = {line.index: k for k, line in enumerate(lines)}
        comment_starts = {c["start_line"] for c in doc.get("comments", [])}
        gold_starts = {position[i] for i in comment_starts if i in position} | {dump.start}
        pages.append({"name": name, "lines": lines, "dump": dump, "gold": gold_starts,
                      "comment_starts": comment_starts})
    return pages


def rows(pages: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for page in pages:
        x, y = D.teacher_forced_rows(page["lines"], page["dump"].start, page["dump"].sources, page["gold"],
                                     page["dump"].change_point)
        xs.append(x)
        ys.append(y)
    return np.vstack(xs), np.concatenate(ys)


def fit(pages: list[dict], C: float, threshold: float = 0.5) -> dict:
    from sklearn.linear_model import LogisticRegression
    x, y = rows(pages)
    model = LogisticRegression(C=C, max_iter=5000).fit(x, y)
    return {"threshold": threshold, "intercept": round(float(model.intercept_[0]), 4),
            "coef": {name: round(float(w), 4) for name, w in zip(D.FEATURES, model.coef_[0])}}


def score(pages: list[dict], weights: dict, beam: int = 1) -> dict:
    """Comment-start precision, recall and F1 of the decoded pages (the article's first post is no comment)."""
    decoder = D.PostDecoder(weights=weights, beam=beam, threshold=weights.get("threshold", 0.5))
    tp = predicted = expected = 0
    for page in pages:
        lines, dump = page["lines"], page["dump"]
        starts = decoder.decode(lines, dump.start, dump.sources, dump.change_point)
        found = {lines[k].index for k in starts[1:]}
        tp += len(found & page["comment_starts"])
        predicted += len(found)
        expected += len(page["comment_starts"])
    p, r = tp / max(predicted, 1), tp / max(expected, 1)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(p + r, 1e-9), 3),
            "starts": f"{tp}/{predicted}/{expected}"}


def end_to_end(folder: pathlib.Path, pages: list[dict], C: float, threshold: float) -> None:
    """The scorer's figures of the even and the odd threads (all of them, dumps or not), each segmented with
    decoder weights fitted on the other half's thread dumps."""
    from collections import Counter
    sys.path.insert(0, str(ROOT / "bench"))
    from segment_eval import figures, score_page
    from discourse.segment import segment_file
    gold = json.loads((folder / "gold" / "text.json").read_text(encoding="utf-8"))["documents"]
    names = sorted(gold)
    halves = {"even": set(names[0::2]), "odd": set(names[1::2])}
    original = D.load_weights
    try:
        for half, other in (("even", "odd"), ("odd", "even")):
            weights = fit([page for page in pages if page["name"] in halves[other]], C, threshold)
            D.load_weights = lambda: {**original(), "post_decoder": weights}
            total = Counter()
            for name in sorted(halves[half]):
                total.update(score_page(gold[name], segment_file(folder / "text" / name).to_json()))
            f = figures(total)
            print(f"end to end, {half} threads (fitted on the {other}): line_acc={f['line_acc']:.3f} "
                  f"boundary_f1={f['boundary_f1']:.3f} reply_acc={f['reply_acc']:.3f}")
    finally:
        D.load_weights = original


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iac", type=pathlib.Path, default=DEFAULT_IAC, help="IAC dev folder (text/, gold/)")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularization strength")
    ap.add_argument("--beam", type=int, default=1)
    ap.add_argument("--threshold", type=float, default=0.5, help="probability above which a unit opens a post")
    ap.add_argument("--write", action="store_true", help="save the weights fitted on all threads")
    ap.add_argument("--end-to-end", action="store_true",
                    help="score each half of the threads end to end with weights fitted on the other half")
    args = ap.parse_args(argv)
    pages = load_pages(args.iac)
    print(f"{len(pages)} thread dumps")
    # leave one thread out
    decoded = []
    for i, page in enumerate(pages):
        weights = fit(pages[:i] + pages[i + 1:], args.C, args.threshold)
        decoded.append(score([page], weights, args.beam))
    tp = sum(int(s["starts"].split("/")[0]) for s in decoded)
    pr = sum(int(s["starts"].split("/")[1]) for s in decoded)
    ex = sum(int(s["starts"].split("/")[2]) for s in decoded)
    p, r = tp / max(pr, 1), tp / max(ex, 1)
    print(f"leave-one-thread-out: precision {p:.3f} recall {r:.3f} f1 {2 * p * r / max(p + r, 1e-9):.3f} ({tp}/{pr}/{ex})")
    even, odd = pages[0::2], pages[1::2]
    print("fit on even threads, scored on odd:", score(odd, fit(even, args.C, args.threshold), args.beam))
    print("fit on odd threads, scored on even:", score(even, fit(odd, args.C, args.threshold), args.beam))
    weights = fit(pages, args.C, args.threshold)
    print("fit on all, scored on all:", score(pages, weights, args.beam))
    if args.end_to_end:
        end_to_end(args.iac, pages, args.C, args.threshold)
    if args.write:
        table = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")) if WEIGHTS_FILE.exists() else {}
        table["post_decoder"] = {
            "fitted_by": "tools/fit_segment_weights.py", "data": "IAC dev text dumps (thread dumps among them)",
            "C": args.C, **weights}
        WEIGHTS_FILE.write_text(json.dumps(table, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
