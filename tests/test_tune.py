"""`discourse tune`: grid parsing, metrics, the sweep on planted clusters, reproducible saved config."""
from __future__ import annotations

import csv
import pathlib
import random

import numpy as np
import pytest
from click.testing import CliRunner

import discourse
from discourse.cli import cli, main
from discourse.config import Config
from discourse.errors import ConfigError
from discourse.pipeline import write_tables
from discourse.tuning import LABEL_METRICS, expand_grid, parse_grid, rank_settings, resolve_name
from discourse.tuning import metrics as M
from discourse.tuning.grid import grid_from_table

# Four topics with disjoint vocabularies plus shared filler: the planted structure has k = 4.
VOCAB = {
    "economy": "tariff inflation budget deficit taxes wages market exports currency dollar trade prices "
               "recession growth bank interest debt jobs factory industry".split(),
    "military": "navy carrier missile troops fleet drills warship pentagon destroyer submarine airbase "
                "soldiers artillery weapons army bombers radar strait patrol deterrence".split(),
    "climate": "emissions carbon warming solar coal renewable glacier drought wildfire pollution methane "
               "turbines climate flooding ocean heatwave forests recycling battery greenhouse".split(),
    "sport": "football goal league striker coach stadium tournament referee penalty season match trophy "
             "midfielder olympics medal athletes cricket tennis racing champion".split(),
}
FILLER = "people think really just government world news today always never".split()


def write_corpus(folder: pathlib.Path, per_topic: int = 40, threads: int = 4, seed: int = 0) -> pathlib.Path:
    """CSV threads (id, author, text) and a gold labels.csv beside them (doc, id, topic)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[int, list] = {t: [] for t in range(threads)}
    gold = []
    for i, (topic, words) in enumerate((t, w) for t, w in VOCAB.items() for _ in range(per_topic)):
        t = i % threads
        text = " ".join(rng.sample(words, 7) + rng.sample(FILLER, 2)).capitalize() + "."
        rows[t].append([f"c{i}", f"user{rng.randrange(25)}", text])
        gold.append([f"thread{t}.csv", f"c{i}", topic])
    for t, items in rows.items():
        with open(folder / f"thread{t}.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([["id", "author", "text"], *items])
    labels = folder.parent / "labels.csv"
    with open(labels, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["doc", "id", "topic"], *gold])
    return labels


# No seeded topics; a stance target, as in the seeds' config.
BASE = Config().with_overrides({"stance.target": "the government"})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[pathlib.Path, pathlib.Path, pathlib.Path]:
    """(corpus folder, labels.csv, the BASE config as a file)."""
    root = tmp_path_factory.mktemp("tune")
    labels = write_corpus(root / "corpus")
    base = root / "base.toml"
    base.write_text(BASE.to_toml(), encoding="utf-8")
    return root / "corpus", labels, base


@pytest.fixture(scope="module")
def swept(corpus):
    folder, labels, _ = corpus
    return discourse.tune([folder], BASE, ["k=2..6"], labels=labels, seeds=2, n_jobs=1)


def run_main(args: list[str], capsys) -> tuple[int, str, str]:
    """The console entry point as a user runs it: (exit code, stdout, stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


# ---- grid parsing ---------------------------------------------------------------------------
def test_grid_ranges_lists_and_short_names():
    grid = parse_grid(["k=2..4", "method=kmeans,nmf", "features.min_df=1,2,2", "sublinear_tf=true,no"])
    assert grid == {"topics.k": [2, 3, 4], "topics.method": ["kmeans", "nmf"], "features.min_df": [1, 2],
                    "features.sublinear_tf": [True, False]}
    assert resolve_name("min-df") == "features.min_df" and resolve_name("topics.k") == "topics.k"
    assert grid_from_table({"k": "4..6", "topics.method": ["kmeans", "nmf"], "max_df": [0.5, 1]}) == {
        "topics.k": [4, 5, 6], "topics.method": ["kmeans", "nmf"], "features.max_df": [0.5, 1.0]}
    points = expand_grid(grid)
    assert len(points) == 3 * 2 * 2 * 2
    assert points[0] == {"topics.k": 2, "topics.method": "kmeans", "features.min_df": 1,
                         "features.sublinear_tf": True}
    assert points[1]["features.sublinear_tf"] is False  # the last parameter varies fastest


@pytest.mark.parametrize("item, message", [
    ("kay=2..4", "unknown parameter 'kay'"),
    ("random_state=1,2", "ambiguous parameter 'random_state'"),
    ("topics.nope=1", "unknown parameter 'topics.nope'"),
    ("k=two", "invalid value 'two'"),
    ("k=5..3", "empty range"),
    ("k", "NAME=VALUES"),
    ("extra_stop_words=a,b", "cannot be swept"),
])
def test_bad_grid_is_a_usage_error(item, message, corpus, capsys):
    with pytest.raises(ConfigError, match=message):
        parse_grid([item])
    code, out, err = run_main(["tune", str(corpus[0]), "--config", str(corpus[2]), "--grid", item], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert out == ""


# ---- metrics --------------------------------------------------------------------------------
def test_metric_functions():
    import scipy.sparse as sp

    # terms 0 and 1 always together, term 2 never with them
    X = sp.csc_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]]))
    assert M.npmi(X, [0, 1]) == pytest.approx(1.0)
    assert M.npmi(X, [0, 2]) == pytest.approx(-1.0)
    assert M.topic_diversity({"a": np.array([0, 1]), "b": np.array([1, 2])}) == pytest.approx(0.75)
    assert M.stability([["a", "a", "b"], ["x", "x", "y"]]) == pytest.approx(1.0)
    assert M.outlier_share(["other", "t0", "t1", "other"]) == 0.5
    # cluster ids are matched to gold names; seeded names that equal gold names keep them
    assert M.macro_f1(["x", "x", "y", "y"], ["t1", "t1", "t0", "t0"]) == 1.0
    assert M.macro_f1(["x", "x", "y", "y"], ["y", "y", "x", "x"]) == 0.0
    assert list(M.rank_normalize([0.1, np.nan, 0.3])) == [0.5, 0.0, 1.0]
    assert list(M.rank_normalize([0.1, 0.3], higher_is_better=False)) == [1.0, 0.0]


