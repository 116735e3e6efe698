"""Lines of a plain-text page and what their shape and wording say, for all lines at once.

Features are computed column by column: each line is split into words once, and a regex runs only on the
lines that a cheap test (first character, word count, word cues) leaves as candidates. Then the registered
layouts (:mod:`.layouts`) mark what they know (author headers, signatures, article blocks, ...), in the
order of their stages.
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from typing import Callable, Iterable, Sequence

import numpy as np

from . import patterns as P


@dataclass(slots=True)
class Line:
    """One non-blank line and what its shape and wording say about it."""

    index: int  # 0-based line number in the file
    text: str
    gap: int  # blank lines right before it
    words: int
    terminated: bool  # ends a sentence
    colon_end: bool  # announces what follows ("Here is the transcript:")
    url_only: bool
    quote: bool  # "> quoted text"
    re_header: bool  # "Re: subject"
    list_item: bool
    ellipsis: bool  # opens with "…" / ".."
    byline: bool
    headline: bool  # headline shape: a few words, no sentence end
    title_case: bool
    label: bool  # short label, credit or nav item
    chrome: bool  # known page chrome
    caption: bool
    meta: bool  # date, source, reading time
    action: bool  # "Reply", "Report", ...
    marker: bool  # "23 Comments", "Leave a reply"
    vote: bool  # a vote widget or score under a post ("▲ 12", "287 points", "5 likes")
    second_person: bool  # some word is a second-person pronoun ("you", "your", ...)
    reader: float  # evidence of a reader's register
    journal: float  # evidence of journalistic prose
    author: str = ""  # set on author header lines, and on lines opening with an author prefix
    author_end: int = 0  # where the text after an inline author prefix ("jmorales: ...") starts
    speaker_turn: bool = False  # a turn of an interview transcript ("Mayor: ...")
    timestamp: str = ""
    header: bool = False  # part of an author/timestamp header group
    subject: bool = False  # the subject line of a post's header ("Re: ...")
    indent: int = 0  # leading white space of the raw line (a tab counts as P.TAB_WIDTH)
    block: str = ""  # a page block the line's neighbours place it in: "explainer" (an article's Q&A), "poll"
    role: str = ""  # set by the segmenter's stages

    @property
    def furniture(self) -> bool:
        """Page furniture: known chrome, a per-post action line ("Reply · Share") or a comment-section marker
        ("23 Comments"). The one word for these three throughout the segmenter."""
        return self.chrome or self.action or self.marker


def read_lines(raw: list[str]) -> list[Line]:
    """Features of every non-blank line of ``raw`` (header groups included)."""
    index: list[int] = []
    texts: list[str] = []
    gaps: list[int] = []
    gap = 0
    for i, text in enumerate(raw):
        text = text.strip()
        if text:
            index.append(i)
            texts.append(text)
            gaps.append(gap)
            gap = 0
        else:
            gap += 1
    if not texts:
        return []
    columns = _features(texts)
    columns.update(index=index, text=texts, gap=gaps)
    lines = list(map(Line, *(columns[name] for name in _FEATURES)))
    for line in lines:
        if raw[line.index][:1].isspace():
            padded = raw[line.index].expandtabs(P.TAB_WIDTH)
            line.indent = len(padded) - len(padded.lstrip())
    from .layouts import mark_page  # (the layouts read Line)
    mark_page(lines)
    return lines


_FEATURES = [f.name for f in fields(Line) if f.default is MISSING]  # the fields read_lines fills in


def _features(texts: list[str]) -> dict[str, list]:
    """The feature columns (Line fields) of non-blank, stripped lines."""
    n, cues, voice_cues, reaction_start, voices = zip(*map(_wording, texts))
    n, cues, voice_cues, reaction_start = map(np.array, (n, cues, voice_cues, reaction_start))
    by_first: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        by_first.setdefault(text[0], []).append(i)

    def opening(chars: Iterable[str]) -> list[int]:
        """The lines that open with one of ``chars``."""
        return [i for c in set(chars) for i in by_first.get(c, ())]

    terminated = np.array([ends_sentence(text) for text in texts])
    colon_end = np.array([text.endswith(":") for text in texts])
    shape = {
        "url_only": _flags(texts, opening(s[0] for s in P.URL_STARTS),
                           lambda text: text.startswith(P.URL_STARTS) and P.URL_ONLY.match(text))
        | _flags(texts, np.flatnonzero(n == 1), lambda text: "@" in text and P.EMAIL_ONLY.match(text)),
        "quote": _flags(texts, opening(">"), lambda text: text.startswith(">")),
        "re_header": _flags(texts, opening("rR"), lambda text: text[:2].lower() == "re" and P.RE_HEADER.match(text)),
        "reaction": _flags(texts, np.flatnonzero(reaction_start), P.REACTION_OPENER.match),
        "ellipsis": _flags(texts, opening(P.ELLIPSIS_STARTS), P.ELLIPSIS_OPENER.match),
        "lower_start": _flags(texts, opening(c for c in by_first if c.islower()), lambda text: text[0].islower()),
        "dateline": _flags(texts, opening(c for c in by_first if c.isupper()), P.DATELINE.match),
    }
    reader, journal = _register(texts, voices, voice_cues, n, shape)

    unterminated = np.flatnonzero(~terminated)
    sized = unterminated[(n[unterminated] >= P.HEADLINE_WORDS[0]) & (n[unterminated] <= P.HEADLINE_WORDS[1])]
    title_case = _flags(texts, sized, _title_case)
    headline = _flags(texts, sized[~shape["url_only"][sized]],
                      lambda text: not text.endswith((":", ",", ";")) and P.CAPITALIZED.match(text))
    short = np.flatnonzero(n <= P.FURNITURE_WORDS)  # page furniture is short
    chrome = (_flags(texts, short, lambda text: P.CHROME.match(text) or P.TIMER.match(text))
              | _flags(texts, short[_has(cues, "cta")[short]], P.CHROME_CTA.search)
              | _flags(texts, np.flatnonzero(_has(cues, "legal")), P.LEGAL_FOOTER.search)
              | _flags(texts, unterminated[n[unterminated] >= P.WORD_SALAD_WORDS], _word_salad))
    action = _flags(texts, short, P.ACTION.match)
    few = [i for i in opening(P.VOTE_STARTS) if n[i] <= P.VOTE_LINE_WORDS]
    vote = _flags(texts, few, lambda text: P.VOTE_LINE.match(text) or P.SCORE_LINE.match(text))
    columns = {
        "words": n, "terminated": terminated, "colon_end": colon_end, "url_only": shape["url_only"],
        "quote": shape["quote"], "re_header": shape["re_header"],
        "list_item": _flags(texts, opening(c for c in by_first if not c.isalpha()), P.LIST_ITEM.match),
        "ellipsis": shape["ellipsis"], "byline": _flags(texts, short, P.BYLINE.match), "headline": headline,
        "title_case": title_case, "label": (n <= P.LABEL_WORDS) & ~terminated & ~colon_end, "chrome": chrome,
        "caption": _flags(texts, np.flatnonzero(_has(cues, "caption")), P.CAPTION.search),
        "meta": _flags(texts, short, lambda text: P.META.match(text) or P.TIMESTAMP.match(text)),
        "action": action, "marker": _flags(texts, short, P.COMMENT_MARKER.match) & ~action,  # "4 replies": a link
        "vote": vote, "second_person": _has(cues, "second_person"),
        "reader": np.minimum(reader, P.MAX_CUE_SCORE), "journal": np.minimum(journal, P.MAX_CUE_SCORE),
    }
    return {name: column.tolist() for name, column in columns.items()}


def _register(texts: list[str], voices: tuple[str, ...], cues: np.ndarray, n: np.ndarray,
              shape: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(reader evidence, journalistic evidence) of every line, from its own words' cues and its shape.

    Terms are added in a fixed order, so every line gets the same float sums as when added up one by one.
    """
    question = np.array(["?" in voice for voice in voices])
    from .layouts import MENTION  # "@name", or a layout's way of naming the post answered
    w = P.READER_WEIGHTS
    site = _has(cues, "site_voice") | (_has(cues, "site_possessive") & _has(cues, "second_person")
                                       & ~_has(cues, "first_person"))
    readers = ~site  # lines where "you" and "we" may be readers
    reader = (w["first_person"] * _has(cues, "first_person")
              + w["second_person"] * (_has(cues, "second_person") & readers)
              + w["first_plural"] * ((_has(cues, "first_plural")
                                      | _flags(voices, [i for i, v in enumerate(voices) if " us" in v],
                                               P.LOWERCASE_US.search)) & readers)
              + w["question"] * question + w["exclaim"] * np.array(["!" in voice for voice in voices])
              + w["crowd_question"] * _flags(voices, np.flatnonzero(question), _crowd_question)
              + w["slang"] * _has(cues, "slang") + w["opinion"] * _has(cues, "opinion")
              + w["reaction"] * shape["reaction"]
              + w["lower_start"] * shape["lower_start"]
              + w["ellipsis_open"] * shape["ellipsis"]
              + w["article_ref"] * _flags(voices, np.flatnonzero(_has(cues, "article_ref")), P.ARTICLE_REFERENCE.search)
              + w["quote_line"] * shape["quote"] + w["re_header"] * shape["re_header"]
              + w["url_only"] * shape["url_only"]
              + w["mention"] * _flags(voices, [i for i, v in enumerate(voices) if "@" in v], MENTION.search))
    w = P.JOURNAL_WEIGHTS
    voiced = _has(cues, "first_person") | _has(cues, "second_person")  # "as you said" is no news attribution
    journal = (w["attribution"] * (_has(cues, "attribution") & ~voiced)
               + w["news_time"] * _flags(texts, np.flatnonzero(_has(cues, "news_time")), P.NEWS_TIME.search)
               + w["titled_name"] * _flags(texts, np.flatnonzero(_has(cues, "titled_name")), P.TITLED_NAME.search)
               + w["dateline"] * shape["dateline"]
               + w["long_plain"] * ((reader == 0) & (n >= P.LONG_PLAIN_WORDS)))
    return reader, journal


