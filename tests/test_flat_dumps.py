"""Flat dumps of forum threads: quote sources, the post decoder, the opening post as the article, threads pasted
without author lines, and the reply cues of threads (quotes, a writer's turns, the thread starter)."""
from __future__ import annotations

import numpy as np

from discourse.segment import decode as D
from discourse.segment import segment_file
from discourse.segment.flat import thread_dump
from discourse.segment.lines import read_lines
from discourse.segment.quotes import QuoteSources, multi_paragraph_evidence, quote_units
from discourse.segment.weights import load_weights

OPENING = [
    "Should the city ban cars from the old town?",
    "The council will vote next month on closing the old town to cars, and I think it is long overdue for everyone.",
    "Shops say they would lose customers, but every city that tried it saw more people walking in the centre.",
]
A = [  # answers the opening post point by point
    f"> {OPENING[1]}",
    "About time. The buses already run every five minutes from the station to the market square.",
    f"> {OPENING[2]}",
    "Which cities exactly? Name one that is the size of ours and kept its shops open afterwards.",
]
B = [  # answers A point by point
    f"> {A[1]}",
    "Not on Sundays they don't, and the last bus leaves before the restaurants close at night.",
    f"> {A[3]}",
    "Ghent closed its centre to through traffic in 2017 and trade in the centre went up the year after.",
]
C = [  # quotes B
    f"> {B[3]}",
    "Ghent has trams everywhere, we have two bus lines and a car park that is always full.",
]
DUMP = OPENING + A + B + C


def _segment(tmp_path, lines: list[str]):
    page = tmp_path / "page.txt"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return segment_file(page)


def test_a_quote_line_finds_the_line_it_quotes_in_the_writers_own_words():
    lines = read_lines(DUMP)
    sources = QuoteSources.of(lines)
    assert sources.source[3] == 1 and sources.source[5] == 2  # A quotes the opening post
    assert sources.source[7] == 4 and sources.source[9] == 6  # B quotes A's answers, not the quotes in A
    assert sources.source[11] == 10
    assert (sources.source[~sources.quote] == -1).all()
    assert sources.first_word[3] == 0 and sources.last_word[3] > 10  # the whole line is quoted


def test_a_re_line_quotes_what_follows_re():
    lines = read_lines(["Title of the thread here", "I think the budget should go to the schools this year.",
                        "Re: I think the budget should go to the schools this year.", "Agreed, and the libraries."])
    assert QuoteSources.of(lines).source[2] == 1


def test_point_by_point_quotes_show_posts_of_several_paragraphs():
    lines = read_lines(DUMP)
    sources = QuoteSources.of(lines)
    assert [unit[0] for unit in quote_units(lines)] == [3, 5, 7, 9, 11]
    assert multi_paragraph_evidence(lines, sources) == 3  # (3, 5), (7, 9), and (5, 7): 4 lies between 2 and 5
    assert thread_dump(lines, sources) is not None
    one_line_quotes = read_lines(OPENING + [f"> {OPENING[1]}", "No.", f"> {OPENING[2]}"])
    assert thread_dump(one_line_quotes, QuoteSources.of(one_line_quotes)) is None


def test_a_thread_dump_is_cut_into_its_posts_and_its_opening_post_is_the_article(tmp_path):
    out = _segment(tmp_path, DUMP)
    roles = dict(zip(out.lines["line"], out.lines["role"]))
    assert roles[0] == "title" and roles[1] == roles[2] == "body"
    spans = list(zip(out.comments["start_line"], out.comments["end_line"]))
    assert spans == [(3, 6), (7, 10), (11, 12)]
    # a quote of an earlier post answers it; a quote of the opening post answers none
    assert out.comments["reply_to"].tolist() == ["", "c0", "c1"]
    assert out.comments["reply_cue"].tolist()[1:] == ["quote", "quote"]


def test_the_decoder_opens_a_post_where_a_quote_quotes_the_current_post():
    lines = read_lines(DUMP)
    sources = QuoteSources.of(lines)
    history = D.history_features(lines, 7, sources, D.Starts.of([1, 3]), (5, 2, 18))
    assert history["quotes_current_post"] == 1.0
    goes_on = D.history_features(lines, 5, sources, D.Starts.of([1, 3]), (3, 1, 20))
    assert goes_on["goes_on"] == 1.0
    decoder = D.PostDecoder()
    assert decoder.decode(lines, 1, sources) == [1, 3, 7, 11]
    # without the quote graph the same lines read as one post per quote
    weights = load_weights()["post_decoder"]
    blind = {"intercept": weights["intercept"], "coef": {name: w for name, w in weights["coef"].items()
                                                         if name not in D.QUOTE_RELATIONS}}
    assert D.PostDecoder(weights=blind).decode(lines, 1, sources) != [1, 3, 7, 11]


