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

import math
import operator
from dataclasses import dataclass

import numpy as np

from . import patterns as P
from .quotes import QuoteSources, unit_bounds
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
    "log_words", "log_words_previous", "change_point", "previous_greeting", "greeting_before_quote",
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


def _first_word(text: str) -> str:
    return text.split(None, 1)[0].lower().strip(".,!?;:\"'()")


def _page_flags(lines: list[Line], test, candidates=None) -> np.ndarray:
    """``test(line)`` for every page line (or only for the ``candidates``, the others False)."""
    out = np.zeros(len(lines), bool)
    at = range(len(lines)) if candidates is None else candidates
    for k in at:
        if test(lines[k]):
            out[k] = True
    return out


# the Line fields static_features reads, all at once
_COLUMN_NAMES = ("words", "terminated", "colon_end", "re_header", "url_only", "list_item", "headline",
                 "second_person", "reader", "journal")
_COLUMNS = operator.attrgetter(*_COLUMN_NAMES)


def static_features(lines: list[Line], units: np.ndarray, sources: QuoteSources,
                    change_point: int | None = None) -> np.ndarray:
    """The STATIC_FEATURES of every unit (rows), from the unit's first line and the line before it.

    Each feature is computed once for the page's lines (a regex only on the lines a cheap test leaves), then
    read at the units' first lines and the lines before them.
    """
    n_lines, n = len(lines), len(units)
    prev = units - 1
    has_prev = prev >= 0
    prev = np.maximum(prev, 0)

    table = np.array(list(map(_COLUMNS, lines)), float).reshape(n_lines, len(_COLUMN_NAMES))

    def column(attribute: str, kind=bool) -> np.ndarray:
        return table[:, _COLUMN_NAMES.index(attribute)].astype(kind)

    quote, words = sources.quote, column("words", np.int64)
    terminated, colon_end = column("terminated"), column("colon_end")
    texts = [line.text for line in lines]
    first = [_first_word(text) for text in texts]
    col: dict[str, np.ndarray] = {}
    quote_here, quote_before = quote[units], quote[prev] & has_prev
    col["quote_opens"] = quote_here
    col["re_line"] = column("re_header")[units]
    col["after_quote"] = quote_before & ~quote_here
    text_after_text = ~quote_here & ~quote_before & has_prev
    col["text_after_text"] = text_after_text
    col.update(_later_quotes(lines, units, sources, text_after_text))
    short = np.flatnonzero(words <= P.SIGN_OFF_WORDS).tolist()
    col["previous_short"] = ((words <= P.SIGN_OFF_WORDS) & ~terminated)[prev] & has_prev
    col["previous_signs_off"] = _page_flags(lines, _signs_off, short)[prev] & has_prev
    col["previous_announces"] = colon_end[prev] & has_prev
    col["previous_question"] = np.fromiter((text.endswith("?") for text in texts), bool, n_lines)[prev] & has_prev
    col["previous_long"] = (words >= P.LONG_PARAGRAPH_WORDS)[prev] & has_prev
    col["previous_emoticon"] = _page_flags(
        lines, lambda line: bool(P.EMOTICON_END.search(line.text)),
        [k for k, text in enumerate(texts) if "emoticon_" in text or ":" in text[-6:] or ";" in text[-6:]])[prev] & has_prev
    col["previous_name"] = _page_flags(lines, lambda line: bool(P.SIGNED_NAME.match(line.text)),
                                       np.flatnonzero(words <= 2).tolist())[prev] & has_prev
    greeting = _page_flags(lines, lambda line: not line.terminated and bool(P.GREETING_LINE.match(line.text)),
                           [k for k in short if texts[k][-1] in P.GREETING_ENDS])
    col["greeting_line"] = greeting[units]
    col["previous_greeting"] = greeting[prev] & has_prev
    col["greeting_before_quote"] = greeting[units] & quote[np.minimum(units + 1, n_lines - 1)] & (units + 1 < n_lines)
    col["attribution_line"] = _page_flags(lines, lambda line: bool(P.QUOTE_ATTRIBUTION.search(line.text)),
                                          np.flatnonzero(colon_end).tolist())[units]
    col["reaction_opener"] = _page_flags(lines, lambda line: bool(P.REACTION_OPENER.match(line.text)),
                                         [k for k, w in enumerate(first) if w in P.REACTION_STARTS])[units]
    col["continuation_opener"] = _page_flags(lines, lambda line: bool(P.CONTINUATION_OPENER.match(line.text)),
                                             [k for k, w in enumerate(first) if w in P.CONTINUATION_STARTS])[units]
    col["conjunction_opener"] = np.fromiter((w in P.CONJUNCTION_OPENERS for w in first), bool, n_lines)[units]
    col["first_person_opener"] = np.fromiter((w in P.FIRST_PERSON_OPENERS for w in first), bool, n_lines)[units]
    col["second_person_opener"] = np.fromiter((w in P.SECOND_PERSON_OPENERS for w in first), bool, n_lines)[units]
    col["name_addressed"] = _page_flags(
        lines, lambda line: bool(P.NAME_ADDRESS.match(line.text)),
        [k for k, text in enumerate(texts) if "," in text[:P.ADDRESS_REACH] and first[k] not in P.NOT_NAMES])[units]
    col["link_line"] = column("url_only")[units]
    list_item = column("list_item")
    col["list_goes_on"] = list_item[units] & list_item[prev] & has_prev
    col["labelled_link"] = _page_flags(lines, lambda line: bool(P.LABELLED_URL.match(line.text)),
                                       np.flatnonzero(words == 2).tolist())[units]
    col["headline_shape"] = column("headline")[units]
    col["second_person"] = column("second_person")[units]
    col["reader"] = column("reader", float)[units]
    col["journal"] = column("journal", float)[units]
    col["lowercase_start"] = np.fromiter((texts[k][:1].islower() for k in units.tolist()), bool, n)
    col["log_words"] = np.log1p(words[units].astype(float))
    col["log_words_previous"] = np.where(has_prev, np.log1p(words[prev].astype(float)), 0.0)
    col["change_point"] = units == change_point if change_point is not None else np.zeros(n, bool)
    return np.column_stack([col[name].astype(float) for name in STATIC_FEATURES])


