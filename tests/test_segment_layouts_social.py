"""Plain-text segmentation of social and comment-plugin layouts: fediverse threads, icon-count and menu lines,
hashtags after a sentence's end, Facebook-plugin comments, NYT-like name / place / date headers, old Reddit,
legal footers, press-conference transcripts, tabloid 'Name, City, Country' headers, 'Name on <date> said:' blog
comments, Disqus arrow headers, 'Reader comments (N)' markers, 'Source: <url>' lines, "Be the first to
comment" sections and XenForo posts."""
from __future__ import annotations

import pytest

from discourse.segment import segment_file

from .test_segment_text import _parents, segment, spans, starts


def _page(tmp_path, lines: list[str]):
    """Segment a page dump with the whole pipeline (reply links included): the document, its line roles and
    its comments."""
    path = tmp_path / "page.txt"
    path.write_text("\n".join(lines) + "\n")
    doc = segment_file(path)
    return doc, dict(zip(doc.lines["line"], doc.lines["role"])), doc.comments


def _roles_in(roles: dict[int, str], first: int, last: int) -> set[str]:
    """The roles of the non-blank lines ``first`` to ``last``."""
    return {role for line, role in roles.items() if first <= line <= last}


# ---------------------------------------------------------------- 1. fediverse threads
FEDIVERSE = [
    'Rosalind Okafor: "The Millbrook county library is ending its Sunday…" - Harbour Social',
    "Rosalind Okafor",
    "@rosalind@harbour.social",
    "The Millbrook county library is ending its Sunday opening hours from April because of budget cuts. This was "
    "the only day many working parents could bring their kids. Write to your councillor before the vote on the "
    "12th. #Libraries #Millbrook",
    "Mar 14, 2024, 09:12 · Web",
    "96 boosts · 210 favourites",
    "",
    "Theo Brandt",  # 7
    "@theob@mastodon.example",
    "4h",
    "@rosalind I emailed mine this morning and got a reply within the hour saying she would vote against it.",
    "↩ 2   ⇄ 1   ★ 18",
    "",
    "Priya Nandakumar",  # 13
    "@priyan@fediscience.example",
    "4h",
    "@theob Would you mind sharing the template you used? I never know how formal to make these.",
    "↩ 1   ⇄ 0   ★ 6",
    "",
    "Dougal Maclean",  # 19
    "@dougal@scot.example",
    "3h",
    "@rosalind Sunday was the only day the local history room had a volunteer in. Losing that would be a real "
    "shame.",
    "↩ 0   ⇄ 2   ★ 11",
    "",
    "Theo Brandt",  # 25
    "@theob@mastodon.example",
    "3h",
    "@priyan Sure, I'll post it in a bit. Mostly I just said which branch I use and how often.",
    "↩ 0   ⇄ 0   ★ 4",
]


@pytest.fixture
def fediverse(tmp_path):
    return _page(tmp_path, FEDIVERSE)


def test_fediverse_headers_name_the_handle_and_start_at_the_display_name(fediverse):
    """'Display Name' / '@user@instance' / '4h' head each reply; the author is the handle, the opening post
    (under the page title) is the article."""
    doc, roles, comments = fediverse
    assert doc.title.startswith("Rosalind Okafor:")
    assert roles[3] == "body"  # the opening post, its hashtags after the last sentence
    assert spans(comments) == [(7, 10), (13, 16), (19, 22), (25, 28)]
    assert comments["author"].tolist() == ["theob@mastodon.example", "priyan@fediscience.example",
                                           "dougal@scot.example", "theob@mastodon.example"]
    assert comments["timestamp"].tolist() == ["4h", "4h", "3h", "3h"]
    assert {roles[i] for i in (7, 8, 9, 13, 19, 25)} == {"comment"}  # the display names and handles
    assert comments["text"].iloc[1].startswith("@theob Would you mind")


def test_fediverse_at_local_part_answers_that_handles_latest_post(fediverse):
    """'@theob' answers theob@mastodon.example's latest post; '@priyan' answers priyan@fediscience.example."""
    _, _, comments = fediverse
    assert _parents(comments)[1] == 0 and _parents(comments)[3] == 1
    assert comments["reply_cue"].iloc[1] == comments["reply_cue"].iloc[3] == "mention"
    assert comments["reply_evidence"].tolist()[1::2] == ["@theob", "@priyan"]


