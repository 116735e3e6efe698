"""Chat-log style threads: an author prefix on the post's own line ("jmorales: As a parent, ..."), when the page
uses it as a layout unit: enough prefixed lines, with names that look like handles or recur."""
from __future__ import annotations

import re

from ..lines import Line
from .base import Layout, names_a_layout

INLINE_AUTHOR = re.compile(r"^(?P<author>@?[^\W\d][\w.'’-]{1,29}):[ \t]+(?=\S)")  # one name token
INLINE_AUTHOR_REACH = 32  # its colon lies within the first 32 characters ("@" and a name of at most 30)
# Labels that take the same shape in articles and posts ("Update: ...", "Edit: ...", "PS: ...").
INLINE_LABELS = frozenset("""update updated edit edited note notes editor source sources ps p.s correction
clarification disclaimer warning spoiler re quote answer question q a photo image video watch listen read related
breaking exclusive opinion analysis live summary tldr tl;dr fyi reminder hint tip example translation fact facts
truth also and but so well ok okay yes no lol why what how who when where""".split())
MIN_INLINE_AUTHORS = 3  # prefixed lines (with a handle-like or repeated name) before the prefixes name authors


def mark_inline_authors(lines: list[Line]) -> None:
    """Flag author prefixes ("jmorales: As a parent, ...") when the page uses them as a layout unit."""
    found = []
    for line in lines:
        match = None if line.header or line.speaker_turn or ":" not in line.text[:INLINE_AUTHOR_REACH] \
            else INLINE_AUTHOR.match(line.text)
        if match and match["author"].lower() not in INLINE_LABELS:
            found.append((line, match))
    names = [match["author"] for _, match in found]
    if len({name.lstrip("@").lower() for name in names}) < 2 or not names_a_layout(names, MIN_INLINE_AUTHORS):
        return
    for line, match in found:
        line.author, line.author_end = match["author"].lstrip("@"), match.end()


LAYOUT = Layout(name="chat", passes=(("prefixes", mark_inline_authors),), fixtures=("inline_authors.txt",))
