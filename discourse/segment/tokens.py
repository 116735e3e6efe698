"""Word tokens and shingles of the comments, computed once and shared by reposts and replies.

Words are coded as integer ids and shingles (runs of k words) as integers,
``((w1 * B) + w2) * B + w3`` over word ids, so that sets, counts and inverted indexes
work on small ints rather than tuples. The tokens of a whole thread come from one pass
of numpy over the bytes of its distinct comments (lowercased ASCII once normalized; the
few other lines go through :func:`discourse.text.tokenize`), and the shingle codes of all
comments from one vectorised pass: per-comment values are kept as :class:`Ragged`
arrays (one flat array and the offsets of each comment's run).

Set operations over the whole thread (distinct shingles per comment, who uses a shingle)
are sorts of integer rows; :func:`sort_rows` packs each row into one int64 so that one
np.sort does the work.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np
import pandas as pd

from ..text import (HYPHEN_CHARS, TOKEN_EDGES, URL_RE, ascii_lower, ascii_normal, fast_tokenize, split_hyphens,
                    token_spans, tokenize)

BASE = 1 << 21  # word ids below this code three-word shingles within int64
# The little-endian 8-byte code of a word's first k characters keeps only k bytes (k = 0..8).
_HEAD_MASKS = np.array([(1 << 8 * k) - 1 for k in range(9)], np.uint64)


def split_words(text: str) -> list[str]:
    """Tokens with hyphenated words split ("rules-based" -> "rules", "based")."""
    return fast_tokenize(split_hyphens(text))


@dataclass
class Ragged:
    """One value list per comment, stored flat: comment ``i`` has ``values[bounds[i]:bounds[i + 1]]``."""

    values: np.ndarray
    bounds: np.ndarray  # len(comments) + 1 offsets

    @classmethod
    def from_lengths(cls, values: np.ndarray, lengths: np.ndarray) -> Ragged:
        return cls(values, np.concatenate(([0], np.cumsum(lengths, dtype=np.int64))))

    @classmethod
    def from_lists(cls, lists: list[list[int]]) -> Ragged:
        values = np.fromiter(chain.from_iterable(lists), np.int64, sum(map(len, lists)))
        return cls.from_lengths(values, np.fromiter(map(len, lists), np.int64, len(lists)))

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def lengths(self) -> np.ndarray:
        return np.diff(self.bounds)

    def owners(self) -> np.ndarray:
        """The comment of every value."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.lengths())

    def take(self, rows: np.ndarray) -> Ragged:
        """The runs of the given rows, in that order."""
        lengths = self.lengths()[rows]
        return Ragged.from_lengths(self.values[_spans(self.bounds[rows], lengths)], lengths)


def _with_rows(base: Ragged, rows: list[np.ndarray], runs: list[Ragged]) -> Ragged:
    """``base`` with the runs of ``rows[n]`` replaced by those of ``runs[n]``."""
    starts, lengths = base.bounds[:-1].copy(), base.lengths()
    values, offset = [base.values], len(base.values)
    for at, new in zip(rows, runs):
        starts[at], lengths[at] = new.bounds[:-1] + offset, new.lengths()
        values.append(new.values)
        offset += len(new.values)
    return Ragged.from_lengths(np.concatenate(values)[_spans(starts, lengths)], lengths)


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenated index ranges ``[start, start + length)``."""
    total = int(lengths.sum())
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(lengths) else lengths
    at = np.arange(total, dtype=np.int64)
    at += np.repeat(starts - offsets, lengths)
    return at


def _distinct(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts in order of first use, and which of them each text is."""
    slots: dict[str, int] = {}
    slot = np.fromiter((slots.setdefault(t, len(slots)) for t in texts), np.int64, len(texts))
    return list(slots), slot


