"""Reply and quote links between comments, and quotes of the article.

Cues, strongest first: an ``@name`` mention of a known author, a quote of an earlier
comment (found through an inverted index of word shingles), a name addressed at the
start ("Don, who ..."), the turns of two writers (A, B, A: A answers B) and the thread
starter speaking in the comments (an answer to the comment above), a reaction opener
("Agreed.", "…unless"), second-person address or the answer to a question, and last
plain lexical similarity. Every link keeps its cue kind and the matched text.

The evidence of the whole thread (quoted spans and their sources, echoed phrases, content
words and their weights) is gathered for all comments at once. One pass in thread order then
picks each comment's cue; where the cue leaves the parent to lexical similarity, the recent
comments are scored for all such comments together at the end.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from . import patterns as P
from .layouts import MENTION
from .lines import own_text
from .text import gc_paused
from .tokens import (
    BASE,
    CommentTokens,
    Postings,
    Ragged,
    distinct_ranks,
    group_starts,
    isin_sorted,
    sort_rows,
    sorted_unique,
    split_hyphens,
    split_words,
)

REPLY_COLUMNS = ("reply_to", "reply_cue", "reply_evidence", "article_quote")

MOST_SIMILAR = -1  # Link.parent of a cue that leaves the parent to similarity (chosen after the pass)


@dataclass(frozen=True)
class Link:
    parent: int
    cue: str
    evidence: str


def link_replies(comments: pd.DataFrame, article_text: str = "", window: int = 8,
                 tokens: CommentTokens | None = None, guess: bool = True, starter: str = "",
                 thread: bool = False) -> pd.DataFrame:
    """Fill reply_to / reply_cue / reply_evidence / quotes_article / article_quote.

    Rows that already name a parent (structured inputs) keep it; only rows with an
    empty ``reply_to`` are inferred, from the ``window`` comments before them
    (quotes and mentions may reach further back), and only when ``guess``. ``tokens`` (of the same texts) is
    reused when given, e.g. shared with :func:`.reposts.find_reposts`. ``starter`` is the
    author of the article or opening post, if the page names one. ``thread``: the comments are
    the posts of one thread in order (a forum thread pasted as text), so a post that no cue links
    answers the post above it.
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
    columns = {col: out[col].tolist() for col in REPLY_COLUMNS}
    reposts = out["duplicate_of"].fillna("").astype(bool).tolist() if "duplicate_of" in out.columns \
        else [False] * len(out)
    # a repost repeats, it does not answer
    inferred = [guess and not parent and not repost for parent, repost in zip(columns["reply_to"], reposts)]
    with gc_paused():
        linker = _Linker(tokens or CommentTokens(texts), authors, _words(article_text), window, inferred,
                         starter=starter, thread=thread)
        links = linker.link_all()
    columns["article_quote"] = linker.article_quotes
    for i, link in links.items():
        columns["reply_to"][i], columns["reply_cue"][i] = ids[link.parent], link.cue
        columns["reply_evidence"][i] = link.evidence
    return out.assign(**columns, quotes_article=[bool(q) for q in linker.article_quotes])


def _person(name: str) -> str:
    """An author name as compared: lowercased, without "@" or a "u/" prefix."""
    if not name:
        return ""
    name = name.strip().lower().lstrip("@")
    return name[2:] if name.startswith("u/") else name


def _words(text: str) -> list[str]:
    return split_words(text)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def quoted_spans(text: str) -> list[str]:
    """Text a comment marks as quoted: `>` lines, a "Re:" subject, spans in quotation marks."""
    return [span for span in _marked_spans(text) if len(_words(span)) >= P.MIN_QUOTE_WORDS]


def _marked_spans(text: str) -> list[str]:
    """Every span ``text`` marks as quoted, of any length: quoted lines and words first, then a "Re:" subject
    (which a whole thread may share)."""
    spans, subjects = [], []
    if ">" in text or ":" in text:  # a quote line or a "Re:" subject
        for line in text.split("\n"):
            if P.QUOTE_LINE.match(line):
                spans.append(line.lstrip("> ").strip())
            elif P.RE_HEADER.match(line):
                subjects.append(line.split(":", 1)[1].strip())
    if any(mark in text for mark in P.QUOTE_MARKS):
        spans += [span.strip("“”\"«» ") for span in P.QUOTED_SPAN.findall(text)]
    return spans + subjects


