"""DOM helpers: parsing with limits, class-name words, and rendering a tree to lines of text.

Every walk is iterative (no recursion limit) and linear in the size of the tree.
"""
from __future__ import annotations

import functools
import pathlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html

from ...errors import InputError
from . import rules

Element = lxml.html.HtmlElement


# ---------------------------------------------------------------- parsing
def parse_html(path: pathlib.Path, text: str) -> Element:
    """Parse a page; refuse pages without markup and nesting beyond rules.MAX_NESTING.

    NUL bytes are dropped, as ``read_text_file`` does (libxml2 would end the text at the first one).
    """
    text = text.replace("\x00", "")
    if not rules.HTML_MARKUP.search(text):
        raise InputError(str(path), "no HTML markup found")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(str(path), f"unparseable HTML ({exc})") from None
    depth = max_depth(root)
    if depth > rules.MAX_NESTING:
        raise InputError(str(path), f"nesting deeper than {rules.MAX_NESTING} elements")
    return root


def max_depth(root: Element) -> int:
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


# ---------------------------------------------------------------- names
def is_element(el: object) -> bool:
    return isinstance(getattr(el, "tag", None), str)


def names_of(el: Element) -> list[str]:
    """Class names and the id of an element."""
    names = (el.get("class") or "").split()
    if el.get("id"):
        names.append(el.get("id"))
    return names


@functools.lru_cache(maxsize=8192)
def words_of(name: str) -> frozenset[str]:
    """'comment-12' -> {'comment'}, 'commentBody' -> {'comment', 'body'}."""
    return frozenset(w for w in rules.NON_LETTERS.split(rules.CAMEL.sub(r"\1-\2", name).lower()) if w)


def all_words(el: Element) -> frozenset[str]:
    names = names_of(el)
    if not names:
        return frozenset()
    return frozenset().union(*(words_of(n) for n in names))


def class_words(el: Element) -> frozenset[str]:
    classes = (el.get("class") or "").split()
    return frozenset().union(*(words_of(c) for c in classes)) if classes else frozenset()


def clean(text: str | None) -> str:
    return rules.WHITESPACE.sub(" ", text or "").strip()


def element_text(el: Element) -> str:
    return clean(el.text_content())


def tokens(text: str) -> list[str]:
    return rules.TOKEN.findall(text.lower())


def text_sizes(root: Element) -> dict[Element, int]:
    """Characters of text under each element (comment tails left out), in one pass: a cheap bound
    before computing an element's text."""
    size: dict[Element, int] = {}
    for event, el in lxml.etree.iterwalk(root, events=("end",)):
        n = len(el.text or "")
        for child in el:
            n += size.get(child, 0) + len(child.tail or "")
        size[el] = n
    return size


def line_of(el: Element) -> int:
    return (el.sourceline or 1) - 1


def ancestors_within(el: Element, stop: Element | None = None) -> Iterator[Element]:
    """Ancestors of el, nearest first, up to (not including) stop."""
    for anc in el.iterancestors():
        if anc is stop:
            return
        yield anc


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
    hidden: bool = False  # text of a skipped element a browser still shows (button, option)


class Renderer:
    """Render a subtree to lines of text, block by block, tracking source lines.

    ``skip(el)`` leaves out an element and its subtree (its tail still counts). With
    ``hidden_segments``, shown text of skipped form controls (button labels, options) comes
    out as segments marked ``hidden``.
    """

    def __init__(self, skip: Callable[[Element], bool] = lambda el: False, hidden_segments: bool = False) -> None:
        self.skip = skip
        self.hidden_segments = hidden_segments
        self.segments: list[Segment] = []
        self.max_line = -1
        self._parts: list[str] = []
        self._start: int | None = None
        self._depth = 0
        self._block: Element | None = None
        self._origin: Element | None = None

    def render(self, root: Element) -> list[Segment]:
        if not is_element(root) or root.tag in rules.SKIP_TAGS or self.skip(root):
            return self.segments
        attribution: dict[Element, int] = {}  # blockquote attribution -> depth to render it at
        # stack frames: [element, child iterator, quote depth, block element]
        stack: list[list] = []
        self._open(root, 0, root, stack, attribution)
        while stack:
            frame = stack[-1]
            el, children, depth, block = frame
            child = next(children, None)
            if child is None:
                stack.pop()
                if el.tag in rules.BLOCK_TAGS or el.tag == "blockquote" or el in attribution:
                    self._flush()
                if stack:
                    _, _, pdepth, pblock = stack[-1]
                    self._add(el.tail, self.max_line, pdepth, pblock, stack[-1][0])
                continue
            if not is_element(child):  # comment or processing instruction: only its tail shows
                self._add(child.tail, self.max_line, depth, block, el)
                continue
            if child.tag in rules.SKIP_TAGS or self.skip(child):
                if self.hidden_segments and child.tag not in rules.INVISIBLE_TAGS and not self.skip(child):
                    self._hidden(child)
                self._add(child.tail, self.max_line, depth, block, el)
                continue
            self._open(child, depth, block, stack, attribution)
        self._flush()
        return self.segments

    def _open(self, el: Element, depth: int, block: Element, stack: list, attribution: dict) -> None:
        line = line_of(el)
        self.max_line = max(self.max_line, line)
        if el.tag == "br":
            self._flush()
            stack.append([el, iter(()), depth, block])
            return
        if el in attribution:
            self._flush()
            depth = attribution[el]
        if el.tag in rules.BLOCK_TAGS:
            self._flush()
            block = el
        if el.tag == "blockquote":
            depth = self._quote_attribution(el, depth, block, attribution)
        self._add(el.text, line, depth, block, el)
        stack.append([el, iter(el), depth, block])

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

    def _hidden(self, el: Element) -> None:
        text = clean(" ".join(t for t in el.itertext() if t))
        if text:
            self._flush()
            line = line_of(el)
            self.segments.append(Segment(line, line, 0, text, el, el, hidden=True))

    def _quote_attribution(self, quote: Element, depth: int, block: Element, attribution: dict) -> int:
        """Mark a blockquote's attribution to render unquoted; return the depth for the quote itself."""
        found = [a for a in quote.xpath(rules.ATTRIBUTION_XPATH) if is_element(a) and element_text(a)]
        if found:
            attribution[found[0]] = depth
        elif quote.get("data-author"):
            self._add(f"{quote.get('data-author')} wrote:", line_of(quote), depth, block, quote)
            self._flush()
        return depth + 1


def render_lines(el: Element, skip: Callable[[Element], bool] = lambda e: False) -> tuple[list[str], int]:
    """Text lines of a subtree ("> " per blockquote level) and the last source line seen."""
    renderer = Renderer(skip)
    segments = renderer.render(el)
    return [rules.QUOTE_PREFIX * s.depth + s.text for s in segments], renderer.max_line
