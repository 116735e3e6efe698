"""Where the comment section starts: the best change point from article prose to reader comments."""
from __future__ import annotations

from itertools import accumulate

from . import patterns as P
from .lines import Line, group_start
from .roles import evidence


def comment_start(lines: list[Line]) -> int | None:
    """Index into ``lines`` of the first comment-section line, or None if the page has no comments.

    The start minimizes the running sum of per-line evidence (article before, comments after);
    the lines after it must then carry enough reader evidence on their own. A comment-section
    marker ("23 Comments") followed by enough evidence wins over the change point.
    """
    scores = list(map(evidence, lines))
    _discount_bylines(lines, scores)
    # suffix[k]: the evidence of lines[k:] (added up from the end); cue_lines[k]: how many of them have some
    suffix = list(accumulate(reversed(scores), initial=0.0))[::-1]
    # (teaser headlines such as "What the new name means for you" are no reader's line on their own)
    cue_lines = list(accumulate((s > 0 and not line.headline for s, line in zip(reversed(scores), reversed(lines))),
                                initial=0))[::-1]

    def enough(k: int) -> bool:
        return suffix[k] >= P.MIN_COMMENT_EVIDENCE and cue_lines[k] >= P.MIN_COMMENT_CUE_LINES

    markers = [i for i, line in enumerate(lines) if line.marker and enough(i + 1)]
    if markers:
        return _first_post(lines, markers[-1])
    # The change point: the last minimum of the running sum (ties go to the later point: comments open
    # on a line with reader evidence), below a "Be the first to comment" line if the page has one.
    run = list(accumulate(scores, initial=0.0))
    floor = _empty_section_end(lines)
    lowest = min(run[floor:])
    start = len(run) - 1 - run[::-1].index(lowest)
    if start >= len(lines) or not enough(start):
        return None
    start = _first_post(lines, start)
    while start and lines[start].quote and _quote_attribution(lines[start - 1]):
        start -= 1  # "On Mon, ... Jane <jane@x.org> wrote:" opens the comment that quotes her
    return start


def _empty_section_end(lines: list[Line]) -> int:
    """Just below the last line saying the comment section is empty ("Be the first to comment"), else 0."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].words <= P.NO_COMMENTS_WORDS and P.NO_COMMENTS.match(lines[i].text):
            return i + 1
    return 0


def _first_post(lines: list[Line], start: int) -> int:
    """Where posts that open with author headers start: their first header group (lines above it, a
    comment-count marker among them, are no post); else ``start``."""
    headed = [i for i in range(start, len(lines)) if lines[i].header and lines[i].author]
    if len(headed) < P.MIN_STRUCTURE_MARKERS or not _opens_posts(lines, headed[-1]):
        return start
    return max(start, group_start(lines, headed[0]))


def _opens_posts(lines: list[Line], last_header: int) -> bool:
    """Do the headers open their posts (text follows the last one) rather than sign them ("— Karen")?"""
    after = last_header + 1
    while after < len(lines) and lines[after].header:
        after += 1
    return after < len(lines) and not lines[after].furniture


def _quote_attribution(line: Line) -> bool:
    return line.colon_end and bool(P.QUOTE_ATTRIBUTION.search(line.text))


def _discount_bylines(lines: list[Line], scores: list[float]) -> None:
    """An author header over journalistic prose ("Posted by the newsdesk" above the story) is a byline."""
    owned = 0.0  # evidence of the lines up to the next header
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].header and lines[i].author:
            if owned < 0:
                scores[i] = 0.0
            owned = 0.0
        elif not lines[i].header:
            owned += scores[i]
