"""The text core: one token definition, its fast layers, and a comment's own words."""
from __future__ import annotations

import re

import pytest

from discourse.text import (Analyzer, fast_tokenize, own_words, split_own_words, token_spans, tokenize,
                            without_quotations, word_regex)

SAMPLES = ["Don't say U.S.-led talks... (rules-based) www.x.org/a?b http://t.co/x __a_ 'hi'",
           "“Quoted” — naïve İstanbul ’tis ﬁne ½", "9.5% of $3,000 -- a--b x-'y", "user_12 wrote: @kate_b ok",
           "It was a good debate....not a hard concept :) (!)"]


@pytest.mark.parametrize("text", SAMPLES)
def test_fast_layers_give_the_core_tokens(text):
    assert fast_tokenize(text) == tokenize(text)
    low = text.lower()
    if low.isascii() and "://" not in low and "www." not in low:
        data = (" " + low + " " * 9).encode("ascii")
        starts, ends = token_spans(data)
        assert [data[a:b].decode() for a, b in zip(starts, ends)] == tokenize(text)


def test_word_regex_adds_token_kinds_to_the_core_words():
    rx = word_regex(r":\)", r"\(!\)", "!")
    assert rx.findall("good...really :) great (!) wow!") == ["good...really", ":)", "great", "(!)", "wow", "!"]
    assert re.fullmatch(word_regex(), "rules-based")


def test_acronyms_are_a_layer_on_the_core():
    assert Analyzer()("The US told us that the U.S. would not leave.") == ["US", "told", "US", "not", "leave"]


def test_own_words_leave_out_quotes_headers_handles_and_markup():
    text = ("> Tariffs are good for workers.\nRe: the steel quotas\nkate wrote:\n[QUOTE=bob]coal forever[/QUOTE]\n"
            "Originally Posted by wayne230\n@kate_b <b>I</b> disagree &amp; **strongly** about [the rent](http://x.y).")
    own, quoted = split_own_words(text)
    for gone in ("Tariffs", "steel", "kate", "coal", "wayne230", "<b>", "&amp;", "**", "http"):
        assert gone not in own
    assert "disagree & strongly about the rent" in " ".join(own.split())
    assert "Tariffs are good for workers." in quoted and "coal forever" in quoted


def test_quote_found_by_the_segmenter_is_not_own_words():
    text = "You said the rollout was a failure of planning\nNo, the doses simply ran out."
    assert own_words(text, quoted="the rollout was a failure of planning").split() == \
        "You said No, the doses simply ran out.".split()
    assert "rollout" in own_words(text)  # without the segmenter's evidence the words stay


def test_a_short_echo_of_an_earlier_comment_stays_own_words():
    text = "They keep invoking a “Rules-Based International Order” while breaking it."
    assert "Rules-Based International Order" in own_words(text, quoted="Rules-Based International Order")


def test_quotations_are_someone_elses_voice():
    text = 'He said "we will never agree to that deal" and called it "fake news", «non».'
    assert without_quotations(text).split() == ["He", "said", "and", "called", "it", ",", "."]
    assert without_quotations(text, min_words=3).split() == ["He", "said", "and", "called", "it", '"fake', 'news",',
                                                              "«non»."]
