"""The fast paths of the plain-text segmenter behave like the plain rules they stand for.

Line features are computed for all lines at once, and regexes run only on candidate lines that
cheap tests pick; these tests pin down that nothing depends on which other lines share the page,
and that the cheap tests never leave out a line the regex would match.
"""
from __future__ import annotations

import dataclasses
import pathlib
import random
import re

import pytest

from discourse.segment import patterns as P
from discourse.segment.layouts import social
from discourse.segment.roles import read_lines

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "text"

# Lines with the shapes the candidate tests key on: quotes, odd white space, case tricks, furniture.
TRICKY = [
    "I said “no” and you said “yes”.", 'He wrote "we will" — us too?', "«Bonjour» my friend", "“Unclosed my words",
    "Tabs\tand\u00a0no-break\u2003spaces  and   runs", "\u212aINDA odd (Kelvin sign)", "ΣΟΦΟΣ said İt", "ſaid:",
    "Re: Blinken opened the talks", "re : subject", "> quoted line", "…and we learn the consequences",
    ".. continued", "- list item", "1. first", "a) option", "https://example.org/0", "(http://x.org)", "www.x.com",
    "Agreed.", "Spot on, again", "No country anticipated it", "Photo: Reuters", "Videos: (AP Photo)",
    "Like this story? Share it with a friend!", "WASHINGTON (Reuters) - Officials said on Monday",
    "ex-President Biden met Dr. Smith last week", "officials Wang and Sen. Lee", "onMonday", "on Monday’s talks",
    "Reply", "Report · Share", "23 Comments", "Leave a reply", "March 3, 2021 at 5:06 pm", "3 hours ago",
    "jsmith", "mike_r", "Jane Doe says:", "Posted by kate on March 3, 2021", "12 points", "Senior member",
    "Cheers,", "--", "▲ 12 ▼", "level 2", "Does anyone know why?", "@mike you are wrong!", "lol this article is crap",
    "Home News Sport Weather Business Culture Travel Future Worklife Reel Sounds Bitesize Music",
]


def _features(line) -> dict:
    skip = {"index", "gap", "author", "author_end", "timestamp", "header", "subject", "speaker_turn", "block",
            "role"}  # page-level
    return {f.name: getattr(line, f.name) for f in dataclasses.fields(line) if f.name not in skip}


def test_line_features_do_not_depend_on_the_other_lines():
    texts = TRICKY + [line for path in sorted(FIXTURES.glob("*.txt"))
                      for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    together = read_lines(texts)
    assert len(together) == len(texts)
    for text, line in zip(texts, together):
        assert _features(line) == _features(read_lines([text])[0]), text


def test_blank_pages_have_no_lines():
    assert read_lines([]) == []
    assert read_lines(["", "  ", "\t"]) == []


def _random_text(rng: random.Random, alphabet: str, size: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))


@pytest.mark.parametrize("words, after, flags", [
    (P.TITLES, r"\.? [A-Z][a-z]", 0),
    (P.NEWS_TIMES, r"\b", 0),
    (["us"], r"\b", 0),
    (["wrote", "writes", "said"], r"\s*:", re.IGNORECASE),
])
def test_at_word_start_matches_where_a_word_boundary_alternation_does(words, after, flags):
    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + ")" + after, flags)
    fast = re.compile(P.at_word_start(words) + after, flags)
    rng = random.Random(1)
    alphabet = "".join(sorted(set("".join(words)))) + " .-_’'1Xſ"
    samples = [_random_text(rng, alphabet, 30) for _ in range(3000)]
    samples += [f"{pre}{word}{post}" for word in words for pre in ("", " ", "x", "-", "_", "1", "é")
                for post in ("", " Biden", ". Lee", "s", "’s", ":", " :")]
    for text in samples:
        assert bool(plain.search(text)) == bool(fast.search(text)), text


def test_at_word_start_needs_words_that_start_with_a_letter():
    with pytest.raises(ValueError):
        P.at_word_start(["+1"])


@pytest.mark.parametrize("pattern, most_words", [
    (social.BARE_NAME, social.BARE_NAME_WORDS), (P.VOTE_LINE, P.VOTE_LINE_WORDS)])
def test_word_limits_bound_what_the_patterns_match(pattern, most_words):
    rng = random.Random(2)
    pieces = ["@bob", "mike_r", "Jane", "Doe", "x", "12", "▲", "▼", "+", "−", " ", "  ", "\t", "\u00a0"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))).strip()
        if text and pattern.match(text):
            assert len(text.split()) <= most_words, text


def test_valedictions_end_as_stated():
    rng = random.Random(3)
    pieces = ["Cheers", "best regards", "THANKS", ",", " ", "\t", "-", "—", ":", "x"]
    matched = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))).strip()
        if P.VALEDICTION.match(text):
            matched += 1
            assert text.endswith(P.VALEDICTION_ENDS), text
    assert matched
