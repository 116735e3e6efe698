"""Features stage: TF-IDF with our own tokenizer (baseline)."""
from __future__ import annotations

from typing import Iterable

from sklearn.feature_extraction.text import TfidfVectorizer

from .text import tokenize


class TextFeatures:
    """TF-IDF word n-grams. Parameters mirror :class:`discourse.config.FeatureConfig`."""

    def __init__(self, *, ngram_min: int = 1, ngram_max: int = 2, min_df: int = 1, max_df: float = 0.9,
                 max_features: int = 50000, sublinear_tf: bool = True, char_ngrams: bool = False,
                 char_ngram_min: int = 3, char_ngram_max: int = 5, lsa_components: int = 0,
                 embeddings: str = "none", extra_stop_words: list[str] | None = None) -> None:
        self.ngram_min = ngram_min
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.char_ngrams = char_ngrams
        self.char_ngram_min = char_ngram_min
        self.char_ngram_max = char_ngram_max
        self.lsa_components = lsa_components
        self.embeddings = embeddings
        self.extra_stop_words = extra_stop_words

    def fit(self, texts: Iterable[str]) -> "TextFeatures":
        texts = list(texts)
        self.vectorizer_ = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None,
                                           ngram_range=(self.ngram_min, self.ngram_max),
                                           min_df=1, max_df=1.0, sublinear_tf=self.sublinear_tf)
        self.vectorizer_.fit(texts or [""])
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        return self

    def transform(self, texts: Iterable[str]):
        return self.vectorizer_.transform(list(texts))

    def fit_transform(self, texts: Iterable[str]):
        texts = list(texts)
        return self.fit(texts).transform(texts)