def test_fediverse_at_name_of_the_opening_poster_answers_no_comment(fediverse):
    """Every reply has a known writer; '@rosalind' (who wrote the article-side opening post, no comment) makes
    a top-level reply, not a link to the post above."""
    _, _, comments = fediverse
    assert _parents(comments)[0] is None and _parents(comments)[2] is None
    assert comments["reply_cue"].iloc[0] == comments["reply_cue"].iloc[2] == ""


@pytest.mark.xfail(strict=True, reason="where the opening post has the same header group as the replies, the "
                                       "comment section starts at its handle: the display name is boilerplate and "
                                       "its '5h' is lost")
def test_fediverse_opening_post_with_a_reply_style_header_keeps_its_display_name(tmp_path):
    lines = ["Tidewater Social", "Home · Explore · Local · Federated · About", "",
             "Rosalind Okafor", "@rosalind@harbour.social", "5h", FEDIVERSE[3].rsplit(" #", 2)[0],
             "↩ 14   ⇄ 96   ★ 210", ""] + FEDIVERSE[7:]
    _, roles, comments = _page(tmp_path, lines)
    assert roles[3] == roles[4]  # the display name goes with its handle, as in the replies
    if roles[4] == "comment":
        assert spans(comments)[0] == (3, 6) and comments["timestamp"].iloc[0] == "5h"


# ---------------------------------------------------------------- 2. icon-count and menu lines
def test_icon_count_lines_and_menus_are_boilerplate():
    """'↩ 3   ⇄ 1   ★ 52' under each post and 'A | B | C | D | E' / 'A · B · C · D · E' menus are furniture: the
    menu is no headline and the counts belong to no post."""
    roles, comments, title = segment([
        "News | Sport | Business | Culture | Travel",
        "Ferry operator fined over Kelby harbour collision",
        "The Kelby Ferry Company has been fined £240,000 after one of its vessels struck a moored fishing boat in "
        "the harbour last June, injuring two crew members.",
        "Investigators found the bridge crew had switched off a proximity alarm because it kept sounding in shallow "
        "water, the court heard.",
        "The company said it had since retrained all its masters and replaced the alarm system on every vessel.",
        "Comments (3)", "",
        "harbourmaster_kev", "Switching off an alarm because it annoys you is exactly how accidents happen.",
        "↩ 3   ⇄ 1   ★ 52", "",
        "netmender_sue", "Two lads with broken ribs and the company gets a fine it can pay out of petty cash.",
        "↩ 1   ⇄ 0   ★ 17", "",
        "harbourmaster_kev", "To be fair, £240k is a lot for an outfit running three boats.",
        "↩ 0   ⇄ 0   ★ 4", "",
        "About us · Contact · Advertise · Careers · Accessibility",
    ])
    assert title == "Ferry operator fined over Kelby harbour collision" and roles[1] == "title"
    assert roles[0] == "boilerplate" and roles[19] == "boilerplate"  # the two menus
    assert {roles[i] for i in (9, 13, 17)} == {"boilerplate"}  # the icon counts
    assert spans(comments) == [(7, 8), (11, 12), (15, 16)]
    assert comments["author"].tolist() == ["harbourmaster_kev", "netmender_sue", "harbourmaster_kev"]


# ---------------------------------------------------------------- 3. hashtags and emoji after a sentence end
def test_hashtags_or_emoji_after_a_sentence_end_leave_the_line_terminated():
    """A quoted post ending '... stuck? #Corvane #SmartHeating' and a paragraph ending '... added. 🙏' are body
    lines of the article, not headlines or furniture."""
    roles, comments, title = segment([
        "Smart thermostat outage leaves thousands in the cold",
        "By Nadia Ferreira",
        "Owners of Corvane smart thermostats across northern England woke up to cold homes on Monday after a server "
        "fault stopped the devices from accepting new schedules.",
        "Many took to social media to complain.",
        "My heating has been off since 5am and the app just spins. Is anyone else stuck? #Corvane #SmartHeating",
        "The company said engineers had restored the service by midday and apologised to customers.",
        "Thermostats kept their last setting and could still be adjusted by hand, a spokesperson added. 🙏",
    ])
    assert comments.empty
    assert title == "Smart thermostat outage leaves thousands in the cold"
    assert roles[4] == roles[6] == "body"
    assert _roles_in(roles, 2, 6) == {"body"}


