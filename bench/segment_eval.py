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
from discourse.segment.scoring import figures, page_counts as score_page  # noqa: E402,F401

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
