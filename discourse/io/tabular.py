"""CSV, JSONL and ConvoKit comment exports (to be completed)."""
from __future__ import annotations

import pathlib

from ..errors import InputError


def read_tabular(path: pathlib.Path, text: str, fmt: str):
    raise InputError(str(path), f"{fmt} input is not supported yet")
