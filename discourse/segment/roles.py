"""The roles of the article part of a plain-text page, and how much a line reads as a reader's.

The lines and their features come from :mod:`.lines` (re-exported here).
"""
from __future__ import annotations

from . import patterns as P
from .lines import Line, ends_sentence, group_start, own_text, read_lines  # noqa: F401 (re-exported)


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
    if line.furniture or line.block == "poll":
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
