"""Word tokens and shingles of the comments, computed once and shared by reposts and replies.

Shingles (runs of k words) are coded as integers, ``((w1 * B) + w2) * B + w3`` over word
ids, so that sets, counts and inverted indexes work on small ints rather than tuples, and
the codes of a whole thread are computed in one vectorised pass.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left
from itertools import chain

import numpy as np

from ..text import _QUOTE_TABLE, URL_RE, tokenize
from . import patterns as P

# discourse.text.normalize's character mapping, applied with str.replace (only the characters present)
_STRAIGHTEN = tuple((chr(code), text) for code, text in _QUOTE_TABLE.items())
BASE = 1 << 21  # word ids below this code three-word shingles within int64


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


def _has_hyphen(text: str) -> bool:
    return any(h in text for h in P.HYPHEN_CHARS)


class CommentTokens:
    """Per-comment tokens and shingle codes, built on first use and then reused."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vocab: dict[str, int] = {}
        self.lexicon: list[str] = []  # word of each id
        self._words: list[list[str]] | None = None
        self._split: list[list[str]] | None = None
        self._grams: dict[tuple[bool, int], list[frozenset[int]]] = {}

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

    def grams(self, k: int, split: bool = False) -> list[frozenset[int]]:
        """The set of k-word shingle codes of every comment (of :attr:`split` tokens if ``split``)."""
        key = (split, k)
        if key not in self._grams:
            tokens = self.split if split else self.words
            plain = self._grams.get((False, k)) if split else None
            if plain is not None:  # share the sets of comments without hyphens
                todo = [s for s, w in zip(tokens, self.words) if s is not w]
                coded = iter(self._code_all(todo, k))
                self._grams[key] = [g if s is w else next(coded) for g, s, w in zip(plain, tokens, self.words)]
            else:
                self._grams[key] = self._code_all(tokens, k)
        return self._grams[key]

    def code(self, words: list[str], k: int) -> list[int]:
        """Shingle codes of one word list (new words get new ids)."""
        ids = [self.vocab.get(w) for w in words]
        if None in ids:
            ids = [self._id(w) for w in words]
        if k == 3:
            return [(a * BASE + b) * BASE + c for a, b, c in zip(ids, ids[1:], ids[2:])]
        return [_code(ids[n:n + k]) for n in range(len(ids) - k + 1)]

    def decode(self, code: int, k: int) -> tuple[str, ...]:
        """The words of a shingle code."""
        ids = []
        for _ in range(k):
            code, word = divmod(code, BASE)
            ids.append(word)
        return tuple(self.lexicon[w] for w in reversed(ids))

    def _id(self, word: str) -> int:
        wid = self.vocab.get(word)
        if wid is None:
            wid = self.vocab[word] = len(self.lexicon)
            self.lexicon.append(word)
        return wid

    def _code_all(self, token_lists: list[list[str]], k: int) -> list[frozenset[int]]:
        """Shingle code sets of many word lists, coded in one numpy pass."""
        for word in dict.fromkeys(chain.from_iterable(token_lists)):
            self._id(word)
        if len(self.lexicon) >= BASE or k > 3:  # codes would overflow int64: code in Python
            return [frozenset(self.code(words, k)) for words in token_lists]
        lengths = np.fromiter(map(len, token_lists), np.int64, len(token_lists))
        ids = np.fromiter(map(self.vocab.__getitem__, chain.from_iterable(token_lists)), np.int64,
                          int(lengths.sum()))
        codes = np.zeros(max(len(ids) - k + 1, 0), np.int64)
        for offset in range(k):
            codes = codes * BASE + ids[offset:len(ids) - k + 1 + offset]
        flat = codes.tolist()
        ends = np.cumsum(lengths).tolist()
        return [frozenset(flat[end - n:end - k + 1]) if n >= k else frozenset()
                for end, n in zip(ends, lengths.tolist())]


def starts_none() -> np.ndarray:
    return np.zeros(0, np.int64)


def document_frequency(grams: list[frozenset[int]]) -> dict[int, int]:
    """shingle -> number of comments using it."""
    codes = np.fromiter(chain.from_iterable(grams), np.int64, sum(map(len, grams)))
    unique, counts = np.unique(codes, return_counts=True)
    return dict(zip(unique.tolist(), counts.tolist()))


def _code(ids: list[int]) -> int:
    code = 0
    for wid in ids:
        code = code * BASE + wid
    return code


class Postings:
    """Which comments use each shingle: the comments grouped by shingle with one stable sort."""

    def __init__(self, grams: list[frozenset[int]]) -> None:
        sizes = np.fromiter(map(len, grams), np.int64, len(grams))
        codes = np.fromiter(chain.from_iterable(grams), np.int64, int(sizes.sum()))
        owners = np.repeat(np.arange(len(grams), dtype=np.int64), sizes)
        order = np.argsort(codes, kind="stable")
        self.codes, self.owners = codes[order], owners[order]
        self.owner_list: list[int] = self.owners.tolist()
        starts = np.flatnonzero(np.r_[True, self.codes[1:] != self.codes[:-1]]) if len(codes) else starts_none()
        unique = self.codes[starts].tolist()
        self.start = dict(zip(unique, starts.tolist()))
        self.frequency = dict(zip(unique, np.diff(np.r_[starts, len(codes)]).tolist()))

    def count(self, code: int) -> int:
        return self.frequency.get(code, 0)

    def users(self, code: int, low: int, high: int) -> list[int]:
        """Comments in [low, high) that use the shingle."""
        start = self.start.get(code)
        if start is None:
            return []
        end = start + self.frequency[code]
        owners = self.owner_list
        return owners[bisect_left(owners, low, start, end):bisect_left(owners, high, start, end)]

    def repeats(self, max_earlier: int) -> dict[int, list[tuple[int, int]]]:
        """comment -> [(shingle, latest earlier user)] for its shingles used by 1..max_earlier earlier comments."""
        if not len(self.codes):
            return {}
        first = np.r_[True, self.codes[1:] != self.codes[:-1]]
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(first)), 0))
        earlier = np.arange(len(first)) - group_start
        at = np.flatnonzero((earlier >= 1) & (earlier <= max_earlier))
        out: dict[int, list[tuple[int, int]]] = {}
        for owner, code, previous in zip(self.owners[at].tolist(), self.codes[at].tolist(),
                                         self.owners[at - 1].tolist()):
            out.setdefault(owner, []).append((code, previous))
        return out
