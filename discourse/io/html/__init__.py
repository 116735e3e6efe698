"""HTML pages: the article via trafilatura, the comments from the DOM.

Steps (one module each):

* :mod:`.dom`: parse (NUL bytes and nesting beyond ``MAX_NESTING`` refused) and render the
  page into text segments, each at the source line where it starts;
* :mod:`.article`: trafilatura's article text, aligned back onto those segments;
* :mod:`.regions`: boilerplate regions (navigation, sidebars, widgets, related lists) that
  are not layout wrappers of the article;
* :mod:`.comments`: comment items from header markup, names and repeated sibling structure,
  with their author, time, text and parent;
* :mod:`.classify`: the kind of every other segment (title, meta, article, caption, boilerplate).

Patterns and thresholds are in :mod:`.rules`.
"""
from __future__ import annotations

import pathlib

from ...errors import InputError
from .. import RawDocument, blocks_frame
from .article import align, trafilatura_text
from .classify import PageClassifier, page_title
from .comments import find_comments
from .dom import Renderer, element_text, line_of, parse_html, tokens
from .regions import Regions, article_share

__all__ = ["read_html", "parse_html"]


def read_html(path: pathlib.Path, text: str) -> RawDocument:
    """Read an HTML page into a RawDocument with title/meta/article/caption/boilerplate/comment blocks."""
    root = parse_html(path, text)
    body = root.find("body")
    if body is None:
        body = root
    segments = Renderer(hidden_segments=True).render(body)
    article_text = trafilatura_text(root)
    is_article = align(segments, article_text) if article_text else [False] * len(segments)
    regions = Regions(body, article_share(body, ((s.block, len(tokens(s.text)))
                                                 for s, art in zip(segments, is_article) if art)))
    items, rows = find_comments(body, segments, is_article, regions)

    in_items = {el for item in items for el in item.elements}
    inside = [any(a in in_items for a in (s.origin, *s.origin.iterancestors())) if in_items else False
              for s in segments]
    h1 = next((s.block for s, skip in zip(segments, inside) if not skip and s.block.tag == "h1"
               and s.origin not in regions), None)
    title, head_title = page_title(root, h1)
    classifier = PageClassifier(regions, title, fallback=article_text is None)
    kinds = [None if skip else classifier.kind(s, art) for s, art, skip in zip(segments, is_article, inside)]
    if head_title is not None and element_text(head_title):
        line = line_of(head_title)
        # The article's heading is its title; the <title> of the window adds the site's name.
        kind = "meta" if "title" in kinds else "title"
        rows.append({"line": line, "end_line": line, "kind": kind, "text": element_text(head_title)})
    for seg, kind in zip(segments, kinds):
        if kind is not None:
            rows.append({"line": seg.line, "end_line": seg.end_line, "kind": kind, "text": seg.text})
    if not rows:
        raise InputError(str(path), "no visible text in the HTML page")
    blocks = blocks_frame(rows).sort_values("line", kind="stable").reset_index(drop=True)
    return RawDocument(source=str(path), name=path.name, format="html", lines=text.split("\n"),
                       title=title, blocks=blocks)

