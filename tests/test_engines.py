"""Engines, thread partitions and the run-level outputs: the local and Dask engines give the same tables,
multi-thread exports are split into their threads, tables are partitioned Parquet, document reports past
``max_reports`` are written on demand, and the default install needs neither dask nor the heavy imports
at start-up."""
from __future__ import annotations

import json
import pathlib
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from discourse import Config, analyze
from discourse.io import read_documents
from discourse.stages import Corpus, LocalEngine, thread_partitions, thread_sample

ROOT = pathlib.Path(__file__).resolve().parents[1]
WORDS = {  # three subjects, so the topic stage finds clusters
    "transit": "bus fare subway line commute driver route station ticket late".split(),
    "housing": "rent landlord eviction tenant lease deposit flat housing repairs mortgage".split(),
    "parks": "park trees playground bench grass dog path garden lake pond".split(),
}
OPENERS = ["Agreed.", "Exactly.", "Wrong.", "Nonsense.", "I disagree.", "Well said."]
NAMES = ["Council", "Mayor", "Union", "Landlords"]


def write_export(path: pathlib.Path, threads: int, per_thread: int, seed: int = 0) -> pathlib.Path:
    """A JSONL export of ``threads`` threads (thread_id column) with replies, actors and three subjects."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for t in range(threads):
            subject = list(WORDS)[t % 3]
            for i in range(per_thread):
                words = rng.sample(WORDS[subject], 5) + rng.sample(WORDS[list(WORDS)[rng.randrange(3)]], 2)
                text = f"The {rng.choice(NAMES)} {rng.choice(['failed', 'helped', 'lied about', 'fixed'])} the " \
                       + " ".join(words) + "."
                parent = ""
                if i and rng.random() < 0.3:
                    text = f"{rng.choice(OPENERS)} {text}"
                    parent = f"c{rng.randrange(i)}"
                record = {"thread_id": f"t{t:03d}", "id": f"c{i}", "parent_id": parent,
                          "author": f"user{rng.randrange(40)}", "text": text}
                fh.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> pathlib.Path:
    return write_export(tmp_path_factory.mktemp("export") / "export.jsonl", threads=60, per_thread=50)


@pytest.fixture(scope="module")
def local_analysis(export):
    """The export analysed by the local engine with the default [run] settings (the corpus is the sample)."""
    return analyze([export], _config(partition_size=500), engine="local")


def tables(analysis) -> dict[str, pd.DataFrame]:
    return {"comments": analysis.comments, "documents": analysis.documents, "topics": analysis.topics}


def assert_same_tables(a, b) -> None:
    for name, frame in tables(a).items():
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), tables(b)[name].reset_index(drop=True),
                                      check_dtype=False, obj=name)


# ---- thread splitting ---------------------------------------------------------------------------
def test_thread_column_export_is_split_into_its_threads(tmp_path):
    path = tmp_path / "forum.csv"
    path.write_text("thread_id,id,parent,author,text\n"
                    "a,1,,ann,The rent went up again this year.\n"
                    "b,1,,bob,The bus was late every morning.\n"
                    "a,2,1,cid,Agreed. The landlord never fixes anything.\n"
                    "b,2,1,dee,Wrong. The bus is fine on my route.\n", encoding="utf-8")
    docs = read_documents(path)
    assert [d.name for d in docs] == ["forum.csv#a", "forum.csv#b"]
    analysis = analyze([path], Config())
    comments = analysis.comments
    assert list(analysis.documents["doc"]) == ["forum.csv#a", "forum.csv#b"]
    assert comments.groupby("doc")["id"].apply(list).to_dict() == {"forum.csv#a": ["1", "2"], "forum.csv#b": ["1", "2"]}
    # each reply points at the comment of its own thread
    assert set(comments.loc[comments["id"] == "2", "reply_to"]) == {"1"}
    assert len(analysis.documents) == 2 and list(analysis.documents["comments"]) == [2, 2]


def test_single_thread_export_stays_one_document(tmp_path):
    path = tmp_path / "one.jsonl"
    rows = [{"thread_id": "x", "id": f"c{i}", "text": f"comment number {i} about rent"} for i in range(3)]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert [d.name for d in read_documents(path)] == ["one.jsonl"]


def test_convokit_conversations_become_documents_with_their_roots_as_articles(tmp_path):
    path = tmp_path / "utterances.jsonl"
    records = []
    for conv in ("p1", "p2"):
        records.append({"id": conv, "conversation_id": conv, "reply-to": None, "speaker": "op",
                        "text": f"Original post {conv} about the new housing law.", "meta": {"title": f"Title {conv}"}})
        records.append({"id": f"{conv}-r1", "conversation_id": conv, "reply-to": conv, "speaker": "ann",
                        "text": "The new law will raise rents for everyone."})
        records.append({"id": f"{conv}-r2", "conversation_id": conv, "reply-to": f"{conv}-r1", "speaker": "bob",
                        "text": "Nonsense, rents were rising anyway."})
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    docs = read_documents(path)
    assert [d.name for d in docs] == ["utterances.jsonl#p1", "utterances.jsonl#p2"]
    assert [d.title for d in docs] == ["Title p1", "Title p2"]
    for d in docs:
        assert list(d.blocks["kind"]) == ["article", "comment", "comment"]


# ---- samples and partitions ---------------------------------------------------------------------
def _corpus(sizes: list[int]) -> Corpus:
    docs = np.repeat([f"d{i}" for i in range(len(sizes))], sizes)
    return Corpus(pd.DataFrame({"doc": docs, "id": [f"c{i}" for i in range(len(docs))], "text": "x"}))


def test_thread_sample_takes_whole_threads_and_fills_from_the_rest():
    corpus = _corpus([10] * 20 + [500])
    rows = thread_sample(corpus, 150, random_state=3)
    assert len(rows) == 150 and np.all(np.diff(rows) > 0)
    per_doc = corpus.comments["doc"].iloc[rows].value_counts()
    small = per_doc.drop("d20", errors="ignore")
    assert (small == 10).all()  # threads that fit the budget come whole
    assert np.array_equal(rows, thread_sample(corpus, 150, random_state=3))  # seeded
    assert not np.array_equal(rows, thread_sample(corpus, 150, random_state=4))
    assert len(thread_sample(corpus, 10_000, 0)) == len(corpus)
    one = _corpus([1000])
    assert len(thread_sample(one, 100, 0)) == 100  # a thread larger than the sample is sampled by comment


def test_thread_partitions_keep_threads_whole_and_in_order():
    corpus = _corpus([3, 4, 5, 20, 1])
    parts = thread_partitions(corpus, 8)
    assert [len(p) for p in parts] == [7, 5, 20, 1]
    assert np.array_equal(np.concatenate(parts), np.arange(len(corpus)))


# ---- engines ------------------------------------------------------------------------------------
def _config(**run) -> Config:
    return Config().with_overrides({f"run.{k}": v for k, v in run.items()})


def test_local_engine_partitioned_run_equals_fit_then_transform_of_every_thread(export):
    """With a sample smaller than the corpus, the local engine fits on the sample and transforms partitions;
    the columns equal transforming the whole corpus at once with the same fitted stages."""
    from discourse.pipeline import build_stages, segment_inputs
    from discourse.stages import fit_stages, transform_stages

    config = _config(sample_size=1200, partition_size=400)
    docs = segment_inputs([export], config)
    corpus = Corpus(pd.concat([d.comments for d in docs], ignore_index=True))
    partitioned = LocalEngine(sample_size=1200, partition_size=400).run(build_stages(config), corpus)
    stages = build_stages(config)
    fit_stages(stages, corpus.take(thread_sample(corpus, 1200, 0)))
    whole = transform_stages(stages, corpus)
    for column in ("topic", "stance", "stance_score", "polarity", "map_x"):
        pd.testing.assert_series_equal(partitioned.comments[column], whole.comments[column])
    # topic_score: the neighbour smoothing of the topics stage sums in partition order (last digit, 0.1% of rows)
    pd.testing.assert_series_equal(partitioned.comments["topic_score"], whole.comments["topic_score"],
                                   check_exact=False, atol=2e-4, rtol=0)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local:
        yield local


@pytest.mark.parametrize("sample_size", [1200, 200_000])  # sampled fit, and the whole corpus as the sample
def test_dask_local_cluster_gives_the_local_engine_tables(export, local_analysis, cluster, sample_size):
    from discourse.engines import DaskEngine

    config = _config(sample_size=sample_size, partition_size=500)
    local = analyze([export], config, engine="local") if sample_size < 3000 else local_analysis
    with DaskEngine(scheduler=cluster.scheduler_address, sample_size=sample_size, partition_size=500) as engine:
        assert engine.n_workers == 2
        remote = analyze([export], config, engine=engine)
    assert len(local.comments) == 3000 and local.documents["doc"].nunique() == 60
    assert local.comments["topic"].nunique() > 1 and local.comments["stance"].nunique() > 1
    assert_same_tables(local, remote)


def test_dask_local_cluster_segments_a_folder_of_files_as_the_local_engine(cluster, tmp_path):
    """Several input files: the workers segment them (engine.map), then the stages run as above."""
    from discourse.engines import DaskEngine

    folder = tmp_path / "threads"
    folder.mkdir()
    for k in range(4):
        write_export(folder / f"part{k}.jsonl", threads=3, per_thread=20, seed=k)
    files = sorted(folder.iterdir())
    config = _config(partition_size=500)
    with DaskEngine(scheduler=cluster.scheduler_address, partition_size=500) as engine:
        remote = analyze(files, config, engine=engine)
    local = analyze(files, config, engine="local")
    assert local.documents["doc"].nunique() == 12
    assert_same_tables(local, remote)


def test_dask_engine_name_starts_and_stops_its_own_cluster(tmp_path):
    pytest.importorskip("dask.distributed")
    path = write_export(tmp_path / "small.jsonl", threads=6, per_thread=10)
    config = _config(engine="dask", workers=1)
    a = analyze([path], config)
    assert_same_tables(a, analyze([path], _config(workers=1)))


# ---- outputs ------------------------------------------------------------------------------------
def test_tables_are_partitioned_parquet_and_csv_only_for_small_corpora(local_analysis, tmp_path):
    from dataclasses import replace

    analysis = replace(local_analysis, config=_config(partition_size=1000, csv_max_comments=2999, max_reports=4))
    analysis.write(tmp_path / "out")
    out = tmp_path / "out"
    parts = sorted(p.name for p in (out / "comments.parquet").iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    back = pd.read_parquet(out / "comments.parquet")
    pd.testing.assert_frame_equal(back, analysis.comments.reset_index(drop=True), check_dtype=False)
    assert not (out / "comments.csv").exists()  # 3000 comments > csv_max_comments
    assert len(list(out.glob("doc-*.html"))) == 4
    # a smaller threshold run into the same folder replaces the tables; CSV appears when allowed
    analysis.config = _config(partition_size=1000, csv_max_comments=3000, max_reports=4)
    analysis.write(out)
    assert (out / "comments.csv").exists() and len(list((out / "comments.parquet").iterdir())) == 3


def test_reports_past_max_reports_are_written_on_demand_identical(tmp_path):
    from discourse.report.ondemand import write_reports

    path = write_export(tmp_path / "small.jsonl", threads=7, per_thread=12)
    out = tmp_path / "out"
    analyze([path], _config(max_reports=3)).write(out)
    assert sorted(p.name for p in out.glob("doc-*.html")) == [f"doc-small-t00{k}.html" for k in range(3)]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="on-demand"') == 4 and "discourse report" in index
    eager = (out / "doc-small-t001.html").read_bytes()
    (out / "doc-small-t001.html").unlink()
    written = write_reports(out, ["small.jsonl#t001", "doc-small-t004.html"])
    assert [p.name for p in written] == ["doc-small-t001.html", "doc-small-t004.html"]
    assert (out / "doc-small-t001.html").read_bytes() == eager  # the same page as analyze wrote
    cli = subprocess.run([sys.executable, "-m", "discourse", "report", str(out), "--all"], capture_output=True,
                         text=True)
    assert cli.returncode == 0 and "3 reports written" in cli.stdout
    assert len(list(out.glob("doc-*.html"))) == 7


# ---- default install, start-up ------------------------------------------------------------------
BLOCK_DASK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('dask', 'distributed'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
from discourse.cli import main
main(sys.argv[1:])
"""


def test_default_install_runs_without_dask(tmp_path):
    path = write_export(tmp_path / "e.jsonl", threads=4, per_thread=6)
    run = lambda *args: subprocess.run([sys.executable, "-c", BLOCK_DASK, *args], capture_output=True,  # noqa: E731
                                       text=True, cwd=tmp_path)
    ok = run("analyze", str(path), "-o", str(tmp_path / "out"), "-q", "--config", str(ROOT / "discourse.toml"),
             "--run-max-reports", "1")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "out" / "comments.parquet").is_dir()
    bad = run("analyze", str(path), "-o", str(tmp_path / "out2"), "-q", "--engine", "dask")
    assert bad.returncode == 2 and "pip install 'discourse[dask]'" in bad.stderr
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_version_and_help_import_no_heavy_modules():
    code = ("import sys; from discourse.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pandas', 'sklearn', 'plotly', 'numpy', 'scipy') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    for args in (["--version"], ["--help"], ["analyze", "--help"]):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
        assert "HEAVY []" in out.stdout, (args, out.stdout)
