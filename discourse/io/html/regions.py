"""Boilerplate regions: navigation, sidebars, widgets, related/recent lists, site headers and footers.

A region is named by its tag (``nav``, ``aside``, ``footer``, ``menu``) or by a word of its
class/id (``sidebar``, ``widget``, ``related``...). Page layouts wrap the article in such
names too (``<body class="right-sidebar">``, Blogger's ``<div class="widget Blog">``,
``content-sidebar-wrap``), so a named element that holds a large share of the article text
(as trafilatura found it) is a layout wrapper, not a region.
"""
from __future__ import annotations

from collections.abc import Iterable

import lxml.etree

from . import rules
from .dom import Element, all_words, is_element



def article_share(body: Element, weighted_blocks: Iterable[tuple[Element, int]]) -> dict[Element, int]:
    """Article tokens under each element (ancestors of the article's blocks only)."""
    share: dict[Element, int] = {}
    for block, n in weighted_blocks:
        el = block
        while el is not None:
            share[el] = share.get(el, 0) + n
            if el is body:
                break
            el = el.getparent()
    return share


class Regions:
    """Which elements lie in a boilerplate region (computed once, top-down)."""

    def __init__(self, body: Element, article_tokens: dict[Element, int]) -> None:
        total = article_tokens.get(body, 0)
        self._in: set[Element] = set()
        stack: list[tuple[Element, bool, bool]] = [(body, False, False)]  # element, in region, in article/main
        while stack:
            el, inside, in_article = stack.pop()
            in_article = in_article or el.tag in ("article", "main")
            if not inside and el.tag not in rules.PAGE_TAGS and self._named(el, in_article):
                inside = article_tokens.get(el, 0) < rules.WRAPPER_ARTICLE_SHARE * total or total == 0
            if inside:
                self._in.add(el)
            for child in el:
                if is_element(child):
                    stack.append((child, inside, in_article))

    @staticmethod
    def _named(el: Element, in_article: bool) -> bool:
        if el.tag in rules.BOILERPLATE_TAGS:
            return True
        if el.tag != "header" and not (el.get("class") or el.get("id")):
            return False
        words = all_words(el)
        if words & rules.BOILERPLATE_WORDS:
            return True
        return (el.tag == "header" or bool(words & rules.SITE_HEADER_WORDS)) and not in_article

    def __contains__(self, el: Element) -> bool:
        return el in self._in


def iter_elements(root: Element) -> Iterable[Element]:
    return root.iter(lxml.etree.Element)
