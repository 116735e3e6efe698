"""News pages: blocks of an article that look like reader lines but are the article's own.

* A Q&A box ("WHAT YOU NEED TO KNOW / When will the storm arrive? / <answer> / ..."): short questions, each
  answered by the next line in plain prose, several times in a row -- block "explainer".
* A reader poll ("Should the clinic stay? / Yes / No / Not sure / Vote / 2,186 votes so far") -- block "poll".
"""
from __future__ import annotations

import re

from ..lines import Line
from .base import Layout

POLL_BUTTON = re.compile(r"^(?:vote|vote now|submit|submit vote|cast (?:your|a) vote|see results|view results)$",
                         re.IGNORECASE)
POLL_COUNT = re.compile(r"^[\d,.]+k?\s+(?:votes?|responses?|readers? voted)\b.{0,20}$", re.IGNORECASE)
POLL_OPTION_WORDS = 4  # a poll's options are short
MIN_POLL_OPTIONS = 2
MAX_POLL_OPTIONS = 8
EXPLAINER_QUESTION_WORDS = 12  # a Q&A box's questions are short...
MIN_EXPLAINER_QUESTIONS = 3  # ... and come several in a row, each answered by the next line


def mark_explainer_questions(lines: list[Line]) -> None:
    """Mark the questions of an article's Q&A box ("Where is the storm now?" / a plain answer): short
    questions, each answered by the next line in plain prose, several times in a row."""
    question = [line.words <= EXPLAINER_QUESTION_WORDS and line.text.endswith("?") for line in lines]
    asked = [k for k, q in enumerate(question) if q]
    if len(asked) < MIN_EXPLAINER_QUESTIONS:
        return
    n, k = len(lines), 0
    for start in asked:
        if start < k:
            continue  # inside the run before
        k = start + 1  # the run: question, answer, question, ... from start
        while k < n and (question[k] if (k - start) % 2 == 0 else _answer(lines[k])):
            k += 1
        pairs = (k - start) // 2
        if pairs >= MIN_EXPLAINER_QUESTIONS:
            for asked_line in lines[start:start + 2 * pairs:2]:
                asked_line.block = "explainer"


def _answer(line: Line) -> bool:
    return line.terminated and not line.text.endswith("?") and not line.reader


def mark_polls(lines: list[Line]) -> None:
    """Mark reader polls: a question (and a "What do you think?" above it), short options, a vote button and
    the vote count ("Should the clinic stay? / Yes / No / Not sure / Vote / 2,186 votes so far")."""
    for i, line in enumerate(lines):
        if line.words > POLL_OPTION_WORDS or not POLL_BUTTON.match(line.text):
            continue
        first = i
        while first and i - first < MAX_POLL_OPTIONS and lines[first - 1].words <= POLL_OPTION_WORDS \
                and not lines[first - 1].terminated:
            first -= 1
        if i - first < MIN_POLL_OPTIONS or not first or not lines[first - 1].text.endswith("?"):
            continue
        first -= 1
        if first and lines[first - 1].text.endswith("?") and lines[first - 1].words <= POLL_OPTION_WORDS:
            first -= 1  # "What do you think?" over the question
        last = i + 1 if i + 1 < len(lines) and POLL_COUNT.match(lines[i + 1].text) else i
        for polled in lines[first:last + 1]:
            polled.block = "poll"


LAYOUT = Layout(
    name="news",
    passes=(("blocks", mark_explainer_questions), ("blocks", mark_polls)),
    fixtures=("layout_reader_poll.txt", "news_chrome.txt", "news_long_chrome.txt", "layout_newsletter_footer.txt",
              "layout_most_read.txt", "lede_comment_count.txt", "lede_plain_comments.txt"),
)
