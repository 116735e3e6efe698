"""Per-line features of a plain-text page and the roles of its article part."""
from __future__ import annotations

from dataclasses import dataclass

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
    reader: float  # evidence of a reader's register
    journal: float  # evidence of journalistic prose
    author: str = ""  # set on author header lines
    timestamp: str = ""
    header: bool = False  # part of an author/timestamp header group
    role: str = ""  # set by the segmenter's stages


def read_lines(raw: list[str]) -> list[Line]:
    """Features of every non-blank line of ``raw`` (header groups included)."""
    out: list[Line] = []
    gap = 0
    for i, text in enumerate(raw):
        text = text.strip()
        if not text:
            gap += 1
            continue
        out.append(_line(i, text, gap))
        gap = 0
    _mark_headers(out)
    _mark_bare_names(out)
    return out


def _line(index: int, text: str, gap: int) -> Line:
    words = text.lower().split()
    n = len(words)
    cues = word_cues(words)
    terminated = ends_sentence(text)
    url_only = text.startswith(("http", "www", "<http", "(http")) and bool(P.URL_ONLY.match(text))
    quote = text.startswith(">")
    re_header = text[:2].lower() == "re" and bool(P.RE_HEADER.match(text))
    reaction = words[0] in P.REACTION_STARTS and bool(P.REACTION_OPENER.match(text))
    ellipsis = text[0] in ".…" and bool(P.ELLIPSIS_OPENER.match(text))
    reader, journal = _register(text, cues, n, url_only, quote, re_header, reaction, ellipsis)
    line = Line(
        index=index, text=text, gap=gap, words=n, terminated=terminated, colon_end=text.endswith(":"),
        url_only=url_only, quote=quote, re_header=re_header,
        list_item=not text[0].isalpha() and bool(P.LIST_ITEM.match(text)), ellipsis=ellipsis,
        byline=False, headline=False, title_case=False,
        label=0 < n <= P.LABEL_WORDS and not terminated and not text.endswith(":"),
        chrome=_word_salad(text, words, terminated),
        caption="caption" in cues and bool(P.CAPTION.search(text)),
        meta=False, action=False, marker=False, reader=reader, journal=journal,
    )
    if not terminated and n <= P.HEADLINE_WORDS[1]:
        capitalized = sum(1 for w in text.split() if w[0].isupper() or w[0].isdigit())
        line.title_case = n >= P.HEADLINE_WORDS[0] and capitalized >= P.TITLE_CASE_SHARE * n
        line.headline = (n >= P.HEADLINE_WORDS[0] and not url_only and not text.endswith((":", ",", ";"))
                         and bool(P.CAPITALIZED.match(text)))
    if n <= P.FURNITURE_WORDS:  # page furniture is short
        cta = "cta" in cues and bool(P.CHROME_CTA.search(text))
        line.chrome = bool(P.CHROME.match(text) or P.TIMER.match(text)) or cta
        line.meta = bool(P.META.match(text) or P.TIMESTAMP.match(text))
        line.byline = bool(P.BYLINE.match(text))
        line.action = bool(P.ACTION.match(text))
        line.marker = bool(P.COMMENT_MARKER.match(text))
    return line


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends with . ! ? or … (closing quotes and brackets aside)."""
    return text.rstrip(P.CLOSING_CHARS)[-1:] in tuple(P.SENTENCE_ENDS)


def own_text(text: str) -> str:
    """``text`` without the spans in quotation marks: the writer's own voice."""
    return P.QUOTED_SPAN.sub(" ", text) if any(mark in text for mark in P.QUOTE_MARKS) else text


def _word_salad(text: str, words: list[str], terminated: bool) -> bool:
    """Nav menus and icon-sprite dumps: long, unpunctuated, almost no function words."""
    if len(words) < P.WORD_SALAD_WORDS or terminated or P.SENTENCE_PUNCTUATION.search(text):
        return False
    function = sum(1 for w in words if w in P.FUNCTION_WORDS)
    return function <= P.WORD_SALAD_FUNCTION_SHARE * len(words)


def word_cues(words: list[str]) -> set[str]:
    """Names of the word-list cues (patterns.WORD_CUES) that some of ``words`` (lowercased) hit."""
    kinds: set[str] = set()
    for word in P.CUE_VOCABULARY.intersection(words):
        kinds |= P.CUES_OF_WORD[word]
    return kinds


