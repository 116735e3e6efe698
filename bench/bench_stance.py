#!/usr/bin/env python3
"""Benchmark of the stance stage alone: target mode and camps mode against a bare scikit-learn floor.

    python bench/bench_stance.py [--sizes 50000,100000,200000] [--code DIR]

For each size (a fresh process each), builds bench.py's synthetic thread of N comments (JSONL: authors,
reply links, quotes), segments it and runs the feature and topic stages untimed, then times on the same
corpus, one after the other: the stance stage with the seeds' target config (``discourse.toml``: target
mode), the stance stage with no target (camps mode), and the floor, a bare scikit-learn pass over the same
comments (``TfidfVectorizer(sublinear_tf=True).fit_transform``). Each is printed as wall-clock and CPU
seconds (CPU time is steadier on a machine shared with other jobs) and per 100k comments, with the
number of reply links, so linearity in comments and edges can be read across sizes.

``--code DIR`` imports ``discourse`` from another checkout (e.g. the main branch) to time the code
before a change on the same machine in the same minutes.
"""
from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run_size(n: int, out: pathlib.Path, code: pathlib.Path) -> None:
    sys.path[:0] = [str(ROOT / "bench")]
    from bench import write_corpus  # (it puts this checkout first on sys.path)

    sys.path[:0] = [str(code)]  # so that discourse is imported from the checkout timed
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    from discourse import load_config, segment_file
    from discourse.pipeline import build_stages
    from discourse.stages import Corpus
    from discourse.stance import StanceDetector

    assert pathlib.Path(sys.modules["discourse"].__file__).resolve().is_relative_to(code.resolve())
    config = load_config(ROOT / "discourse.toml")
    _, jsonl_path = write_corpus(n, out)
    corpus = Corpus(segment_file(jsonl_path).comments)
    links = int((corpus.comments["reply_to"].fillna("") != "").sum())
    params = config.section_params("stance")
    no_target = {**params, "target": "", "target_entities": [], "opponent_entities": [], "favor_cues": [],
                 "against_cues": []}
    with threadpool_limits(limits=1, user_api="blas"):
        for stage in build_stages(config)[:2]:  # features, topics: what the stance stage reads
            corpus = stage.fit_transform(corpus).with_model(stage.name, stage)
        runs = [("stance, target mode", lambda: StanceDetector(**params).fit_transform(corpus)),
                ("stance, camps mode", lambda: StanceDetector(**no_target).fit_transform(corpus)),
                ("floor: sklearn tf-idf", lambda: TfidfVectorizer(sublinear_tf=True).fit_transform(corpus.texts))]
        for name, job in runs:
            wall, cpu = time.perf_counter(), time.process_time()
            job()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"{n:>7} | {links:>6} | {name:<22} | {wall:7.2f} s | {cpu:7.2f} s | "
                  f"{wall * 1e5 / n:6.2f} s | {cpu * 1e5 / n:6.2f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50000,100000,200000", help="comma-separated comment counts")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"), help="where corpora are written")
    ap.add_argument("--code", default=str(ROOT), help="checkout whose discourse package is timed")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    args = ap.parse_args()
    if args.one:
        run_size(args.one, pathlib.Path(args.out), pathlib.Path(args.code))
        return
    sys.path[:0] = [str(ROOT / "bench")]
    from corpus import machine

    print(f"machine: {machine()}; code: {args.code}")
    print(f"{'comments':>7} | {'links':>6} | {'stage':<22} | {'wall':>9} | {'CPU':>9} | wall/100k | CPU/100k")
    for n in (int(s) for s in args.sizes.split(",")):
        subprocess.run([sys.executable, __file__, "--one", str(n), "--out", args.out, "--code", args.code], check=True)


if __name__ == "__main__":
    main()
