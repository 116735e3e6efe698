"""Plain-text segmentation: line roles, the article/comment boundary and comment splitting."""
from __future__ import annotations

import json
import pathlib

import pytest

from discourse.segment import segment_file
from discourse.segment.text import segment_lines

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "text"
SEEDS = pathlib.Path(__file__).parent.parent / "seeds"
GOLD = SEEDS.parent.parent / "shared" / "gold" / "seeds.json"  # the reference labels, beside the checkout

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


def test_inline_author_prefixes_name_the_writer_and_open_posts():
    roles, comments, title = segment((FIXTURES / "inline_authors.txt").read_text().split("\n"))
    assert title.startswith("School board delays vote") and roles[2] == "body"
    assert spans(comments) == [(6, 6), (8, 10), (12, 12), (14, 15), (17, 17), (19, 19)]  # "Also, ..." continues
    assert comments["author"].tolist() == ["jmorales", "teacher_beth", "jmorales", "dkline", "teacher_beth",
                                           "harold_p"]
    assert comments["text"][0].startswith("As a working parent")  # the prefix is not part of the text
    assert comments["text"][3].startswith("Re: research on learning outcomes\nThe RAND study")


def test_inline_authors_resolve_mentions():
    comments = segment_file(FIXTURES / "inline_authors.txt").comments
    assert comments.loc[2, "reply_to"] == "c1" and comments.loc[2, "reply_cue"] == "mention"
    assert comments.loc[4, "reply_to"] == "c3" and comments.loc[4, "reply_cue"] == "mention"


def test_labels_like_edit_are_no_author_prefixes():
    _, comments, _ = segment(thread("Edit: I meant the second round, not the first.",
                                    "Honestly I doubt anything changes. Same script every time.",
                                    "Edit: typo", "Edit: and yes, I read the whole thing.", "Sarah: you read it? Wow."))
    assert comments["author"].tolist() == ["", "", ""]
    assert comments["text"][0].startswith("Edit: I meant") and comments["text"][2].startswith("Sarah: you")


def test_dash_signatures_close_posts_and_name_their_writers():
    _, comments, _ = segment((FIXTURES / "dash_signatures.txt").read_text().split("\n"))
    assert spans(comments) == [(2, 3), (4, 5), (6, 7), (8, 9)]
    assert comments["author"].tolist() == ["Karen", "mark_t", "Karen", "Devon R."]
    assert comments["text"][0].endswith("during lessons.")  # the signature is no part of the text
    linked = segment_file(FIXTURES / "dash_signatures.txt").comments
    assert linked.loc[2, "reply_to"] == "c1" and linked.loc[2, "reply_cue"] == "mention"


def test_agency_credits_between_paragraphs_are_no_signatures():
    roles, comments, _ = segment(["Quake shakes southern coast, no damage reported",
                                  "A magnitude 5.1 earthquake struck off the coast early on Monday, the survey said.",
                                  "— Reuters",
                                  "Local officials said there were no immediate reports of damage, officials said.",
                                  "— AFP",
                                  "The region sees several moderate quakes each year."])
    assert comments.empty and roles[1] == roles[3] == roles[5] == "body"


def test_interview_transcript_stays_in_the_article():
    roles, comments, _ = segment((FIXTURES / "interview_transcript.txt").read_text().split("\n"))
    assert {roles[i] for i in range(3, 11)} == {"body"}  # "Reporter: ..." / "Mayor: ..." turns
    assert starts(comments) == [12, 13, 14]


def test_question_and_answer_interview_without_comments():
    lines = (FIXTURES / "interview_transcript.txt").read_text().split("\n")[:11]
    lines = [line.replace("Reporter:", "Q:").replace("Mayor:", "A:") for line in lines]
    roles, comments, _ = segment(lines)
    assert comments.empty and roles[4] == roles[9] == "body"


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


def _doc(name: str):
    doc = segment_file(FIXTURES / name)
    return doc, dict(zip(doc.lines["line"], doc.lines["role"])), doc.comments


def _parents(comments) -> list[int | None]:
    """Each comment's parent as a position (None for top-level)."""
    ids = comments["id"].tolist()
    return [ids.index(r) if r else None for r in comments["reply_to"]]


