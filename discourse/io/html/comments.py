"""Reader comments from the DOM.

1. **Markers**: header markup that comments carry: author (``vcard``/``fn``/``cite``/
   ``itemprop=author``/``.author``, or a short "Anna says:" / "by bob" text), time (``<time>``,
   ``.date``, or a short date text), reply links, avatars.
2. **Candidates**: elements named like one comment (``li.comment``, ``#comment-12``,
   ``.dsq-comment``; 'post'/'message' only weakly), members of repeated sibling groups (same
   tag, same first class or mostly the same class words) that hold a header marker, and
   elements with a header alike such a member (a lone reply in its own list).
3. **Parts**: repeated bare headers take the following siblings up to the next header as
   their body (``<dt>`` header + ``<dd>`` body, ``<h4>`` + ``<p>``). Another candidate with a
   header and no text of its own, or text and no header, is a part of the comment around it
   (``.comment-top``, ``.comment-main``) and merges into it.
   Parts do not merge across a list or comment container (a bare comment inside a page wrapper
   stays a comment).
4. **Acceptance**: an item needs text outside links and headers, a header (or a strong
   'comment' name), no form, no boilerplate region (sidebar, widget, related lists...), no
   furniture text ("No comments yet", pingbacks). Unless strongly named: no linked title (a
   teaser of another post), a date, reply link or avatar unless it sits in a comment list,
   and a group of alike items whose text is mostly not trafilatura's article. A comment
   without header markup needs one alike it. The same comment shown twice (a second sort
   order) is kept once.
5. **Replies**: an item inside another is its reply; otherwise an item whose nearest
   preceding sibling branch holds a comment and is not alike (``article.comment`` followed by
   ``ul.children``) replies to that comment; otherwise ``data-parent``-style attributes or an
   ``in-reply-to`` link.
"""
from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass, field

import lxml.etree

from . import rules
from .dom import Element, Segment, all_words, class_words, clean, element_text, is_element, line_of, names_of, \
    render_lines, text_sizes, tokens, words_of
from .regions import Regions

STRONG, WEAK, UNNAMED = 2, 1, 0


# ---------------------------------------------------------------- names
def item_strength(el: Element) -> int:
    """STRONG for a name like one comment (comment-12, dsq-comment), WEAK for post/message, else UNNAMED."""
    if el.tag not in rules.ITEM_TAGS or el.tag in rules.PAGE_TAGS:
        return UNNAMED
    best = UNNAMED
    for name in names_of(el):
        words = words_of(name)
        if words & (rules.PART_WORDS | rules.CONTAINER_PART_WORDS | rules.CONTAINER_WORDS | rules.WRAPPER_WORDS):
            continue
        if words & rules.STRONG_ITEM_WORDS:
            return STRONG
        if words & rules.WEAK_ITEM_WORDS:
            best = WEAK
    return best


def is_container(el: Element) -> bool:
    """A list of comments (#comments, .commentlist, ul.children, .replies)."""
    if el.tag in rules.PAGE_TAGS or el.tag in rules.CODE_TAGS or item_strength(el):
        return False
    for name in names_of(el):
        words = words_of(name)
        if words & rules.CONTAINER_WORDS or (words & rules.ITEM_WORDS and words & rules.CONTAINER_PART_WORDS
                                             and not words & (rules.PART_WORDS | rules.WRAPPER_WORDS)):
            return True
    return False


def is_action(el: Element, size: dict[Element, int] | None = None) -> bool:
    """Reply/share/vote links and their bars inside a comment."""
    if all_words(el) & rules.ACTION_NAME_WORDS:
        return True
    if el.tag not in ("a", "span", "div", "li", "ul", "p") or (size is not None and size.get(el, 0) > rules.MAX_ACTION_CHARS):
        return False
    return bool(rules.ACTION_TEXT.match(element_text(el)))


def alike(a: Element, b: Element) -> bool:
    """Same tag, and the same first class (``comment even`` / ``comment odd alt bypostauthor``) or mostly
    the same class words, or neither has a class."""
    if a.tag != b.tag:
        return False
    ca, cb = (a.get("class") or "").split(), (b.get("class") or "").split()
    if not (ca or cb):
        return True
    if ca and cb and words_of(ca[0]) == words_of(cb[0]):
        return True
    wa, wb = class_words(a), class_words(b)
    return len(wa & wb) >= rules.ALIKE_CLASS_SHARE * len(wa | wb)


