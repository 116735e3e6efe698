"""The segmenter's weights, kept as data in ``weights.json``.

Each table is one decision that combines several cues: ``post_decoder`` (where posts start in a flat thread
dump, :mod:`.decode`). Fitted tables carry how they were fitted (``fitted_by``, ``data``, ``scores``);
``tools/fit_segment_weights.py`` rewrites them.
"""
from __future__ import annotations

import json
import pathlib
from functools import lru_cache

WEIGHTS_FILE = pathlib.Path(__file__).with_name("weights.json")


@lru_cache(maxsize=1)
def load_weights() -> dict:
    """All weight tables (read once)."""
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
