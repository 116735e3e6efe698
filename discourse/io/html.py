"""HTML pages: the article via trafilatura, the comments split from the DOM.

trafilatura finds the article text but does not split comments, so comments
come from general DOM rules:

* comment items: elements whose class/id names a single comment (``comment``,
  ``comment-12``, ``reply``, ``post``, ``message``...), plus ``<article>``/``<li>``
  or repeated same-signature children of comment containers (``#comments``,
  ``.commentlist``, ``#disqus_thread``, ``.replies``...) that have no named items;
  outside a container an item needs a same-signature sibling (a lone
  ``<article class="post">`` is the article, not a comment);
* an item nested in another item is a reply when a list or a container lies
  between them or the outer item has text of its own; otherwise it is the same
  comment's wrapper (WordPress ``li#comment-2 > article#div-comment-2``);
* parents: DOM nesting, else ``data-parent``-style attributes, else an
  ``in-reply-to`` link to ``#id``;
* author: ``itemprop=author``, ``.fn``/``.username``, ``rel=author``, ``.author``,
  ``<cite>``; time: ``<time datetime>``, ``.date``/``.timestamp``;
* ``<blockquote>`` text stays in the comment with "> " per line (its ``<cite>``
  attribution as a plain line before it), so quote cues work downstream.

Every other visible text block becomes a title, meta, article, caption or
boilerplate block at the line of its first text.
"""
from __future__ import annotations

import copy
import functools
import pathlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import lxml.etree
import lxml.html

from ..errors import InputError
from . import RawDocument, blocks_frame

# ---------------------------------------------------------------- constants
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "canvas",
                       "select", "option", "input", "textarea", "button", "head", "map", "video", "audio"})
BLOCK_TAGS = frozenset({"html", "body", "p", "div", "section", "article", "main", "aside", "header", "footer",
                        "nav", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                        "blockquote", "pre", "figure", "figcaption", "table", "thead", "tbody", "tr", "td",
                        "th", "caption", "address", "form", "fieldset", "details", "summary", "hr", "center"})
LIST_TAGS = frozenset({"ul", "ol", "dl"})
# Comments are block elements; <span class="comment"> in highlighted code is not one.
ITEM_TAGS = frozenset({"div", "li", "article", "section", "dd", "tr", "td", "aside", "blockquote", "table"})
CODE_TAGS = frozenset({"pre", "code"})
# Words of class/id names (split on -, _, digits and camelCase).
ITEM_WORDS = frozenset({"comment", "reply", "post", "message", "answer", "response", "utterance", "tweet"})
CONTAINER_WORDS = frozenset({"comments", "replies", "posts", "messages", "answers", "responses", "discussion",
                             "discussions", "disqus", "thread", "threads", "commentlist", "conversation",
                             "forum", "children", "respond", "talk"})
# An item word with one of these names a part of a comment, or its list.
PART_WORDS = frozenset({"body", "content", "text", "author", "meta", "date", "time", "link", "form", "title",
                        "count", "avatar", "header", "footer", "actions", "action", "info", "profile", "data",
                        "vote", "votes", "share", "button", "btn", "icon", "edit", "permalink", "number",
                        "metadata", "tools", "toolbar", "signature", "heading", "reply-link", "notes"})
CONTAINER_PART_WORDS = frozenset({"list", "area", "section", "container", "tree", "feed", "stream", "box",
                                  "block", "wrap", "wrapper", "group", "holder", "thread", "threads"})
BOILERPLATE_TAGS = frozenset({"nav", "aside", "footer", "form", "menu"})
BOILERPLATE_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "sidebar", "widget", "widgets", "related",
                               "recommended", "popular", "trending", "share", "sharing", "sharedaddy", "social",
                               "newsletter", "promo", "advert", "advertisement", "ads", "ad", "sponsored",
                               "breadcrumb", "breadcrumbs", "cookie", "cookies", "banner", "masthead",
                               "pagination", "pager", "colophon", "subscribe", "signup", "login", "skip",
                               "footer", "topbar", "toolbar", "tags", "categories", "headerbar", "action",
                               "actions", "button", "btn"})
