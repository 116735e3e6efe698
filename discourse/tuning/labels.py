"""Gold labels for tuning: a CSV with ``doc``, ``id`` (or ``start_line``) and ``topic`` and/or ``stance``."""
from __future__ import annotations

import os
import pathlib

import numpy as np
import pandas as pd

from ..errors import InputError

LABEL_COLUMNS = ("topic", "stance")


def read_labels(path: str | os.PathLike) -> pd.DataFrame:
    """Read and check a labels file; errors are one-line :class:`InputError` s (exit 1)."""
    p = pathlib.Path(path)
    if not p.is_file():
        raise InputError(str(path), "labels file not found")
    try:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(str(path), f"not a readable CSV labels file ({reason})") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    key = "id" if "id" in frame.columns else "start_line" if "start_line" in frame.columns else None
    have = [c for c in LABEL_COLUMNS if c in frame.columns]
    if "doc" not in frame.columns or key is None or not have:
        raise InputError(str(path), "labels need columns doc and id (or doc and start_line), "
                                    f"and topic and/or stance; found: {', '.join(frame.columns) or 'none'}")
    frame = frame[["doc", key, *have]].apply(lambda col: col.str.strip())
    if key == "start_line" and not frame[key].str.fullmatch(r"\d+").all():
        bad = frame.loc[~frame[key].str.fullmatch(r"\d+"), key].iloc[0]
        raise InputError(str(path), f"start_line must be a whole number, got '{bad}'")
    dup = frame.duplicated(["doc", key])
    if dup.any():
        row = frame[dup].iloc[0]
        raise InputError(str(path), f"two labels for doc '{row['doc']}' {key} {row[key]}")
    if not (frame[have] != "").any().any():
        raise InputError(str(path), "no labels: the topic/stance columns are empty")
    return frame


def align_labels(labels: pd.DataFrame, comments: pd.DataFrame,
                 where: str = "labels") -> tuple[dict[str, np.ndarray], int]:
    """Gold values per comment row (``None`` where unlabelled) per label column present,
    and how many labelled rows match no comment. InputError when none matches."""
    key = "id" if "id" in labels.columns else "start_line"
    theirs = labels.assign(_key=labels["doc"] + "\x00" + labels[key].astype(str))
    ours = comments["doc"].astype(str) + "\x00" + comments[key].astype(str)
    out: dict[str, np.ndarray] = {}
    for col in LABEL_COLUMNS:
        if col not in labels.columns:
            continue
        given = theirs[theirs[col] != ""]
        lookup = dict(zip(given["_key"], given[col]))
        gold = np.array([lookup.get(k) for k in ours], dtype=object)
        if (gold != None).any():  # noqa: E711 (element-wise)
            out[col] = gold
    if not out:
        raise InputError(where, f"no labelled comment matches the inputs (by doc and {key})")
    unmatched = int((~theirs["_key"].isin(set(ours))).sum())
    return out, unmatched
