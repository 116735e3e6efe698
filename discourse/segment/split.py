"""Split the comment section into single comments.

Posts are cut at layout markers (author headers, per-post action lines), at a registered layout's own cut
(e-mail signatures), or else at every unit that no continuation cue ties to the one before. The registered
layouts then place posts in the reply tree where the dump states it (depth lines, indentation, "parent" links,
reply arrows).
"""
from __future__ import annotations

from . import patterns as P
from .layouts import depth_rules, parent_rules, section_splitters
from .lines import Line, valediction
from .posts import Post
from .roles import article_role


def split_comments(lines: list[Line], before: Line | None = None, starts: set[int] | None = None) -> list[Post]:
    """Cut a comment section, given as its lines, into posts; set the role of every line.

    ``before`` is the page line right above the section: a "level N" line there places the first post.
    ``starts`` (line numbers, ``Line.index``), when given, are where posts start (a flat thread dump's
    decoded posts); otherwise layout markers or continuation cues cut the section.
    """
    for line in lines:
        line.role = article_role(line) if _furniture(line) else "comment"
    end = len(lines) - _trailing_furniture(lines)
    for line in lines[end:]:
        line.role = "boilerplate" if _teaser(line) else article_role(line)
    section = lines[:end]
    markers = sum(line.action or line.header and bool(line.author) for line in section)
    if starts is not None:
        posts = _split_at(section, starts)
    elif markers >= P.MIN_STRUCTURE_MARKERS:
        posts = _split_by_markers(section)
    else:
        posts = _split_by_cues(_units([line for line in section if line.role == "comment"]))
    section_with_before = ([before] if before is not None else []) + section
    for rule in depth_rules():  # the first layout that states depths gives them
        if rule(section_with_before, posts):
            break
    kept = []
    for post in posts:
        if post.header_only:
            for line in post.lines:
                line.role = "boilerplate"  # a profile block or a header whose post is gone
        else:
            kept.append(post)
    _link_structure(kept)
    return kept


def _link_structure(posts: list[Post]) -> None:
    """Set each post's parent as its stated structure implies.

    A post at level N+1 answers the nearest earlier post at level N, i.e. the nearest earlier post of lower
    level (still taken when the dump skips a level); a level-1 post answers none. Without stated depths, the
    layouts' parent rules place a post (a header's "| parent |": the previous post; "x → y": y's latest post).
    """
    rules = parent_rules()
    latest: dict[str, int] = {}  # author -> their latest post so far
    at_depth: dict[int, int] = {}  # depth -> the latest post at that depth so far
    for i, post in enumerate(posts):
        if post.depth is not None:
            if post.depth > 1:
                # In a depth-first dump the nearest shallower post is the one at level N; when the dump skips
                # that level ("level 3" right under a "level 1"), it is still the nearest ancestor shown.
                post.parent = max((j for depth, j in at_depth.items() if depth < post.depth), default=None)
            at_depth[post.depth] = i
        elif i and (post.footer is not None or any(line.header for line in post.lines)):
            for rule in rules:  # a layout's "parent" link or a header naming whom the post answers
                placed = rule(posts, i, latest)
                if placed is not None:
                    post.parent, post.marker = placed
                    break
        if post.author:
            latest[post.author.lower()] = i


def _furniture(line: Line) -> bool:
    return not line.header and (line.furniture or line.vote)  # "▲ 12", "287 points" under a post


def _trailing_furniture(lines: list[Line]) -> int:
    """How many lines at the end are page furniture (labels, chrome, credits) rather than comments.

    Headline-shaped teasers count too ("ALSO ON ..." / "Council delays vote on stadium deal"), and so do
    short labels and headlines with reader cues ("For you", "Your pictures: ..."), but only below a
    furniture line: a last comment may look like either.
    """
    n = 0
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k]
        link = line.url_only and not (k and lines[k - 1].colon_end)  # a link no line above announces
        if line.header or line.reader and not (line.chrome or link or (line.label or line.headline) and n) \
                or not (line.furniture or line.label or line.meta or line.headline or link):
            break
        if k and valediction(lines[k - 1].text):
            break  # "Thanks,\nTom": the name signs the last post
        n += 1
    while n and _teaser(lines[len(lines) - n]):
        n -= 1
    return n


def _teaser(line: Line) -> bool:
    return line.headline and not (line.furniture or line.label or line.meta)


def _split_at(lines: list[Line], starts: set[int]) -> list[Post]:
    """Posts of the comment lines, each opening at one of ``starts`` (line numbers) or at the first line."""
    posts: list[Post] = []
    for line in lines:
        if line.role != "comment":
            continue
        if not posts or line.index in starts:
            posts.append(Post(quote_first=line.quote or line.re_header))
        posts[-1].lines.append(line)
    return posts


def _split_by_markers(lines: list[Line]) -> list[Post]:
    """Posts delimited by author headers (or footers, when posts end with them) and per-post action lines."""
    content = [line for line in lines if line.role == "comment"]
    footers = bool(content) and not content[0].header and content[-1].header
    posts: list[Post] = [Post()]
    after_action = False
    for line in lines:
        if line.action:
            if posts[-1].lines and not after_action:
                posts[-1].footer = line
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
        if not units or line.gap >= cut or line.header or line.author:
            units.append([])
        units[-1].append(line)
    return units


def _split_by_cues(units: list[list[Line]]) -> list[Post]:
    """Each unit opens a new post unless a continuation cue ties it to the previous one."""
    for split in section_splitters():  # a layout's own cut (e-mail signatures)
        cut = split(units)
        if cut is not None:
            return cut
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
        posts.append(Post(unit, quote_first=first.quote or attribution))
        cited = False
    return posts


def _intro(line: Line) -> bool:
    """A line announcing what follows: "Here is the transcript:", "..an excellent read on X"."""
    return line.colon_end or line.ellipsis and not line.terminated


def _continues(post: Post, line: Line, cited: bool) -> bool:
    """Does ``line`` continue ``post`` rather than open a new comment?"""
    prev = post.lines[-1]
    if line.header or line.author:  # a header, or an author prefix, opens a post
        return False
    if prev.header or _intro(prev):
        return True
    if prev.re_header and len(post.lines) == 1 and not P.RE_WITH_ANSWER.match(prev.text):
        return True  # "Re: <subject>" and its answer
    if line.quote:
        return prev.quote
    if prev.quote:
        return post.quote_first  # the answer to a quote that opened the post
    if line.url_only or line.ellipsis:
        return not prev.terminated
    if line.words == 2 and P.LABELLED_URL.match(line.text):
        return True  # "Source: https://..." cites what the post just said
    if line.list_item and prev.list_item:
        return True
    if cited and (prev.title_case and not (prev.terminated or prev.byline) or line.byline or line.colon_end):
        return True  # a cited article's headline, dek and byline
    return bool(P.CONTINUATION_OPENER.match(line.text))
