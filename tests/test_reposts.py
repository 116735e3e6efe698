"""Exact and near-duplicate reposts."""
from __future__ import annotations

import random

import pandas as pd

from discourse.segment.reposts import find_reposts

LONG = ("How about showing the Chinese remarks as well? Here is the full transcript of the opening session "
        "in Anchorage, with both delegations speaking at length about trade and Taiwan.")


def frame(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"c{i}" for i in range(len(texts))], "text": texts})


def test_exact_repost_points_to_the_earlier_comment():
    out = find_reposts(frame([LONG, "Completely different point about tariffs and soybeans.", LONG.upper()]))
    assert out["duplicate_of"].tolist() == ["", "", "c0"]
    assert out["duplicate_similarity"].tolist() == [0.0, 0.0, 1.0]


def test_near_duplicate_above_threshold():
    edited = LONG.replace("full transcript", "complete transcript")
    out = find_reposts(frame([LONG, edited]))
    assert out["duplicate_of"].iloc[1] == "c0"
    assert 0.8 <= out["duplicate_similarity"].iloc[1] < 1.0


def test_threshold_is_respected():
    edited = LONG.replace("full transcript", "complete transcript")
    assert find_reposts(frame([LONG, edited]), threshold=0.95)["duplicate_of"].iloc[1] == ""


def test_short_reactions_are_not_reposts():
    assert find_reposts(frame(["LOL.", "LOL.", "Agreed!", "Agreed!"]))["duplicate_of"].tolist() == [""] * 4


def test_unrelated_comments_share_words_but_are_not_reposts():
    out = find_reposts(frame(["The talks in Anchorage were a disaster for both sides.",
                              "The talks in Anchorage were a success for the allies, not for China."]))
    assert out["duplicate_of"].tolist() == ["", ""]


def test_finds_the_repost_in_a_large_thread():
    rng = random.Random(0)
    words = [f"w{i}" for i in range(3000)]
    texts = [" ".join(rng.choices(words, k=30)) for _ in range(3000)]
    texts.append(texts[1234].replace(texts[1234].split()[5], "changed", 1))
    out = find_reposts(frame(texts))
    assert out["duplicate_of"].iloc[-1] == "c1234"
    assert (out["duplicate_of"].iloc[:-1] == "").all()


def test_empty_frame():
    out = find_reposts(frame([]))
    assert out.empty and {"duplicate_of", "duplicate_similarity"} <= set(out.columns)


def test_fast_tokens_match_the_shared_tokenizer():
    from discourse.segment.tokens import fast_tokenize, split_words
    from discourse.text import tokenize
    samples = ["Don't say U.S.-led talks... (rules-based) www.x.org/a?b http://t.co/x __a_ 'hi'",
               "“Quoted” — naïve İstanbul ’tis ﬁne ½", "9.5% of $3,000 -- a--b x-'y"]
    assert [fast_tokenize(s) for s in samples] == [tokenize(s) for s in samples]
    assert split_words(samples[0]) == tokenize(samples[0].replace("-", " "))


def test_words_of_any_length_get_ids():
    """A token of thousands of characters (a pasted blob) is keyed in rounds, not by recursion (issue 17)."""
    from discourse.segment.tokens import CommentTokens
    blob = "a" * 9000
    tokens = CommentTokens([f"{blob} hello {blob}", f"{blob[:-1]} {'b' * 16} {'b' * 17} {'b' * 16}"])
    assert [[len(w) for w in words] for words in tokens.words] == [[9000, 5, 9000], [8999, 16, 17, 16]]
    ids = tokens.word_ids().values.tolist()
    assert ids[0] == ids[2] != ids[3] and ids[4] == ids[6] != ids[5]
    out = find_reposts(frame([f"{blob} one two three four", f"{blob} one two three four"]))
    assert out["duplicate_of"].tolist() == ["", "c0"]


def test_a_page_with_a_huge_token_segments(tmp_path):
    from discourse.segment import segment_file
    page = tmp_path / "blob.txt"
    page.write_text("Council votes on the budget\n\nThe council met on Monday and said the budget passes.\n\n"
                    f"3 Comments\n\nI think this is wrong, honestly. {'x' * 12000}\n\n"
                    "You are right, I agree it is wrong.\n\nLol what a joke, I am done with this council.\n",
                    encoding="utf-8")
    out = segment_file(page)
    assert out.comments["start_line"].tolist() == [6, 8, 10]
    assert out.comments["text"].str.len().tolist()[0] > 12000
