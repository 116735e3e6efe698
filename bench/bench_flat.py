#!/usr/bin/env python3
"""Benchmark: segmentation of flat thread dumps (the decoder's path) at growing sizes, to show it stays linear.

    python bench/bench_flat.py [--sizes 1000,10000,100000]

A synthetic forum thread pasted as text: a title and an opening post, then posts of one to four paragraphs
built from the seeds' sentences (fixed seed per size); a third answer an earlier post point by point with
``>`` quotes of two of its paragraphs, a tenth quote it with a two-line ``>`` block, the rest are plain. The
page reads as a thread dump, so every stage of the flat-dump reading runs: quote sources, the decoder, the
opening post as the article. Prints lines/s per size (CPU time of one warm run, then of a second) and the
posts found against the posts written.
"""
from __future__ import annotations

import argparse
import pathlib
import random
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import machine, seed_sentences  # noqa: E402


def build(n_lines: int, rng: random.Random, pool: list[str]) -> tuple[list[str], int]:
    """Lines of a thread dump of about ``n_lines`` lines, and how many posts follow the opening one."""
    lines = ["A thread about the council's new budget", *(rng.choice(pool) for _ in range(3))]
    posts: list[list[str]] = []
    while len(lines) < n_lines:
        kind = rng.random()
        own = [" ".join(rng.sample(pool, 2)) for _ in range(rng.randint(1, 4))]
        if posts and kind < 0.33:
            earlier = rng.choice(posts[-20:])
            if len(earlier) >= 2:
                body = [f"> {earlier[0]}", own[0], f"> {earlier[1]}", *(own[1:] or [rng.choice(pool)])]
            else:
                body = [f"> {earlier[0]}", *own]
        elif posts and kind < 0.43:
            earlier = rng.choice(posts[-20:])
            body = [f"> {line}" for line in earlier[:2]] + own
        else:
            body = own
        posts.append([line for line in body if not line.startswith(">")])
        lines.extend(body)
    return lines, len(posts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    args = ap.parse_args(argv)
    from discourse.segment import segment_file
    print("machine:", machine())
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    pool = [s for s in seed_sentences() if not s.startswith(">")]
    for size in map(int, args.sizes.split(",")):
        lines, written = build(size, random.Random(size), pool)
        path = out / f"flat_{size}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        times = []
        for _ in range(2):
            start = time.process_time()
            doc = segment_file(path)
            times.append(time.process_time() - start)
        best = min(times)
        print(f"{size:>7} lines | segment flat dump | {best:6.2f} s CPU | {len(lines) / best:9,.0f} lines/s | "
              f"posts found {len(doc.comments):,} of {written:,} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
