"""Stance stage: each signal, reply propagation, camps without a target, the labels classifier."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.config import Config
from discourse.errors import ConfigError
from discourse.stages import Corpus
from discourse.stance import StanceDetector, reply_marker

TARGET = dict(target="the city council's housing plan", target_entities=["council", "Mayor Hill", "City Hall"],
              opponent_entities=["developers", "Landlord Association"],
              favor_cues=["affordable homes", "fair rent"], against_cues=["boondoggle", "land grab"])


def frame(texts, reply_to=None, doc="t.txt"):
    n = len(texts)
    return pd.DataFrame({"doc": [doc] * n, "id": [str(i) for i in range(n)], "position": range(n),
                         "text": texts, "reply_to": reply_to or [""] * n})


def detect(detector, comments):
    """The stance columns a detector gives a comment table."""
    return detector.fit_transform(Corpus(comments)).comments[list(detector.provides)]


def stance(texts, reply_to=None, **params):
    return detect(StanceDetector(**(TARGET | params)), frame(texts, reply_to))


def test_target_directed_sentiment():
    out = stance(["The council did a great job; its plan is wonderful.",
                  "The council is incompetent and its plan is terrible.",
                  "The developers are greedy and their lobbying is disgusting.",
                  "The meeting is on Tuesday at the library."])
    assert list(out["stance"]) == ["favor", "against", "favor", "none"]
    assert "criticises council (target side" in out["stance_evidence"][1]
    assert "criticises developers (opponent side" in out["stance_evidence"][2]


def test_acronym_entity_is_case_sensitive():
    detector = dict(target="x", target_entities=["US"], opponent_entities=[])
    out = stance(["Let us hope for a terrible storm.", "The US made a terrible mistake."], **detector)
    assert list(out["stance"]) == ["none", "against"]


def test_cue_lexicons():
    out = stance(["This plan is a boondoggle and a land grab.", "Finally some affordable homes and fair rent."])
    assert list(out["stance"]) == ["against", "favor"]
    assert "against cues: boondoggle" in out["stance_evidence"][0]


def test_quoted_lines_are_not_the_commenters_view():
    out = stance(["> The council is incompetent and its plan is terrible.\nSource: the evening paper."])
    assert out["stance"][0] == "none"


@pytest.mark.parametrize("text,sign", [("Agreed, and then some.", 1), ("Well said.", 1), ("Spot on!", 1),
                                       ("Exactly. That was my point.", 1), ("Yes, that is how it went.", 1),
                                       ("Wrong. It went the other way.", -1), ("Nonsense, read it again.", -1),
                                       ("That's not true at all.", -1), ("I disagree with the premise.", -1),
                                       ("No country would do that.", 0), ("This is the plan.", 0)])
def test_reply_markers(text, sign):
    assert reply_marker(text)[0] == sign


def test_agreement_carries_and_rebuttal_flips_the_parent_stance():
    texts = ["The council is incompetent and its plan is terrible.",
             "Exactly. Someone had to say it.", "Nonsense. Read the plan before you post.",
             "Someone had to say it, plainly."]
    out = stance(texts, ["", "0", "0", "0"])
    # a plain reply leans to disagreement (reply_prior), more weakly than a rebuttal cue
    assert list(out["stance"]) == ["against", "against", "favor", "favor"]
    assert "agrees with 0 (against; 'Exactly')" in out["stance_evidence"][1]
    assert "rebuts 0 (against; 'Nonsense')" in out["stance_evidence"][2]
    assert "replies to 0 (against)" in out["stance_evidence"][3]
    assert out["stance_confidence"][3] < out["stance_confidence"][2]
    assert stance(texts, ["", "0", "0", "0"], reply_prior=0.0)["stance"][3] == "none"


def test_chains_propagate_down():
    texts = ["The council did a great job; its plan is wonderful.", "Wrong.", "Agreed."]
    out = stance(texts, ["", "0", "1"])
    assert list(out["stance"]) == ["favor", "against", "against"]


def test_camps_without_target():
    texts = ["Electric cars are the future; batteries keep getting cheaper.",
             "Agreed, batteries and charging are getting better every year.",
             "Nonsense. Electric cars are a fad for rich people.",
             "Exactly, a fad. Petrol engines will be around for decades.",
             "Well said. Petrol is cheap and engines last."]
    out = detect(StanceDetector(), frame(texts, ["", "0", "0", "2", "3"]))
    camps = list(out["stance"])
    assert set(camps) <= {"camp_a", "camp_b", "none"}
    assert camps[0] == camps[1] != camps[2] == camps[3] == camps[4]
    assert camps[0] != "none" and camps[2] != "none"


def test_camps_are_per_thread():
    a = frame(["Cats are better pets.", "Wrong. Dogs are better pets."], ["", "0"], doc="a.txt")
    b = frame(["Tea is better.", "Agreed, tea is better."], ["", "0"], doc="b.txt")
    out = detect(StanceDetector(), pd.concat([a, b], ignore_index=True))
    assert out["stance"][0] != out["stance"][1] and out["stance"][2] == out["stance"][3]


def test_labels_classifier(tmp_path):
    favor = ["The council plan brings affordable homes to families.", "Great plan by the council, finally homes.",
             "Support the council: homes for nurses and teachers.", "The council housing plan is a good start."]
    against = ["The council plan is a giveaway that will raise our taxes.", "Taxes up again thanks to the council plan.",
               "Council plan means higher taxes and traffic.", "Scrap the council plan, our taxes cannot take it."]
    test = ["Higher taxes for this council plan? No thanks.", "Affordable homes for families, thank you council."]
    texts = favor + against + test
    path = tmp_path / "labels.csv"
    rows = [("t.txt", str(i), "favor") for i in range(4)] + [("t", str(i), "against") for i in range(4, 8)]
    pd.DataFrame(rows, columns=["doc", "id", "stance"]).to_csv(path, index=False)
    params = dict(target="the council plan", target_entities=["council"], opponent_entities=[], labels=str(path))
    out = detect(StanceDetector(**params), frame(texts))
    assert list(out["stance"][:8]) == ["favor"] * 4 + ["against"] * 4
    assert list(out["stance"][8:]) == ["against", "favor"]
    assert "classifier" in out["stance_evidence"][8] and "hand label" in out["stance_evidence"][0]


def test_labels_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("doc,id\nt.txt,0\n")
    with pytest.raises(ConfigError, match="missing column"):
        detect(StanceDetector(target="x", labels=str(bad)), frame(["a", "b"]))
    with pytest.raises(ConfigError, match="not found"):
        detect(StanceDetector(target="x", labels=str(tmp_path / "none.csv")), frame(["a", "b"]))


def test_determinism():
    texts = ["The council is incompetent.", "Exactly.", "Nonsense.", "Petrol is cheap.", "Batteries are cheap."]
    for params in (TARGET, {}):
        a = detect(StanceDetector(**params), frame(texts, ["", "0", "0", "", ""]))
        b = detect(StanceDetector(**params), frame(texts, ["", "0", "0", "", ""]))
        pd.testing.assert_frame_equal(a, b)


def test_config_fields_match_keywords():
    parts = {"attribution", "graph", "partition", "self_trainer", "classifier", "writers"}  # swappable parts, no config keys
    assert set(Config().section_params("stance")) == set(StanceDetector.__init__.__kwdefaults__) - parts


# ---- general evaluative signals (no debate vocabulary: the lexicons are general English) ---------
@pytest.mark.parametrize("text,expected", [
    ("Mayor Hill is a liar and a bully.", "against"),  # insult aimed at the target side
    ("Say what you like about the developers, they are sensible and competent people.", "against"),  # praise of the opponent
    ("The developers keep lying to tenants.", "favor"),  # wrongdoing verb, inflected
    ("The council is not competent, and never was.", "against"),  # negated praise
    ("The council's planners are clueless.", "against"),  # possessive
    ("The developers seem like grown-ups compared to the clowns we elected.", "against"),  # comparison, no entity in the complement
    ("The council is better than the developers.", "favor"),  # comparative frame
    ("The council's \"affordable\" plan.", "none"),  # scare-quoted praise does not count as praise
])
def test_entity_directed_evaluation(text, expected):
    cues = dict(favor_cues=[], against_cues=[])
    assert stance([text], **cues)["stance"][0] == expected


def test_contrast_weights_the_part_after_but():
    out = stance(["The council means well, but its planners are incompetent and arrogant."], favor_cues=[], against_cues=[])
    assert out["stance"][0] == "against"


def test_relative_clause_about_another_noun_is_not_the_entity():
    out = stance(["The council is not the landlord, who was cruel and greedy."], favor_cues=[], against_cues=[])
    assert out["stance"][0] == "none"


def test_long_quotations_are_someone_elses_voice():
    text = 'The paper wrote "the council is corrupt, incompetent and arrogant beyond belief" this morning.'
    assert stance([text], favor_cues=[], against_cues=[])["stance"][0] == "none"


def test_evaluation_before_the_side_is_named_counts_for_it():
    out = stance(["What a bunch of clowns. The council never learns."], favor_cues=[], against_cues=[])
    assert out["stance"][0] == "against"


def test_insulting_the_interlocutor_is_a_rebuttal():
    assert reply_marker("You are a shill and a troll, everyone can see it.")[0] == -1
    assert reply_marker("If your neighbour did that, would you mind?")[0] == 0
    assert reply_marker("If you mean the old plan, I'd have to disagree.")[0] == 0  # conditional, not a rebuttal
    out = stance(["The council is incompetent and its plan is terrible.", "You are a paid shill, nothing more."],
                 ["", "0"])
    assert list(out["stance"]) == ["against", "favor"]


def test_thread_prior_for_criticism_naming_no_side():
    texts = ["The council is incompetent.", "The council plan is a disgrace.", "Mayor Hill is a liar.",
             "What a shameful, corrupt mess.", "The meeting is at six."]
    out = stance(texts, favor_cues=[], against_cues=[])
    assert list(out["stance"]) == ["against"] * 4 + ["none"]
    assert "thread leans against" in out["stance_evidence"][3]


def test_unlinked_comments_join_the_camp_whose_words_they_share():
    texts = ["Electric cars are the future; batteries keep getting cheaper and charging is everywhere.",
             "Nonsense. Petrol engines are reliable and petrol is cheap.",
             "Wrong. Batteries and charging stations improve every year.",
             "No. Petrol engines last for decades.",
             "Cheap batteries and fast charging make electric cars the obvious choice.",
             "Petrol engines are proven, reliable and cheap to repair."]
    out = detect(StanceDetector(), frame(texts, ["", "0", "1", "2", "", ""]))
    camps = list(out["stance"])
    assert camps[0] == camps[2] == camps[4] != camps[1] == camps[3] == camps[5]
    assert "no links: words closer to this camp" in out["stance_evidence"][4]
    assert out["stance_confidence"][4] <= 0.25 < out["stance_confidence"][2]
    by_size = detect(StanceDetector(text_weight=0.0), frame(texts, ["", "0", "1", "2", "", ""]))
    assert "no links: the larger camp" in by_size["stance_evidence"][5]


def test_camps_mode_is_deterministic_and_per_thread():
    texts = ["Labour wasted money. Labour are incompetent.", "The Tories are worse, the Tories are cruel.",
             "Agreed, the Tories are cruel."]
    a = pd.concat([frame(texts, ["", "", "1"], doc="a.txt"), frame(texts, ["", "", "1"], doc="b.txt")], ignore_index=True)
    out1 = detect(StanceDetector(), a)
    out2 = detect(StanceDetector(), a)
    pd.testing.assert_frame_equal(out1, out2)
    assert list(out1["stance"][:3]) == list(out1["stance"][3:])


# ---- reply devices, collective inference, target head words, self-training, dev threads ----------
@pytest.mark.parametrize("text,parent,sign", [
    ("Six years? They got a raise last year.", "The drivers haven't had a raise in six years.", -1),  # echo question
    ("Responsible? Cutting the bus routes is responsible now?", "Good plan, responsible and fair.", -1),
    ("Nope, the ferries are still running.", "Are the ferries affected too?", 0),  # an answer, not a rebuttal
    ("Yes, sign-up closes at noon.", "Can we still register for the hearing?", 0),
    ("This.", "The council should publish the full accounts.", 1),
    ("Tell that to the people waiting two hours for a bus.", "The strike hasn't hurt anyone.", -1),
    ("Source? Pretty sure that never happened.", "The members voted for the deal in March.", -1),
    ("True, but that was years ago.", "The mayor cut the same budget before.", 0),  # concession, not agreement
    ("Nice strawman, nobody said that.", "So nobody should ever be asked to wash their hands?", -1),
])
def test_reply_devices_with_parent(text, parent, sign):
    assert reply_marker(text, parent)[0] == sign


def test_collective_inference_reaches_parent_and_siblings():
    texts = ["Elections are next spring, so we will see.",  # no stance of its own
             "Nonsense. The council is incompetent and its plan is terrible.",  # rebuts 0 with 'against'
             "Agreed, and then some."]  # agrees with 0: takes 0's inferred label
    out = stance(texts, ["", "0", "0"])
    assert list(out["stance"]) == ["favor", "against", "favor"]
    assert "1 rebuts it (against)" in out["stance_evidence"][0]


def test_target_head_words_name_the_target_side():
    from discourse.stance import target_terms

    assert target_terms("the board's decision to sack the coach", ["board"])[:2] == ["decision", "decisions"]
    assert "sacking" in target_terms("the board's decision to sack the coach", ["board"])
    assert "strike" in target_terms("the nurses' strike", ["nurses"])
    assert target_terms("the US government's position in the talks", ["US"]) == []
    out = detect(StanceDetector(target="the nurses' strike", target_entities=["nurses"]),
        frame(["This strike is a disgrace and completely irresponsible.", "Is the strike still on Friday?"]))
    assert list(out["stance"]) == ["against", "none"]


def _corpus(n_per_side=12):
    fav = ["The council is brilliant and the new cycle lanes are a success on Elm Street.",
           "Great work by the council, cycle lanes on Elm Street make the commute safer."]
    ag = ["The developers are greedy and the cycle lanes are fine.",
          "Wrongheaded council, the cycle lanes on Oak Road are a disaster for deliveries."]
    texts = []
    for k in range(n_per_side):
        texts.append(fav[k % 2] + f" Day {k}.")
        texts.append(ag[1] + f" Week {k}.")
    texts += ["Honestly the cycle lanes on Oak Road mean deliveries are chaos for every shop there.",
              "Cycle lanes on Elm Street this morning with the kids, the commute felt calm for once."]
    return texts


def test_self_training_labels_comments_the_rules_leave_open_and_is_deterministic():
    texts = _corpus()
    first = stance(texts)
    second = stance(texts)
    pd.testing.assert_frame_equal(first, second)
    assert first["stance"].iloc[-2] != "favor"  # vocabulary of the against comments (Oak Road, deliveries)
    assert first["stance"].iloc[-1] == "favor"  # vocabulary of the favor comments (Elm Street, commute)
    assert "words of the corpus" in first["stance_evidence"].iloc[-1]


def test_self_training_skipped_without_examples_of_both_sides():
    texts = ["The council is brilliant and effective."] * 8 + ["Riding down Elm Street felt calm today, lovely."]
    out = stance(texts)
    assert out["stance"].iloc[-1] == "none"


def test_dev_threads_beat_the_majority_baseline():
    """Hand-written threads on other subjects (tests/fixtures/stance): camps beat always guessing the majority."""
    import itertools
    import json
    from collections import Counter
    from pathlib import Path

    hits = total = major = 0
    for path in sorted((Path(__file__).parent / "fixtures" / "stance").glob("*.json")):
        d = json.loads(path.read_text())
        cs = d["comments"]
        df = pd.DataFrame({"doc": path.name, "id": [c["id"] for c in cs], "position": range(len(cs)),
                           "text": [c["text"] for c in cs], "reply_to": [c["reply_to"] for c in cs]})
        pred = detect(StanceDetector(**d["stance"]), df)["stance"]
        pairs = Counter(zip((c["stance"] for c in cs), pred))
        gold = sorted({g for g, _ in pairs})
        best = max(sum(pairs[(g, p)] for p, g in zip(sorted({p for _, p in pairs}), perm) if g)
                   for perm in itertools.permutations(gold + [None] * 3, len({p for _, p in pairs})))
        hits, total = hits + best, total + len(cs)
        major += max(Counter(c["stance"] for c in cs).values())
    assert hits / total > major / total + 0.05


# ---- framing devices: even-handedness, coordination, naming frames, third parties, shared texts --------
NO_CUES = {"favor_cues": [], "against_cues": []}


@pytest.mark.parametrize("text", [
    "Both sides are behaving like children and the tenants pay for it.",
    "Honestly the council is hopeless, but I can see both sides of this one.",
])
def test_even_handed_comment_takes_no_side(text):
    out = stance([text], **NO_CUES)
    assert out["stance"][0] == "none"
    assert "even-handed" in out["stance_evidence"][0]


def test_evaluation_of_conjoined_sides_counts_for_each():
    out = stance(["Honestly the council and the developers are terrible.", "The council is terrible."], **NO_CUES)
    assert list(out["stance"]) == ["none", "against"]


def test_cue_after_a_naming_frame_is_someone_elses_label():
    out = stance(["Another so-called affordable homes scheme.", "They label it as fair rent, nobody believes it.",
                  "We finally get affordable homes."])
    assert list(out["stance"]) == ["against", "against", "favor"]
    assert "so-called affordable homes" in out["stance_evidence"][0]


def test_third_party_names_take_the_evaluation_next_to_them():
    texts = ["The Ombudsman is corrupt and useless, says the council.",
             "Unlike the ridiculous Ombudsman, the council is competent.",
             "Westfield and the developers are greedy."]  # conjoined with a side: about both
    assert list(stance(texts, **NO_CUES)["stance"]) == ["none", "favor", "favor"]


def test_evaluation_of_a_shared_text_is_not_about_a_side():
    texts = ["An excellent read on the council and its housing plan.", "A dishonest post about the developers."]
    assert list(stance(texts, **NO_CUES)["stance"]) == ["none", "none"]


def test_quotation_over_several_sentences_is_someone_elses_voice():
    text = 'The council wrote "our plan is brilliant. It is fair and honest and excellent for renters." Sure.'
    assert stance([text], **NO_CUES)["stance"][0] == "none"


@pytest.mark.parametrize("text,expected", [
    ("Typical City Hall. Another consultation nobody reads.", "against"),  # evaluative sentence opener
    ("The council can't even fix the potholes.", "against"),  # derogation construction
    ("What about the developers and their own record on repairs?", "favor"),  # whataboutism turns on that side
    ("The developers are acting like the street belongs to them.", "favor"),
    ("The council will lecture everyone about density.", "against"),  # attitude verb, subject role
    ("The developers were bullied by the council.", "against"),  # passive: the wrongdoer follows "by"
])
def test_general_evaluative_constructions(text, expected):
    assert stance([text], **NO_CUES)["stance"][0] == expected


@pytest.mark.parametrize("text,sign", [
    ("And the rent rises bother you? Everyone pays them.", -1),  # challenge question to the interlocutor
    ("So your answer is that nobody should ever build anything?", -1),
    ("Are you the one who spoke at the hearing?", 0),  # a plain question
    ("If you don't like it, move somewhere cheaper.", -1),  # dismissal
    ("Easy to say when you don't pay the rent.", -1),
    ("Nice way to dismiss the people who live there.", -1),
    ("Same story on our street, the rents doubled.", 1),
])
def test_more_reply_devices(text, sign):
    assert reply_marker(text, "The council's plan will push rents up for everyone.")[0] == sign


def test_degree_words_strengthen_and_laughter_mocks():
    from discourse.stance import EntityEvaluator, phrase_regex as _phrase_regex

    evaluator = EntityEvaluator(((1.0, _phrase_regex(["council"], case_aware=True)),))
    assert [w for _, _, w, _ in evaluator.items("The council is impressively incompetent.")] == ["incompetent"]
    assert stance(["The council and its new plan lol."], **NO_CUES)["stance"][0] == "against"


# ---- the signed graph: camps that hold, authors, exports, target spreading, thread-locality -----------
def authored(texts, authors, reply_to, doc="t.txt"):
    return frame(texts, reply_to, doc).assign(author=authors)


def test_thread_without_markers_gets_camps_and_no_crash():
    """No agreement or rebuttal word anywhere (this crashed: a 1 x n sparse mean subtracted from an m x n matrix)."""
    texts = ["The new bridge will be finished next spring according to the plans.",
             "The plans were drawn up before the budget was cut last year.",
             "The budget cut only touched the lighting and the paint.",
             "Lighting matters for cyclists crossing at night in winter.",
             "Bridges in other towns took twice as long to build."]
    out = detect(StanceDetector(), frame(texts, ["", "0", "1", "2", ""]))
    camps = list(out["stance"])
    assert "none" not in camps
    assert camps[0] == camps[2] != camps[1] == camps[3]  # plain replies lean to disagreement
    assert out["stance_confidence"].between(0, 1).all()
    lone = detect(StanceDetector(), frame(texts[:3]))  # no links at all: one camp, no confidence
    assert set(lone["stance"]) == {"camp_a"} and (lone["stance_confidence"] == 0).all()


def test_a_comment_takes_its_authors_camp():
    texts = ["Nuclear power is the cleanest option we have.",
             "Wrong. Nuclear waste stays dangerous for millennia.",
             "Nonsense, modern reactors recycle most of their fuel.",
             "Wind and solar are cheaper every year anyway.",  # by ann, no link of its own
             "Agreed, and storage keeps improving too."]  # cara agrees with bob
    out = detect(StanceDetector(), authored(texts, ["ann", "bob", "ann", "ann", "cara"], ["", "0", "1", "", "1"]))
    camps = list(out["stance"])
    assert camps[0] == camps[2] == camps[3] != camps[1] == camps[4]
    assert "same author as" in out["stance_evidence"][3] and "(ann)" in out["stance_evidence"][3]
    # placeholder names are no author: two "[deleted]" comments are two people
    anon = detect(StanceDetector(), authored(texts[:2], ["[deleted]", "[deleted]"], ["", "0"]))
    assert anon["stance"][0] != anon["stance"][1]


def test_reply_chain_alternates_by_cue():
    texts = ["Remote work makes teams more productive.",
             "Nonsense. Offices keep people focused.",  # rebuts 0
             "Exactly, and the commute is time well spent thinking.",  # agrees with 1
             "Offices cost a fortune in rent for little gain.",  # plain reply to 2
             "Spot on, rent is the real issue."]  # agrees with 3
    out = detect(StanceDetector(), frame(texts, ["", "0", "1", "2", "3"]))
    camps = list(out["stance"])
    assert camps[0] == camps[3] == camps[4] != camps[1] == camps[2]
    assert camps[0] == "camp_a"  # the thread's first comment names camp_a
    assert "rebuts 0 (camp_a; 'Nonsense')" in out["stance_evidence"][1]
    assert "agrees with 1 (camp_b; 'Exactly')" in out["stance_evidence"][2]


def test_quotes_and_mentions_link_comments():
    from discourse.stance import SignedReplyGraph

    texts = ["Cities should ban cars from the centre entirely.",
             "Shops in the centre depend on drivers who come from far away.",
             "> Cities should ban cars from the centre entirely.\nThat would empty the high street.",
             "@bob the high street was empty long before this."]
    g = SignedReplyGraph().build(["0", "1", "2", "3"], ["ann", "bob", "cara", "dan"], texts, np.array([-1, -1, -1, -1]))
    links = {(int(i), int(j), k) for i, j, k in zip(g.src, g.dst, g.kind)}
    assert (2, 0, "quotes") in links and (3, 1, "addresses") in links
    assert g.weight.tolist() == [-0.2, -0.2]  # no cue: the plain-reply prior
    out = detect(StanceDetector(), authored(texts, ["ann", "bob", "cara", "dan"], ["", "", "", ""]))
    assert out["stance"][2] != out["stance"][0] and out["stance"][3] != out["stance"][1]


def test_partition_is_exact_on_small_graphs_and_trees():
    import itertools

    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    from discourse.stance import SignedPartition
    from discourse.stance.graph import objective

    rng = np.random.default_rng(0)
    for _ in range(80):
        n, m = int(rng.integers(2, 10)), int(rng.integers(1, 24))
        r, c, w = rng.integers(0, n, m), rng.integers(0, n, m), rng.normal(size=m)
        keep = r != c
        W = sp.coo_matrix((np.r_[w[keep], w[keep]], (np.r_[r[keep], c[keep]], np.r_[c[keep], r[keep]])),
                          shape=(n, n)).tocsr()
        h = rng.normal(size=n) * (rng.random() < 0.5)
        x, _ = SignedPartition(marginals=False).solve(W, h)
        colourings = np.array(list(itertools.product((1.0, -1.0), repeat=n)))
        values = np.array([objective(W, h, c) for c in colourings])
        assert objective(W, h, np.where(x == 0, 1.0, x)) == pytest.approx(values.max())
        one_cycle = connected_components(W)[0] == 1 and sp.triu(W, 1).nnz >= n
        if h.any() and one_cycle:  # marginals: each node on the side of most of the mass of exp(objective)
            lean = np.exp(values - values.max()) @ colourings
            x, _ = SignedPartition().solve(W, h)
            assert np.array_equal(x, np.where(lean >= 0, 1.0, -1.0))
    n = 20000  # a large tree: every link satisfied
    parent = np.array([int(rng.integers(max(0, i - 30), i)) for i in range(1, n)])
    w = rng.choice([-1.0, 1.0, -0.2], n - 1)
    W = sp.coo_matrix((np.r_[w, w], (np.r_[np.arange(1, n), parent], np.r_[parent, np.arange(1, n)])),
                      shape=(n, n)).tocsr()
    x, _ = SignedPartition().solve(W)
    assert objective(W, np.zeros(n), x) == pytest.approx(np.abs(w).sum())


def test_target_mode_spreads_evidence_along_links():
    texts = ["The council did a great job; its plan is wonderful.",  # own evidence: favor
             "@ann rubbish, rents will go up for everyone on my street.",  # rebuts ann by @mention, no parent
             "Rents went up on my street too after the last scheme like this.",  # plain reply to 1
             "My cat knocked the kettle over this morning and it took ages to clean up."]  # no signal, no link
    comments = authored(texts, ["ann", "bob", "cara", "dan"], ["", "", "1", ""])
    out = detect(StanceDetector(**TARGET), comments)
    assert list(out["stance"]) == ["favor", "against", "favor", "none"]
    assert "rebuts 0 (favor; 'rubbish')" in out["stance_evidence"][1]
    assert out["stance_confidence"][3] == 0 and out["stance_confidence"][2] < out["stance_confidence"][1]


def test_target_mode_keeps_none_for_questions_and_even_handed_replies():
    texts = ["The council is incompetent and its plan is terrible.",
             "What time is the hearing on Thursday?",  # a question answering nothing: no side from its link
             "Both sides have a point, honestly, and the truth is somewhere in between."]
    out = stance(texts, ["", "0", "0"])
    assert list(out["stance"]) == ["against", "none", "none"]


@pytest.mark.parametrize("params", [{}, TARGET])
def test_transform_is_thread_local(params):
    """A thread gets the same columns transformed alone as inside the corpus (fit once, on everything)."""
    from discourse.features import TextFeatures

    texts = _corpus(6)
    a = authored(texts, [f"u{i % 5}" for i in range(len(texts))], [""] + [str(i - 1) for i in range(1, len(texts))],
                 doc="a.txt")
    b = frame(["The council plan is a disgrace.", "Nonsense, the plan is fine.", "Agreed, the plan is fine.",
               "Elm Street has new cycle lanes."], ["", "0", "1", ""], doc="b.txt")
    c = frame(["Petrol is cheap.", "Wrong, batteries are cheaper now.", "Batteries wear out fast."],
              ["", "0", "1"], doc="c.txt")
    comments = pd.concat([a.assign(author=a["author"]), b, c], ignore_index=True).fillna("")
    features = TextFeatures(lsa_components=0)
    corpus = features.fit_transform(Corpus(comments)).with_model("features", features)
    detector = StanceDetector(**params).fit(corpus)
    whole = detector.transform(corpus).comments[list(detector.provides)]
    for doc in ("a.txt", "b.txt", "c.txt"):
        rows = np.flatnonzero(comments["doc"] == doc)
        alone = detector.transform(corpus.take(rows)).comments[list(detector.provides)]
        pd.testing.assert_frame_equal(alone, whole.iloc[rows].reset_index(drop=True))


def test_authors_table():
    from discourse.pipeline import author_table
    from discourse.schema import AUTHOR_COLUMNS

    comments = authored(["a", "b", "c", "d", "e"], ["ann", "bob", "Ann", "cara", ""], ["", "0", "1", "0", "0"])
    comments = comments.assign(stance=["camp_a", "camp_b", "camp_a", "camp_a", "camp_b"],
                               stance_confidence=[0.8, 0.6, 0.4, 0.2, 0.1])
    table = author_table(comments)
    assert list(table.columns) == list(AUTHOR_COLUMNS)
    rows = {r["author"]: r for r in table.to_dict("records")}
    assert set(rows) == {"ann", "bob", "cara"}  # "Ann" is ann; the comment without an author is not counted
    assert rows["ann"]["comments"] == 2 and rows["ann"]["stance"] == "camp_a"
    assert rows["ann"]["stance_confidence"] == pytest.approx(0.6)
    assert (rows["ann"]["replies_out_cross"], rows["ann"]["replies_in_cross"], rows["ann"]["replies_in_same"]) == (1, 1, 1)
    assert (rows["bob"]["replies_out_cross"], rows["bob"]["replies_in_cross"]) == (1, 1)
    assert rows["cara"]["replies_out_same"] == 1


def test_structured_export_keeps_its_top_level_rows(tmp_path):
    """A JSONL export with a parent column: an empty parent means top-level, not a parent to guess."""
    from discourse.segment import Segmenter

    from .conftest import write_thread

    texts = ["The bypass will finally fix the traffic on Main Street.", "It will just move the traffic somewhere else.",
             "@ann you are wrong, the bypass was tried in 1998."]
    fields = dict(id=["p1", "p2", "p3"], author=["ann", "bob", "cara"])
    path = write_thread(tmp_path / "thread.jsonl", texts, parent=["", "p1", ""], **fields)
    kept = Segmenter().segment_file(path).comments
    assert list(kept["reply_to"]) == ["", "p1", ""]
    guessed = Segmenter(guess_parents=True).segment_file(path).comments
    assert guessed["reply_to"].iloc[2] == "p1"  # the @mention, guessed only when asked
    flat = write_thread(tmp_path / "flat.jsonl", texts, parent="", **fields)  # no parent at all: a flat export
    assert Segmenter().segment_file(flat).comments["reply_to"].iloc[2] == "p1"
    # the stance graph still links the top-level @mention: cara rebuts ann
    out = detect(StanceDetector(), kept.assign(doc="thread.jsonl"))
    assert out["stance"].iloc[2] != out["stance"].iloc[0]
    assert "rebuts p1" in out["stance_evidence"].iloc[2]


def test_comments_quoting_the_article_answer_its_writer():
    """A flat thread dump: no authors, and the posts that argue with the opening post (they quote the article)
    have no reply link. The article's writer is a node: both quoting posts land in one camp, and a reply to
    one of them in the other. Without the article node the two would be unlinked (placed by words or size)."""
    from discourse.stance import SignedReplyGraph

    texts = ["Sugar taxes protect children's teeth at no cost to anyone.",  # no link at all
             "> Parents decide what their children eat.\nA tax punishes families who can least afford it.",
             "Then teach them instead of taxing them.",  # replies to 1
             "> Parents decide what their children eat.\nAnd they are losing that fight against advertising."]
    comments = frame(texts, ["", "", "1", ""]).assign(quotes_article=[False, True, False, True])
    out = detect(StanceDetector(), comments)
    camps = list(out["stance"])
    assert camps[1] == camps[3] != camps[2]
    assert "quotes the article" in out["stance_evidence"][1] and "quotes the article" in out["stance_evidence"][3]
    plain = detect(StanceDetector(graph=SignedReplyGraph(article=False)), comments)
    assert "quotes the article" not in " ".join(plain["stance_evidence"])


def test_phrase_precheck_gives_the_regex_results():
    """The pre-check of phrase regexes (a word of some phrase must be in the text) never drops a match: same
    matches as the bare regex, on mixed case, extra spaces, inflections and non-ASCII text."""
    from discourse.stance import phrase_regex

    texts = ["HUMAN   rights matter", "the US's role", "us and them", "Xi  Jinping spoke", "XI JINPING",
             "İstanbul: human rights", "Americans", "no phrase here", "ſo-called democracy", "human\nrights"]
    for phrases, kw in ((["Human rights", "US", "Xi Jinping", "American"], {"case_aware": True}),
                        (["so-called", "human rights"], {}), (["human rights", "democracy"], {"lowered": True})):
        rx = phrase_regex(phrases, **kw)
        for text in texts:
            t = text.lower() if kw.get("lowered") else text
            assert [m.span() for m in rx.finditer(t)] == [m.span() for m in rx.regex.finditer(t)]
            assert bool(rx.search(t)) == bool(rx.regex.search(t)) and bool(rx.match(t)) == bool(rx.regex.match(t))
        assert not rx.possible("nothing to see")  # the pre-check does skip texts


def test_stage_restores_the_cycle_collector():
    import gc

    texts = ["Cities should ban cars.", "Nonsense, shops need drivers."]
    assert gc.isenabled()
    detect(StanceDetector(), frame(texts, ["", "0"]))
    assert gc.isenabled()
    gc.disable()
    try:
        detect(StanceDetector(), frame(texts, ["", "0"]))
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---- same-writer links in threads with no author lines (stylometry) -------------------------------------
X_STYLE = ["well... i dunno lol. the tax is dumb imo, and nobody asked us anyway... ugh lol",
           "lol no... the tax wont fix roads imo. they just waste it anyway... ugh",
           "ugh... again the tax thing lol. imo its a cash grab, plain and simple... whatever"]
Y_STYLE = ["Furthermore, the Tax funds Roads; Council Records (2019) show a 12% Improvement.",
           "Indeed, Council Records (2021) confirm it; the Tax paid for 34 Bridges. Furthermore, Costs fell.",
           "Furthermore, the Audit (2022) found the Tax well spent; Roads improved by 18%."]


def test_writer_links_join_the_comments_of_one_writer_and_never_a_reply_to_its_parent():
    from discourse.stance import WriterInference

    texts = [X_STYLE[0], Y_STYLE[0], X_STYLE[1], Y_STYLE[1], X_STYLE[2], Y_STYLE[2]]
    parents = np.array([-1, 0, 1, 2, 3, 4])  # an alternating exchange: each answers the one before
    links = WriterInference(weight=0.1, neighbors=1, min_similarity=0.0).fit().links(
        texts, parents, np.ones(6, dtype=bool))
    assert links
    for i, j, s in links:
        assert i % 2 == j % 2  # the same writer's comments
        assert parents[i] != j and parents[j] != i
    assert {i for pair in links for i in pair[:2]} == set(range(6))
    quoted = WriterInference(weight=0.1, neighbors=1, min_similarity=0.0).fit().links(
        texts, parents, np.ones(6, dtype=bool), {2: {0}, 4: {0, 2}})  # the X comments quote each other
    assert not any(i % 2 == 0 and j % 2 == 0 for i, j, _ in quoted)
    known = WriterInference(weight=0.1).fit().links(texts, parents, np.zeros(6, dtype=bool))
    assert known == []  # authors known: nothing inferred
    assert WriterInference(weight=0.0).fit().links(texts, parents, np.ones(6, dtype=bool)) == []


def test_writer_weight_places_an_unlinked_comment_with_its_writers_other_comments():
    """Two exchanges with no link between them; the writer of the first comment writes the fourth too: with
    writer_weight the fourth joins the first's camp, with the evidence named; at 0 nothing is inferred."""
    texts = [X_STYLE[0], Y_STYLE[0], Y_STYLE[1], X_STYLE[1]]
    comments = frame(texts, ["", "0", "", "2"])
    on = detect(StanceDetector(writer_weight=0.5), comments)
    assert on["stance"][3] == on["stance"][0] != on["stance"][1]
    assert on["stance"][2] == on["stance"][1]
    assert "same inferred writer as 0" in on["stance_evidence"][3]
    off = detect(StanceDetector(), comments)
    assert not off["stance_evidence"].str.contains("inferred writer").any()
    with_authors = detect(StanceDetector(writer_weight=0.5), comments.assign(author=["ann", "bob", "cy", "dee"]))
    assert not with_authors["stance_evidence"].str.contains("inferred writer").any()