# Like <header>: boilerplate unless inside <article>/<main> (entry-header holds the title).
SITE_HEADER_WORDS = frozenset({"header", "masthead"})
META_WORDS = frozenset({"byline", "author", "dateline", "date", "time", "published", "posted", "meta",
                        "timestamp", "updated", "credit", "credits", "kicker"})
TITLE_HEADINGS = frozenset({"h1", "h2", "h3"})  # a heading repeating the document title is the title
NEAR_ANCESTORS = 3  # caption/meta markup counts on the element and its two nearest ancestors
BODY_NAME = re.compile(r"body|content|text|message", re.IGNORECASE)
NOT_BODY_NAME = re.compile(r"meta|author|header|footer|title|date|avatar|info|profile", re.IGNORECASE)
ACTION_NAME_WORDS = frozenset({"actions", "action", "tools", "toolbar", "vote", "votes", "like", "likes",
                               "share", "sharing", "report", "flag", "permalink", "edit", "reply-link",
                               "buttons", "controls"})
ACTION_TEXT = re.compile(r"^(reply|replies|share|report|flag|like|likes|quote|edit|delete|permalink|link|"
                         r"upvote|downvote|load more|reply to \S+|report (this|comment|abuse)|"
                         r"\d+\s*(likes?|replies|points?|votes?)|[↑↓▲▼+\-]?\s*\d*)$", re.IGNORECASE)
# Never comment items or containers, whatever their classes say (<body class="single-post comments-open">).
PAGE_TAGS = frozenset({"html", "body", "head", "main"})
# Author markup, best first: (xpath relative to an item, use the element's text).
AUTHOR_XPATHS = (
    ".//*[@itemprop='author']//*[@itemprop='name']",
    ".//*[@itemprop='author']",
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]",
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' username ')]",
    ".//*[contains(concat(' ', @rel, ' '), ' author ')]",
    ".//*[contains(@class, 'author') or contains(@class, 'username') or contains(@class, 'user-name')"
    " or contains(@class, 'nickname') or contains(@class, 'poster')]",
    ".//cite",
)
AUTHOR_ATTRIBUTES = ("data-author", "data-username", "data-user")
AUTHOR_NOISE = re.compile(r"^\s*(by|posted by|from)\s+|\s*(says|said|wrote|writes)?\s*:?\s*$", re.IGNORECASE)
MAX_AUTHOR_CHARS = 80
TIME_XPATHS = (".//time", ".//*[contains(@class, 'date') or contains(@class, 'time')"
                          " or contains(@class, 'published') or contains(@class, 'posted')]")
TIME_ATTRIBUTES = ("datetime", "title", "data-timestamp", "data-time", "data-date")
ITEM_TIME_ATTRIBUTES = ("data-timestamp", "data-time", "data-date", "data-created")
KEY_ATTRIBUTES = ("id", "data-id", "data-comment-id", "data-commentid", "data-post-id", "data-postid")
PARENT_ATTRIBUTES = ("data-parent", "data-parent-id", "data-parentid", "data-reply-to", "data-in-reply-to",
                     "data-replyto", "data-parent-comment-id")
IN_REPLY_TO_XPATH = (".//a[starts-with(@href, '#')][contains(@class, 'in-reply-to') or contains(@class,"
                     " 'reply-to') or contains(@class, 'parent') or ancestor::*[contains(@class,"
                     " 'in-reply-to')]]")
# A blockquote's attribution line ("alice wrote:").
ATTRIBUTION_XPATH = (".//cite | .//footer | .//*[contains(@class, 'attribution') or contains(@class,"
                     " 'quote-header') or contains(@class, 'quotetitle') or contains(@class, '-title')]")
QUOTE_PREFIX = "> "
TITLE_XPATHS = ("//meta[@property='og:title']/@content", "//meta[@name='og:title']/@content",
                "//meta[@name='twitter:title']/@content")
