"""Plain-text segmentation: line roles, the article/comment boundary and comment splitting."""
from __future__ import annotations

import json
import pathlib

import pytest

from discourse.segment import segment_file
from discourse.segment.text import segment_lines

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "text"
SEEDS = pathlib.Path(__file__).parent.parent / "seeds"
GOLD = pathlib.Path("/work/shared/gold/seeds.json")

ARTICLE = [
    "Officials wrap up talks in Anchorage",
    "The two delegations ended two days of talks on Friday, officials said in a statement.",
    "Secretary of State Antony Blinken said the meetings had been tough and direct, according to aides.",
]


def segment(lines: list[str]):
    frame, comments, title = segment_lines(lines)
    return dict(zip(frame["line"], frame["role"])), comments, title


def starts(comments) -> list[int]:
    return comments["start_line"].tolist()


def spans(comments) -> list[tuple[int, int]]:
    return list(zip(comments["start_line"], comments["end_line"]))


def thread(*comment_lines: str) -> list[str]:
    return ARTICLE + list(comment_lines)


def test_article_then_comments_boundary_and_title():
    roles, comments, title = segment(thread(
        "I don't think anyone expected much from this meeting.",
        "You are right, but the tone surprised me anyway!",
        "lol, theatre for the cameras",
    ))
    assert title == ARTICLE[0]
    assert roles[0] == "title" and roles[1] == roles[2] == "body"
    assert starts(comments) == [3, 4, 5]
    assert {roles[i] for i in (3, 4, 5)} == {"comment"}


def test_announcement_colon_keeps_the_url_that_follows():
    _, comments, _ = segment(thread(
        "Why not show the other side's remarks too? Here is the transcript:",
        "https://example.org/transcript",
        "Thanks. I had only seen the clips.",
    ))
    assert spans(comments) == [(3, 4), (5, 5)]


def test_url_after_complete_sentence_is_its_own_comment():
    _, comments, _ = segment(thread("I think both sides overplayed it.", "http://example.org/story",
                                    "You would say that."))
    assert starts(comments) == [3, 4, 5]


def test_quote_block_announced_by_its_comment_ends_with_the_quotes():
    _, comments, _ = segment(thread(
        "Re: Blinken opened the talks by accusing China of threatening the rules-based order",
        "> Our administration is committed to leading with diplomacy.",
        "> What China and the international community uphold is the UN-centred system.",
        "Remember when you said nobody reads these threads? I do.",
    ))
    assert spans(comments) == [(3, 5), (6, 6)]


def test_quote_that_opens_a_comment_is_followed_by_its_answer():
    _, comments, _ = segment(thread(
        "I think the cameras changed everything in that room.",
        "> the cameras changed everything",
        "Not really, you could see it coming for weeks.",
        "Did anyone watch the second day?",
    ))
    assert spans(comments) == [(3, 3), (4, 5), (6, 6)]


def test_re_header_goes_with_its_answer():
    _, comments, _ = segment(thread(
        "What a waste of a flight to Alaska, honestly.",
        "re: the talks had been tough and direct",
        "In that quote tough means nothing. I have heard it a hundred times.",
        "You are too cynical!",
    ))
    assert spans(comments) == [(3, 3), (4, 5), (6, 6)]


def test_list_items_stay_with_the_line_that_announces_them():
    _, comments, _ = segment(thread(
        "I think people forget what the UN Charter says. Its purposes are:",
        "1. To maintain international peace and security;",
        "2. To develop friendly relations among nations;",
        "Do you really believe anyone follows that?",
    ))
    assert spans(comments) == [(3, 5), (6, 6)]


def test_continuation_openers_extend_the_comment():
    _, comments, _ = segment(thread(
        "I only use the UN as shorthand for the treaties we signed.",
        "Also, it could be reformed by ending the permanent seats.",
        "Besides, nobody has a better arbiter.",
        "You are dreaming.",
    ))
    assert spans(comments) == [(3, 5), (6, 6)]


