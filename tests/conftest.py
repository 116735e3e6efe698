"""Shared fixtures."""
from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_CONFIG = ROOT / "discourse.toml"


@pytest.fixture(scope="session")
def seeds_dir() -> pathlib.Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_config():
    from discourse import load_config

    return load_config(SEED_CONFIG)


@pytest.fixture(scope="session")
def seed_analysis(seed_config):
    """One analysis of the bundled seeds, shared by the tests that only read it."""
    from discourse import analyze

    return analyze([SEEDS], seed_config)


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """Run the console entry point in this process (fast): exit code, stdout, stderr."""
    from discourse.cli import main

    capsys.readouterr()
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


THREAD_TEXTS = [
    "The council should fund the new bike lanes downtown, they make the streets safer for everyone.",
    "I disagree, the bike lanes take parking away from the shops on Main Street.",
    "Parking is not the problem, traffic is. Fewer cars would help the shops too.",
    "The budget is already stretched; the council cannot pay for bike lanes and schools.",
    "Schools matter more than bike lanes. Fix the roof of the high school first.",
    "The high school roof was repaired last year, the budget report says so.",
    "Bike lanes are cheap compared with new roads, the report shows the numbers.",
    "Traffic on Main Street is terrible every morning, something has to change.",
    "Why does the council never ask the shop owners before changing the street?",
    "Because the shop owners were asked at the public meeting in March.",
    "The public meeting was at noon on a weekday, nobody could attend.",
    "Safer streets bring more customers, cities that built lanes saw sales rise.",
]


def write_thread(path, texts=THREAD_TEXTS, **extra_fields) -> "pathlib.Path":
    """A small JSONL comment thread (one record per text) for fast end-to-end runs."""
    import json

    rows = [{"id": f"c{i}", "author": f"user{i % 5}", "text": t, **{k: v[i] if isinstance(v, list) else v
                                                                     for k, v in extra_fields.items()}}
            for i, t in enumerate(texts)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