# ---------------------------------------------------------------- 4. Facebook comments plugin
FACEBOOK = [
    "Town approves traffic signal at Elm Street school crossing",
    "The Ridgeview town board voted 5-0 on Tuesday to install a traffic signal at the Elm Street crossing outside "
    "Hollis Elementary, after two near-misses involving pupils this spring.",
    "Work is expected to start in July so the signal can be running before the new school year, the town engineer "
    "said.",
    "The project will cost about $180,000, most of it covered by a state safe-routes grant.",
    "47 Comments",
    "Sort by Top",
    "Add a comment...",
    "",
    "Maria Lopez", "Top fan",
    "The crossing guard there has been asking for a signal for six years. Glad someone finally listened.",
    "Like · Reply · 23 · 3h",
    "",
    "Derek Hale", "Works at Ridgeview Transit",
    "A signal on its own won't stop people doing 45 down that hill. It needs speed humps as well.",
    "Like · Reply · 9 · 3h",
    "",
    "Annette Birch",
    "Maria Lopez I agree, my son crosses there every morning and the cars never stop for the guard.",
    "Like · Reply · 5 · 2h",
    "",
    "Derek Hale",
    "Speed humps would slow the school buses too, so maybe a camera instead.",
    "Like · Reply · 2 · 2h",
    "",
    "Kwame Asante", "Author",
    "Thanks all. The board also asked for a speed study on the hill, which should be done by June.",
    "Like · Reply · 11 · 1h",
    "",
    "Facebook Comments Plugin",
]


@pytest.mark.parametrize("blank_lines", [True, False])
def test_facebook_plugin_names_badges_and_action_lines(tmp_path, blank_lines):
    """'Name' / optional badge ('Top fan', 'Works at ...', 'Author') / text / 'Like · Reply · 23 · 3h': the
    names are the authors, the badges head their post, the action lines are boilerplate; with or without blank
    lines between the posts."""
    lines = FACEBOOK if blank_lines else FACEBOOK[:8] + [line for line in FACEBOOK[8:] if line]
    doc, roles, comments = _page(tmp_path, lines)
    assert doc.title == FACEBOOK[0]
    names = ["Maria Lopez", "Derek Hale", "Annette Birch", "Derek Hale", "Kwame Asante"]
    assert comments["author"].tolist() == names
    starts_ = [i for i, line in enumerate(lines) if line in names]
    assert starts(comments) == starts_
    actions = [i for i, line in enumerate(lines) if line.startswith("Like · Reply")]
    assert comments["end_line"].tolist() == [i - 1 for i in actions]
    assert {roles[i] for i in actions} == {"boilerplate"}
    assert {roles[i + 1] for i in starts_} == {"comment"}  # badges and one-line texts alike
    assert comments["text"].iloc[0] == FACEBOOK[10] and comments["text"].iloc[4] == FACEBOOK[-4]


def test_facebook_reply_opening_with_a_known_full_name_addresses_that_author(tmp_path):
    """'Maria Lopez I agree, ...' answers Maria Lopez's latest comment, cue 'address'."""
    _, _, comments = _page(tmp_path, FACEBOOK)
    assert comments.loc[2, "reply_to"] == "c0"
    assert comments.loc[2, "reply_cue"] == "address" and comments.loc[2, "reply_evidence"] == "Maria Lopez"


# ---------------------------------------------------------------- 5. NYT-like name / place / date headers
NYT = [
    "Opinion | The Four-Day School Week Is Not a Bargain",
    "By Celeste Warren",
    "Rural districts are adopting shorter weeks to attract teachers. The children pay for it.",
    "More than 900 districts in 26 states now hold classes only four days a week, most of them in rural areas "
    "that struggle to hire.",
    "Supporters say the extra day off helps recruit staff without raising pay. But the research on learning is "
    "not encouraging, and families who cannot afford child care on Fridays are left to improvise.",
    "Comments 412", "All", "Readers Picks", "Newest", "Oldest",
    "",
    "Harold Penske", "Grand Junction, CO", "March 19",  # 11
    "Our district switched three years ago. The teachers are happier, but my neighbor's kids spend every Friday "
    "in front of a screen because both parents work.",
    "Recommend 312", "Share", "Flag", "View all 14 replies",
    "",
    "Lucinda Ortiz", "Tulsa, OK", "March 19",  # 20
    "I taught in a four-day district for six years and I would never go back to five. The Monday to Thursday "
    "days are long, yes, but attendance improved.",
    "Recommend 188", "Share", "Flag", "Show 1 more reply",
    "",
    "Benjamin Achterberg", "Duluth", "March 20",  # 29
    "Nobody asks what happens to the school lunch on the fifth day. For a lot of kids that is the only hot meal "
    "they get.",
    "Recommend 97", "Share", "Flag",
]
NYT_NAMES = ("Harold Penske", "Lucinda Ortiz", "Benjamin Achterberg")


