"""Plain-text segmentation of further page layouts: name initials, site voice, explainer boxes, comment forms,
mailing-list digests, forum pages, same-line "re:" answers, deleted posts, indented replies, reply cues and
icon sprites."""
from __future__ import annotations

import pytest

from .test_segment_text import FIXTURES, _doc, _parents, segment, spans, starts

ARTICLE = [
    "Council approves four-day week trial for city staff",
    "The city council voted on Tuesday to let 300 administrative staff work a four-day week for six months, "
    "the council leader said.",
    "Officials said offices would stay open five days a week under a rota, and that the trial would be reviewed "
    "in March.",
]

EXPLAINER = [
    "Storm Imogen to bring gales and flooding to western coasts",
    "By Tom Reilly",
    "Published 14 November 2024",
    "",
    "Storm Imogen is expected to reach the west coast early on Friday, bringing gusts of up to 80mph and heavy rain "
    "to exposed areas, the Met Office said.",
    "",
    "Amber wind warnings are in place for coastal parts of Wales and south-west England from 6am until midnight.",
    "",
    "WHAT YOU NEED TO KNOW",
    "When will the storm arrive?",
    "The strongest winds are forecast between 9am and 3pm on Friday.",
    "Which areas are worst affected?",
    "Coastal Cornwall, Pembrokeshire and Ceredigion face the highest gusts.",
    "Will trains and ferries run?",
    "Several ferry crossings to Ireland have already been cancelled.",
    "Should schools close?",
    "Local councils will decide on closures by 7pm on Thursday.",
    "",
    "The Environment Agency has issued 23 flood alerts, mostly for rivers in Devon and Somerset, and urged people to "
    "avoid driving through flood water.",
]


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text().split("\n")


def _roles_in(roles: dict[int, str], first: int, last: int) -> set[str]:
    """The roles of the non-blank lines ``first`` to ``last``."""
    return {role for line, role in roles.items() if first <= line <= last}


def test_posted_by_headers_with_an_initial_open_posts():
    """'Posted by Jenna K. on <date>': the full stop of an initial may end the author's name."""
    _, roles, comments = _doc("layout_initials.txt")
    assert spans(comments) == [(2, 3), (5, 6), (8, 11), (13, 14)]
    assert comments["author"].tolist() == ["Jenna K.", "Omar S.", "Jenna K.", "Bev"]
    assert comments["timestamp"].tolist()[:2] == ["3 May 2024, 14:02", "3 May 2024, 14:37"]
    assert roles[2] == roles[8] == "comment" and comments["text"].iloc[0].startswith("We bought")


def test_newsletter_footer_speaks_for_the_site_not_a_reader():
    """'Straight to your inbox', 'you agree to our Terms': the site's "you" and "our" are no reader's voice."""
    doc, roles, comments = _doc("layout_newsletter_footer.txt")
    assert comments.empty
    assert doc.title == "Hospitals trial shorter waits for hip replacement patients"
    assert {roles[i] for i in (5, 7, 9, 11)} == {"body"}
    assert "comment" not in _roles_in(roles, 13, 17)


def test_explainer_questions_answered_line_by_line_stay_in_the_article():
    """A 'WHAT YOU NEED TO KNOW' box of short questions, each answered by a plain line, is article."""
    roles, comments, title = segment(EXPLAINER)
    assert comments.empty
    assert title == EXPLAINER[0]
    assert _roles_in(roles, 9, 16) == {"body"}  # the questions and their answers
    assert roles[18] == "body"


def test_comment_form_after_the_last_comment_is_boilerplate():
    _, roles, comments = _doc("layout_comment_form.txt")
    assert spans(comments) == [(11, 13), (16, 18), (21, 23)]
    assert comments["author"].tolist() == ["Graham", "Ruth", "Anita P"]
    assert _roles_in(roles, 26, 36) == {"boilerplate"}  # "Leave a Reply Cancel reply" ... "powered by"


def test_comment_form_does_not_join_a_last_comment_without_reply_link():
    """Without a "Reply" line under it, the last comment still ends before the form."""
    lines = [line for line in _lines("layout_comment_form.txt") if line != "Reply"]
    roles, comments, _ = segment(lines)
    assert spans(comments) == [(11, 13), (15, 17), (19, 21)]
    assert _roles_in(roles, 23, 33) == {"boilerplate"}


