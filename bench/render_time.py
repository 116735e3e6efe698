"""Time headless Chromium rendering each dashboard page of a folder, offline.

    python bench/render_time.py [FOLDER] [--repeat 3]

With no folder, the bundled seeds are analysed into a temporary folder first. For each page
(``index.html`` and every document report) Chromium loads the file from disk, runs the
dashboard's scripts until the page marks itself rendered (``body[data-rendered]``), and exits;
the figure is the best wall time of ``--repeat`` runs minus the best wall time of the same
Chromium run on an empty page in the same minutes (the floor: starting and stopping the browser).
Virtual time lets timers fire at once, so what remains is the page's own parse, script and layout
work. A page that does not reach ``data-rendered`` is reported as such.
"""
from __future__ import annotations

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from corpus import ROOT, machine

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
         "--window-size=1600,1000", "--virtual-time-budget=20000", "--dump-dom"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        sys.exit("render_time: no chromium binary on PATH")
    return found


def load(binary: str, page: pathlib.Path, profile: pathlib.Path) -> tuple[float, str]:
    """Wall seconds of one Chromium run on ``page`` and the DOM it dumped."""
    start = time.perf_counter()
    done = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", page.resolve().as_uri()],
                          capture_output=True, text=True, timeout=300)
    return time.perf_counter() - start, done.stdout


def seeds_folder(out: pathlib.Path) -> pathlib.Path:
    import discourse

    folder = out / "dashboards"
    config = discourse.load_config(ROOT / "discourse.toml")
    discourse.analyze(sorted((ROOT / "seeds").glob("*.txt")), config).write(folder)
    return folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=pathlib.Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    binary = chromium()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = pathlib.Path(tmp)
        folder = args.folder or seeds_folder(tmp_path)
        blank = tmp_path / "blank.html"
        blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
        pages = sorted(p for p in folder.glob("*.html") if not p.name.startswith("_"))
        print(f"# {machine()}; {len(pages)} pages of {folder}; best of {args.repeat} runs")
        floor = min(load(binary, blank, tmp_path / "profile")[0] for _ in range(args.repeat))
        print(f"{'empty page (floor)':40s} {floor:6.2f} s")
        plotly_only = folder / "_plotly_only.html"  # beside plotly.min.js: the library's own load
        plotly_only.write_text('<!DOCTYPE html><html><body><script src="plotly.min.js"></script></body></html>',
                               encoding="utf-8")
        try:
            library = min(load(binary, plotly_only, tmp_path / "profile")[0] for _ in range(args.repeat)) - floor
        finally:
            plotly_only.unlink()
        print(f"{'plotly.min.js alone':40s} {library:6.2f} s")
        worst = 0.0
        for page in pages:
            runs = [load(binary, page, tmp_path / "profile") for _ in range(args.repeat)]
            rendered = all('data-rendered="' in dom for _, dom in runs)
            render = min(seconds for seconds, _ in runs) - floor
            worst = max(worst, render)
            size = page.stat().st_size / 1024
            print(f"{page.name:40s} {render:6.2f} s  {size:7.0f} KB  {'rendered' if rendered else 'NOT RENDERED'}")
        print(f"slowest page: {worst:.2f} s beyond the floor")


if __name__ == "__main__":
    main()
