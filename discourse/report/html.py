"""The page template and small HTML builders.

Every piece of user text goes through :func:`esc` before it reaches a page or a figure;
user text is only ever placed in text nodes, never in attributes.
"""
from __future__ import annotations

import html
import math
import re
from typing import Iterable, Sequence

PLOTLY_JS = "plotly.min.js"


def esc(text: object) -> str:
    """Escape untrusted text for HTML text nodes and Plotly labels (``&``, ``<``, ``>``)."""
    return html.escape("" if text is None else str(text), quote=False)


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


CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--accent:#2f5d8a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:14px 28px}
header h1{margin:0 0 4px;font-size:22px}
header .sub{color:var(--muted)}
nav{margin-top:8px}nav a{margin-right:14px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
main{padding:8px 28px 40px;max-width:1500px}
section{background:#fff;border:1px solid var(--line);border-radius:6px;margin:18px 0;padding:12px 18px}
section h2{font-size:17px;margin:4px 0 6px}
.note{color:var(--muted);margin:4px 0 8px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0 0}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 16px;min-width:120px}
.card b{display:block;font-size:20px}.card span{color:var(--muted)}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:12px}
.grid3{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:12px}
.grid3 h3{font-size:14px;margin:8px 0 4px}
.scroll{max-height:560px;overflow:auto;border:1px solid var(--line)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#f0f3f7;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.text{max-width:640px;white-space:pre-wrap}
input.filter{padding:5px 8px;width:320px;border:1px solid #cbd2d9;border-radius:4px;margin:4px 0 8px}
.terms{display:flex;flex-wrap:wrap;gap:16px}.terms>div{flex:1;min-width:240px}
.terms ol{margin:4px 0;padding-left:22px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
"""

# Filters the rows of every ``table.filterable`` by the text typed into the input before it.
FILTER_JS = """
document.querySelectorAll("input.filter").forEach(function (box) {
  var table = document.getElementById(box.dataset.table), count = document.getElementById(box.dataset.count);
  box.addEventListener("input", function () {
    var needle = box.value.toLowerCase(), shown = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var hit = row.textContent.toLowerCase().indexOf(needle) >= 0;
      row.style.display = hit ? "" : "none";
      shown += hit ? 1 : 0;
    });
    count.textContent = shown + " rows";
  });
});
"""


def page(title: str, body: str, subtitle: str = "", nav: Sequence[tuple[str, str]] = ()) -> str:
    """A complete page: inline CSS, the local plotly.min.js, a header with navigation links.

    ``title`` and ``subtitle`` are escaped here; ``nav`` holds (href, label) pairs we generate.
    """
    links = "".join(f'<a href="{href}">{esc(label)}</a>' for href, label in nav)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n"
        f"<script src=\"{PLOTLY_JS}\"></script>\n</head>\n<body>\n"
        f"<header><h1>{esc(title)}</h1><div class=\"sub\">{esc(subtitle)}</div>"
        f"{f'<nav>{links}</nav>' if links else ''}</header>\n<main>\n{body}\n</main>\n"
        f"<script>{FILTER_JS}</script>\n</body>\n</html>\n"
    )


def section(anchor: str, title: str, *parts: str, note: str = "") -> str:
    """A titled card; ``parts`` are already-safe HTML, ``note`` is plain text."""
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    return f'<section id="{anchor}">\n<h2>{esc(title)}</h2>\n{note_html}\n' + "\n".join(parts) + "\n</section>"


def note(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>'


def cards(items: Iterable[tuple[str, object]]) -> str:
    """Summary numbers: (label, value) pairs."""
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{esc(value)}</b><span>{esc(label)}</span></div>' for label, value in items) + "</div>"


class Cell(str):
    """A table cell that is already safe HTML (a link we built); plain strings are escaped."""


def link(href: str, label: object) -> Cell:
    """A link to one of our own files (``href`` is generated, never user text)."""
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
