#!/usr/bin/env python3
"""Benchmark: synthetic corpora of 1k, 10k and 100k comments, timed per stage.

Comments are built from sentences of the bundled seeds, shuffled and recombined
with a fixed seed, and written twice: as one plain-text dump (an article, then the
comments, with the cues the segmenter looks for) and as JSONL (id, parent, author, text).

    python bench/bench.py                 # 1k, 10k, 100k
    python bench/bench.py --sizes 1000    # a quick run

Prints, per corpus size and stage: seconds, lines/s or comments/s, and the process's
peak resident memory after the stage (ru_maxrss; it only grows, so each figure bounds
all stages up to it); then features + topics beside the floor, a bare scikit-learn TF-IDF + LSA(100) +
KMeans(12) pass over the same comments in the same process. Each size runs in a fresh process so peaks do not carry over.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import random
import resource
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import machine, seed_sentences  # noqa: E402

OPENERS = ["Agreed.", "Exactly.", "Wrong.", "Nonsense.", "Well said.", "I disagree.", "Spot on."]
AUTHORS = [f"user{i}" for i in range(400)]


def build_corpus(n_comments: int, rng: random.Random, pool: list[str]) -> tuple[list[str], list[dict]]:
    """Return (text-dump lines, JSONL records) for one thread of n_comments."""
    article = [" ".join(rng.sample(pool, 4)) for _ in range(10)]
    lines, records = list(article), []
    for i in range(n_comments):
        body = " ".join(rng.sample(pool, rng.randint(1, 3)))
        parent = ""
        kind = rng.random()
        if i and kind < 0.15:  # agreement / rebuttal reply to the previous comment
            body = f"{rng.choice(OPENERS)} {body}"
            parent = f"c{i - 1}"
        elif i > 5 and kind < 0.25:  # quote an earlier comment
            j = rng.randint(max(0, i - 8), i - 1)
            quoted = records[j]["text"].split("\n")[0][:120]
            body = f"> {quoted}\n{body}"
            parent = f"c{j}"
        elif kind < 0.30:  # announcement + link
            body = f"{body} Here is the link:\nhttps://example.org/{i}"
        records.append({"id": f"c{i}", "parent": parent, "author": rng.choice(AUTHORS), "text": body})
        lines.extend(body.split("\n"))
    return lines, records


def write_corpus(n: int, out: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    rng = random.Random(n)  # fixed seed per size
    lines, records = build_corpus(n, rng, seed_sentences())
    out.mkdir(parents=True, exist_ok=True)
    text_path, jsonl_path = out / f"thread_{n}.txt", out / f"thread_{n}.jsonl"
    text_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(jsonl_path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return text_path, jsonl_path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sklearn_floor(texts: list[str], k: int = 12) -> None:
    """TfidfVectorizer + TruncatedSVD(100) + KMeans(k): the plain scikit-learn pipeline topics are measured against."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    X = TfidfVectorizer(min_df=2, sublinear_tf=True, stop_words="english").fit_transform(texts)
    Z = normalize(TruncatedSVD(100, random_state=0).fit_transform(X))
    KMeans(k, n_init=1, random_state=0).fit(Z)


def run_size(n: int, out: pathlib.Path, report: bool) -> None:
    """Time each stage for one corpus size (runs inside its own process)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    from discourse import Config, load_config, segment_file
    from discourse.pipeline import analyze_segments, build_stages
    from discourse.stance import StanceDetector
    from discourse.stages import Corpus

    config = load_config(ROOT / "discourse.toml") if (ROOT / "discourse.toml").is_file() else Config()
    text_path, jsonl_path = write_corpus(n, out)
    n_lines = sum(1 for _ in open(text_path, encoding="utf-8"))
    rows = []

    def record(stage: str, seconds: float, count: int, unit: str) -> None:
        rows.append((n, stage, seconds, count / seconds if seconds else float("inf"), unit, peak_mb()))

    t = time.perf_counter()
    text_doc = segment_file(text_path)
    record("segment text dump", time.perf_counter() - t, n_lines, "lines/s")
    t = time.perf_counter()
    doc = segment_file(jsonl_path)
    record("segment jsonl", time.perf_counter() - t, len(doc.comments), "comments/s")

    corpus = Corpus(doc.comments)
    n_comments = len(corpus)
    stages = build_stages(config)
    with threadpool_limits(limits=1, user_api="blas"):
        for stage in stages:  # as LocalEngine runs them on a corpus within its sample size
            if stage.name == "stance":
                before_stance = corpus
            t = time.perf_counter()
            corpus = stage.fit_transform(corpus).with_model(stage.name, stage)
            record(stage.name, time.perf_counter() - t, n_comments, "comments/s")
    # the floor: a bare scikit-learn pass over the same comments' text (no own words, no seeds, no labels),
    # every thread pool on one thread as in the topic stage's clusterer
    with threadpool_limits(limits=1):
        t = time.perf_counter()
        sklearn_floor(corpus.comments["text"].fillna("").astype(str).tolist())
        floor = time.perf_counter() - t
    stage_time = {r[1]: r[2] for r in rows}
    topic_time = stage_time.get("features", 0.0) + stage_time.get("topics", 0.0)
    rows.append((n, "features + topics", topic_time, n_comments / topic_time, "comments/s", peak_mb()))
    rows.append((n, "floor: sklearn LSA+KM", floor, n_comments / floor, "comments/s", peak_mb()))
    stage_total = sum(r[2] for r in rows if r[1] in {s.name for s in stages})
    rows.append((n, "analysis total", stage_total, n_comments / stage_total, "comments/s", peak_mb()))
    with threadpool_limits(limits=1, user_api="blas"):
        # the stance stage again without a target (camps per thread), on the same corpus
        camps = StanceDetector(**{**config.section_params("stance"), "target": "", "target_entities": [],
                                  "opponent_entities": [], "favor_cues": [], "against_cues": []})
        t = time.perf_counter()
        camps.fit_transform(before_stance)
        record("stance, camps mode", time.perf_counter() - t, n_comments, "comments/s")
        # the floor: one bare scikit-learn pass over the same comments (word TF-IDF)
        texts = before_stance.texts
        t = time.perf_counter()
        TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
        record("floor: sklearn tf-idf", time.perf_counter() - t, n_comments, "comments/s")
    if report:
        analysis = analyze_segments([doc], config)
        t = time.perf_counter()
        index = analysis.write(out / f"dash_{n}")
        record("report", time.perf_counter() - t, n_comments, "comments/s")
        rows.append((n, "index.html size", 0.0, index.stat().st_size / 1e3, "KB", peak_mb()))
        largest = max(index.parent.glob("*.html"), key=lambda page: page.stat().st_size)
        rows.append((n, f"largest page {largest.name[:12]}", 0.0, largest.stat().st_size / 1e3, "KB", peak_mb()))
    del text_doc
    for n_, stage, sec, rate, unit, mem in rows:
        print(f"{n_:>7} | {stage:<22} | {sec:8.2f} s | {rate:12,.0f} {unit:<10} | peak RSS {mem:7.0f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated comment counts")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"), help="where corpora are written")
    ap.add_argument("--report", action="store_true", help="also time writing the dashboards")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    if args.one:
        run_size(args.one, out, args.report)
        return
    print(f"machine: {machine()}")
    print(f"{'comments':>7} | {'stage':<22} | {'time':>10} | {'rate':>23} | memory")
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n), "--out", str(out)] + (["--report"] if args.report else [])
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
