"""Where posts start in a flat thread dump: a decoder over the whole thread with learned weights.

A flat dump (one paragraph a line, no author lines) is cut into units: a line, or a run of ``>`` quote lines.
Each unit either opens a post or continues the current one. The evidence:

* the unit's own shape and wording and those of the line before it (sign-offs, greetings, a line announcing
  what follows, links, list items, reaction and continuation openers, ...), computed for all units at once;
* the quote graph of the whole thread (:mod:`.quotes`): a quote's source line, and later quotes of this
  unit's lines (a ``>`` block quoting two lines says they are one post);
* the decisions already taken (the history): a quote of a line of the current post opens a new post; a quote
  that goes on through the source the current post answers continues it, one that turns to another post or
  back to an earlier point opens a new one.

Each feature has a weight (``weights.json``, fitted by ``tools/fit_segment_weights.py`` on labelled dumps);
a unit's score is the logistic of the weighted sum. The decoder goes through the thread once, keeping the
``beam`` best partial segmentations by their summed log-probabilities, and returns the best one.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import numpy as np

from . import patterns as P
from .quotes import QuoteSources, is_quote
from .lines import Line
from .weights import load_weights

# Features of a unit that do not depend on the decisions before it.
STATIC_FEATURES = (
    "quote_opens", "re_line", "after_quote", "text_after_text",
    "quoted_together", "next_quote_starts_here", "next_quote_spans_both", "next_quote_has_previous_only",
    "next_quote_after_here", "later_quote_starts_here",
    "previous_short", "previous_signs_off", "previous_announces", "previous_question", "previous_long",
    "previous_emoticon", "previous_name",
    "greeting_line", "attribution_line", "reaction_opener", "continuation_opener", "conjunction_opener",
    "first_person_opener", "second_person_opener", "name_addressed", "link_line", "list_goes_on",
    "labelled_link", "headline_shape", "second_person", "reader", "journal", "lowercase_start",
    "log_words", "log_words_previous", "change_point",
)
# How a quote unit relates to the current post and the quote before it in that post.
QUOTE_RELATIONS = ("quotes_current_post", "first_quote_of_post", "no_source", "no_source_again",
                   "after_unsourced", "turns_to_other_post", "turns_back_to_other_post", "goes_on",
                   "same_line_again", "same_line_goes_on", "goes_back")
HISTORY_FEATURES = ("current_post_length", "source_in_previous_post", "in_opening_post", "quote_in_opening_post",
                    "reader_in_opening_post", *QUOTE_RELATIONS)
FEATURES = STATIC_FEATURES + HISTORY_FEATURES


def unit_starts(lines: list[Line], start: int) -> np.ndarray:
    """First line (position in ``lines``) of each unit of ``lines[start:]``: runs of ``>`` lines make one unit."""
    quote = np.fromiter((line.quote for line in lines[start:]), bool, len(lines) - start)
    joined = np.zeros(len(quote), bool)
    joined[1:] = quote[1:] & quote[:-1]
    return np.flatnonzero(~joined) + start


def _first_words(lines: list[Line]) -> list[str]:
    return [line.text.split(None, 1)[0].lower().strip(".,!?;:\"'()") for line in lines]


def static_features(lines: list[Line], units: np.ndarray, sources: QuoteSources,
                    change_point: int | None = None) -> np.ndarray:
    """The STATIC_FEATURES of every unit (rows), from the unit's first line and the line before it."""
    n = len(units)
    firsts = [lines[k] for k in units.tolist()]
    prevs = [lines[k - 1] if k else None for k in units.tolist()]
    col: dict[str, np.ndarray] = {}

    def flags(values) -> np.ndarray:
        return np.fromiter(values, bool, n)

    quote_here = flags(is_quote(line) for line in firsts)
    quote_before = flags(prev is not None and is_quote(prev) for prev in prevs)
    col["quote_opens"] = quote_here
    col["re_line"] = flags(line.re_header for line in firsts)
    col["after_quote"] = quote_before & ~quote_here
    text_after_text = ~quote_here & ~quote_before & np.array([p is not None for p in prevs])
    col["text_after_text"] = text_after_text
    # later quotes of this unit's line and the line before it
    src = sources.source
    together = np.zeros(len(lines), bool)  # lines[k - 1] and lines[k] quoted in one > block
    pairs = np.flatnonzero(sources.quote[1:] & sources.quote[:-1] & (src[1:] >= 0) & (src[:-1] >= 0)) + 1
    together[src[pairs][src[pairs] == src[pairs - 1] + 1]] = True
    col["quoted_together"] = together[units] & text_after_text
    q_units = [k for k in unit_starts(lines, 0).tolist() if sources.quote[k]]
    next_q = np.searchsorted(np.array(q_units, np.int64), units, side="right")
    nxt = {name: np.zeros(n, bool) for name in ("next_quote_starts_here", "next_quote_spans_both",
                                                 "next_quote_has_previous_only", "next_quote_after_here")}
    unit_sources = {}
    for i in np.flatnonzero(~quote_here & (next_q < len(q_units))).tolist():
        q = q_units[next_q[i]]
        if q not in unit_sources:
            end = q + 1
            while end < len(lines) and lines[end].quote and lines[q].quote:
                end += 1
            found = src[q:end]
            unit_sources[q] = found[found >= 0]
        found, k = unit_sources[q], int(units[i])
        if len(found):
            nxt["next_quote_starts_here"][i] = found.min() == k
            nxt["next_quote_spans_both"][i] = (found == k).any() and (found == k - 1).any()
            nxt["next_quote_has_previous_only"][i] = (found == k - 1).any() and not (found == k).any()
            nxt["next_quote_after_here"][i] = found.min() > k
    col.update(nxt)
    unit_first = np.zeros(len(lines))  # how many quote units start quoting at each line
    for q in q_units:
        end = q + 1
        while end < len(lines) and lines[q].quote and lines[end].quote:
            end += 1
        found = src[q:end]
        if (found >= 0).any():
            unit_first[found[found >= 0].min()] += 1
    col["later_quote_starts_here"] = np.minimum(unit_first[units], 2) * text_after_text
    col["previous_short"] = flags(p is not None and p.words <= P.SIGN_OFF_WORDS and not p.terminated for p in prevs)
    col["previous_signs_off"] = flags(p is not None and _signs_off(p) for p in prevs)
    col["previous_announces"] = flags(p is not None and p.colon_end for p in prevs)
    col["previous_question"] = flags(p is not None and p.text.endswith("?") for p in prevs)
    col["previous_long"] = flags(p is not None and p.words >= P.LONG_PARAGRAPH_WORDS for p in prevs)
    col["previous_emoticon"] = flags(p is not None and ("emoticon_" in p.text or ":" in p.text[-6:] or ";" in p.text[-6:])
                                     and bool(P.EMOTICON_END.search(p.text)) for p in prevs)
    col["previous_name"] = flags(p is not None and p.words <= 2 and bool(P.SIGNED_NAME.match(p.text)) for p in prevs)
    col["greeting_line"] = flags(line.words <= P.SIGN_OFF_WORDS and not line.terminated
                                 and line.text[-1] in P.GREETING_ENDS and bool(P.GREETING_LINE.match(line.text))
                                 for line in firsts)
    col["attribution_line"] = flags(line.colon_end and bool(P.QUOTE_ATTRIBUTION.search(line.text)) for line in firsts)
    words = _first_words(firsts)
    col["reaction_opener"] = flags(w in P.REACTION_STARTS and bool(P.REACTION_OPENER.match(line.text))
                                   for w, line in zip(words, firsts))
    col["continuation_opener"] = flags(w in P.CONTINUATION_STARTS and bool(P.CONTINUATION_OPENER.match(line.text))
                                       for w, line in zip(words, firsts))
    col["conjunction_opener"] = flags(w in P.CONJUNCTION_OPENERS for w in words)
    col["first_person_opener"] = flags(w in P.FIRST_PERSON_OPENERS for w in words)
    col["second_person_opener"] = flags(w in P.SECOND_PERSON_OPENERS for w in words)
    col["name_addressed"] = flags("," in line.text[:P.ADDRESS_REACH] and w not in P.NOT_NAMES
                                  and bool(P.NAME_ADDRESS.match(line.text)) for w, line in zip(words, firsts))
    col["link_line"] = flags(line.url_only for line in firsts)
    col["list_goes_on"] = flags(line.list_item and p is not None and p.list_item for line, p in zip(firsts, prevs))
    col["labelled_link"] = flags(line.words == 2 and bool(P.LABELLED_URL.match(line.text)) for line in firsts)
    col["headline_shape"] = flags(line.headline for line in firsts)
    col["second_person"] = flags(not P.SECOND_PERSON.isdisjoint(line.text.lower().split()) for line in firsts)
    col["reader"] = np.fromiter((line.reader for line in firsts), float, n)
    col["journal"] = np.fromiter((line.journal for line in firsts), float, n)
    col["lowercase_start"] = flags(line.text[:1].islower() for line in firsts)
    col["log_words"] = np.log1p(np.fromiter((line.words for line in firsts), float, n))
    col["log_words_previous"] = np.log1p(np.fromiter((p.words if p is not None else 0 for p in prevs), float, n))
    col["change_point"] = units == change_point if change_point is not None else np.zeros(n, bool)
    return np.column_stack([col[name].astype(float) for name in STATIC_FEATURES])


