"""Social-media threads and video comments (YouTube, Facebook, Mastodon, Bluesky, X, new Reddit).

* A bare name line over a post ("mike_r", "Jane Doe"), maybe with a badge under it ("Top fan", "Author"), when
  the page uses such lines as a layout unit; a name over an age line ("sharaaD3 / 1 yr. ago").
* Names given on two lines over a timestamp ("Ana Ruiz / @ana_r / 3h", "ofelia_r / Ofelia Ramos / Mar 2",
  "Lena M. / Portland, OR"), with the handle as the author.
* "geordie_gull → ProfessorPlum" headers naming whom the post answers.
"""
from __future__ import annotations

import re

from .. import patterns as P
from ..lines import Line
from .base import Layout, closes_post, names_a_layout

REPLY_ARROWS = ("→", "->", "►", "▸")
ARROW = r"\s*(?:" + "|".join(map(re.escape, REPLY_ARROWS)) + r")\s*@?"
ARROW_NAME = r"[\w.'’-]{2,30}(?: [\w.'’-]{1,30}){0,2}"
ARROW_HEADER = re.compile(rf"^@?(?P<author>{ARROW_NAME}){ARROW}{ARROW_NAME}(?:\s*[•·|]\s*(?P<time>.+))?$")
REPLY_ARROW = re.compile(rf"{ARROW}(?P<name>{ARROW_NAME})(?:\s*[•·|].*)?$")  # whom an arrow header's post answers
# A bare user name: one or two handle-like tokens, or a fediverse handle ("@ana@social.example").
NAME_ONLY = P.NAME_ONLY
INITIAL_END = re.compile(r"\b[A-Z]\.$")  # a name ending with an initial ("Rob G."), no sentence end
# A commenter's place under their name ("Portland, OR", "Brooklyn", "Leeds, England").
PLACE = re.compile(r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2}(?:, [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)?)?$")
# A bare author line ("mike_r", "sarah.k", "Jane Doe") heading a post: a handle or one to three name words.
# (It has a letter; "[deleted]" stands for a deleted account.)
BARE_NAME = re.compile(r"^(?=.*[^\W\d_])(?:@?[\w.'’-]{2,30}(?: [\w.'’-]{2,30}){0,2}|\[deleted\])$")
BARE_NAME_WORDS = 3  # the most words BARE_NAME matches
BADGE_WORDS = 5  # a badge under a bare author line ("Top fan", "Works at Acme Glass") is this short
MIN_BARE_HEADERS = 2  # bare name lines (handle-like, or one name repeated) needed before they delimit posts


def name_pair(lines: list[Line], i: int, score: bool, profile: bool) -> None:
    """Names given on two lines over the timestamp at ``i``: both join the header, the handle is the author."""
    if lines[i - 1].header:
        return
    named = _name_pair(lines, i - 1)
    if named is not None:
        lines[i - 2].header = lines[i - 1].header = True
        named.author = named.text.lstrip("@")


def name_over_timestamp(lines: list[Line], i: int, score: bool, profile: bool) -> None:
    """A bare name right over a timestamp or profile line is the post's author ("318 boosts" over "1.1K
    favourites" is no name)."""
    prev = lines[i - 1]
    if not prev.header and NAME_ONLY.match(prev.text) and not prev.furniture and not P.SCORE_LINE.match(prev.text):
        prev.header, prev.author = True, prev.text.lstrip("@")


def _name_pair(lines: list[Line], i: int) -> Line | None:
    """The author line of a name given on two lines over a timestamp, ``lines[i - 1]`` opening a post and
    ``lines[i]`` a handle, full name, title or place under it: the handle where one of them is one, else the
    upper line. None if the two lines are no such pair."""
    if i < 1 or lines[i].gap or lines[i].words > BARE_NAME_WORDS + 1:
        return None
    upper, lower = lines[i - 1], lines[i]
    if lower.terminated or lower.furniture or not (NAME_ONLY.match(lower.text) or PLACE.match(lower.text)):
        return None
    if not _display_name(upper) or not (i == 1 or upper.gap or closes_post(lines[i - 2])):
        return None
    handle = lower.text.startswith("@") or P.HANDLE_MARK.search(lower.text) and not P.HANDLE_MARK.search(upper.text)
    return lower if handle else upper


def _display_name(line: Line) -> bool:
    """A display name: a few name words and nothing else (an initial may end it: "Rob G.")."""
    return not (line.header or line.furniture) and line.words <= BARE_NAME_WORDS \
        and not (line.terminated and not INITIAL_END.search(line.text)) and bool(BARE_NAME.match(line.text))


def mark_bare_names(lines: list[Line]) -> None:
    """Flag bare author lines ("mike_r" above a post) when the page uses them as a layout unit.

    A candidate is a short handle-like line after a blank line, a post's furniture or first, directly followed
    by text (or by a badge and text); they count as headers only when enough of them look like handles or a
    name repeats.
    """
    sizes = {i: _bare_name(lines, i) for i, line in enumerate(lines) if line.words <= BARE_NAME_WORDS}
    candidates = [i for i, size in sizes.items() if size]
    if not names_a_layout([lines[i].text for i in candidates], MIN_BARE_HEADERS):
        return
    for i in candidates:
        lines[i].header, lines[i].author = True, lines[i].text.lstrip("@")
        if sizes[i] == 2:
            lines[i + 1].header = True  # the badge


def _bare_name(lines: list[Line], i: int) -> int:
    """How many header lines a bare author line at ``i`` opens: 1 for the name, 2 with a badge under it ("Top
    fan", "Author"), 0 if it is none. It comes first, after a blank line or after the furniture closing a post,
    and text follows it directly."""
    line = lines[i]
    after = lines[i + 1] if i + 1 < len(lines) else None
    if after is None or after.gap or after.header or line.header:
        return 0
    if line.terminated or line.colon_end or line.furniture or line.meta or line.url_only:
        return 0
    if not BARE_NAME.match(line.text):
        return 0
    size = 1
    if after.words <= BADGE_WORDS and not (after.terminated or after.colon_end or after.reader):
        text = lines[i + 2] if i + 2 < len(lines) else None  # a badge ("Top fan", "Works at ..."), if text follows
        if text is not None and not (text.gap or text.header or BARE_NAME.match(text.text)):
            after, size = text, 2
        elif BARE_NAME.match(after.text):
            return 0
    if i and not line.gap:  # right under a post's furniture: the text must read as a post, not a teaser
        if not closes_post(lines[i - 1]) or after.furniture or after.label or after.headline:
            return 0
    return size


def reply_arrow(posts: list, i: int, latest: dict[str, int]) -> tuple[int, str] | None:
    """A header naming whom the post answers ("geordie_gull → ProfessorPlum") links to that writer's latest post."""
    header = posts[i].author_header
    arrow = REPLY_ARROW.search(header.text) if header is not None else None
    if arrow and arrow["name"].lower() in latest:
        return latest[arrow["name"].lower()], arrow.string
    return None


LAYOUT = Layout(
    name="social",
    headers=(ARROW_HEADER,),
    header_hints=("@", *REPLY_ARROWS),
    group_rules=(name_pair, name_over_timestamp),
    passes=(("names", mark_bare_names),),
    parent_rules=(reply_arrow,),
    fixtures=("bare_names.txt", "layout_youtube.txt", "layout_deleted_handle.txt"),
)
