"""The dashboards in a real browser: every figure renders offline and no payload becomes markup.

Runs headless Chromium (``--dump-dom`` after a virtual-time budget) on every page of two folders:
``discourse.analyze`` on the seeds plus XSS fixture documents, and a synthetic analysis whose
titles, topic labels, authors, ids, evidence and comments carry the payloads. Skipped without
a chromium binary.
"""
from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

lxml_html = pytest.importorskip("lxml.html")

from discourse import analyze, load_config  # noqa: E402
from discourse.report import Dashboards  # noqa: E402

from .conftest import SEED_CONFIG, SEEDS  # noqa: E402
from .report_fixtures import PAYLOADS, make_analysis  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH")

XSS_INPUTS = pathlib.Path(__file__).parent / "fixtures" / "report"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--virtual-time-budget=10000"]
RED_STYLE = re.compile(r"(?<![\w-])(color|fill)\s*:\s*red\b", re.IGNORECASE)


def chromium(page: pathlib.Path, profile: pathlib.Path, *args: str) -> str:
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
                          capture_output=True, text=True, timeout=120)
    return done.stdout


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> list[pathlib.Path]:
    seeds_out = tmp_path_factory.mktemp("seeds-xss")
    inputs = [SEEDS, XSS_INPUTS / "xss_page.txt", XSS_INPUTS / "xss_thread.jsonl"]
    analyze(inputs, load_config(SEED_CONFIG)).write(seeds_out)
    synthetic_out = tmp_path_factory.mktemp("synthetic-xss")
    Dashboards().write(make_analysis([40]), synthetic_out)
    return [seeds_out, synthetic_out]


@pytest.fixture(scope="module")
def rendered(folders, tmp_path_factory) -> dict[pathlib.Path, str]:
    """The DOM of every page after its scripts ran, rendered two pages at a time."""
    pages = [p for folder in folders for p in sorted(folder.glob("*.html"))]
    profiles = tmp_path_factory.mktemp("chromium")
    with ThreadPoolExecutor(max_workers=2) as pool:
        doms = list(pool.map(lambda ip: chromium(ip[1], profiles / str(ip[0]), "--dump-dom"), enumerate(pages)))
    return dict(zip(pages, doms))


def test_every_figure_renders(rendered):
    assert len(rendered) >= 2 + 5 + 2 + 1  # two indexes, the seeds, the XSS inputs, the synthetic thread
    for page, dom in rendered.items():
        expected = page.read_text(encoding="utf-8").count('class="plotly-graph-div"')
        tree = lxml_html.fromstring(dom)
        divs = tree.xpath("//div[contains(concat(' ', @class, ' '), ' plotly-graph-div ')]")
        assert len(divs) == expected, f"{page.name}: {len(divs)} of {expected} figure divs in the DOM"
        for div in divs:
            assert "js-plotly-plot" in div.get("class", ""), f"{page.name}: {div.get('id')} was not plotted"
            assert div.xpath(".//*[contains(concat(' ', @class, ' '), ' main-svg ')]"), \
                f"{page.name}: {div.get('id')} has no main-svg"
    index = rendered[next(p for p in rendered if p.name == "index.html")]
    assert index.count('class="main-svg"') >= 2 * 5


def test_no_payload_becomes_markup(rendered):
    for page, dom in rendered.items():
        tree = lxml_html.fromstring(dom)
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            tag = el.tag.lower()
            assert not (tag == "img" and el.get("src") == "x"), f"{page.name}: injected <img>"
            assert not (tag == "script" and (el.text or "").strip().startswith("alert")), \
                f"{page.name}: injected <script>"
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), f"{page.name}: event handler {name}={value!r}"
                if name.lower().endswith("href") or name.lower() == "src":
                    assert not value.strip().lower().startswith("javascript:"), f"{page.name}: {name}={value!r}"
                if name.lower() == "style":
                    assert not RED_STYLE.search(value), f"{page.name}: injected style {value!r}"
        # serialized elements, not text (text nodes keep quotes but escape "<")
        for needle in ('<img src="x"', ' onerror="', '<a href="javascript:', '<span style="color:red"'):
            assert needle not in dom, f"{page.name}: {needle!r} in the DOM"


def test_payloads_show_as_text(rendered):
    """Escaping keeps the payloads readable as literal text (in titles, tables and labels)."""
    for page, dom in rendered.items():
        if page.parent.name.startswith("synthetic") and page.name in ("index.html", "doc-000_synthetic.html"):
            text = lxml_html.fromstring(dom).text_content()
            for payload in PAYLOADS:
                assert payload in text, f"{page.name}: {payload!r} not shown as text"


def test_overview_screenshot(folders, tmp_path):
    shot = tmp_path / "overview.png"
    chromium(folders[0] / "index.html", tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,2000")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
