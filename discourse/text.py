"""The one text core: normalising, tokenizing and a comment's own words, shared by every stage.

The core is :func:`normalize` and :func:`tokenize` (one token definition, ``WORD_PATTERN``). Layers on it
give the same tokens faster or enriched, never split words another way:

``fast_tokenize``  the core's tokens, lowercased, by ``str.translate`` on text that is ASCII once normalised
``token_spans``    the core's tokens of lowercased ASCII bytes, found by numpy (whole threads at once)
``word_regex``     the core word pattern with extra alternatives (sentiment's emoticons and "!")
``Analyzer``       content words for TF-IDF: stop words dropped, case-aware acronyms ("US" vs "us")
``own_words``      a comment without quoted lines, quote headers, @handles and HTML/markdown residue
``without_quotations``  a text without its spans in quotation marks (someone else's voice)
"""
from __future__ import annotations

import html
import re
import unicodedata
from typing import Iterable

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# ---- the token definition --------------------------------------------------------------------
# A token is a run of letters/digits, with apostrophes, hyphens, dots and underscores inside it
# ("don't", "rules-based", "U.S", "user_12"); those characters are stripped at its ends.
TOKEN_EDGES = "'’-._"
WORD_PATTERN = r"[^\W_](?:[\w'’\-.]*[^\W_])?"
WORD_RE = re.compile(WORD_PATTERN, re.UNICODE)
# The same definition for ASCII text: every other ASCII character breaks a token.
TOKEN_BREAKS = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) in TOKEN_EDGES)})
HYPHEN_CHARS = "-‐‑"
# Sentence ends: . ! ? (and runs of them, closing quotes) followed by space and a capital/quote/digit.
SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

# Curly quotes, dashes and the ellipsis and their plain ASCII forms.
STRAIGHTENED = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}


