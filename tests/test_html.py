"""HTML reader (discourse.io.html): one test per mechanism, each on a page that needs it.

The fixtures (tests/fixtures/io/html_*.html) share one article of five paragraphs, so that
trafilatura finds it, and differ in the markup around the comments.
"""
from __future__ import annotations

import pathlib

import lxml.html
import pytest
from click.testing import CliRunner

from discourse.cli import cli
from discourse.errors import InputError
from discourse.io import read_document
from discourse.io.html import rules
from discourse.io.html.article import align
from discourse.io.html.comments import header_like, speaker_name
from discourse.io.html.dom import Segment, parse_html
from discourse.segment import segment_file

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "io"
ARTICLE_START = "The last ferry of the evening leaves the north pier"


def fixture(name: str) -> pathlib.Path:
    return FIXTURES / name


def comments_of(name: str) -> dict[str, dict]:
    doc = segment_file(fixture(name))
    return {row["id"]: row for row in doc.comments.to_dict("records")}


def roles_of(doc, text_part: str) -> list[str]:
    return doc.lines.loc[doc.lines["text"].str.contains(text_part, regex=False), "role"].tolist()


# ---------------------------------------------------------------- article
def _segments(texts: list[str]) -> list[Segment]:
    el = lxml.html.fromstring("<p>x</p>")
    return [Segment(i, i, 0, text, el, el) for i, text in enumerate(texts)]


PARA_A = "The crossing takes twenty minutes in calm weather and longer in the winter storms."
PARA_B = "Regular passengers know the crew by name and the crew knows where they get off."
PARA_C = "The new electric boat will be quieter, the operator says, and will keep the timetable."


def test_alignment_takes_the_copy_of_a_paragraph_where_the_rest_of_the_article_is():
    # A sidebar teaser repeats paragraph A before the article; the article's own copy is chosen.
    segments = _segments([PARA_A, "Home", PARA_A, PARA_B, PARA_C])
    assert align(segments, "\n".join([PARA_A, PARA_B, PARA_C])) == [False, False, True, True, True]


def test_alignment_short_lines_count_only_inside_the_article_text():
    # "Share" and "Home" appear in trafilatura's text only between A and B, where the page has "Home" too.
    segments = _segments(["Home", PARA_A, "Home", PARA_B, "Share", PARA_C, "Share"])
    text = "\n".join([PARA_A, "Home", PARA_B, PARA_C])
    assert align(segments, text) == [False, True, True, True, False, True, False]


def test_alignment_keeps_a_paragraph_trafilatura_kept_in_part():
    partial = PARA_B.replace("Regular passengers", "Regular passengers (and their dogs)")
    segments = _segments([PARA_A, partial, PARA_C])
    assert align(segments, "\n".join([PARA_A, PARA_B, PARA_C])) == [True, True, True]


def test_article_inside_wrappers_named_like_sidebars_and_widgets_is_body():
    # <body class="right-sidebar">, <div class="content-sidebar-wrap">, Blogger's <div class="widget Blog">:
    # layout wrappers holding the article are no boilerplate regions.
    doc = segment_file(fixture("html_layout_wrappers.html"))
    assert roles_of(doc, ARTICLE_START) == ["body"]
    assert (doc.lines["role"] == "body").sum() == 5
    # <title> (the window's, with the blog's name) and the post's h3, which is most of it.
    assert roles_of(doc, "The night ferry still runs on time") == ["meta", "title"]
    assert roles_of(doc, "Popular Posts") == ["boilerplate"]
    comments = {row["id"]: row for row in doc.comments.to_dict("records")}
    assert list(comments) == ["c1", "c2", "c3"]
    assert comments["c2"]["reply_to"] == "c1" and comments["c2"]["author"] == "Harbour Notes"
    assert comments["c3"]["text"] == "Will bicycles fit on the new vessel?"


