"""Reply and quote links between comments, and quotes of the article.

Cues, strongest first: an ``@name`` mention of a known author, a quote of an earlier
comment (found through an inverted index of word shingles), a name addressed at the
start ("Don, who ..."), a reaction opener ("Agreed.", "…unless"), second-person address
or the answer to a question, and last plain lexical similarity. Every link keeps its
cue kind and the matched text.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from . import patterns as P
from .roles import own_text
from .text import gc_paused
from .tokens import (
    CommentTokens,
    Postings,
    Ragged,
    distinct_pairs,
    split_hyphens,
    split_words,
)

REPLY_COLUMNS = ("reply_to", "reply_cue", "reply_evidence", "article_quote")


@dataclass(frozen=True)
class Link:
    parent: int
    cue: str
    evidence: str


def link_replies(comments: pd.DataFrame, article_text: str = "", window: int = 8,
                 tokens: CommentTokens | None = None) -> pd.DataFrame:
    """Fill reply_to / reply_cue / reply_evidence / quotes_article / article_quote.

    Rows that already name a parent (structured inputs) keep it; only rows with an
    empty ``reply_to`` are inferred, from the ``window`` comments before them
    (quotes and mentions may reach further back). ``tokens`` (of the same texts) is
    reused when given, e.g. shared with :func:`.reposts.find_reposts`.
    """
    out = comments.copy()
    for col in REPLY_COLUMNS:
        out[col] = out[col].fillna("").astype(str) if col in out.columns else ""
    out["quotes_article"] = False
    if out.empty:
        return out
    texts = out["text"].fillna("").astype(str).tolist()
    authors = out["author"].fillna("").astype(str).tolist() if "author" in out.columns else [""] * len(out)
    ids = out["id"].astype(str).tolist()
    columns = {col: out[col].tolist() for col in (*REPLY_COLUMNS, "quotes_article")}
    reposts = out["duplicate_of"].fillna("").astype(bool).tolist() if "duplicate_of" in out.columns \
        else [False] * len(out)
    with gc_paused():
        linker = _Linker(tokens or CommentTokens(texts), authors, _words(article_text), window)
        for i in range(len(out)):
            quote = linker.article_quote(i)
            columns["quotes_article"][i], columns["article_quote"][i] = bool(quote), quote
            if not columns["reply_to"][i] and not reposts[i]:  # a repost repeats, it does not answer
                link = linker.link(i, quotes_article=bool(quote))
                if link:
                    columns["reply_to"][i], columns["reply_cue"][i] = ids[link.parent], link.cue
                    columns["reply_evidence"][i] = link.evidence
            linker.add(i)
    return out.assign(**columns)


def _words(text: str) -> list[str]:
    return split_words(text)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def quoted_spans(text: str) -> list[str]:
    """Text a comment marks as quoted: `>` lines, a "Re:" subject, spans in quotation marks."""
    return [span for span, _ in _quoted_words(text)]


def _quoted_words(text: str) -> list[tuple[str, list[str]]]:
    """(span, its words) of every quoted span of ``text`` long enough to be matched."""
    pairs = [(s, _words(s)) for s in _marked_spans(text)]
    return [(s, words) for s, words in pairs if len(words) >= P.MIN_QUOTE_WORDS]


def _marked_spans(text: str) -> list[str]:
    """Every span ``text`` marks as quoted, of any length."""
    if ">" not in text and ":" not in text and not any(mark in text for mark in P.QUOTE_MARKS):
        return []
    spans = []
    for line in text.split("\n"):
        if P.QUOTE_LINE.match(line):
            spans.append(line.lstrip("> ").strip())
        elif P.RE_HEADER.match(line):
            spans.append(line.split(":", 1)[1].strip())
    spans += [m.group(0).strip("“”\"«» ") for m in P.QUOTED_SPAN.finditer(text)]
    return spans


@dataclass(frozen=True)
class _Span:
    text: str
    article: bool  # comes from the article
    source: int  # the latest recent comment it quotes, or -1


def _quote_spans(tokens: CommentTokens, article: set[int], postings: Postings) -> dict[int, list[_Span]]:
    """comment -> its quoted spans long enough to be matched, with their article and comment sources.

    All spans of the thread are tokenized, coded and looked up at once.
    """
    owners, texts = [], []
    for i, text in enumerate(tokens.texts):
        for span in _marked_spans(text):
            owners.append(i)
            texts.append(span)
    words = tokens.encode([split_hyphens(t) for t in texts])  # the words of split_words()
    long = words.lengths() >= P.MIN_QUOTE_WORDS
    codes = tokens.shingle(words, P.QUOTE_SHINGLE)
    in_article = np.isin(codes.values, np.fromiter(article, np.int64, len(article)))
    hits = np.diff(np.concatenate(([0], np.cumsum(in_article)))[codes.bounds])  # article shingles per span
    sizes = codes.lengths()
    from_article = (sizes > 0) & (hits >= P.ARTICLE_QUOTE_SHARE * sizes)
    sources = _span_sources(codes, in_article, np.array(owners, np.int64), postings)
    out: dict[int, list[_Span]] = {}
    for n in np.flatnonzero(long).tolist():
        out.setdefault(owners[n], []).append(_Span(texts[n], bool(from_article[n]), int(sources[n])))
    return out


def _span_sources(codes: Ragged, in_article: np.ndarray, owners: np.ndarray, postings: Postings) -> np.ndarray:
    """For each span: the latest of the QUOTE_REACH comments before its own that holds at least
    QUOTE_SHARE of its shingles (article shingles aside), or -1.

    Every (span shingle, recent user) pair is listed; a pair (span, comment) then occurs once per
    shingle they share.
    """
    sources = np.full(len(codes), -1, np.int64)
    grams, spans = distinct_pairs(Ragged(np.where(in_article, -1, codes.values), codes.bounds))  # -1: no code
    grams, spans = grams[grams >= 0], spans[grams >= 0]
    if not len(grams):
        return sources
    needed = P.QUOTE_SHARE * np.bincount(spans, minlength=len(codes))
    users, queries = postings.users_between(grams, owners[spans] - P.QUOTE_REACH, owners[spans])
    n = postings.n_comments
    pairs, shared = np.unique(spans[queries] * n + users, return_counts=True)
    span_of, user_of = np.divmod(pairs, n)
    ok = shared >= needed[span_of]
    np.maximum.at(sources, span_of[ok], user_of[ok])
    return sources


class _Linker:
    """Indexes comments as they come and finds the parent of each new one."""

    def __init__(self, tokens: CommentTokens, authors: list[str], article: list[str], window: int) -> None:
        self.tokens = tokens
        self.texts = tokens.texts
        self.authors = [a.strip().lower() for a in authors]
        self.window = window
        k = P.QUOTE_SHINGLE
        self.article = set(tokens.code(article, k))
        self.postings = Postings(tokens.codes(k, split=True))
        self.echoes = self.postings.repeats(P.ECHO_MAX_POSTINGS)  # comment -> [(shingle, earlier user)]
        self.stems, self.content = _content(tokens)
        df = np.bincount(np.fromiter((s for c in self.content for s in c), np.int64), minlength=len(self.stems))
        n = len(self.texts)
        self.weight = [(math.log((n + 1) / (c + 1)) + 1) ** 2 for c in df.tolist()]  # idf squared, by stem id
        self.norm = [math.sqrt(sum(map(self.weight.__getitem__, stems))) for stems in self.content]
        self.contentless = [bool(P.CONTENTLESS.match(t)) for t in self.texts]
        self.spans = _quote_spans(tokens, self.article, self.postings)
        self.by_author: dict[str, int] = {}  # author -> latest comment

    def add(self, i: int) -> None:
        if self.authors[i]:
            self.by_author[self.authors[i]] = i

    def article_quote(self, i: int) -> str:
        """The first quoted span of comment ``i`` that comes from the article, else ""."""
        return next((span.text for span in self.spans.get(i, ()) if span.article), "")

    def link(self, i: int, quotes_article: bool = False) -> Link | None:
        """The parent of comment ``i`` (None for a top-level comment)."""
        if i == 0:
            return None
        text = self.texts[i]
        own = own_text(text)
        link = self._mention(own) or self._quote(i, echo=not quotes_article) or self._address(i, text)
        if link:
            return link
        opener = P.REACTION_OPENER.match(text) or P.ELLIPSIS_REPLY.match(text)
        if opener:
            return self._best(i, "opener", opener.group(0))
        if quotes_article:
            return None  # a comment on the article itself
        question = self._question(i - 1)
        if question:
            return Link(i - 1, "answer", question)
        second = next((w.strip(".,;:!?'\"”’()") for w in own.split() if w.lower() in P.SECOND_PERSON), "")
        if second:
            return self._best(i, "address", second)
        best = self._best(i, "similarity", "")
        return best if best and self._similarity(i, best.parent) >= P.SIMILARITY_LINK else None

    # -- cues ---------------------------------------------------------------
    def _mention(self, own: str) -> Link | None:
        folded = own.casefold()
        if not any(hint in folded for hint in P.MENTION_HINTS):
            return None
        for m in P.MENTION.finditer(own):
            parent = self.by_author.get(m.group("name").lower())
            if parent is not None:
                return Link(parent, "mention", m.group(0))
        return None

    def _quote(self, i: int, echo: bool = True) -> Link | None:
        """An earlier comment that a quoted span comes from, or whose rare phrases this one echoes."""
        for span in self.spans.get(i, ()):
            if span.source >= 0:
                return Link(span.source, "quote", span.text)
        echoes: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for code, previous in self._in_text_order(i, self.echoes.get(i, [])) if echo else ():
            words = self.tokens.decode(code, P.QUOTE_SHINGLE)
            if code not in self.article and i - previous <= self.window and _content_words(words) >= 2:
                echoes[previous].append(words)
        for parent, grams in sorted(echoes.items(), key=lambda kv: (-len(kv[1]), -kv[0])):
            if len(grams) >= P.ECHO_MIN_SHINGLES or _content_words(grams[0]) == len(grams[0]):
                return Link(parent, "quote", " ".join(grams[0]))
        return None

    def _in_text_order(self, i: int, repeats: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """(shingle, earlier user) pairs of comment ``i`` in the order the shingles occur in it."""
        if len(repeats) < 2:
            return repeats
        codes = self.tokens.codes(P.QUOTE_SHINGLE, split=True)
        position = {code: n for n, code in reversed(list(enumerate(
            codes.values[codes.bounds[i]:codes.bounds[i + 1]].tolist())))}
        return sorted(repeats, key=lambda pair: position[pair[0]])

    def _address(self, i: int, text: str) -> Link | None:
        greeting = P.GREETING_ADDRESS.match(text) if self.by_author else None
        parent = self.by_author.get(greeting.group("name").lower()) if greeting else None
        if parent is not None:
            return Link(parent, "address", greeting.group("name"))
        m = P.ADDRESS.match(text) or (P.VOCATIVE.search(text) if self.by_author else None)
        if not m:
            return None
        name = m.group("name").lower()
        if name in P.NOT_NAMES or name.endswith("ly"):
            return None
        for author, parent in self.by_author.items():
            if author == name or author.split()[0] == name:
                return Link(parent, "address", m.group("name"))
        if self.by_author or i == 0:
            return None  # authors are known and none is called that
        return self._best(i, "address", m.group("name"))

    # -- choosing a parent ----------------------------------------------------
    def _candidates(self, i: int) -> list[int]:
        start = max(0, i - self.window)
        return [j for j in range(i - 1, start - 1, -1) if not self.contentless[j]]

    def _similarity(self, i: int, j: int) -> float:
        if not self.norm[i] or not self.norm[j]:
            return 0.0
        shared = self.content[i] & self.content[j]
        return sum(map(self.weight.__getitem__, shared)) / (self.norm[i] * self.norm[j])

    def _best(self, i: int, cue: str, evidence: str) -> Link | None:
        """The candidate parent with the best similarity plus recency prior."""
        candidates = self._candidates(i)
        if not candidates:
            return None
        parent = max(candidates, key=lambda j: self._similarity(i, j) + P.RECENCY_WEIGHT * (1 - (i - 1 - j) / self.window))
        if not evidence:
            shared = sorted(sorted(self.content[i] & self.content[parent], key=self.stems.__getitem__),
                            key=self.weight.__getitem__, reverse=True)  # by weight, then alphabetically
            evidence = " ".join(self.stems[s] for s in shared[:P.SIMILARITY_EVIDENCE_WORDS])
        return Link(parent, cue, evidence)

    def _question(self, j: int) -> str:
        """The first question the writer of comment ``j`` asks, else ""."""
        text = own_text(self.texts[j])
        end = text.find("?")
        if end < 0:
            return ""
        start = max(text.rfind(mark, 0, end) for mark in ".!\n") + 1
        return text[start:end + 1].strip()


class _Stems(dict):
    """word -> its similarity stem, or "" for stop words and numbers (computed once per word)."""

    def __missing__(self, word: str) -> str:
        stem = "" if word in P.SIMILARITY_STOP_WORDS or word.isdigit() else _stem(word)
        self[word] = stem
        return stem


def _content(tokens: CommentTokens) -> tuple[list[str], list[set[int]]]:
    """(stem of each stem id, the stem ids of each comment's content words), from its split tokens."""
    stems, stem_ids = _Stems(), {"": -1}
    for word in tokens.lexicon:
        stem_ids.setdefault(stems[word], len(stem_ids) - 1)
    of_word = np.array([stem_ids[stems[word]] for word in tokens.lexicon], np.int64)
    words = tokens.word_ids(split=True)
    content = of_word[words.values] if len(words.values) else words.values
    flat, ends = content.tolist(), words.bounds.tolist()
    sets = [set(flat[a:b]) for a, b in pairwise(ends)]
    for s in sets:
        s.discard(-1)
    return list(stem_ids)[1:], sets


def _content_words(gram: tuple[str, ...]) -> int:
    return sum(w not in P.SIMILARITY_STOP_WORDS for w in gram)