def normalize(text: str) -> str:
    """NFKC-normalize (skipped when already normal) and straighten quotes and dashes."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    for curly, straight in STRAIGHTENED.items():  # str.replace beats str.translate on non-ASCII text
        if curly in text:
            text = text.replace(curly, straight)
    return text


def tokenize(text: str, lowercase: bool = True) -> list[str]:
    """The core tokenizer: word tokens of normalised text, URLs dropped."""
    text = URL_RE.sub(" ", normalize(text))
    tokens = WORD_RE.findall(text)
    return [t.lower() for t in tokens] if lowercase else tokens


# ---- layer: the fast paths -------------------------------------------------------------------
def ascii_normal(text: str) -> str | None:
    """``text`` normalised if that is ASCII (the fast paths' input), else None."""
    if text.isascii():
        return text
    text = normalize(text)
    return text if text.isascii() else None


def ascii_lower(text: str) -> str | None:
    """``text`` normalised, lowercased and without URLs if that is ASCII, else None."""
    text = ascii_normal(text)
    if text is None:
        return None
    low = text.lower()
    return URL_RE.sub(" ", low) if "://" in low or "www." in low else low


def fast_tokenize(text: str) -> list[str]:
    """``tokenize(text)`` (lowercased) without its regex pass on text that is ASCII once normalised."""
    low = ascii_lower(text)
    if low is None:
        return tokenize(text)
    runs = low.translate(TOKEN_BREAKS).split()
    return [token for token in map(str.strip, runs, [TOKEN_EDGES] * len(runs)) if token]


def split_hyphens(text: str) -> str:
    """``text`` with its hyphens as spaces ("rules-based" -> "rules based")."""
    for h in HYPHEN_CHARS:
        if h in text:
            text = text.replace(h, " ")
    return text


# What each byte of lowercased ASCII text is to the tokenizer: a break, a letter/digit, or an edge character.
BYTE_BREAK, BYTE_ALNUM, BYTE_EDGE = 0, 1, 2
BYTE_KINDS = np.array([BYTE_BREAK if c >= 128 or c in TOKEN_BREAKS else
                       BYTE_EDGE if chr(c) in TOKEN_EDGES else BYTE_ALNUM for c in range(256)], np.int8)
_HYPHEN = ord("-")


def token_spans(data: bytes, hyphens_break_before: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of every token of lowercased ASCII ``data``, which starts and ends with a break byte.

    The tokens of :func:`fast_tokenize`, found by numpy over a whole joined thread at once: a token is a
    run of letters and digits, continued across edge characters that lie between two such runs. Before
    offset ``hyphens_break_before``, hyphens break tokens.
    """
    kinds = BYTE_KINDS[np.frombuffer(data, np.uint8)]
    if hyphens_break_before:
        kinds[np.flatnonzero(np.frombuffer(data, np.uint8, hyphens_break_before) == _HYPHEN)] = BYTE_BREAK
    starts, ends = runs(kinds == BYTE_ALNUM)
    edge_starts, edge_ends = runs(kinds == BYTE_EDGE)
    # a run of letters and digits after edge characters that follow another continues its token
    after_edges = np.flatnonzero(kinds[starts - 1] == BYTE_EDGE)
    glued = kinds[edge_starts[np.searchsorted(edge_ends, starts[after_edges])] - 1] == BYTE_ALNUM
    first = np.ones(len(starts), bool)
    first[after_edges[glued]] = False
    before_edges = np.flatnonzero(kinds[ends] == BYTE_EDGE)
    glued = kinds[edge_ends[np.searchsorted(edge_starts, ends[before_edges])]] == BYTE_ALNUM
    last = np.ones(len(ends), bool)
    last[before_edges[glued]] = False
    return starts[first], ends[last]


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each run of True in ``mask`` (False at both ends)."""
    edges = np.flatnonzero(mask[1:] != mask[:-1]) + 1
    return edges[0::2], edges[1::2]


# ---- layer: the core word pattern with extra token kinds -------------------------------------------
def word_regex(*extra: str, flags: int = 0) -> re.Pattern:
    """A regex finding the ``extra`` alternatives (tried first, in order) and the core's words."""
    return re.compile("|".join([*(f"(?:{e})" for e in extra), WORD_PATTERN]), flags | re.UNICODE)


# ---- layer: content words for TF-IDF ------------------------------------------------------------
# sklearn's list minus words that carry meaning in comment threads ("un" = the UN, negations,
# "against"/"favor"-like stance words are kept so n-grams such as "not true" survive).
KEEP_WORDS = frozenset({"un", "not", "no", "nor", "never", "against", "without", "cannot", "con", "bill",
                        "fire", "war", "system", "interest", "put", "call", "give", "find"})
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS - KEEP_WORDS) | frozenset(
    {"s", "t", "don", "doesn", "didn", "isn", "wasn", "aren", "re", "ve", "ll", "d", "m", "just", "like",
     "really", "did", "does", "doing", "got", "get", "going", "let", "lets", "ok", "oh", "yes", "yeah",
     "i'm", "it's", "don't", "doesn't", "didn't", "isn't", "that's", "you're", "they're", "can't",
     "won't", "i've", "i'd", "there's", "what's", "he's", "she's", "we're", "let's", "u", "ur", "r"})
ACRONYM_MAX_LEN = 6  # all-caps tokens up to this length are acronyms ("US", "UN", "NATO")
SHOUTING_SHARE = 0.5  # a text with more all-caps words than this is shouting: no acronyms
DOTTED_ACRONYM_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")  # U.S, U.S.A, e.g


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """The default stop-word list plus ``extra`` (lowercased)."""
    return STOP_WORDS | frozenset(w.lower() for w in extra)


class Analyzer:
    """Case-aware content words: "US" (acronym) stays apart from "us" (pronoun).

    The core's tokens, lowercased, except all-caps acronyms whose lowercase form is a stop word ("US",
    "IT", "WHO"), so the pronoun can be dropped while the country is kept. Dotted acronyms are joined
    ("U.S." -> "US"). Stop words and one-letter words are dropped. Picklable, so fitted vectorizers can
    be saved.
    """

    def __init__(self, stop_words: frozenset[str] = STOP_WORDS) -> None:
        self.stop_words = stop_words

    def __call__(self, text: str) -> list[str]:
        raw = tokenize(text, lowercase=False)
        stop, out, acronyms = self.stop_words, [], []
        for tok in raw:
            if "." in tok and DOTTED_ACRONYM_RE.match(tok):
                tok = tok.replace(".", "").upper()
            low = tok.lower()
            if low in stop:
                if 1 < len(tok) <= ACRONYM_MAX_LEN and tok.isupper():
                    acronyms.append(len(out))  # acronym that doubles as a stop word: keep its case...
                    out.append(tok)
            elif len(low) > 1 or low.isdigit():
                out.append(low)
        if acronyms and len(raw) > 3:  # ... unless the text is shouting
            caps = sum(1 for t in raw if len(t) > 1 and t.isupper())
            if caps > SHOUTING_SHARE * len(raw):
                dropped = set(acronyms)
                out = [t for i, t in enumerate(out) if i not in dropped]
        return out


# ---- layer: a comment's own words -----------------------------------------------------------------
# Quoted lines: "> ...", "Re: ...", "Quote: ...", or a line that is one quotation of 20+ characters.
QUOTE_LINE_RE = re.compile(r"(?:>|re\s*:|quote\s*:|[\"“][^\"“”]{20,}[\"”]$)", re.IGNORECASE)
# Quote headers: "Originally Posted by kate", "kate wrote:", "On May 3, kate said:".
QUOTE_HEADER_RE = re.compile(r"(?:quote\s*:?\s*)?(?:originally\s+posted\s+by\b.*|.{1,80}?\b(?:wrote|writes|said)\s*:)\s*$",
                             re.IGNORECASE)
HANDLE_RE = re.compile(r"(?<![\w.@])@[\w][\w.\-]*")
TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,300}>")
MARKDOWN_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*\)")  # [text](url) -> text
MARKDOWN_MARK_RE = re.compile(r"\*\*|__|~~|`+|^\s{0,3}#{1,6}\s+", re.MULTILINE)
# Forum BBCode: [QUOTE=kate]...[/QUOTE] blocks are quotations (unclosed: to the end of the line); other tags are markup.
BBCODE_QUOTE_RE = re.compile(r"\[quote(?:=[^\]\n]*)?\](?:(.*?)\[/quote\]|([^\n]*))", re.IGNORECASE | re.DOTALL)
BBCODE_TAG_RE = re.compile(r"\[/?(?:b|i|u|s|url|img|color|size|font|center|left|right|code|list|\*|quote|sic)(?:=[^\]\n]*)?\]",
                           re.IGNORECASE)
