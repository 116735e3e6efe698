"""Per-line features of a plain-text page and the roles of its article part.

Features are computed column by column for all lines at once: each line is split into words once,
and a regex runs only on the lines that a cheap test (first character, word count, word cues)
leaves as candidates.
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
    _mark_explainer_questions(lines)
    _mark_polls(lines)
    _mark_headers(lines)
    _mark_bare_names(lines)
    _mark_speaker_turns(lines)
    _mark_inline_authors(lines)
    _mark_dash_signatures(lines)
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
    columns = {
        "words": n, "terminated": terminated, "colon_end": colon_end, "url_only": shape["url_only"],
        "quote": shape["quote"], "re_header": shape["re_header"],
        "list_item": _flags(texts, opening(c for c in by_first if not c.isalpha()), P.LIST_ITEM.match),
        "ellipsis": shape["ellipsis"], "byline": _flags(texts, short, P.BYLINE.match), "headline": headline,
        "title_case": title_case, "label": (n <= P.LABEL_WORDS) & ~terminated & ~colon_end, "chrome": chrome,
        "caption": _flags(texts, np.flatnonzero(_has(cues, "caption")), P.CAPTION.search),
        "meta": _flags(texts, short, lambda text: P.META.match(text) or P.TIMESTAMP.match(text)),
        "action": action, "marker": _flags(texts, short, P.COMMENT_MARKER.match) & ~action,  # "4 replies": a link
        "reader": np.minimum(reader, P.MAX_CUE_SCORE), "journal": np.minimum(journal, P.MAX_CUE_SCORE),
    }
    return {name: column.tolist() for name, column in columns.items()}


def _register(texts: list[str], voices: tuple[str, ...], cues: np.ndarray, n: np.ndarray,
              shape: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(reader evidence, journalistic evidence) of every line, from its own words' cues and its shape.

    Terms are added in a fixed order, so every line gets the same float sums as when added up one by one.
    """
    question = np.array(["?" in voice for voice in voices])
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
              + w["mention"] * _flags(voices, [i for i, v in enumerate(voices) if "@" in v], P.MENTION.search))
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


def _header_match(text: str) -> tuple[str, str] | None:
    """(author, timestamp) of an author header line, else None."""
    low = text.lower()
    if not any(map(str.isdigit, text)) and not any(hint in low for hint in P.HEADER_HINTS):
        return None
    for pattern in P.AUTHOR_HEADERS:
        m = pattern.match(text)
        if not m:
            continue
        author = m.group("author") or m.groupdict().get("gone") or ""  # "[deleted]"
        if author and P.HEADER_TIME.match(m.group("time") or "") and not P.NOT_AUTHOR.match(author):
            return author.lstrip("@"), (m.group("time") or "").strip()
    return None


