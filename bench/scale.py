#!/usr/bin/env python3
"""Scale benchmark: `discourse analyze` end to end against a bare scikit-learn pass, measured in the same run.

    python bench/scale.py                       # start-up, 100k, 1,500 pages, Dask 100k
    python bench/scale.py --sizes 100000,1000000 --skip-dask
    python bench/scale.py --only startup

Corpora (bench/out/, git-ignored; built from the seeds' sentences with a fixed seed, as bench.py does):

* ``threads_<N>.jsonl``: N comments as N/100 threads of 100 in one JSONL export with a ``thread_id`` column
  (replies, quotes and announcements as in bench.py); analysed as N/100 documents.
* ``pages_1500/``: 1,500 small text pages (title, byline, article paragraphs, a comment header and one to two
  comments), and ``pages_1500.jsonl``: the same comments as one export with 1,500 threads.

Every figure is printed next to its floor, both measured in this run, each in a fresh process:

* the floor of an analysis: ``json`` read of the texts, ``TfidfVectorizer().fit_transform`` and
  ``MiniBatchKMeans(8, random_state=0).fit`` (one thread, as discourse runs its stages; the default-thread
  variant is printed too);
* the floor of start-up: ``python -c pass``;
* many small files: the same comments as one export.

Wall time, CPU time (user + system) and peak resident memory of each process come from ``os.wait4``.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench import build_corpus  # noqa: E402
from corpus import machine, seed_sentences  # noqa: E402

OUT = ROOT / "bench" / "out"
CONFIG = ROOT / "discourse.toml"
PER_THREAD = 100
PAGES = 1500
FLOOR = """
import json, sys
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.cluster import MiniBatchKMeans
X = TfidfVectorizer().fit_transform(texts)
MiniBatchKMeans(8, random_state=0, n_init=3).fit(X)
"""
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# ---- corpora ------------------------------------------------------------------------------------
def thread_export(n: int) -> pathlib.Path:
    """N comments in N/100 threads of 100, one JSONL file with a thread_id column."""
    path = OUT / f"threads_{n}.jsonl"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    rng, pool = random.Random(n), seed_sentences()
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for t in range(max(n // PER_THREAD, 1)):
            for record in build_corpus(PER_THREAD, rng, pool)[1]:
                fh.write(json.dumps({"thread_id": f"t{t:06d}", **record}, ensure_ascii=False) + "\n")
    tmp.rename(path)
    return path


def small_pages(n_pages: int = PAGES) -> tuple[pathlib.Path, pathlib.Path]:
    """A folder of small text pages and the same comments as one multi-thread JSONL export."""
    folder, export = OUT / f"pages_{n_pages}", OUT / f"pages_{n_pages}.jsonl"
    if folder.exists() and export.exists():
        return folder, export
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng, pool = random.Random(n_pages), seed_sentences()
    with open(export, "w", encoding="utf-8") as fh:
        for p in range(n_pages):
            title = " ".join(rng.sample(pool, 1))[:90]
            article = [" ".join(rng.sample(pool, 3)) for _ in range(rng.randint(3, 6))]
            comments = [(f"reader{rng.randrange(500)}", " ".join(rng.sample(pool, rng.randint(1, 3))))
                        for _ in range(rng.choice((1, 1, 2, 2, 2)))]
            lines = [title, f"By Staff Writer | March {1 + p % 28}, 2021", *article, "",
                     f"{len(comments)} Comments", ""]
            for author, text in comments:
                lines += [f"{author} · {rng.randint(2, 59)} minutes ago", text, "Reply", ""]
            (folder / f"page_{p:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            for i, (author, text) in enumerate(comments):
                fh.write(json.dumps({"thread_id": f"page_{p:05d}", "id": f"c{i}", "author": author, "text": text},
                                    ensure_ascii=False) + "\n")
    return folder, export


# ---- measuring ----------------------------------------------------------------------------------
def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Wall and CPU seconds and peak RSS (MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024, "out": out}


def floor(path: pathlib.Path) -> dict:
    one = measure([sys.executable, "-c", FLOOR, str(path)], ONE_THREAD)
    default = measure([sys.executable, "-c", FLOOR, str(path)])
    return one if one["wall"] <= default["wall"] else {**default, "note": "default threads"}


def analyze(inputs: list[pathlib.Path], out: pathlib.Path, *extra: str) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    return measure([sys.executable, "-m", "discourse", "analyze", *map(str, inputs), "-o", str(out), "-q",
                    "--config", str(CONFIG), *extra])


def row(label: str, m: dict, floor_m: dict | None = None, target: float | None = None, per: int | None = None) -> str:
    text = f"{label:<44} {m['wall']:8.1f} s wall {m['cpu']:8.1f} s cpu {m['rss']:7.0f} MB"
    if per:
        text += f" {1e6 * m['wall'] / per:7.1f} us/comment"
    if floor_m is not None:
        ratio = m["wall"] / floor_m["wall"]
        text += f" | {ratio:5.2f}x floor ({floor_m['wall']:.1f} s)"
        if target is not None:
            text += f" target <= {target}x: {'met' if ratio <= target else 'NOT met'}"
    return text


# ---- the benchmarks -----------------------------------------------------------------------------
def bench_startup() -> None:
    def best(cmd):
        runs = [measure(cmd) for _ in range(5)]
        return min(runs, key=lambda m: m["wall"])

    base = best([sys.executable, "-c", "pass"])
    print(row("python -c pass (floor)", base))
    for args in (["--version"], ["--help"], ["analyze", "--help"]):
        m = best([sys.executable, "-m", "discourse", *args])
        print(row(f"discourse {' '.join(args)}", m) + f" | target <= 0.3 s: {'met' if m['wall'] <= 0.3 else 'NOT met'}")


def bench_size(n: int, per_comment: dict) -> None:
    path = thread_export(n)
    f = floor(path)
    print(row(f"floor: tfidf + MiniBatchKMeans(8), {n:,}", f))
    m = analyze([path], OUT / f"dash_threads_{n}")
    print(row(f"discourse analyze {n:,} ({n // PER_THREAD:,} threads)", m, f, target=3.0, per=n))
    per_comment[n] = m["wall"] / n
    small = min(per_comment)
    if n != small:
        ratio = per_comment[n] / per_comment[small]
        print(f"{'time per comment vs ' + format(small, ','):<44} {ratio:5.2f}x | target <= 1.5x: "
              f"{'met' if ratio <= 1.5 else 'NOT met'}; peak {m['rss']:.0f} MB, target <= 2048 MB: "
              f"{'met' if m['rss'] <= 2048 else 'NOT met'}")


def bench_pages() -> None:
    folder, export = small_pages()
    one = analyze([export], OUT / "dash_pages_export")
    many = analyze([folder], OUT / "dash_pages_folder")
    print(row(f"one export, {PAGES} threads (floor)", one))
    print(row(f"folder of {PAGES} small pages", many, one, target=2.0))
    print(f"{'':<44} comments found: export {_comments(one)}, pages {_comments(many)}")


def bench_dask(n: int) -> None:
    import pandas as pd

    path = thread_export(n)
    f = floor(path)
    local = analyze([path], OUT / f"dash_threads_{n}")
    dask = analyze([path], OUT / f"dash_dask_{n}", "--engine", "dask")
    print(row(f"local engine, {n:,}", local, f))
    print(row(f"dask engine (LocalCluster, {os.cpu_count()} workers), {n:,}", dask, f))
    cols = ["doc", "id", "topic", "stance"]
    a = pd.read_parquet(OUT / f"dash_threads_{n}" / "comments.parquet", columns=cols)
    b = pd.read_parquet(OUT / f"dash_dask_{n}" / "comments.parquet", columns=cols)
    print(f"{'':<44} topic/stance columns identical to the local engine's: {a.equals(b)}")


def _comments(m: dict) -> str:
    return m["out"].strip().split(" documents, ")[-1].split(" comments")[0] if " documents, " in m["out"] else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000", help="comma-separated comment counts (threads of 100)")
    ap.add_argument("--only", choices=("startup", "sizes", "pages", "dask"), help="run one benchmark")
    ap.add_argument("--skip-dask", action="store_true", help="no Dask run")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {machine()}")
    if args.only in (None, "startup"):
        bench_startup()
    if args.only in (None, "sizes"):
        per_comment: dict[int, float] = {}
        for n in sizes:
            bench_size(n, per_comment)
    if args.only in (None, "pages"):
        bench_pages()
    if args.only == "dask" or (args.only is None and not args.skip_dask):
        bench_dask(sizes[0])
    print(f"load at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
