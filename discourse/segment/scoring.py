"""The reference scorer's figures (../shared/tools/score.py segment) for one segmented page, in process.

``page_counts(gold, out)`` counts, for one page's gold (score.py's per-document format) and the segmenter's
output (``SegmentedDocument.to_json()``): lines and lines right (title, meta and caption accept any role but
comment), comment starts right / predicted / expected (optional boundaries aside), gold replies and those linked
right (by the predicted comments holding the gold start lines), reposts, and pages given comments they lack.
``figures`` turns summed counts into the scorer's line_acc, boundary_f1, reply_acc and dup_acc.
"""
from __future__ import annotations

from collections import Counter

ARTICLE = {"body", "standfirst"}
LENIENT = {"title", "meta", "caption"}  # the gold role accepts any role but comment


def _group(role: str) -> str:
    return "article" if role in ARTICLE else role


def page_counts(doc: dict, out: dict) -> Counter:
    """The scorer's counts of one page (see the module doc)."""
    t = Counter()
    roles = {int(x["line"]): x["role"] for x in out["lines"]}
    for line, role in doc["lines"].items():
        got = roles.get(int(line), "missing")
        t["lines"] += 1
        t["lines_right"] += (got != "comment") if role in LENIENT else _group(got) == _group(role)
    comments = out["comments"]
    if "comments" not in doc:
        t["false_comment_docs"] += bool(comments)
        return t
    optional = set(doc.get("optional_comment_boundaries", []))
    gold_starts = {c["start_line"] for c in doc["comments"]} - optional
    starts = {c["start_line"] for c in comments} - optional
    t["b_tp"] += len(starts & gold_starts)
    t["b_pred"] += len(starts)
    t["b_gold"] += len(gold_starts)
    spans = sorted((c["start_line"], c["end_line"], n) for n, c in enumerate(comments))

    def holder(line: int) -> dict | None:
        return next((comments[n] for a, b, n in spans if a <= line <= b), None)

    start_of = {c["index"]: c["start_line"] for c in doc["comments"]}
    for c in doc["comments"]:
        if c["reply_to"] is None:
            continue
        t["reply_gold"] += 1
        mine, parent = holder(c["start_line"]), holder(start_of[c["reply_to"]])
        t["reply_right"] += bool(mine and parent and mine["reply_to"] and mine["reply_to"] == parent["id"])
    for repost, original in doc.get("duplicates", []):
        mine, first = holder(start_of[repost]), holder(start_of[original])
        t["dup_gold"] += 1
        t["dup_right"] += bool(mine and first and mine["duplicate_of"] == first["id"])
    return t


def figures(t: Counter) -> dict[str, float]:
    """line_acc, boundary_f1, reply_acc, dup_acc and false_comment_docs of summed counts."""
    p = t["b_tp"] / t["b_pred"] if t["b_pred"] else (1.0 if not t["b_gold"] else 0.0)
    r = t["b_tp"] / t["b_gold"] if t["b_gold"] else 1.0
    return {
        "line_acc": t["lines_right"] / t["lines"] if t["lines"] else 0.0,
        "boundary_f1": 0.0 if p + r == 0 else 2 * p * r / (p + r),
        "reply_acc": t["reply_right"] / t["reply_gold"] if t["reply_gold"] else 1.0,
        "dup_acc": t["dup_right"] / t["dup_gold"] if t["dup_gold"] else 1.0,
        "false_comment_docs": t["false_comment_docs"],
    }