# ---------------------------------------------------------------- markers
class Markers:
    """Header markup of the page: author, time, reply-link and avatar elements."""

    def __init__(self, body: Element) -> None:
        self.body = body
        self._author_names: list[set[Element]] | None = None
        self.size = text_sizes(body)
        self._short: dict[Element, bool] = {}
        self.inline_author: set[Element] = set()  # elements with a header line in their own text
        self.inline_time: set[Element] = set()
        # Markup: never an item itself (li.comment-author-bob, dd.author_comment mark the post author's comments).
        self.author = {el for el in body.xpath(rules.AUTHOR_XPATH) if is_element(el) and self.short(el)
                       and not item_strength(el)}
        self.time = {el for el in body.xpath(rules.TIME_XPATH) if is_element(el)
                     and (self.short(el) or el.get("datetime"))}
        for el in body.iter(lxml.etree.Element):
            if el.tag in rules.SKIP_TAGS or self.size.get(el, 0) > rules.MAX_HEADER_CHARS:
                continue
            for chunk in itertools.chain((el.text,), (c.tail for c in el)):
                if not chunk or len(chunk) < 3 or chunk.isspace():
                    continue
                dated, speaker = rules.DATE_TEXT.search(chunk), rules.SPEAKER_TEXT.search(chunk)
                if not (dated or speaker) or not header_text(chunk):
                    continue
                if self.short(el):  # a header element ("Rosa said...", "May 3, 2012 at 9:12 am")
                    (self.time if dated else self.author).add(el)
                    if dated and speaker:
                        self.author.add(el)
                elif len(chunk.split()) <= rules.MAX_HEADER_WORDS:  # a header line inside the comment's text
                    (self.inline_time if dated else self.inline_author).add(el)
                    if dated and speaker:
                        self.inline_author.add(el)
        self.reply = {a for a in body.iter("a") if self._is_reply_link(a)}
        self.avatar = {img for img in body.iter("img")
                       if rules.AVATAR.search(f"{img.get('class') or ''} {img.get('src') or ''}")}
        self.header = self.author | self.time
        self.with_header = self._with_ancestors(self.header | self.inline_author | self.inline_time)

    def author_names(self) -> list[set[Element]]:
        """Elements holding an author's name, by kind of markup, best kind first (computed once)."""
        if self._author_names is None:
            self._author_names = [set(self.body.xpath(xpath.removeprefix("."))) for xpath in rules.AUTHOR_NAME_XPATHS]
        return self._author_names

    def short(self, el: Element) -> bool:
        if el not in self._short:
            self._short[el] = self.size.get(el, 0) <= rules.MAX_HEADER_CHARS \
                and 0 < len(element_text(el).split()) <= rules.MAX_HEADER_WORDS
        return self._short[el]

    @staticmethod
    def _is_reply_link(a: Element) -> bool:
        text = element_text(a)
        if rules.REPLY_LINK_TEXT.match(text):
            return True
        if "reply" in all_words(a) and len(text.split()) <= 3:
            return True
        return bool(rules.REPLY_HREF.search(a.get("href") or "")) and len(text.split()) <= 3

    @staticmethod
    def _with_ancestors(els: set[Element]) -> set[Element]:
        out: set[Element] = set()
        for el in els:
            while el is not None and el not in out:
                out.add(el)
                el = el.getparent()
        return out