TITLE_SITE_SUFFIX = re.compile(r"\s+[|\-–—:]{1,2}\s+[^|\-–—:]{1,60}$")
# trafilatura slows down badly on huge trees (an 8 MB page: ~2 minutes); beyond this the DOM fallback is used.
MAX_TRAFILATURA_ELEMENTS = 30_000
ARTICLE_MATCH_MIN_CHARS = 20  # shorter blocks must equal an article paragraph to count
FALLBACK_ARTICLE_MIN_WORDS = 6  # when trafilatura finds nothing: <p> blocks at least this long
SHORT_META_WORDS = 25
MIN_REPEATED = 2
REPEATED_CHILD_TAGS = frozenset({"div", "article", "li", "section", "dd"})
HTML_MARKUP = re.compile(r"<[A-Za-z!/][^>]*>")
WHITESPACE = re.compile(r"\s+")
CAMEL = re.compile(r"([a-z])([A-Z])")
NON_LETTERS = re.compile(r"[^a-z]+")
ALNUM_KEY = re.compile(r"[\W_]+")

Element = lxml.html.HtmlElement


# ---------------------------------------------------------------- names
def names_of(el: Element) -> list[str]:
    """Class names and the id of an element."""
    names = (el.get("class") or "").split()
    if el.get("id"):
        names.append(el.get("id"))
    return names


@functools.lru_cache(maxsize=4096)
def words_of(name: str) -> frozenset[str]:
    """'comment-12' -> {'comment'}, 'commentBody' -> {'comment', 'body'}."""
    return frozenset(w for w in NON_LETTERS.split(CAMEL.sub(r"\1-\2", name).lower()) if w)


def all_words(el: Element) -> set[str]:
    return set().union(*(words_of(n) for n in names_of(el))) if names_of(el) else set()


def is_item_name(name: str) -> bool:
    words = words_of(name)
    return bool(words & ITEM_WORDS) and not words & (PART_WORDS | CONTAINER_PART_WORDS | CONTAINER_WORDS)


def is_named_item(el: Element) -> bool:
    return el.tag in ITEM_TAGS and any(is_item_name(n) for n in names_of(el))


def is_container(el: Element) -> bool:
    if el.tag in PAGE_TAGS or el.tag in CODE_TAGS or is_named_item(el):
        return False
    for name in names_of(el):
        words = words_of(name)
        if words & CONTAINER_WORDS or (words & ITEM_WORDS and words & CONTAINER_PART_WORDS
                                       and not words & PART_WORDS):
            return True
    return False


def is_element(el: object) -> bool:
    return isinstance(getattr(el, "tag", None), str)


def ancestors(el: Element) -> list[Element]:
    return list(el.iterancestors())


def clean(text: str | None) -> str:
    return WHITESPACE.sub(" ", text or "").strip()


def match_key(text: str) -> str:
    return ALNUM_KEY.sub("", text.lower())


# ---------------------------------------------------------------- rendering
@dataclass
class Segment:
    """One rendered line of text: where it starts, its blockquote depth and its block element."""

    line: int
    end_line: int
    depth: int
    text: str
    block: Element
    origin: Element  # the element whose text starts the segment (an inline <a class="skip-link">...)


