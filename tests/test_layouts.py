"""The layout registry: every known layout is one module with its patterns, passes, fixtures and gold, and
each layout's pages keep their segmentation when another layout changes."""
from __future__ import annotations

import json
import pathlib

import pytest

from discourse.segment import layouts, segment_file
from discourse.segment.layouts import REGISTRY, STAGES
from discourse.segment.lines import read_lines

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "text"
PAGES = sorted({(layout.name, page) for layout in REGISTRY for page in layout.fixtures})


def test_every_layout_is_registered_once_with_its_pages():
    names = [layout.name for layout in REGISTRY]
    assert len(names) == len(set(names))
    for layout in REGISTRY:
        assert layout.fixtures, f"{layout.name} shows no page"
        for page in layout.fixtures:
            assert (FIXTURES / page).exists() and (FIXTURES / page).with_suffix(".gold.json").exists(), page
        for stage, _ in layout.passes:
            assert stage in STAGES, (layout.name, stage)
    listed = {page for layout in REGISTRY for page in layout.fixtures}
    assert listed == {path.name for path in FIXTURES.glob("*.txt")}, "every fixture page belongs to a layout"


@pytest.mark.parametrize("layout, page", PAGES)
def test_a_layouts_pages_keep_their_gold(layout, page):
    """Each layout's fixture pages segment as their gold says (tools/layout_gold.py wrote it from reviewed
    output): line roles, comment spans, authors and parents."""
    gold = json.loads((FIXTURES / page).with_suffix(".gold.json").read_text(encoding="utf-8"))
    out = segment_file(FIXTURES / page).to_json()
    number = {c["id"]: n for n, c in enumerate(out["comments"])}
    assert {str(x["line"]): x["role"] for x in out["lines"]} == gold["lines"]
    got = [{"start_line": c["start_line"], "end_line": c["end_line"], "author": c["author"],
            "reply_to": number.get(c["reply_to"])} for c in out["comments"]]
    assert got == gold["comments"]


def test_stages_run_in_their_stated_order(monkeypatch):
    """mark_page runs the header stage and every layout's passes stage by stage, in STAGES order."""
    lines = read_lines(["a line"])
    seen = []
    fake = tuple(layouts.Layout(name=f"probe_{stage}", passes=((stage, lambda lines, s=stage: seen.append(s)),))
                 for stage in reversed(STAGES))
    monkeypatch.setattr(layouts, "REGISTRY", fake)
    monkeypatch.setattr(layouts, "mark_headers", lambda lines: seen.append("header loop"))
    layouts.mark_page(lines)
    assert seen == ["blocks", "header loop", "headers", "names", "turns", "prefixes", "signatures"]


def test_header_patterns_come_from_the_layouts_in_registry_order():
    assert layouts.HEADER_PATTERNS == tuple(p for layout in REGISTRY for p in layout.headers)
    assert layouts.header_match("[–]ana_b 12 points 3 hours ago") == ("ana_b", "12 points 3 hours ago")  # reddit
    assert layouts.header_match("jsmith wrote:") == ("jsmith", "")  # forum
    assert layouts.header_match("by Plugh ( 27537 ) on Tuesday March 05, 2024 @10:31AM")[0] == "Plugh"  # slashdot
    assert layouts.header_match("Jane Doe <jane@example.org>, Mon 9 Sep 2024 09:40")[0] == "Jane Doe"  # mail
    assert layouts.header_match("geordie_gull → ProfessorPlum • 3h")[0] == "geordie_gull"  # social


@pytest.mark.parametrize("text, name", [
    ("@mike_r that is not what the report says", "mike_r"),
    ("Replying to Karen Whitfield", "Karen Whitfield"),  # comments (Disqus)
    ("Quote from: kate on March 3, 2024", "kate"),  # forum (SMF)
    ("kate said:", "kate"),  # forum (XenForo)
])
def test_the_mention_pattern_is_built_from_the_layouts_forms(text, name):
    match = layouts.MENTION.search(text)
    assert match is not None and match["name"] == name


def test_a_reddit_submission_byline_is_no_comment_header(tmp_path):
    """'Posted by u/name 2 years ago' under the title is the submission's byline, not the first comment's header."""
    page = tmp_path / "reddit_new.txt"
    page.write_text("\n".join([
        "Is the new bridge toll really going to double next year?",
        "Posted by u/ferry_fan 2 years ago",
        "12 Comments",
        "tollwatcher",
        "2 yr. ago",
        "No, the council only approved a 10% rise for next year.",
        "ferry_fan",
        "2 yr. ago",
        "Thanks, that is a relief.",
    ]) + "\n", encoding="utf-8")
    out = segment_file(page)
    roles = dict(zip(out.lines["line"], out.lines["role"]))
    assert roles[1] != "comment"
    assert out.comments["start_line"].tolist() == [3, 6]
    assert out.comments["author"].tolist() == ["tollwatcher", "ferry_fan"]