def test_ellipsis_after_a_complete_sentence_is_a_reply():
    _, comments, _ = segment(thread("Elections have consequences, you know.", "…unless you're an American."))
    assert starts(comments) == [3, 4]


def test_cited_article_headline_dek_and_byline_stay_in_one_comment():
    _, comments, _ = segment(thread(
        "I think you are all missing the bigger picture here.",
        "..an excellent read on the Taiwan situation",
        "A Taiwan Crisis May Mark the End of the American Empire",
        "America is a diplomatic fox, while Beijing is a hedgehog.",
        "By Jane Historian, Mar 21, 2021 here",
        "You should read it before posting again!",
    ))
    assert spans(comments) == [(3, 3), (4, 7), (8, 8)]


def test_author_headers_own_the_paragraphs_until_the_next_header():
    roles, comments, title = segment((FIXTURES / "forum_wrote.txt").read_text().split("\n"))
    assert title == "Anchorage talks end without a joint statement"
    assert roles[1] != "comment" and roles[3] == roles[5] == "body"  # the byline is not a post
    assert starts(comments) == [7, 12, 17, 20, 24]
    assert comments["author"].tolist() == ["jsmith", "kwong", "mary_k", "jsmith", "dave99"]
    assert comments["end_line"].tolist()[:2] == [10, 15]  # multi-paragraph posts
    assert not comments["text"].str.contains("wrote:").any()


def test_says_headers_with_timestamps_and_reply_links():
    roles, comments, _ = segment((FIXTURES / "wordpress_says.txt").read_text().split("\n"))
    assert starts(comments) == [18, 23, 30]
    assert comments["author"].tolist() == ["Mike T", "Sandra", "Mike T"]
    assert comments["timestamp"].iloc[0] == "March 19, 2021 at 9:14 am"
    assert spans(comments)[1] == (23, 27)
    assert roles[21] == roles[35] == roles[36] == "boilerplate"  # "Reply", the comment form
    assert roles[12] == roles[16] == "boilerplate"  # share links, the comment-count header


def test_name_and_points_lines_form_a_header():
    roles, comments, _ = segment((FIXTURES / "reddit_points.txt").read_text().split("\n"))
    assert starts(comments) == [5, 10, 15]
    assert comments["author"].tolist() == ["throwaway_dc", "kelp_forest", "mod_bot"]
    assert spans(comments)[2] == (15, 19)
    assert roles[3] == "body" and roles[8] == "boilerplate"


def test_posted_by_headers():
    _, comments, title = segment((FIXTURES / "posted_by.txt").read_text().split("\n"))
    assert title == "Alaska summit: what the two sides said"
    assert spans(comments) == [(2, 5), (7, 8), (10, 12)]
    assert comments["author"].tolist() == ["Maria", "Tom", "Maria"]


def test_blank_lines_separate_posts_when_the_dump_uses_them():
    roles, comments, _ = segment((FIXTURES / "blank_posts.txt").read_text().split("\n"))
    assert roles[0] == "title" and roles[2] == "body"
    assert spans(comments) == [(4, 4), (6, 7), (9, 9), (11, 11), (13, 13)]


def test_headline_and_lede_only_article():
    roles, comments, _ = segment([
        "Biden and Xi aides spar on camera",
        "Top US and Chinese diplomats traded barbs in Anchorage on Thursday, officials said.",
        "Can't believe they let the cameras roll for that long, lol.",
        "I loved it. Finally some honesty from both sides!",
        "Which side blinked first?",
    ])
    assert roles[1] == "body"
    assert starts(comments) == [2, 3, 4]


def test_news_page_chrome_and_no_comments():
    roles, comments, title = segment((FIXTURES / "news_chrome.txt").read_text().split("\n"))
    assert comments.empty
    assert title == "China says US talks were 'candid' but warns on Taiwan"
    assert roles[0] == "boilerplate"  # nav menu
    assert roles[1] == "meta" and roles[2] == "title" and roles[3] == "boilerplate"  # repeated headline
    assert roles[6] == roles[9] == roles[10] == "boilerplate"  # read-more link, teaser, share prompt
    assert roles[12] == roles[13] == "boilerplate"
    assert {roles[i] for i in (4, 5, 7, 8)} == {"body"}