def test_a_quote_that_goes_on_through_the_same_line_continues_the_post():
    """The matched words of a quote's source are read only where a later quote of the post quotes the same line
    (QuoteUnits); there they tell a post quoting one paragraph piece by piece from a new post quoting it again."""
    long = ("The council will vote next month on closing the old town to cars and buses, and on moving the "
            "weekly market to the station square where there is room for twice as many stalls as now.")
    words = long.split()
    lines = read_lines([OPENING[0], long, f"> {' '.join(words[:12])}", "No, the vote was moved to next year.",
                        f"> {' '.join(words[12:])}", "The station square floods every spring."])
    sources = QuoteSources.of(lines)
    quoted = D.QuoteUnits.of(lines, D.unit_starts(lines, 1), sources)
    assert quoted.latest[2] == (2, 1, int(sources.last_word[2])) and quoted.first_offset[4] == sources.first_word[4]
    history = D.history_features(lines, 4, sources, D.Starts.of([1, 2]), quoted.latest[2], quoted)
    assert history["same_line_goes_on"] == 1.0
    again = D.history_features(lines, 2, sources, D.Starts.of([1, 2]), (4, 1, int(sources.last_word[4])), quoted)
    assert again.get("same_line_goes_on", 0.0) == 0.0


def test_the_fitted_weights_cover_the_decoders_features():
    table = load_weights()["post_decoder"]
    assert set(table["coef"]) == set(D.FEATURES)
    assert all(np.isfinite(list(table["coef"].values())))
    assert table["fitted_by"] == "tools/fit_segment_weights.py"


def test_training_rows_follow_the_gold_history():
    lines = read_lines(DUMP)
    sources = QuoteSources.of(lines)
    rows, opens = D.teacher_forced_rows(lines, 1, sources, {1, 3, 7, 11})
    assert rows.shape == (len(D.unit_starts(lines, 1)) - 1, len(D.FEATURES))
    assert opens.tolist() == [False, True, False, False, False, True, False, False, False, True, False]


def test_a_thread_pasted_without_author_lines_opens_with_its_title_and_opening_post(tmp_path):
    out = _segment(tmp_path, [
        "Is it true that the moon landing was faked?",
        "My uncle keeps saying the shadows in the photos prove it, and I never know what to answer him.",
        "No. The shadows point different ways because the ground on the moon is uneven and full of craters.",
        "The landing sites were photographed again by an orbiter in 2009, you can see the tracks of the astronauts.",
        "That makes sense, I will show him the orbiter photos at dinner on Sunday.",
    ])
    roles = dict(zip(out.lines["line"], out.lines["role"]))
    assert out.title == "Is it true that the moon landing was faked?"
    assert roles[0] == "title" and roles[1] == "body"
    assert out.comments["start_line"].tolist() == [2, 3, 4]
    assert out.comments["reply_to"].tolist()[2] == "c1"  # a thread's post with no cue answers the one above
    assert out.comments["reply_cue"].tolist()[2] == "previous"


def test_a_writers_turn_and_the_thread_starter_answer_the_comment_above(tmp_path):
    out = _segment(tmp_path, [
        "Is the harbour bridge closing for repairs in May?",
        "submitted 3 days ago by dock_rat to r/harbourtown",
        "",
        "[–]gull_watcher 4 points 3 days ago",
        "The notice on the bridge says the works start on the twelfth.",
        "[–]dock_rat 2 points 3 days ago",
        "The twelfth of May?",
        "[–]gull_watcher 2 points 2 days ago",
        "Yes, for six weeks.",
        "[–]ferry_pat 1 point 2 days ago",
        "The ferry will run a double timetable then.",
        "[–]dock_rat 1 point 1 day ago",
        "Good to know.",
    ])
    cues = out.comments["reply_cue"].tolist()
    parents = out.comments["reply_to"].tolist()
    assert parents[2] == "c1" and cues[2] == "turn"  # gull_watcher, dock_rat, gull_watcher
    assert parents[4] == "c3" and cues[4] == "turn"  # the thread starter (submitted ... by dock_rat) answers