def _quote_spans(tokens: CommentTokens, article: np.ndarray, postings: Postings, inferred: np.ndarray,
                 ) -> tuple[list[str], dict[int, Link]]:
    """The first quoted span of each comment that comes from the article ("" if none), and the
    quote links of the ``inferred`` comments whose first sourced span quotes a recent comment.

    Only spans long enough to be matched count. Each distinct span is tokenized and coded once,
    and the sources of all spans are looked up at once.
    """
    distinct: dict[str, int] = {}  # span -> its number
    spans_of = {text: [distinct.setdefault(span, len(distinct)) for span in _marked_spans(text)]
                for text in dict.fromkeys(tokens.texts)}  # reposts repeat the spans of their text
    listed = [spans_of[text] for text in tokens.texts]
    owners = np.repeat(np.arange(len(listed)), [len(spans) for spans in listed])  # the comment of each span
    slots = np.fromiter(chain.from_iterable(listed), np.int64, len(owners))  # and which distinct span it is
    texts = list(distinct)
    words = tokens.encode([split_hyphens(t) for t in texts])  # the words of split_words()
    codes = tokens.shingle(words, P.QUOTE_SHINGLE)
    in_article = isin_sorted(codes.values, article)
    article_before = np.concatenate(([0], np.cumsum(in_article)))[codes.bounds]  # article shingles before a span
    hits, sizes = np.diff(article_before), codes.lengths()
    long = words.lengths() >= P.MIN_QUOTE_WORDS
    from_article = long & (sizes > 0) & (hits >= P.ARTICLE_QUOTE_SHARE * sizes)
    grams, shingles = distinct_ranks(Ragged(codes.values[~in_article], codes.bounds - article_before))
    looked_up = np.flatnonzero(inferred[owners] & long[slots])
    sources = np.full(len(owners), -1, np.int64)
    sources[looked_up] = _span_sources(grams.take(slots[looked_up]), shingles, owners[looked_up], postings)
    sourced = sources >= 0
    article_quotes = [""] * len(tokens.texts)
    at = _first_of_owner(owners, from_article[slots])
    for owner, slot in zip(owners[at].tolist(), slots[at].tolist()):
        article_quotes[owner] = texts[slot]
    at = _first_of_owner(owners, sourced)
    quotes = {owner: Link(source, "quote", texts[slot])
              for owner, source, slot in zip(owners[at].tolist(), sources[at].tolist(), slots[at].tolist())}
    return article_quotes, quotes


