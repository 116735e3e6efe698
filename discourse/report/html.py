"""The page template and small HTML builders.

Every piece of user text goes through :func:`esc` before it reaches a page or a figure;
user text is only ever placed in text nodes, never in attributes.
"""
from __future__ import annotations

import functools
import html
import json
import math
import pathlib
import re
from typing import Iterable, Sequence

PLOTLY_JS = "plotly.min.js"


def esc(text: object) -> str:
    """Escape untrusted text for HTML text nodes and Plotly labels (``&``, ``<``, ``>``)."""
    return html.escape("" if text is None else str(text), quote=False)


def unesc(text: str) -> str:
    """The inverse of :func:`esc` (only the three characters it escapes)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def own_words(text: object) -> str:
    """A comment without the lines quoting others (``>`` lines), when it has words of its own."""
    lines = str(text or "").splitlines()
    own = [line for line in lines if not line.lstrip().startswith(">")]
    return "\n".join(own) if any(line.strip() for line in own) else str(text or "")


def excerpt(text: object, limit: int) -> str:
    """Whitespace-collapsed ``text`` cut to ``limit`` characters (unescaped)."""
    flat = re.sub(r"\s+", " ", "" if text is None else str(text)).strip()
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)].rstrip() + "…"


def hover_lines(text: object, limit: int, width: int = 80) -> str:
    """An escaped excerpt wrapped with ``<br>`` for a Plotly hover label."""
    lines, current = [], ""
    for word in excerpt(text, limit).split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "<br>".join(esc(line) for line in lines if line) or "(empty)"


def signed(value: object, digits: int = 3) -> str:
    """``+0.123`` for a number, empty for None/NaN/non-numbers."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(number) else f"{number:+.{digits}f}"


ASSETS = pathlib.Path(__file__).parent / "assets"


@functools.lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of a file in ``report/assets`` (inlined into every page, so pages stay single files)."""
    return (ASSETS / name).read_text(encoding="utf-8")


def safe_json(text: str) -> str:
    """JSON text made safe inside a ``<script>``: ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes,
    so nothing inside can close the script (``</script>``) or open a comment (``<!--``)."""
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def json_script(obj: object, *, node_id: str = "", cls: str = "", attrs: str = "", text: str | None = None) -> str:
    """``obj`` (or ready JSON ``text``) in a ``<script type="application/json">``, escaped by :func:`safe_json`."""
    if text is None:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    ident = f' id="{node_id}"' if node_id else ""
    klass = f' class="{cls}"' if cls else ""
    return f'<script type="application/json"{ident}{klass}{attrs}>{safe_json(text)}</script>'


def page(title: str, body: str, subtitle: str = "", nav: Sequence[tuple[str, str]] = ()) -> str:
    """A complete page: inline CSS, the local plotly.min.js, a header with navigation links.

    ``title`` and ``subtitle`` are escaped here; ``nav`` holds (href, label) pairs we generate.
    """
    links = "".join(f'<a href="{href}">{esc(label)}</a>' for href, label in nav)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{asset('dashboard.css')}</style>\n"
        f"<script src=\"{PLOTLY_JS}\"></script>\n</head>\n<body>\n"
        f"<header><h1>{esc(title)}</h1><div class=\"sub\">{esc(subtitle)}</div>"
        f"{f'<nav>{links}</nav>' if links else ''}</header>\n<main>\n{body}\n</main>\n"
        f"<script>{asset('dashboard.js')}</script>\n</body>\n</html>\n"
    )


def section(anchor: str, title: str, *parts: str, note: str = "") -> str:
    """A titled card; ``parts`` are already-safe HTML, ``note`` is plain text."""
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    return f'<section id="{anchor}">\n<h2>{esc(title)}</h2>\n{note_html}\n' + "\n".join(parts) + "\n</section>"


def note(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>'


def cards(items: Iterable[tuple[str, object]]) -> str:
    """Summary numbers: (label, value) pairs; empty values are left out (no blank cards)."""
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{esc(value)}</b><span>{esc(label)}</span></div>' for label, value in items
        if value is not None and str(value) != "") + "</div>"


class Cell(str):
    """A table cell that is already safe HTML (a link we built); plain strings are escaped."""


def link(href: str, label: object, on_demand: bool = False) -> Cell:
    """A link to one of our own files (``href`` is generated, never user text); ``on_demand``: a report not
    written yet (marked ◌; ``discourse report`` writes it)."""
    if on_demand:
        return Cell(f'<a href="{href}" class="on-demand" title="written on demand: discourse report --doc">'
                    f'◌ {esc(label)}</a>')
    return Cell(f'<a href="{href}">{esc(label)}</a>')


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, table_id: str, numeric: Sequence[str] = (),
          text: Sequence[str] = (), filterable: bool = False, total: int | None = None) -> str:
    """An HTML table in a scroll box; cells are escaped unless they are :class:`Cell`.

    With ``filterable`` an input above the table hides rows not containing the typed text.
    """
    numeric_idx = {i for i, h in enumerate(headers) if h in numeric}
    text_idx = {i for i, h in enumerate(headers) if h in text}

    def cell(i: int, value: object) -> str:
        cls = ' class="num"' if i in numeric_idx else ' class="text"' if i in text_idx else ""
        return f"<td{cls}>{value if isinstance(value, Cell) else esc(value)}</td>"

    body = "\n".join("<tr>" + "".join(cell(i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    n_rows = body.count("<tr>")
    head = "".join(f'<th{" class=num" if i in numeric_idx else ""}>{esc(h)}</th>' for i, h in enumerate(headers))
    out = ""
    if filterable:
        shown = f"{n_rows} rows" + (f" (of {total})" if total is not None and total > n_rows else "")
        out = (f'<input class="filter" type="search" placeholder="Filter rows…" data-table="{table_id}" '
               f'data-count="{table_id}-count"> <span class="note" id="{table_id}-count">{shown}</span>\n')
    return out + (f'<div class="scroll"><table id="{table_id}"><thead><tr>{head}</tr></thead>'
                  f"<tbody>\n{body}\n</tbody></table></div>")