def _nyt(blank_lines: bool) -> tuple[list[str], list[int]]:
    """The NYT-like page, with or without blank lines between the posts, and where its posts start."""
    lines = NYT if blank_lines else [line for line in NYT if line]
    return lines, [lines.index(name) for name in NYT_NAMES]


@pytest.mark.parametrize("blank_lines", [True, False])
def test_name_place_date_headers_name_the_commenter_not_the_place(blank_lines):
    """'Name' / 'City, ST' (or 'City') / 'March 19' heads a post by Name; the post ends above 'Recommend N'."""
    lines, first = _nyt(blank_lines)
    roles, comments, title = segment(lines)
    assert title == NYT[0]
    assert spans(comments) == [(i, i + 3) for i in first]
    assert comments["author"].tolist() == list(NYT_NAMES)
    assert comments["timestamp"].tolist() == ["March 19", "March 19", "March 20"]
    assert {roles[i + k] for i in first for k in range(4)} == {"comment"}  # name, place, date, text
    assert comments["text"].iloc[2].startswith("Nobody asks")


@pytest.mark.parametrize("blank_lines", [True, False])
def test_recommend_counts_reply_expanders_and_sort_tabs_are_boilerplate(blank_lines):
    """'Recommend 312', 'View all 14 replies', 'Show 1 more reply' and the 'Newest' / 'Oldest' tabs are
    furniture, also where no blank line parts the tabs from the first commenter's name."""
    lines, first = _nyt(blank_lines)
    roles, comments, _ = segment(lines)
    furniture = [i for i, line in enumerate(lines)
                 if line.startswith(("Recommend ", "View all", "Show 1")) or line in ("Newest", "Oldest")]
    assert len(furniture) == 7
    assert {roles[i] for i in furniture} == {"boilerplate"}
    assert starts(comments) == first
    assert "Recommend" not in " ".join(comments["text"])


# ---------------------------------------------------------------- 6. old Reddit
OLD_REDDIT = [
    "Anyone else's allotment flooded after the weekend? (self.UKGardening)",
    "submitted 5 hours ago by compost_carol",
    "Whole bottom half of my plot has been under water since Saturday night. Leeks look fine but the garlic is "
    "sitting in a pond. Is it worth digging a drainage trench now or should I wait for it to dry out?",
    "14 comments share save hide report",
    "all 14 comments",
    "sorted by: best",
    "[–] spadework_steve 41 points 4 hours ago",  # 6
    "Don't dig while it's waterlogged, you'll wreck the soil structure. Wait until it crumbles in your hand.",
    "permalink save report reply",
    "[–] compost_carol [S] 12 points 3 hours ago",  # 9
    "Thanks, that makes sense. The garlic will just have to cope then.",
    "permalink save parent report reply",
    "[–] [deleted] -6 points 3 hours ago",  # 12
    "Should have built raised beds like everyone with half a brain.",
    "permalink save parent report reply",
    "[–] rhubarb_rita 23 points 2 hours ago* (last edited 1 hour ago)",  # 15
    "On the east side of town the council site manager told me the culvert under the lane is blocked again.",
    "permalink save report reply",
    "[–] spadework_steve 8 points 1 hour ago",  # 18
    "That culvert was cleared last March and it lasted six weeks.",
    "permalink save parent report reply",
    "Want to join? Log in or sign up in seconds.",
    "Use of this site constitutes acceptance of our User Agreement and Privacy Policy. © 2021 reddit inc. All "
    "rights reserved.",
]


def test_old_reddit_headers_submitter_and_deleted_author(tmp_path):
    """'submitted 5 hours ago by x' heads the post; '[–] x 41 points 4 hours ago' (with '[S]', '-6 points' or
    '* (last edited ...)') heads each comment; '[deleted]' is an author."""
    _, roles, comments = _page(tmp_path, OLD_REDDIT)
    assert starts(comments) == [1, 6, 9, 12, 15, 18]
    assert comments["author"].tolist() == ["compost_carol", "spadework_steve", "compost_carol", "[deleted]",
                                           "rhubarb_rita", "spadework_steve"]
    assert comments["end_line"].tolist()[1:] == [7, 10, 13, 16, 19]
    assert comments["timestamp"].iloc[0] == "5 hours ago"
    assert comments["timestamp"].iloc[4].startswith("23 points 2 hours ago")
    assert {roles[i] for i in (8, 11, 14, 17, 20)} == {"boilerplate"}