def _register(text: str, cues: set[str], n: int, url_only: bool, quote: bool, re_header: bool, reaction: bool,
              ellipsis: bool) -> tuple[float, float]:
    """(reader evidence, journalistic evidence) of a line given its word cues; quoted speech left out."""
    voice = own_text(text)
    if voice is not text:
        cues = word_cues(voice.lower().split()) | (cues & {"caption", "cta"})
    w = P.READER_WEIGHTS
    reader = (w["first_person"] * ("first_person" in cues)
              + w["second_person"] * ("second_person" in cues)
              + w["first_plural"] * ("first_plural" in cues
                                     or " us" in voice and bool(P.LOWERCASE_US.search(voice)))
              + w["question"] * ("?" in voice) + w["exclaim"] * ("!" in voice)
              + w["crowd_question"] * ("?" in voice and _crowd_question(voice))
              + w["slang"] * ("slang" in cues) + w["opinion"] * ("opinion" in cues)
              + w["reaction"] * reaction
              + w["lower_start"] * text[0].islower()
              + w["ellipsis_open"] * ellipsis
              + w["article_ref"] * ("article_ref" in cues and bool(P.ARTICLE_REFERENCE.search(voice)))
              + w["quote_line"] * quote + w["re_header"] * re_header + w["url_only"] * url_only
              + w["mention"] * ("@" in voice and bool(P.MENTION.search(voice))))
    w = P.JOURNAL_WEIGHTS
    voiced = "first_person" in cues or "second_person" in cues  # "as you said" is no news attribution
    journal = (w["attribution"] * ("attribution" in cues and not voiced)
               + w["news_time"] * ("news_time" in cues and bool(P.NEWS_TIME.search(text)))
               + w["titled_name"] * ("titled_name" in cues and bool(P.TITLED_NAME.search(text)))
               + w["dateline"] * (text[:1].isupper() and bool(P.DATELINE.match(text)))
               + w["long_plain"] * (reader == 0 and n >= P.LONG_PLAIN_WORDS))
    return min(reader, P.MAX_CUE_SCORE), min(journal, P.MAX_CUE_SCORE)


def _crowd_question(voice: str) -> bool:
    folded = voice.casefold()
    return any(hint in folded for hint in P.CROWD_QUESTION_HINTS) and bool(P.CROWD_QUESTION.search(voice))


def _header_match(text: str) -> tuple[str, str] | None:
    """(author, timestamp) of an author header line, else None."""
    low = text.lower()
    if not any(ch.isdigit() for ch in text) and not any(hint in low for hint in P.HEADER_HINTS):
        return None
    for pattern in P.AUTHOR_HEADERS:
        m = pattern.match(text)
        if m and P.HEADER_TIME.match(m.group("time") or "") and not P.NOT_AUTHOR.match(m.group("author")):
            return m.group("author").lstrip("@"), (m.group("time") or "").strip()
    return None


def _mark_headers(lines: list[Line]) -> None:
    """Flag author header lines, and groups like "jsmith / March 3, 2021 at 5:06 pm / 12 points"."""
    for i, line in enumerate(lines):
        if line.words > P.MAX_HEADER_WORDS:
            continue
        stamp = P.TIMESTAMP.match(line.text) or P.SCORE_LINE.match(line.text)
        profile = not stamp and bool(P.POST_META.match(line.text))  # "Senior member", "Posts: 212", "#4"
        found = None if stamp or profile else _header_match(line.text)
        if found and not found[1] and i and line.gap == 0 and lines[i - 1].header:
            found = None  # "kate said:" right under a post's header introduces a quote, not a post
        if found:
            line.author, line.timestamp = found
            line.header = True
            continue
        prev = lines[i - 1] if i and line.gap == 0 else None
        if prev is None or not (stamp or profile) or line.chrome:  # a media timer is no timestamp
            continue
        if not prev.header and _post_subject(lines, i - 1):
            prev.header = True
        if not prev.header and P.NAME_ONLY.match(prev.text) and not (prev.chrome or prev.marker or prev.action):
            prev.header, prev.author = True, prev.text.lstrip("@")
        if prev.header:
            line.header = True
            first = _group_start(lines, i)
            if stamp:
                lines[first].timestamp = lines[first].timestamp or line.text