def test_ranking_and_ties():
    import pandas as pd

    table = pd.DataFrame({"setting": ["a", "b", "c"], "silhouette": [0.2, 0.2, 0.1], "coherence": [0.3, 0.3, 0.1],
                          "outlier_share": [0.1, 0.1, 0.0], "changes": [1, 0, 1]})
    ranked = rank_settings(table)
    assert list(ranked["rank"]) == [2, 1, 3]  # a and b tie on every metric: b changes less of the base config
    assert list(rank_settings(table, "outlier_share")["rank"]) == [3, 2, 1]  # lower is better


# ---- the sweep ------------------------------------------------------------------------------
def test_sweep_finds_the_planted_clusters(swept):
    table = swept.table
    assert list(table["topics.k"]) == [2, 3, 4, 5, 6]
    assert swept.best_overrides == {"topics.k": 4}, swept.summary()
    winner = table.loc[swept.best]
    assert winner["topic_nmi"] > 0.9 and winner["topic_f1"] > 0.9, swept.summary()
    assert winner["rank"] == 1 and sorted(table["rank"]) == [1, 2, 3, 4, 5]
    assert "k=4" in swept.reason and "runner-up" in swept.reason
    assert swept.best_config.tune == {} and swept.best_config.topics.k == 4


def test_label_free_score_finds_the_planted_clusters(swept):
    table = rank_settings(swept.table.drop(columns=[c for c in LABEL_METRICS if c in swept.table]))
    best = int(table["rank"].idxmin())
    assert table.loc[best, "topics.k"] == 4, table
    assert table.loc[best, "stability"] > 0.9 and table.loc[best, "score"] > table["score"].drop(best).max()


def test_rank_by_one_metric(corpus):
    result = discourse.tune([corpus[0]], BASE, {"k": [2, 4]}, seeds=1, metric="outlier_share", n_jobs=1)
    low = result.table["outlier_share"].min()
    assert result.table.loc[result.best, "outlier_share"] == low
    assert np.isnan(result.table["stability"]).all()  # one seed: no stability, left out of the score


def test_features_are_computed_once_per_feature_setting(corpus, monkeypatch):
    from discourse import pipeline

    calls = []
    real = pipeline.TextFeatures

    class Counting(real):
        def fit_transform(self, texts):
            calls.append(self.min_df)
            return super().fit_transform(texts)

    monkeypatch.setattr(pipeline, "TextFeatures", Counting)
    discourse.tune([corpus[0]], BASE, ["k=3,4", "min_df=1,2"], seeds=1, n_jobs=1)
    assert sorted(calls) == [1, 2]


