"""Reply cues: does a reply agree with, or rebut, the comment it answers? (the sign of a graph edge)"""
from __future__ import annotations

from ..text import normalize, sentences, tokenize
from . import lexicon as L
from .attribution import NO_SIDES, comment_evaluation
from .patterns import (AGREE_ANY_RE, AGREE_FIRST_RE, AGREE_RE, CHALLENGE_RE, CONCESSION_REACH, CONCESSION_RE, CONDITIONAL_RE, ECHO_RE,
                       FILLER_RE, MARKER_END_RE, QUOTE_MARK_RE, REBUT_ANY_RE, REBUT_FIRST_RE, REBUT_RE, own_text)


def reply_marker(text: str, parent: str | None = None, normalized: bool = False) -> tuple[int, str]:
    """(+1, marker) for an agreement opener, (-1, marker) for a rebuttal, (0, "") otherwise.

    Read on the reply's own lines (quoted ``>``/``Re:`` lines are the parent's words, not the reply's).
    A marker counts at the start of the reply (after fillers such as "Well,"); a one-word marker
    only when punctuation follows it ("No." / "Exactly," but not "No country ..."). Agreement followed
    by a contrast ("True, but ...", "I agree that X. However ...") concedes a point: no cue. A bare
    "Yes"/"No" answering a question (in the line quoted before it, else at the parent's end) is an answer
    (0), and a short question echoing the parent's words ("Six years?", "Responsible?") is a challenge (-1).
    ``normalized``: both texts went through ``text.normalize`` already.
    """
    full = (text or "") if normalized else normalize(text or "")
    text = own_text(full).strip()
    if not text:
        return 0, ""
    first_line = text.split("\n", 1)[0]
    said = sentences(first_line) or [""]
    first = said[0]
    head = FILLER_RE.sub("", first, count=1)
    parent_own = own_text(parent if normalized else normalize(parent)).strip() if parent else ""
    quoted = _quoted_before(full, first_line)
    asked = "?" in quoted if quoted else parent_own.endswith("?")
    after = " ".join(said[1:2] + [text[len(first_line):].strip()])  # what follows the first sentence
    after = " ".join(after.split()[:CONCESSION_REACH])
    hits = []
    for sign, rx in ((1, AGREE_RE), (-1, REBUT_RE)):
        m = rx.match(head)
        if m and (" " in m.group(0).strip() or MARKER_END_RE.match(head[m.end():])):
            word = m.group(0).lower().strip()
            if asked and word in L.ANSWER_WORDS:
                return 0, ""  # "Nope, nothing is running": answers the question, takes no side
            if sign > 0 and CONCESSION_RE.search(head[m.end():] + " " + after):
                continue  # "True, but ...": a concession before a rebuttal
            hits.append((m.start(), sign, m.group(0)))
    if parent_own and not hits:
        echo = _echo_question(head, parent_own)
        if echo:
            hits.append((0, -1, echo))
        elif CHALLENGE_RE.match(first):
            hits.append((0, -1, "challenge question"))
    conditional = CONDITIONAL_RE.match(first)  # "If you mean X, I'd disagree" hedges, it does not take sides
    lower = text.lower()  # the anywhere-markers are matched on lower-cased text (faster), quoted as written
    as_written = text if len(lower) == len(text) else lower
    for sign, rx, where, written in ((1, AGREE_FIRST_RE, "" if conditional else first, first),
                                     (-1, REBUT_FIRST_RE, "" if conditional else first, first),
                                     (1, AGREE_ANY_RE, lower, as_written), (-1, REBUT_ANY_RE, lower, as_written)):
        m = rx.search(where)
        if m and not (sign > 0 and where is first and CONCESSION_RE.search(first[:m.start()] + " " + first[m.end():]
                                                                        + " " + after)):
            hits.append((m.start(), sign, written[m.start():m.end()]))
    if hits:
        _, sign, word = min(hits)
        return sign, word
    hostile = comment_evaluation(text, NO_SIDES)[2]  # no marker: insults at "you" are a rebuttal
    if hostile <= L.HOSTILE_REPLY:
        return -1, "insults 'you'"
    return 0, ""


def _quoted_before(full: str, first_own_line: str) -> str:
    """The last line the reply quotes before its own first line ('' when it quotes nothing first)."""
    quoted = ""
    for line in full.split("\n"):
        if line.strip() == first_own_line.strip():
            break
        if QUOTE_MARK_RE.match(line):
            quoted = QUOTE_MARK_RE.sub("", line).strip()
    return quoted


def _echo_question(head: str, parent: str) -> str:
    """The reply's opening words when they are a short question (or "X lol") repeating the parent's words."""
    m = ECHO_RE.match(head)
    if not m:
        return ""
    words = tokenize(m.group(1))
    if not words or len(words) > L.ECHO_MAX_WORDS:
        return ""
    content = [w for w in words if len(w) > 3 or w.isdigit()]
    said = set(tokenize(parent))
    if content and all(w in said or w.rstrip("s") in said or w + "s" in said for w in content):
        return m.group(0).strip()
    return ""
