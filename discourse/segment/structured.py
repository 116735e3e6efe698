"""Structured inputs (HTML, CSV, JSONL, ConvoKit): blocks the reader already classified.

Line numbers: the lines frame has one row per *source line*, keyed by the line
where a block starts. When several blocks start on the same line (minified HTML,
``<p>a</p><p>b</p>``), they are merged into one row: texts joined with a space,
role taken from the most specific block (see ``ROLE_PRIORITY``). Offsetting the
extra blocks onto following lines was rejected because it would invent line
numbers that point at other content of the file. Comments are unaffected: each
comment keeps its own row in the comments frame with its own start/end lines.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

# ---------------------------------------------------------------- constants
KIND_TO_ROLE = {"title": "title", "meta": "meta", "article": "body", "caption": "caption",
                "boilerplate": "boilerplate", "comment": "comment"}
# When blocks share a line, the first role in this order wins.
ROLE_PRIORITY = ("comment", "body", "title", "standfirst", "caption", "meta", "boilerplate")
MERGED_TEXT_SEPARATOR = " "
# Prefixes stripped when matching a parent reference to a comment id:
# '#comment-12', 'comment_12', 'div-comment-12', 'post-7', 'p7', 't1_abc' (Reddit).
ID_PREFIX = re.compile(r"^#?(?:div[-_])?(?:comment|reply|post|msg|message|p|li|t\d)[-_]?(?=\w)", re.IGNORECASE)
DUPLICATE_ID_SUFFIX = "~{n}"


def _column(frame: pd.DataFrame, name: str, default: object = "") -> pd.Series:
    if name in frame.columns:
        return frame[name].where(frame[name].notna(), default)
    return pd.Series([default] * len(frame), index=frame.index, dtype=object)


def lines_frame(blocks: pd.DataFrame) -> pd.DataFrame:
    """One row per source line: blocks starting on the same line merged (see module docstring)."""
    if blocks.empty:
        return pd.DataFrame([], columns=["line", "role", "text"])
    rank = {role: i for i, role in enumerate(ROLE_PRIORITY)}
    roles = blocks["kind"].map(KIND_TO_ROLE).fillna("boilerplate").tolist()
    texts = _column(blocks, "text").astype(str).tolist()
    lines = blocks["line"].astype(int).to_numpy()
    order = np.argsort(lines, kind="stable")  # by line, in order within a line
    lines = lines[order]
    starts = np.flatnonzero(np.r_[True, lines[1:] != lines[:-1]])
    ends = np.r_[starts[1:], len(lines)]
    first = order[starts].tolist()
    merged_roles, merged_texts = [roles[i] for i in first], [texts[i] for i in first]
    for n in np.flatnonzero(ends - starts > 1).tolist():  # lines where several blocks start
        group = order[starts[n]:ends[n]].tolist()
        merged_roles[n] = min((roles[i] for i in group), key=lambda r: rank.get(r, len(rank)))
        merged_texts[n] = MERGED_TEXT_SEPARATOR.join(texts[i] for i in group if texts[i])
    return pd.DataFrame({"line": lines[starts].tolist(), "role": merged_roles, "text": merged_texts},
                        columns=["line", "role", "text"])


def unique_ids(keys: list[str]) -> list[str]:
    """Make ids unique within the document: a repeated 'x' becomes 'x~2', 'x~3'."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else key + DUPLICATE_ID_SUFFIX.format(n=seen[key]))
    return out


def resolve_parent(parent: str, ids: set[str], by_bare_id: dict[str, str]) -> str:
    """Map a parent reference onto a known comment id, or '' when it names nothing known."""
    if not parent:
        return ""
    if parent in ids:
        return parent
    return by_bare_id.get(bare_id(parent), "")


def bare_id(key: str) -> str:
    return ID_PREFIX.sub("", key.strip()).lower()


def _by_bare_id(ids: list[str]) -> dict[str, str]:
    """bare id -> id; bare ids that are ambiguous (two comments 'comment-1' and 'post-1') resolve to nothing."""
    bare = [bare_id(key) for key in ids]
    counts = Counter(bare)
    return {b: key for b, key in zip(bare, ids) if counts[b] == 1}


def parents_first(ids: list[str], parents: list[str]) -> tuple[list[int], list[str]]:
    """An order where every comment follows its parent (file order kept otherwise), and the parents
    with the link that closes each reply cycle removed: reply_to only points to earlier comments."""
    at = {key: i for i, key in enumerate(ids)}
    if all(not p or at[p] < i for i, p in enumerate(parents)):
        return list(range(len(ids))), parents
    parents, placed, order = list(parents), [False] * len(ids), []
    waiting: dict[int, list[int]] = {}

    def place(i: int) -> None:
        stack = [i]
        while stack:
            j = stack.pop()
            placed[j] = True
            order.append(j)
            stack.extend(reversed(waiting.pop(j, [])))

    for i, p in enumerate(parents):
        if not p or placed[at[p]]:
            place(i)
        else:
            waiting.setdefault(at[p], []).append(i)
    for i in range(len(ids)):  # what is left hangs below a cycle: cut the cycle where it closes
        if placed[i]:
            continue
        seen, j = set(), i
        while j not in seen and parents[j] and not placed[at[parents[j]]]:
            seen.add(j)
            j = at[parents[j]]
        waiting[at[parents[j]]].remove(j)  # j is on the cycle
        parents[j] = ""
        place(j)
    return order, parents


def comments_frame(blocks: pd.DataFrame) -> pd.DataFrame:
    """Comments with authors, timestamps, start/end lines and parents resolved to known ids."""
    com = blocks[blocks["kind"] == "comment"].reset_index(drop=True)
    source_keys = [str(k) if k else f"c{i}" for i, k in enumerate(_column(com, "key").tolist())]
    ids = unique_ids(source_keys)
    known = set(ids)
    parents = [str(p) for p in _column(com, "parent").tolist()]
    by_bare_id = _by_bare_id(ids) if any(p and p not in known for p in parents) else {}
    parents = [resolve_parent(p, known, by_bare_id) for p in parents]
    parents = ["" if p == own else p for p, own in zip(parents, ids)]
    order, parents = parents_first(ids, parents)
    if order != list(range(len(ids))):  # a reply listed before its parent: the parent goes first
        com = com.iloc[order].reset_index(drop=True)
        ids, parents = [ids[i] for i in order], [parents[i] for i in order]
    start = com["line"].astype(int)
    text = _column(com, "text").astype(str)
    if "end_line" in com.columns:
        end = com["end_line"].fillna(start).astype(int).clip(lower=start)
    else:  # one source line per text line
        end = start + text.str.count("\n")
    return pd.DataFrame({
        "id": ids,
        "position": range(len(com)),
        "start_line": start.to_numpy(),
        "end_line": end.to_numpy(),
        "text": text.to_numpy(),
        "author": _column(com, "author").astype(str).to_numpy(),
        "timestamp": _column(com, "timestamp").astype(str).to_numpy(),
        "reply_to": parents,
        "reply_cue": ["parent" if p else "" for p in parents],
    })


def segment_blocks(blocks: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Return (lines frame [line, role, text], comments frame, title) from reader blocks."""
    titles = blocks.loc[blocks["kind"] == "title", "text"]
    title = str(titles.iloc[0]) if len(titles) else ""
    return lines_frame(blocks), comments_frame(blocks), title