def test_html_comment_inside_a_word_does_not_lose_the_paragraph():
    # <span class="dropcap">T</span><!--/.dropcap-->ickets: trafilatura gets the page without HTML comments.
    doc = segment_file(fixture("html_odd_markup.html"))
    assert roles_of(doc, "Tickets cost €3 & children ride free") == ["body"]


# ---------------------------------------------------------------- comment items
def test_repeated_unnamed_blocks_with_author_and_date_are_comments():
    comments = comments_of("html_repeated_unnamed.html")  # <div class="fb-item">: no comment word anywhere
    assert [c["author"] for c in comments.values()] == ["Nadia", "Tomasz K.", "Ruth"]
    texts = [c["text"] for c in comments.values()]
    assert texts[1] == ("An electric boat sounds fine to me, as long as it still leaves at ten past eleven.\n"
                        "The night bus is no alternative after midnight.")
    assert not any("wrote on" in t or "2023" in t for t in texts)


def test_named_parts_merge_into_one_comment():
    # .comment > .comment-top (author) + h4 (date) + .comment-main (text): one comment, not three.
    comments = comments_of("html_parts.html")
    assert list(comments) == ["comment-201", "comment-202"]
    assert comments["comment-201"]["author"] == "Nadia"
    assert comments["comment-201"]["text"] == "The crew really does know everyone on that boat.\nKeep the timetable."


def test_header_siblings_take_the_body_that_follows():
    # <dt> header + <dd> body, with a nested <dl class="children"> reply inside the <dd>.
    comments = comments_of("html_dt_dd.html")
    assert list(comments) == ["comment-101", "comment-102", "comment-103"]
    assert [c["author"] for c in comments.values()] == ["Nadia", "Ruiz", "Ruth"]
    assert comments["comment-102"]["reply_to"] == "comment-101"
    assert comments["comment-103"]["reply_to"] == ""
    assert comments["comment-103"]["text"] == "Will bicycles fit on the new vessel?\nNobody has said so yet."


def test_reply_lists_after_a_comment_and_nested_replies_give_reply_to():
    comments = comments_of("html_reply_lists.html")
    parents = {key: c["reply_to"] for key, c in comments.items()}
    assert parents == {"r-1": "", "r-2": "r-1", "r-3": "r-1", "r-4": "r-3", "r-5": "", "r-6": "r-5"}
    assert {c["reply_cue"] for c in comments.values() if c["reply_to"]} == {"parent"}
    # A comment's own title heading comes before its body; its author and date line does not.
    assert comments["r-5"]["text"] == "What about bicycles\nWill bicycles fit on the new vessel?"
    assert comments["r-4"]["text"] == "Loud enough to tell me when a bearing is going."


def test_sidebar_recent_posts_recent_comments_related_posts_and_the_form_are_no_comments():
    doc = segment_file(fixture("html_sidebar_widgets.html"))
    assert doc.comments["id"].tolist() == ["comment-1", "comment-2", "comment-3"]
    assert doc.comments["author"].tolist() == ["Nadia", "Tomasz K.", "Ruth"]
    assert roles_of(doc, "Harbour story number 7") == ["boilerplate"]
    assert roles_of(doc, "Bob Marsh on") == ["boilerplate"]
    assert roles_of(doc, "Leave a Reply") == ["boilerplate"]


def test_page_without_comments_gets_none():
    # Teaser cards with byline, date and excerpt; a comment box with a form; "No comments yet."
    doc = segment_file(fixture("html_no_comments_teasers.html"))
    assert doc.comments.empty
    assert (doc.lines["role"] == "body").sum() == 5
    assert roles_of(doc, "Forty tonnes of steel") == ["boilerplate"]
    assert segment_file(fixture("no_comments.html")).comments.empty


def test_blog_posts_named_post_are_the_article_not_comments():
    # Two <div class="post"> with "Posted by ... on <date>": a repeated, weakly named group whose text is
    # mostly trafilatura's article.
    doc = segment_file(fixture("html_post_blocks.html"))
    assert doc.comments.empty
    assert roles_of(doc, ARTICLE_START) == ["body"]


