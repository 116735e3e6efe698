"""The dashboards: files, offline assets, escaping, determinism, size bounds, and `discourse open`."""
from __future__ import annotations

import dataclasses
import inspect
import json
import pathlib
import re
import webbrowser

import numpy as np
import pytest

from discourse.cli import main
from discourse.config import ReportConfig
from discourse.report import Dashboards, report_name, report_names
from discourse.report.compare import log_odds_z
from discourse.report.html import esc, excerpt, unesc

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
    for div in ("fig-network", "fig-stance-topic", "fig-sentiment-topic", "fig-top-terms", "fig-topic-document",
                "fig-composition"):
        assert f'id="{div}"' in index, div
    assert "Distinctive terms by document" in index  # a figure, or the line saying there is none
    for anchor in ("discussed", "sides", "arguing", "contrast", "network", "browse", "topics", "documents",
                   "parameters"):
        assert f'<section id="{anchor}">' in index, anchor
    assert "max_hover_points" in index and "neutral_band" in index  # the run's parameters
    assert 'class="contrast-view"' in index and 'id="comment-store"' in index
    assert "Stance toward the talks" in index  # the configured target, in words


def first_screen(html: str) -> str:
    """The three first-screen sections of index.html."""
    return html[html.index('<section id="discussed">'):html.index('<section id="contrast">')]


def test_first_screen_quotes_comments_for_every_topic_and_side(small_out):
    index = (small_out / "index.html").read_text(encoding="utf-8")
    top = first_screen(index)
    cards = [c.split("</article>")[0] for c in top.split('<article class="topic-card"')[1:]]
    assert len(cards) == 5  # the fixture's five topics, each with its own card
    for card in cards:
        assert 2 <= card.count('<li class="quote"') <= 3 and "comments of this topic →" in card
        split = re.findall(r"<i style[^>]*></i>(\d+) (favor|against)", card)
        for _, side in split:  # each side of the topic is heard on its card
            assert f"({side} " in card or f"({side})" in card, side
        assert re.search(r'<li class="quote"[^>]*><span class="qt"><a class="au" href="doc-\d{3}_synthetic\.html#n\d+">',
                         card)
    sides = top[top.index('<section id="sides">'):top.index('<section id="arguing">')]
    assert sides.count('<div class="side"') == 2 and sides.count('<li class="quote"') == 4
    assert sides.count('class="chip term-link"') >= 4  # distinctive terms of each side, linked to the contrast view
    arguing = top[top.index('<section id="arguing">'):]
    assert re.search(r"\d+ within a side.*\d+ across sides", arguing, re.S)
    assert "Most answered" in arguing and arguing.count('<li class="quote"') == 3


def test_topic_cards_show_the_topic_models_examples(tmp_path):
    """Cards quote ``topics.examples`` (the topic model's choice); without it, the highest topic scores."""
    analysis = make_analysis([40], xss=False)
    mine = analysis.comments[analysis.comments["topic"] == "taiwan"].sort_values("topic_score", kind="stable")
    weakest = mine.iloc[0]  # the topic model may prefer a comment its score ranks last
    analysis.topics["examples"] = analysis.topics["examples"].where(
        analysis.topics["topic"] != "taiwan", json.dumps([{"doc": weakest["doc"], "id": weakest["id"], "excerpt": ""}]))

    def card(folder: pathlib.Path) -> str:
        html = first_screen((folder / "index.html").read_text(encoding="utf-8"))
        return html.split("<h3>Taiwan</h3>")[1].split("</article>")[0]

    Dashboards().write(analysis, tmp_path / "with")
    assert esc(excerpt(weakest["text"], 40)[:30]) in card(tmp_path / "with")
    analysis.topics = analysis.topics.drop(columns="examples")
    Dashboards().write(analysis, tmp_path / "without")
    assert esc(excerpt(weakest["text"], 40)[:30]) not in card(tmp_path / "without")
    assert esc(excerpt(mine["text"].iloc[-1], 40)[:30]) in card(tmp_path / "without")