def test_parallel_sweep_matches_serial(swept, corpus):
    folder, labels, _ = corpus
    parallel = discourse.tune([folder], BASE, ["k=3,4"], labels=labels, seeds=2, n_jobs=2)
    cols = ["setting", "silhouette", "coherence", "stability", "outlier_share", "topic_nmi"]
    serial = swept.table[swept.table["topics.k"].isin([3, 4])][cols].reset_index(drop=True)
    assert serial.equals(parallel.table[cols])
    assert [list(t) for t in parallel.topics] == [list(t) for t in swept.topics[1:3]]


def test_tune_table_in_config(corpus, tmp_path, capsys):
    folder, _, _ = corpus
    conf = tmp_path / "grid.toml"
    conf.write_text(BASE.to_toml().replace("[tune]", '[tune]\nk = "3..4"\n"topics.method" = ["kmeans"]'),
                    encoding="utf-8")
    code, out, err = run_main(["tune", str(folder), "--config", str(conf), "-o", str(tmp_path / "out"),
                               "--seeds", "1", "--jobs", "1", "-q"], capsys)
    assert code == 0, err
    assert len([line for line in out.splitlines() if line.strip()[:1].isdigit()]) == 2  # one row per setting
    saved = Config.from_toml(tmp_path / "out" / "discourse.toml")
    assert saved.tune == {} and saved.topics.k in (3, 4)


# ---- output ---------------------------------------------------------------------------------
def test_saved_config_reproduces_the_winning_run(swept, corpus, tmp_path):
    folder = corpus[0]
    out = tmp_path / "tuned"
    report = swept.write(out)
    saved = out / "discourse.toml"
    assert report == out / "tuning.html" and saved.is_file()
    assert Config.from_toml(saved) == swept.best_config
    # the winning run's tables ...
    best = swept.best_analysis()
    (tmp_path / "winner").mkdir()
    write_tables(best, tmp_path / "winner")
    assert list(best.comments["topic"]) == list(swept.topics[swept.best])  # the sweep's own run
    # ... are what `discourse analyze --config saved.toml` writes, byte for byte
    result = CliRunner().invoke(cli, ["analyze", str(folder), "--config", str(saved), "-o",
                                      str(tmp_path / "again"), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("comments.csv", "topics.csv", "documents.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "winner" / name).read_bytes(), name


def test_report_is_offline_escaped_and_atomic(swept, tmp_path, monkeypatch):
    out = tmp_path / "out"
    swept.write(out)
    page = (out / "tuning.html").read_text(encoding="utf-8")
    assert '<script src="plotly.min.js">' in page and "cdn.plot.ly" not in page
    assert (out / "plotly.min.js").stat().st_size > 100_000
    assert "Ranking" in page and "Chosen setting" in page and "runner-up" in page
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    import discourse.tuning.report as report

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "report_html", boom)
    with pytest.raises(RuntimeError):
        swept.write(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing half-written, no staging left


def test_cli_tune_end_to_end(corpus, tmp_path, capsys):
    folder, labels, base = corpus
    save = tmp_path / "best.toml"
    code, out, err = run_main(["tune", str(folder), "--config", str(base), "--grid", "k=3..5", "--labels",
                               str(labels), "-o", str(tmp_path / "o"), "--save", str(save), "--seeds", "2",
                               "--jobs", "1"], capsys)
    assert code == 0, err
    assert "rank" in out.splitlines()[0] and "topic_nmi" in out
    assert "best: k=4" in out and "tuning 3 settings x 2 seeds" in err
    assert save.is_file() and not (tmp_path / "o" / "discourse.toml").exists()
    assert (tmp_path / "o" / "tuning.html").is_file()


@pytest.mark.parametrize("content, message", [
    (None, "labels file not found"),
    ("doc,comment,topic\na,b,c\n", "labels need columns doc and id"),
    ("doc,id,topic\nnope.csv,c1,economy\n", "no labelled comment matches"),
    ("doc,id,topic\nthread0.csv,c0,a\nthread0.csv,c0,b\n", "two labels for"),
    ("doc,start_line,topic\nthread0.csv,x,a\n", "start_line must be a whole number"),
    ("", "not a readable CSV"),
])
def test_bad_labels_file_exits_1(content, message, corpus, tmp_path, capsys):
    labels = tmp_path / "labels.csv"
    if content is not None:
        labels.write_text(content, encoding="utf-8")
    code, out, err = run_main(["tune", str(corpus[0]), "--config", str(corpus[2]), "--grid", "k=3,4",
                               "--labels", str(labels), "--seeds", "1", "--jobs", "1", "-q",
                               "-o", str(tmp_path / "o")], capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert not (tmp_path / "o").exists()
