"""The dashboards in a real browser: every page at 1200, 1600 and 1920 px, offline.

One headless Chromium run per output folder opens a harness page that loads every dashboard page in
an iframe of each width, waits until the page's script has drawn its figures, and records what a
reader would see: each figure's width against its container (also after the window shrinks), the
text of the topic cards and of the thread tree, what a click on a contrast term lists, and the DOM.
Folders: ``discourse.analyze`` on the seeds plus the XSS fixture documents, and synthetic analyses
(favor/against and camps) whose titles, labels, authors, ids, evidence and comments carry the
payloads. Skipped without a chromium binary.
"""
from __future__ import annotations

import json
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
WIDTHS = (1200, 1600, 1920)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars"]
RED_STYLE = re.compile(r"(?<![\w-])(color|fill)\s*:\s*red\b", re.IGNORECASE)

# Loads each page in an iframe of each width (the harness is a file next to the pages; iframes of
# file:// pages are only scriptable with --disable-web-security, used for this test page only).
HARNESS = """<!DOCTYPE html><html><body><pre id="out">pending</pre><script>
var jobs = %(jobs)s, results = [];
function later(ms, f) { setTimeout(f, ms); }
function whenRendered(frame, done) {
  (function poll() {
    var d = frame.contentDocument;
    if (d && d.body && d.body.getAttribute("data-rendered") !== null) return later(300, done);
    later(50, poll);
  })();
}
function figures(doc) {
  return Array.prototype.map.call(doc.querySelectorAll(".js-plotly-plot"), function (div) {
    var svg = div.querySelector(".main-svg"), box = div.parentElement.getBoundingClientRect();
    var drawn = svg ? svg.getBoundingClientRect() : {width: -1, right: -1};
    return {id: div.id || div.className, width: Math.round(drawn.width), right: Math.round(drawn.right),
            box: Math.round(box.width), boxRight: Math.round(box.right)};
  });
}
function text(node) { return node ? node.textContent.trim() : ""; }
function audit(frame, page, width) {
  var doc = frame.contentDocument, win = frame.contentWindow;
  var out = {page: page, width: width, inner: win.innerWidth, scroll: doc.documentElement.scrollWidth,
             rendered: doc.body.getAttribute("data-rendered"), figures: figures(doc)};
  out.cards = Array.prototype.map.call(doc.querySelectorAll(".topic-card"), function (card) {
    return Array.prototype.map.call(card.querySelectorAll(".quote .qt"), text);
  });
  out.tree = Array.prototype.map.call(doc.querySelectorAll(".thread-tree li > .row summary"), function (s) {
    return [text(s.querySelector(".au")), text(s.querySelector(".fw"))];
  });
  var fold = doc.querySelector(".thread-tree .fold:not(.leaf)");
  if (fold) {  /* fold a sub-thread, then open a comment's full text */
    var li = fold.closest("li"), replies = li.querySelector(":scope > ul");
    var shownBefore = replies.getBoundingClientRect().height;
    fold.click();
    out.fold = {before: shownBefore, after: replies.getBoundingClientRect().height, label: fold.textContent};
    fold.click();
    var msg = li.querySelector("details.msg"), full = msg.querySelector(".full");
    var closed = !msg.open && !full.checkVisibility();
    msg.querySelector("summary").click();
    out.open = {closed: closed, opened: msg.open && full.checkVisibility(), height: full.getBoundingClientRect().height,
                text: text(full), first: text(msg.querySelector(".fw"))};
  }
  out.tableRows = doc.querySelectorAll(".comment-table tbody tr").length;
  out.browser = doc.querySelectorAll(".browser .clist li").length;
  var view = doc.querySelector(".contrast-view"), chip = doc.querySelector(".contrast-view .side-chips .chip");
  function listed() {
    var items = view.querySelectorAll(".clist li");
    return {head: text(view.querySelector(".term-head")), items: items.length,
            first: items.length ? text(items[0].querySelector(".ctext")) : ""};
  }
  if (chip) {
    chip.click();  /* a term button of the contrast view */
    out.lookup = listed();
    out.lookup.term = chip.textContent;
    var search = view.querySelector("input.search");
    search.value = chip.textContent.toUpperCase();  /* the same term, typed */
    search.dispatchEvent(new Event("change"));
    out.searched = listed();
    out.searched.term = chip.textContent;
    search.value = "the";  /* a word that is no compared term: plain text search */
    search.dispatchEvent(new Event("change"));
    out.searchedText = listed();
    view.querySelector(".clist").textContent = "";
    var side = doc.querySelector("button.term-link");  /* a side's term on the first screen */
    if (side) { side.click(); out.sideTerm = listed(); out.sideTerm.term = side.textContent; }
  }
  var more = doc.querySelector(".topic-card .more-link");
  if (more) {  /* "all N comments of this topic": the browser lists that topic's comments */
    more.click();
    out.topicLink = {label: text(more.closest(".topic-card").querySelector("h3")), link: text(more),
                     count: text(doc.querySelector(".browser .count")),
                     topics: Array.prototype.map.call(doc.querySelectorAll(".browser .clist li .cmeta"), text)};
  }
  if (width === 1600) out.dom = doc.documentElement.outerHTML;
  return out;
}
(function next() {
  if (!jobs.length) { document.getElementById("out").textContent = JSON.stringify(results); return; }
  var job = jobs.shift(), frame = document.createElement("iframe");
  frame.style.cssText = "width:" + job[1] + "px;height:1000px;border:0";
  frame.src = job[0];
  document.body.appendChild(frame);
  whenRendered(frame, function () {
    var result = audit(frame, job[0], job[1]);
    frame.style.width = "1200px";  /* the window shrinks: figures must follow their containers */
    /* headless Chromium under virtual time does not always run the rendering steps that deliver
       ResizeObserver notifications and resize events to a frame; send the event it would get */
    frame.contentWindow.dispatchEvent(new Event("resize"));
    var tries = 0;
    (function settle() {
      result.resized = figures(frame.contentDocument);
      var done = result.resized.every(function (f) { return f.width <= f.box + 1; });
      if (!done && ++tries < 40) return later(100, settle);
      results.push(result);
      frame.remove();
      next();
    })();
  });
})();
</script></body></html>
"""


