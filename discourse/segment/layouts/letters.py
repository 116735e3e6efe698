"""Letters pages and comment sections signed at the bottom: "— Karen, Spokane", "-- mark_t", "– Devon R." under
each post name its writer, when the page has several (a lone "— Reuters" is a credit)."""
from __future__ import annotations

from .. import patterns as P
from ..lines import Line
from .base import Layout

MIN_DASH_SIGNATURES = 2


def mark_dash_signatures(lines: list[Line]) -> None:
    """Flag signature lines under posts ("— Karen, Spokane") as author footers when the page has several."""
    found = []
    for line in lines:
        match = None if line.header or line.text[0] not in P.DASH_STARTS else P.DASH_SIGNATURE.match(line.text)
        if match:
            found.append((line, match["author"].lstrip("@")))
    if len(found) >= MIN_DASH_SIGNATURES:
        for line, author in found:
            line.header, line.author = True, author


LAYOUT = Layout(name="letters", passes=(("signatures", mark_dash_signatures),), fixtures=("dash_signatures.txt",))