class Renderer:
    """Render a subtree to lines of text, block by block, tracking source lines."""

    def __init__(self, skip: Callable[[Element], bool] = lambda el: False) -> None:
        self.skip = skip
        self.segments: list[Segment] = []
        self.max_line = -1
        self._parts: list[str] = []
        self._start: int | None = None
        self._depth = 0
        self._block: Element | None = None
        self._origin: Element | None = None
        self._done: set[Element] = set()

    def render(self, root: Element) -> list[Segment]:
        self._visit(root, 0, root)
        self._flush()
        return self.segments

    def _add(self, text: str | None, line: int, depth: int, block: Element, origin: Element) -> None:
        if not text:
            return
        if not text.strip():
            if self._parts:
                self._parts.append(" ")
            return
        if self._start is None:
            self._start = line + text[: len(text) - len(text.lstrip())].count("\n")
            self._depth, self._block, self._origin = depth, block, origin
        self._parts.append(text)
        self.max_line = max(self.max_line, line + text.rstrip().count("\n"))

    def _flush(self) -> None:
        text = clean("".join(self._parts))
        if text and self._start is not None:
            self.segments.append(Segment(self._start, max(self._start, self.max_line), self._depth, text,
                                         self._block, self._origin))
        self._parts, self._start = [], None

    def _visit(self, el: Element, depth: int, block: Element) -> None:
        if not is_element(el) or el.tag in SKIP_TAGS or el in self._done or self.skip(el):
            return
        line = (el.sourceline or 1) - 1
        self.max_line = max(self.max_line, line)
        if el.tag == "br":
            self._flush()
            return
        if el.tag in BLOCK_TAGS:
            self._flush()
            block = el
        if el.tag == "blockquote":
            depth = self._quote_attribution(el, depth, block)
        self._add(el.text, line, depth, block, el)
        for child in el:
            self._visit(child, depth, block)
            if child.tag in BLOCK_TAGS or child.tag == "blockquote":
                self._flush()
            self._add(child.tail, self.max_line, depth, block, el)
        if el.tag in BLOCK_TAGS:
            self._flush()

    def _quote_attribution(self, quote: Element, depth: int, block: Element) -> int:
        """Render a blockquote's attribution as a plain line; return the depth for the quote itself."""
        found = [a for a in quote.xpath(ATTRIBUTION_XPATH) if is_element(a) and clean(a.text_content())]
        if found:
            self._visit(found[0], depth, block)
            self._flush()
            self._done.add(found[0])
        elif quote.get("data-author"):
            self._add(f"{quote.get('data-author')} wrote:", (quote.sourceline or 1) - 1, depth, block, quote)
            self._flush()
        return depth + 1


def render_lines(el: Element, skip: Callable[[Element], bool] = lambda e: False) -> tuple[list[str], int]:
    """Text lines of a subtree ("> " per blockquote level) and the last source line seen."""
    renderer = Renderer(skip)
    segments = renderer.render(el)
    return [QUOTE_PREFIX * s.depth + s.text for s in segments], renderer.max_line


# ---------------------------------------------------------------- comments
def in_boilerplate_region(el: Element) -> bool:
    """Inside navigation, widgets, share bars... or code (no comments are found there)."""
    for anc in [el, *ancestors(el)]:
        if anc.tag == "nav" or anc.tag in CODE_TAGS or all_words(anc) & BOILERPLATE_WORDS:
            return True
    return False


def is_action(el: Element) -> bool:
    """Reply/share/vote links and their bars inside a comment."""
    if all_words(el) & ACTION_NAME_WORDS or any("reply-link" in n for n in names_of(el)):
        return True
    return el.tag in ("a", "span", "div", "li", "ul") and bool(ACTION_TEXT.match(clean(el.text_content())))


def signature(el: Element) -> tuple[str, frozenset[str]]:
    """Tag and class words, without numbers (comment-12 and comment-13 match)."""
    return el.tag, frozenset(set().union(*(words_of(c) for c in (el.get("class") or "").split())) or set())


def container_fallback_items(container: Element) -> list[Element]:
    """Items of a comment container without named items: <article>/<li>, else repeated children."""
    items = [el for el in container.iter("article", "li") if clean(el.text_content())
             and not in_boilerplate_region(el) and not is_action(el)]
    if items:
        return items
    for parent in container.iter(lxml.etree.Element):
        children = [c for c in parent if is_element(c) and c.tag in REPEATED_CHILD_TAGS
                    and clean(c.text_content())]
        counts = Counter(signature(c) for c in children)
        if counts and max(counts.values()) >= MIN_REPEATED:
            sig = counts.most_common(1)[0][0]
            return [c for c in children if signature(c) == sig]
    return []