def test_old_reddit_footer_with_parent_makes_a_reply_and_without_it_does_not(tmp_path):
    """'permalink save parent report reply' under a post: a reply (cue 'parent'); 'permalink save report reply':
    no stated parent."""
    _, _, comments = _page(tmp_path, OLD_REDDIT)
    cues = comments["reply_cue"].tolist()
    assert cues[2] == cues[3] == cues[5] == "parent"
    assert _parents(comments)[2] == 1 and _parents(comments)[5] == 4
    assert comments["reply_evidence"].iloc[2] == "parent"
    assert cues[1] != "parent" and cues[4] != "parent"


def test_old_reddit_negative_points_keep_their_sign(tmp_path):
    _, _, comments = _page(tmp_path, OLD_REDDIT)
    assert comments["timestamp"].iloc[3] == "-6 points 3 hours ago"


# ---------------------------------------------------------------- 7. legal and cookie footers
def test_legal_cookie_and_disclaimer_footers_of_any_length_are_boilerplate():
    """Long footers ('The views expressed ... our users', '... uses cookies to ...', 'Use of this site
    constitutes acceptance ...', '© 2024 ...') under line comments are no further comments."""
    roles, comments, _ = segment([
        "Bakery chain to close its last three Brenton shops",
        "Crumb & Co said on Thursday it would close its remaining shops in Brenton at the end of the month, blaming "
        "rising rents and energy bills.",
        "About 40 staff will be offered jobs at the company's branches in neighbouring towns, the firm said.",
        "Comments (3)",
        "Shame, their cheese scones were the only reason I went into town on a Saturday.",
        "The rent on that high street has doubled in five years, nobody can make it work.",
        "They said the same about the butcher and the shoe shop. Soon there will only be phone shops left.",
        "The views expressed in the comments above are those of our users and do not necessarily reflect the views "
        "of the Brenton Gazette or its publishers.",
        "The Brenton Gazette uses cookies to give you the best experience on our website, to show you relevant "
        "advertising and to understand how our readers use the site. By continuing to browse you agree to our use "
        "of cookies.",
        "Use of this site constitutes acceptance of our Terms and Conditions and Privacy Notice. Registered in "
        "England and Wales No. 04125577. Registered office: 12 Mill Lane, Brenton.",
        "© 2024 Brenton Gazette Media Ltd.",
    ])
    assert spans(comments) == [(4, 4), (5, 5), (6, 6)]
    assert _roles_in(roles, 7, 10) == {"boilerplate"}


def test_reddit_join_prompt_and_user_agreement_footer_are_boilerplate():
    roles, comments, _ = segment(OLD_REDDIT)
    assert roles[21] == roles[22] == "boilerplate"
    assert comments["end_line"].iloc[-1] == 19


# ---------------------------------------------------------------- 8. press-conference transcript
PRESS_CONFERENCE = [
    "Minister briefs reporters on the coastal flood defence plan",
    "Date: 4 March 2025",
    "Location: Ministry of Environment, Harbour Street press room",
    "Speakers: Minister Aino Tamm; moderator Raul Saar",
    "MODERATOR: Good morning. The minister will make a short statement and then take your questions.",
    "MINISTER TAMM: Thank you. Today we are publishing the ten-year plan for the coast. It commits 240 million to "
    "raising sea walls in six towns, starting with Saarde and Pärnaranna next spring.",
    "Q (Liis Mets, Saarde Herald): Minister, residents in Saarde were promised a new wall in 2021. Why should they "
    "believe this timetable?",
    "MINISTER TAMM: Because this time the money is in the budget law, not in a strategy paper. The tender opens in "
    "May.",
    "Q (Martin Lepp, Baltic Wire news agency, Tallinn bureau): How many homes will still be outside the protected "
    "zone when the work is done?",
    "MINISTER TAMM: About 300, mostly holiday houses on the spit. We will offer those owners help to move or to "
    "raise their buildings.",
    "Q (Kadri Oja, Coastal Radio, Morning Report programme): Will the owners who move be compensated at market "
    "value?",
    "MINISTER TAMM: Yes, at the value before the flood maps were published, so nobody loses out because of the "
    "maps.",
]


