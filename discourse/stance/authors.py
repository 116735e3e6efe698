"""``authors.csv``: one row per author per document, from the final comment table."""
from __future__ import annotations

import pandas as pd

from ..schema import AUTHOR_COLUMNS, conform, empty_frame
from .graph import author_key


def author_table(comments: pd.DataFrame) -> pd.DataFrame:
    """One row per author per document (AUTHOR_COLUMNS) from the final comment table.

    An author's stance is the one most of their comments take (none only when all are none; ties go to
    the higher summed confidence). Replies count between different authors only, and only where both
    comments have a stance other than none: same = equal stances, cross = different ones. Authors are
    matched case-insensitively; placeholders such as "[deleted]" are no author.
    """
    if not len(comments):
        return empty_frame(AUTHOR_COLUMNS)
    frame = pd.DataFrame({
        "doc": comments["doc"].astype(str).to_numpy(), "id": comments["id"].astype(str).to_numpy(),
        "name": comments["author"].fillna("").astype(str).str.strip().to_numpy(),
        "key": [author_key(a) for a in comments["author"].fillna("")],
        "reply_to": comments["reply_to"].fillna("").astype(str).to_numpy(),
        "stance": comments["stance"].fillna("none").astype(str).to_numpy(),
        "confidence": pd.to_numeric(comments["stance_confidence"], errors="coerce").fillna(0.0).to_numpy()})
    known = frame[frame["key"] != ""]
    if not len(known):
        return empty_frame(AUTHOR_COLUMNS)
    parent = frame[["doc", "id", "key", "stance"]].drop_duplicates(["doc", "id"]).rename(
        columns={"id": "reply_to", "key": "key_parent", "stance": "stance_parent"})
    links = frame[frame["reply_to"] != ""].merge(parent, on=["doc", "reply_to"], how="inner")
    links = links[(links["key"] != "") & (links["key_parent"] != "") & (links["key"] != links["key_parent"])
                  & (links["stance"] != "none") & (links["stance_parent"] != "none")]
    links = links.assign(same=links["stance"] == links["stance_parent"])
    counts = {}
    for direction, who in (("out", "key"), ("in", "key_parent")):
        for kind, mask in (("same", links["same"]), ("cross", ~links["same"])):
            counts[f"replies_{direction}_{kind}"] = links[mask].groupby(["doc", who]).size()
    authors = known.groupby(["doc", "key"], sort=False).agg(author=("name", "first"), comments=("name", "size"))
    # the stance pool: an author's comments with a side, or all of them when none has one
    sided = known["stance"] != "none"
    has_side = sided.groupby([known["doc"], known["key"]], sort=False).transform("any")
    pool = known[sided | ~has_side]
    tally = (pool.groupby(["doc", "key", "stance"], sort=True)["confidence"].agg(["size", "sum", "mean"])
             .reset_index().sort_values(["doc", "key", "size", "sum"], ascending=[True, True, False, False],
                                        kind="stable")
             .drop_duplicates(["doc", "key"]).set_index(["doc", "key"]).reindex(authors.index))
    out = authors.reset_index()
    out["stance"] = tally["stance"].to_numpy()
    out["stance_confidence"] = [round(float(m), 4) for m in tally["mean"].to_numpy()]
    for name, series in counts.items():
        out[name] = series.reindex(authors.index, fill_value=0).to_numpy().astype(int)
    return conform(out.drop(columns="key"), AUTHOR_COLUMNS)
