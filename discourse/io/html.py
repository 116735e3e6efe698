"""HTML pages (to be completed: article via trafilatura, comments from the DOM)."""
from __future__ import annotations

import pathlib

from ..errors import InputError


def read_html(path: pathlib.Path, text: str):
    raise InputError(str(path), "HTML input is not supported yet")