def _flags(texts: Sequence[str], candidates: Iterable[int] | np.ndarray, test: Callable[[str], object]) -> np.ndarray:
    """True at the candidate lines whose text passes ``test``; the other lines cannot pass it."""
    if isinstance(candidates, np.ndarray):
        candidates = candidates.tolist()
    flags = np.zeros(len(texts), dtype=bool)
    flags[[i for i in candidates if test(texts[i])]] = True
    return flags


def _has(cues: np.ndarray, kind: str) -> np.ndarray:
    """Lines whose cue bits include the word-list cue ``kind``."""
    return cues & P.CUE_BIT[kind] != 0


def _wording(text: str) -> tuple[int, int, int, bool, str]:
    """A line's word count, word-list cue bits, the cue bits of the writer's own words (quoted speech
    left out), whether it opens with a reaction word, and the writer's own words."""
    words = text.lower().split()
    cues = _cue_bits(words)
    voice = own_text(text)
    voice_cues = cues if voice is text else _cue_bits(voice.lower().split())
    return len(words), cues, voice_cues, words[0] in P.REACTION_STARTS, voice


def _cue_bits(words: list[str]) -> int:
    """Bit set (patterns.CUE_BIT) of the word-list cues that some of ``words`` (lowercased) hit."""
    bits = 0
    for word in P.CUE_VOCABULARY.intersection(words):
        bits |= P.CUE_BITS_OF_WORD[word]
    return bits


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends with . ! ? or … (closing quotes and brackets aside)."""
    text = text.rstrip(P.CLOSING_CHARS)
    if text.endswith(P.SENTENCE_ENDS):
        return True
    if (text[-1:].isalnum() or text[-1:] in P.NO_TAG_ENDS) and "#" not in text:
        return False  # no hashtag or emoji can trail a sentence end here
    trailing = P.TRAILING_TAGS.search(text)
    return trailing is not None and text[:trailing.start()].rstrip(P.CLOSING_CHARS).endswith(P.SENTENCE_ENDS)


def own_text(text: str) -> str:
    """``text`` without the spans in quotation marks: the writer's own voice."""
    for mark in P.QUOTE_MARKS:
        if mark in text:
            return P.QUOTED_SPAN.sub(" ", text)
    return text