def test_mail_digest_messages_open_at_their_first_header_line():
    """'From:/Date:/Subject:' blocks and 'Re: subject' over 'Name <addr>, date' each open one message."""
    doc, roles, comments = _doc("layout_mail_digest.txt")
    assert doc.title == "Eastfield-Allotments Digest, Vol 3, Issue 7"
    assert spans(comments)[:3] == [(10, 20), (24, 34), (38, 43)]
    assert comments["author"].tolist()[:3] == ["Greg Hollis", "Dana Whitcombe", "Priya Raman"]
    assert comments["timestamp"].iloc[2] == "Mon 9 Sep 2024 09:40"
    assert "comment" not in _roles_in(roles, 0, 9)  # the digest title and its table of contents
    assert comments["text"].iloc[0].endswith("--\nGreg Hollis\nPlot 14, east side")  # the signature stays
    assert 28 not in starts(comments)  # "Greg Hollis wrote:" over "> " lines attributes a quote
    assert comments["text"].iloc[1].startswith("Greg Hollis wrote:\n> I'd keep it")
    assert _parents(comments)[1] == 0
    assert "comment" not in {roles[i] for i in (48, 50, 52)}  # "... mailing list", listinfo URL, "End of ..."


def test_mail_digest_footer_makes_no_comment():
    """Rules between messages, the list address and the Mailman footer are furniture, not a fourth message."""
    _, roles, comments = _doc("layout_mail_digest.txt")
    assert len(comments) == 3
    assert "comment" not in _roles_in(roles, 45, 53)


def test_forum_page_comments_start_at_the_first_post_header():
    """Thread title, breadcrumb and page stats above the first 'name | date' header are no comments."""
    _, roles, comments = _doc("layout_forum_page.txt")
    assert spans(comments) == [(4, 5), (7, 8), (10, 11), (13, 14), (16, 17), (19, 20)]
    assert comments["author"].tolist() == ["hedgehog_hal", "marrow_mary", "hedgehog_hal", "old_potter",
                                           "marrow_mary", "hedgehog_hal"]
    assert "comment" not in {roles[0], roles[1], roles[2]}


def test_re_line_with_its_own_answer_is_a_whole_comment():
    """'re: "quoted words" — answer' stands alone; a bare 're: quoted words' still takes the next line."""
    _, comments, _ = segment(ARTICLE + [
        "Good luck getting anyone on the phone on a Friday now, I suppose.",
        're: "offices would stay open five days a week" — they already close at 4pm, so I will believe it when I '
        "see it.",
        "The private sector has been doing this for years and productivity went up.",
        "re: productivity went up",
        "Only in the companies that chose to publish their results. The rest quietly dropped it.",
        "Fair enough, but it costs the taxpayer nothing to try.",
    ])
    assert spans(comments) == [(3, 3), (4, 4), (5, 5), (6, 7), (8, 8)]


def test_deleted_post_under_a_bare_handle_layout_is_its_own_comment():
    _, roles, comments = _doc("layout_deleted_handle.txt")
    assert spans(comments) == [(4, 5), (7, 8), (10, 11), (13, 14), (16, 17)]
    assert comments["author"].tolist() == ["isle_of_rum", "kelpie_77", "[deleted]", "harbour_jo", "isle_of_rum"]
    assert comments["text"].iloc[1].endswith("since the spring.")


def test_indentation_shows_the_reply_structure():
    """Replies indented 4 spaces per level answer the nearest earlier post with a smaller indent."""
    _, roles, comments = _doc("layout_indented_replies.txt")
    assert starts(comments) == [3, 7, 11, 15, 19, 23, 27, 31]
    assert comments["author"].tolist() == ["mossgrove", "quillpen", "mossgrove", "quillpen", "tern_bay",
                                           "ferric_ox", "quillpen", "halfdome"]
    assert _parents(comments) == [None, 0, 1, 2, 0, None, 5, None]
    assert comments["reply_cue"].tolist() == ["", "parent", "parent", "parent", "parent", "", "parent", ""]
    assert comments["reply_evidence"].iloc[3] == "indented 12" and comments["reply_evidence"].iloc[4] == "indented 4"
    assert roles[9] == "boilerplate"  # an indented "reply"


def test_opening_quote_wins_over_a_later_mention():
    """A post opening with a "> " quote of marta_k answers her, though it later mentions @dougie."""
    _, _, comments = _doc("layout_reply_cues.txt")
    assert comments["author"].tolist() == ["dougie", "marta_k", "ashby_pete", "dougie", "rails_and_ales", "marta_k"]
    assert comments.loc[2, "reply_to"] == "c1" and comments.loc[2, "reply_cue"] == "quote"


