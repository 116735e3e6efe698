#!/usr/bin/env python3
"""Benchmark: segmentation of flat thread dumps (the decoder's path) at growing sizes, to show it stays linear.

    python bench/bench_flat.py [--sizes 1000,10000,100000] [--file bench/out/thread_100000.txt]

A synthetic forum thread pasted as text: a title and an opening post, then posts of one to four paragraphs
built from the seeds' sentences (fixed seed per size); a third answer an earlier post point by point with
``>`` quotes of two of its paragraphs, a tenth quote it with a two-line ``>`` block, the rest are plain. The
page reads as a thread dump, so every stage of the flat-dump reading runs: quote sources, the decoder, the
opening post as the article. Prints lines/s per size (the better CPU time of two runs) and the posts found
against the posts written, next to the floor measured in the same run: a bare scikit-learn pass over the same
lines (``CountVectorizer().fit_transform``: reading and tokenizing every line once). ``--file`` times an
existing page the same way (bench.py's text dump, ``bench/out/thread_100000.txt``).
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
    ap.add_argument("--file", type=pathlib.Path, action="append", default=[], help="also time this page")
    args = ap.parse_args(argv)
    print("machine:", machine())
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    pool = [s for s in seed_sentences() if not s.startswith(">")]
    for size in map(int, args.sizes.split(",")) if args.sizes else ():
        lines, written = build(size, random.Random(size), pool)
        path = out / f"flat_{size}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(timed(path, f"flat dump, {written:,} posts written"))
    for path in args.file:
        print(timed(path, path.name))
    return 0


def timed(path: pathlib.Path, label: str) -> str:
    """One row: segmentation and the floor on the page at ``path``, each the better CPU time of two runs."""
    from sklearn.feature_extraction.text import CountVectorizer

    from discourse.segment import segment_file

    n_lines = sum(1 for _ in open(path, encoding="utf-8"))
    seconds, floor = [], []
    for _ in range(2):
        start = time.process_time()
        doc = segment_file(path)
        seconds.append(time.process_time() - start)
        start = time.process_time()
        CountVectorizer().fit_transform(path.read_text(encoding="utf-8").split("\n"))
        floor.append(time.process_time() - start)
    best, base = min(seconds), min(floor)
    return (f"{n_lines:>7} lines | {label} | segment {best:6.2f} s CPU, {n_lines / best:9,.0f} lines/s, "
            f"{len(doc.comments):,} comments | floor (CountVectorizer) {base:5.2f} s, {n_lines / base:9,.0f} lines/s")


if __name__ == "__main__":
    sys.exit(main())
