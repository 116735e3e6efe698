#!/usr/bin/env python3
"""Per-page segmentation figures on labelled sets, in process (the figures of ../shared/tools/score.py).

    python bench/segment_eval.py GOLD.json --files DIR [--json OUT] [--by-layout GOLD_DIR] [--compare OLD.json]

Prints one row per page (line accuracy, comment starts right / predicted / gold, replies right / gold) and
the set totals; ``--by-layout`` groups the totals by the ``layout`` field of per-page gold files (the Reddit
dev set); ``--json`` saves the per-page figures, and ``--compare`` prints the pages worse than a saved run.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.segment import segment_file  # noqa: E402

ARTICLE = {"body", "standfirst"}
LENIENT = {"title", "meta", "caption"}  # the gold role accepts any role but comment


def _group(role: str) -> str:
    return "article" if role in ARTICLE else role


def score_page(doc: dict, out: dict) -> Counter:
    """Counts of one page: lines / lines_right, b_tp / b_pred / b_gold, reply_gold / reply_right, dups, false."""
    t = Counter()
    roles = {int(x["line"]): x["role"] for x in out["lines"]}
    for line, role in doc["lines"].items():
        got = roles.get(int(line), "missing")
        t["lines"] += 1
        t["lines_right"] += (got != "comment") if role in LENIENT else _group(got) == _group(role)
    comments = out["comments"]
    if "comments" not in doc:
        t["false_comment_docs"] += bool(comments)
        return t
    optional = set(doc.get("optional_comment_boundaries", []))
    gold_starts = {c["start_line"] for c in doc["comments"]} - optional
    starts = {c["start_line"] for c in comments} - optional
    t["b_tp"] += len(starts & gold_starts)
    t["b_pred"] += len(starts)
    t["b_gold"] += len(gold_starts)
    ends = sorted((c["start_line"], c["end_line"], c) for c in comments)

    def holder(line: int) -> dict | None:
        return next((c for a, b, c in ends if a <= line <= b), None)

    start_of = {c["index"]: c["start_line"] for c in doc["comments"]}
    for c in doc["comments"]:
        if c["reply_to"] is None:
            continue
        t["reply_gold"] += 1
        mine, parent = holder(c["start_line"]), holder(start_of[c["reply_to"]])
        t["reply_right"] += bool(mine and parent and mine["reply_to"] and mine["reply_to"] == parent["id"])
    for repost, original in doc.get("duplicates", []):
        mine, first = holder(start_of[repost]), holder(start_of[original])
        t["dup_gold"] += 1
        t["dup_right"] += bool(mine and first and mine["duplicate_of"] == first["id"])
    return t


def figures(t: Counter) -> dict[str, float]:
    p = t["b_tp"] / t["b_pred"] if t["b_pred"] else (1.0 if not t["b_gold"] else 0.0)
    r = t["b_tp"] / t["b_gold"] if t["b_gold"] else 1.0
    return {
        "line_acc": t["lines_right"] / t["lines"] if t["lines"] else 0.0,
        "boundary_f1": 0.0 if p + r == 0 else 2 * p * r / (p + r),
        "reply_acc": t["reply_right"] / t["reply_gold"] if t["reply_gold"] else 1.0,
        "dup_acc": t["dup_right"] / t["dup_gold"] if t["dup_gold"] else 1.0,
        "false_comment_docs": t["false_comment_docs"],
    }


def evaluate(gold_path: pathlib.Path, files: pathlib.Path) -> dict[str, Counter]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["documents"]
    return {name: score_page(doc, segment_file(files / name).to_json()) for name, doc in gold.items()}


def line(label: str, t: Counter) -> str:
    f = figures(t)
    return (f"{label:44s} line_acc={f['line_acc']:.3f} boundary_f1={f['boundary_f1']:.3f} "
            f"reply_acc={f['reply_acc']:.3f} starts {t['b_tp']}/{t['b_pred']}/{t['b_gold']} "
            f"replies {t['reply_right']}/{t['reply_gold']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=pathlib.Path)
    ap.add_argument("--files", type=pathlib.Path, required=True)
    ap.add_argument("--json", type=pathlib.Path, help="save the per-page counts here")
    ap.add_argument("--by-layout", type=pathlib.Path, help="folder of per-page gold files with a 'layout' field")
    ap.add_argument("--compare", type=pathlib.Path, help="per-page counts of an earlier run (--json)")
    ap.add_argument("-q", "--quiet", action="store_true", help="totals only")
    args = ap.parse_args(argv)
    pages = evaluate(args.gold, args.files)
    if not args.quiet:
        for name, t in pages.items():
            print(line(name, t))
    groups: dict[str, Counter] = {}
    if args.by_layout:
        for name, t in pages.items():
            meta = json.loads((args.by_layout / (pathlib.Path(name).stem + ".gold.json")).read_text(encoding="utf-8"))
            groups.setdefault(meta.get("layout", "?"), Counter()).update(t)
    for label, t in groups.items():
        print(line(f"layout {label}", t))
    print(line("total", sum(pages.values(), Counter())))
    if args.json:
        args.json.write_text(json.dumps({n: dict(t) for n, t in pages.items()}, indent=1, sort_keys=True))
    if args.compare:
        old = {n: Counter(t) for n, t in json.loads(args.compare.read_text()).items()}
        for name, t in pages.items():
            if name not in old:
                continue
            a, b = figures(old[name]), figures(t)
            worse = [k for k in ("line_acc", "boundary_f1", "reply_acc", "dup_acc") if b[k] < a[k] - 1e-9]
            if worse or b["false_comment_docs"] > a["false_comment_docs"]:
                print(f"WORSE {name}: " + ", ".join(f"{k} {a[k]:.3f} -> {b[k]:.3f}" for k in worse))
    return 0


if __name__ == "__main__":
    sys.exit(main())