def browse(folder: pathlib.Path, profile: pathlib.Path) -> list[dict]:
    """Audit every page of ``folder`` at every width in one Chromium run."""
    pages = sorted(p.name for p in folder.glob("*.html") if not p.name.startswith("_"))
    harness = folder / "_harness.html"
    harness.write_text(HARNESS % {"jobs": json.dumps([[p, w] for p in pages for w in WIDTHS])}, encoding="utf-8")
    done = subprocess.run([CHROMIUM, *FLAGS, "--disable-web-security", f"--user-data-dir={profile}",
                           "--virtual-time-budget=600000", "--window-size=2000,1100", "--dump-dom",
                           harness.resolve().as_uri()], capture_output=True, text=True, timeout=600)
    harness.unlink()
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
    assert found and found.group(1) != "pending", f"harness did not finish in {folder}: {done.stderr[-500:]}"
    return json.loads(lxml_html.fromstring(found.group(0)).text_content())


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> list[pathlib.Path]:
    seeds_out = tmp_path_factory.mktemp("seeds-xss")
    inputs = [SEEDS, XSS_INPUTS / "xss_page.txt", XSS_INPUTS / "xss_thread.jsonl"]
    analyze(inputs, load_config(SEED_CONFIG)).write(seeds_out)
    synthetic_out = tmp_path_factory.mktemp("synthetic-xss")
    Dashboards().write(make_analysis([60, 12]), synthetic_out)
    camps_out = tmp_path_factory.mktemp("camps-xss")
    Dashboards().write(make_analysis([60, 20], seed=3, camps=True), camps_out)
    return [seeds_out, synthetic_out, camps_out]


@pytest.fixture(scope="module")
def audits(folders, tmp_path_factory) -> list[dict]:
    profiles = tmp_path_factory.mktemp("chromium")
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda ip: browse(ip[1], profiles / str(ip[0])), enumerate(folders)))
    out = []
    for folder, results in zip(folders, runs):
        for r in results:
            r["path"] = folder / r["page"]
            out.append(r)
    return out


def test_every_page_renders_at_every_width(audits, folders):
    pages = {p for f in folders for p in f.glob("*.html")}
    assert len(pages) >= 3 + 7 + 2 + 2  # three indexes, the seeds and XSS inputs, the synthetic threads
    assert {(r["path"], r["width"]) for r in audits} == {(p, w) for p in pages for w in WIDTHS}
    for r in audits:
        source = r["path"].read_text(encoding="utf-8")
        assert r["rendered"] is not None and r["inner"] == r["width"], r["page"]
        expected = len(re.findall(r'class="[^"]*\bplotly-graph-div\b', source))
        assert len(r["figures"]) == expected, f"{r['page']}@{r['width']}: {len(r['figures'])} of {expected} drawn"
        assert all(f["width"] > 0 for f in r["figures"]), f"{r['page']}: a figure has no main-svg"


def test_no_figure_is_wider_than_its_container(audits):
    for r in audits:
        assert r["scroll"] <= r["inner"], f"{r['page']}@{r['width']}: page scrolls sideways ({r['scroll']} px)"
        for f in r["figures"]:
            assert f["width"] <= f["box"] + 1 and f["right"] <= f["boxRight"] + 1, (r["page"], r["width"], f)
            assert f["width"] >= f["box"] - 2, f"{r['page']}@{r['width']}: {f['id']} narrower than its box: {f}"


def test_figures_follow_the_window_when_it_shrinks(audits):
    for r in audits:
        for before, after in zip(r["figures"], r["resized"]):
            assert after["width"] <= after["box"] + 1, (r["page"], r["width"], after)
            assert after["width"] >= after["box"] - 2, (r["page"], r["width"], after)
            if after["box"] < before["box"] - 2:
                assert after["width"] < before["width"], f"{r['page']}@{r['width']}: {after['id']} kept its width"