def _signs_off(line: Line) -> bool:
    """A sign-off closing a post: "Cheers,", "--", "-Wez", "— Karen"."""
    text = line.text
    return (text.endswith(P.VALEDICTION_ENDS) and bool(P.VALEDICTION.match(text))) \
        or (text[0] in P.DASH_STARTS and bool(P.DASH_SIGNATURE.match(text)))


@dataclass
class _State:
    """A partial segmentation: its log-probability, the post starts so far (line positions), and the quote
    units of the current post as (first line, source, last matched word)."""

    score: float
    starts: list[int]
    quotes: list[tuple[int, int, int]]

    @property
    def current(self) -> int:
        return self.starts[-1]


class PostDecoder:
    """Post starts of a flat thread dump.

    Parameters
    ----------
    weights : the feature weights and intercept (``{"intercept": b, "coef": {name: w}}``); None reads the
        ``post_decoder`` table of the package's weights.
    threshold : probability above which a unit opens a post (shifts the intercept); None takes the weights'.
    beam : partial segmentations kept while decoding (1 = greedy).
    """

    def __init__(self, *, weights: dict | None = None, threshold: float | None = None, beam: int = 1) -> None:
        self.weights = weights
        self.threshold = threshold
        self.beam = beam

    def _coef(self) -> tuple[np.ndarray, float]:
        table = self.weights if self.weights is not None else load_weights()["post_decoder"]
        coef = np.array([table["coef"].get(name, 0.0) for name in FEATURES])
        threshold = self.threshold if self.threshold is not None else table.get("threshold", 0.5)
        bias = table["intercept"] - math.log(threshold / (1 - threshold))
        return coef, bias

    def decode(self, lines: list[Line], start: int, sources: QuoteSources,
               change_point: int | None = None) -> list[int]:
        """The first lines (positions in ``lines``) of the posts of ``lines[start:]``; the first unit opens one."""
        units = unit_starts(lines, start)
        if len(units) == 0:
            return []
        coef, bias = self._coef()
        static = static_features(lines, units, sources, change_point) @ coef[:len(STATIC_FEATURES)] + bias
        history = dict(zip(HISTORY_FEATURES, coef[len(STATIC_FEATURES):].tolist()))
        states = [_State(0.0, [int(units[0])], [])]
        self._note_quote(states[0], lines, int(units[0]), sources)
        for u in range(1, len(units)):
            k = int(units[u])
            grown = []
            for state in states:
                z = float(static[u]) + sum(history[name] * value for name, value in
                                           history_features(lines, k, sources, state.starts, state.quotes).items())
                for opens in (True, False):
                    p = 1 / (1 + math.exp(-z)) if opens else 1 / (1 + math.exp(z))
                    if self.beam == 1 and p < 0.5:
                        continue
                    new = _State(state.score + math.log(max(p, 1e-12)),
                                 state.starts + [k] if opens else state.starts,
                                 [] if opens else state.quotes)
                    self._note_quote(new, lines, k, sources)
                    grown.append(new)
            grown.sort(key=lambda s: -s.score)
            states = grown[:self.beam]
        return states[0].starts

    @staticmethod
    def _note_quote(state: _State, lines: list[Line], k: int, sources: QuoteSources) -> None:
        if sources.quote[k]:
            state.quotes = state.quotes + [_unit_source(lines, k, sources)]


