"""Interview transcripts inside articles ("Q: ...", "Mayor: ..."): a few capitalized speaker labels, each used
several times, open most of the labelled lines. Such a dialogue is article, not a comment thread."""
from __future__ import annotations

import re

from .. import patterns as P
from ..lines import Line
from .base import Layout

# ... and a questioner's affiliation may follow the label ("Q (Hanna Kask, Kolvik Daily): ...").
SPEAKER_TURN = re.compile(r"^(?P<speaker>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})(?: \([^()]{1,60}\))?:[ \t]+(?=\S)")
SPEAKER_LABEL_REACH = 72  # a speaker label's colon lies within the first 72 characters
TRANSCRIPT_SPEAKERS = (2, 4)  # a dialogue has this many speakers ...
MIN_SPEAKER_TURNS = 2  # ... each taking at least this many turns,
TRANSCRIPT_SHARE = 0.6  # ... in most of the lines that open with a capitalized label ("Update:" aside)


def mark_speaker_turns(lines: list[Line]) -> None:
    """Flag the turns of an interview ("Q: ...", "Mayor: ..."): a few capitalized speaker labels, each used
    several times, that open most of the labelled lines."""
    turns: dict[str, list[Line]] = {}
    for line in lines:
        match = None if line.header or line.meta or line.headline or ":" not in line.text[:SPEAKER_LABEL_REACH] \
            else SPEAKER_TURN.match(line.text)  # ("Transcript: <headline>", "Date: ..." are no turns)
        if match and not P.HANDLE_MARK.search(match["speaker"]):
            turns.setdefault(match["speaker"], []).append(line)
    speakers = [said for said in turns.values() if len(said) >= MIN_SPEAKER_TURNS]
    low, high = TRANSCRIPT_SPEAKERS
    in_turns = sum(map(len, speakers))
    if low <= len(speakers) <= high and in_turns >= TRANSCRIPT_SHARE * sum(map(len, turns.values())):
        for said in speakers:
            for line in said:
                line.speaker_turn = True


LAYOUT = Layout(name="transcript", passes=(("turns", mark_speaker_turns),), fixtures=("interview_transcript.txt",))