def _post_subject(lines: list[Line], i: int) -> bool:
    """A post's subject line inside its header group ("rv_rick / Full Member / Re: Subject / « on: date »")."""
    return (i >= 2 and lines[i].gap == 0 and lines[i - 1].header and lines[i].words <= P.MAX_HEADER_WORDS
            and not (lines[i].chrome or lines[i].action or lines[i].marker))


def _mark_bare_names(lines: list[Line]) -> None:
    """Flag bare author lines ("mike_r" above a post) when the page uses them as a layout unit.

    A candidate is a short handle-like line after a blank line (or first), directly followed by
    text; they count as headers only when enough of them look like handles or a name repeats.
    """
    candidates = [i for i, line in enumerate(lines) if _bare_name(lines, i)]
    texts = [lines[i].text.lstrip("@").lower() for i in candidates]
    handles = sum(bool(P.HANDLE_MARK.search(lines[i].text)) for i in candidates)
    repeated = len(texts) - len(set(texts))
    if len(candidates) < P.MIN_BARE_HEADERS or max(handles, repeated + 1) < P.MIN_BARE_HEADERS:
        return
    for i in candidates:
        lines[i].header, lines[i].author = True, lines[i].text.lstrip("@")


def _bare_name(lines: list[Line], i: int) -> bool:
    line = lines[i]
    after = lines[i + 1] if i + 1 < len(lines) else None
    if after is None or after.gap or after.header or (i and not line.gap) or line.header:
        return False
    if line.terminated or line.colon_end or line.chrome or line.marker or line.action or line.meta or line.url_only:
        return False
    return bool(P.BARE_NAME.match(line.text)) and not P.BARE_NAME.match(after.text)


def _group_start(lines: list[Line], i: int) -> int:
    while i > 0 and lines[i - 1].header and lines[i].gap == 0:
        i -= 1
    return i


def evidence(line: Line) -> float:
    """Net evidence that a line belongs to the comment section (> 0) rather than the article (< 0)."""
    if line.marker:
        return P.MARKER_EVIDENCE
    if line.header and line.author:
        return P.HEADER_EVIDENCE
    if line.action and not line.chrome:
        return P.ACTION_EVIDENCE
    if line.chrome or line.caption or line.label and not line.reader:
        return 0.0
    return line.reader - line.journal


def article_roles(lines: list[Line], end: int) -> str:
    """Set the roles of ``lines[:end]`` (the part before the comments); return the page title."""
    roles = [article_role(line) for line in lines[:end]]
    body = [i for i, r in enumerate(roles) if r == "body" and not lines[i].headline]
    first_body = body[0] if body else end
    title_at = _title_index(lines, roles, first_body)
    seen: set[str] = set()
    for i, line in enumerate(lines[:end]):
        repeat = line.text in seen
        seen.add(line.text)
        if roles[i] != "body":
            continue
        if repeat:
            roles[i] = "boilerplate"
        elif i < first_body:
            roles[i] = "standfirst" if line.list_item or line.headline and title_at is not None and i > title_at \
                else "boilerplate"
        elif line.headline:
            roles[i] = "boilerplate"  # a related-article teaser between paragraphs
    if title_at is not None:
        roles[title_at] = "title"
    _trim_tail(lines, roles)
    for line, role in zip(lines, roles):
        line.role = role
    return lines[title_at].text if title_at is not None else ""


def article_role(line: Line) -> str:
    if line.chrome or line.action or line.marker:
        return "boilerplate"
    if line.caption:
        return "caption"
    if line.meta or line.byline:
        return "meta"
    if line.label:
        return "boilerplate"
    return "body"


def _title_index(lines: list[Line], roles: list[str], first_body: int) -> int | None:
    """The page headline: the last headline-shaped line above the first paragraph (first occurrence)."""
    for i in range(first_body - 1, -1, -1):
        if roles[i] == "body" and lines[i].headline and not lines[i].list_item:
            text = lines[i].text
            return next(j for j in range(i + 1) if lines[j].text == text)
    return None


def _trim_tail(lines: list[Line], roles: list[str]) -> None:
    """Headline-shaped lines after the last paragraph are page furniture, not article."""
    for i in range(len(roles) - 1, -1, -1):
        if roles[i] == "body" and not lines[i].headline:
            break
        if roles[i] in ("body", "standfirst"):
            roles[i] = "boilerplate"