def test_camps_are_shown_per_thread(tmp_path):
    Dashboards().write(make_analysis([60, 60, 20], seed=3, xss=False, camps=True), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    sides = first_screen(index)
    assert "camp A of one thread has nothing to do with camp A of another" in sides
    assert sides.count('<div class="sides">') == 2  # the two largest threads, each with its camps
    views = json.loads(re.search(r'class="contrast-data">(.*?)</script>', index).group(1))["views"]
    assert len(views) >= 1 and all(v["a"]["name"] == "camp A" for v in views)
    assert '<select class="pick view">' in index or len(views) == 1
    threads = sides.split('<div class="sides">')[1:]
    seen = set()
    for thread in threads:  # a thread's terms open that thread's view of the contrast
        chips = re.findall(r'class="chip term-link" data-contrast="contrast-main" data-view="(\d+)">([^<]*)<', thread)
        if not chips:
            continue
        (k,) = {int(v) for v, _ in chips}
        seen.add(k)
        terms = {unesc(views[k]["terms"][i][0]) for i in views[k]["top_a"] + views[k]["top_b"]}
        assert {unesc(t) for _, t in chips} <= terms
    assert seen == {0, 1}  # one view per thread


def test_document_report_shows_every_part(small_out):
    html = (small_out / "doc-000_synthetic.html").read_text(encoding="utf-8")
    for name in ("segmentation", "topic-map", "network", "timeline", "topic-stance", "engagement"):
        assert f'id="fig-doc1-{name}"' in html, name
    assert '"type":"icicle"' not in html  # the id-only icicle is gone...
    assert 'class="thread-tree"' in html  # ...a readable tree instead
    store = comment_store(html)
    assert len(store["rows"]) == 40 and all(r[12] == 1 for r in store["rows"])  # every comment in the tree
    empty = (small_out / "doc-003_synthetic.html").read_text(encoding="utf-8")
    assert "No comments were found in this document." in empty
    assert '<span>mean polarity</span>' not in empty  # no blank cards


def comment_store(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="comment-store">(.*?)</script>', html).group(1))


def test_payloads_are_escaped_everywhere(small_out):
    for page in pages(small_out):
        text = page.read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/json"([^>]*)>(.*?)</script>', text, re.S)
        for attrs, body in blocks:  # embedded data: no character that could end the script or open markup
            assert "<" not in body and ">" not in body, f"raw markup character in JSON of {page.name}"
            if "fig-data" in attrs:  # Plotly draws some HTML in labels: escaped before encoding
                for payload in PAYLOADS:
                    assert payload not in decoded(body), f"raw {payload!r} in a figure of {page.name}"
        outside = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", text, flags=re.S)
        for payload in PAYLOADS:
            assert payload not in outside, f"raw {payload!r} in {page.name}"
        assert "<img" not in outside and '<a href="javascript:' not in outside
        assert '<span style="color:red">' not in outside
        assert outside.count("<script") == outside.count("</script>")
    index = (small_out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index  # shown as text, not dropped
    store = comment_store((small_out / "doc-000_synthetic.html").read_text(encoding="utf-8"))
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in r[9] for r in store["rows"])  # escaped in the data too


def test_comment_text_cannot_close_a_script(tmp_path):
    analysis = make_analysis([12], xss=False)
    analysis.comments.loc[3, "text"] = "</script><script>alert(2)</script> <!-- x --> ]]> \u2028 end"
    Dashboards().write(analysis, tmp_path)
    for page in pages(tmp_path):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(2)" not in text and "<!-- x" not in text
    row = comment_store((tmp_path / "doc-000_synthetic.html").read_text(encoding="utf-8"))["rows"][3]
    assert unesc(row[9]).startswith("</script><script>alert(2)</script> <!-- x -->")


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


def test_untitled_documents_take_their_first_line(tmp_path):
    analysis = make_analysis([5, 3], xss=False)
    analysis.documents.loc[0, "title"] = ""
    analysis.lines.loc[(analysis.lines["doc"] == "000_synthetic.txt") & (analysis.lines["line"] == 0), "text"] = \
        "   "  # a blank first line is skipped
    Dashboards().write(analysis, tmp_path)
    report = (tmp_path / "doc-000_synthetic.html").read_text(encoding="utf-8")
    assert "<h1>By A. Writer, March 2021</h1>" in report
    assert "By A. Writer, March 2021" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_figures_with_nothing_to_show_are_one_line(tmp_path):
    analysis = make_analysis([14], xss=False)
    analysis.comments["stance"] = "none"
    Dashboards().write(analysis, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    report = (tmp_path / "doc-000_synthetic.html").read_text(encoding="utf-8")
    assert "Topics × documents: all comments come from one document." in index  # no one-column heatmap
    assert 'id="fig-topic-document"' not in index and 'id="fig-stance-topic"' not in index
    assert "No contrast: one side is empty (0 favor, 0 against comments)." in report
    assert 'class="contrast-view"' not in report and 'id="fig-doc1-topic-stance"' not in report
    assert "Nothing to cross: all comments have the stance &#x27;none&#x27;" in report or \
        "Nothing to cross: all comments have the stance 'none'" in report
    outside = re.sub(r"<script.*?</script>", "", index + report, flags=re.S)
    assert "no term stands out" not in outside


def test_contrast_lists_comments_of_both_sides_for_each_term(tmp_path):
    analysis = make_analysis([80], xss=False)
    Dashboards().write(analysis, tmp_path)
    html = (tmp_path / "doc-000_synthetic.html").read_text(encoding="utf-8")
    view = json.loads(re.search(r'class="contrast-data">(.*?)</script>', html).group(1))["views"][0]
    rows = comment_store(html)["rows"]
    terms = {t[0]: t for t in view["terms"]}
    assert [terms[view["terms"][i][0]][0] for i in view["top_a"]][:1] and view["top_b"]
    for term, count_a, count_b, z, refs in view["terms"]:
        assert 0 < len(refs) <= min(12, count_a + count_b)
        for k in refs:
            assert term.lower() in unesc(rows[k][9]).lower()
        sides = {rows[k][4] for k in refs}
        if count_a and count_b and len(refs) > 1:
            assert sides == {"favor", "against"}, term  # both sides' use of the term
    favor_word = view["terms"][view["top_a"][0]]
    assert favor_word[0] in ("democracy", "rights", "freedom", "genocide") and favor_word[3] > 1.96


def test_stance_and_topic_confidence_are_visible(small_out, tmp_path):
    html = (small_out / "doc-000_synthetic.html").read_text(encoding="utf-8")
    rows = comment_store(html)["rows"]
    assert {r[5] for r in rows if r[4] != "none"} - {-1} and all(0 <= r[5] <= 1 for r in rows)
    assert all(0 <= r[7] <= 1 for r in rows)  # topic score per comment
    spec = json.loads(re.search(r'data-for="fig-doc1-topic-map">(.*?)</script>', html).group(1))
    # per-point opacity: a typed array (plotly >= 6) or a plain list (plotly 5)
    alphas = [t["marker"]["opacity"] for t in spec["data"] if isinstance(t.get("marker", {}).get("opacity"), (dict, list))]
    assert alphas, "topic-map opacity does not follow the topic score"
    index = (small_out / "index.html").read_text(encoding="utf-8")
    colours = set(re.findall(r'<li class="quote" style="--sc:rgba\(\d+,\d+,\d+,([\d.]+)\)">', index))
    assert len(colours) > 2  # the quotes' side colours are paler for less confident labels
    analysis = make_analysis([20], xss=False, stage_columns=False)  # before the stance stage records confidence
    Dashboards().write(analysis, tmp_path)
    rows = comment_store((tmp_path / "doc-000_synthetic.html").read_text(encoding="utf-8"))["rows"]
    assert {r[5] for r in rows} == {-1}


def test_100k_comments_stay_small(tmp_path):
    """100k comments: one 40k-comment thread and 20 of 3k. Every page < 2 MB (plotly.min.js aside)."""
    analysis = make_large_analysis([40_000] + [3_000] * 20)
    files = Dashboards().write(analysis, tmp_path)  # its time: bench/bench.py --report
    sizes = {f.name: f.stat().st_size for f in files}
    assert max(sizes.values()) < 2_000_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
    big = (tmp_path / "doc-000_large.html").read_text(encoding="utf-8")
    assert '"type":"scattergl"' in big  # WebGL past webgl_threshold
    assert "5,000 of 40,000 comments are drawn (a random sample)" in big
    assert re.search(r"Hover text on a random \d+ of 5000 comments", big)
    assert "comments are in this page; all are in comments.csv" in big


def test_hover_and_table_bounds_follow_the_config(tmp_path):
    opts = Dashboards(max_hover_points=50, webgl_threshold=100, max_table_rows=30, max_tree_nodes=40)
    opts.write(make_analysis([300], xss=False), tmp_path)
    html = (tmp_path / "doc-000_synthetic.html").read_text(encoding="utf-8")
    assert 'data-limit="30"' in html
    assert "Hover text on a random 50 of 300 comments" in html
    assert '"type":"scattergl"' in html
    assert "comments are drawn: the largest sub-threads" in html
    rows = comment_store(html)["rows"]
    assert sum(r[12] for r in rows) <= 40 and len(rows) <= 40 + 50 + 30 + 12 * 400


def test_report_fits_no_model():
    """The report reads the pipeline's results: no SVD, PCA, clustering or TF-IDF fitting in it."""
    import discourse.report as report

    folder = pathlib.Path(report.__file__).parent
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for name in ("TruncatedSVD", "PCA", "KMeans", "NMF", "TfidfVectorizer", "decomposition", "cluster"):
            assert name not in source, f"{path.name} uses {name}"


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


# ---- reply network, layout and ranges ------------------------------------------------
def tiny_view(rows: list[tuple[str, str, str, str]], authors=None):
    """A CorpusView of one thread from (id, author, reply_to, stance) rows."""
    import pandas as pd

    from discourse.config import Config
    from discourse.pipeline import Analysis
    from discourse.report.data import CorpusView
    from discourse.schema import COMMENT_COLUMNS, DOCUMENT_COLUMNS, LINE_COLUMNS, TOPIC_COLUMNS, conform

    comments = pd.DataFrame([{"doc": "t.txt", "id": i, "position": k, "author": a, "reply_to": p, "stance": s,
                              "text": f"comment {i}", "topic": "other"} for k, (i, a, p, s) in enumerate(rows)])
    analysis = Analysis(config=Config(), documents=conform(pd.DataFrame({"doc": ["t.txt"]}), DOCUMENT_COLUMNS),
                        comments=conform(comments, COMMENT_COLUMNS), topics=conform(pd.DataFrame(), TOPIC_COLUMNS),
                        lines=conform(pd.DataFrame(), LINE_COLUMNS))
    if authors is not None:
        analysis.authors = authors
    return CorpusView.from_analysis(analysis)


def test_reply_network_joins_authors_and_marks_replies_across_sides():
    from discourse.report.network import reply_graph

    view = tiny_view([("c0", "ann", "", "favor"), ("c1", "bob", "c0", "against"), ("c2", "ann", "c1", "favor"),
                      ("c3", "cat", "c0", "favor"), ("c4", "", "c3", "against"), ("c5", "bob", "c1", "against")])
    graph = reply_graph(view, np.arange(6))
    assert graph.names == ["ann", "bob", "cat", "#c4"] and list(graph.comments) == [2, 2, 1, 1]
    assert list(graph.is_author) == [True, True, True, False]
    assert list(graph.stance) == ["favor", "against", "favor", "against"]
    edges = {(graph.names[i], graph.names[j]): w for i, j, w in graph.edges}
    assert edges == {("ann", "bob"): 2, ("ann", "cat"): 1, ("cat", "#c4"): 1}  # bob's reply to himself is no edge
    kinds = dict(zip([(graph.names[i], graph.names[j]) for i, j, _ in graph.edges], graph.edge_kind()))
    assert kinds == {("ann", "bob"): "cross", ("ann", "cat"): "same", ("cat", "#c4"): "cross"}
    assert graph.sent[0].tolist() == [0, 1] and graph.received[0].tolist() == [1, 1]  # ann: 1 across; got 1+1


def test_reply_network_uses_the_stance_stages_author_sides():
    import pandas as pd

    from discourse.report.network import reply_graph

    authors = pd.DataFrame({"doc": ["t.txt"] * 2, "author": ["ann", "bob"], "stance": ["camp_b", "camp_b"],
                            "stance_confidence": [0.4, 0.9], "comments": [1, 1]})
    view = tiny_view([("c0", "ann", "", "camp_a"), ("c1", "bob", "c0", "camp_b")], authors)
    graph = reply_graph(view, np.arange(2))
    assert list(graph.stance) == ["camp_b", "camp_b"] and graph.confidence.tolist() == [0.4, 0.9]
    assert graph.edge_kind().tolist() == ["same"]


def test_large_networks_show_the_largest_group_and_the_most_active():
    from discourse.report.network import MAX_NETWORK_NODES, ReplyGraph, select_nodes

    rng = np.random.default_rng(0)
    n = 2000
    big = np.arange(1200)  # one connected group of 1200 authors, then 400 pairs
    edges = [(int(a), int(b), 1) for a, b in zip(big[:-1], big[1:])]
    edges += [(1200 + 2 * k, 1201 + 2 * k, 1) for k in range(400)]
    comments = rng.integers(1, 5, size=n).astype(float)
    comments[1500] = 500  # a very active author outside the big group
    graph = ReplyGraph(names=[f"u{i}" for i in range(n)], is_author=np.ones(n, bool), comments=comments,
                       stance=np.array(["none"] * n, dtype=object), confidence=np.full(n, np.nan),
                       edges=np.array(edges), sent=np.zeros((n, 2)), received=np.zeros((n, 2)))
    chosen, said = select_nodes(graph)
    assert len(chosen) == MAX_NETWORK_NODES and set(chosen) <= set(big)
    assert said == (f"Showing {MAX_NETWORK_NODES} of the 2,000 authors with replies: the most active of the largest "
                    "connected group (1,200).")
    small = ReplyGraph(names=graph.names[:1300], is_author=graph.is_author[:1300], comments=comments[:1300],
                       stance=graph.stance[:1300], confidence=graph.confidence[:1300],
                       edges=np.array([e for e in edges if e[1] < 1300 and (e[0] < 100 or e[0] >= 1200)]),
                       sent=np.zeros((1300, 2)), received=np.zeros((1300, 2)))
    chosen, said = select_nodes(small)
    assert len(chosen) == 150 and set(range(100)) <= set(chosen)  # the whole largest group, then the others
    assert "the largest connected group (101) and the most active of the others" in said
    assert "1,099 authors with no reply to or from another are not drawn." in said


def test_dense_networks_draw_the_heaviest_reply_links():
    from discourse.report.network import MAX_NETWORK_EDGES, ReplyGraph, drawn_edges

    n = 60
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]  # 1770 links
    weight = np.arange(len(pairs)) % 7 + 1
    graph = ReplyGraph(names=[str(i) for i in range(n)], is_author=np.ones(n, bool), comments=np.ones(n),
                       stance=np.array(["favor", "against"] * (n // 2), dtype=object), confidence=np.full(n, np.nan),
                       edges=np.column_stack([np.array(pairs), weight]), sent=np.zeros((n, 2)), received=np.zeros((n, 2)))
    local, kinds, total = drawn_edges(graph, np.arange(n))
    assert total == len(pairs) and len(local) == MAX_NETWORK_EDGES == len(kinds)
    assert local[:, 2].min() >= np.sort(weight)[-MAX_NETWORK_EDGES]  # the heaviest ones


def test_spring_layout_is_deterministic_and_pulls_neighbours_together():
    from discourse.report.network import spring_layout

    edges = np.array([(0, 1, 3), (1, 2, 1), (2, 0, 1), (3, 4, 1)])
    first, second = spring_layout(7, edges), spring_layout(7, edges)
    assert np.array_equal(first, second) and np.abs(first).max() <= 1.0
    dist = np.linalg.norm(first[:, None] - first[None], axis=-1)
    assert dist[0, 1] < dist[0, 5] and dist[3, 4] < dist[3, 6]


def test_robust_range_clips_outliers_and_says_so(tmp_path):
    from discourse.report.figures import robust_range

    values = np.r_[np.linspace(-1, 1, 40), 60.0]
    low, high = robust_range(values)
    assert -1.5 < low < -1 and 1 < high < 5
    assert robust_range(np.linspace(-1, 1, 40)) is None
    analysis = make_analysis([40], xss=False)
    analysis.comments.loc[5, "map_x"] = 1e3
    Dashboards().write(analysis, tmp_path)
    html = (tmp_path / "doc-000_synthetic.html").read_text(encoding="utf-8")
    assert "1 comment lies far from the rest; it is drawn at the edge as open diamonds" in html
    spec = json.loads(re.search(r'data-for="fig-doc1-topic-map">(.*?)</script>', html).group(1))
    assert spec["layout"]["xaxis"]["range"][1] < 100


def test_quotes_link_to_their_comment_in_the_thread_tree(small_out):
    index = (small_out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="au" href="(doc-[\w.-]+\.html)#n(\d+)">([^<]*)</a>', index)
    assert len(links) >= 10
    for page, anchor, who in links:
        rows = comment_store((small_out / page).read_text(encoding="utf-8"))["rows"]
        node = [r for r in rows if r[8] == int(anchor)]
        assert len(node) == 1 and node[0][12] == 1, (page, anchor)  # a node of the tree has that id
        assert who in (node[0][2], "#" + node[0][1]), (who, node[0][:3])


def test_a_small_thread_names_its_leaning_terms_as_weak_evidence():
    """Few comments: no term reaches |z| > 1.96, yet the terms each side leans to are shown, marked weak."""
    from discourse.report.compare import Z_SIGNIFICANT, associate_counts

    terms = np.array(["tariffs", "sanctions", "rights", "talks", "weather"])
    count_a, count_b = np.array([3.0, 2, 0, 2, 1]), np.array([0.0, 1, 3, 2, 1])
    assoc = associate_counts(count_a, count_b, terms, 5, 5, "favor", "against")
    assert assoc.top(3, "a") == [] and assoc.top(3, "b") == []  # nothing significant
    assert max(abs(assoc.z)) < Z_SIGNIFICANT
    leaning_a = [str(assoc.terms[i]) for i in assoc.top(3, "a", leaning=True)]
    leaning_b = [str(assoc.terms[i]) for i in assoc.top(3, "b", leaning=True)]
    assert leaning_a[:1] == ["tariffs"] and leaning_b[:1] == ["rights"] and "talks" not in leaning_a + leaning_b
