"""Shared pieces of the benchmarks: the sentence pool of the seeds and a machine description."""
from __future__ import annotations

import os
import pathlib
import platform

ROOT = pathlib.Path(__file__).resolve().parents[1]
SENTENCE_END = ".!?\"”’"  # full sentences only: no headlines, datelines or timers


def seed_sentences() -> list[str]:
    """Distinct full sentences (4 to 60 words) of the bundled seed pages, sorted for determinism."""
    from discourse.text import sentences

    found = set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found.update(s for s in sentences(line) if 4 <= len(s.split()) <= 60 and s[-1] in SENTENCE_END)
    return sorted(found)


def machine() -> str:
    """Cores, CPU model, load and Python version, printed beside every figure."""
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            model = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores {model or platform.machine()}, load {load:.1f}, Python {platform.python_version()}"
