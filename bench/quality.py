#!/usr/bin/env python3
"""Quality benchmark: every quality figure of the real dev sets and the seeds in one table, each beside
its reference measured in the same run.

    python bench/quality.py                       # devdata from ../shared/devdata (beside the checkout)
    python bench/quality.py --devdata DIR --skip html --embeddings

Runs this checkout's code (``python -m discourse`` for segmentation, the Python API for analysis) and
scores it with the shared scorers (``tools/score.py``, ``tools/score_html.py`` beside the devdata):

* segmentation of the IAC text dumps, the Reddit pastes and the seeds (line roles, comment starts,
  replies), and of the HTML pages against trafilatura run on the same pages;
* camps on the IAC JSONL export and the Reddit pastes, beside always guessing the thread's majority side;
* seeded topics on the IAC JSONL export (``iac/discourse.toml``), beside a keyword baseline (a comment
  goes to the seed whose terms it uses most);
* topic NMI on the pooled IAC comments (``iac/plain.toml``), beside TF-IDF + KMeans and LSA(100) +
  KMeans on the same comments for k = 8..18 and at the k discourse chose; the automatic k beside
  discourse's own features and topics with k fixed at 4, 6, ..., 18;
* the seeds' topic and stance scores.

An analysis that fails (e.g. a stage raising on a set) is reported, and its topic figures are measured
with the features and topics stages alone.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import machine  # noqa: E402

SEGMENT_CMD = f"{sys.executable} -m discourse segment --format json"
BASELINE_KS = range(8, 19, 2)
FIXED_KS = range(4, 19, 2)  # discourse's topics with k fixed, for the automatic k's reference
ROWS: list[tuple[str, str, str, str]] = []  # (figure, discourse, reference, what the reference is)
NOTES: list[str] = []  # failures, printed under the table


def row(figure: str, ours: float | str, reference: float | str = "", what: str = "") -> None:
    fmt = lambda v: f"{v:.3f}" if isinstance(v, float) else str(v)  # noqa: E731
    ROWS.append((figure, fmt(ours), fmt(reference), what))
    print(f"  {figure}: {fmt(ours)}" + (f"  (reference {fmt(reference)}: {what})" if what else ""), flush=True)


def scores(line: str) -> dict[str, float]:
    """``score: a=0.1 b=0.2`` -> {a: 0.1, b: 0.2}."""
    return {k: float(v) for k, v in re.findall(r"(\w+)=([-\d.]+|nan)", line)}


def run_scorer(args: list[str]) -> tuple[dict[str, float], str]:
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)
    lines = out.stdout.strip().splitlines()
    last = next((l for l in reversed(lines) if l.startswith("score:")), "")
    return scores(last), out.stdout


def load_scorer(tools: pathlib.Path):
    spec = importlib.util.spec_from_file_location("score", tools / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_table(scorer, gold: pathlib.Path, table: pathlib.Path) -> tuple[dict[str, float], str]:
    """The analyze scorer on a comments table, in this process."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        scorer.score_analyze(json.loads(gold.read_text(encoding="utf-8")), str(table))
    text = buffer.getvalue()
    last = next((l for l in reversed(text.splitlines()) if l.startswith("score:")), "")
    return scores(last), text


# ---- segmentation --------------------------------------------------------------------------
def segmentation(dev: pathlib.Path, gold_root: pathlib.Path, tools: pathlib.Path, skip: set[str]) -> None:
    print("segmentation", flush=True)
    recorded = {"IAC text": (0.908, 0.443, 0.395), "Reddit": (0.972, 0.913, 0.408)}
    sets = [("IAC text", dev / "iac" / "gold" / "text.json", dev / "iac" / "text"),
            ("Reddit", dev / "reddit" / "gold.json", dev / "reddit" / "pages"),
            ("seeds", gold_root / "seeds.json", ROOT / "seeds")]
    for name, gold, files in sets:
        if name.split()[0].lower() in skip:
            continue
        got, _ = run_scorer([str(tools / "score.py"), "segment", str(gold), "--files", str(files), "--cmd", SEGMENT_CMD])
        ref = recorded.get(name, ("", "", ""))
        what = "recorded when the set was made (devdata README)" if name in recorded else ""
        for key, r in zip(("line_acc", "boundary_f1", "reply_acc"), ref):
            row(f"{name}: {key}", got.get(key, float("nan")), r, what)
    if "html" not in skip:
        html = dev / "html"
        ours, _ = run_scorer([str(tools / "score_html.py"), "--dir", str(html), "--cmd", SEGMENT_CMD])
        anchor, _ = run_scorer([str(tools / "score_html.py"), "--dir", str(html), "--anchor", "trafilatura"])
        for key in ("article_f1", "comment_f1", "count_ratio", "false_comment_pages"):
            row(f"HTML pages: {key}", ours.get(key, float("nan")), anchor.get(key, float("nan")),
                "trafilatura on the same pages")


