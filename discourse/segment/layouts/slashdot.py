"""Slashdot-like threads: "by Plugh ( 27537 ) on Tuesday March 05, 2024 @10:31AM (#64289931)" headers under a
subject line with the comment's score ("Crunch is the real story (Score:5, Insightful)")."""
from __future__ import annotations

import re

from .. import patterns as P
from ..lines import Line
from .base import Layout
from .comments import subject_shape

BY_ON = re.compile(rf"^by\s+{P.AUTHOR}\s*(?:\(\s*\d+\s*\))?\s+on\s+(?P<time>.+)$", re.IGNORECASE)
SUBJECT_SCORE = re.compile(r"\(Score:\s*-?\d+(?:,\s*\w+)?\)\s*$")


def scored_subject(lines: list[Line], i: int) -> bool:
    """A subject line with the comment's score, right over the author line, joins the header."""
    above = lines[i - 1] if i else None
    if above is not None and lines[i].gap == 0 and subject_shape(above) and SUBJECT_SCORE.search(above.text):
        above.header = above.subject = True
        return True
    return False


LAYOUT = Layout(
    name="slashdot",
    headers=(BY_ON,),
    header_rules=(scored_subject,),
    fixtures=("layout_slashdot.txt",),
)
