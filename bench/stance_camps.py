#!/usr/bin/env python3
"""Camps on labelled debate threads: discourse against plain baselines, in the same run, with the same scorer.

    python bench/stance_camps.py /work/shared/devdata/iac/jsonl /work/shared/devdata/iac/gold/jsonl.json \
        --config /work/shared/devdata/iac/plain.toml [--set stance.reply_prior=0.5 ...] [--halves]

Runs ``discourse.analyze`` on the inputs and scores its ``comments.csv`` with ``tools/score.py analyze``
(``camp_acc``: per thread, best renaming of the camps). In the same run it scores:

* ``maxcut``: a max-cut of the author reply graph that reads no text (nodes are authors, or comments
  where the author is unknown; every reply link says "the other side"; exact for small components,
  greedy single flips from a spectral start otherwise; authors with no link join the larger side);
* ``majority``: the scorer's own majority-camp baseline (``camp_baseline``);
* ``reply pairs``: each gold reply -> parent pair whose two posts have gold stances (and, where authors
  are known, different authors) is "agree" when the stances are equal. Predicted: same camp = agree,
  different camps = disagree, ``none`` on either side = wrong (as the held-out Reddit pairs are scored);
  and how many posts of any gold reply pair (labelled or not) are left ``none`` or unmatched.

``--halves`` also prints every figure on the two halves of the threads (sorted by name, alternating),
to check that a setting chosen on one half holds on the other. Last, the share of comments right (under
each thread's best renaming) in the lower, middle and upper third of ``stance_confidence``.
"""
from __future__ import annotations

import argparse
import itertools
import json
import pathlib
import re
import subprocess
import sys
import tempfile
from collections import Counter

import numpy as np
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
SCORER = pathlib.Path("/work/shared/tools/score.py")
EXACT_MAX_NODES = 16  # components up to this many nodes are cut exactly (2^15 colourings)
SIDES = ("pro", "anti", "favor", "against")  # gold stances that take a side (IAC; Reddit SDQC support/deny)


def maxcut_camps(comments: pd.DataFrame) -> pd.Series:
    """camp_a/camp_b per comment from a max-cut of the reply graph of each thread (no text read)."""
    out = pd.Series("camp_a", index=comments.index, dtype=object)
    for _, thread in comments.groupby("doc", sort=False):
        authors = thread["author"].fillna("").astype(str).str.strip().str.lower()
        ids = thread["id"].astype(str).tolist()
        node_of = {i: (f"a:{a}" if a else f"c:{i}") for i, a in zip(ids, authors)}
        names = sorted(set(node_of.values()))
        index = {n: k for k, n in enumerate(names)}
        w = np.zeros((len(names), len(names)))
        for i, p in zip(ids, thread["reply_to"].fillna("").astype(str)):
            if p and p in node_of and node_of[p] != node_of[i]:
                a, b = index[node_of[i]], index[node_of[p]]
                w[a, b] += 1
                w[b, a] += 1
        side = _maxcut(w)
        counts = Counter()
        for i in ids:
            counts[side[index[node_of[i]]]] += 1
        lone = np.flatnonzero(w.sum(axis=1) == 0)
        major = 1 if counts[1] >= counts[-1] else -1
        side[lone] = major
        out.loc[thread.index] = ["camp_a" if side[index[node_of[i]]] > 0 else "camp_b" for i in ids]
    return out