# ---- analysis ------------------------------------------------------------------------------
def analyze(inputs: list[pathlib.Path], config_path: pathlib.Path | None, out: pathlib.Path,
            overrides: dict | None = None):
    """comments.csv of an analysis of ``inputs``, and the fitted topic model; (None, error) if it failed
    (then the features and topics stages alone write comments.csv)."""
    import pandas as pd

    from discourse.config import load_config
    from discourse.pipeline import analyze_segments, build_stages, segment_inputs, write_tables
    from discourse.stages import Corpus, LocalEngine

    config = load_config(config_path) if config_path else load_config(None, ROOT)
    if overrides:
        config = config.with_overrides(overrides)
    out.mkdir(parents=True, exist_ok=True)
    docs = segment_inputs(inputs, config)
    try:
        analysis = analyze_segments(docs, config)
        write_tables(analysis, out)
        return analysis, ""
    except Exception as exc:  # noqa: BLE001 - reported in the table
        error = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
        ours = [f for f in traceback.extract_tb(exc.__traceback__) if f"{pathlib.os.sep}discourse{pathlib.os.sep}" in f.filename]
        if ours:
            error += f" (discourse/{pathlib.Path(ours[-1].filename).name}:{ours[-1].lineno})"
        NOTES.append(f"{', '.join(p.name for p in inputs)} with {config_path.name if config_path else 'the defaults'}: "
                     f"the analysis failed ({error}); its topic figures come from the features and topics stages alone")
    comments = pd.concat([d.comments for d in docs], ignore_index=True)
    stages = [s for s in build_stages(config) if s.name in ("features", "topics")]
    corpus = LocalEngine(random_state=config.topics.random_state).run(stages, Corpus(comments))
    table = corpus.comments.assign(stance="none")
    table.to_csv(out / "comments.csv", index=False)
    return None, error


def fixed_k_nmis(inputs: list[pathlib.Path], config_path: pathlib.Path, gold: pathlib.Path, scorer,
                 tmp: pathlib.Path, ks) -> dict[int, float]:
    """Topic NMI of discourse's features and topics stages with k fixed, for each k (the automatic k's reference)."""
    import pandas as pd

    from discourse.config import load_config
    from discourse.pipeline import build_stages, segment_inputs
    from discourse.stages import Corpus, LocalEngine

    config = load_config(config_path)
    comments = pd.concat([d.comments for d in segment_inputs(inputs, config)], ignore_index=True)
    out = {}
    for k in ks:
        fixed = config.with_overrides({"topics.k": k})
        stages = [s for s in build_stages(fixed) if s.name in ("features", "topics")]
        corpus = LocalEngine(random_state=fixed.topics.random_state).run(stages, Corpus(comments))
        corpus.comments.assign(stance="none").to_csv(tmp / "fixed-k.csv", index=False)
        out[k] = score_table(scorer, gold, tmp / "fixed-k.csv")[0]["topic_nmi"]
    return out


def discovered(out: pathlib.Path) -> int:
    """How many discovered topics (t0, t1, ...) an analysis wrote."""
    import pandas as pd

    return len({t for t in pd.read_csv(out / "comments.csv")["topic"].astype(str) if re.fullmatch(r"t\d+", t)})


def keyword_baseline(comments, seeds) -> list[str]:
    """Each comment to the seed whose terms (case-insensitive, whole words) it uses most, else 'other'."""
    patterns = [re.compile(r"\b(?:" + "|".join(re.escape(t) for t in s.terms) + r")s?\b", re.IGNORECASE)
                for s in seeds]
    out = []
    for text in comments["text"].fillna("").astype(str):
        counts = [len(p.findall(text)) for p in patterns]
        best = max(range(len(seeds)), key=lambda j: counts[j]) if seeds else -1
        out.append(seeds[best].name if best >= 0 and counts[best] else "other")
    return out


