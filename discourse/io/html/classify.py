"""Kinds of the page's text segments outside comments: title, meta, article, caption or boilerplate."""
from __future__ import annotations

from . import rules
from .dom import Element, Segment, all_words, clean, element_text, names_of
from .regions import Regions


def match_key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def page_title(root: Element, h1: Element | None) -> tuple[str, Element | None]:
    """Document title (og:title, else the page h1, else <title> without its site suffix) and <title>."""
    head_title = next(iter(root.iter("title")), None)
    for xpath in rules.TITLE_XPATHS:
        values = [clean(v) for v in root.xpath(xpath) if clean(v)]
        if values:
            return values[0], head_title
    if h1 is not None and element_text(h1):
        return element_text(h1), head_title
    if head_title is not None and element_text(head_title):
        text = element_text(head_title)
        return rules.TITLE_SITE_SUFFIX.sub("", text) or text, head_title
    return "", head_title


class PageClassifier:
    """Kind of a non-comment segment, from trafilatura's verdict (``is_article``) and page markup."""

    def __init__(self, regions: Regions, title: str, fallback: bool) -> None:
        self.regions = regions
        self.title_key = match_key(title)
        self.fallback = fallback  # no trafilatura text: paragraph-like blocks outside regions are the article

    def is_title(self, segment: Segment) -> bool:
        """An h1, or an h2/h3 that is the document title or most of it ("Blog name: Post title")."""
        tag = segment.block.tag
        if tag == "h1":
            return True
        if tag not in rules.TITLE_HEADINGS or not self.title_key:
            return False
        key = match_key(segment.text)
        return key == self.title_key or (len(key) >= rules.TITLE_PART_SHARE * len(self.title_key)
                                         and key in self.title_key)

    def kind(self, segment: Segment, is_article: bool) -> str:
        if segment.hidden or segment.origin in self.regions:
            return "boilerplate"
        if self.is_title(segment):
            return "title"
        if is_article:
            return "article"
        near = [segment.origin, *segment.origin.iterancestors()][:rules.NEAR_ANCESTORS]
        if any(a.tag in ("figure", "figcaption", "caption") or any("caption" in n for n in names_of(a))
               for a in near):
            return "caption"
        if len(segment.text.split()) <= rules.SHORT_META_WORDS:
            dated = (segment.block.find(".//time") is not None
                     and len(element_text(segment.block).split()) <= rules.SHORT_META_WORDS)
            if dated or any(all_words(a) & rules.META_WORDS for a in near):
                return "meta"
        if self.fallback and segment.block.tag in rules.FALLBACK_BLOCK_TAGS \
                and len(segment.text.split()) >= rules.FALLBACK_ARTICLE_MIN_WORDS:
            return "article"
        return "boilerplate"
