"""Split the comment section into single comments."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import patterns as P
from .roles import Line, article_role


@dataclass
class Post:
    lines: list[Line] = field(default_factory=list)
    quote_first: bool = False  # opened by a `>` quote (or its attribution): the answer follows it

    @property
    def author(self) -> str:
        return next((line.author for line in self.lines if line.author), "")

    @property
    def timestamp(self) -> str:
        return next((line.timestamp for line in self.lines if line.timestamp), "")


def split_comments(lines: list[Line]) -> list[Post]:
    """Cut a comment section, given as its lines, into posts; set the role of every line."""
    for line in lines:
        line.role = article_role(line) if _furniture(line) else "comment"
    end = len(lines) - _trailing_furniture(lines)
    for line in lines[end:]:
        line.role = "boilerplate" if _teaser(line) else article_role(line)
    section = lines[:end]
    markers = sum(line.action or line.header and bool(line.author) for line in section)
    if markers >= P.MIN_STRUCTURE_MARKERS:
        posts = _split_by_markers(section)
    else:
        posts = _split_by_cues(_units([line for line in section if line.role == "comment"]))
    kept = []
    for post in posts:
        if all(line.header for line in post.lines):  # a header with no text of its own
            for line in post.lines:
                line.role = "meta"
        else:
            kept.append(post)
    return kept


def _furniture(line: Line) -> bool:
    return not line.header and (line.action or line.marker or line.chrome or bool(P.VOTE_LINE.match(line.text)))


def _trailing_furniture(lines: list[Line]) -> int:
    """How many lines at the end are page furniture (labels, chrome, credits) rather than comments.

    Headline-shaped teasers count too ("ALSO ON ..." / "Council delays vote on stadium deal"), but
    only below a furniture line: a last comment may look like a headline.
    """
    n = 0
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k]
        if line.header or line.reader or not (line.chrome or line.label or line.meta or line.action or line.headline):
            break
        if k and P.VALEDICTION.match(lines[k - 1].text):
            break  # "Thanks,\nTom": the name signs the last post
        n += 1
    while n and _teaser(lines[len(lines) - n]):
        n -= 1
    return n


def _teaser(line: Line) -> bool:
    return line.headline and not (line.chrome or line.label or line.meta or line.action)


def _split_by_markers(lines: list[Line]) -> list[Post]:
    """Posts delimited by author headers (or footers, when posts end with them) and per-post action lines."""
    content = [line for line in lines if line.role == "comment"]
    footers = bool(content) and not content[0].header and content[-1].header
    posts: list[Post] = [Post()]
    after_action = False
    for line in lines:
        if line.action:
            after_action = True
            continue
        if line.role != "comment":
            continue
        prev = posts[-1].lines[-1] if posts[-1].lines else None
        if prev is not None:
            if footers:
                new = after_action or prev.header and not line.header
            else:
                new = after_action or line.header and not (prev.header and line.gap == 0)
            if new:
                posts.append(Post())
        posts[-1].lines.append(line)
        after_action = False
    return posts


def _units(lines: list[Line]) -> list[list[Line]]:
    """Blank-separated blocks when the dump separates posts with blank lines, else single lines."""
    gaps = sorted({line.gap for line in lines[1:]}, reverse=True)
    need = max(2, P.MIN_SEPARATOR_SHARE * len(lines))
    cut = next((g for g in gaps[:-1] if sum(line.gap >= g for line in lines[1:]) >= need), None)
    if cut is None:
        return [[line] for line in lines]
    units: list[list[Line]] = []
    for line in lines:
        if not units or line.gap >= cut or line.header:
            units.append([])
        units[-1].append(line)
    return units


def _signs_off(unit: list[Line]) -> bool:
    """Does the unit end with a signature ("Cheers, / Tom", "-- / Jane", or a lone "Raj")?"""
    last = unit[-1].text
    if len(unit) > 1 and P.VALEDICTION.match(unit[-2].text):
        return bool(P.SIGNATURE_NAME.match(last))
    return bool(P.VALEDICTION.match(last)) or len(unit) == 1 and bool(P.SIGNATURE_NAME.match(last))


def _split_signed(units: list[list[Line]]) -> list[Post] | None:
    """E-mail style threads: a post runs until its signature, whether it quotes above or below its answer."""
    if not any(P.VALEDICTION.match(line.text) for unit in units for line in unit):
        return None
    closes = [_signs_off(unit) for unit in units]
    if sum(closes) < P.MIN_SIGNED_POSTS:
        return None
    posts: list[Post] = []
    for n, unit in enumerate(units):
        if posts and not closes[n - 1] and not unit[0].header:
            posts[-1].lines.extend(unit)
        else:
            posts.append(Post(list(unit), quote_first=unit[0].quote))
    return posts


def _split_by_cues(units: list[list[Line]]) -> list[Post]:
    """Each unit opens a new post unless a continuation cue ties it to the previous one."""
    signed = _split_signed(units)
    if signed is not None:
        return signed
    posts: list[Post] = []
    cited = False  # the previous unit was cited material (headline, dek, byline) of an unfinished citation
    for unit in units:
        first = unit[0]
        if posts and _continues(posts[-1], first, cited):
            prev = posts[-1].lines[-1]
            cited = not (first.url_only or first.quote or first.list_item) and (
                _intro(prev) or cited or first.title_case or first.byline)
            posts[-1].lines.extend(unit)
            continue
        attribution = first.colon_end and bool(P.QUOTE_ATTRIBUTION.search(first.text))
        posts.append(Post(list(unit), quote_first=first.quote or attribution))
        cited = False
    return posts


def _intro(line: Line) -> bool:
    """A line announcing what follows: "Here is the transcript:", "..an excellent read on X"."""
    return line.colon_end or line.ellipsis and not line.terminated


def _continues(post: Post, line: Line, cited: bool) -> bool:
    """Does ``line`` continue ``post`` rather than open a new comment?"""
    prev = post.lines[-1]
    if line.header:
        return False
    if prev.header or _intro(prev):
        return True
    if prev.re_header and len(post.lines) == 1:
        return True  # "Re: <subject>" and its answer
    if line.quote:
        return prev.quote
    if prev.quote:
        return post.quote_first  # the answer to a quote that opened the post
    if line.url_only or line.ellipsis:
        return not prev.terminated
    if line.list_item and prev.list_item:
        return True
    if cited and (prev.title_case and not (prev.terminated or prev.byline) or line.byline or line.colon_end):
        return True  # a cited article's headline, dek and byline
    return bool(P.CONTINUATION_OPENER.match(line.text))
