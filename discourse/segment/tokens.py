"""Word tokens and shingles of the comments, computed once and shared by reposts and replies."""
from __future__ import annotations

import unicodedata

from ..text import _QUOTE_TABLE, URL_RE, shingles, tokenize
from . import patterns as P

# discourse.text.normalize's character mapping, applied with str.replace (only the characters present)
_STRAIGHTEN = tuple((chr(code), text) for code, text in _QUOTE_TABLE.items())


def normalize(text: str) -> str:
    """:func:`discourse.text.normalize`, skipping the NFKC pass on text that is already normalized."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    for char, replacement in _STRAIGHTEN:
        if char in text:
            text = text.replace(char, replacement)
    return text


def fast_tokenize(text: str) -> list[str]:
    """The tokens of :func:`discourse.text.tokenize`, without its regex pass on text that is ASCII once normalized."""
    if not text.isascii():
        text = normalize(text)  # idempotent: tokenize() normalizes again at no change
        if not text.isascii():
            return tokenize(text)
    low = text.lower()
    if "://" in low or "www." in low:
        low = URL_RE.sub(" ", low)
    runs = low.translate(P.TOKEN_BREAKS).split()
    return [token for token in map(str.strip, runs, [P.TOKEN_EDGES] * len(runs)) if token]


def split_words(text: str) -> list[str]:
    """Tokens with hyphenated words split ("rules-based" -> "rules", "based")."""
    return fast_tokenize(P.HYPHENS.sub(" ", text) if _has_hyphen(text) else text)


class CommentTokens:
    """Per-comment tokens and shingle sets, built on first use and then reused."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._words: list[list[str]] | None = None
        self._split: list[list[str]] | None = None
        self._grams: dict[tuple[bool, int], list[frozenset[tuple[str, ...]]]] = {}

    @property
    def words(self) -> list[list[str]]:
        if self._words is None:
            self._words = [fast_tokenize(t) for t in self.texts]
        return self._words

    @property
    def split(self) -> list[list[str]]:
        """Tokens with hyphenated words split; the same lists as :attr:`words` where no hyphen occurs."""
        if self._split is None:
            self._split = [split_words(t) if _has_hyphen(t) else w for t, w in zip(self.texts, self.words)]
        return self._split

    def grams(self, k: int, split: bool = False) -> list[frozenset[tuple[str, ...]]]:
        """The set of k-word shingles of every comment (of :attr:`split` tokens if ``split``)."""
        key = (split, k)
        if key not in self._grams:
            if split and (False, k) in self._grams:  # share the sets of comments without hyphens
                plain = self._grams[(False, k)]
                self._grams[key] = [g if s is w else frozenset(shingles(s, k))
                                    for g, s, w in zip(plain, self.split, self.words)]
            else:
                self._grams[key] = [frozenset(shingles(w, k)) for w in (self.split if split else self.words)]
        return self._grams[key]


def _has_hyphen(text: str) -> bool:
    return any(h in text for h in P.HYPHEN_CHARS)