def _mark_headers(lines: list[Line]) -> None:
    """Flag author header lines, and groups like "jsmith / March 3, 2021 at 5:06 pm / 12 points"."""
    for i, line in enumerate(lines):
        if line.words > P.MAX_HEADER_WORDS:
            continue
        score = P.SCORE_LINE.match(line.text)
        stamp = P.TIMESTAMP.match(line.text) or score
        profile = not stamp and bool(P.POST_META.match(line.text))  # "Senior member", "Posts: 212", "#4"
        found = None if stamp or profile else _header_match(line.text)
        if found and not found[1] and i and lines[i - 1].header and (line.gap == 0 or _quotes_next(lines, i)):
            found = None  # "kate said:" under a post's header (or over a "> " quote below it) introduces a quote
        if found:
            line.author, line.timestamp = found
            line.header = True
            if i and line.gap == 0 and lines[i - 1].text == line.author and not lines[i - 1].header:
                lines[i - 1].header = True  # the avatar's alt text over the author line
            elif i and line.gap == 0 and _subject_above(lines[i - 1]):
                lines[i - 1].header = lines[i - 1].subject = True  # "Re: <subject>" over the author line
            continue
        prev = lines[i - 1] if i and line.gap == 0 else None
        if prev is None or not (stamp or profile) or line.chrome:  # a media timer is no timestamp
            continue
        if not (prev.header or score) and _post_subject(lines, i - 1):  # a post's own score is no header
            prev.header = prev.subject = True
        if not prev.header and profile:  # a profile block: name, rank, "Posts: 212", ...
            top = _block_start(lines, i - 1)
            if top < i - 1 and P.NAME_ONLY.match(lines[top].text):
                for member in lines[top:i]:
                    member.header = True
                lines[top].author = lines[top].text.lstrip("@")
        named = None if prev.header else _name_pair(lines, i - 1)
        if named is not None:  # "Ana Ruiz / @ana_r / 3h", "ofelia_r / Ofelia Ramos / Mar 2", "Lena M. / Portland, OR"
            lines[i - 2].header = prev.header = True
            named.author = named.text.lstrip("@")
        if not prev.header and P.NAME_ONLY.match(prev.text) and not (prev.chrome or prev.marker or prev.action) \
                and not P.SCORE_LINE.match(prev.text):  # "318 boosts" over "1.1K favourites" is no name
            prev.header, prev.author = True, prev.text.lstrip("@")
        if prev.header:
            line.header = True
            first = group_start(lines, i)
            if stamp:
                lines[first].timestamp = lines[first].timestamp or line.text


def _mark_explainer_questions(lines: list[Line]) -> None:
    """Mark the questions of an article's Q&A box ("Where is the storm now?" / a plain answer): short
    questions, each answered by the next line in plain prose, several times in a row."""
    def question(line: Line) -> bool:
        return line.text.endswith("?") and line.words <= P.EXPLAINER_QUESTION_WORDS

    def answer(line: Line) -> bool:
        return line.terminated and not line.text.endswith("?") and not line.reader

    run: list[Line] = []  # question, answer, question, ...
    for line in [*lines, None]:
        if line is not None and (answer if len(run) % 2 else question)(line):
            run.append(line)
            continue
        pairs = len(run) // 2
        if pairs >= P.MIN_EXPLAINER_QUESTIONS:
            for asked in run[0:2 * pairs:2]:
                asked.block = "explainer"
        run = [line] if line is not None and question(line) else []


def _mark_polls(lines: list[Line]) -> None:
    """Mark reader polls: a question (and a "What do you think?" above it), short options, a vote button and
    the vote count ("Should the clinic stay? / Yes / No / Not sure / Vote / 2,186 votes so far")."""
    for i, line in enumerate(lines):
        if line.words > P.POLL_OPTION_WORDS or not P.POLL_BUTTON.match(line.text):
            continue
        first = i
        while first and i - first < P.MAX_POLL_OPTIONS and lines[first - 1].words <= P.POLL_OPTION_WORDS \
                and not lines[first - 1].terminated:
            first -= 1
        if i - first < P.MIN_POLL_OPTIONS or not first or not lines[first - 1].text.endswith("?"):
            continue
        first -= 1
        if first and lines[first - 1].text.endswith("?") and lines[first - 1].words <= P.POLL_OPTION_WORDS:
            first -= 1  # "What do you think?" over the question
        last = i + 1 if i + 1 < len(lines) and P.POLL_COUNT.match(lines[i + 1].text) else i
        for polled in lines[first:last + 1]:
            polled.block = "poll"


def _subject_above(line: Line) -> bool:
    """A subject line opening a post above its author line: "Re: ...", "Subject (Score:4, Funny)", or a short
    headline or question after a blank line."""
    if line.header or line.words > P.MAX_HEADER_WORDS:
        return False
    return line.re_header or bool(P.SUBJECT_SCORE.search(line.text)) \
        or bool(line.gap) and (line.headline or line.text.endswith("?"))