def _later_quotes(lines: list[Line], units: np.ndarray, sources: QuoteSources,
                  text_after_text: np.ndarray) -> dict[str, np.ndarray]:
    """What later quotes say of each unit's line (``k``) and the line before it: quoted in one ``>`` block
    (one post), or by the next quote unit below (first quoted line k, both lines, only k - 1, or lines after k),
    and how many quote units start quoting at k."""
    src, n_lines = sources.source, len(lines)
    together = np.zeros(n_lines, bool)  # lines[k - 1] and lines[k] quoted in one > block
    pairs = np.flatnonzero(sources.quote[1:] & sources.quote[:-1] & (src[1:] >= 0) & (src[:-1] >= 0)) + 1
    together[src[pairs][src[pairs] == src[pairs - 1] + 1]] = True
    out = {"quoted_together": together[units] & text_after_text}
    first, last = unit_bounds(lines, 0)  # every quote unit of the page
    names = ("next_quote_starts_here", "next_quote_spans_both", "next_quote_has_previous_only",
             "next_quote_after_here")
    out.update({name: np.zeros(len(units), bool) for name in names})
    if not len(first):
        out["later_quote_starts_here"] = np.zeros(len(units))
        return out
    big = np.iinfo(np.int64).max
    found = np.where(src >= 0, src, big)
    # each quote unit's lowest source (reduceat windows run to the next unit: the lines between have none)
    lowest = np.minimum.reduceat(found, first)
    unit_of_line = np.searchsorted(first, np.arange(n_lines), side="right") - 1
    in_unit = (unit_of_line >= 0) & (np.arange(n_lines) <= last[np.maximum(unit_of_line, 0)]) & (src >= 0)
    quoted = np.unique(unit_of_line[in_unit] * (n_lines + 1) + src[in_unit])  # (unit, quoted line) pairs

    def quotes(unit: np.ndarray, line: np.ndarray) -> np.ndarray:
        key = unit * (n_lines + 1) + line
        at = np.minimum(np.searchsorted(quoted, key), len(quoted) - 1)
        return (quoted[at] == key) & (line >= 0)

    nxt = np.searchsorted(first, units, side="right")
    ask = ~sources.quote[units] & (nxt < len(first))
    ask &= lowest[np.minimum(nxt, len(first) - 1)] < big
    i, q, k = np.flatnonzero(ask), nxt[ask], units[ask]
    here, before = quotes(q, k), quotes(q, k - 1)
    out["next_quote_starts_here"][i] = lowest[q] == k
    out["next_quote_spans_both"][i] = here & before
    out["next_quote_has_previous_only"][i] = before & ~here
    out["next_quote_after_here"][i] = lowest[q] > k
    starting = np.bincount(lowest[lowest < big], minlength=n_lines)  # quote units that start quoting at a line
    out["later_quote_starts_here"] = np.minimum(starting[units], 2) * text_after_text
    return out