def _maxcut(w: np.ndarray) -> np.ndarray:
    n = len(w)
    side = np.ones(n)
    seen = np.zeros(n, dtype=bool)
    for start in range(n):
        if seen[start]:
            continue
        comp, stack = [], [start]
        seen[start] = True
        while stack:
            k = stack.pop()
            comp.append(k)
            for j in np.flatnonzero(w[k]):
                if not seen[j]:
                    seen[j] = True
                    stack.append(j)
        comp = np.array(sorted(comp))
        sub = w[np.ix_(comp, comp)]
        if len(comp) <= EXACT_MAX_NODES:
            best, best_x = -1.0, None
            for bits in itertools.product((1.0, -1.0), repeat=len(comp) - 1):
                x = np.array((1.0, *bits))
                cut = (sub * (1 - np.outer(x, x))).sum()
                if cut > best:
                    best, best_x = cut, x
            side[comp] = best_x
        else:
            vals, vecs = np.linalg.eigh(-sub)
            x = np.where(vecs[:, -1] >= 0, 1.0, -1.0)
            improved = True
            while improved:
                improved = False
                for k in range(len(comp)):
                    if x[k] * (sub[k] @ x) > 0:  # more weight to its own side than across: flip
                        x[k] = -x[k]
                        improved = True
            side[comp] = x
    return side


