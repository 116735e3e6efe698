"""The segmenter's weights, kept as data in ``weights.json``.

Each table is one decision that combines several cues:

* ``line_evidence``: how much a line's cues say it is a reader's rather than the article's (hand-set; read by
  :mod:`.patterns`);
* ``post_decoder``: where posts start in a flat thread dump (:mod:`.decode`), fitted by
  ``tools/fit_segment_weights.py`` on the labelled dev dumps (``fitted_by``, ``data`` and ``C`` say how;
  ``--write`` rewrites it).
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
