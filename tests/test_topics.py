"""Topics stage: seed matching, discovered clusters, 'other', reply inheritance, determinism."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from discourse.config import Config, SeededTopic
from discourse.features import TextFeatures
from discourse.stages import Corpus
from discourse.topics import AutoK, TopicModel, quote_graph, reply_parents, thread_order, topic_model_from_config

SEEDS = [SeededTopic("trade", "Trade and tariffs", ["tariffs", "trade deficit", "imports"]),
         SeededTopic("climate", "Climate", ["emissions", "climate change", "coal"])]
PLANTED = {  # comments that use no seed word: they must form discovered topics
    "vaccines": ["The vaccine rollout at the clinic was slow, and the nurses ran out of doses again.",
                 "My clinic gave the second vaccine dose late; the nurses blamed the supply of doses.",
                 "Vaccine doses reached our clinic only after the nurses complained to the county.",
                 "Nurses at the county clinic say vaccine doses are still short this week.",
                 "Without more doses the vaccine clinic will close early, the nurses warned."],
    "housing": ["Rent in this city doubled, and landlords keep raising it for every apartment.",
                "Landlords raise the rent on my apartment each year while wages stay flat.",
                "Apartment rent is out of reach; landlords know tenants have nowhere else to go.",
                "Tenants organised against landlords after the rent on every apartment went up.",
                "The city should cap rent so landlords cannot push tenants out of their apartment."],
}
SEEDED = ["New tariffs on steel imports will widen the trade deficit, economists say.",
          "Tariffs hurt farmers more than the trade deficit ever did.",
          "Coal plants drive emissions; climate change will not wait for politicians.",
          "Cutting emissions from coal is the fastest way to slow climate change."]


def frame(texts, reply_to=None):
    n = len(texts)
    return pd.DataFrame({"doc": ["t.txt"] * n, "id": [str(i) for i in range(n)], "position": range(n),
                         "text": texts, "reply_to": reply_to or [""] * n})


def featurize(comments):
    features = TextFeatures()
    return features.fit_transform(Corpus(comments)).with_model("features", features)


def model_of(**params):
    """The topic model of a [topics] table with the test seeds."""
    kw = Config().section_params("topics") | dict(seeded=SEEDS, seed_threshold=0.05, min_topic_size=3) | params
    return topic_model_from_config(kw)


def fit(texts, reply_to=None, **params):
    """(fitted model, its topic columns, the featurized corpus)."""
    corpus = featurize(frame(texts, reply_to))
    model = model_of(**params)
    return model, model.fit_transform(corpus).comments, corpus


def test_seed_terms_assign_seeded_topics_with_evidence():
    model, out, _ = fit(SEEDED + PLANTED["vaccines"] + PLANTED["housing"])
    assert list(out["topic"][:4]) == ["trade", "trade", "climate", "climate"]
    assert "tariffs" in out["topic_evidence"][0] and out["topic_evidence"][0].startswith("seed terms")
    assert out["topic_label"][0] == "Trade and tariffs"
    info = model.topic_info_.set_index("topic")
    assert info.loc["trade", "kind"] == "seeded" and info.loc["other", "kind"] == "other"


def test_phrase_seed_does_not_match_its_parts():
    _, out, _ = fit(["The change in the team was welcome news for the fans of the club."] + SEEDED)
    assert out["topic"][0] != "climate"


def test_planted_clusters_are_discovered_and_labelled():
    texts = SEEDED + PLANTED["vaccines"] + PLANTED["housing"]
    _, out, _ = fit(texts)
    vacc, house = set(out["topic"][4:9]), set(out["topic"][9:14])
    assert len(vacc) == 1 and len(house) == 1 and vacc != house
    (v,), (h,) = vacc, house
    assert v.startswith("t") and h.startswith("t")
    assert any(t in out["topic_terms"][4] for t in ("vaccine", "doses", "nurses", "clinic"))
    assert any(t in out["topic_terms"][9] for t in ("rent", "landlords", "apartment", "tenants"))
    assert out["topic_evidence"][4].startswith("shared terms")


def test_small_clusters_go_to_other():
    _, out, _ = fit(SEEDED + PLANTED["vaccines"][:2], k=1)
    assert set(out["topic"][4:]) == {"other"}


def test_short_reply_inherits_parent_topic():
    texts = SEEDED + ["Exactly, and the farmers will pay for it in the end.", "LOL.",
                      "Exactly, and the farmers will pay for it in the end."]
    replies = [""] * 4 + ["0", "0", ""]
    out = fit(texts, replies)[1]
    assert out["topic"][4] == "trade" and "inherited" in out["topic_evidence"][4]
    assert out["topic"][5] == "other"  # a bare reaction carries no topic
    assert out["topic"][6] != "trade"  # same text, but no reply link
    off = fit(texts, replies, inherit_replies=False)[1]
    assert off["topic"][4] != "trade"


@pytest.mark.parametrize("method", ["kmeans", "spectral", "nmf", "agglomerative"])
def test_methods_and_determinism(method):
    texts = PLANTED["vaccines"] + PLANTED["housing"] + SEEDED
    a, a_out, _ = fit(texts, method=method)
    b, b_out, _ = fit(texts, method=method)
    pd.testing.assert_frame_equal(a_out, b_out)
    pd.testing.assert_frame_equal(a.topic_info_, b.topic_info_)


def test_refit_reuses_features_and_matrix():
    _, _, corpus = fit(SEEDED + PLANTED["vaccines"] + PLANTED["housing"])
    for k in (2, 3):
        again = model_of(k=k).fit_transform(corpus)
        assert len(again.comments) == len(corpus) and again.comments["topic"].notna().all()


def test_transform_of_a_thread_alone_equals_the_whole_corpus_run():
    """The stage protocol: a thread transformed on its own gets what it gets inside the corpus."""
    texts = SEEDED + PLANTED["vaccines"] + PLANTED["housing"]
    comments = frame(texts, [""] * 4 + ["0"] + [""] * (len(texts) - 5))
    comments.loc[8:, "doc"] = "u.txt"
    corpus = featurize(comments)
    model = model_of()
    whole = model.fit_transform(corpus).comments
    for rows in corpus.thread_rows():
        part = model.transform(corpus.take(rows)).comments
        pd.testing.assert_frame_equal(part, whole.iloc[rows].reset_index(drop=True))


def test_clusterer_chooses_k_on_planted_blobs():
    rng = np.random.default_rng(0)
    centres = np.eye(8)[:3] * 5
    X = np.vstack([c + rng.normal(0, 0.3, (60, 8)) for c in centres])
    assert AutoK(k_min=2, k_max=6).fit(X).k_ == 3


def test_reply_graph_helpers():
    comments = frame(["a", "b", "c", "d"], ["", "0", "1", "9"])
    parent = reply_parents(comments)
    assert list(parent) == [-1, 0, 1, -1]
    order = thread_order(parent)
    assert order.index(0) < order.index(1) < order.index(2)


def test_config_fields_match_keywords():
    """Every [topics] key is a keyword of the factory; the model takes the rest, plus its sub-estimators."""
    params = Config().section_params("topics")
    model = topic_model_from_config(params)
    clustering = {"method", "k", "k_min", "k_max"}
    assert set(TopicModel.__init__.__kwdefaults__) == set(params) - clustering | {"clusterer", "reducer"}
    assert model.clusterer is not None and model.reducer is not None


# ---- own words, labels, examples, automatic k --------------------------------------------------------
def test_quoted_lines_do_not_count_in_features_or_seeds():
    """A comment quoting trade talk but writing about rent is not about trade; its text keeps the quote."""
    texts = SEEDED + PLANTED["housing"] + [
        "> New tariffs on steel imports will widen the trade deficit, economists say.\n"
        "Landlords raised the rent on my apartment again, tenants cannot keep up."]
    model, out, corpus = fit(texts)
    assert out["topic"].iat[-1] != "trade"
    assert out["text"].iat[-1].startswith("> New tariffs")
    names = corpus.models["features"].feature_names_
    own_terms = {names[c] for c in corpus.arrays["terms"][len(texts) - 1].indices}
    quoted_terms = {names[c] for c in corpus.arrays["quoted"][len(texts) - 1].indices}
    assert "tariffs" not in own_terms and "rent" in own_terms and "tariffs" in quoted_terms


def test_labels_never_name_a_commenter_or_carry_markup():
    texts, authors = [], []
    for i, t in enumerate(PLANTED["vaccines"] + PLANTED["housing"]):
        texts.append(f"<span>wayne230</span> {t} wayne230 said so, @wayne230 &nbsp;")
        authors.append("wayne230" if i % 2 else f"reader{i}")
    comments = frame(texts)
    comments["author"] = authors
    other = frame(["wayne230 wayne230 wayne230 vaccine clinic doses"])  # the name in another thread
    other["doc"], other["id"], other["author"] = "u.txt", "x0", "someone"
    corpus = featurize(pd.concat([comments, other], ignore_index=True))
    model = model_of(seeded=[], k=2)
    model.fit(corpus)
    shown = " ".join(model.topic_info_["label"]) + " " + " ".join(model.topic_info_["terms"])
    assert "wayne230" not in shown and "span" not in shown and "nbsp" not in shown
    assert (model.topic_info_["kind"] == "discovered").sum() >= 2
    phrase = model.topic_info_.set_index("topic").loc["t0", "label"]
    assert phrase in model.topic_info_.set_index("topic").loc["t0", "terms"].split("; ")


def test_examples_are_the_closest_distinct_comments_of_each_topic():
    texts = SEEDED + PLANTED["vaccines"] + PLANTED["housing"] + [PLANTED["housing"][0]] * 3  # reposts
    model, out, _ = fit(texts)
    info = model.topic_info_.set_index("topic")
    for topic, raw in info["examples"].items():
        examples = json.loads(raw)
        members = out.loc[out["topic"] == topic]
        assert {e["id"] for e in examples} <= set(members["id"])
        assert len({e["excerpt"] for e in examples}) == len(examples)  # reposts shown once
        if topic != "other":
            assert len(examples) == min(3, members["text"].nunique())
    assert json.loads(info.loc["other", "examples"]) == []


def test_automatic_k_takes_the_best_silhouette():
    rng = np.random.default_rng(1)
    centres = np.eye(12)[:5] * 4
    X = np.vstack([c + rng.normal(0, 0.4, (40, 12)) for c in centres])
    auto = AutoK(k_min=2, k_max=9, random_state=0).fit(X)
    assert auto.k_ == 5 == max(auto.scores_, key=auto.scores_.get)
    assert len(set(auto.labels_)) == 5


def test_quote_links_stay_within_a_thread():
    source = "Landlords keep raising the rent on every apartment while wages stay flat and tenants suffer."
    quoting = f"> {source}\nExactly right."
    comments = frame([source, quoting, source])
    comments.loc[2, "doc"] = "u.txt"  # the same words in another thread
    corpus = featurize(comments)
    f = corpus.models["features"]
    graph = quote_graph(corpus.comments, corpus.arrays["terms"], corpus.arrays["quoted"], f.feature_names_)
    assert graph[1, 0] == 1 and graph[0, 1] == 1 and graph[1, 2] == 0


def test_repeated_runs_write_identical_topic_tables():
    texts = SEEDED + PLANTED["vaccines"] + PLANTED["housing"]
    a, b = fit(texts)[0], fit(texts)[0]
    assert a.topic_info_.to_csv(index=False) == b.topic_info_.to_csv(index=False)


def test_a_label_phrase_is_shown_as_its_comments_write_it():
    from discourse.topics import surface_form

    texts = ["The Bill of Rights says so.", "Read the bill of rights again", "bill-rights"]
    assert surface_form("bill rights", texts) == "bill of rights"  # the n-gram skipped a stop word
    assert surface_form("right bear arms", ["the right to bear arms", "right to bear arms!"]) == "right to bear arms"
    assert surface_form("US sanctions", ["US sanctions on China", "US sanctions", "US new sanctions"]) == "US sanctions"
    assert surface_form("civil war", ["nothing here"]) == "civil war" and surface_form("war", texts) == "war"
