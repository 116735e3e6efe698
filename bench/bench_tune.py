"""Time ``discourse tune`` on a synthetic corpus: recombined sentences of the seeds, as CSV threads.

    python bench/bench_tune.py                      # 10k comments, 30-point grid, 3 seeds, 2 jobs
    python bench/bench_tune.py --comments 2000 --grid k=4..6

Prints the corpus size, the grid size and the wall time of the whole sweep (segmentation included).
"""
from __future__ import annotations

import argparse
import csv
import pathlib
import random
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from corpus import machine, seed_sentences  # noqa: E402

DEFAULT_GRID = ["k=4..8", "method=kmeans,nmf", "min_df=1,2,3"]  # 5 x 2 x 3 = 30 settings


def write_corpus(out: pathlib.Path, n_comments: int, threads: int = 20, seed: int = 0) -> list[pathlib.Path]:
    """``threads`` CSV files (id, parent, author, text); each comment is 1-4 seed sentences, a third reply."""
    rng = random.Random(seed)
    pool = seed_sentences()
    paths = []
    for t in range(threads):
        path = out / f"thread{t:03d}.csv"
        n = n_comments // threads + (1 if t < n_comments % threads else 0)
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "parent", "author", "text"])
            for i in range(n):
                parent = f"t{t}c{rng.randrange(i)}" if i and rng.random() < 0.33 else ""
                text = " ".join(rng.sample(pool, rng.randint(1, 4)))
                w.writerow([f"t{t}c{i}", parent, f"user{rng.randrange(400)}", text])
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=10_000)
    ap.add_argument("--grid", action="append", help=f"NAME=VALUES (default: {' '.join(DEFAULT_GRID)})")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=None, help="keep tuning.html here (default: a temp folder)")
    args = ap.parse_args(argv)

    import discourse

    with tempfile.TemporaryDirectory() as tmp:
        corpus = pathlib.Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, args.comments)
        grid = args.grid or DEFAULT_GRID
        config = discourse.Config()
        started = time.perf_counter()
        say = lambda m: print(f"  {time.perf_counter() - started:6.1f}s {m}", file=sys.stderr)  # noqa: E731
        # What `discourse tune` does, in two timed halves: segmentation (once) and the sweep.
        docs = discourse.segment_inputs([corpus], config)
        segmented = time.perf_counter()
        result = discourse.tune_segments(docs, config, grid, seeds=args.seeds, n_jobs=args.jobs, progress=say)
        finished = time.perf_counter()
        result.write(args.out or pathlib.Path(tmp) / "out")
    n = sum(len(d.comments) for d in docs)
    print(result.summary())
    print(f"tune: {len(result.table)} settings x {args.seeds} seeds on {n} comments, {args.jobs} jobs: "
          f"sweep {finished - segmented:.1f}s + segmentation {segmented - started:.1f}s = "
          f"{finished - started:.1f}s ({machine()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
