"""The one data model every stage reads and writes: pandas DataFrames with fixed columns.

``lines``      one row per non-blank line of a document (segment stage)
``comments``   one row per reader comment; segment fills the first block, analysis the rest
``documents``  one row per input document
``topics``     one row per topic of the corpus-level topic model
``authors``    one row per author per document (their stance and the replies they gave and received)

Columns are listed in output order; ``comments.csv``, ``documents.csv``, ``topics.csv`` and
``authors.csv`` are written with exactly these columns, so outside tools can rely on them.
"""
from __future__ import annotations

import pandas as pd

LINE_ROLES = ("title", "meta", "standfirst", "caption", "body", "boilerplate", "comment")

LINE_COLUMNS = {
    "doc": "input file name",
    "line": "0-based index into the file split on '\\n' (for HTML/CSV/JSONL: where the block starts)",
    "role": "one of " + ", ".join(LINE_ROLES),
    "text": "the line's text",
}

# Filled by the segment stage.
SEGMENT_COMMENT_COLUMNS = {
    "doc": "input file name",
    "id": "comment id, unique within the document (string)",
    "position": "0-based order of the comment in its thread",
    "start_line": "first line of the comment (inclusive)",
    "end_line": "last line of the comment (inclusive)",
    "author": "author name if known, else empty",
    "timestamp": "timestamp as given by the source, else empty",
    "text": "the comment's text, lines joined with '\\n'",
    "reply_to": "id of the comment this one answers, or empty",
    "reply_cue": "kind of cue behind reply_to: parent, quote, mention, address, opener, similarity",
    "reply_evidence": "the matched text behind reply_to",
    "quotes_article": "True if the comment quotes the article",
    "article_quote": "the quoted article text, if any",
    "duplicate_of": "id of an earlier comment this one reposts, or empty",
    "duplicate_similarity": "similarity to duplicate_of (1.0 = exact)",
}

# Added by the analysis stages.
ANALYSIS_COMMENT_COLUMNS = {
    "topic": "seeded topic name (e.g. un_law), discovered topic id (t0, t1, ...) or 'other'",
    "topic_label": "human label of the topic",
    "topic_terms": "top terms of the topic, '; '-separated",
    "topic_score": "similarity behind the topic assignment",
    "topic_evidence": "matched seed terms or top terms shared with the topic",
    "stance": "favor, against or none (toward the configured target), or camp_a/camp_b",
    "stance_score": "stance_confidence signed by the side: > 0 favor or camp_a, < 0 against or camp_b",
    "stance_confidence": "confidence of the stance in [0, 1] (0 for none)",
    "stance_evidence": "the chain behind the stance: own words, reply links, same author, how it was placed",
    "polarity": "TextBlob polarity in [-1, 1]",
    "subjectivity": "TextBlob subjectivity in [0, 1]",
    "map_x": "x of the comment on its thread's topic map (2-D projection of its features), or empty",
    "map_y": "y of the comment on its thread's topic map, or empty",
}

COMMENT_COLUMNS = {**SEGMENT_COMMENT_COLUMNS, **ANALYSIS_COMMENT_COLUMNS}

DOCUMENT_COLUMNS = {
    "doc": "input file name",
    "source": "path as given",
    "format": "text, html, csv, jsonl or convokit",
    "title": "document title",
    "lines": "non-blank lines",
    "article_lines": "lines with role body or standfirst",
    "article_words": "words in the article body",
    "boilerplate_lines": "lines removed as boilerplate",
    "comments": "number of comments",
    "comment_start_line": "first comment line, or -1",
    "replies": "comments with a reply_to",
    "duplicates": "comments with a duplicate_of",
    "mean_polarity": "mean polarity of the comments",
    "mean_subjectivity": "mean subjectivity of the comments",
    "stance_none": "comments with stance none (no side of their own and none from their links)",
    "status": "ok, or 'error (stage): reason' for an input that was skipped",
}

TOPIC_COLUMNS = {
    "topic": "topic id as used in comments.topic",
    "kind": "seeded, discovered or other",
    "label": "human label: the seed's label, or the topic's best c-TF-IDF phrase",
    "terms": "top c-TF-IDF terms, '; '-separated",
    "examples": 'JSON list of up to 3 representative comments (closest to the centroid, distinct): '
                '[{"doc": ..., "id": ..., "excerpt": ...}]',
    "size": "number of comments",
    "mean_polarity": "mean polarity of its comments",
    "favor": "comments with stance favor (or camp_a)",
    "against": "comments with stance against (or camp_b)",
    "none": "comments with stance none",
}


AUTHOR_COLUMNS = {
    "doc": "input file name",
    "author": "author name as given (comments without an author are not counted)",
    "stance": "the author's stance in the document: the stance most of their comments take",
    "stance_confidence": "mean stance_confidence of the author's comments with that stance",
    "comments": "number of comments by the author in the document",
    "replies_out_same": "replies the author gave to comments (by others) of the same stance",
    "replies_out_cross": "replies the author gave to comments (by others) of another stance (none excluded)",
    "replies_in_same": "replies of the same stance the author received (from others)",
    "replies_in_cross": "replies of another stance the author received (from others; none excluded)",
}


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty DataFrame with the given columns."""
    return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})


def conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns`` in order; missing ones are added empty."""
    out = frame.copy()
    for name in columns:
        if name not in out.columns:
            out[name] = ""
    return out[list(columns)]
