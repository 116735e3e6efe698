"""Tokenization shared by all stages (no NLTK corpora needed)."""
from __future__ import annotations

import re
import unicodedata

# Words: letters/digits with inner apostrophes or hyphens ("don't", "rules-based", "U.S").
WORD_RE = re.compile(r"[^\W_](?:[\w'’\-.]*[^\W_])?", re.UNICODE)
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
    """Split text into word tokens; URLs are dropped, trailing dots stripped."""
    text = URL_RE.sub(" ", normalize(text))
    tokens = [t.rstrip(".'-") for t in WORD_RE.findall(text)]
    tokens = [t for t in tokens if t]
    return [t.lower() for t in tokens] if lowercase else tokens


def sentences(text: str) -> list[str]:
    """Split text into sentences with a punctuation-and-capital rule."""
    text = text.strip()
    if not text:
        return []
    return [s.strip() for s in SENTENCE_END_RE.split(text) if s.strip()]


def shingles(tokens: list[str], k: int) -> list[tuple[str, ...]]:
    """Contiguous k-token windows of ``tokens`` (none when there are fewer than k)."""
    return list(zip(*(tokens[i:] for i in range(k)))) if k > 0 else []