def _signs_off(line: Line) -> bool:
    """A sign-off closing a post: "Cheers,", "--", "-Wez", "— Karen"."""
    text = line.text
    return (text.endswith(P.VALEDICTION_ENDS) and bool(P.VALEDICTION.match(text))) \
        or (text[0] in P.DASH_STARTS and bool(P.DASH_SIGNATURE.match(text)))


@dataclass(frozen=True, slots=True)
class Starts:
    """The post starts decided so far (line positions), latest first, as a persistent list: a partial
    segmentation that opens a post adds one node and shares the rest, so the decoder stays linear."""

    k: int
    before: Starts | None = None
    count: int = 1

    @classmethod
    def of(cls, starts: list[int]) -> Starts:
        node = None
        for k in starts:
            node = cls(k, node, node.count + 1 if node is not None else 1)
        return node

    def then(self, k: int) -> Starts:
        return Starts(k, self, self.count + 1)

    def after(self, line: int) -> int:
        """How many of the posts start after ``line`` (the walk stops at the first start at or before it)."""
        n, node = 0, self
        while node is not None and node.k > line:
            n, node = n + 1, node.before
        return n

    def tolist(self) -> list[int]:
        out, node = [], self
        while node is not None:
            out.append(node.k)
            node = node.before
        return out[::-1]


@dataclass(slots=True)
class _State:
    """A partial segmentation: its log-probability, its post starts, and the current post's latest quote unit as
    (first line, source, last matched word), None before its first."""

    score: float
    starts: Starts
    quote: tuple[int, int, int] | None


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
        static = (static_features(lines, units, sources, change_point) @ coef[:len(STATIC_FEATURES)] + bias).tolist()
        history = dict(zip(HISTORY_FEATURES, coef[len(STATIC_FEATURES):].tolist()))
        quoted = QuoteUnits.of(lines, units, sources)
        ks = units.tolist()
        first = ks[0]
        states = [_State(0.0, Starts(first), quoted.latest.get(first))]
        for u in range(1, len(ks)):
            k = ks[u]
            unit = quoted.latest.get(k)
            grown = []
            for state in states:
                z = static[u] + sum(history[name] * value for name, value in
                                    history_features(lines, k, sources, state.starts, state.quote, quoted).items())
                for opens in (True, False):
                    p = 1 / (1 + math.exp(-z)) if opens else 1 / (1 + math.exp(z))
                    if self.beam == 1 and p < 0.5:
                        continue
                    grown.append(_State(state.score + math.log(max(p, 1e-12)),
                                        state.starts.then(k) if opens else state.starts,
                                        unit or (None if opens else state.quote)))
            if len(grown) > 1:
                grown.sort(key=lambda s: -s.score)
            states = grown[:self.beam]
        return states[0].starts.tolist()