def _word_salad(text: str) -> bool:
    """Nav menus and icon-sprite dumps: long, unpunctuated, almost no function words."""
    if ends_sentence(text) or P.SENTENCE_PUNCTUATION.search(text):
        return False
    words = text.lower().split()
    function = sum(1 for w in words if w in P.FUNCTION_WORDS)
    return len(words) >= P.WORD_SALAD_WORDS and function <= P.WORD_SALAD_FUNCTION_SHARE * len(words)


def _title_case(text: str) -> bool:
    """Most words capitalized (or numbers), as in a cited headline."""
    words = text.split()
    return sum(1 for word in words if word[0].isupper() or word[0].isdigit()) >= P.TITLE_CASE_SHARE * len(words)


def _crowd_question(voice: str) -> bool:
    folded = voice.casefold()
    return any(hint in folded for hint in P.CROWD_QUESTION_HINTS) and bool(P.CROWD_QUESTION.search(voice))




def group_start(lines: list[Line], i: int) -> int:
    """The first line of the header group that ends at ``i``."""
    while i > 0 and lines[i - 1].header and lines[i].gap == 0:
        i -= 1
    return i


def valediction(text: str) -> bool:
    """A sign-off line ("Cheers,", "Best regards,", "--")."""
    return text.endswith(P.VALEDICTION_ENDS) and bool(P.VALEDICTION.match(text))
