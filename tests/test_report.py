"""The dashboards: files, offline assets, escaping, determinism, size bounds, and `discourse open`."""
from __future__ import annotations

import dataclasses
import inspect
import pathlib
import re
import time
import webbrowser

import numpy as np
import pytest

from discourse.cli import main
from discourse.config import ReportConfig
from discourse.report import Dashboards, report_name, report_names
from discourse.report.compare import log_odds_z

from .report_fixtures import PAYLOADS, make_analysis, make_large_analysis

# JSON escapes plotly uses inside <script>; decoded before looking for raw payloads
JSON_ESCAPES = {"\\u003c": "<", "\\u003e": ">", "\\u002f": "/", "\\u0026": "&", '\\"': '"', "\\/": "/"}


def decoded(text: str) -> str:
    for code, char in JSON_ESCAPES.items():
        text = text.replace(code, char)
    return text


def pages(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted(folder.glob("*.html"))


@pytest.fixture(scope="module")
def small_out(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("report")
    Dashboards().write(make_analysis([40, 12, 5, 0]), out)
    return out


def test_writes_index_reports_and_one_local_plotly(small_out):
    names = sorted(p.name for p in small_out.iterdir())
    assert names == ["doc-000_synthetic.html", "doc-001_synthetic.html", "doc-002_synthetic.html",
                     "doc-003_synthetic.html", "index.html", "plotly.min.js"]
    index = (small_out / "index.html").read_text(encoding="utf-8")
    for name in names[:4]:
        assert f'href="{name}"' in index
    for page in pages(small_out):
        html = page.read_text(encoding="utf-8")
        assert html.count('<script src="plotly.min.js"></script>') == 1, page.name
        assert not re.search(r'(src|href)="(https?:)?//', html), f"external URL in {page.name}"
        assert "cdn.plot.ly" not in html and "cdn.jsdelivr" not in html
        assert 'href="index.html"' in html or page.name == "index.html"


def test_overview_shows_every_part(small_out):
    index = (small_out / "index.html").read_text(encoding="utf-8")
    for div in ("fig-composition", "fig-topic-document", "fig-stance-topic", "fig-sentiment-topic",
                "fig-top-terms", "fig-stance-terms"):
        assert f'id="{div}"' in index, div
    for anchor in ("documents", "topics", "stance", "terms", "compare", "parameters"):
        assert f'<section id="{anchor}">' in index
    assert "max_hover_points" in index and "neutral_band" in index  # the run's parameters
    assert "more typical of favor" in index and "more typical of against" in index


def test_document_report_shows_every_part(small_out):
    html = (small_out / "doc-000_synthetic.html").read_text(encoding="utf-8")
    for name in ("segmentation", "topic-map", "thread", "timeline", "topic-stance", "engagement", "stance-terms",
                 "doc-terms"):
        assert f'id="fig-doc1-{name}"' in html, name
    assert '"type":"icicle"' in html
    assert 'id="comments-table"' in html and html.count("<tr>") >= 40
    empty = (small_out / "doc-003_synthetic.html").read_text(encoding="utf-8")
    assert "No comments were found in this document." in empty


def test_payloads_are_escaped_everywhere(small_out):
    for page in pages(small_out):
        text = decoded(page.read_text(encoding="utf-8"))
        for payload in PAYLOADS:
            assert payload not in text, f"raw {payload!r} in {page.name}"
        # no tag can open: the payloads only survive as text (&lt;img ...)
        assert "<img" not in text and '<a href="javascript:' not in text and "<span style=" not in text
        assert text.count("<script") == text.count("</script>")
    index = (small_out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index  # shown as text, not dropped


def test_output_is_deterministic(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    Dashboards().write(make_analysis([30, 9]), first)
    Dashboards().write(make_analysis([30, 9]), second)
    for page in pages(first):
        assert page.read_bytes() == (second / page.name).read_bytes(), page.name


def test_empty_analysis_still_writes_pages(tmp_path):
    Dashboards().write(make_analysis([0, 0], xss=False), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "No comments were found" in index and 'id="fig-composition"' in index
    assert (tmp_path / "doc-000_synthetic.html").is_file()


def test_100k_comments_stay_small_and_fast(tmp_path):
    """100k comments: one 40k-comment thread and 20 of 3k. index.html < 10 MB, every report bounded."""
    analysis = make_large_analysis([40_000] + [3_000] * 20)
    started = time.perf_counter()
    files = Dashboards().write(analysis, tmp_path)
    elapsed = time.perf_counter() - started
    sizes = {f.name: f.stat().st_size for f in files}
    assert sizes["index.html"] < 10_000_000
    assert max(sizes.values()) < 10_000_000, sizes
    big = (tmp_path / "doc-000_large.html").read_text(encoding="utf-8")
    assert '"type":"scattergl"' in big  # WebGL past webgl_threshold
    assert "Hover text on a random 2000 of 40000 comments" in big
    assert elapsed < 60, f"writing took {elapsed:.0f}s"


def test_hover_and_table_bounds_follow_the_config(tmp_path):
    opts = Dashboards(max_hover_points=50, webgl_threshold=100, max_table_rows=30, max_tree_nodes=40)
    opts.write(make_analysis([300], xss=False), tmp_path)
    html = (tmp_path / "doc-000_synthetic.html").read_text(encoding="utf-8")
    assert html.count("<tr>") == 30 + 1  # rows + header
    assert "Hover text on a random 50 of 300 comments" in html
    assert '"type":"scattergl"' in html
    assert "comments are drawn: the largest sub-threads" in html


def test_report_config_fields_are_dashboard_keywords():
    fields = {f.name for f in dataclasses.fields(ReportConfig)}
    keywords = {name for name, p in inspect.signature(Dashboards).parameters.items() if p.kind == p.KEYWORD_ONLY}
    assert fields == keywords
    Dashboards(**dataclasses.asdict(ReportConfig()))


def test_report_names_are_safe_and_unique():
    assert report_name("003_1582b565965aaa72.txt") == "doc-003_1582b565965aaa72.html"
    assert report_name('a "b" <c>.txt') == "doc-a_b_c_.html"
    names = report_names(["x.txt", "x.html", "x.csv"])
    assert len(set(names.values())) == 3 and names["x.txt"] == "doc-x.html"


def test_log_odds_prefers_the_side_that_uses_a_term():
    a = np.array([30.0, 5.0, 10.0])
    b = np.array([2.0, 5.0, 10.0])
    z = log_odds_z(a, b, a + b)
    assert z[0] > 1.96 and abs(z[1]) < 1.96
    assert np.allclose(log_odds_z(b, a, a + b), -z)


# ---- discourse open / analyze --open -----------------------------------------------
@pytest.fixture
def opened(monkeypatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda uri, *a, **k: calls.append(uri) or True)
    return calls


def test_open_command_opens_index(small_out, opened, capsys):
    main(["open", str(small_out)])
    assert opened == [(small_out / "index.html").resolve().as_uri()]
    assert "opened" in capsys.readouterr().out


def test_open_command_without_index_fails_with_one_line(tmp_path, opened, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["open", str(tmp_path)])
    assert exc.value.code == 1 and opened == []
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "index.html: no report here" in err


def test_analyze_open_opens_the_new_index(tmp_path, opened, capsys):
    from .conftest import SEED_CONFIG, SEEDS

    out = tmp_path / "dash"
    main(["analyze", str(SEEDS / "003_1582b565965aaa72.txt"), "-o", str(out), "--config", str(SEED_CONFIG),
          "-q", "--open"])
    assert opened == [(out / "index.html").resolve().as_uri()]