def test_press_conference_turns_with_affiliations_are_article_and_headers_meta():
    """'MINISTER TAMM:' answering 'Q (Name, Outlet): ...' turns (the label's colon up to 72 characters in) make a
    transcript, no comments; 'Date:', 'Location:' and 'Speakers:' lines are meta."""
    roles, comments, title = segment(PRESS_CONFERENCE)
    assert comments.empty
    assert title == PRESS_CONFERENCE[0]
    assert {roles[i] for i in (1, 2, 3)} == {"meta"}
    assert _roles_in(roles, 4, 11) == {"body"}


def test_press_conference_under_a_transcript_title_has_no_comments():
    lines = ["Transcript: " + PRESS_CONFERENCE[0]] + PRESS_CONFERENCE[1:]
    roles, comments, _ = segment(lines)
    assert comments.empty
    assert _roles_in(roles, 4, 11) == {"body"}


# ---------------------------------------------------------------- 9. tabloid 'Name, City, Country, 2 hours ago'
def test_tabloid_headers_with_places_and_rate_lines():
    """'Name, City, Country, 2 hours ago' heads a post by Name; 'Click to rate  412  9' lines, 'Share what you
    think', 'View all' and the sort tabs are boilerplate."""
    roles, comments, _ = segment([
        "Pub landlord banned from serving after 'lock-in' party broke licence rules",
        "A pub landlord has been banned from selling alcohol for three months after police found 40 people drinking "
        "in his bar at 3am.",
        "Officers were called to the Anchor Inn in Saltby by neighbours who complained about music and shouting in "
        "the street.",
        "The licensing committee heard that the landlord had been warned twice before.",
        "Share what you think",  # 4
        "The comments below have not been moderated.",
        "View all", "Newest", "Oldest", "Best rated", "Worst rated",  # 6-10
        "",
        "BarrelBoy77, Hull, United Kingdom, 2 hours ago",  # 12
        "Three months is harsh. Half the town has been to one of his lock-ins and nobody ever got hurt.",
        "Click to rate  412  9",
        "",
        "QuietLifePlease, Saltby, United Kingdom, 2 hours ago",  # 16
        "Try living next door to it. I haven't had a full night's sleep on a Saturday since 2019.",
        "Click to rate  388  27",
        "",
        "Margo_T, Alicante, Spain, 1 hour ago",  # 20
        "Every village pub I knew growing up did this. Different times.",
        "Click to rate  56  3",
    ])
    assert spans(comments) == [(12, 13), (16, 17), (20, 21)]
    assert comments["author"].tolist() == ["BarrelBoy77", "QuietLifePlease", "Margo_T"]
    assert comments["timestamp"].tolist() == ["2 hours ago", "2 hours ago", "1 hour ago"]
    assert {roles[i] for i in (14, 18, 22)} == {"boilerplate"}
    assert roles[4] == roles[6] == roles[7] == roles[8] == "boilerplate"


def test_share_what_you_think_and_view_all_under_the_count_are_no_comments():
    """Above flat comments, 'Share what you think' and 'View all' under 'Comments (3)' are furniture, so the
    first comment is the first reader's line."""
    roles, comments, _ = segment([
        "Pub landlord banned from serving after 'lock-in' party broke licence rules",
        "A pub landlord has been banned from selling alcohol for three months after police found 40 people drinking "
        "in his bar at 3am.",
        "The licensing committee heard that the landlord had been warned twice before.",
        "Comments (3)",
        "Share what you think",
        "View all",
        "Three months is harsh. Half the town has been to one of his lock-ins and nobody ever got hurt.",
        "Try living next door to it. I haven't had a full night's sleep on a Saturday since 2019.",
        "Every village pub I knew growing up did this. Different times.",
    ])
    assert _roles_in(roles, 3, 5) == {"boilerplate"}
    assert spans(comments) == [(6, 6), (7, 7), (8, 8)]


