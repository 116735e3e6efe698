"""Word tokens and shingles of the comments, computed once and shared by reposts and replies.

Words are coded as integer ids and shingles (runs of k words) as integers,
``((w1 * B) + w2) * B + w3`` over word ids, so that sets, counts and inverted indexes
work on small ints rather than tuples. The tokens of a whole thread come from one
translate-and-split pass over the joined comments, and the shingle codes of all
comments from one vectorised pass: per-comment values are kept as :class:`Ragged`
arrays (one flat array and the offsets of each comment's run).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np

from ..text import URL_RE, normalize, tokenize
from . import patterns as P

BASE = 1 << 21  # word ids below this code three-word shingles within int64
# Comments are joined with a NUL between line breaks: URLs (``\S+``) cannot run over it,
# and the token split keeps it as a token of its own that marks where each comment ends.
_SENTINEL = "\x00"
_SEPARATOR = f"\n{_SENTINEL}\n"
_BREAKS = {**P.TOKEN_BREAKS, ord(_SENTINEL): _SENTINEL}
_SENTINEL_ID, _NO_WORD = -2, -1  # run ids of the separator and of runs that strip to nothing


def _ascii_lower(text: str) -> str | None:
    """``text`` normalized, lowercased and without URLs if that is ASCII (the fast path), else None."""
    if not text.isascii():
        text = normalize(text)
        if not text.isascii():
            return None
    low = text.lower()
    if "://" in low or "www." in low:
        low = URL_RE.sub(" ", low)
    return low


def fast_tokenize(text: str) -> list[str]:
    """The tokens of :func:`discourse.text.tokenize`, without its regex pass on text that is ASCII once normalized."""
    low = _ascii_lower(text)
    if low is None:
        return tokenize(text)
    runs = low.translate(P.TOKEN_BREAKS).split()
    return [token for token in map(str.strip, runs, [P.TOKEN_EDGES] * len(runs)) if token]


def split_words(text: str) -> list[str]:
    """Tokens with hyphenated words split ("rules-based" -> "rules", "based")."""
    return fast_tokenize(P.HYPHENS.sub(" ", text) if _has_hyphen(text) else text)


def _has_hyphen(text: str) -> bool:
    return any(h in text for h in P.HYPHEN_CHARS)


def split_hyphens(text: str) -> str:
    """``P.HYPHENS.sub(" ", text)`` with str.replace."""
    for h in P.HYPHEN_CHARS:
        if h in text:
            text = text.replace(h, " ")
    return text


@dataclass
class Ragged:
    """One value list per comment, stored flat: comment ``i`` has ``values[bounds[i]:bounds[i + 1]]``."""

    values: np.ndarray
    bounds: np.ndarray  # len(comments) + 1 offsets

    @classmethod
    def from_lengths(cls, values: np.ndarray, lengths: np.ndarray) -> Ragged:
        return cls(values, np.concatenate(([0], np.cumsum(lengths, dtype=np.int64))))

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def lengths(self) -> np.ndarray:
        return np.diff(self.bounds)

    def owners(self) -> np.ndarray:
        """The comment of every value."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.lengths())


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenated index ranges ``[start, start + length)``."""
    total = int(lengths.sum())
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(lengths) else lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)


class GramSets:
    """The set of shingle codes of each comment, built the first time it is asked for."""

    def __init__(self, codes: Ragged) -> None:
        self._flat = codes.values.tolist()
        self._bounds = codes.bounds.tolist()
        self._sets: list[frozenset[int] | None] = [None] * len(codes)

    def __len__(self) -> int:
        return len(self._sets)

    def __getitem__(self, i: int) -> frozenset[int]:
        s = self._sets[i]
        if s is None:
            s = self._sets[i] = frozenset(self._flat[self._bounds[i]:self._bounds[i + 1]])
        return s

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class _RunIds(dict):
    """run of word characters -> id of its word (runs are stripped once per distinct run)."""

    def __init__(self, word_id: Callable[[str], int]) -> None:
        super().__init__({_SENTINEL: _SENTINEL_ID})
        self.word_id = word_id

    def __missing__(self, run: str) -> int:
        word = run.strip(P.TOKEN_EDGES)
        wid = self[run] = self.word_id(word) if word else _NO_WORD
        return wid


class CommentTokens:
    """Per-comment word ids and shingle codes, built on first use and then reused."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vocab: dict[str, int] = {}
        self.lexicon: list[str] = []  # word of each id
        self._ids: dict[bool, Ragged] = {}
        self._codes: dict[tuple[bool, int], Ragged] = {}
        self._sets: dict[tuple[bool, int], GramSets] = {}

    # -- words ------------------------------------------------------------------
    def word_ids(self, split: bool = False) -> Ragged:
        """Word ids of every comment; with ``split``, of its tokens with hyphenated words split."""
        if not self._ids:
            self._encode_all()
        return self._ids[split]

    @property
    def words(self) -> list[list[str]]:
        return self._word_lists(False)

    @property
    def split(self) -> list[list[str]]:
        """Tokens with hyphenated words split."""
        return self._word_lists(True)

    def _word_lists(self, split: bool) -> list[list[str]]:
        ids = self.word_ids(split)
        words = list(map(self.lexicon.__getitem__, ids.values.tolist()))
        ends = ids.bounds.tolist()
        return [words[a:b] for a, b in pairwise(ends)]

    def _encode_all(self) -> None:
        """Word ids of all comments, and of the hyphen-split variants of those with hyphens, in one pass."""
        hyphenated = np.array([i for i, t in enumerate(self.texts) if _has_hyphen(t)], np.int64)
        variants = [split_hyphens(self.texts[i]) for i in hyphenated.tolist()]
        both = self.encode(self.texts + variants)
        n = len(self.texts)
        lengths = both.lengths()
        plain = Ragged(both.values[:both.bounds[n]], both.bounds[:n + 1])
        starts, split_lengths = both.bounds[:n].copy(), lengths[:n].copy()
        starts[hyphenated], split_lengths[hyphenated] = both.bounds[n:-1], lengths[n:]
        self._ids = {False: plain, True: Ragged.from_lengths(both.values[_spans(starts, split_lengths)],
                                                             split_lengths)}

    def encode(self, texts: list[str]) -> Ragged:
        """Word ids of :func:`fast_tokenize` of each text.

        ASCII text (once normalized) goes through one translate-and-split pass. Tokens never span
        a line break, so a text that stays non-ASCII is cut into lines and only its non-ASCII
        lines take the slow path (:func:`discourse.text.tokenize`).
        """
        pieces: list[str] = []  # normalized, lowercased ASCII texts or lines, "" for the slow ones
        owners: list[int] = []
        slow: dict[int, str] = {}  # piece -> its line, tokenized on its own
        for i, text in enumerate(texts):
            whole = _ascii_lower(text)
            parts = [text] if whole is not None else text.split("\n")
            for part in parts:
                low = whole if whole is not None else _ascii_lower(part)
                if low is None:
                    slow[len(pieces)] = part
                owners.append(i)
                pieces.append(low or "")
        joined = _SEPARATOR.join(pieces)
        if joined.count(_SENTINEL) != max(len(pieces) - 1, 0):  # a text holds a NUL itself
            return self._encode_each(texts)
        runs = joined.translate(_BREAKS).split()
        ids = np.fromiter(map(_RunIds(self._id).__getitem__, runs), np.int64, len(runs))
        is_word = ids >= 0
        ends = np.cumsum(is_word)[ids == _SENTINEL_ID]  # words before each separator
        words = Ragged(ids[is_word], np.concatenate(([0], ends, [int(is_word.sum())])))
        if slow:
            words = self._splice(words, {n: tokenize(line) for n, line in slow.items()})
        lengths = np.bincount(np.array(owners, np.int64), words.lengths(), minlength=len(texts))
        return Ragged.from_lengths(words.values, lengths.astype(np.int64))

    def _splice(self, words: Ragged, tokens: dict[int, list[str]]) -> Ragged:
        """``words`` with the runs of some pieces replaced by the ids of the given tokens."""
        extra = [np.array([self._id(w) for w in found], np.int64) for found in tokens.values()]
        at = list(tokens)
        lengths, starts = words.lengths(), words.bounds[:-1].copy()
        extra_lengths = np.array([len(e) for e in extra], np.int64)
        lengths[at] = extra_lengths
        starts[at] = len(words.values) + np.concatenate(([0], np.cumsum(extra_lengths)[:-1]))
        values = np.concatenate([words.values, *extra])
        return Ragged.from_lengths(values[_spans(starts, lengths)], lengths)

    def _encode_each(self, texts: list[str]) -> Ragged:
        lists = [[self._id(w) for w in fast_tokenize(t)] for t in texts]
        values = np.fromiter(chain.from_iterable(lists), np.int64, sum(map(len, lists)))
        return Ragged.from_lengths(values, np.fromiter(map(len, lists), np.int64, len(lists)))

    def _id(self, word: str) -> int:
        wid = self.vocab.get(word)
        if wid is None:
            wid = self.vocab[word] = len(self.lexicon)
            self.lexicon.append(word)
        return wid

    # -- shingles -----------------------------------------------------------------
    def codes(self, k: int, split: bool = False) -> Ragged:
        """The k-word shingle codes of every comment, in text order (repeats kept)."""
        key = (split, k)
        if key not in self._codes:
            self._codes[key] = self.shingle(self.word_ids(split), k)
        return self._codes[key]

    def grams(self, k: int, split: bool = False) -> GramSets:
        """The set of k-word shingle codes of every comment (of split tokens if ``split``)."""
        key = (split, k)
        if key not in self._sets:
            self._sets[key] = GramSets(self.codes(k, split))
        return self._sets[key]

    def shingle(self, ids: Ragged, k: int) -> Ragged:
        """The k-word shingle codes of each run of word ids."""
        lengths = np.maximum(ids.lengths() - k + 1, 0)
        if len(self.lexicon) >= BASE or k > 3:  # codes would overflow int64: code in Python
            flat, ends = ids.values.tolist(), ids.bounds.tolist()
            codes = [self._code_ids(flat[a:b], k) for a, b in pairwise(ends)]
            values = np.array(list(chain.from_iterable(codes)), dtype=object)
            return Ragged.from_lengths(values, lengths)
        words = ids.values
        codes = np.zeros(max(len(words) - k + 1, 0), np.int64)
        for offset in range(k):
            codes = codes * BASE + words[offset:len(words) - k + 1 + offset]
        return Ragged.from_lengths(codes[_spans(ids.bounds[:-1], lengths)], lengths)

    def code(self, words: list[str], k: int) -> list[int]:
        """Shingle codes of one word list (new words get new ids)."""
        ids = [self.vocab.get(w) for w in words]
        if None in ids:
            ids = [self._id(w) for w in words]
        return self._code_ids(ids, k)

    @staticmethod
    def _code_ids(ids: list[int], k: int) -> list[int]:
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


