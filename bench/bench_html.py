#!/usr/bin/env python3
"""Benchmark: the HTML reader on real pages and on synthetic pages with many comments.

    python bench/bench_html.py [--dir ../shared/devdata/html/pages] [--sizes 100,1000,5000]

1. Real pages (every *.html in --dir): time of ``read_document`` per page (parse, render,
   trafilatura, alignment, comments, classification) against ``trafilatura.extract`` alone on
   the same page in the same run (the floor: the reader calls it once). Median and maximum.
2. Synthetic WordPress-like pages with N comments (threads of one comment and two nested
   replies, each with an author, a date and a reply link): seconds and comments/s, to show the
   reader stays linear in the page size.
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import machine, seed_sentences  # noqa: E402

DEFAULT_DIR = ROOT.parent.parent / "shared" / "devdata" / "html" / "pages"


def comment(i: int, body: str, children: str = "") -> str:
    return (f'<li class="comment depth-1" id="li-comment-{i}"><article id="div-comment-{i}" class="comment-body">'
            f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">user{i % 97}</b> '
            f'<span class="says">says:</span></div><div class="comment-metadata"><a href="#comment-{i}">'
            f'<time datetime="2023-05-14T09:{i % 60:02d}">May 14, 2023 at 9:{i % 60:02d} am</time></a></div>'
            f'</footer><div class="comment-content"><p>{body}</p></div><div class="reply">'
            f'<a class="comment-reply-link" href="?replytocom={i}#respond">Reply</a></div></article>'
            f'{children}</li>\n')


def synthetic_page(n: int) -> str:
    pool = seed_sentences()
    article = "\n".join(f"<p>{' '.join(pool[(i * 7 + k) % len(pool)] for k in range(4))}</p>" for i in range(12))
    items, i = [], 0
    while i < n:
        kids = "".join(comment(i + k, f"{pool[(i + k) % len(pool)]} ({i + k})") for k in (1, 2) if i + k < n)
        items.append(comment(i, f"{pool[i % len(pool)]} ({i})", f'<ul class="children">{kids}</ul>' if kids else ""))
        i += 3
    return (f"<!DOCTYPE html><html><head><title>Synthetic thread</title></head><body>\n<article class='post'>"
            f"<h1>Synthetic thread</h1>\n{article}\n</article>\n<div id='comments'><ol class='commentlist'>\n"
            f"{''.join(items)}</ol></div></body></html>\n")


def time_real(folder: pathlib.Path) -> None:
    import trafilatura

    from discourse.io import read_document

    pages = sorted(folder.glob("*.html"))
    if not pages:
        print(f"no pages in {folder}")
        return
    read_document(pages[0])  # warm imports
    ours, floor = [], []
    for page in pages:
        t0 = time.perf_counter()
        read_document(page)
        t1 = time.perf_counter()
        trafilatura.extract(page.read_text(encoding="utf-8"), include_comments=False)
        t2 = time.perf_counter()
        ours.append((t1 - t0, page.name))
        floor.append(t2 - t1)
    worst = max(ours)
    print(f"real pages: {len(pages)} in {folder}")
    print(f"  read_document       median {statistics.median(t for t, _ in ours):.3f} s, "
          f"max {worst[0]:.3f} s ({worst[1]})")
    print(f"  trafilatura.extract median {statistics.median(floor):.3f} s, max {max(floor):.3f} s (floor)")


def time_synthetic(sizes: list[int], out: pathlib.Path) -> None:
    from discourse.io import read_document

    out.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        path = out / f"thread_{n}.html"
        path.write_text(synthetic_page(n), encoding="utf-8")
        t0 = time.perf_counter()
        doc = read_document(path)
        seconds = time.perf_counter() - t0
        found = int((doc.blocks["kind"] == "comment").sum())
        print(f"  synthetic {n:>6} comments ({path.stat().st_size / 1e6:.1f} MB): {seconds:.2f} s, "
              f"{n / seconds:,.0f} comments/s, {found} found")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default=str(DEFAULT_DIR))
    ap.add_argument("--sizes", default="100,1000,5000")
    args = ap.parse_args()
    print(machine())
    time_real(pathlib.Path(args.dir))
    time_synthetic([int(s) for s in args.sizes.split(",") if s], ROOT / "bench" / "out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