# ---------------------------------------------------------------- 10. 'Name on <date> said:' blog comments
def test_name_on_date_said_headers_open_blog_comments():
    roles, comments, title = segment([
        "Growing sweet potatoes in a cold greenhouse: year two",
        "Posted on March 14, 2021 by Fern Hollow Gardener",
        "Last year I got four sad little tubers from six slips. This year I tried black plastic mulch, a bigger pot "
        "and a heat mat for the first month, and the difference was remarkable.",
        "The heaviest plant gave me just over two kilos. I'll write up the varieties in another post.",
        "3 thoughts on “Growing sweet potatoes in a cold greenhouse: year two”",
        "Gwen Talbot on March 21, 2021 at 3:15 pm said:",
        "Which heat mat did you use? Mine cooked the roots the one time I tried it.",
        "Reply",
        "Pete Ormsby on March 22, 2021 at 9:02 am said:",
        "I had the same problem with slips rotting. Starting them in water on the windowsill worked much better "
        "for me.",
        "Reply",
        "Gwen Talbot on March 22, 2021 at 6:48 pm said:",
        "Thanks Pete, I will try the windowsill this spring.",
        "Reply",
        "Leave a Reply",
    ])
    assert title.startswith("Growing sweet potatoes")
    assert roles[2] == roles[3] == "body"
    assert spans(comments) == [(5, 6), (8, 9), (11, 12)]
    assert comments["author"].tolist() == ["Gwen Talbot", "Pete Ormsby", "Gwen Talbot"]
    assert comments["timestamp"].tolist() == ["March 21, 2021 at 3:15 pm", "March 22, 2021 at 9:02 am",
                                              "March 22, 2021 at 6:48 pm"]
    assert comments["text"].iloc[2] == "Thanks Pete, I will try the windowsill this spring."


# ---------------------------------------------------------------- 11. Disqus
DISQUS = [
    "Bypass opening delayed again as contractor blames wet winter",
    "The Hatherley bypass will not open until next autumn, a year later than planned, after the contractor said "
    "flooding had halted earthworks for eleven weeks.",
    "The county council said the extra cost would be met by the contractor under the terms of its fixed-price "
    "deal.",
    "Comments",
    "Brenton Gazette Comment Policy",
    "Be respectful. Comments that break our rules will be removed.",
    "Sort by Best",
    "",
    "harlan_w",  # 8
    "harlan_w • 3 years ago",
    "It was supposed to be finished in 2019. Every winter is apparently a surprise to these people.",
    "14 △ ▽ • Reply • Share ›",
    "",
    "marguerite.b",  # 13
    "marguerite.b → harlan_w • 3 years ago",
    "2019 was only ever the date for the first phase. The second phase was always going to take longer.",
    "6 △ ▽ • Reply • Share ›",
    "",
    "oskar_lind",  # 18
    "oskar_lind • 3 years ago",
    "Reply to marguerite.b",
    "The council's own website said 2019 for the whole road until they quietly changed it.",
    "3 △ ▽ • Reply • Share ›",
    "",
    "pennyfarthing_pam",  # 24
    "pennyfarthing_pam → harlan_w • 3 years ago",
    "At least the contractor is paying for it this time and not us.",
    "2 △ ▽ • Reply • Share ›",
]


def test_disqus_avatar_name_and_arrow_header_open_one_post(tmp_path):
    """The avatar's name over 'name → other • 3 years ago' (or 'name • 3 years ago'): both head the post, which
    starts at the avatar line; '14 △ ▽ • Reply • Share ›' is boilerplate."""
    _, roles, comments = _page(tmp_path, DISQUS)
    assert spans(comments) == [(8, 10), (13, 15), (18, 21), (24, 26)]
    assert comments["author"].tolist() == ["harlan_w", "marguerite.b", "oskar_lind", "pennyfarthing_pam"]
    assert comments["timestamp"].tolist() == ["3 years ago"] * 4
    assert comments["text"].iloc[1].startswith("2019 was only ever")
    assert {roles[i] for i in (11, 16, 22, 27)} == {"boilerplate"}


def test_disqus_arrow_answers_the_named_post_and_reply_to_line_mentions(tmp_path):
    """'x → harlan_w' answers harlan_w's latest post (cue 'parent'); 'Reply to marguerite.b' in a post answers
    marguerite.b (cue 'mention')."""
    _, _, comments = _page(tmp_path, DISQUS)
    assert _parents(comments) == [None, 0, 1, 0]
    assert comments["reply_cue"].tolist() == ["", "parent", "mention", "parent"]
    assert comments["reply_evidence"].iloc[2] == "Reply to marguerite.b"


# ---------------------------------------------------------------- 12. 'Reader comments (21)'
def test_reader_comments_count_marks_the_start_of_flat_comments():
    """Under 'Reader comments (21)', a flat line in a reader's voice is a comment, not more article."""
    roles, comments, _ = segment([
        "Lifeguards return to Penmarrow beach after two-year gap",
        "Volunteer lifeguards will patrol Penmarrow beach every weekend from May, the parish council said, after a "
        "local fundraising appeal raised £38,000.",
        "The beach has had no lifeguard cover since the county council withdrew funding in 2023.",
        "Reader comments (21)",
        "Brilliant news. The rip off the north rocks has caught out visitors every summer.",
        "Well done to everyone who organised the appeal, it shows what a village can do.",
        "Why should villagers pay for something the county is supposed to provide?",
    ])
    assert roles[2] == "body" and roles[3] == "boilerplate"
    assert spans(comments) == [(4, 4), (5, 5), (6, 6)]