def test_lowercase_handle_opening_a_post_addresses_that_author():
    """'dougie you said ...' answers dougie's latest post, not the post right above."""
    _, _, comments = _doc("layout_reply_cues.txt")
    assert comments.loc[5, "reply_to"] == "c3"
    assert comments.loc[5, "reply_cue"] == "address" and comments.loc[5, "reply_evidence"] == "dougie"


def test_because_answers_the_latest_why_and_a_real_question():
    """'Because ...' answers the latest 'why' in the window, with or without '?'; after a '?' question it is
    that question's answer."""
    _, _, comments = _doc("layout_because.txt")
    assert starts(comments) == list(range(6, 12))
    assert comments.loc[2, "reply_to"] == "c1" and comments.loc[2, "reply_cue"] == "answer"
    assert comments.loc[2, "reply_evidence"] == "Why do people even live there."
    assert comments.loc[5, "reply_to"] == "c4" and comments.loc[5, "reply_cue"] == "answer"


@pytest.mark.parametrize("tokens", [12, 13, 16])
def test_icon_sprite_line_is_boilerplate_and_the_headline_is_the_title(tokens):
    lines = _lines("layout_icon_sprite.txt")
    sprite = lines[0].split() + ["icon-bookmark", "icon-print", "icon-share"]
    roles, comments, title = segment([" ".join(sprite[:tokens])] + lines[1:])
    assert comments.empty
    assert roles[0] == "boilerplate" and roles[1] == "boilerplate"  # the sprite and the nav menu
    assert title == "Lighthouse keeper's cottage on Flat Holm reopens to overnight visitors" and roles[2] == "title"
    assert {roles[i] for i in (6, 8, 10)} == {"body"}


def test_slashdot_subject_line_opens_the_post_and_re_subject_quotes_it():
    """A subject line over a 'by X ( 123 ) on <date> (#id)' header opens the post; 'Re:<subject>' answers the
    latest earlier post with that subject."""
    _, roles, comments = _doc("layout_slashdot.txt")
    assert spans(comments) == [(12, 16), (18, 20), (22, 24), (26, 28)]
    assert comments["author"].tolist() == ["Plugh", "dogbert_the_wise", "Anonymous Coward", "mrlizard"]
    assert comments["timestamp"].iloc[0] == "Tuesday March 05, 2024 @10:31AM (#64289931)"
    assert comments["text"].iloc[0].startswith("Crunch is the real story (Score:5, Insightful)\nNobody walks out")
    assert roles[12] == roles[22] == "comment"
    assert _parents(comments) == [None, None, 0, 2]
    assert comments["reply_cue"].tolist()[2:] == ["quote", "quote"]


def test_slashdot_furniture_between_count_and_first_post_is_no_comment():
    """'Related Links', 'Load All Comments', the score filter and 'The Fine Print' are not a post."""
    _, roles, comments = _doc("layout_slashdot.txt")
    assert starts(comments)[0] == 12
    assert "comment" not in _roles_in(roles, 5, 10)


def test_slashdot_subject_line_without_blank_line_above_opens_the_post():
    """Without blank lines between posts, the "(Score:N, ...)" suffix still marks a subject line."""
    lines = _lines("layout_slashdot.txt")
    roles, comments, _ = segment(lines[:12] + [line for line in lines[12:] if line])
    assert spans(comments) == [(12, 15), (16, 18), (19, 21), (22, 24)]


def test_youtube_like_counts_and_reply_counts_are_no_comments():
    """'2,345 Comments', '@handle 2 days ago' headers; '2.1K', '340', '87 replies', 'Add a comment…' and the
    sidebar are furniture; a one-line comment over its like count stays a comment."""
    _, roles, comments = _doc("layout_youtube.txt")
    assert spans(comments) == [(12, 13), (17, 18), (22, 23), (26, 27), (30, 31)]
    assert comments["author"].tolist() == ["maplefern", "gravelpit_gary", "tuftedduck", "gravelpit_gary",
                                           "hedgerow_hannah"]
    assert {roles[i] for i in (9, 10, 11, 14, 16, 19, 21, 24, 28, 32)} == {"boilerplate"}
    assert roles[27] == "comment"
    assert comments["text"].iloc[3] == "@tuftedduck ok the dog account is damning I'll give you that"
    assert comments.loc[3, "reply_to"] == "c2" and comments.loc[3, "reply_cue"] == "mention"
    assert _roles_in(roles, 34, 45) == {"boilerplate"}  # "All", "Related", "24:17", titles, "842K views ..."