def _block_start(lines: list[Line], i: int) -> int:
    """The first line of the run of short lines without blank lines between that ends at ``i``."""
    last = i
    while i and last - i < P.MAX_PROFILE_LINES and lines[i].gap == 0 and lines[i - 1].words <= P.PROFILE_LINE_WORDS \
            and not (lines[i - 1].terminated or lines[i - 1].header or lines[i - 1].action or lines[i - 1].chrome):
        i -= 1
    return i


def _name_pair(lines: list[Line], i: int) -> Line | None:
    """The author line of a name given on two lines over a timestamp, ``lines[i - 1]`` opening a post and
    ``lines[i]`` a handle, full name, title or place under it: the handle where one of them is one, else the
    upper line. None if the two lines are no such pair."""
    if i < 1 or lines[i].gap or lines[i].words > P.BARE_NAME_WORDS + 1:
        return None
    upper, lower = lines[i - 1], lines[i]
    if lower.terminated or lower.chrome or lower.action or lower.marker \
            or not (P.NAME_ONLY.match(lower.text) or P.PLACE.match(lower.text)):
        return None
    if not _display_name(upper) or not (i == 1 or upper.gap or _post_end(lines[i - 2])):
        return None
    handle = lower.text.startswith("@") or P.HANDLE_MARK.search(lower.text) and not P.HANDLE_MARK.search(upper.text)
    return lower if handle else upper


def _display_name(line: Line) -> bool:
    """A display name: a few name words and nothing else (an initial may end it: "Rob G.")."""
    return not (line.header or line.chrome or line.action or line.marker) and line.words <= P.BARE_NAME_WORDS \
        and not (line.terminated and not P.INITIAL_END.search(line.text)) and bool(P.BARE_NAME.match(line.text))


