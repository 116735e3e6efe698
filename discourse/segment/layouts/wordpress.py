"""Blogs (WordPress, Blogger and the like): "Jane Doe on March 21, 2021 at 3:15 pm said:", "Posted by X on
<date>", "Comment by X"."""
from __future__ import annotations

import re

from .. import patterns as P
from .base import Layout

ON_DATE_SAID = re.compile(rf"^{P.AUTHOR}\s+on\s+(?P<time>{P.DATE}(?:\s*(?:at|,)?\s*{P.CLOCK})?)\s+(?:said|wrote|says)"
                          rf"\s*:?\s*$", re.IGNORECASE)
POSTED_BY = re.compile(rf"^(?:post|posted|submitted|written|comment(?:ed)?|replied|reply|answered)\s+(?:by|from)\s+"
                       rf"{P.AUTHOR}(?:{P.SEP}(?P<time>.+))?\s*$", re.IGNORECASE)

LAYOUT = Layout(
    name="wordpress",
    headers=(ON_DATE_SAID, POSTED_BY),
    header_hints=("said", "wrote", "says", "posted", "submitted", "written", "comment", "repl", "answered"),
    fixtures=("wordpress_says.txt", "posted_by.txt", "layout_initials.txt", "layout_comment_form.txt"),
)