def test_every_topic_card_shows_comment_text(audits):
    indexes = [r for r in audits if r["page"] == "index.html"]
    assert len(indexes) == 3 * len(WIDTHS)
    for r in indexes:
        assert r["cards"], f"{r['path']}: no topic cards"
        for quotes in r["cards"]:
            assert quotes and all(len(q) > 10 for q in quotes), f"{r['path']}: a topic card without comments"
        assert r["browser"] > 0, f"{r['path']}: the comment browser lists nothing"
        link = r["topicLink"]
        size = re.match(r"all ([\d,]+) comments", link["link"]).group(1)
        assert link["count"].startswith(f"{size} of the "), link  # the whole topic, and only it
        assert link["topics"] and all(f"topic: {link['label']} (score" in t for t in link["topics"]), link


def test_thread_tree_shows_authors_or_excerpts(audits):
    reports = [r for r in audits if r["page"].startswith("doc-") and "No comments were found" not in
               r["path"].read_text(encoding="utf-8")]
    assert len(reports) >= 5 * len(WIDTHS)
    for r in reports:
        assert r["tree"], f"{r['page']}: empty thread tree"
        assert all(author or words for author, words in r["tree"]), f"{r['page']}: a tree line with no words"
        assert r["tableRows"] > 0, f"{r['page']}: empty comment table"
    folded = [r for r in reports if r.get("fold")]
    assert len(folded) >= 3 * len(WIDTHS)
    for r in folded:
        assert r["fold"]["before"] > 0 and r["fold"]["after"] == 0 and r["fold"]["label"] == "▸", r["page"]
        assert r["open"]["closed"] and r["open"]["opened"] and r["open"]["height"] > 0, \
            f"{r['page']}: no full text on click {r['open']}"
        assert len(r["open"]["text"]) >= len(r["open"]["first"].rstrip("…")) > 0
    synthetic = [r for r in reports if r["path"].parent.name.startswith("synthetic") and r["page"] == "doc-000_synthetic.html"]
    assert synthetic and all(len(r["tree"]) == 60 and all(a for a, _ in r["tree"]) for r in synthetic)


def test_clicking_a_contrast_term_lists_the_comments_that_use_it(audits):
    looked = [r for r in audits if r.get("lookup")]
    assert {r["path"].parent for r in looked} >= {r["path"].parent for r in audits if "synthetic" in str(r["path"])}
    for r in looked:
        term = r["lookup"]["term"]
        assert r["lookup"]["items"] > 0, f"{r['page']}: clicking {term!r} listed nothing"
        words = r["lookup"]["first"].lower()  # a bigram term skips stop words: "hegemony (and) hypocrisy"
        assert all(w in words for w in term.lower().split()), f"{r['page']}: the first comment does not use {term!r}"
        assert r["lookup"]["head"].startswith(f"“{term}”")


def test_searching_a_term_or_any_text_lists_comments(audits):
    looked = [r for r in audits if r.get("lookup")]
    assert looked
    for r in looked:
        assert r["searched"] == r["lookup"], f"{r['page']}: typing the term lists other comments than clicking it"
        found = r["searchedText"]
        assert found["head"].startswith("“the” is not one of the compared terms") and found["items"] > 0
        assert "the" in found["first"].lower()
    firsts = [r for r in looked if r["page"] == "index.html" and not r["path"].parent.name.startswith("camps")]
    assert firsts and all(r["sideTerm"]["items"] > 0 and r["sideTerm"]["head"].startswith(f"“{r['sideTerm']['term']}”")
                          for r in firsts)


def test_no_payload_becomes_markup(audits):
    for r in (r for r in audits if "dom" in r):
        dom = r["dom"]
        tree = lxml_html.fromstring(dom)
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            tag = el.tag.lower()
            assert not (tag == "img" and el.get("src") == "x"), f"{r['page']}: injected <img>"
            assert not (tag == "script" and (el.text or "").strip().startswith("alert")), \
                f"{r['page']}: injected <script>"
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), f"{r['page']}: event handler {name}={value!r}"
                if name.lower().endswith("href") or name.lower() == "src":
                    assert not value.strip().lower().startswith("javascript:"), f"{r['page']}: {name}={value!r}"
                if name.lower() == "style":
                    assert not RED_STYLE.search(value), f"{r['page']}: injected style {value!r}"
        for needle in ('<img src="x"', ' onerror="', '<a href="javascript:', '<span style="color:red"'):
            assert needle not in dom, f"{r['page']}: {needle!r} in the DOM"


def test_payloads_show_as_text(audits):
    """Escaping keeps the payloads readable as literal text (titles, cards, tree, tables, labels)."""
    shown = [r for r in audits if "dom" in r and r["path"].parent.name.startswith("synthetic")
             and r["page"] in ("index.html", "doc-000_synthetic.html")]
    assert len(shown) == 2
    for r in shown:
        text = lxml_html.fromstring(r["dom"]).text_content()
        for payload in PAYLOADS:
            assert payload in text, f"{r['page']}: {payload!r} not shown as text"


def test_overview_screenshot(folders, tmp_path):
    shot = tmp_path / "overview.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000",
                    f"--screenshot={shot}", "--window-size=1400,2000", (folders[0] / "index.html").resolve().as_uri()],
                   capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