def test_the_same_comments_shown_twice_count_once():
    doc = segment_file(fixture("html_duplicate_lists.html"))  # "Most Recent" and "Highest Rated" tabs
    assert doc.comments["id"].tolist() == ["comment-1", "comment-2", "comment-3"]
    # Same text by two people stays two comments.
    assert doc.comments["text"].tolist()[1:] == ["Thanks!", "Thanks!"]


def test_odd_markup_is_read():
    # Stray closing tags, unclosed <p>/<li>, a processing instruction, CDATA, entities, an HTML comment
    # inside a word, markup in a <script> string, and a list item named like a comment list
    # ('replies') holding a reply: the page the old reader crashed on (KeyError 'data-discourse-drop').
    doc = segment_file(fixture("html_odd_markup.html"))
    comments = {row["id"]: row for row in doc.comments.to_dict("records")}
    assert [c["author"] for c in comments.values()] == ["Nadia", "Ruiz", "Ruth"]
    assert comments["c0"]["text"] == "The crew really does know everyone on that boat, from the nurses to the bakers."
    assert comments["c1"]["reply_to"] == "c0"
    assert not any("not a comment" in t for t in doc.lines["text"])


# ---------------------------------------------------------------- header lines
@pytest.mark.parametrize("line, author, expected", [
    ("On November 1, 2012 at 10:12 am Maggie Dodson said:", "Maggie Dodson", True),
    ("Anna says:", "", True),
    ("by Piotr on Aug 9, 2012 3:35 AM MST", "Piotr", True),
    ("October 28, 2012 at 8:02 pm", "", True),
    ("Made this on Oct 3, 2012 and loved it!", "", False),
    ("Congrats! ♥nic", "nic", False),
    ("Thanks, Anna.", "Anna", False),
])
def test_header_lines(line, author, expected):
    assert header_like(line, author) is expected


@pytest.mark.parametrize("text, name", [
    ("by Leiland Tanner on Aug 8, 2012 9:37 AM MST", "Leiland Tanner"),
    ("Posted by: Jane Roe | October 03, 2012 at 10:00 AM", "Jane Roe"),
    ("On October 26, 2012 at 2:08am, Rosa said...", "Rosa"),
    ("Emily says:", "Emily"),
])
def test_speaker_names(text, name):
    assert speaker_name(text) == name


FERRY_REPLIES = ["The late boat is always full on Fridays.", "We will ask the operator about Friday capacity.",
                 "Electric boats are quieter, I rode one in Oslo.", "Will the fares go up with the new boat?",
                 "The operator says fares stay the same this year.", "Good news for the island, finally."]


def _ferry_page(tmp_path: pathlib.Path, comment_list: str) -> pathlib.Path:
    article = fixture("html_repeated_unnamed.html").read_text(encoding="utf-8")
    story = article[article.index('<div class="story">'):article.index('<div class="feedback">')]
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>Ferry</title></head><body>{story}{comment_list}</body></html>",
                    encoding="utf-8")
    return path


def test_a_header_block_marked_as_the_post_authors_is_not_the_name(tmp_path):
    # dt.author_comment holds the number, the name and the time; the name is its span.comment_author. The post
    # author's dd carries author_comment too: it is the comment (its text), not a part of it.
    items = []
    names = ["Tim W", "Ann Blogger", "john b", "Rosa", "Ann Blogger", "Piotr"]
    texts = [" ".join(FERRY_REPLIES[(i + k) % 6] for k in range(3)) for i in range(6)]
    for i, name in enumerate(names):
        extra = " author_comment" if name == "Ann Blogger" else ""
        items.append(f'<dt class="comment{extra}" id="comment-{i}"><span class="comment_num"><a href="#comment-{i}">{i + 1}'
                     f'</a></span><p><span class="comment_author">{name}</span> <span class="comment_time">11.06.12 at '
                     f'11:3{i} am</span></p></dt><dd class="comment{extra}"><p>{texts[i]}</p></dd>')
    doc = segment_file(_ferry_page(tmp_path, f"<dl class='commentlist'>{''.join(items)}</dl>"))
    assert doc.comments["author"].tolist() == names
    assert doc.comments["text"].tolist() == texts


