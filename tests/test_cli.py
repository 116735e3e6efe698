"""The CLI end to end: output contract, exit codes, determinism."""
from __future__ import annotations

import csv
import json
import pathlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

from discourse.cli import cli
from discourse.schema import COMMENT_COLUMNS, DOCUMENT_COLUMNS, LINE_ROLES

from .conftest import ROOT, SEED_CONFIG, SEEDS

FORUM_SEED = SEEDS / "003_1582b565965aaa72.txt"


def run_cli(*args: str, cwd: pathlib.Path = ROOT) -> subprocess.CompletedProcess:
    """Run the installed entry point the way a user does (exit codes and stderr included)."""
    return subprocess.run([sys.executable, "-c", "from discourse.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("dash")
    result = CliRunner().invoke(cli, ["analyze", str(SEEDS), "-o", str(out), "--config", str(SEED_CONFIG), "-q"])
    assert result.exit_code == 0, result.output
    return out


def read_csv(path: pathlib.Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_analyze_writes_the_output_contract(analyzed):
    for name in ("index.html", "comments.csv", "documents.csv", "topics.csv", "authors.csv", "config.toml",
                 "plotly.min.js"):
        assert (analyzed / name).is_file(), name
    reports = sorted(p.name for p in analyzed.glob("doc-*.html"))
    assert len(reports) == len(list(SEEDS.glob("*.txt")))
    index = (analyzed / "index.html").read_text(encoding="utf-8")
    assert 'src="plotly.min.js"' in index and "cdn.plot.ly" not in index
    for report in reports:
        assert report in index, f"index does not link {report}"


def test_comments_csv_schema(analyzed):
    with open(analyzed / "comments.csv", newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == list(COMMENT_COLUMNS)
    rows = read_csv(analyzed / "comments.csv")
    assert rows, "the forum seed has reader comments"
    ids = {(r["doc"], r["id"]) for r in rows}
    assert len(ids) == len(rows), "comment ids are unique within a document"
    for r in rows:
        assert int(r["start_line"]) <= int(r["end_line"])
        assert r["reply_to"] == "" or (r["doc"], r["reply_to"]) in ids
        assert r["duplicate_of"] == "" or (r["doc"], r["duplicate_of"]) in ids
        assert -1.0 <= float(r["polarity"]) <= 1.0 and 0.0 <= float(r["subjectivity"]) <= 1.0
        assert r["stance"] in {"favor", "against", "none", "camp_a", "camp_b"}
        assert 0.0 <= float(r["stance_confidence"]) <= 1.0 and (r["stance"] != "none" or float(r["stance_confidence"]) == 0)
        assert r["topic"]


def test_documents_csv_schema(analyzed):
    with open(analyzed / "documents.csv", newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == list(DOCUMENT_COLUMNS)
    rows = {r["doc"]: r for r in read_csv(analyzed / "documents.csv")}
    assert set(rows) == {p.name for p in SEEDS.glob("*.txt")}
    assert int(rows[FORUM_SEED.name]["comments"]) > 0
    assert all(int(r["article_words"]) > 0 for r in rows.values())


def test_authors_csv_schema(tmp_path):
    """An export with authors: one row per author per document, with exactly AUTHOR_COLUMNS."""
    from discourse.schema import AUTHOR_COLUMNS

    from .conftest import write_thread

    texts = ["Rent control protects tenants from sudden hikes.", "Nonsense, it shrinks the supply of flats.",
             "Wrong. Supply depends on zoning far more."]
    export = write_thread(tmp_path / "rent.jsonl", texts, id=["1", "2", "3"], parent=["", "1", "2"],
                          author=["ann", "bob", "ann"])
    plain = tmp_path / "plain.toml"  # no stance target: camps
    plain.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(export), "-o", str(tmp_path / "out"), "--config", str(plain), "-q"])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "out" / "authors.csv", newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == list(AUTHOR_COLUMNS)
    table = {r["author"]: r for r in read_csv(tmp_path / "out" / "authors.csv")}
    assert set(table) == {"ann", "bob"} and table["ann"]["comments"] == "2"
    assert table["ann"]["stance"] != table["bob"]["stance"]
    assert table["ann"]["replies_out_cross"] == "1" and table["ann"]["replies_in_cross"] == "1"


def test_config_toml_records_the_run_and_reloads(analyzed):
    from discourse import load_config

    recorded = load_config(analyzed / "config.toml")
    assert recorded == load_config(SEED_CONFIG)


def test_two_runs_give_byte_identical_tables(analyzed, tmp_path):
    result = CliRunner().invoke(cli, ["analyze", str(SEEDS), "-o", str(tmp_path), "--config", str(SEED_CONFIG), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("comments.csv", "documents.csv", "topics.csv", "authors.csv", "config.toml"):
        assert (tmp_path / name).read_bytes() == (analyzed / name).read_bytes(), name


def test_cli_option_overrides_config_file(tmp_path):
    result = CliRunner().invoke(cli, ["analyze", str(FORUM_SEED), "-o", str(tmp_path), "--config",
                                      str(SEED_CONFIG), "--topics-random-state", "7", "-q"])
    assert result.exit_code == 0, result.output
    from discourse import load_config

    assert load_config(tmp_path / "config.toml").topics.random_state == 7
    assert load_config(tmp_path / "config.toml").topics.seeded == load_config(SEED_CONFIG).topics.seeded


def test_segment_json_contract():
    result = CliRunner().invoke(cli, ["segment", str(FORUM_SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["source"].endswith(FORUM_SEED.name) and isinstance(out["title"], str)
    lines = FORUM_SEED.read_text(encoding="utf-8").split("\n")
    assert [x["line"] for x in out["lines"]] == [i for i, t in enumerate(lines) if t.strip()]
    assert {x["role"] for x in out["lines"]} <= set(LINE_ROLES)
    ids = [c["id"] for c in out["comments"]]
    assert len(set(ids)) == len(ids)
    for c in out["comments"]:
        assert {"id", "start_line", "end_line", "text", "reply_to", "duplicate_of"} <= set(c)
        assert c["reply_to"] is None or c["reply_to"] in ids
        assert c["duplicate_of"] is None or c["duplicate_of"] in ids


def test_segment_text_format_lists_roles():
    result = CliRunner().invoke(cli, ["segment", str(FORUM_SEED), "--format", "text"])
    assert result.exit_code == 0
    assert " body " in result.output


def test_version_and_help():
    assert run_cli("--version").stdout.strip().startswith("discourse, version")
    for command in ("analyze", "segment", "open"):
        out = run_cli(command, "--help")
        assert out.returncode == 0 and "Example" in out.stdout, command


def test_python_dash_m_runs_the_same_cli():
    out = subprocess.run([sys.executable, "-m", "discourse", "segment", str(FORUM_SEED), "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["comments"]) > 30


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"", "file is empty"),
    (b"   \n\n  \n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    (b"caf\xe9 au lait\n", "not UTF-8"),
])
def test_bad_input_gives_one_line_and_exit_1(tmp_path, content, message):
    path = tmp_path / "page.txt"
    if content is not None:
        path.write_bytes(content)
    for args in (["segment", str(path)], ["analyze", str(path), "-o", str(tmp_path / "out"), "-q"]):
        proc = run_cli(*args)
        assert proc.returncode == 1, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        err = proc.stderr.strip().splitlines()
        assert len(err) == 1 and message in err[0] and "page.txt" in err[0], err


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("analyze", "--topics-k", "many").returncode == 2
    assert run_cli("segment", str(FORUM_SEED), "--format", "xml").returncode == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[topics]\nnot_a_knob = 3\n")
    proc = run_cli("analyze", str(FORUM_SEED), "--config", str(bad), "-o", str(tmp_path))
    assert proc.returncode == 2 and "not_a_knob" in proc.stderr and "Traceback" not in proc.stderr


def test_failed_run_keeps_earlier_outputs(analyzed, tmp_path):
    out = tmp_path / "dash"
    out.mkdir()
    (out / "comments.csv").write_text("earlier run\n")
    proc = run_cli("analyze", str(tmp_path / "missing.txt"), "-o", str(out))
    assert proc.returncode == 1
    assert (out / "comments.csv").read_text() == "earlier run\n"
    assert sorted(p.name for p in out.iterdir()) == ["comments.csv"], "no staging folder left behind"


def test_default_inputs_are_the_seeds(tmp_path):
    """With no inputs, `discourse analyze` reads ./seeds and writes ./dashboards."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / FORUM_SEED.name).write_bytes(FORUM_SEED.read_bytes())
    proc = run_cli("analyze", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "dashboards" / "index.html").is_file()


def test_pages_without_comments_still_get_dashboards(tmp_path):
    page = SEEDS / "002_1fcf0bb23c1605f0.txt"
    result = CliRunner().invoke(cli, ["analyze", str(page), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert "1 documents, 0 comments" in result.output
    rows = read_csv(tmp_path / "documents.csv")
    assert rows[0]["comments"] == "0" and int(rows[0]["boilerplate_lines"]) > 0
    assert (tmp_path / "index.html").is_file() and (tmp_path / "doc-002_1fcf0bb23c1605f0.html").is_file()


def test_readme_documents_every_output_column_and_parameter():
    from discourse.config import Config

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for column in [*COMMENT_COLUMNS, *DOCUMENT_COLUMNS]:
        assert f"| `{column}` |" in readme, column
    config = Config()
    for section in ("segment", "features", "topics", "stance", "sentiment", "report", "run"):
        for key in config.section_params(section):
            assert f"| `{key}` |" in readme, f"{section}.{key}"