def test_share_prompt_is_not_a_comment():
    roles, comments, _ = segment(ARTICLE + ["Like this story? Share it with a friend!", "Source: RT"])
    assert comments.empty
    assert roles[3] == "boilerplate" and roles[4] != "comment"


def test_quoted_speech_in_an_article_is_not_reader_voice():
    roles, comments, _ = segment(ARTICLE + [
        "“We hope you will not underestimate our determination,” Wang said.",
        "“I think it was a candid exchange,” Yang told reporters on Friday.",
        "Analysts said both sides were likely to meet again later this year.",
    ])
    assert comments.empty
    assert set(roles.values()) <= {"title", "body"}


def test_blank_lines_are_not_rows_and_indexes_follow_the_file():
    roles, _, _ = segment(["", "Officials meet in Anchorage", "", "", "Talks opened on Thursday, officials said."])
    assert sorted(roles) == [1, 4]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed pages not present")
def test_seed_pages():
    docs = {p.name: segment_file(p) for p in sorted(SEEDS.glob("*.txt"))}
    forum = next(d for name, d in docs.items() if name.startswith("003_"))
    assert forum.comments["start_line"].iloc[0] == 10  # the first reader comment
    assert (forum.lines.loc[forum.lines["line"] < 10, "role"] == "body").all()
    assert len(forum.comments) == 45
    repost = forum.comments[forum.comments["start_line"] == 20].iloc[0]
    assert repost["duplicate_of"] == forum.comments["id"].iloc[0]
    for name, doc in docs.items():
        if not name.startswith("003_"):
            assert doc.comments.empty, name
    if GOLD.is_file():
        gold = json.loads(GOLD.read_text())["documents"]
        for name, doc in docs.items():
            roles = dict(zip(doc.lines["line"], doc.lines["role"]))
            for line, role in gold[name]["lines"].items():
                if role in ("body", "standfirst", "boilerplate"):
                    assert roles[int(line)] in ({role} if role == "boilerplate" else {"body", "standfirst"}), \
                        (name, line)


def test_bare_user_name_lines_head_multi_paragraph_posts():
    doc = segment_file(FIXTURES / "bare_names.txt")
    comments = doc.comments
    assert doc.title.startswith("City council votes")
    assert spans(comments) == [(4, 7), (9, 10), (12, 14), (16, 20), (22, 23)]
    assert comments["author"].tolist() == ["mike_r", "sarah.k", "dave_88", "mike_r", "jen"]
    assert comments["reply_to"].tolist()[:4] == ["", "c0", "c0", "c2"]
    assert comments["reply_cue"].tolist()[1:4] == ["mention", "quote", "mention"]
    assert "Page 4 shows" in comments["text"].iloc[3] and not comments["text"].iloc[0].startswith("mike_r")


def test_recurring_capitalized_subheadings_are_not_authors():
    lines = ["Budget vote delayed again", "", "The council postponed the vote on Tuesday, officials said.", "",
             "Background", "The budget was first proposed in March, according to the finance office.", "",
             "Next steps", "A new vote is expected next month, the mayor said."]
    roles, comments, _ = segment(lines)
    assert comments.empty and roles[4] != "comment"


def test_re_subject_on_top_is_the_title_and_names_addressed_link_to_their_author():
    doc = segment_file(FIXTURES / "re_subject.txt")
    roles = dict(zip(doc.lines["line"], doc.lines["role"]))
    assert roles[0] == "title" and doc.title.startswith("Re: Best budget")
    comments = doc.comments
    assert comments["author"].tolist() == ["klaxon", "tmoney", "ana_b", "klaxon"]
    assert comments["reply_to"].tolist() == ["", "c0", "c1", "c2"]
    assert comments["reply_cue"].iloc[3] == "address"