@dataclass
class _Pieces:
    """Texts cut into the pieces the tokenizer reads: a text that is ASCII once normalized is one piece,
    lowercased and with URLs blanked; any other text is cut into lines (tokens never span a line break)
    and its non-ASCII lines are left to :func:`discourse.text.tokenize` (``slow``, their pieces are "")."""

    texts: list[str]
    owners: list[int]  # the text of each piece
    slow: dict[int, str]  # piece -> its line
    own_hyphens: np.ndarray  # by text: ASCII once normalized, without URLs, and all its hyphens its own

    @classmethod
    def cut(cls, texts: list[str]) -> _Pieces:
        pieces, owners, slow = [], [], {}
        own_hyphens = np.zeros(len(texts), bool)
        for i, text in enumerate(texts):
            normal = ascii_normal(text)
            if normal is not None:
                low = normal.lower()
                has_url = "://" in low or "www." in low
                own_hyphens[i] = not has_url and (normal is text or normal.count("-") == text.count("-"))
                owners.append(i)
                pieces.append(URL_RE.sub(" ", low) if has_url else low)
                continue
            for line in text.split("\n"):
                low = ascii_lower(line)
                if low is None:
                    slow[len(pieces)] = line
                owners.append(i)
                pieces.append(low or "")
        return cls(pieces, owners, slow, own_hyphens)

    def __add__(self, other: _Pieces) -> _Pieces:
        n = len(self.texts)
        return _Pieces(self.texts + other.texts, self.owners + [len(self.own_hyphens) + i for i in other.owners],
                       {**self.slow, **{n + p: line for p, line in other.slow.items()}},
                       np.concatenate((self.own_hyphens, other.own_hyphens)))


