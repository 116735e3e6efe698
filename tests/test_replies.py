"""Reply, quote and article-quote links between comments."""
from __future__ import annotations

import pandas as pd

from discourse.segment.replies import link_replies, quoted_spans

ARTICLE = ("Blinken opened the talks by accusing China of threatening the rules-based order. "
           "Yang responded sharply and criticized Washington for its foreign policy.")


def frame(texts: list[str], authors: list[str] | None = None, parents: list[str] | None = None) -> pd.DataFrame:
    n = len(texts)
    data = {"id": [f"c{i}" for i in range(n)], "position": range(n), "text": texts,
            "author": authors or [""] * n}
    if parents is not None:
        data["reply_to"] = parents
        data["reply_cue"] = ["parent" if p else "" for p in parents]
    return pd.DataFrame(data)


def links(out: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(out["reply_to"], out["reply_cue"]))


def test_mention_resolves_to_the_latest_comment_by_that_author():
    out = link_replies(frame(
        ["Sanctions never work on big economies.", "The tariffs hurt farmers the most.",
         "Sanctions worked on Iran for a while.", "@jsmith Iran is not China though."],
        authors=["jsmith", "kwong", "jsmith", "mary"]))
    assert links(out)[3] == ("c2", "mention")
    assert out["reply_evidence"].iloc[3] == "@jsmith"


def test_marked_quote_of_an_earlier_comment():
    out = link_replies(frame(
        ["The opening remarks were theatre for the home crowd, nothing more.",
         "Trade will suffer whatever they say in public.",
         "Taiwan was the real subject all along.",
         "> theatre for the home crowd\nTheatre with real consequences for trade."]))
    assert links(out)[3] == ("c0", "quote")
    assert "theatre for the home crowd" in out["reply_evidence"].iloc[3]


def test_unmarked_echo_of_a_rare_phrase():
    out = link_replies(frame(
        ["The envoys were narrow-minded operatives of a failing empire.",
         "The Quad summit mattered more than this meeting.",
         "Narrow minded operatives maybe, but competent ones."]))
    assert links(out)[2] == ("c0", "quote")
    assert out["reply_evidence"].iloc[2] == "narrow minded operatives"


def test_name_addressed_at_the_start():
    out = link_replies(frame(
        ["The UN is the only arbiter we have.", "Blackmail is the policy.", "Don, who is in your picture?"],
        authors=["Don", "Eve", "Kim"]))
    assert links(out)[2] == ("c0", "address")


def test_agreement_opener_skips_a_contentless_reaction():
    out = link_replies(frame(
        ["The greatest war criminal nation lectures others about order?", "ROFLMAO.",
         "Yes, how they brazen it out beggars belief."]))
    assert links(out)[1] == ("c0", "opener")
    assert links(out)[2] == ("c0", "opener")
    assert out["reply_evidence"].iloc[2] == "Yes"


def test_second_person_reply_picks_the_most_similar_recent_comment():
    out = link_replies(frame(
        ["The diplomats from Iran and Russia always seem like the adults in the room.",
         "Elections have consequences.",
         "Biden talks tough on trade.",
         "If you imply we had good diplomats before, I disagree."]))
    assert links(out)[3] == ("c0", "address")


def test_answer_to_a_question():
    out = link_replies(frame(["Nobody will blink first.", "Why would China mention Taiwan in a press release?",
                              "Because it was the first thing Yang brought up."]))
    assert links(out)[2] == ("c1", "answer")
    assert out["reply_evidence"].iloc[2] == "Why would China mention Taiwan in a press release?"


def test_article_quote_is_marked_and_not_a_reply():
    out = link_replies(frame(
        ["Both sides played to the cameras.",
         "re: Blinken opened the talks by accusing China of threatening the rules-based order\n"
         "What they mean by that is rules written in Washington."]), article_text=ARTICLE)
    assert out["quotes_article"].tolist() == [False, True]
    assert out["article_quote"].iloc[1].startswith("Blinken opened the talks")
    assert out["reply_to"].iloc[1] == ""


def test_known_parents_are_kept_and_only_missing_ones_inferred():
    out = link_replies(frame(["First post about the talks.", "Agreed, the tone was the story.", "Exactly, well put."],
                             parents=["", "c0", ""]))
    assert links(out) == [("", ""), ("c0", "parent"), ("c1", "opener")]


def test_window_bounds_how_far_back_a_reply_looks():
    texts = ["Xinjiang sanctions were announced this week."] + [f"Point number {i} about tariffs." for i in range(10)]
    texts.append("You mean the Xinjiang sanctions?")
    out = link_replies(frame(texts), window=3)
    assert out["reply_to"].iloc[-1] in {"c8", "c9", "c10"}


def test_reposts_get_no_reply_link():
    comments = frame(["How about the full transcript? Here it is: http://x.org",
                      "How about the full transcript? Here it is: http://x.org"]).assign(duplicate_of=["", "c0"])
    assert link_replies(comments)["reply_to"].tolist() == ["", ""]


def test_quoted_spans():
    spans = quoted_spans('Re: the talks in Anchorage\n> first quoted line\nThey called it “microphone diplomacy” again.')
    assert spans == ["first quoted line", "microphone diplomacy", "the talks in Anchorage"]  # a subject comes last


def test_empty_frame():
    out = link_replies(frame([]))
    assert out.empty and "reply_to" in out.columns