def score(gold_path: pathlib.Path, table: pathlib.Path) -> dict[str, float]:
    run = subprocess.run([sys.executable, str(SCORER), "analyze", str(gold_path), str(table)],
                         capture_output=True, text=True, check=True)
    line = [x for x in run.stdout.splitlines() if x.startswith("score:")][-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def reply_pairs(gold: dict, comments: pd.DataFrame, stance_column: str = "stance") -> tuple[int, int, int]:
    """(right, total, majority) over gold reply pairs with gold stances on both posts."""
    right = total = 0
    labels = []
    for name, doc in gold["documents"].items():
        stem = pathlib.Path(name).stem
        mine = comments[comments["doc"].map(lambda d: pathlib.Path(d).stem) == stem]
        spans = list(zip(mine["start_line"].astype(int), mine["end_line"].astype(int), mine[stance_column],
                         mine["author"].fillna("").astype(str)))
        gc = {c["index"]: c for c in doc.get("comments", [])}

        def holder(line):
            return next(((s, a) for lo, hi, s, a in spans if lo <= line <= hi), (None, ""))

        for c in gc.values():
            p = gc.get(c["reply_to"]) if c["reply_to"] is not None else None
            if p is None or c.get("stance") not in SIDES or p.get("stance") not in SIDES:
                continue
            (mine_s, mine_a), (par_s, par_a) = holder(c["start_line"]), holder(p["start_line"])
            if mine_a and mine_a == par_a:
                continue  # an author answering themself says nothing about agreement
            agree = c["stance"] == p["stance"]
            labels.append(agree)
            total += 1
            if mine_s in (None, "none") or par_s in (None, "none"):
                continue
            right += (mine_s == par_s) == agree
    return right, total, max(Counter(labels).values()) if labels else 0


def none_in_pairs(gold: dict, comments: pd.DataFrame) -> tuple[int, int]:
    """(comments left ``none`` or unmatched, comments) over both posts of every gold reply -> parent pair,
    labelled or not (the held-out reply pairs count ``none`` on either side as wrong)."""
    left = total = 0
    for name, doc in gold["documents"].items():
        stem = pathlib.Path(name).stem
        mine = comments[comments["doc"].map(lambda d: pathlib.Path(d).stem) == stem]
        spans = list(zip(mine["start_line"].astype(int), mine["end_line"].astype(int), mine["stance"]))
        gc = {c["index"]: c for c in doc.get("comments", [])}
        in_pairs = {c["index"] for c in gc.values() if c["reply_to"] in gc} | \
                   {c["reply_to"] for c in gc.values() if c["reply_to"] in gc}
        for k in in_pairs:
            s = next((s for lo, hi, s in spans if lo <= gc[k]["start_line"] <= hi), None)
            total += 1
            left += s in (None, "none")
    return left, total


def right_by_confidence(gold: dict, comments: pd.DataFrame) -> list[tuple[float, float, int]]:
    """(lowest confidence, share right, comments) for each third of the gold comments by stance_confidence;
    right = the camp maps to the gold side under the thread's best renaming."""
    rows = []
    for name, doc in gold["documents"].items():
        stem = pathlib.Path(name).stem
        mine = comments[comments["doc"].map(lambda d: pathlib.Path(d).stem) == stem]
        spans = list(zip(mine["start_line"].astype(int), mine["end_line"].astype(int), mine["stance"],
                         mine["stance_confidence"].astype(float)))
        pairs = []
        for c in doc.get("comments", []):
            hit = next(((s, conf) for lo, hi, s, conf in spans if lo <= c["start_line"] <= hi), None)
            if hit and c.get("stance") is not None:
                pairs.append((c["stance"], hit[0], hit[1]))
        if not pairs:
            continue
        predicted = sorted({p for _, p, _ in pairs})
        gold_sides = sorted({g for g, _, _ in pairs})
        best = max(itertools.permutations(gold_sides + [None] * len(predicted), len(predicted)),
                   key=lambda perm: sum(dict(zip(predicted, perm)).get(p) == g for g, p, _ in pairs))
        mapping = dict(zip(predicted, best))
        rows.extend((conf, mapping.get(p) == g) for g, p, conf in pairs)
    rows.sort(key=lambda r: r[0])
    thirds = np.array_split(np.arange(len(rows)), 3)
    return [(rows[t[0]][0], float(np.mean([rows[i][1] for i in t])), len(t)) for t in thirds if len(t)]


def subset(gold: dict, names: list[str]) -> dict:
    return {**gold, "documents": {k: v for k, v in gold["documents"].items() if k in names}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs")
    ap.add_argument("gold")
    ap.add_argument("--config", required=True)
    ap.add_argument("--set", action="append", default=[], help="config override, e.g. stance.reply_prior=0.5")
    ap.add_argument("--out", help="folder for the tables (default: a temporary one)")
    ap.add_argument("--halves", action="store_true", help="also score the two halves of the threads")
    args = ap.parse_args()

    from discourse.config import load_config
    from discourse.pipeline import analyze_segments, segment_inputs

    config = load_config(args.config)
    if args.set:
        config = config.with_overrides(dict(s.split("=", 1) for s in args.set))
    out = pathlib.Path(args.out or tempfile.mkdtemp(prefix="stance-camps-"))
    out.mkdir(parents=True, exist_ok=True)
    docs = segment_inputs([args.inputs], config)
    comments = analyze_segments(docs, config).comments
    baseline = comments.assign(stance=maxcut_camps(comments))
    gold = json.loads(pathlib.Path(args.gold).read_text(encoding="utf-8"))
    names = sorted(gold["documents"])
    groups = {"all": names}
    if args.halves:
        groups |= {"half A": names[0::2], "half B": names[1::2]}
    none_share = (comments["stance"] == "none").mean()
    print(f"{len(comments)} comments in {comments['doc'].nunique()} threads; none share {none_share:.3f}")
    for label, members in groups.items():
        g = subset(gold, members)
        gpath = out / f"gold_{label.replace(' ', '_')}.json"
        gpath.write_text(json.dumps(g), encoding="utf-8")
        rows = []
        for name, table in (("discourse", comments), ("maxcut", baseline)):
            path = out / f"{name}.csv"
            table.to_csv(path, index=False)
            s = score(gpath, path)
            r, t, major = reply_pairs(g, table)
            rows.append(f"{name} camp_acc={s['camp_acc']:.3f} pairs={r / max(t, 1):.3f}")
        print(f"{label:7s} ({len(members):2d} threads): " + " | ".join(rows)
              + f" | majority camp_acc={s['camp_baseline']:.3f} pairs={major / max(t, 1):.3f} (n={t})")
    left, in_pairs = none_in_pairs(gold, comments)
    print(f"posts in gold reply pairs left none or unmatched: {left} of {in_pairs}")
    thirds = right_by_confidence(gold, comments)
    print("right by stance_confidence third: " + ", ".join(f">= {lo:.2f}: {share:.3f} (n={n})" for lo, share, n in thirds))


if __name__ == "__main__":
    main()
