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