def find_comment_items(body: Element) -> list[Element]:
    """Comment elements of a page, in document order (replies included)."""
    containers = [el for el in body.iter(lxml.etree.Element) if is_container(el)
                  and not in_boilerplate_region(el)]
    named = [el for el in body.iter(lxml.etree.Element) if is_named_item(el) and not in_boilerplate_region(el)
             and clean(el.text_content()) and not ACTION_TEXT.match(clean(el.text_content()))]
    named_set = set(named)
    container_set = set(containers)

    def has_container_ancestor(el: Element) -> bool:
        return any(a in container_set for a in ancestors(el))

    # Outside containers an item needs a sibling with its signature.
    sibling_counts = Counter((el.getparent(), signature(el)) for el in named)
    candidates = [el for el in named if has_container_ancestor(el)
                  or sibling_counts[(el.getparent(), signature(el))] >= MIN_REPEATED]
    # Containers (outermost) that hold no named items get <article>/<li> or repeated children.
    for container in containers:
        if has_container_ancestor(container):
            continue
        if not any(d in named_set for d in container.iter(lxml.etree.Element)):
            candidates.extend(container_fallback_items(container))
    order = {el: i for i, el in enumerate(body.iter(lxml.etree.Element))}
    candidates = sorted(set(candidates), key=order.__getitem__)
    return drop_wrappers(candidates, container_set)


def drop_wrappers(candidates: list[Element], containers: set[Element]) -> list[Element]:
    """Drop an item nested in another that is only its wrapper's body (no list/container between, no own text)."""
    candidate_set = set(candidates)
    kept: list[Element] = []
    for el in candidates:
        outer = next((a for a in el.iterancestors() if a in candidate_set), None)
        if outer is None:
            kept.append(el)
            continue
        between = []
        for a in el.iterancestors():
            if a is outer:
                break
            between.append(a)
        if any(a.tag in LIST_TAGS or a in containers for a in between):
            kept.append(el)
            continue
        outer_own, _ = render_lines(outer, skip=lambda e: e in candidate_set and e is not outer)
        if [line for line in outer_own if not ACTION_TEXT.match(line)]:
            kept.append(el)
        else:
            candidate_set.discard(el)
    return kept


def element_text(el: Element) -> str:
    return clean(el.text_content())


def first_match(item: Element, xpaths: tuple[str, ...], own: Callable[[Element], bool]) -> Element | None:
    for xpath in xpaths:
        for el in item.xpath(xpath):
            if is_element(el) and own(el) and element_text(el):
                return el
    return None


def comment_author(item: Element, own: Callable[[Element], bool]) -> str:
    for attr in AUTHOR_ATTRIBUTES:
        if item.get(attr):
            return clean(item.get(attr))
    for xpath in AUTHOR_XPATHS:
        for el in item.xpath(xpath):
            if not is_element(el) or not own(el) or any(a.tag == "blockquote" for a in el.iterancestors()):
                continue
            name = AUTHOR_NOISE.sub("", element_text(el)).strip()
            if name and len(name) <= MAX_AUTHOR_CHARS:
                return name
    return ""


def comment_timestamp(item: Element, own: Callable[[Element], bool]) -> str:
    for attr in ITEM_TIME_ATTRIBUTES:
        if item.get(attr):
            return clean(item.get(attr))
    el = first_match(item, TIME_XPATHS, own)
    if el is None:
        return ""
    for attr in TIME_ATTRIBUTES:
        if el.get(attr):
            return clean(el.get(attr))
    return element_text(el)


def comment_parent(item: Element, items: set[Element], keys: dict[Element, str],
                   own: Callable[[Element], bool]) -> str:
    outer = next((a for a in item.iterancestors() if a in items), None)
    if outer is not None:
        return keys[outer]
    for attr in PARENT_ATTRIBUTES:
        if item.get(attr):
            return clean(item.get(attr)).lstrip("#")
    links = [a for a in item.xpath(IN_REPLY_TO_XPATH) if own(a)]
    return links[0].get("href", "").lstrip("#") if links else ""