def _unit_source(lines: list[Line], k: int, sources: QuoteSources) -> tuple[int, int, int]:
    """(first line, source, last matched word) of the quote unit at ``k``: the latest source of its lines."""
    end = k + 1
    while end < len(lines) and lines[k].quote and lines[end].quote:
        end += 1
    found = sources.source[k:end]
    if not (found >= 0).any():
        return k, -1, -1
    at = k + int(np.flatnonzero(found == found.max())[-1])
    return k, int(found.max()), int(sources.last_word[at])


def history_features(lines: list[Line], k: int, sources: QuoteSources, starts: list[int],
                     quotes: list[tuple[int, int, int]]) -> dict[str, float]:
    """The HISTORY_FEATURES of the unit at ``k`` given the post starts so far and the current post's quotes."""
    current = starts[-1]
    out = {"current_post_length": min(k - current, P.POST_LENGTH_CAP) / P.POST_LENGTH_CAP}
    if len(starts) == 1:  # the opening post (the article): no quote lines, and its own register
        out["in_opening_post"] = 1.0
        out["quote_in_opening_post"] = float(sources.quote[k])
        out["reader_in_opening_post"] = min(lines[k].reader, P.MAX_CUE_SCORE) / P.MAX_CUE_SCORE
    if not sources.quote[k]:
        return out
    _, source, _ = _unit_source(lines, k, sources)
    end = k + 1
    found = sources.source[k:k + 1] if not lines[k].quote else None
    if found is None:
        while end < len(lines) and lines[end].quote:
            end += 1
        found = sources.source[k:end]
    first_source = int(found[found >= 0].min()) if (found >= 0).any() else -1
    if first_source < 0:
        relation = "no_source_again" if quotes and quotes[-1][1] < 0 else "no_source"
    elif first_source >= current:
        relation = "quotes_current_post"
    elif not quotes:
        relation = "first_quote_of_post"
    elif quotes[-1][1] < 0:
        relation = "after_unsourced"
    else:
        before = quotes[-1][1]
        post_of_source = bisect.bisect_right(starts, first_source)
        crossed = post_of_source > bisect.bisect_right(starts, before)
        if crossed or post_of_source < bisect.bisect_right(starts, before):
            relation = "turns_to_other_post" if first_source > before else "turns_back_to_other_post"
            out["source_in_previous_post"] = float(post_of_source == len(starts) - 1)
        elif first_source > before:
            relation = "goes_on"
        elif first_source == before:
            offset = sources.first_word[k + int(np.flatnonzero(found == first_source)[0])]
            relation = "same_line_goes_on" if offset > quotes[-1][2] >= 0 else "same_line_again"
        else:
            relation = "goes_back"
    out[relation] = 1.0
    return out


def teacher_forced_rows(lines: list[Line], start: int, sources: QuoteSources, gold_starts: set[int],
                        change_point: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Training rows: the FEATURES of every unit but the first, the history taken from the gold post starts
    (positions in ``lines``), and whether the unit opens a post."""
    units = unit_starts(lines, start)
    static = static_features(lines, units, sources, change_point)
    state = _State(0.0, [int(units[0])], [])
    PostDecoder._note_quote(state, lines, int(units[0]), sources)
    rows, opens = [], []
    for u in range(1, len(units)):
        k = int(units[u])
        history = history_features(lines, k, sources, state.starts, state.quotes)
        rows.append(np.concatenate((static[u], [history.get(name, 0.0) for name in HISTORY_FEATURES])))
        opened = k in gold_starts
        opens.append(opened)
        if opened:
            state.starts, state.quotes = state.starts + [k], []
        PostDecoder._note_quote(state, lines, k, sources)
    return np.array(rows).reshape(-1, len(FEATURES)), np.array(opens, bool)