# ---------------------------------------------------------------- measuring
@dataclass
class Stats:
    prose: int = 0  # words outside links, header markers and action bars
    author: bool = False
    time: bool = False
    reply: bool = False
    avatar: bool = False
    form: bool = False
    teaser: bool = False  # holds a linked title (a post teaser)
    words: int = 0  # rendered words (from segments)
    article: int = 0  # rendered words trafilatura took as article

    @property
    def header(self) -> bool:
        return self.author or self.time

    @property
    def complete(self) -> bool:
        return self.header and self.prose >= rules.MIN_PROSE_WORDS

    def add(self, other: Stats) -> None:
        for name in ("prose", "words", "article"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("author", "time", "reply", "avatar", "form", "teaser"):
            setattr(self, name, getattr(self, name) or getattr(other, name))


def _words(text: str | None) -> int:
    return len(rules.TOKEN.findall(text)) if text else 0


def measure(body: Element, owners: dict[Element, int], markers: Markers) -> tuple[dict[int, Stats], dict[int, int],
                                                                                 dict[Element, int]]:
    """Per owner (the nearest element of ``owners`` around the text): Stats; the owner each owner
    sits in; and the owner of every element under an owner. One walk over the owners' subtrees."""
    stats: dict[int, Stats] = {k: Stats() for k in set(owners.values())}
    outer: dict[int, int] = {}
    owner_at: dict[Element, int] = {}
    # frame: element, children, owner, in link, in header or action
    stack: list[list] = []

    def count(text: str | None, owner: int, link: bool, quiet: bool) -> None:
        if owner >= 0 and not quiet and not link and text:
            stats[owner].prose += _words(text)

    def open_(el: Element, owner: int, link: bool, quiet: bool) -> None:
        own = owners.get(el, owner)
        if own != owner and owner >= 0 and own >= 0:
            outer.setdefault(own, owner)
        owner_at[el] = own
        link = link or el.tag == "a"
        if own >= 0:
            st = stats[own]
            if el in markers.author or el in markers.inline_author:
                st.author = True
            if el in markers.time or el in markers.inline_time:
                st.time = True
            if el in markers.reply:
                st.reply = True
            if el in markers.avatar:
                st.avatar = True
            if el.tag in rules.FORM_TAGS and el.get("type") != "hidden":
                st.form = True
            if not quiet and _is_linked_title(el, markers):
                st.teaser = True
        if el in owners:  # an item's own text counts, whatever is around it, unless it is all header
            link, quiet = False, el in markers.header and header_like(element_text(el), "")
        else:
            quiet = quiet or el in markers.header or el in markers.reply or is_action(el, markers.size)
        count(el.text, own, link, quiet)
        stack.append([el, iter(el), own, link, quiet])

    roots = [el for el in owners if not any(a in owners for a in el.iterancestors())]
    for root in sorted(roots, key=owners.__getitem__):
        open_(root, -1, False, False)
        _walk(stack, open_, count, stats)
    return stats, outer, owner_at


def _walk(stack: list[list], open_, count, stats: dict[int, Stats]) -> None:
    while stack:
        el, children, owner, link, quiet = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                count(el.tail, *stack[-1][2:])
            continue
        if not is_element(child) or child.tag in rules.SKIP_TAGS:
            if is_element(child) and child.tag in rules.FORM_TAGS and owner >= 0:
                stats[owner].form = True
            count(child.tail, owner, link, quiet)
            continue
        open_(child, owner, link, quiet)


def _is_linked_title(el: Element, markers: Markers) -> bool:
    if el.tag not in rules.HEADING_TAGS and "title" not in class_words(el):
        return False
    if el in markers.header or any(d in markers.header for d in el.iterdescendants()):
        return False
    text = element_text(el)
    n = len(text.split())
    if n < rules.TEASER_TITLE_WORDS:
        return False
    linked = sum(len(element_text(a).split()) for a in el.iter("a")
                 if not (a.get("href") or "#").startswith(("#", "javascript:")) and "comment" not in a.get("href", ""))
    return linked >= rules.TEASER_LINK_SHARE * n


def add_segment_words(stats: dict[int, Stats], owner_at: dict[Element, int], segments: list[Segment],
                      is_article: list[bool]) -> None:
    for seg, art in zip(segments, is_article):
        own = owner_at.get(seg.origin, -1)
        if own >= 0 and not seg.hidden:
            n = len(tokens(seg.text))
            stats[own].words += n
            if art:
                stats[own].article += n


# ---------------------------------------------------------------- items
@dataclass
class Item:
    elements: list[Element]  # the comment element, or a header and the siblings that are its body
    strength: int
    stats: Stats = field(default_factory=Stats)

    @property
    def first(self) -> Element:
        return self.elements[0]


def candidates(body: Element, markers: Markers) -> list[Element]:
    """Named comment elements, members of repeated alike sibling groups with a header, and elements with a
    header alike such a member (a lone reply in its list), in page order."""
    found: set[Element] = set()
    shapes: list[Element] = []  # one member of each kind of repeated group
    for el in body.iter(lxml.etree.Element):
        if item_strength(el):
            found.add(el)
        kids = [c for c in el if is_element(c) and c.tag in rules.ITEM_TAGS and c in markers.with_header]
        if len(kids) < rules.MIN_REPEATED:
            continue
        groups: list[list[Element]] = []
        for kid in kids:
            group = next((g for g in groups if alike(g[0], kid)), None)
            if group is None:
                groups.append([kid])
            else:
                group.append(kid)
        for group in groups:
            if len(group) >= rules.MIN_REPEATED:
                found.update(group)
                if not any(alike(group[0], shape) for shape in shapes):
                    shapes.append(group[0])
    for el in markers.with_header:
        if el not in found and el.tag in rules.ITEM_TAGS and any(alike(el, shape) for shape in shapes):
            found.add(el)
    return [el for el in body.iter(lxml.etree.Element) if el in found and el.tag not in rules.PAGE_TAGS
            and not is_container(el)]


def resolve_parts(body: Element, cands: list[Element], markers: Markers) -> list[Item]:
    """Give bare headers their following siblings as body; merge other parts into the comment around them."""
    index = {el: i for i, el in enumerate(cands)}
    stats, outer, _ = measure(body, index, markers)
    removed: set[int] = set()
    runs: dict[int, list[Element]] = {}
    run_heads: list[Element] = []
    for i, el in enumerate(cands):  # repeated bare headers (<dt>, <h4>), each with the body after it (<dd>, <p>s)
        if i in removed or not stats[i].header or stats[i].prose:
            continue
        if not any(alike(el, sib) for sib in el.itersiblings(preceding=True)) \
                and not any(alike(el, sib) for sib in el.itersiblings()) \
                and not any(alike(el, head) for head in run_heads):
            continue  # a header part of one comment (.comment-author, .comment-meta)
        run = header_run(el, index, stats, markers)
        if len(run) > 1:
            runs[i] = run
            if not any(alike(el, head) for head in run_heads):
                run_heads.append(el)
            for sib in run[1:]:
                j = index.get(sib)
                if j is not None:
                    removed.add(j)
                    stats[i].add(stats[j])
                else:
                    stats[i].prose += _words(element_text(sib))

    def live_outer(i: int) -> int | None:
        o = outer.get(i)
        while o is not None and o in removed:
            o = outer.get(o)
        return o

    for i in range(len(cands) - 1, -1, -1):  # innermost first: parts merge into the comment around them
        if i in removed or stats[i].complete:
            continue
        o = live_outer(i)
        if o is not None and not _list_between(cands[i], cands[o]):
            stats[o].add(stats[i])
            removed.add(i)
    items: list[Item] = []
    for i, el in enumerate(cands):
        if i in removed:
            continue
        if stats[i].complete or (stats[i].prose and item_strength(el) == STRONG):  # or a comment without header
            items.append(Item(runs.get(i, [el]), item_strength(el)))
    return items


def _list_between(inner: Element, outer: Element) -> bool:
    """A list or comment container between two elements: the inner one is no part of the outer."""
    for anc in inner.iterancestors():
        if anc is outer:
            return False
        if anc.tag in rules.LIST_TAGS or is_container(anc):
            return True
    return False


def header_run(header: Element, index: dict[Element, int], stats: dict[int, Stats], markers: Markers) -> list[Element]:
    """The header and its following siblings up to the next header, list, form or heading."""
    run = [header]
    for sib in itertools.islice(header.itersiblings(), rules.MAX_RUN_SIBLINGS):
        if not is_element(sib) or sib.tag in rules.SKIP_TAGS:
            continue
        j = index.get(sib)
        if j is not None:
            if stats[j].header:
                break
            if stats[j].prose:
                run.append(sib)
            continue
        if sib in markers.with_header or sib.tag in rules.FORM_TAGS or sib.find(".//form") is not None \
                or is_container(sib) or sib.tag in rules.HEADING_TAGS or alike(sib, header):
            break
        if element_text(sib):
            run.append(sib)
    return run


def accept(items: list[Item], body: Element, markers: Markers, regions: Regions, segments: list[Segment],
           is_article: list[bool]) -> list[Item]:
    owners = {el: i for i, item in enumerate(items) for el in item.elements}
    stats, _, owner_at = measure(body, owners, markers)
    add_segment_words(stats, owner_at, segments, is_article)
    kept = []
    for i, item in enumerate(items):
        st = item.stats = stats[i]
        if st.prose < rules.MIN_PROSE_WORDS or st.form or (st.teaser and item.strength < STRONG):
            continue
        if item.strength < STRONG and not (st.time or st.reply or st.avatar) and not in_comment_list(item.first):
            continue  # unless named like a comment or in a comment list: a date, reply link or avatar
        if any(el in regions for el in item.elements):
            continue
        kept.append(item)
    # A comment without header markup needs one like it (with or without header).
    kept = [item for item in kept if item.stats.header
            or sum(1 for other in kept if other is not item and alike(other.first, item.first)) >= 1]
    # Unless strongly named, items come in groups of alike elements, mostly outside the article.
    groups: list[list[Item]] = []
    for item in kept:
        if item.strength < STRONG:
            group = next((g for g in groups if alike(g[0].first, item.first)), None)
            if group is None:
                groups.append([item])
            else:
                group.append(item)
    rejected = set()
    for group in groups:
        words = sum(item.stats.words for item in group)
        article = sum(item.stats.article for item in group)
        if len(group) < rules.MIN_REPEATED or article > rules.ARTICLE_OVERLAP_SHARE * words:
            rejected.update(id(item) for item in group)
    return [item for item in kept if id(item) not in rejected]


def in_comment_list(el: Element) -> bool:
    """Inside #comments, .commentlist, .replies...: named lists of comments."""
    return any(is_container(a) for a in el.iterancestors())


# ---------------------------------------------------------------- fields
def own_elements(item: Item, item_of: dict[Element, int], i: int) -> list[Element]:
    """The item's elements in page order, without the replies nested in it."""
    out: list[Element] = []
    for root in item.elements:
        stack = [root]
        while stack:
            el = stack.pop()
            if el is not root and item_of.get(el, i) != i:
                continue
            out.append(el)
            stack.extend(reversed([c for c in el if is_element(c)]))
    return out


def comment_author(item: Item, own_els: list[Element], markers: Markers) -> str:
    for attr in rules.AUTHOR_ATTRIBUTES:
        if item.first.get(attr):
            return clean(item.first.get(attr))
    for ranked in markers.author_names():
        found = [el for el in own_els if el in ranked and not any(a.tag == "blockquote" for a in el.iterancestors())]
        inner = {id(a) for el in found for a in el.iterancestors()}  # a header block (dt.author_comment) around a name
        for el in found:
            if id(el) in inner:
                continue
            name = rules.AUTHOR_NOISE.sub("", element_text(el)).strip()
            if name and len(name) <= rules.MAX_AUTHOR_CHARS:
                return name
    for el in own_els:  # "by bob on May 3", "Rosa said..."
        if el in markers.author:
            name = speaker_name(element_text(el))
            if name:
                return name
    return ""


def speaker_name(text: str) -> str:
    for pattern in rules.SPEAKER_NAME:
        m = pattern.search(text)
        if m:
            name = clean(rules.NAME_NOISE.sub(" ", rules.DATE_TEXT.sub(" ", m.group(1))))
            if name and len(name) <= rules.MAX_AUTHOR_CHARS:
                return name
    return ""


def comment_timestamp(item: Item, own_els: list[Element], markers: Markers) -> str:
    for attr in rules.ITEM_TIME_ATTRIBUTES:
        if item.first.get(attr):
            return clean(item.first.get(attr))
    found = [el for el in own_els if el in markers.time]
    found.sort(key=lambda el: (el.tag != "time", not el.get("datetime")))
    for el in found:
        for attr in rules.TIME_ATTRIBUTES:
            if el.get(attr) and (attr != "title" or rules.DATE_TEXT.search(el.get(attr))):
                return clean(el.get(attr))
        text = element_text(el)
        if text:
            return text
    return ""


def comment_body(item: Item, own_els: list[Element], markers: Markers) -> Element | None:
    """The innermost element named like a comment body (comment-content, postbody...) with the most text."""
    bodies = [el for el in own_els if el is not item.first and el not in markers.header
              and is_body_name(el.get("class"), el.get("id"))]
    body_set = set(bodies)
    leaves = [b for b in bodies if not any(d in body_set for d in b.iterdescendants()) and element_text(b)]
    return max(leaves, key=lambda b: len(element_text(b)), default=None)


@functools.lru_cache(maxsize=4096)
def is_body_name(classes: str | None, id_: str | None) -> bool:
    names = [*(classes or "").split(), *([id_] if id_ else [])]
    return any(rules.BODY_NAME.search(n) for n in names) and not any(rules.NOT_BODY_NAME.search(n) for n in names)


def header_text(text: str) -> bool:
    """A date and/or speaker words with at most a name besides ("Rosa said on May 3", not "See you May 3!")."""
    rest = rules.DATE_TEXT.sub(" ", text)
    return len([t for t in tokens(rest) if t not in rules.HEADER_NOISE and not t.isdigit()]) <= rules.MAX_NAME_TOKENS


def header_like(line: str, author: str) -> bool:
    """A comment's header line: its author, a date and connecting words ("Rosa said on May 3, 2012")."""
    if len(line.split()) > rules.MAX_HEADER_WORDS or line.startswith(rules.QUOTE_PREFIX.strip()):
        return False
    dated = bool(rules.DATE_TEXT.search(line) or rules.SPEAKER_TEXT.search(line))
    rest = line.replace(author, " ") if author else line
    if rest == line and not dated:
        return False
    rest = rules.DATE_TEXT.sub(" ", rest)
    left = [t for t in tokens(rest) if t not in rules.HEADER_NOISE and not t.isdigit()]
    return len(left) <= (1 if dated else 0)


def comment_text(item: Item, own_els: list[Element], skip_nested, markers: Markers,
                 author: str) -> tuple[str, list[str]]:
    """The comment's text without header and action lines, and the header lines taken off."""
    body = comment_body(item, own_els, markers)
    if body is not None:
        # The comment's own title (Drupal, SB Nation) before its body; header lines are no title.
        titles = [el for el in own_els if el.tag in rules.HEADING_TAGS and el not in markers.header
                  and not any(d in markers.header for d in el.iterdescendants()) and body not in el.iterancestors()
                  and el not in body.iterancestors()]
        lines = [line for el in titles for line in render_lines(el, skip_nested)[0]]
        lines += render_lines(body, skip_nested)[0]
    else:
        # The elements holding the comment's text are the comment, never a part of it, whatever their names
        # say (dd.author_comment, li.comment-author-bob): only elements inside them are skipped as meta parts.
        # A header run's header (dt) stays a header.
        text_roots = set(item.elements[1:] or item.elements)

        def skip(el: Element) -> bool:
            return (skip_nested(el) or el in markers.avatar
                    or (el in markers.header and el.tag in ("time", "cite", "abbr"))
                    or (el not in text_roots and bool(all_words(el) & rules.META_PART_WORDS)))
        lines = [line for root in item.elements for line in render_lines(root, skip)[0]]
    lines = [line for line in lines if not rules.ACTION_TEXT.match(line) and not rules.FURNITURE_TEXT.match(line)]
    header = []
    while lines and header_like(lines[0], author) \
            and not (len(lines) > 1 and lines[1].startswith(rules.QUOTE_PREFIX)):  # a quote's "bob wrote:"
        header.append(lines.pop(0))
    while lines and header_like(lines[-1], author):
        header.append(lines.pop())
    return "\n".join(lines), header


# ---------------------------------------------------------------- replies and keys
class Thread:
    """Where the items sit in the page: reply parents from nesting, and each comment's id."""

    def __init__(self, items: list[Item], body: Element) -> None:
        self.items, self.body = items, body
        self.at = {el: i for i, item in enumerate(items) for el in item.elements}
        self.holds: dict[Element, int] = {}  # element -> first item at or under it
        self.count: Counter[Element] = Counter()  # element -> items under it
        for i, item in enumerate(items):
            el = item.first
            while el is not None:
                self.holds.setdefault(el, i)
                self.count[el] += 1
                el = el.getparent()
        self.parent = [-1] * len(items)
        for i, item in enumerate(items):
            self.parent[i] = self._nesting_parent(item)
        self.replies = [0] * len(items)  # replies under each item, directly or not
        for i in range(len(items) - 1, -1, -1):
            if self.parent[i] >= 0:
                self.replies[self.parent[i]] += 1 + self.replies[i]

    def _nesting_parent(self, item: Item) -> int:
        for anc in item.first.iterancestors():
            if anc in self.at:
                return self.at[anc]
            if anc is self.body:
                break
        el = item.first
        while el is not None and el is not self.body:
            for sib in el.itersiblings(preceding=True):
                if not is_element(sib) or sib not in self.holds:
                    continue
                first = self.holds[sib]
                if alike(sib, el):
                    return self.parent[first]  # a peer: same parent as the earlier comment
                if el.tag in rules.LIST_TAGS or is_container(el):
                    return first  # a reply list after its comment (article.comment + ul.children)
                return -1
            el = el.getparent()
        return -1

    def wrappers(self, i: int) -> list[Element]:
        """The item's element and the wrappers around it that hold only it and its replies (li > article)."""
        out = [self.items[i].first]
        el = out[0].getparent()
        while el is not None and el is not self.body and el.tag not in rules.PAGE_TAGS and not is_container(el) \
                and self.holds.get(el) == i and self.count[el] == 1 + self.replies[i]:
            out.append(el)
            el = el.getparent()
        return out

    def key(self, i: int) -> str:
        """The comment's id: from the outermost of its wrappers that has one."""
        for el in reversed(self.wrappers(i)):
            value = next((clean(el.get(a)) for a in rules.KEY_ATTRIBUTES if clean(el.get(a))), "")
            if value:
                return value
        return f"c{i}"

    def start_line(self, i: int) -> int:
        return min(line_of(el) for el in self.wrappers(i))


def _attribute_parent(item: Item) -> str:
    for attr in rules.PARENT_ATTRIBUTES:
        if item.first.get(attr):
            return clean(item.first.get(attr)).lstrip("#")
    for root in item.elements:
        links = root.xpath(rules.IN_REPLY_TO_XPATH)
        if links:
            return links[0].get("href", "").lstrip("#")
    return ""


# ---------------------------------------------------------------- all together
def find_comments(body: Element, segments: list[Segment], is_article: list[bool],
                  regions: Regions) -> tuple[list[Item], list[dict]]:
    """Comment items of a page and their blocks (one 'comment' row each), in page order."""
    markers = Markers(body)
    items = resolve_parts(body, candidates(body, markers), markers)
    items = accept(items, body, markers, regions, segments, is_article)
    if not items:
        return [], []
    item_of = {el: i for i, item in enumerate(items) for el in item.elements}
    holders = Markers._with_ancestors({item.first for item in items})  # elements around an item
    last_line = [line_of(item.first) for item in items]  # last source line of each item's own text
    for seg in segments:
        owner = next((item_of[a] for a in itertools.chain((seg.origin,), seg.origin.iterancestors())
                      if a in item_of), None)
        if owner is not None:
            last_line[owner] = max(last_line[owner], seg.end_line)
    rows: list[dict] = []
    kept: list[Item] = []
    seen: set[tuple[str, str, str]] = set()
    for i, item in enumerate(items):
        own_els = own_elements(item, item_of, i)

        def skip_nested(el: Element, i: int = i) -> bool:
            if el in item_of:
                return item_of[el] != i
            return (el in holders and is_container(el)) or el in markers.reply or is_action(el, markers.size)

        author = comment_author(item, own_els, markers)
        text, header = comment_text(item, own_els, skip_nested, markers, author)
        author = author or next((name for name in map(speaker_name, header) if name), "")
        if not text or rules.FURNITURE_TEXT.match(text) or rules.NOT_COMMENT_TEXT.match(text):
            continue
        timestamp = comment_timestamp(item, own_els, markers)
        if (author, text, timestamp) in seen:  # the same comment shown again (another sort order, a top box)
            continue
        seen.add((author, text, timestamp))
        start = line_of(item.first)
        kept.append(item)
        rows.append({"line": start, "end_line": max(start, last_line[i]), "kind": "comment", "text": text,
                     "author": author, "timestamp": timestamp})
    thread = Thread(kept, body)
    keys = [thread.key(i) for i in range(len(kept))]
    for i, (row, item) in enumerate(zip(rows, kept)):
        row["key"] = keys[i]
        row["line"] = min(row["line"], thread.start_line(i))
        row["parent"] = keys[thread.parent[i]] if thread.parent[i] >= 0 else _attribute_parent(item)
    return kept, rows