@dataclass(frozen=True, slots=True)
class QuoteUnits:
    """What the decoder needs of each quote unit (keyed by its first line): ``latest`` (first line, latest source,
    last matched word of that source's line; source -1 if none), ``first_source`` (its lowest source, -1 if none)
    and ``first_offset`` (the first matched word of its first line quoting that source). All quote units of a page
    at once, so that the decoder's walk does no array work."""

    latest: dict[int, tuple[int, int, int]]
    first_source: dict[int, int]
    first_offset: dict[int, int]
    quote: list[bool]  # sources.quote of every page line
    reader: list[float]  # reader cue score of every page line

    @classmethod
    def of(cls, lines: list[Line], units: np.ndarray, sources: QuoteSources) -> QuoteUnits:
        n = len(lines)
        quote = sources.quote.tolist()
        reader = [line.reader for line in lines]
        heads = units[sources.quote[units]]
        if not len(heads):
            return cls({}, {}, {}, quote, reader)
        src = sources.source
        # a quote unit runs to the next unit; lines between two quote units are no quote lines (source -1)
        lengths = np.diff(np.r_[heads, n])
        owner = np.repeat(np.arange(len(heads)), lengths)
        at = np.arange(heads[0], n)
        window = src[heads[0]:]
        big = np.iinfo(np.int64).max
        latest = np.maximum.reduceat(src, heads)
        lowest = np.minimum.reduceat(np.where(src >= 0, src, big), heads)
        has = latest >= 0
        last_at = np.maximum.reduceat(np.where((window == latest[owner]) & (window >= 0), at, -1), heads - heads[0])
        first_at = np.minimum.reduceat(np.where((window == lowest[owner]) & (window >= 0), at, big),
                                       heads - heads[0])
        last_word = np.full(len(heads), -1, np.int64)
        first_word = np.full(len(heads), -1, np.int64)
        # the matched words are compared only where a unit's lowest source is an earlier unit's latest source
        latest_of, lowest_of = np.where(has, latest, -1).tolist(), np.where(has, lowest, -1).tolist()
        first_as_latest, last_as_lowest = {}, {}
        for u, (high, low) in enumerate(zip(latest_of, lowest_of)):
            if high >= 0:
                first_as_latest.setdefault(high, u)
                last_as_lowest[low] = u
        need_last = [u for u, high in enumerate(latest_of) if high >= 0 and last_as_lowest.get(high, -1) > u]
        need_first = [u for u, low in enumerate(lowest_of) if low >= 0 and first_as_latest.get(low, u) < u]
        if need_last and need_first:
            at = np.unique(np.concatenate((last_at[need_last], first_at[need_first])))
            first, last = sources.spans_at(at)
            last_word[need_last] = last[np.searchsorted(at, last_at[need_last])]
            first_word[need_first] = first[np.searchsorted(at, first_at[need_first])]
        heads_list, latest_list = heads.tolist(), latest.tolist()
        return cls({k: (k, s, w) for k, s, w in zip(heads_list, latest_list, last_word.tolist())},
                   {k: s for k, s in zip(heads_list, np.where(has, lowest, -1).tolist())},
                   dict(zip(heads_list, first_word.tolist())), quote, reader)


def history_features(lines: list[Line], k: int, sources: QuoteSources, starts: Starts,
                     quote: tuple[int, int, int] | None, quoted: QuoteUnits | None = None) -> dict[str, float]:
    """The HISTORY_FEATURES of the unit at ``k`` given the post starts so far and the current post's latest quote
    unit (first line, source, last matched word), if any; ``quoted``: the page's :class:`QuoteUnits` (made here
    if not given)."""
    if quoted is None:
        quoted = QuoteUnits.of(lines, unit_starts(lines, 0), sources)
    current = starts.k
    out = {"current_post_length": min(k - current, P.POST_LENGTH_CAP) / P.POST_LENGTH_CAP}
    is_quote = quoted.quote[k]
    if starts.count == 1:  # the opening post (the article): no quote lines, and its own register
        out["in_opening_post"] = 1.0
        out["quote_in_opening_post"] = float(is_quote)
        out["reader_in_opening_post"] = min(quoted.reader[k], P.MAX_CUE_SCORE) / P.MAX_CUE_SCORE
    if not is_quote:
        return out
    first_source = quoted.first_source[k]
    if first_source < 0:
        relation = "no_source_again" if quote is not None and quote[1] < 0 else "no_source"
    elif first_source >= current:
        relation = "quotes_current_post"
    elif quote is None:
        relation = "first_quote_of_post"
    elif quote[1] < 0:
        relation = "after_unsourced"
    else:
        before = quote[1]
        later = starts.after(first_source)  # posts that start after the quoted line
        if later != starts.after(before):  # the quote turns to another post than the one the post answers
            relation = "turns_to_other_post" if first_source > before else "turns_back_to_other_post"
            out["source_in_previous_post"] = float(later == 1)
        elif first_source > before:
            relation = "goes_on"
        elif first_source == before:
            offset = quoted.first_offset[k]
            relation = "same_line_goes_on" if offset > quote[2] >= 0 else "same_line_again"
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
    quoted = QuoteUnits.of(lines, units, sources)
    first = int(units[0])
    starts, quote = Starts(first), quoted.latest.get(first)
    rows, opens = [], []
    for u in range(1, len(units)):
        k = int(units[u])
        history = history_features(lines, k, sources, starts, quote, quoted)
        rows.append(np.concatenate((static[u], [history.get(name, 0.0) for name in HISTORY_FEATURES])))
        opened = k in gold_starts
        opens.append(opened)
        if opened:
            starts, quote = starts.then(k), None
        if k in quoted.latest:
            quote = quoted.latest[k]
    return np.array(rows).reshape(-1, len(FEATURES)), np.array(opens, bool)
