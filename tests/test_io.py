"""Readers for HTML, CSV/TSV, JSONL and ConvoKit inputs, format detection and structured segmentation."""
from __future__ import annotations

import json
import pathlib

import pandas as pd
import pytest
from click.testing import CliRunner

from discourse.cli import cli
from discourse.errors import InputError
from discourse.io import read_document
from discourse.schema import LINE_ROLES
from discourse.segment import segment_file
from discourse.segment.structured import segment_blocks

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "io"


def fixture(name: str) -> pathlib.Path:
    return FIXTURES / name


def file_lines(name: str) -> list[str]:
    return fixture(name).read_text(encoding="utf-8").split("\n")


def comments_by_id(doc) -> dict[str, dict]:
    return {row["id"]: row for row in doc.comments.to_dict("records")}


def role_of(doc, text_part: str) -> str:
    rows = doc.lines[doc.lines["text"].str.contains(text_part, regex=False)]
    assert len(rows) == 1, f"{text_part!r} found on {len(rows)} lines"
    return rows["role"].iloc[0]


# ---------------------------------------------------------------- detection
@pytest.mark.parametrize("name, expected", [
    ("wordpress_blog.html", "html"),
    ("html_fragment.txt", "html"),
    ("comments.csv", "csv"),
    ("thread.tsv", "csv"),
    ("comments.jsonl", "jsonl"),
    ("export.txt", "jsonl"),
    ("utterances.jsonl", "convokit"),
    ("two_threads.jsonl", "convokit"),
])
def test_detects_format_from_extension_and_content(name, expected):
    assert read_document(fixture(name)).format == expected