def cluster_baselines(comments, ks) -> dict[str, dict[int, list[int]]]:
    """TF-IDF + KMeans and LSA(100) + KMeans labels of the comments' full text for each k."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    texts = comments["text"].fillna("").astype(str).tolist()
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    lsa = normalize(TruncatedSVD(100, random_state=0).fit_transform(tfidf))
    return {name: {k: KMeans(k, n_init=10, random_state=0).fit_predict(X).tolist() for k in ks}
            for name, X in (("TF-IDF + KMeans", tfidf), ("LSA(100) + KMeans", lsa))}


def analyses(dev: pathlib.Path, gold_root: pathlib.Path, tools: pathlib.Path, tmp: pathlib.Path,
             embeddings: str) -> None:
    import pandas as pd

    from discourse.config import load_config

    scorer = load_scorer(tools)
    iac = dev / "iac"
    print("analysis", flush=True)

    # camps on the IAC export and the Reddit pastes
    for name, inputs, config, gold in (("IAC JSONL", iac / "jsonl", iac / "plain.toml", iac / "gold" / "jsonl.json"),
                                       ("Reddit", dev / "reddit" / "pages", dev / "reddit" / "plain.toml",
                                        dev / "reddit" / "gold.json")):
        analysis, error = analyze([inputs], config, tmp / f"camps-{name.split()[0]}")
        if error:
            row(f"{name}: camp_acc", "failed")
            continue
        got, _ = score_table(scorer, gold, tmp / f"camps-{name.split()[0]}" / "comments.csv")
        row(f"{name}: camp_acc", got["camp_acc"], got["camp_baseline"], "the thread's majority side, always")

    # seeded topics on the IAC export
    out = tmp / "seeded"
    analysis, error = analyze([iac / "jsonl"], iac / "discourse.toml", out)
    got, text = score_table(scorer, iac / "gold" / "jsonl.json", out / "comments.csv")
    accuracy = float(re.search(r"topic: accuracy ([\d.]+)", text).group(1))
    comments = pd.read_csv(out / "comments.csv")
    comments["topic"] = keyword_baseline(comments, load_config(iac / "discourse.toml").topics.seeded)
    comments.to_csv(tmp / "keywords.csv", index=False)
    _, base_text = score_table(scorer, iac / "gold" / "jsonl.json", tmp / "keywords.csv")
    base = float(re.search(r"topic: accuracy ([\d.]+)", base_text).group(1))
    row("IAC JSONL: seeded topic accuracy", accuracy, base, "keyword baseline: the seed whose terms it uses most")

    # topic NMI on the pooled comments, beside the plain scikit-learn pipelines on the same comments
    runs = [("", None)] + ([(f", embeddings {embeddings}", {"features.embeddings": embeddings})] if embeddings else [])
    found = {}
    for label, overrides in runs:
        out = tmp / ("pooled-emb" if overrides else "pooled")
        analyze([iac / "pooled"], iac / "plain.toml", out, overrides)
        found[label] = (score_table(scorer, iac / "gold" / "pooled.json", out / "comments.csv")[0]["topic_nmi"],
                        discovered(out))
    comments = pd.read_csv(tmp / "pooled" / "comments.csv")
    ks = sorted(set(BASELINE_KS) | {k for _, k in found.values()})
    nmis = {}
    for name, by_k in cluster_baselines(comments, ks).items():
        for kk, labels in by_k.items():
            comments.assign(topic=[f"c{x}" for x in labels]).to_csv(tmp / "baseline.csv", index=False)
            nmis[name, kk] = score_table(scorer, iac / "gold" / "pooled.json", tmp / "baseline.csv")[0]["topic_nmi"]
    for label, (nmi, k) in found.items():
        row(f"IAC pooled: topic NMI{label} (k = {k} found)", nmi, nmis["LSA(100) + KMeans", k],
            f"LSA(100) + KMeans, k = {k}, same comments")
    for name in ("TF-IDF + KMeans", "LSA(100) + KMeans"):
        span = [nmis[name, kk] for kk in BASELINE_KS]
        row(f"IAC pooled: {name}, k = 8..18", f"{min(span):.3f}-{max(span):.3f}")
    # the automatic k beside the best k fixed by hand (discourse's own model, same comments)
    fixed = fixed_k_nmis([iac / "pooled"], iac / "plain.toml", iac / "gold" / "pooled.json", scorer, tmp, FIXED_KS)
    best = max(fixed, key=fixed.get)
    row(f"IAC pooled: topic NMI, automatic k (k = {found[''][1]})", found[""][0], fixed[best],
        f"best fixed k = {best} of {FIXED_KS.start}..{FIXED_KS.stop - 1} (" +
        ", ".join(f"{k}: {v:.3f}" for k, v in fixed.items()) + ")")

    # the seeds
    out = tmp / "seeds"
    analysis, error = analyze([ROOT / "seeds"], ROOT / "discourse.toml", out)
    got, _ = score_table(scorer, gold_root / "seeds.json", out / "comments.csv")
    for key in ("topic_f1", "topic_nmi", "stance_f1", "camp_acc"):
        row(f"seeds: {key}", got[key],
            got["camp_baseline"] if key == "camp_acc" else "", "majority side" if key == "camp_acc" else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devdata", default=str(ROOT.parent / "shared" / "devdata"),
                    help="the real labelled dev sets (default: ../shared/devdata beside the checkout)")
    ap.add_argument("--skip", default="", help="comma-separated parts to leave out: segment (all segmentation), "
                    "html, iac, reddit, seeds (one segmentation set), analysis (all analysis figures)")
    ap.add_argument("--embeddings", default="",
                    help="also measure pooled NMI with this sentence-transformers model (extra 'embeddings')")
    args = ap.parse_args()
    dev = pathlib.Path(args.devdata).resolve()
    if not (dev / "iac").is_dir():
        sys.exit(f"quality.py: {dev}: no dev sets there (pass --devdata)")
    tools, gold_root = dev.parent / "tools", dev.parent / "gold"
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.perf_counter()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
        if "segment" not in skip:
            segmentation(dev, gold_root, tools, skip)
        if "analysis" not in skip:
            analyses(dev, gold_root, tools, pathlib.Path(tmp), args.embeddings)
    width = max(len(r[0]) for r in ROWS) if ROWS else 10
    print(f"\n| {'figure':<{width}} | discourse | reference | reference is |")
    print(f"|{'-' * (width + 2)}|---:|---:|---|")
    for figure, ours, ref, what in ROWS:
        print(f"| {figure:<{width}} | {ours} | {ref} | {what} |")
    for note in NOTES:
        print(f"\nnote: {note}")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