def test_phpbb_profile_block_is_boilerplate_and_post_starts_at_subject():
    """Name / rank / 'Posts:' / 'Joined:' / 'Location:', a blank line, then subject and 'Post by X » date'."""
    _, roles, comments = _doc("layout_phpbb.txt")
    assert spans(comments) == [(11, 13), (22, 24), (33, 35), (43, 45)]
    assert comments["author"].tolist() == ["kestrel77", "wrasse_wrangler", "kestrel77", "old_sole"]
    assert comments["timestamp"].iloc[0] == "Tue Mar 05, 2024 9:14 pm"
    assert comments["text"].iloc[0].startswith("Night fishing off Clarence Pier after dark\nThinking of trying")
    profiles = [*range(5, 10), *range(16, 21), *range(27, 32), *range(38, 42)]
    assert {roles[i] for i in profiles} == {"boilerplate"}
    assert {roles[i] for i in (14, 25, 36, 46)} == {"boilerplate"}  # "Top"


def test_phpbb_question_subject_opens_the_post():
    """A subject that asks a question opens its post too."""
    lines = [line.replace("after dark", "- anyone been lately?") for line in _lines("layout_phpbb.txt")]
    roles, comments, _ = segment(lines)
    assert spans(comments) == [(11, 13), (22, 24), (33, 35), (43, 45)]
    assert comments["author"].tolist()[0] == "kestrel77"
    assert _roles_in(roles, 5, 9) == {"boilerplate"}


def test_reader_poll_after_the_article_is_no_comment():
    """'What do you think?' / question / options / 'Vote' / '2,186 votes so far' is a widget, not readers."""
    doc, roles, comments = _doc("layout_reader_poll.txt")
    assert comments.empty
    assert doc.title == "Health board confirms Brackley minor injuries clinic will close in June"
    assert _roles_in(roles, 13, 19) == {"boilerplate"}
    assert "comment" not in _roles_in(roles, 21, 30)


def test_repost_fixing_a_word_ending_and_a_number_is_a_duplicate():
    """'1,200 ... ignore' reposted as '1200 ... ignored' is the same comment; another on the petition is not."""
    _, _, comments = _doc("layout_repost_edit.txt")
    assert spans(comments) == [(8, 9), (11, 12), (14, 15), (17, 18), (20, 21)]
    assert comments["duplicate_of"].tolist() == ["", "", "", "c0", ""]
    assert 0.8 <= comments["duplicate_similarity"].iloc[3] < 1.0


def test_load_more_and_most_read_teasers_after_line_comments_are_boilerplate():
    """Teasers with reader cues ('Your pictures: ...') below 'Load more comments' / 'Most read' are furniture."""
    _, roles, comments = _doc("layout_most_read.txt")
    assert spans(comments) == [(5, 5), (6, 6), (7, 7), (8, 8), (9, 9)]
    assert _roles_in(roles, 10, 18) == {"boilerplate"}


def test_headline_shaped_last_comment_over_load_more_stays_a_comment():
    """With only "Load more comments" below it, a short headline-shaped line with reader cues is a comment."""
    lines = _lines("layout_most_read.txt")[:10] + ["Another tax on being ill if you ask me", "Load more comments"]
    roles, comments, _ = segment(lines)
    assert spans(comments) == [(5, 5), (6, 6), (7, 7), (8, 8), (9, 9), (10, 10)]
    assert roles[10] == "comment" and roles[11] == "boilerplate"


PROMPTS = ["Have your say on this story. Please keep comments respectful and on topic.", "Add your comment",
           "You must be signed in to comment."]
PROMPT_LINES = ["Have your say on this story.", "Please keep comments respectful and on topic.", *PROMPTS[1:]]
REPLIES = [
    "Four days at the same pay is a pay rise by another name. Private firms would never get away with it.",
    "I work for the council and we already do compressed hours, it's nothing new.",
    "So who answers the phone on a Friday afternoon then?",
    "If sickness absence drops like it did in the pilot councils it pays for itself.",
]


@pytest.mark.parametrize("marker", ["1,204 Comments", "2.1K comments"])
def test_comment_count_with_thousands_is_the_comment_marker(marker):
    """A reader question ending the article stays article above a '1,204 Comments' marker."""
    question = "Would you want a four-day week if your employer offered one?"
    roles, comments, _ = segment(ARTICLE + [question, marker] + REPLIES)
    assert spans(comments) == [(5, 5), (6, 6), (7, 7), (8, 8)]
    assert roles[3] == "body" and roles[4] == "boilerplate"