def test_plain_text_stays_text(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text("Headline of the day\nSome article text, with commas, here.\n\nReader one: nice\n")
    doc = read_document(path)
    assert doc.format == "text" and doc.blocks is None


def test_csv_content_in_txt_is_sniffed(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("id,author,text\n1,ann,hello there\n2,bob,hi ann\n")
    doc = read_document(path)
    assert doc.format == "csv"
    assert list(doc.blocks["text"]) == ["hello there", "hi ann"]


def test_input_format_override(tmp_path):
    path = tmp_path / "thread.dat"
    path.write_text("Message\n\"Forced, as CSV\"\nsecond\n")  # one column: not sniffed as CSV
    assert read_document(path).format == "text"
    doc = read_document(path, "csv")
    assert doc.format == "csv" and doc.blocks["text"].tolist() == ["Forced, as CSV", "second"]
    assert read_document(fixture("news_comments.html"), "text").blocks is None


def test_forcing_the_wrong_format_is_an_input_error():
    with pytest.raises(InputError, match="no text column"):
        read_document(fixture("wordpress_blog.html"), "csv")
    with pytest.raises(InputError, match="no HTML markup"):
        read_document(fixture("comments.csv"), "html")
    with pytest.raises(InputError, match="unknown input format"):
        read_document(fixture("comments.csv"), "xml")


# ---------------------------------------------------------------- HTML
def test_wordpress_nested_commentlist():
    doc = segment_file(fixture("wordpress_blog.html"))
    assert doc.title == "Why the Anchorage talks mattered"
    comments = comments_by_id(doc)
    assert list(comments) == ["comment-17", "comment-18", "comment-21", "comment-19"]
    assert comments["comment-18"]["reply_to"] == "comment-17"
    assert comments["comment-21"]["reply_to"] == "comment-18"
    assert comments["comment-18"]["reply_cue"] == "parent"
    assert comments["comment-19"]["reply_to"] == ""
    assert comments["comment-17"]["author"] == "José Álvarez"
    assert comments["comment-18"]["author"] == "Hannah K."
    assert comments["comment-19"]["timestamp"] == "2021-03-21T08:30:00+00:00"
    # Own text only: no nested reply, no "says:", no "Reply" link, paragraphs on their own lines.
    assert comments["comment-17"]["text"] == ("Both sides were playing to audiences at home. Nobody expected a "
                                              "breakthrough.\nStill, the climate working group is real news — "
                                              "don’t ignore it.")
    assert comments["comment-18"]["text"].split("\n")[0] == "> Nobody expected a breakthrough."
    assert comments["comment-21"]["text"] == "Fair point, Hannah. 😅"


def test_wordpress_comment_lines_point_into_the_file():
    doc = segment_file(fixture("wordpress_blog.html"))
    lines = file_lines("wordpress_blog.html")
    comments = comments_by_id(doc)
    for key, row in comments.items():
        assert f'id="{key}"' in lines[row["start_line"]]
        assert row["start_line"] < row["end_line"] < len(lines)
    # The parent's own content ends before its first reply starts.
    assert comments["comment-17"]["end_line"] < comments["comment-18"]["start_line"]
    body_text = "the closed sessions as “tough and direct”"
    assert body_text in lines[int(doc.lines.loc[doc.lines["text"].str.contains(body_text), "line"].iloc[0])]


def test_wordpress_page_roles():
    doc = segment_file(fixture("wordpress_blog.html"))
    assert role_of(doc, "quiet reset") == "body"
    assert role_of(doc, "Captain Cook Hotel") == "caption"
    assert role_of(doc, "Archive") == "boilerplate"
    assert role_of(doc, "Share this:") == "boilerplate"
    assert role_of(doc, "Leave a Reply") == "boilerplate"
    assert role_of(doc, "Powered by WordPress") == "boilerplate"
    assert role_of(doc, "Tariffs and the chip war") == "boilerplate"
    assert role_of(doc, "By Mei Lin") == "meta"
    assert "title" in set(doc.lines["role"])
    assert not any("Leave a Reply" in t for t in doc.comments["text"])


def test_news_repeated_comment_divs_with_data_parent():
    doc = segment_file(fixture("news_comments.html"))
    assert doc.title == "Council approves €240m tram extension after marathon vote"  # og:title
    comments = comments_by_id(doc)
    assert list(comments) == ["c-9001", "c-9002", "c-9003", "c-9004"]
    assert comments["c-9003"]["reply_to"] == "c-9002"
    assert comments["c-9003"]["reply_cue"] == "parent"
    assert comments["c-9004"]["author"] == "Ana Müller"
    assert comments["c-9002"]["timestamp"] == "2023-11-08T19:10:40Z"
    assert comments["c-9002"]["text"] == '€240m "estimate". Add 50% and you might be close.\nRemember the bridge?'
    for text in doc.comments["text"]:
        assert "Report" not in text and "likes" not in text and "ago" not in text
    assert role_of(doc, "Hollins Park. Construction") == "body"
    assert role_of(doc, "transport correspondent") == "meta"
    assert role_of(doc, "Comments (4)") == "boilerplate"
    assert role_of(doc, "Privacy") == "boilerplate"


def test_forum_posts_keep_quotes_with_attribution():
    doc = segment_file(fixture("forum_thread.html"))
    assert doc.title == "Best budget sourdough starter?"
    comments = comments_by_id(doc)
    assert list(comments) == ["p5101", "p5102", "p5103", "p5104"]
    assert [c["author"] for c in comments.values()] == ["crumbshot", "Øyvind", "crumbshot", "loafer"]
    assert comments["p5101"]["text"] == ("I keep killing my starters. Is it worth buying a dried one, or should I "
                                         "just start from flour and water again?\nMy kitchen is about 17°C in winter.")
    assert comments["p5102"]["text"] == ("crumbshot wrote:\n> My kitchen is about 17°C in winter.\n"
                                         "That's your problem. Put it in the oven with just the light on.")
    assert comments["p5103"]["text"].split("\n") == [
        "Øyvind wrote:", "> Put it in the oven with just the light on.", "> That's your problem.",
        "Tried it, and baked the jar. 🙃"]
    assert comments["p5104"]["timestamp"] == "2024-02-12T17:45:00+00:00"
    assert role_of(doc, "Board index Bread") == "boilerplate"
    assert role_of(doc, "Powered by phpBB") == "boilerplate"


def test_page_without_comments():
    doc = segment_file(fixture("no_comments.html"))
    assert doc.title == "Glacier retreat speeds up in the Alps"
    assert doc.comments.empty
    assert (doc.lines["role"] == "body").sum() == 3
    assert role_of(doc, "Comments are closed.") == "boilerplate"
    assert role_of(doc, "Why the snow line keeps rising") == "boilerplate"


def test_minified_html_keeps_one_row_per_line(tmp_path):
    html = ("<html><head><title>One line</title></head><body><article><h1>One line</h1><p>Body text that is long "
            "enough to be an article paragraph for the reader.</p></article><ul class='comments'>"
            "<li id='x1'><span class='author'>a</span><p>First!</p></li>"
            "<li id='x2'><span class='author'>b</span><p>Second.</p></li></ul></body></html>")
    path = tmp_path / "min.html"
    path.write_text(html)
    doc = segment_file(path)
    assert doc.lines["line"].tolist() == [0]
    assert doc.lines["role"].tolist() == ["comment"]
    assert doc.comments["id"].tolist() == ["x1", "x2"]
    assert doc.comments["start_line"].tolist() == [0, 0]
    assert doc.comments["author"].tolist() == ["a", "b"]


def test_html_without_visible_text_is_an_input_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<!DOCTYPE html><html><head><script>var x = 1;</script></head><body>\n</body></html>")
    with pytest.raises(InputError, match="no visible text"):
        read_document(path)


# ---------------------------------------------------------------- CSV / TSV
def test_csv_fields_quotes_and_multiline_records():
    doc = segment_file(fixture("comments.csv"))
    assert doc.format == "csv" and doc.lines["role"].eq("comment").all()
    comments = comments_by_id(doc)
    assert list(comments) == ["101", "102", "103", "104", "105"]
    assert comments["102"]["text"] == 'Agreed. The "smart" signals are anything but smart.'
    assert comments["102"]["reply_to"] == "101"
    assert comments["104"]["reply_to"] == "103"
    assert comments["105"]["reply_to"] == ""  # parent 999 is not in the file
    assert comments["103"]["author"] == "Zoë Ångström"
    assert comments["103"]["timestamp"] == "2024-05-02T09:40:00Z"
    assert comments["103"]["text"].count("\n") == 3
    # Physical lines: header is line 0; record 103 spans lines 3-6, record 104 lines 7-8.
    assert [(c["start_line"], c["end_line"]) for c in comments.values()] == [(1, 1), (2, 2), (3, 6), (7, 8), (9, 9)]
    assert doc.lines["line"].tolist() == [1, 2, 3, 7, 9]


def test_tsv_without_optional_columns():
    doc = read_document(fixture("thread.tsv"))
    blocks = doc.blocks
    assert blocks["key"].tolist() == ["c0", "c1", "c2"]  # synthesized; the blank row is skipped
    assert blocks["line"].tolist() == [1, 2, 4]
    assert blocks["parent"].eq("").all()
    assert blocks["author"].tolist() == ["olga", "bert", "olga"]
    assert blocks["text"].iloc[1] == "Monday, according to the sign — “weather permitting”."


@pytest.mark.parametrize("content, message", [
    ("id,author,score\n1,ann,3\n", "no text column"),
    ('id,text\n1,"never closed\n2,next\n', "line 2: malformed CSV"),
    ("id,text\n1,fine\n2,too,many,fields\n", "line 3: 4 fields"),
    ("id,text\n1,\n2,   \n", "no records with text"),
])
def test_bad_csv_is_an_input_error(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        read_document(path)
    assert info.value.where == str(path)
    assert "\n" not in info.value.what


# ---------------------------------------------------------------- JSONL
def test_jsonl_nested_author_parents_and_line_numbers():
    doc = segment_file(fixture("comments.jsonl"))
    comments = comments_by_id(doc)
    assert list(comments) == ["a1", "a2", "a3", "a4"]
    assert [c["author"] for c in comments.values()] == ["Priya", "Tomás", "Priya", "Jo"]
    assert comments["a2"]["reply_to"] == "a1" and comments["a3"]["reply_to"] == "a2"
    assert comments["a1"]["text"].endswith("🚢")
    # A JSONL record is one physical line even when its text has a newline; line 2 is blank.
    assert [(c["start_line"], c["end_line"]) for c in comments.values()] == [(0, 0), (1, 1), (3, 3), (4, 4)]
    assert comments["a4"]["timestamp"] == ""


def test_pretty_printed_json_records_span_lines(tmp_path):
    path = tmp_path / "thread.json"
    path.write_text('[\n {\n  "id": 1,\n  "body": "one"\n },\n {\n  "id": 2,\n  "parent_id": 1,\n'
                    '  "body": "two"\n }\n]\n')
    doc = segment_file(path)
    assert doc.format == "jsonl"
    assert doc.comments[["id", "start_line", "end_line", "reply_to"]].values.tolist() == [
        ["1", 1, 4, ""], ["2", 5, 9, "1"]]


@pytest.mark.parametrize("content, message", [
    ('{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n{"id": 3, "text": "c" "oops"}\n', "line 3: invalid JSON"),
    ('{"id": 1, "text": "a"}\n[1, 2]\n', "line 2: expected a JSON object"),
    ('{"id": 1, "text": "a"}\n{"id": 2, "score": 3}\n', "line 2: no text field"),
])
def test_bad_jsonl_names_the_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_bad_jsonl_fixture():
    with pytest.raises(InputError, match="line 3"):
        read_document(fixture("bad_line.jsonl"))


# ---------------------------------------------------------------- ConvoKit
def test_convokit_root_is_the_article():
    doc = segment_file(fixture("utterances.jsonl"))
    assert doc.format == "convokit"
    assert doc.title == "Old town goes car-free on weekends"
    assert doc.lines.iloc[0][["line", "role"]].tolist() == [0, "body"]
    comments = comments_by_id(doc)
    assert list(comments) == ["t1_c1", "t1_c2", "t1_c3", "t1_c4"]
    blocks = read_document(fixture("utterances.jsonl")).blocks.set_index("key")
    assert blocks.loc["t1_c1", "parent"] == "" and blocks.loc["t1_c4", "parent"] == ""  # replies to the root
    assert comments["t1_c2"]["reply_to"] == "t1_c1"
    assert comments["t1_c3"]["reply_to"] == "t1_c2"
    assert comments["t1_c2"]["author"] == "mark_d"
    assert comments["t1_c1"]["timestamp"] == "1616141400"


def test_convokit_several_conversations_keep_their_roots():
    doc = segment_file(fixture("two_threads.jsonl"))
    assert not doc.lines["role"].eq("body").any()
    comments = comments_by_id(doc)
    assert list(comments) == ["u1", "u2", "u3", "u4", "u5"]
    assert [comments[k]["reply_to"] for k in ("u2", "u4", "u5")] == ["u1", "u3", "u4"]
    assert comments["u4"]["author"] == "amy"
    assert comments["u1"]["timestamp"] == "1700000000"


def test_bad_convokit_is_an_input_error():
    with pytest.raises(InputError, match="line 2: no text field"):
        read_document(fixture("bad_convokit.jsonl"))


# ---------------------------------------------------------------- segment_blocks
def blocks(*rows) -> pd.DataFrame:
    columns = ["line", "kind", "text", "key", "parent", "author", "timestamp"]
    return pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=columns)


def test_blocks_on_one_line_merge_into_one_row():
    lines, comments, title = segment_blocks(blocks(
        (0, "title", "T", "", "", "", ""),
        (2, "article", "Body.", "", "", "", ""),
        (2, "comment", "Hi", "k1", "", "ann", "t1"),
        (2, "boilerplate", "Menu", "", "", "", ""),
    ))
    assert title == "T"
    assert lines.values.tolist() == [[0, "title", "T"], [2, "comment", "Body. Hi Menu"]]
    assert comments[["id", "author", "timestamp", "start_line", "end_line"]].values.tolist() == [
        ["k1", "ann", "t1", 2, 2]]


def test_parents_resolve_or_drop():
    _, comments, _ = segment_blocks(blocks(
        (1, "comment", "a", "comment-5", "", "", ""),
        (2, "comment", "b", "comment-6", "5", "", ""),  # bare id -> comment-5
        (3, "comment", "c", "comment-7", "#comment-6", "", ""),
        (4, "comment", "d", "comment-8", "gone", "", ""),  # unknown -> ""
        (5, "comment", "e", "comment-9", "comment-9", "", ""),  # itself -> ""
        (6, "comment", "f\ng", "comment-9", "comment-5", "", ""),  # duplicate id
    ))
    assert comments["reply_to"].tolist() == ["", "comment-5", "comment-6", "", "", "comment-5"]
    assert comments["reply_cue"].tolist() == ["", "parent", "parent", "", "", "parent"]
    assert comments["id"].tolist()[-1] == "comment-9~2"
    assert comments["id"].is_unique
    # Without an end_line column, a block covers one line per text line.
    assert comments["end_line"].tolist()[-1] == 7


# ---------------------------------------------------------------- CLI end to end
E2E_CASES = [
    ("wordpress_blog.html", "html", 4),
    ("news_comments.html", "html", 4),
    ("forum_thread.html", "html", 4),
    ("no_comments.html", "html", 0),
    ("html_fragment.txt", "html", 2),
    ("comments.csv", "csv", 5),
    ("thread.tsv", "csv", 3),
    ("comments.jsonl", "jsonl", 4),
    ("export.txt", "jsonl", 2),
    ("utterances.jsonl", "convokit", 4),
    ("two_threads.jsonl", "convokit", 5),
]


def run_segment(*args: str):
    return CliRunner().invoke(cli, ["segment", *args])


@pytest.mark.parametrize("name, fmt, n_comments", E2E_CASES)
def test_cli_segment_json_contract(name, fmt, n_comments):
    path = str(fixture(name))
    result = run_segment(path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == path and data["format"] == fmt
    assert isinstance(data["title"], str)
    n_file_lines = len(file_lines(name))
    line_numbers = [entry["line"] for entry in data["lines"]]
    assert line_numbers == sorted(set(line_numbers)), "lines must be unique and ordered"
    assert all(0 <= n < n_file_lines for n in line_numbers)
    assert all(entry["role"] in LINE_ROLES for entry in data["lines"])
    roles = {entry["line"]: entry["role"] for entry in data["lines"]}
    comments = data["comments"]
    assert len(comments) == n_comments
    ids = [c["id"] for c in comments]
    assert len(set(ids)) == len(ids)
    for c in comments:
        assert {"id", "start_line", "end_line", "text", "reply_to", "duplicate_of"} <= set(c)
        assert isinstance(c["id"], str) and c["text"].strip()
        assert 0 <= c["start_line"] <= c["end_line"] < n_file_lines
        assert roles[c["start_line"]] == "comment"
        assert c["reply_to"] is None or c["reply_to"] in ids
        assert c["duplicate_of"] is None or c["duplicate_of"] in ids


@pytest.mark.parametrize("name", ["no_text_column.csv", "unterminated_quote.csv", "bad_line.jsonl",
                                  "bad_convokit.jsonl"])
def test_cli_segment_bad_file_is_an_input_error(name):
    result = run_segment(str(fixture(name)), "--format", "json")
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)


def test_cli_segment_bad_html_is_an_input_error(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><script>1</script></body></html>")
    result = run_segment(str(path))
    assert isinstance(result.exception, InputError)


def test_cli_input_format_override():
    result = run_segment(str(fixture("export.txt")), "--input-format", "jsonl")
    assert json.loads(result.stdout)["format"] == "jsonl"
    result = run_segment(str(fixture("forum_thread.html")), "--input-format", "text")
    assert json.loads(result.stdout)["format"] == "text"
    result = run_segment(str(fixture("comments.jsonl")), "--input-format", "csv")
    assert isinstance(result.exception, InputError)
