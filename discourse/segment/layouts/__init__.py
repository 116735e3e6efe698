"""Known page layouts, one module each, and the order in which they mark a page.

A :class:`Layout` holds what the segmenter knows about one kind of page: its author header patterns, the lines
that extend a post's header group, rules around header lines, whole-page passes, the structure lines that place
a post in the reply tree, its ways of naming the post answered, and the test pages (fixtures with gold) that
show it. The general model (line features, the article/comment boundary, splitting, reply cues) knows no site;
it asks the registry.

What a layout may write on a :class:`~discourse.segment.lines.Line` is its layout fields: ``header``,
``author``, ``timestamp``, ``subject``, ``author_end``, ``speaker_turn``, ``block`` (and ``role`` hints
through them). Line features (``chrome``, ``quote``, ...) are read-only here.

Pass order (``mark_page``), each stage reading what the earlier ones wrote:

1. ``blocks``: article blocks (a Q&A box, a poll) -- before anything can call their lines posts;
2. ``headers``: author header lines and their groups, one pass over the page (:func:`mark_headers`): every
   layout's header patterns, in registry order, then its rules around a header line or at a timestamp or
   profile line under one;
3. ``names``: bare author lines over posts -- only lines no header pattern took;
4. ``turns``: the speakers of an interview transcript -- not header lines;
5. ``prefixes``: author prefixes ("name: text") -- neither header lines nor speaker turns;
6. ``signatures``: sign-off lines under posts ("-- Karen") -- not header lines.

To add a layout, see README ("Adding a layout").
"""
from __future__ import annotations

import re
from typing import Callable

from .. import patterns as P
from ..lines import Line, group_start
from .base import Layout, MentionForm, closes_post, names_a_layout  # noqa: F401 (what layout modules use)

STAGES = ("blocks", "headers", "names", "turns", "prefixes", "signatures")

def _registry() -> tuple[Layout, ...]:
    from . import chat, comments, forum, hackernews, letters, mail, news, reddit, slashdot, social, transcript, wordpress
    # The order is the order of header patterns (the first that matches names the author) and of rules.
    return (news.LAYOUT, forum.LAYOUT, wordpress.LAYOUT, reddit.LAYOUT, comments.LAYOUT, hackernews.LAYOUT,
            slashdot.LAYOUT, social.LAYOUT, mail.LAYOUT, transcript.LAYOUT, chat.LAYOUT, letters.LAYOUT)


REGISTRY: tuple[Layout, ...] = _registry()
HEADER_PATTERNS = tuple(pattern for layout in REGISTRY for pattern in layout.headers)
HEADER_HINTS = tuple(dict.fromkeys(hint for layout in REGISTRY for hint in layout.header_hints))
GROUP_LINES = tuple(pattern for layout in REGISTRY for pattern in layout.group_lines)
# (all of them in one pattern: every group line pattern ignores case)
GROUP_LINE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in GROUP_LINES) or r"(?!)", re.IGNORECASE)
BYLINES = tuple(pattern for layout in REGISTRY for pattern in layout.bylines)
_SUFFIXES = [layout.time_suffix for layout in REGISTRY if layout.time_suffix]
# The timestamp part of a header must really be one (or empty), with what a layout allows after it.
HEADER_TIME = re.compile(
    rf"^(?:(?:[+-]?\d+\s+points?|\d+\s+likes?)\s*(?:·|•)?\s*)?(?:posted\s+)?(?:(?:on|at)\s+)?"
    rf"(?:{P.WEEKDAY})?(?:{P.DATE}|{P.AGO}|{P.TIME_WORDS}|{P.CLOCK})?(?:\s*(?:at|,|@|·|•|-)?\s*{P.CLOCK})?"
    rf"(?:\s+ago)?\s*(?:\(edited\)|\*?\s*\(last edited [^)]{{1,30}}\))?(?:\s*\(#\d+\))?"
    rf"(?:\s*[·•]\s*(?:stickied comment|edited|pinned))?{''.join(_SUFFIXES)}\s*$", re.IGNORECASE)