# ---------------------------------------------------------------- 13. 'Source: <url>'
def test_source_url_line_continues_the_comment_above():
    roles, comments, _ = segment([
        "Water company fined over sewage spills into the River Lenn",
        "Aldwater Water has been fined £1.2m after admitting it let untreated sewage into the River Lenn on 63 days "
        "last year.",
        "The company said it was investing £90m in storm tanks along the river over the next five years.",
        "Comments (4)",
        "£1.2m is less than a week's profit for them. It changes nothing.",
        "They paid out £48m in dividends the same year they were dumping sewage.",
        "Source: https://www.aldwater-annual-report.example/2024/dividends",
        "Anyone know if it's safe to swim at Lenn Bridge this summer?",
        "The council tests it weekly from May, results go on the noticeboard by the car park.",
    ])
    assert spans(comments) == [(4, 4), (5, 6), (7, 7), (8, 8)]
    assert roles[6] == "comment"
    assert comments["text"].iloc[1].endswith("\nSource: https://www.aldwater-annual-report.example/2024/dividends")


# ---------------------------------------------------------------- 14. an empty comment section, embedded posts
LIVE_BLOG = [
    "Dunmore Herald",
    "News  Sport  Business  Opinion",
    "LIVE",
    "Dunmore ferry strike live: talks resume as crossings stay cancelled",
    "By Orla Kenny, Transport Correspondent",
    "",
    "14:20 GMT",
    "The union's regional secretary says talks will continue into the evening and that no deal is close.",
    "",
    "13:55 GMT",
    "The ferry operator's account has just posted an update:",
    "@DunmoreFerries: All sailings cancelled until 18:00. We're sorry for the disruption and thank you for your "
    "patience.",
    "View on X",
    "",
    "13:10 GMT",
    "Good afternoon and welcome to our live coverage. I'm at the harbour, where you can see dozens of stranded "
    "lorries.",
    "",
    "Comments",
    "Be the first to comment",
    "Leave a comment",
    "Post comment",
    "© 2025 Dunmore Herald. All rights reserved.",
]


def test_be_the_first_to_comment_keeps_reader_like_live_updates_in_the_article():
    roles, comments, _ = segment(LIVE_BLOG)
    assert comments.empty
    assert roles[11] == "body" and roles[15] == "body"  # the embedded post and the reporter's own voice
    assert roles[12] == "boilerplate"  # "View on X"


# ---------------------------------------------------------------- 15. XenForo posts: numbered dates, "X said:" quotes
XENFORO = [
    "Quayside Anglers Forum",
    "Sea fishing  >  Shore marks",
    "Mackerel already at the north pier?",
    "",
    "Bream_Bob",
    "Senior Member",
    "Joined: May 2014  Messages: 2,310",
    "Jun 2, 2024 at 7:41 AM  #1",
    "Anyone been down the north pier this week? Heard mackerel are in early but I'll believe it when I see it.",
    "Reactions: tidal_tess and 3 others",
    "Reply",
    "",
    "tidal_tess",
    "Member",
    "Joined: Jul 2020  Messages: 418",
    "Jun 2, 2024 at 8:15 AM  #2",
    "Bream_Bob said:",
    "Heard mackerel are in early but I'll believe it when I see it.",
    "Click to expand...",
    "They are. Had six on feathers last night off the end, all small though.",
    "Reply",
    "",
    "Bream_Bob",
    "Senior Member",
    "Joined: May 2014  Messages: 2,310",
    "Jun 2, 2024 at 9:02 AM  #3",
    "Cheers, I'll get down there after work then.",
    "Reply",
]


def test_xenforo_numbered_post_dates_keep_quote_attributions_inside_the_reply(tmp_path):
    _, roles, comments = _page(tmp_path, XENFORO)
    assert comments["author"].tolist() == ["Bream_Bob", "tidal_tess", "Bream_Bob"]
    assert comments["timestamp"].tolist()[1] == "Jun 2, 2024 at 8:15 AM  #2"
    assert "Bream_Bob said:" in comments["text"].iloc[1]  # a quote in the reply, not a post of its own
    assert _parents(comments)[1] == 0
    assert roles[9] == "boilerplate"  # "Reactions: ..."