def comment_body(item: Element, own: Callable[[Element], bool]) -> Element | None:
    """The innermost element named like a comment body (comment-content, postbody...) with the most text."""
    bodies = [el for el in item.iter(lxml.etree.Element) if el is not item and own(el)
              and any(BODY_NAME.search(n) and not NOT_BODY_NAME.search(n) for n in names_of(el))]
    body_set = set(bodies)
    leaves = [b for b in bodies if not any(d in body_set for d in b.iterdescendants())]
    leaves = [b for b in leaves if element_text(b)]
    return max(leaves, key=lambda b: len(element_text(b)), default=None)


def comment_blocks(items: list[Element]) -> list[dict]:
    """One 'comment' block per item: own text (nested replies excluded), author, time, parent."""
    item_set = set(items)
    keys: dict[Element, str] = {}
    for i, item in enumerate(items):
        keys[item] = next((clean(item.get(a)) for a in KEY_ATTRIBUTES if item.get(a)), "") or f"c{i}"
    rows = []
    for item in items:
        def own(el: Element, item: Element = item) -> bool:
            return next((a for a in [el, *el.iterancestors()] if a in item_set), None) is item

        def skip_nested(el: Element, item: Element = item) -> bool:  # replies, their lists, action bars
            return (el in item_set and el is not item) or is_container(el) or is_action(el)

        author = comment_author(item, own)
        timestamp = comment_timestamp(item, own)
        body = comment_body(item, own)
        _, end_line = render_lines(item, skip_nested)
        if body is not None:
            lines, _ = render_lines(body, skip_nested)
        else:  # no body markup: the item minus author, time and meta parts
            meta = {el for el in item.iter(lxml.etree.Element) if el is not item
                    and (el.tag == "time" or all_words(el) & (META_WORDS | {"avatar", "vcard", "header"}))}
            lines, _ = render_lines(item, lambda el: skip_nested(el) or el in meta)
        text = "\n".join(lines)
        if not text:
            continue
        start = (item.sourceline or 1) - 1
        rows.append({"line": start, "end_line": max(start, end_line), "kind": "comment", "text": text,
                     "key": keys[item], "parent": comment_parent(item, item_set, keys, own),
                     "author": author, "timestamp": timestamp})
    return rows


# ---------------------------------------------------------------- article and page blocks
def article_paragraphs(root: Element, removed: list[Element]) -> list[str]:
    """trafilatura's article text (paragraphs) from a copy of the page without the comment parts."""
    import trafilatura

    if sum(1 for _ in root.iter()) > MAX_TRAFILATURA_ELEMENTS:
        return []
    marker = "data-discourse-drop"
    for el in removed:
        el.set(marker, "1")
    page = copy.deepcopy(root)
    for el in removed:
        del el.attrib[marker]
    for el in page.xpath(f"//*[@{marker}]"):
        if el.getparent() is not None:
            el.drop_tree()
    try:
        text = trafilatura.extract(page, include_comments=False, include_tables=True, favor_recall=True,
                                   deduplicate=False)
    except Exception:  # trafilatura is best effort; the fallback below still classifies the page
        text = None
    return [p for p in (clean(line) for line in (text or "").split("\n")) if p]


def page_title(root: Element, h1: Element | None) -> tuple[str, Element | None]:
    """Document title (og:title, else the page h1, else <title> without its site suffix) and <title>."""
    head_title = next(iter(root.iter("title")), None)
    for xpath in TITLE_XPATHS:
        values = [clean(v) for v in root.xpath(xpath) if clean(v)]
        if values:
            return values[0], head_title
    if h1 is not None and element_text(h1):
        return element_text(h1), head_title
    if head_title is not None and element_text(head_title):
        text = element_text(head_title)
        return TITLE_SITE_SUFFIX.sub("", text) or text, head_title
    return "", head_title