def _quotes_next(lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and lines[i + 1].gap == 0 and lines[i + 1].quote


def _post_subject(lines: list[Line], i: int) -> bool:
    """A post's subject line inside its header group ("rv_rick / Full Member / Re: Subject / « on: date »")."""
    return (i >= 2 and lines[i].gap == 0 and lines[i - 1].header and lines[i].words <= P.MAX_HEADER_WORDS
            and not (lines[i].chrome or lines[i].action or lines[i].marker))


def _mark_bare_names(lines: list[Line]) -> None:
    """Flag bare author lines ("mike_r" above a post) when the page uses them as a layout unit.

    A candidate is a short handle-like line after a blank line, a post's furniture or first, directly followed
    by text (or by a badge and text); they count as headers only when enough of them look like handles or a
    name repeats.
    """
    sizes = {i: _bare_name(lines, i) for i, line in enumerate(lines) if line.words <= P.BARE_NAME_WORDS}
    candidates = [i for i, size in sizes.items() if size]
    if not _names_a_layout([lines[i].text for i in candidates], P.MIN_BARE_HEADERS):
        return
    for i in candidates:
        lines[i].header, lines[i].author = True, lines[i].text.lstrip("@")
        if sizes[i] == 2:
            lines[i + 1].header = True  # the badge


def _mark_speaker_turns(lines: list[Line]) -> None:
    """Flag the turns of an interview ("Q: ...", "Mayor: ..."): a few capitalized speaker labels, each used
    several times, that open most of the labelled lines."""
    turns: dict[str, list[Line]] = {}
    for line in lines:
        match = None if line.header or line.meta or line.headline or ":" not in line.text[:P.SPEAKER_LABEL_REACH] \
            else P.SPEAKER_TURN.match(line.text)  # ("Transcript: <headline>", "Date: ..." are no turns)
        if match and not P.HANDLE_MARK.search(match["speaker"]):
            turns.setdefault(match["speaker"], []).append(line)
    speakers = [said for said in turns.values() if len(said) >= P.MIN_SPEAKER_TURNS]
    low, high = P.TRANSCRIPT_SPEAKERS
    in_turns = sum(map(len, speakers))
    if low <= len(speakers) <= high and in_turns >= P.TRANSCRIPT_SHARE * sum(map(len, turns.values())):
        for said in speakers:
            for line in said:
                line.speaker_turn = True


def _mark_dash_signatures(lines: list[Line]) -> None:
    """Flag signature lines under posts ("— Karen, Spokane") as author footers when the page has several."""
    found = []
    for line in lines:
        match = None if line.header or line.text[0] not in P.DASH_STARTS else P.DASH_SIGNATURE.match(line.text)
        if match:
            found.append((line, match["author"].lstrip("@")))
    if len(found) >= P.MIN_DASH_SIGNATURES:
        for line, author in found:
            line.header, line.author = True, author


def _mark_inline_authors(lines: list[Line]) -> None:
    """Flag author prefixes ("jmorales: As a parent, ...") when the page uses them as a layout unit:
    enough prefixed lines, with names that look like handles or recur."""
    found = []
    for line in lines:
        match = None if line.header or line.speaker_turn or ":" not in line.text[:P.INLINE_AUTHOR_REACH] \
            else P.INLINE_AUTHOR.match(line.text)
        if match and match["author"].lower() not in P.INLINE_LABELS:
            found.append((line, match))
    names = [match["author"] for _, match in found]
    if len({name.lstrip("@").lower() for name in names}) < 2 or not _names_a_layout(names, P.MIN_INLINE_AUTHORS):
        return
    for line, match in found:
        line.author, line.author_end = match["author"].lstrip("@"), match.end()


def _names_a_layout(names: list[str], minimum: int) -> bool:
    """Do these candidate author names (as written) delimit posts? At least ``minimum`` of them, and as
    many that look like handles, or one name used that often."""
    folded = [name.lstrip("@").lower() for name in names]
    handles = sum(bool(P.HANDLE_MARK.search(name)) for name in names)
    repeated = len(folded) - len(set(folded))
    return len(names) >= minimum and max(handles, repeated + 1) >= minimum


def _post_end(line: Line) -> bool:
    """Furniture that closes a post or a block of them ("Like · Reply · 3h", "View 4 more replies")."""
    return line.action or line.marker or line.chrome and not P.VALEDICTION.match(line.text) \
        or line.words <= P.VOTE_LINE_WORDS and bool(P.SCORE_LINE.match(line.text))  # ("--" opens a signature)


def _bare_name(lines: list[Line], i: int) -> int:
    """How many header lines a bare author line at ``i`` opens: 1 for the name, 2 with a badge under it ("Top
    fan", "Author"), 0 if it is none. It comes first, after a blank line or after the furniture closing a post,
    and text follows it directly."""
    line = lines[i]
    after = lines[i + 1] if i + 1 < len(lines) else None
    if after is None or after.gap or after.header or line.header:
        return 0
    if line.terminated or line.colon_end or line.chrome or line.marker or line.action or line.meta or line.url_only:
        return 0
    if not P.BARE_NAME.match(line.text):
        return 0
    size = 1
    if after.words <= P.BADGE_WORDS and not (after.terminated or after.colon_end or after.reader):
        text = lines[i + 2] if i + 2 < len(lines) else None  # a badge ("Top fan", "Works at ..."), if text follows
        if text is not None and not (text.gap or text.header or P.BARE_NAME.match(text.text)):
            after, size = text, 2
        elif P.BARE_NAME.match(after.text):
            return 0
    if i and not line.gap:  # right under a post's furniture: the text must read as a post, not a teaser
        if not _post_end(lines[i - 1]) or after.chrome or after.label or after.headline or after.marker:
            return 0
    return size


def group_start(lines: list[Line], i: int) -> int:
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
    if line.speaker_turn:
        return P.SPEAKER_TURN_EVIDENCE
    if line.chrome or line.caption or line.block or line.label and not line.reader:
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
    if line.chrome or line.action or line.marker or line.block == "poll":
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
