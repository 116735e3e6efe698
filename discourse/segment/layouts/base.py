"""What a layout module declares (:class:`Layout`), and helpers the layouts share."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .. import patterns as P
from ..lines import Line

# (lines, i, author, timestamp) -> True to veto the header just found at i
HeaderVeto = Callable[[list[Line], int, str, str], bool]
# (lines, i) -> True once it has marked a neighbour of the header line at i (the rules are tried in order)
HeaderRule = Callable[[list[Line], int], bool]
# (lines, i, score, profile): at a timestamp (score: a vote/score line) or profile line i under lines[i - 1]
GroupRule = Callable[[list[Line], int, bool, bool], None]
PagePass = Callable[[list[Line]], None]


@dataclass(frozen=True)
class MentionForm:
    """A way a post names the writer it answers, as one alternative of the reply linker's mention pattern:
    ``opener`` matches before the name (it must define the empty group ``group``), ``name`` the name."""

    group: str
    opener: str
    name: str


@dataclass(frozen=True)
class Layout:
    """One page layout the segmenter knows (see the module doc for what each field is used for)."""

    name: str
    headers: tuple[re.Pattern, ...] = ()  # author header lines: groups "author" (or "gone") and "time"
    header_hints: tuple[str, ...] = ()  # every header line of the layout holds a digit or one of these (lowercase)
    time_suffix: str = ""  # regex source allowed after a header's timestamp ("| parent | next [–]")
    group_lines: tuple[re.Pattern, ...] = ()  # lines extending a header group like a timestamp ("Posts: 212")
    header_vetoes: tuple[HeaderVeto, ...] = ()
    header_rules: tuple[HeaderRule, ...] = ()
    group_rules: tuple[GroupRule, ...] = ()
    passes: tuple[tuple[str, PagePass], ...] = ()  # (stage, pass)
    depth_rules: tuple[Callable, ...] = ()  # (section lines, posts) -> True if it gave the posts depths
    parent_rules: tuple[Callable, ...] = ()  # (posts, i, latest) -> (parent, marker) or None
    section_splitters: tuple[Callable, ...] = ()  # (units) -> posts or None, tried before the continuation cues
    mentions: tuple[MentionForm, ...] = ()
    bylines: tuple[re.Pattern, ...] = ()  # lines above the comments naming the thread's starter (group "author")
    tree_order: tuple[re.Pattern, ...] = ()  # lines showing the page lists each reply right under its parent
    fixtures: tuple[str, ...] = ()  # pages in tests/fixtures/text; gold in <page>.gold.json


def names_a_layout(names: list[str], minimum: int) -> bool:
    """Do these candidate author names (as written) delimit posts? At least ``minimum`` of them, and as
    many that look like handles, or one name used that often."""
    folded = [name.lstrip("@").lower() for name in names]
    handles = sum(bool(P.HANDLE_MARK.search(name)) for name in names)
    repeated = len(folded) - len(set(folded))
    return len(names) >= minimum and max(handles, repeated + 1) >= minimum


def closes_post(line: Line) -> bool:
    """Furniture that closes a post or a block of them ("Like · Reply · 3h", "View 4 more replies", "12 points");
    a rule that is also a sign-off ("--") opens a signature instead."""
    if line.chrome and not (line.action or line.marker) and P.VALEDICTION.match(line.text):
        return False
    return line.furniture or line.vote
