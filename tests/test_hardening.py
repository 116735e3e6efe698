"""Hardening (issue 17): clear errors instead of internal ones, bad files skipped, output folders
replaced whole, content kept or refused, spreadsheet-safe CSVs, quiet means quiet."""
from __future__ import annotations

import csv
import errno
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time
import warnings

import pytest

from discourse import pipeline
from discourse.outputs import MARKER, clean_stale, spreadsheet_safe

from .conftest import ROOT, SEEDS, THREAD_TEXTS, run_main, write_thread

FORUM_SEED = SEEDS / "003_1582b565965aaa72.txt"


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in err and "internal error" not in err, err
    return lines[0]


def snapshot(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def temp_folders(parent: pathlib.Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".discourse-" in p.name)


@pytest.fixture(scope="module")
def thread(tmp_path_factory) -> pathlib.Path:
    return write_thread(tmp_path_factory.mktemp("thread") / "thread.jsonl")


@pytest.fixture(scope="module")
def earlier_run(tmp_path_factory, thread) -> pathlib.Path:
    """An output folder with a complete earlier run (copied per test by ``earlier``)."""
    out = tmp_path_factory.mktemp("earlier") / "out"
    code, _, _ = run_main(_Capture(), "analyze", thread, "-o", out, "-q")
    assert code == 0
    return out


class _Capture:
    """A stand-in for capsys in module fixtures (output is not inspected)."""

    def readouterr(self):
        return "", ""


@pytest.fixture
def earlier(earlier_run, tmp_path) -> pathlib.Path:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(earlier_run, out)
    return out


# ---------------------------------------------------------------- 1. no internal errors: config values
SEEDED = "[[topics.seeded]]\nname = {!r}\nterms = ['budget']\n"


@pytest.mark.parametrize("args, says", [
    (["--features-ngram-min", "3", "--features-ngram-max", "2"], "ngram_min = 3 is larger than ngram_max = 2"),
    (["--features-char-ngram-min", "6", "--features-char-ngram-max", "3"], "char_ngram_min = 6"),
    (["--topics-k-min", "9", "--topics-k-max", "3"], "k_min = 9"),
    (["--features-max-features", "-1"], "max_features"),
    (["--features-max-features", "0"], "max_features"),
    (["--topics-random-state", "99999999999"], "random_state"),
    (["--stance-random-state", "-5"], "random_state"),
    (["--segment-reply-window", "9e18"], "reply_window"),
    (["--segment-reply-window", "9000000000000000000"], "reply_window"),
    (["--stance-cue-weight", "inf"], "cue_weight"),
    (["--stance-sentiment-weight", "nan"], "sentiment_weight"),
    (["--stance-reply-weight", "-inf"], "reply_weight"),
    (["--features-embeddings", "no-such-model"], "unknown model 'no-such-model'"),
])
def test_bad_config_values_are_usage_errors(capsys, tmp_path, thread, args, says):
    code, _, err = run_main(capsys, "analyze", thread, "-o", tmp_path / "out", "-q", *args)
    assert code == 2
    assert says in one_line_error(err)
    assert not (tmp_path / "out").exists(), "refused before any output"


@pytest.mark.parametrize("body, says", [
    (SEEDED.format("other"), "clashes with the topic ids"),
    (SEEDED.format("t0"), "clashes with the topic ids"),
    (SEEDED.format("t12"), "clashes with the topic ids"),
    (SEEDED.format("budget") + SEEDED.format("budget"), "two seeded topics share this name"),
    (SEEDED.format(" "), "needs a name"),
    ("[stance]\ncue_weight = inf\n", "cue_weight"),
    ("[stance]\nthreshold = nan\n", "threshold"),
    ("[segment]\nreply_window = 9e18\n", "reply_window"),
    ("[features]\nngram_min = 4\n", "ngram_min = 4"),
    ("[topics]\nk = " + "9" * 5000 + "\n", "not valid TOML"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML"),
])
def test_bad_config_files_are_usage_errors(capsys, tmp_path, thread, body, says):
    config = tmp_path / "c.toml"
    config.write_text(body, encoding="utf-8")
    code, _, err = run_main(capsys, "analyze", thread, "-o", tmp_path / "out", "--config", config)
    assert code == 2
    line = one_line_error(err)
    assert says in line and "c.toml" in line


def test_config_that_is_a_folder_or_binary(capsys, tmp_path, thread):
    code, _, err = run_main(capsys, "analyze", thread, "--config", tmp_path, "-o", tmp_path / "o")
    assert code == 2 and "is a folder" in one_line_error(err)
    (tmp_path / "bin.toml").write_bytes(bytes(range(256)) * 4)
    code, _, err = run_main(capsys, "segment", thread, "--config", tmp_path / "bin.toml")
    assert code == 2 and "not valid TOML" in one_line_error(err)


def test_binary_labels_file_is_a_usage_error(capsys, tmp_path, thread):
    labels = tmp_path / "labels.csv"
    labels.write_bytes(os.urandom(0) + bytes(range(256)) * 8)
    code, _, err = run_main(capsys, "analyze", thread, "-o", tmp_path / "out", "--labels", labels)
    assert code == 2 and "stance.labels" in one_line_error(err) and "labels.csv" in err
    labels.write_text('doc,id,stance\n"a,b\n', encoding="utf-8")  # unterminated quote
    code, _, err = run_main(capsys, "analyze", thread, "-o", tmp_path / "out", "--labels", labels)
    assert code == 2 and "stance.labels" in one_line_error(err)


def test_missing_embeddings_extra_is_a_usage_error(monkeypatch):
    import importlib.util

    from discourse.config import Config
    from discourse.errors import ConfigError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sentence_transformers"
                        else real(name, *a))
    config = Config().with_overrides({"features.embeddings": "all-MiniLM-L6-v2"})
    with pytest.raises(ConfigError, match=r"optional extra.*sentence-transformers"):
        pipeline.check_resources(config)


def test_tune_grid_is_capped_and_skips_invalid_settings(capsys, tmp_path, thread):
    code, _, err = run_main(capsys, "tune", thread, "-o", tmp_path / "t", "--grid", "k=2..40",
                            "--grid", "min_df=1..30")
    assert code == 2 and "at most 500" in one_line_error(err) and "1170 settings" in err
    code, _, err = run_main(capsys, "tune", thread, "-o", tmp_path / "t", "--grid", "k=1..1000000000000")
    assert code == 2 and "at most 500" in one_line_error(err)
    from discourse.config import Config
    from discourse.errors import ConfigError
    from discourse.tuning.grid import as_grid, feasible_points

    grid = as_grid(["ngram_min=1..3", "ngram_max=1..2"], Config())
    assert feasible_points(grid, Config()) == [
        {"features.ngram_min": 1, "features.ngram_max": 1}, {"features.ngram_min": 1, "features.ngram_max": 2},
        {"features.ngram_min": 2, "features.ngram_max": 2}]
    with pytest.raises(ConfigError, match="larger than"):
        feasible_points(as_grid(["ngram_min=3", "ngram_max=1..2"], Config()), Config())


# ---------------------------------------------------------------- 1. output folders checked first
def test_output_on_a_file_or_under_one(capsys, tmp_path, thread):
    target = tmp_path / "taken.txt"
    target.write_text("mine\n")
    for out, says in ((target, "exists and is not a folder"), (target / "sub", "which is a file"),
                      ("/", "root folder"), ("", "empty"), ("/proc/discourse-out", "/proc"),
                      ("/sys/discourse-out", "/sys"), ("/dev/discourse-out", "/dev")):
        code, _, err = run_main(capsys, "analyze", thread, "-o", out, "-q")
        assert code == 2, out
        assert says in one_line_error(err), (out, err)
    assert target.read_text() == "mine\n"
    code, _, err = run_main(capsys, "tune", thread, "-o", target, "--grid", "k=2..3", "-q")
    assert code == 2 and "not a folder" in one_line_error(err)


def test_output_folder_is_checked_before_the_analysis(capsys, tmp_path, thread, monkeypatch):
    calls = []
    monkeypatch.setattr(pipeline, "segment_inputs", lambda *a, **k: calls.append(a) or [])
    (tmp_path / "taken").write_text("x")
    code, _, _ = run_main(capsys, "analyze", thread, "-o", tmp_path / "taken")
    assert code == 2 and calls == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_refused(capsys, tmp_path, thread):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, _, err = run_main(capsys, "analyze", thread, "-o", locked / "out", "-q")
        assert code == 2 and "Permission denied" in one_line_error(err)
    finally:
        locked.chmod(0o755)


def test_read_only_file_system_is_refused(capsys, tmp_path, thread, monkeypatch):
    import discourse.outputs as outputs

    def read_only(target, kind="new"):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(outputs, "_make_staging", read_only)
    code, _, err = run_main(capsys, "analyze", thread, "-o", tmp_path / "out", "-q")
    assert code == 2 and "read-only file system" in one_line_error(err)


def test_full_disk_midway_leaves_the_earlier_run(capsys, earlier, thread, monkeypatch):
    before = snapshot(earlier)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("discourse.report.write_dashboards", disk_full)
    code, _, err = run_main(capsys, "analyze", thread, "-o", earlier, "-q")
    assert code == 1
    line = one_line_error(err)
    assert "no space left" in line and "earlier outputs are unchanged" in line
    assert snapshot(earlier) == before
    assert temp_folders(earlier.parent) == []


def test_unreadable_input_is_exit_1(capsys, tmp_path):
    if os.geteuid() != 0:
        page = tmp_path / "page.txt"
        page.write_text("hello\n")
        page.chmod(0)
        code, _, err = run_main(capsys, "segment", page)
        assert code == 1 and "cannot read" in one_line_error(err)
    code, _, err = run_main(capsys, "segment", "/proc/self/mem")  # exists, cannot be read
    assert code == 1 and "/proc/self/mem" in one_line_error(err)


# ---------------------------------------------------------------- 2. one bad file never sinks a corpus
def test_input_errors_cross_process_boundaries_whole():
    """The forked workers that read inputs send their errors back pickled (a lost one broke the pool)."""
    import pickle

    from discourse.errors import InputError

    error = pickle.loads(pickle.dumps(InputError("t15.jsonl", "line 1: invalid JSON")))
    assert (type(error), error.where, error.what, str(error)) == (
        InputError, "t15.jsonl", "line 1: invalid JSON", "t15.jsonl: line 1: invalid JSON")


def test_bad_file_is_skipped_listed_and_exit_1(capsys, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(30):
        write_thread(pages / f"t{i:02d}.jsonl", THREAD_TEXTS[i % 4:i % 4 + 6])
    (pages / "t15.jsonl").write_bytes(b'{"id": 1, "text": "cut off')
    code, out, err = run_main(capsys, "analyze", pages, "-o", tmp_path / "out", "-q")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "skipped" in lines[0] and "t15.jsonl" in lines[0] and "line 1" in lines[0]
    assert "1 of 30 inputs skipped" in lines[1] and "Traceback" not in err
    assert "29 documents" in out
    with open(tmp_path / "out" / "documents.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["doc"] for r in rows] == sorted(p.name for p in pages.iterdir())
    status = {r["doc"]: r["status"] for r in rows}
    assert status["t15.jsonl"].startswith("error (read): line 1: invalid JSON")
    assert {s for d, s in status.items() if d != "t15.jsonl"} == {"ok"}
    with open(tmp_path / "out" / "comments.csv", newline="", encoding="utf-8") as fh:
        docs = {r["doc"] for r in csv.DictReader(fh)}
    assert len(docs) == 29 and "t15.jsonl" not in docs


def test_strict_stops_at_the_first_bad_file(capsys, tmp_path, earlier, thread):
    pages = tmp_path / "pages"
    pages.mkdir()
    write_thread(pages / "a.jsonl")
    (pages / "b.jsonl").write_bytes(b"")
    write_thread(pages / "c.jsonl")
    before = snapshot(earlier)
    code, _, err = run_main(capsys, "analyze", pages, "-o", earlier, "--strict", "-q")
    assert code == 1 and "b.jsonl: file is empty" in one_line_error(err)
    assert snapshot(earlier) == before


def test_stage_failing_on_one_document_is_reported_and_the_rest_go_on(capsys, tmp_path, monkeypatch):
    from discourse.segment import Segmenter

    real = Segmenter.segment

    def flaky(self, raw):
        if raw.name == "b.jsonl":
            raise RuntimeError("boom on this thread")
        return real(self, raw)

    monkeypatch.setattr(Segmenter, "segment", flaky)
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a.jsonl", "b.jsonl", "c.jsonl"):
        write_thread(pages / name)
    code, out, err = run_main(capsys, "analyze", pages, "-o", tmp_path / "out", "-q")
    assert code == 1 and "2 documents" in out
    assert "skipped" in err and "segment failed (RuntimeError: boom on this thread)" in err
    assert "Traceback" not in err


def test_failure_log_records_and_strict_raises():
    from discourse.errors import InputError

    log = pipeline.FailureLog()
    log.inputs = ["a", "b"]
    assert log.call("a", "topics", lambda: 1 / 0) is None
    assert log.call("b", "topics", lambda x: x + 1, 1) == 2
    assert [f.status for f in log.failures] == ["error (topics): topics failed (ZeroDivisionError: division by zero)"]
    strict = pipeline.FailureLog(strict=True)
    with pytest.raises(InputError, match="a: topics failed"):
        strict.call("a", "topics", lambda: 1 / 0)


def test_every_input_failing_is_one_error(capsys, tmp_path, earlier):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_bytes(b"")
    (pages / "b.txt").write_bytes(b"\x00" * 100)
    before = snapshot(earlier)
    code, _, err = run_main(capsys, "analyze", pages, "-o", earlier, "-q")
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 3 and "none of the 2 inputs" in lines[-1]
    assert snapshot(earlier) == before


# ---------------------------------------------------------------- 3. outputs replaced as a whole
def test_rerun_replaces_the_folder_whole(capsys, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    write_thread(pages / "a.jsonl")
    write_thread(pages / "b.jsonl")
    out = tmp_path / "out"
    assert run_main(capsys, "analyze", pages, "-o", out, "-q")[0] == 0
    assert {"doc-a.html", "doc-b.html", MARKER} <= set(os.listdir(out))
    (pages / "b.jsonl").unlink()
    assert run_main(capsys, "analyze", pages, "-o", out, "-q")[0] == 0
    names = set(os.listdir(out))
    assert "doc-a.html" in names and "doc-b.html" not in names, "stale reports go with the swap"
    assert temp_folders(tmp_path) == []


def test_user_files_are_never_overwritten(capsys, tmp_path, thread):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("my homepage")
    (mine / "notes.txt").write_text("notes")
    code, _, err = run_main(capsys, "analyze", thread, "-o", mine, "-q")
    assert code == 2 and "holds files discourse did not write" in one_line_error(err)
    assert (mine / "index.html").read_text() == "my homepage"


def test_a_run_folder_with_a_foreign_file_is_refused(capsys, earlier, thread):
    (earlier / "notes.txt").write_text("mine")
    code, _, err = run_main(capsys, "analyze", thread, "-o", earlier, "-q")
    assert code == 2 and "notes.txt" in one_line_error(err)
    assert (earlier / "notes.txt").read_text() == "mine"


def test_folder_of_an_older_version_without_marker_is_reused(capsys, earlier, thread):
    (earlier / MARKER).unlink()
    (earlier / ".discourse-abc123").mkdir()  # staging folder an older version left inside
    assert run_main(capsys, "analyze", thread, "-o", earlier, "-q")[0] == 0
    assert (earlier / MARKER).is_file() and not (earlier / ".discourse-abc123").exists()


def test_input_folder_as_output_is_refused_and_outputs_are_never_read(capsys, tmp_path, earlier):
    pages = tmp_path / "pages"
    pages.mkdir()
    write_thread(pages / "a.jsonl")
    code, _, err = run_main(capsys, "analyze", pages, "-o", pages, "-q")
    assert code == 2 and "also an input" in one_line_error(err)
    code, _, err = run_main(capsys, "analyze", pages / "a.jsonl", "-o", pages, "-q")
    assert code == 2 and "also an input" in one_line_error(err)
    code, _, err = run_main(capsys, "analyze", earlier, "-o", tmp_path / "again", "-q")
    assert code == 1 and "is a discourse output folder" in one_line_error(err)


def test_killed_runs_leave_nothing_the_next_run_does_not_clean(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("x")
    dead = 2**22 + 12345  # above the default pid_max: no such process
    stale_new = tmp_path / f".out.discourse-new-{dead}-abcd1234"
    stale_new.mkdir()
    (stale_new / "comments.csv").write_text("half")
    other = tmp_path / f".other.discourse-new-{dead}-abcd1234"
    other.mkdir()
    live = tmp_path / f".out.discourse-new-{os.getpid()}-abcd1234"
    live.mkdir()
    clean_stale(out)
    assert not stale_new.exists() and other.exists() and live.exists()
    # killed between the two renames: the earlier run is put back
    aside = tmp_path / f".out.discourse-old-{dead}-0000ffff"
    out.rename(aside)
    clean_stale(out)
    assert (out / MARKER).is_file() and not aside.exists()


def test_sigterm_during_a_run_leaves_the_earlier_folder(tmp_path, earlier):
    before = snapshot(earlier)
    pages = tmp_path / "pages"  # 80 copies of the forum seed: a run that is still going a second in
    pages.mkdir()
    forum = next(SEEDS.glob("003_*"))
    for k in range(80):
        (pages / f"{k:03d}_{forum.name}").write_bytes(forum.read_bytes())
    proc = subprocess.Popen([sys.executable, "-c", "from discourse.cli import main; main()", "analyze", str(pages),
                             "-o", str(earlier)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()  # the run has started (its handlers are installed)
    assert first.startswith("discourse: segmenting"), first
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err
    assert temp_folders(earlier.parent) == []
    after = snapshot(earlier)
    if proc.returncode == 0:  # finished before the signal: a complete new run
        assert "comments.csv" in after and MARKER in after
    else:
        assert proc.returncode == 128 + signal.SIGTERM and after == before


def test_tune_and_analyze_keep_each_others_files(capsys, tmp_path, thread):
    out = tmp_path / "out"
    assert run_main(capsys, "analyze", thread, "-o", out, "-q")[0] == 0
    analyzed = snapshot(out)
    code, _, err = run_main(capsys, "tune", thread, "-o", out, "--grid", "k=2..3", "--seeds", "1", "-q")
    assert code == 0, err
    after = snapshot(out)
    assert {"tuning.html", "tuning.csv", "discourse.toml"} <= set(after)
    assert all(after[n] == analyzed[n] for n in ("comments.csv", "index.html", "doc-thread.html"))
    assert run_main(capsys, "analyze", thread, "-o", out, "-q")[0] == 0
    assert snapshot(out)["tuning.csv"] == after["tuning.csv"]
    code, _, err = run_main(capsys, "tune", thread, "-o", out, "--grid", "k=2..3", "--save", out / "best.toml")
    assert code == 2 and "discourse.toml" in one_line_error(err)


# ---------------------------------------------------------------- 4. content kept or refused
def test_json_text_values_zero_and_false_are_text(capsys, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": 1, "text": 0}\n{"id": 2, "text": false}\n{"id": 3, "text": 0.5}\n'
                    '{"id": 4, "text": null}\n{"id": 5, "text": "real words"}\n', encoding="utf-8")
    code, out, _ = run_main(capsys, "segment", path)
    assert code == 0
    assert [c["text"] for c in json.loads(out)["comments"]] == ["0", "false", "0.5", "real words"]


def test_long_integer_ids_and_deep_values(capsys, tmp_path):
    long_id = "7" * 5000
    path = tmp_path / "long.jsonl"
    path.write_text(f'{{"id": {long_id}, "text": "first comment"}}\n'
                    f'{{"id": 2, "parent_id": {long_id}, "text": "second comment"}}\n', encoding="utf-8")
    code, out, err = run_main(capsys, "segment", path)
    assert code == 0, err
    comments = json.loads(out)["comments"]
    assert comments[0]["id"] == long_id and comments[1]["reply_to"] == long_id
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000
                    + "}\n", encoding="utf-8")
    code, _, err = run_main(capsys, "segment", deep)
    assert code == 1 and "deep.jsonl: line 2: JSON value nested deeper than" in one_line_error(err)


def test_surrogate_escapes_in_segment_and_analyze(capsys, tmp_path):
    path = write_thread(tmp_path / "s.jsonl")
    text = path.read_text().replace("bike lanes", "bike \\ud800 lanes", 1).replace("Parking", "\\udc00Parking", 1)
    path.write_text(text, encoding="utf-8")
    code, out, err = run_main(capsys, "segment", path)
    assert code == 0 and "2 values had NUL or lone-surrogate escapes" in err
    assert "bike \ufffd lanes" in json.loads(out)["comments"][0]["text"]
    code, _, err = run_main(capsys, "analyze", path, "-o", tmp_path / "out")
    assert code == 0, err
    assert "\ufffdParking" in (tmp_path / "out" / "comments.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["start", "middle", "end"])
@pytest.mark.parametrize("fmt", ["txt", "csv", "jsonl"])
def test_nul_bytes_are_removed_wherever_they_are(capsys, tmp_path, fmt, where):
    body = {"txt": FORUM_SEED.read_text(encoding="utf-8"),
            "csv": "id,text\n" + "".join(f'{i},"{t}"\n' for i, t in enumerate(THREAD_TEXTS)),
            "jsonl": write_thread(tmp_path / "x.jsonl").read_text()}[fmt]
    at = {"start": 0, "middle": len(body) // 2, "end": len(body) - 1}[where]
    path = tmp_path / f"page.{fmt}"
    path.write_bytes(body.encode()[:at] + b"\x00" + body.encode()[at:])
    clean = tmp_path / f"clean.{fmt}"
    clean.write_text(body, encoding="utf-8")
    code, out, err = run_main(capsys, "segment", path)
    assert code == 0 and "removed 1 NUL byte" in err and "page." in err
    _, expected, _ = run_main(capsys, "segment", clean)
    got, want = json.loads(out), json.loads(expected)
    assert [c["text"] for c in got["comments"]] == [c["text"] for c in want["comments"]]


def test_nul_escapes_in_json_are_removed_too(capsys, tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text('{"id": 1, "text": "a\\u0000b"}\n', encoding="utf-8")
    code, out, err = run_main(capsys, "segment", path)
    assert code == 0 and json.loads(out)["comments"][0]["text"] == "ab" and "NUL" in err


def test_convokit_reply_cycles_never_point_forward(capsys, tmp_path):
    rows = [("root", None, "The city budget post that opens the thread."),
            ("b", "c", "I agree with you about the budget numbers."),
            ("c", "b", "No, the budget numbers are wrong here."),
            ("e", "d", "Replying to the comment d listed after me."),
            ("d", "root", "A top level comment about taxes."),
            ("f", "f", "I answer myself.")]
    path = tmp_path / "utterances.jsonl"
    path.write_text("".join(json.dumps({"id": i, "conversation_id": "root", "reply-to": p, "speaker": "s", "text": t})
                            + "\n" for i, p, t in rows), encoding="utf-8")
    code, out, _ = run_main(capsys, "segment", path)
    assert code == 0
    comments = json.loads(out)["comments"]
    seen = set()
    for c in comments:
        assert c["reply_to"] is None or c["reply_to"] in seen, (c["id"], c["reply_to"])
        seen.add(c["id"])
    by_id = {c["id"]: c for c in comments}
    assert by_id["e"]["reply_to"] == "d", "a reply listed before its parent keeps its parent"
    assert {by_id["b"]["reply_to"], by_id["c"]["reply_to"]} & {"b", "c"}, "one link of the cycle stays"


def test_endless_inputs_stop_at_the_size_limit(capsys, tmp_path):
    code, _, err = run_main(capsys, "segment", "/dev/zero")
    assert code == 1 and "binary file" in one_line_error(err)
    config = tmp_path / "small.toml"
    config.write_text("[run]\nmax_input_mb = 1\n")
    yes = subprocess.Popen(["yes", "an endless line of text"], stdout=subprocess.PIPE)
    try:
        proc = subprocess.run([sys.executable, "-m", "discourse", "segment", "/dev/stdin", "--config", str(config)],
                              stdin=yes.stdout, capture_output=True, text=True, cwd=ROOT, timeout=120)
    finally:
        yes.kill()
        yes.wait()
    assert proc.returncode == 1 and "input size limit of 1 MB" in one_line_error(proc.stderr)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 300_000)
    code, _, err = run_main(capsys, "analyze", big, "-o", tmp_path / "o", "--run-max-input-mb", "1", "-q")
    assert code == 1 and "big.txt: larger than the input size limit" in one_line_error(err)


# ---------------------------------------------------------------- 5. spreadsheet-safe CSVs
def test_formula_cells_are_neutralised_and_kept_raw_in_jsonl(capsys, tmp_path):
    texts = ["=HYPERLINK(\"http://evil\",\"click\")", "+1 I agree with the bike lanes", "-5 points for the council",
             "@council fix the roads", "\tindented budget remark", "plain comment about parking"]
    path = write_thread(tmp_path / "f.jsonl", texts + THREAD_TEXTS[:6],
                        author=["=cmd|' /C calc'!A0"] * 12, timestamp=["-2021-03-01"] * 12)
    out = tmp_path / "out"
    code, _, err = run_main(capsys, "analyze", path, "-o", out, "-q")
    assert code == 0, err
    with open(out / "comments.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    raw = [json.loads(line) for line in (out / "comments.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(raw) == 12
    for row, orig in zip(rows, raw):
        for col in ("text", "author", "timestamp", "reply_evidence", "stance_evidence", "topic_evidence"):
            cell, value = row[col], str(orig[col] or "")
            if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[-+][\d.]+", value):
                assert cell == "'" + value, (col, cell)
            else:
                assert cell == value, (col, cell)
        float(row["stance_score"]), float(row["polarity"])  # numbers stay numbers
    assert raw[0]["text"] == texts[0] and rows[0]["text"] == "'" + texts[0]
    assert raw[0]["author"] == "=cmd|' /C calc'!A0"


def test_spreadsheet_safe_keeps_numbers():
    import pandas as pd

    frame = pd.DataFrame({"id": ["-5", "=1+1", "+3.5e2", "@x"], "score": [-0.5, 0.1, -2.0, 3.0],
                          "n": [-1, 2, 3, 4], "mixed": [None, -3, "-x", float("nan")]})
    safe = spreadsheet_safe(frame)
    assert safe["id"].tolist() == ["-5", "'=1+1", "+3.5e2", "'@x"]
    assert safe["score"].tolist() == [-0.5, 0.1, -2.0, 3.0] and safe["n"].tolist() == [-1, 2, 3, 4]
    assert safe["mixed"].tolist()[1:3] == [-3, "'-x"]
    assert frame["id"].tolist()[1] == "=1+1", "the input frame is not changed"


# ---------------------------------------------------------------- 6. quiet means quiet
def test_quiet_silences_library_warnings_and_verbose_logs_them(capsys, tmp_path, thread, monkeypatch):
    from discourse.sentiment import SentimentScorer

    real = SentimentScorer.transform

    def noisy(self, texts):
        warnings.warn("a library complains", RuntimeWarning)
        return real(self, texts)

    monkeypatch.setattr(SentimentScorer, "transform", noisy)
    code, _, err = run_main(capsys, "analyze", thread, "-o", tmp_path / "q", "-q")
    assert code == 0 and err == ""
    code, _, err = run_main(capsys, "analyze", thread, "-o", tmp_path / "d")
    assert code == 0 and "a library complains" not in err and "segmenting" in err
    code, _, err = run_main(capsys, "analyze", thread, "-o", tmp_path / "v", "-v")
    assert code == 0
    logged = [line for line in err.splitlines() if "a library complains" in line]
    assert logged == [logged[0]] and logged[0].startswith("discourse: warning: RuntimeWarning: a library complains")