def mark_page(lines: list[Line]) -> None:
    """Run every layout's marks over the page, stage by stage (STAGES), layouts in registry order."""
    for stage in STAGES:
        if stage == "headers":
            mark_headers(lines)
        for layout in REGISTRY:
            for when, run in layout.passes:
                if when == stage:
                    run(lines)


def header_match(text: str) -> tuple[str, str] | None:
    """(author, timestamp) of an author header line, by the first registered pattern that takes it, else None."""
    low = text.lower()
    if not any(map(str.isdigit, text)) and not any(hint in low for hint in HEADER_HINTS):
        return None
    for pattern in HEADER_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        author = m.group("author") or m.groupdict().get("gone") or ""  # "[deleted]"
        if author and HEADER_TIME.match(m.group("time") or "") and not P.NOT_AUTHOR.match(author):
            return author.lstrip("@"), (m.group("time") or "").strip()
    return None


def mark_headers(lines: list[Line]) -> None:
    """Flag author header lines, and header groups ("jsmith / March 3, 2021 at 5:06 pm / 12 points").

    A line matching a header pattern is a header unless a veto says otherwise; the header rules may then take
    a line above it into its group (an avatar's alt text, a subject line). A timestamp, score or profile line
    right under another line extends that line's group; the group rules may first make that line a header.
    """
    vetoes = [veto for layout in REGISTRY for veto in layout.header_vetoes]
    around = [rule for layout in REGISTRY for rule in layout.header_rules]
    grouping = [rule for layout in REGISTRY for rule in layout.group_rules]
    for i, line in enumerate(lines):
        if line.words > P.MAX_HEADER_WORDS:
            continue
        score = P.SCORE_LINE.match(line.text)
        stamp = P.TIMESTAMP.match(line.text) or score
        profile = not stamp and bool(GROUP_LINE.match(line.text))
        found = None if stamp or profile else header_match(line.text)
        if found and any(veto(lines, i, *found) for veto in vetoes):
            found = None
        if found:
            line.author, line.timestamp = found
            line.header = True
            for rule in around:
                if rule(lines, i):
                    break
            continue
        prev = lines[i - 1] if i and line.gap == 0 else None
        if prev is None or not (stamp or profile) or line.chrome:  # a media timer is no timestamp
            continue
        for rule in grouping:
            rule(lines, i, bool(score), profile)
        if prev.header:
            line.header = True
            first = group_start(lines, i)
            if stamp:
                lines[first].timestamp = lines[first].timestamp or line.text


def mention_pattern() -> re.Pattern:
    """The reply linker's mention pattern: "@name", or a registered form naming the post answered."""
    forms = [form for layout in REGISTRY for form in layout.mentions]
    openers = "|".join([r"(?<![\w@])@"] + [form.opener for form in forms])
    name = r"[\w.-]*\w"  # after "@"
    for form in reversed(forms):
        name = f"(?({form.group}){form.name}|{name})"
    return re.compile(f"(?:{openers})(?P<name>{name})", re.IGNORECASE | re.MULTILINE)


MENTION = mention_pattern()


TREE_ORDER = tuple(pattern for layout in REGISTRY for pattern in layout.tree_order)


def in_tree_order(lines: list[Line]) -> bool:
    """The page lists its comments as a reply tree flattened depth first (a layout's ``tree_order`` lines say
    so): a comment that no cue links answers the comment above it."""
    return any(pattern.match(line.text) for line in lines if line.words <= P.MAX_HEADER_WORDS
               for pattern in TREE_ORDER)


def depth_rules() -> list[Callable]:
    return [rule for layout in REGISTRY for rule in layout.depth_rules]


def parent_rules() -> list[Callable]:
    return [rule for layout in REGISTRY for rule in layout.parent_rules]


def section_splitters() -> list[Callable]:
    return [split for layout in REGISTRY for split in layout.section_splitters]


__all__ = ["Layout", "MentionForm", "REGISTRY", "STAGES", "MENTION", "BYLINES", "mark_page", "mark_headers", "header_match",
           "names_a_layout", "closes_post", "mention_pattern", "in_tree_order", "depth_rules", "parent_rules", "section_splitters"]
