"""Compiled patterns and the fixed thresholds of the stance stage, in one place (the words are in ``lexicon``)."""
from __future__ import annotations

import re
from typing import Iterable

from ..text import is_quote_line, normalize
from . import lexicon as L

STANCES = ("favor", "against", "none")
CAMPS = ("camp_a", "camp_b", "none")


def phrase_regex(phrases: Iterable[str], case_aware: bool = False, lowered: bool = False) -> "PhraseRegex | None":
    """One regex matching any phrase as whole words; all-caps phrases ("US") match case-sensitively.
    ``lowered``: for lower-cased text, matched case-sensitively (about twice as fast). Wrapped in
    :class:`PhraseRegex` (a text that lacks a word of every phrase is not scanned)."""
    parts = []
    norm = sorted({normalize(p.strip()).lower() if lowered else normalize(p.strip())
                   for p in phrases if p and p.strip()}, key=len, reverse=True)
    for p in norm:
        body = re.escape(p).replace(r"\ ", r"\s+")
        if case_aware and p.replace(".", "").isupper():
            parts.append(rf"(?-i:{body})")
        else:
            parts.append(body)
    if not parts:
        return None
    suffix = r"(?:'s|s)?" if case_aware else ""  # entities: "China's", "Americans"
    rx = re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")" + suffix + r"(?!\w)", 0 if lowered else re.IGNORECASE)
    return PhraseRegex(rx, norm, lowered)


class PhraseRegex:
    """A phrase regex with an exact pre-check: a match contains every word of its phrase, so a text that
    lacks the longest word of each phrase (``str.__contains__``, far cheaper than a regex scan) is not
    scanned. ``lowered``: the texts are lower-cased already; otherwise an ASCII text is lower-cased for the
    check (case folding beyond ASCII is left to the regex: such texts are always scanned). Same
    ``search``/``finditer``/``match`` results as the regex alone; ``regex`` and ``pattern`` are the regex's."""

    __slots__ = ("regex", "pattern", "keys", "lowered")

    def __init__(self, regex: re.Pattern, phrases: Iterable[str], lowered: bool) -> None:
        phrases = list(phrases)
        self.regex, self.pattern, self.lowered = regex, regex.pattern, lowered
        ascii_words = all(p.isascii() for p in phrases)
        self.keys = tuple(dict.fromkeys(max(p.lower().split(" "), key=len) for p in phrases)) \
            if ascii_words or lowered else None

    def possible(self, text: str) -> bool:
        """False only when no phrase can match in ``text``."""
        if self.keys is None:
            return True
        if not self.lowered:
            if not text.isascii():
                return True
            text = text.lower()
        for w in self.keys:
            if w in text:
                return True
        return False

    def search(self, text: str, *span: int) -> re.Match | None:
        return self.regex.search(text, *span) if self.possible(text) else None

    def match(self, text: str, *span: int) -> re.Match | None:
        return self.regex.match(text, *span) if self.possible(text) else None

    def finditer(self, text: str, *span: int):
        return self.regex.finditer(text, *span) if self.possible(text) else iter(())


# ---- whose words: quoted lines are someone else's ---------------------------------------------------
QUOTE_MARK_RE = re.compile(r"^\s*(?:>+|re:|quote:)\s*", re.IGNORECASE)  # the marker before quoted words


def own_text(text: str) -> str:
    """The commenter's own lines of a normalized text: quoted lines ("> ...", "Re: ...") are dropped (quote
    headers such as "kate said:" stay: the reply graph reads them as links)."""
    if ">" not in text and ":" not in text and '"' not in text:
        return text
    return "\n".join(line for line in text.split("\n") if not is_quote_line(line, headers=False))


def quoted_lines(text: str) -> list[str]:
    """The quoted lines of a normalized text, without their marker ("> ", "Re: ")."""
    if ">" not in text and ":" not in text:
        return []
    return [QUOTE_MARK_RE.sub("", line) for line in text.split("\n") if QUOTE_MARK_RE.match(line)]


# ---- reply cues ---------------------------------------------------------------------------------------
AGREE_RE = phrase_regex(L.AGREE_MARKERS)
REBUT_RE = phrase_regex(L.REBUT_MARKERS)
AGREE_FIRST_RE = phrase_regex(L.AGREE_FIRST)
REBUT_FIRST_RE = phrase_regex(L.REBUT_FIRST)
AGREE_ANY_RE = phrase_regex(L.AGREE_ANYWHERE, lowered=True)
REBUT_ANY_RE = phrase_regex(L.REBUT_ANYWHERE, lowered=True)
_SECOND = r"(?:you|your|you're|youre|u|ur)"
# An opening question put to the interlocutor with "And"/"So" challenges them ("And the fees bother you?",
# "So your answer is never to strike?"); a plain question ("Are you from Leeds?") does not.
CHALLENGE_RE = re.compile(rf"\W*(?:{'|'.join(L.CHALLENGE_OPENERS)})\b[^?]*?\b{_SECOND}\b[^?]*\?", re.IGNORECASE)
FILLER_RE = re.compile(rf"^[^\w@]*(?:(?:@[\w.\-]+|(?:{'|'.join(L.FILLER_WORDS)})\b)[\s,.:!]*)*", re.IGNORECASE)  # also "@name"
CONDITIONAL_RE = re.compile(rf"\W*(?:{'|'.join(L.CONDITIONAL_OPENERS)})\b", re.IGNORECASE)
ECHO_RE = re.compile(r"\s*([^?.!]{1,60}?)\s*(\?+|\s+(?:lol|lmao|haha)\b)", re.IGNORECASE)
MARKER_END_RE = re.compile(r"\s*(?:[,.;:!?)\-]|$)")  # a one-word marker needs punctuation (or the end) after it
# "True, but ...", "I agree that X, however ...": agreement with a point before a contrast concedes it
CONCESSION_RE = re.compile(rf"\b(?:{'|'.join(sorted(L.CONCESSION_WORDS))})\b", re.IGNORECASE)
CONCESSION_REACH = 8  # words of the next sentence searched for the contrast

