"""Mailing lists and e-mail digests: "From: Jane Doe <jane@example.org>" headers with their fields ("Date:",
"Subject:"), a "Re: <subject>" line over the author line, and posts that run until their signature
("Cheers, / Tom") whether they quote above or below the answer."""
from __future__ import annotations

import re

from ..lines import Line, valediction
from ..posts import Post
from .base import Layout
from .comments import subject_shape

FROM = re.compile(r"^(?:from:\s*)?\"?(?P<author>[^<>\"@\n]{2,40}?)\"?\s*<[^<>\s@]+@[^<>\s]+>"
                  r"(?:\s*,\s*(?P<time>.+))?\s*$", re.IGNORECASE)
HEADER_FIELD = re.compile(r"^(?:date|sent|subject|to|cc|reply-to|message-id):\s*\S.{0,120}$", re.IGNORECASE)
SIGNATURE_NAME = re.compile(r"^[A-Z][\w.'’-]{1,20}(?: [A-Z][\w.'’-]{0,20}){0,2}$")  # "Tom", "Raj P."
MIN_SIGNED_POSTS = 2  # signatures needed before they delimit posts


def re_subject(lines: list[Line], i: int) -> bool:
    """A "Re: <subject>" line right over the author line joins the header as its subject."""
    above = lines[i - 1] if i else None
    if above is not None and lines[i].gap == 0 and subject_shape(above) and above.re_header:
        above.header = above.subject = True
        return True
    return False


def signs_off(unit: list[Line]) -> bool:
    """Does the unit end with a signature ("Cheers, / Tom", "-- / Jane", or a lone "Raj")?"""
    last = unit[-1].text
    if len(unit) > 1 and valediction(unit[-2].text):
        return bool(SIGNATURE_NAME.match(last))
    return valediction(last) or len(unit) == 1 and bool(SIGNATURE_NAME.match(last))


def split_signed(units: list[list[Line]]) -> list[Post] | None:
    """E-mail style threads: a post runs until its signature, whether it quotes above or below its answer."""
    if not any(valediction(line.text) for unit in units for line in unit):
        return None
    closes = [signs_off(unit) for unit in units]
    if sum(closes) < MIN_SIGNED_POSTS:
        return None
    posts: list[Post] = []
    for n, unit in enumerate(units):
        if posts and not closes[n - 1] and not unit[0].header:
            posts[-1].lines.extend(unit)
        else:
            posts.append(Post(unit, quote_first=unit[0].quote))
    return posts


LAYOUT = Layout(
    name="mail",
    headers=(FROM,),
    header_hints=("@",),
    group_lines=(HEADER_FIELD,),
    header_rules=(re_subject,),
    section_splitters=(split_signed,),
    fixtures=("layout_mail_digest.txt", "mail_signatures.txt", "re_subject.txt"),
)