def test_reddit_level_lines_vote_headers_and_mentions():
    _, roles, comments = _doc("reddit_levels.txt")
    assert spans(comments)[:4] == [(11, 15), (21, 25), (31, 33), (39, 43)]
    assert len(comments) == 10
    assert comments["author"].tolist()[:5] == ["bikelanebecky", "oldtownjoe", "bikelanebecky", "delivery_dan",
                                               "transit_nerd_42"]
    assert {roles[i] for i in (10, 16, 17, 18, 19, 20, 66, 102)} == {"boilerplate"}  # level N, Reply.., More replies
    assert roles[12] == roles[40] == "comment"  # "· 5h", "12 points · 4 hours ago" head their post
    parents = _parents(comments)
    assert parents[1] == 0 and parents[4] == 3 and parents[9] == 8
    assert parents[0] is None and parents[6] is None
    # "level N+1" answers the nearest earlier post at level N
    assert parents[:8] == [None, 0, 1, None, 3, 4, None, 6]
    assert comments["reply_cue"].iloc[1] == "parent" and comments["reply_evidence"].iloc[1] == "level 2"
    assert comments["reply_evidence"].iloc[2] == "level 3" and comments["reply_evidence"].iloc[9] == "level 2"


def test_disqus_votes_replying_to_and_trailing_teaser():
    _, roles, comments = _doc("disqus_replying_to.txt")
    assert spans(comments) == [(15, 18), (24, 26), (32, 34), (41, 44), (50, 52), (58, 60), (66, 69), (75, 77)]
    assert comments["author"].tolist()[:3] == ["Karen Whitfield", "Mark Ellison", "Karen Whitfield"]
    assert _parents(comments) == [None, 0, 1, None, 3, 4, None, 6]
    assert set(comments["reply_cue"].iloc[[1, 2, 4, 5, 7]]) == {"mention"}
    assert {roles[i] for i in (12, 13, 14, 19, 20, 21, 22, 39, 81, 82, 83, 84)} == {"boilerplate"}
    assert roles[25] == "comment"  # "Replying to Karen Whitfield" is part of the post


def test_hacker_news_headers_with_thread_navigation():
    _, roles, comments = _doc("hacker_news.txt")
    assert starts(comments) == [4, 12, 18, 24, 32, 38, 44, 50, 56]
    assert spans(comments)[0] == (4, 8) and spans(comments)[3] == (24, 28)
    assert comments["author"].tolist()[:3] == ["pjenkins", "kthompson", "pjenkins"]
    assert roles[10] == "boilerplate" and roles[0] != "comment" and roles[2] != "comment"
    # "| parent |" marks a reply; with no depth stated, to the previous post
    assert _parents(comments)[:8] == [None, 0, 1, 2, None, 4, 5, None]
    assert set(comments["reply_cue"].iloc[[1, 2, 3, 5, 6]]) == {"parent"}
    assert set(comments["reply_evidence"].iloc[[1, 2, 3, 5, 6]]) == {"parent"}


def test_level_lines_link_to_nearest_shallower_post():
    _, comments, _ = segment([
        "level 1", "alice_1", "· 5h", "The first post, at the top of the thread.", "Reply",
        "level 2", "bob_2", "· 4h", "An answer to the first post, one level down.", "Reply",
        "level 1", "carol_3", "· 3h", "Another post at the top of the thread.", "Reply",
        "level 3", "dave_4", "· 2h", "A deep answer whose level-2 parent is missing from the dump.", "Reply",
    ])
    assert comments["author"].tolist() == ["alice_1", "bob_2", "carol_3", "dave_4"]
    assert comments["reply_to"].tolist()[:2] == ["", "c0"] and comments["reply_to"].iloc[3] == "c2"
    assert comments["reply_evidence"].tolist()[1] == "level 2" and comments["reply_evidence"].iloc[3] == "level 3"


def test_parent_navigation_follows_stated_depth():
    _, comments, _ = segment([
        "level 1", "ann 5 hours ago | next [–]", "A top-level post that opens the thread here.", "reply",
        "level 2", "ben 4 hours ago | parent | next [–]", "A reply to the post at the top of the thread.", "reply",
        "level 3", "cat 3 hours ago | root | parent | next [–]", "A reply to the reply, two levels down.", "reply",
        "level 2", "dan 2 hours ago | parent | next [–]", "Another answer to the top-level post above.", "reply",
    ])
    assert comments["author"].tolist() == ["ann", "ben", "cat", "dan"]
    assert comments["reply_to"].tolist() == ["", "c0", "c1", "c0"]
    assert comments["reply_evidence"].tolist() == ["", "level 2", "level 3", "level 2"]