class PageClassifier:
    """Kind of a non-comment text segment: title, meta, article, caption or boilerplate."""

    def __init__(self, paragraphs: list[str], containers: set[Element], title: str = "") -> None:
        self.paragraph_keys = {match_key(p) for p in paragraphs}
        self.article_blob = "\x00".join(match_key(p) for p in paragraphs)
        self.fallback = not paragraphs
        self.containers = containers
        self.title_key = match_key(title)

    def is_boilerplate(self, el: Element) -> bool:
        """True inside navigation, footers, asides, forms, share/related widgets, site headers, comment areas."""
        chain = [el, *ancestors(el)]
        in_article = any(a.tag in ("article", "main") for a in chain)
        for a in chain:
            words = all_words(a)
            if a in self.containers or a.tag in BOILERPLATE_TAGS or words & BOILERPLATE_WORDS:
                return True
            if (a.tag == "header" or words & SITE_HEADER_WORDS) and not in_article:
                return True
        return False

    def is_article_text(self, text: str, block: Element) -> bool:
        key = match_key(text)
        if not key:
            return False
        if self.fallback:
            return block.tag in ("p", "blockquote", "li", "pre") and len(text.split()) >= FALLBACK_ARTICLE_MIN_WORDS
        return key in self.paragraph_keys or (len(key) >= ARTICLE_MATCH_MIN_CHARS and key in self.article_blob)

    def is_title(self, segment: Segment) -> bool:
        tag = segment.block.tag
        return tag == "h1" or (tag in TITLE_HEADINGS and bool(self.title_key)
                               and match_key(segment.text) == self.title_key)

    def kind(self, segment: Segment) -> str:
        if self.is_boilerplate(segment.origin):
            return "boilerplate"
        if self.is_title(segment):
            return "title"
        near = [segment.origin, *ancestors(segment.origin)][:NEAR_ANCESTORS]
        if any(a.tag in ("figure", "figcaption", "caption") or any("caption" in n for n in names_of(a))
               for a in near):
            return "caption"
        if len(segment.text.split()) <= SHORT_META_WORDS:
            dated = (segment.block.find(".//time") is not None
                     and len(element_text(segment.block).split()) <= SHORT_META_WORDS)
            if dated or any(all_words(a) & META_WORDS for a in near):
                return "meta"
        if self.is_article_text(segment.text, segment.block):
            return "article"
        return "boilerplate"


def parse_html(path: pathlib.Path, text: str) -> Element:
    if not HTML_MARKUP.search(text):
        raise InputError(str(path), "no HTML markup found")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(str(path), f"unparseable HTML ({exc})") from None
    return root


def read_html(path: pathlib.Path, text: str):
    """Read an HTML page into a RawDocument with title/meta/article/caption/boilerplate/comment blocks."""
    root = parse_html(path, text)
    body = root.find("body")
    if body is None:
        body = root
    items = find_comment_items(body)
    item_set = set(items)
    containers = {el for el in body.iter(lxml.etree.Element) if is_container(el)
                  and not in_boilerplate_region(el) and not any(a in item_set for a in el.iterancestors())}
    rows = comment_blocks(items)

    renderer = Renderer(skip=lambda el: el in item_set)
    segments = renderer.render(body)
    site = PageClassifier([], containers)
    h1 = next((s.block for s in segments if s.block.tag == "h1" and not site.is_boilerplate(s.origin)), None)
    title, head_title = page_title(root, h1)
    classifier = PageClassifier(article_paragraphs(root, [*containers, *items]), containers, title)
    if head_title is not None and element_text(head_title):
        line = (head_title.sourceline or 1) - 1
        rows.append({"line": line, "end_line": line, "kind": "title", "text": element_text(head_title)})
    for seg in segments:
        rows.append({"line": seg.line, "end_line": seg.end_line, "kind": classifier.kind(seg), "text": seg.text})
    if not rows:
        raise InputError(str(path), "no visible text in the HTML page")

    blocks = blocks_frame(rows).sort_values("line", kind="stable").reset_index(drop=True)
    return RawDocument(source=str(path), name=path.name, format="html", lines=text.split("\n"),
                       title=title, blocks=blocks)