# ---- participants addressed -----------------------------------------------------------------------------
MENTION_RE = re.compile(r"(?<![\w@])@([\w][\w.\-]{0,38}[\w]|\w)")  # "@name"
VOCATIVE_START_RE = re.compile(r"^\W{0,3}([^\s,:;!?]{2,30}(?: [^\s,:;!?]{2,30})?)\s*[,:]")  # "Bassman, you ..."
VOCATIVE_END_RE = re.compile(r",\s*([^\s,:;!?]{2,30}(?: [^\s,:;!?]{2,30})?)\s*[.!?]*\s*$")  # "... to you, Bassman."
ATTRIBUTION_RE = re.compile(rf"^\s*(.{{2,40}}?)\s+(?:{'|'.join(L.ATTRIBUTION_VERBS)})\s*:\s*$", re.IGNORECASE)
QUOTE_KEY_WORDS = 5  # a quoted sentence is matched to its source by its first words (this many, at least)
KEY_PUNCT = str.maketrans("", "", "\"'()[]*_,;:.!?-")  # dropped from the words of a quote key

# ---- attribution: scores of a comment's own evidence ------------------------------------------------
ENTITY_SCALE = 0.8  # side score = tanh(ENTITY_SCALE * sum of attributed evaluations)
CUE_SCALE = 0.4  # cue score = tanh(CUE_SCALE * (favor cues - against cues)): one cue ~ 0.38
FRAME_REACH = 30  # characters before a cue searched for a naming frame ("so-called", "what they call")
NAMING_FRAME_RE = phrase_regex(L.NAMING_FRAMES)  # "so-called X", "what they call X": someone else's label
FRAMED_CUE_RE = re.compile(phrase_regex(L.NAMING_FRAMES, lowered=True).pattern + r"\s*['\"]?$")  # lower-cased text
EVEN_HANDED_RE = phrase_regex(L.EVEN_HANDED, lowered=True)  # lower-cased text

# ---- the signed graph and its partition -----------------------------------------------------------------
EXACT_MAX_NODES = 12  # components up to this many nodes are partitioned exactly (2^11 colourings)
MARGINAL_TEMPERATURE = 1.0  # P(x) ~ exp(this x objective(x)): link weights read as log-odds of same/other side
DENSE_MAX_NODES = 300  # larger components start from power iteration instead of a dense eigendecomposition
POWER_ITERATIONS = 60  # power-iteration steps of the spectral start (fixed: deterministic and linear in edges)
CONFIDENCE_PRIOR = 1.0  # pseudo-weight in confidence = consistent weight / (all weight + this)
PATH_DECAY = 0.8  # target mode: confidence shrinks by this factor per link away from the nearest own evidence
UNLINKED_CONFIDENCE = 0.25  # at most this confidence for a camp chosen by text or by size alone
OWN_FIELD_WEIGHT = 4.0  # target mode: own evidence against link weights in the partition (above 1: own words win)
OWN_OVERRIDE = 0.5  # |own score| beyond this, against its author's side, keeps the comment's own side
MAX_CHAIN = 4  # evidence items listed per comment

# ---- same-writer inference (threads with no author lines) ---------------------------------------------------
WRITER_FEATURES = 1 << 18  # hashed words of a comment
WRITER_MIN_CHARS = 40  # shorter comments (own words) show too few habits to be linked
WRITER_MAX_CHARS = 1000  # habits are read from the first this many characters of a comment's own words
WRITER_MARKS = ("...", "!", "?", ",", ";", ":", '"', "'", "(", "-", " i ", "  ", "lol", ":)", "*", "/", "&", "$", "%",
                "\n")  # punctuation, spacing and habits counted per 100 characters

# ---- target mode: thread prior and self-training ----------------------------------------------------------
THREAD_PRIOR = 0.15  # score given to an evaluative comment naming no side: the thread's prevailing direction
UNATTRIBUTED_MIN = 0.9  # |evaluation| of a comment naming no side needed for the thread prior
PRIOR_MIN_COMMENTS = 3  # labelled comments a thread needs before its prevailing direction is trusted
SELF_TRAIN_MARGIN = 0.2  # rule scores beyond threshold + this are the self-training examples
SELF_TRAIN_MIN_CLASS = 5  # confident examples each direction needs before self-training runs
SELF_TRAIN_CONFIDENCE = 0.7  # probability the self-trained classifier needs to label a 'none' comment
SELF_TRAIN_SCORE = 0.1  # its label's score beyond the threshold (weak: a reply marker outweighs it)
SELF_TRAIN_C = 1.0  # inverse regularisation of the self-trained logistic regression
SELF_TRAIN_ITERATIONS = 200  # solver passes at most (bounded cost on word rows that do not separate)
SELF_TRAIN_MAX_EXAMPLES = 20_000  # training rows at most (evenly spaced), keeping the stage linear
SELF_TRAIN_FEATURES = 20000  # most frequent word 1-2 grams of the training rows
CONTENT_MIN_WORDS = 5  # shorter comments, questions and bare links are left to the rules ('none' calibration)
CLASSIFIER_CONFIDENCE = 0.5  # the labels classifier overrides the rules above this probability