@pytest.mark.parametrize("marks", ["byuser comment-author-bob bypostauthor", "by-post-author"])
def test_a_comment_marked_as_the_post_authors_keeps_its_text(tmp_path, marks):
    # WordPress marks the post author's li with comment-author-NAME / bypostauthor; its text sits right in the li.
    names = ["Tim W", "bob", "john b", "Rosa", "bob", "Piotr"]
    items = "".join(
        f'<li class="comment{" " + marks if name == "bob" else ""}" id="comment-{i}"><div class="comment-author vcard">'
        f'<cite class="fn">{name}</cite> says:</div><div class="comment-meta"><a href="#comment-{i}">May {i + 3}, 2012'
        f' at 9:1{i} am</a></div><p>{FERRY_REPLIES[i]}</p><div class="reply"><a href="?replytocom={i}#respond">Reply'
        '</a></div></li>' for i, name in enumerate(names))
    doc = segment_file(_ferry_page(tmp_path, f"<ol class='commentlist'>{items}</ol>"))
    assert doc.comments["author"].tolist() == names
    assert doc.comments["text"].tolist() == FERRY_REPLIES


# ---------------------------------------------------------------- limits and bad input
def _deep_page(depth: int) -> str:
    article = fixture("html_repeated_unnamed.html").read_text(encoding="utf-8")
    story = article[article.index('<div class="story">'):article.index('<div class="feedback">')]
    comments = "".join(f'<div class="comment" id="c{i}"><span class="author">User{i}</span> '
                       f'<time datetime="2023-05-1{i}">May 1{i}, 2023</time><p>Comment {i} on the timetable.</p></div>'
                       for i in range(3))
    return (f"<html><head><title>Deep</title></head><body>{story}" + "<div>" * depth
            + f"<div id='comments'>{comments}</div>" + "</div>" * depth + "<p>After the thread.</p></body></html>")


def test_comments_nested_300_divs_deep_are_found(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(_deep_page(300), encoding="utf-8")
    doc = segment_file(path)
    assert doc.comments["id"].tolist() == ["c0", "c1", "c2"]
    assert roles_of(doc, "After the thread.")  # content after the deep part is not lost


def test_nesting_beyond_the_limit_is_refused_with_one_line(tmp_path):
    path = tmp_path / "deeper.html"
    path.write_text(_deep_page(rules.MAX_NESTING + 200), encoding="utf-8")
    with pytest.raises(InputError, match=f"nesting deeper than {rules.MAX_NESTING}"):
        read_document(path)
    result = CliRunner().invoke(cli, ["segment", str(path)])  # main() prints it as one line, exit 1
    assert isinstance(result.exception, InputError) and result.exception.exit_code == 1
    assert "\n" not in str(result.exception)


def test_nul_bytes_are_dropped_and_the_rest_is_read(tmp_path):
    # read_text_file removes stray NUL bytes (with a warning); the HTML parser never sees them.
    path = tmp_path / "nul.html"
    page = fixture("html_repeated_unnamed.html").read_text(encoding="utf-8")
    path.write_text(page.replace("crew really does", "crew re\x00ally does"), encoding="utf-8")
    doc = segment_file(path)
    assert doc.comments["text"].iloc[0].startswith("I take that ferry twice a week and the crew really does")
    assert roles_of(doc, ARTICLE_START) == ["body"]
    root = parse_html(path, "<html><body><p>a\x00b</p></body></html>")  # called directly: dropped as well
    assert root.findtext(".//p") == "ab"