def _code(ids: list[int]) -> int:
    code = 0
    for wid in ids:
        code = code * BASE + wid
    return code


def distinct_pairs(codes: Ragged) -> tuple[np.ndarray, np.ndarray]:
    """(shingle, comment) pairs with repeats within a comment dropped, sorted by shingle then comment."""
    values, owners = codes.values, codes.owners()
    order = np.argsort(values, kind="stable")  # comments stay in order within a shingle
    values, owners = values[order], owners[order]
    keep = np.ones(len(values), bool)
    keep[1:] = (values[1:] != values[:-1]) | (owners[1:] != owners[:-1])
    return values[keep], owners[keep]


def group_starts(sorted_values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in a sorted array."""
    if not len(sorted_values):
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])


class Postings:
    """Which comments use each shingle: the (shingle, comment) pairs grouped by shingle with one sort."""

    def __init__(self, codes: Ragged) -> None:
        self.n_comments = len(codes)
        self.codes, self.owners = distinct_pairs(codes)
        starts = group_starts(self.codes)
        self.unique = self.codes[starts]
        group = np.repeat(np.arange(len(starts), dtype=np.int64), np.diff(np.r_[starts, len(self.codes)]))
        self._keys = group * (self.n_comments + 1) + self.owners  # ascending: by shingle, then comment

    def users_between(self, codes: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(user, query) pairs: for each query ``q``, the comments in [low[q], high[q]) that use ``codes[q]``."""
        group = np.searchsorted(self.unique, codes)
        found = group < len(self.unique)
        found[found] = self.unique[group[found]] == codes[found]
        base = group * (self.n_comments + 1)
        first = np.searchsorted(self._keys, base + np.maximum(low, 0))
        counts = np.where(found, np.searchsorted(self._keys, base + high) - first, 0)
        counts = np.maximum(counts, 0)
        return self.owners[_spans(first, counts)], np.repeat(np.arange(len(codes), dtype=np.int64), counts)

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