def _word_keys(text: bytes, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """One int64 per word of ASCII ``text``, equal for two words exactly when they are the same string.

    A word of up to 8 characters is keyed by its bytes. A longer one is keyed 8 characters at a time: the key
    of its first 8k characters and its next 8 are numbered as a pair with pd.factorize (negative, apart from
    the short words' keys, and apart between rounds). A loop, not recursion: a word may be any length.
    ``text`` must run on 8 bytes past the last word.
    """
    heads = np.ndarray((len(text) - 7,), np.dtype("<u8"), text, 0, (1,))  # the 8 bytes from each offset
    keys = (heads[starts] & _HEAD_MASKS[np.minimum(lengths, 8)]).view(np.int64)  # ASCII: below 2**63
    long = np.flatnonzero(lengths > 8)
    done, taken = 8, 0  # characters keyed so far; pair numbers used by earlier rounds
    while len(long):
        rest = lengths[long] - done
        chunks = (heads[starts[long] + done] & _HEAD_MASKS[np.minimum(rest, 8)]).view(np.int64)
        head_numbers = pd.factorize(keys[long])[0]
        chunk_numbers, distinct_chunks = pd.factorize(chunks)
        pairs, distinct_pairs = pd.factorize(head_numbers * len(distinct_chunks) + chunk_numbers)
        keys[long] = -1 - (taken + pairs)
        taken += len(distinct_pairs)
        long, done = long[rest > 8], done + 8
    return keys


class CommentTokens:
    """Per-comment word ids and shingle codes, built on first use and then reused."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vocab: dict[str, int] = {}
        self.lexicon: list[str] = []  # word of each id
        self._ids: dict[bool, Ragged] = {}
        self._codes: dict[tuple[bool, int], Ragged] = {}

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
        """Word ids of all comments, and of their tokens with hyphenated words split.

        Where all hyphens in a comment's words are the text's own, its split tokens are its piece
        tokenized with hyphens as breaks. The others with hyphens (and URLs, dashes straightened into
        hyphens or non-ASCII lines) are tokenized again with their hyphens replaced by spaces.
        """
        distinct, slot = _distinct(self.texts)
        pieces = _Pieces.cut(distinct)
        plain = self._text_ids(pieces)
        for word in [word for word in self.lexicon if "-" in word]:  # the parts get ids first, in word order
            for part in word.split("-"):
                if part := part.strip(TOKEN_EDGES):
                    self._id(part)
        hyphenated = np.array([any(h in text for h in HYPHEN_CHARS) for text in distinct], bool)
        own = np.flatnonzero(hyphenated & pieces.own_hyphens)  # one piece each
        again = np.flatnonzero(hyphenated & ~pieces.own_hyphens)
        own_pieces = np.searchsorted(np.array(pieces.owners, np.int64), own)
        own_pieces = _Pieces([pieces.texts[p] for p in own_pieces.tolist()], list(range(len(own))), {},
                             np.ones(len(own), bool))
        split = self._text_ids(own_pieces + _Pieces.cut([split_hyphens(distinct[i]) for i in again.tolist()]),
                               hyphens_break=len(own))
        # each text's split tokens: its plain ones, or those of the second pass
        starts, lengths = plain.bounds[:-1].copy(), plain.lengths()
        redone = np.concatenate((own, again))
        starts[redone], lengths[redone] = split.bounds[:-1] + len(plain.values), split.lengths()
        values = np.concatenate((plain.values, split.values))
        lengths = lengths[slot]
        self._ids = {False: plain.take(slot) if len(distinct) < len(slot) else plain,
                     True: Ragged.from_lengths(values[_spans(starts[slot], lengths)], lengths)}

    def gathered(self, texts: list[str], rows: np.ndarray, counts: np.ndarray,
                 own: dict[int, str] | None = None) -> CommentTokens:
        """Tokens of ``texts``, each made of ``counts[i]`` of these texts (``rows``, in order, joined by line
        breaks: tokens never span one), sharing this vocabulary: the lines' tokens serve their comments. ``own``
        gives the rows whose text in the comment differs (an author prefix cut off); they are tokenized again."""
        out = CommentTokens(texts)
        out.vocab, out.lexicon = self.vocab, self.lexicon
        owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        for split in (False, True):
            base = self.word_ids(split)
            if own:
                at = np.fromiter(own, np.int64, len(own))
                redone = self.encode([split_hyphens(text) if split else text for text in own.values()])
                base = _with_rows(base, [at], [redone])
            lengths = np.bincount(owner, base.lengths()[rows], minlength=len(counts)).astype(np.int64)
            out._ids[split] = Ragged.from_lengths(base.take(rows).values, lengths)
        return out

    def encode(self, texts: list[str]) -> Ragged:
        """Word ids of :func:`fast_tokenize` of each text."""
        distinct, slot = _distinct(texts)
        words = self._text_ids(_Pieces.cut(distinct))
        return words.take(slot) if len(distinct) < len(slot) else words

    def _text_ids(self, pieces: _Pieces, hyphens_break: int = 0) -> Ragged:
        """Word ids of the texts cut into ``pieces``; hyphens break words in the first ``hyphens_break`` pieces.

        All pieces are joined and tokenized at once (:func:`discourse.text.token_spans`), and each distinct word is looked
        up once. New words get ids in order of first use, those of the slow lines last.
        """
        sizes = np.fromiter(map(len, pieces.texts), np.int64, len(pieces.texts))
        offsets = np.cumsum(sizes + 1) - sizes  # the joined text starts with a break, and one follows each piece
        joined = " " + " ".join(pieces.texts) + " " * 8
        data = joined.encode("ascii")
        bounds = np.r_[offsets, len(data)]
        starts, ends = token_spans(data, int(bounds[hyphens_break]) if hyphens_break else 0)
        numbers, distinct = pd.factorize(_word_keys(data, starts, ends - starts))
        seen = np.maximum.accumulate(numbers)
        first = np.flatnonzero(np.r_[True, seen[1:] > seen[:-1]])[:len(distinct)]  # each word's first use
        ids = np.fromiter((self._id(joined[a:b]) for a, b in zip(starts[first].tolist(), ends[first].tolist())),
                          np.int64, len(first))
        counts = np.diff(np.searchsorted(starts, bounds))
        words = Ragged.from_lengths(ids[numbers], counts)
        if pieces.slow:
            lines = Ragged.from_lists([[self._id(w) for w in tokenize(line)] for line in pieces.slow.values()])
            words = _with_rows(words, [np.fromiter(pieces.slow, np.int64, len(pieces.slow))], [lines])
        lengths = np.bincount(np.array(pieces.owners, np.int64), words.lengths(), minlength=len(pieces.own_hyphens))
        return Ragged.from_lengths(words.values, lengths.astype(np.int64))

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

    def shingle(self, ids: Ragged, k: int) -> Ragged:
        """The k-word shingle codes of each run of word ids."""
        lengths = np.maximum(ids.lengths() - k + 1, 0)
        if len(self.lexicon) >= BASE or k > 3:  # codes would overflow int64: code in Python
            flat, ends = ids.values.tolist(), ids.bounds.tolist()
            codes = [self._code_ids(flat[a:b], k) for a, b in pairwise(ends)]
            values = np.array(list(chain.from_iterable(codes)), dtype=object)
            return Ragged.from_lengths(values, lengths)
        words, size = ids.values, max(len(ids.values) - k + 1, 0)
        codes = words[:size].astype(np.int64)  # worked on in place: big temporaries are costly
        for offset in range(1, k):
            codes *= BASE
            codes += words[offset:size + offset]
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


def sort_rows(columns: tuple[np.ndarray, ...], sizes: tuple[int, ...]) -> list[np.ndarray]:
    """The rows of integer ``columns`` (column ``c`` in [0, sizes[c])) in ascending order, first column first.

    Rows are packed into one int64 each where they fit: one np.sort is many times faster than np.lexsort.
    """
    sizes = tuple(max(size, 1) for size in sizes)
    if math.prod(sizes) > np.iinfo(np.int64).max:
        order = np.lexsort(columns[::-1])
        return [column[order] for column in columns]
    key = columns[0].astype(np.int64)  # a copy, then worked on in place: big temporaries are costly
    for column, size in zip(columns[1:], sizes[1:]):
        key *= size
        key += column
    key.sort()
    out = []
    for size in reversed(sizes[1:]):
        out.append(key % size)
        key //= size
    return [key, *reversed(out)]


def group_starts(*columns: np.ndarray) -> np.ndarray:
    """Where each run of equal rows starts, in sorted ``columns``."""
    new = np.zeros(len(columns[0]), bool)
    new[:1] = True
    for column in columns:
        new[1:] |= column[1:] != column[:-1]
    return np.flatnonzero(new)


def sorted_factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rank of each value among the distinct values, and those in ascending order: pd.factorize with
    sort=True, which costs more on large arrays."""
    numbers, distinct = pd.factorize(values)
    order = np.argsort(distinct, kind="stable")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return rank[numbers], distinct[order]


def distinct_ranks(rows: Ragged) -> tuple[Ragged, np.ndarray]:
    """Each row's distinct values in ascending order, as ranks into the sorted distinct values of all
    rows (returned second)."""
    ranks, values = sorted_factorize(rows.values)
    owners, ranks = sort_rows((rows.owners(), ranks), (len(rows), len(values)))
    first = group_starts(owners, ranks)
    return Ragged.from_lengths(ranks[first], np.bincount(owners[first], minlength=len(rows))), values


def isin_sorted(values: np.ndarray, members: np.ndarray) -> np.ndarray:
    """np.isin for ``members`` sorted and distinct, by binary search."""
    if not len(members):
        return np.zeros(len(values), bool)
    return members[np.minimum(np.searchsorted(members, values), len(members) - 1)] == values


def sorted_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values in ascending order and how often each occurs (np.unique with counts, by one sort)."""
    values = np.sort(values)
    starts = group_starts(values)
    return values[starts], np.diff(np.r_[starts, len(values)])


class Postings:
    """Which comments use each shingle: the distinct (shingle, comment) pairs, sorted by shingle then comment.

    ``ranks`` number the distinct shingles (``unique``) in ascending order; ``positions`` say where
    each comment first uses the shingle (an index into its run of codes).
    """

    def __init__(self, codes: Ragged, keep: np.ndarray | None = None) -> None:
        """The postings of ``codes``; with ``keep`` (a mask over ``codes.values``), of the kept codes only (their
        positions still count every code of their run)."""
        self.n_comments = n = len(codes)
        size = len(codes.values)
        at = np.flatnonzero(keep) if keep is not None else np.arange(size, dtype=np.int64)
        ranks, self.unique = sorted_factorize(codes.values[at])
        # the flat positions by shingle, then position: a comment's first use of a shingle leads its run
        ranks, at = sort_rows((ranks, at), (len(self.unique), size))
        owners = codes.owners()[at]
        first = group_starts(ranks, owners)
        self.ranks, self.owners = ranks[first], owners[first]
        self.positions = at[first] - codes.bounds[self.owners]
        self._keys = self.ranks * (n + 1)
        self._keys += self.owners  # ascending: by shingle, then comment

    def users_between(self, codes: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(user, query) pairs: for each query ``q``, the comments in [low[q], high[q]) that use ``codes[q]``.

        Lookups are fastest with the queries in ascending order of their codes.
        """
        group = np.searchsorted(self.unique, codes)
        found = group < len(self.unique)
        found[found] = self.unique[group[found]] == codes[found]
        base = group * (self.n_comments + 1)
        first = np.searchsorted(self._keys, base + np.maximum(low, 0))
        counts = np.where(found, np.searchsorted(self._keys, base + high) - first, 0)
        counts = np.maximum(counts, 0)
        return self.owners[_spans(first, counts)], np.repeat(np.arange(len(codes), dtype=np.int64), counts)

    def repeats(self, max_earlier: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(comment, shingle, latest earlier user, position) of each shingle of a comment that 1..max_earlier
        earlier comments use."""
        starts = group_starts(self.ranks)
        earlier = np.arange(len(self.ranks)) - np.repeat(starts, np.diff(np.r_[starts, len(self.ranks)]))
        at = np.flatnonzero((earlier >= 1) & (earlier <= max_earlier))
        return self.owners[at], self.unique[self.ranks[at]], self.owners[at - 1], self.positions[at]