# A passage of an earlier comment quoted here is the quoted writer's words from this many words on;
# shorter echoes ("rules-based order") are phrases the writer uses in their own argument.
QUOTED_EVIDENCE_MIN_WORDS = 5



def strip_markup(text: str) -> str:
    """``text`` without HTML tags and entities or markdown marks (links keep their text)."""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = TAG_RE.sub(" ", text)
    if "](" in text:
        text = MARKDOWN_LINK_RE.sub(r"\1", text)
    if any(m in text for m in ("**", "__", "~~", "`", "#")):
        text = MARKDOWN_MARK_RE.sub(" ", text)
    return text


def is_quote_line(line: str, headers: bool = True) -> bool:
    """True for a quoted line, or (``headers``) a quote header ("kate wrote:", "Originally Posted by kate")."""
    line = line.strip()
    head = line[:1]
    if not head:
        return False
    if head in ">rRqQ\"“" and QUOTE_LINE_RE.match(line):
        return True
    return headers and (line.endswith(":") or head in "oO") and QUOTE_HEADER_RE.match(line) is not None


def split_own_words(text: str, quoted: str = "") -> tuple[str, str]:
    """(the writer's own words, the words they quote) of a comment.

    Quoted lines, quote headers and [QUOTE] blocks go to the second part, and so does ``quoted`` (the
    passage of an earlier comment the segmenter found quoted here) from ``QUOTED_EVIDENCE_MIN_WORDS``
    words on. @handles are dropped from the first, HTML/markdown/BBCode residue from both.
    """
    text = strip_markup(text or "")
    own, theirs = [], []
    if "[" in text:
        if BBCODE_QUOTE_RE.search(text):
            theirs.extend(m.group(1) or m.group(2) or "" for m in BBCODE_QUOTE_RE.finditer(text))
            text = BBCODE_QUOTE_RE.sub("\n", text)
        text = BBCODE_TAG_RE.sub(" ", text)
    quoted = " ".join(quoted.split()) if quoted else ""
    for line in text.split("\n"):
        if is_quote_line(line):
            theirs.append(line.lstrip(" >"))
        elif quoted and len(line.split()) >= QUOTED_EVIDENCE_MIN_WORDS and " ".join(line.split()) in quoted:
            theirs.append(line)
        else:
            own.append(line)
    mine = "\n".join(own)
    if quoted and len(quoted.split()) >= QUOTED_EVIDENCE_MIN_WORDS and quoted in mine:  # a quote inside a line
        mine = mine.replace(quoted, " ")
        theirs.append(quoted)
    if "@" in mine:
        mine = HANDLE_RE.sub(" ", mine)
    return mine, "\n".join(theirs)


# A span in double quotes (straight, curly or guillemets), closed: a stray mark (5'10") blanks nothing.
QUOTATION_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


def without_quotations(text: str, min_words: int = 0) -> str:
    """``text`` with its spans in double quotes of at least ``min_words`` words blanked: someone else's
    voice (all of them), or quotations but not scare quotes (``min_words`` > the length of a label)."""
    if '"' not in text and "“" not in text and "«" not in text:
        return text
    if min_words <= 0:
        return QUOTATION_RE.sub(" ", text)
    return QUOTATION_RE.sub(lambda m: " " if len(m.group(0).split()) >= min_words else m.group(0), text)


def own_words(text: str, quoted: str = "") -> str:
    """The writer's own words of a comment (see :func:`split_own_words`)."""
    return split_own_words(text, quoted)[0]


# ---- sentences and shingles -------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    """Split text into sentences with a punctuation-and-capital rule."""
    text = text.strip()
    if not text:
        return []
    return [s.strip() for s in SENTENCE_END_RE.split(text) if s.strip()]


def shingles(tokens: list[str], k: int) -> list[tuple[str, ...]]:
    """Contiguous k-token windows of ``tokens`` (none when there are fewer than k)."""
    return list(zip(*(tokens[i:] for i in range(k)))) if k > 0 else []