def test_xenforo_profile_blocks_and_said_quotes():
    doc, roles, comments = _doc("xenforo_said.txt")
    assert doc.title == "Tomato plants wilting every afternoon"
    assert spans(comments) == [(3, 9), (13, 19), (23, 30), (34, 40), (44, 51)]
    assert comments["author"].tolist() == ["greenthumb_liz", "hoe_down", "greenthumb_liz", "compost_carl",
                                           "greenthumb_liz"]
    assert _parents(comments)[2] == 1 and _parents(comments)[4] == 3
    assert comments["reply_cue"].iloc[2] == comments["reply_cue"].iloc[4] == "mention"  # "hoe_down said:"
    assert roles[29] == roles[10] == "boilerplate"  # "Click to expand...", "Reply"


def test_smf_profile_blocks_and_quote_from():
    _, roles, comments = _doc("smf_quote_from.txt")
    assert spans(comments) == [(3, 10), (12, 19), (21, 28), (30, 37)]
    assert comments["author"].tolist() == ["rv_rick", "campfire_kate", "rv_rick", "old_salt"]
    assert _parents(comments)[2] == 1 and comments["reply_cue"].iloc[2] == "mention"
    assert roles[11] == roles[2] == "boilerplate"  # "Logged", "Author Topic: ..."


def test_mail_thread_signatures_close_posts_quoted_above_or_below():
    _, roles, comments = _doc("mail_signatures.txt")
    assert roles[2] == "comment"  # the attribution opens the first post
    assert spans(comments) == [(2, 12), (14, 19), (21, 28), (30, 33)]  # bottom-, bottom-, top-posted, plain
    assert _parents(comments)[1] == 0


def test_headline_and_lede_then_plain_one_line_comments():
    doc, roles, comments = _doc("lede_plain_comments.txt")
    assert roles[0] == "title" and roles[1] == "body"
    assert starts(comments) == list(range(2, 10))  # the first comment is a neutral question


def test_headline_lede_and_comment_count_marker():
    _, roles, comments = _doc("lede_comment_count.txt")
    assert roles[1] == "body" and roles[2] == "boilerplate"
    assert starts(comments) == list(range(3, 10))


def test_long_news_article_with_chrome_and_no_comments():
    doc, roles, comments = _doc("news_long_chrome.txt")
    assert comments.empty
    assert doc.title.startswith("Rail operator")
    assert {roles[i] for i in (0, 7, 9, 12, 13, 16, 17, 21)} == {"boilerplate"}
    assert roles[5] == "caption" and roles[3] == "meta"
    assert {roles[i] for i in (6, 8, 10, 11, 14, 15)} == {"body"}


def test_sentence_ending_in_a_timestamp_is_not_an_author_header():
    """'I disagree. 18 Mar, 2021 10:33' is a comment that happens to end in a date, not 'author | date'."""
    lines = thread("I disagree. 18 Mar, 2021 10:33",
                   "You are wrong about the budget, and the minutes prove it.",
                   "Agreed. 19 Mar, 2021 08:02",
                   "Why would anyone trust the council on this?")
    _, comments, _ = segment(lines)
    assert len(comments) == 4
    assert not comments["author"].astype(bool).any()


def test_a_reddit_page_lists_replies_under_their_parents_so_an_unlinked_comment_answers_the_one_above(tmp_path):
    """A layout's tree_order lines (old Reddit's "[–]name N points" headers) say the comments are a reply tree
    flattened depth first: a comment no cue links answers the comment above it, not the most similar one."""
    posts = [("alice", "The new bridge toll will push the delivery vans onto the old river road every morning."),
             ("bob", "Parking at the station has been full since March anyway, nobody can find a space."),
             ("carol", "Those vans will clog river traffic; a toll only moves delivery routes around the bridge.")]
    body = ["City council approves the bridge toll"]
    for n, (name, text) in enumerate(posts):
        body += [f"[–]{name} {12 - n} points {3 + n} hours ago", text]
    page = tmp_path / "reddit.txt"
    page.write_text("\n".join(body) + "\n", encoding="utf-8")
    comments = segment_file(page).comments
    assert comments["author"].tolist() == ["alice", "bob", "carol"]
    assert comments["reply_to"].iloc[2] == comments["id"].iloc[1]
    # the same comments under headers of no tree-ordered layout: the most similar comment is chosen
    plain = ["City council approves the bridge toll"]
    for n, (name, text) in enumerate(posts):
        plain += [name, f"{3 + n} hours ago", text]
    page.write_text("\n".join(plain) + "\n", encoding="utf-8")
    comments = segment_file(page).comments
    assert comments["author"].tolist() == ["alice", "bob", "carol"]
    assert comments["reply_to"].iloc[2] == comments["id"].iloc[0]