def _first_of_owner(owners: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The first chosen index of each owner (``owners`` ascending)."""
    at = np.flatnonzero(chosen)
    return at[group_starts(owners[at])]


def _span_sources(grams: Ragged, shingles: np.ndarray, owners: np.ndarray, postings: Postings) -> np.ndarray:
    """For each span: the latest of the QUOTE_REACH comments before its own that holds at least
    QUOTE_SHARE of its shingles (article shingles aside: ``grams`` are the others), or -1.

    Every (span shingle, recent user) pair is listed; a pair (span, comment) then occurs once per
    shingle they share.
    """
    sources = np.full(len(grams), -1, np.int64)
    if not len(grams.values):
        return sources
    needed = P.QUOTE_SHARE * grams.lengths()
    ranks, spans = sort_rows((grams.values, grams.owners()), (len(shingles), len(grams)))  # lookups in index order
    users, queries = postings.users_between(shingles[ranks], owners[spans] - P.QUOTE_REACH, owners[spans])
    n = postings.n_comments
    pairs, shared = sorted_unique(spans[queries] * n + users)  # by span, then user
    span_of, user_of = np.divmod(pairs, n)
    ok = shared >= needed[span_of]
    span_of, user_of = span_of[ok], user_of[ok]
    latest = np.r_[span_of[1:] != span_of[:-1], True] if len(span_of) else np.zeros(0, bool)
    sources[span_of[latest]] = user_of[latest]
    return sources


def _may_mention(text: str) -> bool:
    """Whether MENTION may match in ``text`` or in its own part (quoted spans cut out)."""
    return any(mark in text for mark in P.MENTION_MARKS) or P.MENTION_REPLY in text.lower()


def _decode_ids(codes: np.ndarray, k: int) -> np.ndarray:
    """The word ids of each k-word shingle code, one row per code."""
    return np.stack([codes // BASE ** (k - 1 - n) % BASE for n in range(k)], axis=1).astype(np.int64)


class _Linker:
    """Finds the parent of each comment from the evidence of the whole thread."""

    def __init__(self, tokens: CommentTokens, authors: list[str], article: list[str], window: int,
                 inferred: list[bool], starter: str = "", thread: bool = False) -> None:
        self.tokens = tokens
        self.inferred = inferred  # the comments whose parent is to be found
        self.texts = tokens.texts
        self.authors = [_person(a) for a in authors]
        self.starter = _person(starter)
        self.thread = thread
        self.all_authored = all(self.authors)  # every comment's writer is known
        self.window = window
        k = P.QUOTE_SHINGLE
        article_codes = tokens.code(article, k)
        self.article = np.unique(np.fromiter(article_codes, np.int64, len(article_codes)))
        self.postings = Postings(tokens.codes(k, split=True))
        self.article_quotes, self.quotes = _quote_spans(tokens, self.article, self.postings, np.array(inferred, bool))
        self.echoes = self._echoes()
        self.stems, self.stem_of_word, self.content_owners, self.content_stems = _content(tokens)
        n = len(self.texts)
        df = np.bincount(self.content_stems, minlength=len(self.stems))
        self.weight = np.array([(math.log((n + 1) / (c + 1)) + 1) ** 2 for c in df.tolist()])  # idf², by stem
        self.norm = np.sqrt(np.bincount(self.content_owners, self.weight[self.content_stems], minlength=n))
        contentless = {text: bool(P.CONTENTLESS.match(text)) for text in dict.fromkeys(self.texts)}
        self.candidate = ~np.array([contentless[text] for text in self.texts], bool)  # may be chosen as a parent
        before = np.concatenate(([0], np.cumsum(self.candidate)))  # candidates before each comment
        self.has_candidates = before[:-1] > before[np.maximum(np.arange(n) - window, 0)]
        self.by_author: dict[str, int] = {}  # author -> latest comment
        self.by_name: dict[str, str] = {}  # full or first name -> the first author called so

    def link_all(self) -> dict[int, Link]:
        """comment -> its parent, for the comments whose parent is inferred (top-level ones have none)."""
        links: dict[int, Link] = {}
        for i, author in enumerate(self.authors):
            if i and self.inferred[i]:
                link = self._link(i)
                if link:
                    links[i] = link
            if author:
                self._add(i, author)
        pending = np.array([i for i, link in links.items() if link.parent == MOST_SIMILAR], np.int64)
        for i, parent, similarity in zip(pending.tolist(), *self._most_similar(pending)):
            link = links.pop(i)
            if link.cue == "similarity" and similarity < P.SIMILARITY_LINK:
                continue
            links[i] = Link(parent, link.cue, link.evidence or self._shared_words(i, parent))
        return links

    def _add(self, i: int, author: str) -> None:
        if author not in self.by_author:
            self.by_name.setdefault(author, author)
            self.by_name.setdefault(author.split()[0], author)
        self.by_author[author] = i
        if "@" in author:  # "ana@social.example" is mentioned as "@ana"
            self.by_author[author.split("@")[0]] = i

    def _link(self, i: int) -> Link | None:
        """The parent of comment ``i``, MOST_SIMILAR where similarity is to choose it, or None."""
        text = self.texts[i]
        quotes_article = bool(self.article_quotes[i])
        cues = [lambda: self._mention(i), lambda: self._quote(i, echo=not quotes_article)]
        if text.startswith(">"):  # a post that opens with a quote answers the quoted post first
            cues.reverse()
        link = cues[0]() or cues[1]() or self._address(i, text) or self._turn(i)
        if link:
            return link
        if self.all_authored and text.startswith("@"):
            return None  # it answers an "@name" who wrote none of the comments (the opening post, say)
        opener = P.REACTION_OPENER.match(text) or P.ELLIPSIS_REPLY.match(text)
        if opener:
            return self._best(i, "opener", opener.group(0))
        if quotes_article:
            return None  # a comment on the article itself
        question = self._question(i - 1)
        if question:
            return Link(i - 1, "answer", question)
        answer = P.ANSWER_OPENER.match(text)
        if answer:  # "Because ...": the latest "why" in the window, else the likeliest recent post
            asked = next(((j, m.group(0).strip()) for j in range(i - 1, max(i - self.window, 0) - 1, -1)
                          for m in [P.WHY_SENTENCE.search(own_text(self.texts[j]))] if m), None)
            return Link(asked[0], "answer", asked[1]) if asked else self._best(i, "opener", answer.group(0))
        second = self._second_person(i)
        if second:
            return self._best(i, "address", second)
        if self.thread and self.candidate[i - 1]:
            return Link(i - 1, "previous", "")  # a thread's post with no cue answers the post above it
        return self._best(i, "similarity", "")

    # -- cues ---------------------------------------------------------------
    def _turn(self, i: int) -> Link | None:
        """A writer's turn in an exchange: A, B, A (A answers B), or the thread's starter speaking in the
        comments: an answer to the comment above."""
        author = self.authors[i]
        if not author or i < 1 or self.authors[i - 1] in ("", author):
            return None
        if i >= 2 and self.authors[i - 2] == author:
            return Link(i - 1, "turn", f"{self.authors[i - 1]} → {author}")
        if author == self.starter:
            return Link(i - 1, "turn", f"{author} (thread starter)")
        return None

    def _mention(self, i: int) -> Link | None:
        text = self.texts[i]
        if not self.by_author or not _may_mention(text):
            return None
        own = own_text(text)
        folded = own.casefold()
        if not any(hint in folded for hint in P.MENTION_HINTS):
            return None
        for m in MENTION.finditer(own):
            parent = self.by_author.get(m.group("name").lower())
            if parent is not None:
                return Link(parent, "mention", m.group(0))
        return None

    def _quote(self, i: int, echo: bool = True) -> Link | None:
        """An earlier comment that a quoted span comes from, or whose rare phrases this one echoes."""
        return self.quotes.get(i) or (self.echoes.get(i) if echo else None)

    def _echoes(self) -> dict[int, Link]:
        """comment -> the recent comment whose rare phrases it echoes.

        A phrase (shingle) counts if at most ECHO_MAX_POSTINGS earlier comments use it, the latest of them
        is within the window, it is not from the article and it has two content words. The parent is the
        comment echoed most (the latest on ties) with ECHO_MIN_SHINGLES phrases, or one of content words only;
        the evidence is the first of those phrases in the text.
        """
        k = P.QUOTE_SHINGLE
        owners, codes, previous, positions = self.postings.repeats(P.ECHO_MAX_POSTINGS)
        content = np.array([w not in P.SIMILARITY_STOP_WORDS for w in self.tokens.lexicon], bool)
        content_words = content[_decode_ids(codes, k)].sum(axis=1)
        keep = (owners - previous <= self.window) & (content_words >= 2) & ~isin_sorted(codes, self.article)
        owners, codes, previous, positions, content_words = (
            a[keep] for a in (owners, codes, previous, positions, content_words))
        order = np.lexsort((positions, previous, owners))  # by comment and echoed comment, in text order
        owners, codes, previous, content_words = (a[order] for a in (owners, codes, previous, content_words))
        first = group_starts(owners, previous)
        count = np.diff(np.r_[first, len(owners)])
        fits = (count >= P.ECHO_MIN_SHINGLES) | (content_words[first] == k)
        first, count = first[fits], count[fits]
        best = np.lexsort((-previous[first], -count, owners[first]))  # most echoed, then latest
        best = first[best][group_starts(owners[first[best]])]
        return {owner: Link(parent, "quote", " ".join(self.tokens.decode(code, k)))
                for owner, parent, code in zip(owners[best].tolist(), previous[best].tolist(), codes[best].tolist())}

    def _address(self, i: int, text: str) -> Link | None:
        # "Thanks ana_b, ...", "dougie you said the same last time": a known author named at the start
        for opener in (P.GREETING_ADDRESS, P.HANDLE_OPENER) if self.by_author else ():
            named = opener.match(text)
            parent = self.by_author.get(named.group("name").lower()) if named else None
            if parent is not None:
                return Link(parent, "address", named.group("name"))
        opening = text.lstrip("@").split(maxsplit=P.MAX_NAME_WORDS)[:P.MAX_NAME_WORDS] if self.by_author else []
        for n in range(len(opening), 1, -1):  # "Maria Lopez I agree ...": a known author's full name
            parent = self.by_author.get(" ".join(opening[:n]).lower())
            if parent is not None:
                return Link(parent, "address", " ".join(opening[:n]))
        m = P.ADDRESS.match(text) or (P.VOCATIVE.search(text) if self.by_author else None)
        if not m:
            return None
        name = m.group("name").lower()
        if name in P.NOT_NAMES or name.endswith("ly"):
            return None
        author = self.by_name.get(name)  # the first author called so, in full or by first name
        if author is not None:
            return Link(self.by_author[author], "address", m.group("name"))
        if self.by_author:
            return None  # authors are known and none is called that
        return self._best(i, "address", m.group("name"))

    def _question(self, j: int) -> str:
        """The first question the writer of comment ``j`` asks, else ""."""
        if "?" not in self.texts[j]:
            return ""
        text = own_text(self.texts[j])
        end = text.find("?")
        if end < 0:
            return ""
        start = max(text.rfind(mark, 0, end) for mark in ".!\n") + 1
        return text[start:end + 1].strip()

    def _second_person(self, i: int) -> str:
        """The first word of comment ``i``'s own text that addresses the reader ("you", "your", ...), else ""."""
        own = own_text(self.texts[i])
        if P.SECOND_PERSON.isdisjoint(own.lower().split()):
            return ""
        return next(w.strip(".,;:!?'\"”’()") for w in own.split() if w.lower() in P.SECOND_PERSON)

    # -- choosing a parent ----------------------------------------------------
    def _best(self, i: int, cue: str, evidence: str) -> Link | None:
        """A link to the most similar recent comment (chosen after the pass), or None without candidates; in a
        thread, to the post above."""
        if self.thread and self.candidate[i - 1]:
            return Link(i - 1, cue, evidence)
        return Link(MOST_SIMILAR, cue, evidence) if self.has_candidates[i] else None

    def _most_similar(self, comments: np.ndarray) -> tuple[list[int], list[float]]:
        """For each comment: the candidate among the ``window`` before it with the best similarity plus
        recency prior (the nearest on ties), and their similarity.

        The content stems are sorted by stem, then comment, so a comment's recent co-users of a stem
        are the entries just before its own.
        """
        n, window = len(self.texts), self.window
        row = np.full(n, -1, np.int64)
        row[comments] = np.arange(len(comments))
        stems, owners = self.content_stems, self.content_owners
        mine = np.flatnonzero(row[owners] >= 0)
        shared = np.zeros(len(comments) * window)  # weight of the stems shared with the comment d + 1 back
        for step in range(1, window + 1):
            back = mine - step
            near = back >= 0
            at, back = mine[near], back[near]
            near = (stems[back] == stems[at]) & (owners[at] - owners[back] <= window)
            at, back = at[near], back[near]
            if not len(at):
                break
            cell = row[owners[at]] * window + owners[at] - owners[back] - 1
            shared += np.bincount(cell, self.weight[stems[at]], minlength=len(shared))
        shared = shared.reshape(len(comments), window)
        earlier = comments[:, None] - np.arange(1, window + 1)  # the candidate d + 1 back
        valid = earlier >= 0
        earlier = np.where(valid, earlier, 0)
        valid &= self.candidate[earlier]
        norms = self.norm[comments][:, None] * self.norm[earlier]
        similarity = np.divide(shared, norms, out=np.zeros_like(shared), where=norms > 0)
        score = similarity + P.RECENCY_WEIGHT * (1 - np.arange(window) / window)
        best = np.argmax(np.where(valid, score, -np.inf), axis=1)
        picked = np.arange(len(comments))
        return earlier[picked, best].tolist(), similarity[picked, best].tolist()

    def _shared_words(self, i: int, j: int) -> str:
        """The heaviest content stems comments ``i`` and ``j`` share (alphabetical on ties)."""
        shared = sorted(sorted(self._stems_of(i) & self._stems_of(j), key=self.stems.__getitem__),
                        key=self.weight.__getitem__, reverse=True)
        return " ".join(self.stems[s] for s in shared[:P.SIMILARITY_EVIDENCE_WORDS])

    def _stems_of(self, i: int) -> set[int]:
        words = self.tokens.word_ids(split=True)
        stems = set(self.stem_of_word[words.values[words.bounds[i]:words.bounds[i + 1]]].tolist())
        stems.discard(-1)
        return stems


class _Stems(dict):
    """word -> its similarity stem, or "" for stop words and numbers (computed once per word)."""

    def __missing__(self, word: str) -> str:
        stem = "" if word in P.SIMILARITY_STOP_WORDS or word.isdigit() else _stem(word)
        self[word] = stem
        return stem


def _content(tokens: CommentTokens) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(stem of each stem id, stem id of each word id, and the distinct (comment, content stem) pairs of the
    comments' split tokens sorted by stem, then comment)."""
    stems, stem_ids = _Stems(), {"": -1}
    for word in tokens.lexicon:
        stem_ids.setdefault(stems[word], len(stem_ids) - 1)
    of_word = np.array([stem_ids[stems[word]] for word in tokens.lexicon], np.int64)
    words = tokens.word_ids(split=True)
    content = of_word[words.values]
    owners = words.owners()
    known = content >= 0
    content, owners = sort_rows((content[known], owners[known]), (len(stem_ids) - 1, len(words)))
    distinct = group_starts(content, owners)
    return list(stem_ids)[1:], of_word, owners[distinct], content[distinct]
