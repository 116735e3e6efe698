#!/usr/bin/env python3
"""Write the gold of the layout fixtures (tests/fixtures/text/<page>.gold.json) from the segmenter's output.

    python tools/layout_gold.py PAGE [PAGE ...]     # e.g. a new layout's fixture, after checking its output

The gold holds each line's role and each comment's span, author and parent (by comment number). Write it only
for a page whose output you have read and found right: tests/test_layouts.py then keeps every layout's pages
as they are when another layout changes.
"""
from __future__ import annotations

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.segment import segment_file  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "text"


def gold_of(page: pathlib.Path) -> dict:
    out = segment_file(page).to_json()
    number = {c["id"]: n for n, c in enumerate(out["comments"])}
    return {
        "lines": {str(x["line"]): x["role"] for x in out["lines"]},
        "comments": [{"start_line": c["start_line"], "end_line": c["end_line"], "author": c["author"],
                      "reply_to": number.get(c["reply_to"])} for c in out["comments"]],
    }


def main(argv: list[str]) -> int:
    for name in argv:
        page = FIXTURES / pathlib.Path(name).name
        target = page.with_suffix(".gold.json")
        target.write_text(json.dumps(gold_of(page), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