@pytest.mark.parametrize("below", [False, True])
def test_comment_prompts_are_boilerplate(below):
    """'Have your say ...', 'Please keep comments ...', 'Add your comment', 'You must be signed in to comment.'
    above the posts, or one a line below them."""
    section = REPLIES + PROMPT_LINES if below else PROMPTS + REPLIES
    roles, comments, _ = segment(ARTICLE + ["Comments (4)"] + section)
    first = 4 if below else 7
    assert spans(comments) == [(i, i) for i in range(first, first + 4)]
    prompts = range(8, 12) if below else range(4, 7)
    assert {roles[i] for i in prompts} == {"boilerplate"}


def test_reddit_headers_and_levels_with_unlevelled_top_posts():
    """'u/name · 5 hr. ago' headers; with "level N" lines in the dump, a post without one is top-level."""
    roles, comments, _ = segment(ARTICLE + [
        "412 comments", "",
        "u/pinecone_pat · 5 hr. ago", "The ferry is running again from the north dock, just took it.", "87 points",
        "Reply Share", "",
        "level 2", "u/harbor_hank OP · 5 hr. ago", "Thanks, that saves me a two hour drive.", "12 points",
        "Reply Share", "",
        "u/gull_watcher · 4 hr. ago · Stickied comment", "Please only post service updates you have seen yourself.",
        "40 points", "Reply Share", "",
        "level 2", "u/pinecone_pat · 4 hr. ago", "Fair, but I was literally on the boat.", "9 points",
    ])
    assert starts(comments) == [5, 11, 16, 22]
    assert comments["author"].tolist() == ["u/pinecone_pat", "u/harbor_hank OP", "u/gull_watcher", "u/pinecone_pat"]
    assert _parents(comments) == [None, 0, None, 2]
    assert roles[7] == roles[8] == "boilerplate"  # "87 points", "Reply Share"


def test_responses_to_title_marks_the_comments_under_a_first_person_post():
    """A blog post in the first person stays the article when "7 Responses to “...”" opens the comments."""
    roles, comments, title = segment([
        "The $16 question: what the wage rise did to our high street",
        "Posted by Ellen Marsh on 3 February 2024", "",
        "I spent a month talking to shop owners and workers about the rise, and I kept changing my mind.", "",
        "I don't think either story cancels the other out. I'd love to hear what you think.", "",
        "3 Responses to “The $16 question: what the wage rise did to our high street”", "",
        "Nice piece, but you buried the lede: two restaurants closed.", "— Dave Pruitt, Millbrook", "",
        "Dave, one of those closed because the owner retired.", "— Kim Osterhaus, Millbrook", "",
        "Thanks for talking to people instead of posting a chart.", "— Anita Ferreira, East Millbrook",
    ])
    assert title.startswith("The $16 question")
    assert roles[3] == roles[5] == "body"
    assert spans(comments) == [(9, 10), (12, 13), (15, 16)]
    assert comments["author"].tolist() == ["Dave Pruitt", "Kim Osterhaus", "Anita Ferreira"]


def test_recommended_teasers_speaking_to_the_reader_are_no_comments():
    """Second-person teaser headlines after an article are no reader's lines, however many there are."""
    _, comments, _ = segment(ARTICLE + [
        "Recommended",
        "What the new stadium name means for your season ticket",
        "You'll still be able to call it the old name - here's why the club agreed",
        "Why your matchday pint could get cheaper next season",
        "Six of the worst stadium renames in British football - ranked",
        "© 2024 Northern Dispatch Media Ltd. All rights reserved.",
    ])
    assert comments.empty


def test_name_bar_posted_headers_keep_multi_paragraph_posts_and_pagination_out():
    """'name  |  Posted 14 March 2024 - 08:12 PM' opens a post of several paragraphs; the pagination and topic
    links around the posts are boilerplate."""
    roles, comments, _ = segment([
        "Ferry timetable cut to four sailings a day", "",
        "Page 1 of 2    1  2  Next ›", "Follow this topic", "",
        "harbour_hal  |  Posted 14 March 2024 - 08:12 PM",
        "They've cut the 7am and the 6pm. Those are the two every commuter on the island actually uses.", "",
        "I emailed the operator and got a form reply about crew shortages.", "",
        "deckhand_dee  |  Posted 14 March 2024 - 09:40 PM",
        "Crew shortages are real, but they've known about them since last summer.", "",
        "Page 1 of 2    1  2  Next ›", "Reply to this topic",
    ])
    assert spans(comments) == [(5, 8), (10, 11)]
    assert comments["author"].tolist() == ["harbour_hal", "deckhand_dee"]
    assert roles[2] == roles[3] == roles[13] == roles[14] == "boilerplate"
