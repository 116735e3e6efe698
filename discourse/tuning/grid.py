"""Parameter grids: ``k=4..12``, ``method=kmeans,nmf``, ``topics.k=[4, 5]`` -> dotted config keys and values."""
from __future__ import annotations

import dataclasses
import itertools
import logging
import math
import re
from typing import Any, Iterable, Mapping

from ..config import SECTIONS, Config, parse_parameter
from ..errors import ConfigError

RANGE_RE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")
MAX_GRID_POINTS = 500  # settings in one sweep (each fitted --seeds times)
LOG = logging.getLogger("discourse")


def _defaults() -> dict[str, Any]:
    """Dotted key -> default value, for every scalar config field."""
    config = Config()
    return {f"{section}.{f.name}": getattr(getattr(config, section), f.name)
            for section in SECTIONS for f in dataclasses.fields(getattr(config, section))}


def short_names() -> dict[str, list[str]]:
    """Field name -> the dotted keys that carry it (more than one = ambiguous)."""
    out: dict[str, list[str]] = {}
    for dotted in _defaults():
        out.setdefault(dotted.split(".", 1)[1], []).append(dotted)
    return out


def resolve_name(name: str) -> str:
    """``k`` -> ``topics.k``; dotted names are checked as given. Unknown or ambiguous: ConfigError."""
    key = name.strip().replace("-", "_")
    defaults = _defaults()
    if "." in key:
        if key not in defaults:
            raise ConfigError(f"unknown parameter '{name}' (use section.field, e.g. topics.k)")
        dotted = key
    else:
        found = short_names().get(key, [])
        if not found:
            raise ConfigError(f"unknown parameter '{name}' (e.g. k, method, min_df, ngram_max, topics.k)")
        if len(found) > 1:
            raise ConfigError(f"ambiguous parameter '{name}': use one of {', '.join(found)}")
        dotted = found[0]
    if isinstance(defaults[dotted], list):
        raise ConfigError(f"parameter '{dotted}' is a list and cannot be swept")
    return dotted


def display_name(dotted: str) -> str:
    """The short name when it is unique, else the dotted key (other names pass through)."""
    if "." not in dotted:
        return dotted
    short = dotted.split(".", 1)[1]
    return short if short_names().get(short) == [dotted] else dotted


def parse_values(dotted: str, spec: Any, where: str) -> list[Any]:
    """Values of one parameter from ``"4..12"`` (inclusive), ``"a,b"``, a scalar or a list of those."""
    raw: list[Any] = []
    for item in spec if isinstance(spec, (list, tuple)) else [spec]:
        if isinstance(item, str):
            m = RANGE_RE.match(item)
            if m:
                lo, hi = int(m.group(1)), int(m.group(2))
                if lo > hi:
                    raise ConfigError(f"{where}: empty range '{item}' (write low..high)")
                if hi - lo + 1 > MAX_GRID_POINTS:
                    raise ConfigError(f"{where}: range '{item}' has {hi - lo + 1} values; a grid has at most "
                                      f"{MAX_GRID_POINTS} settings")
                raw.extend(range(lo, hi + 1))
            else:
                raw.extend(v.strip() for v in item.split(",") if v.strip())
        else:
            raw.append(item)
    if not raw:
        raise ConfigError(f"{where}: no values")
    values: list[Any] = []
    for v in raw:
        value = parse_parameter(dotted, v, where)
        if value not in values:
            values.append(value)
    return values


def parse_grid(items: Iterable[str]) -> dict[str, list[Any]]:
    """``["k=4..6", "method=kmeans,nmf"]`` -> ``{"topics.k": [4, 5, 6], "topics.method": [...]}``."""
    grid: dict[str, list[Any]] = {}
    for item in items:
        name, eq, spec = item.partition("=")
        if not eq or not name.strip():
            raise ConfigError(f"--grid expects NAME=VALUES (e.g. k=4..12 or method=kmeans,nmf), got '{item}'")
        dotted = resolve_name(name)
        if dotted in grid:
            raise ConfigError(f"--grid {name.strip()}: given twice")
        grid[dotted] = parse_values(dotted, spec, f"--grid {name.strip()}")
    return grid


def grid_from_table(table: Mapping[str, Any], where: str = "[tune]") -> dict[str, list[Any]]:
    """A ``[tune]`` table (keys short or dotted; values lists or ``"4..12"`` strings) as a grid."""
    grid: dict[str, list[Any]] = {}
    for name, spec in table.items():
        dotted = resolve_name(name)
        if dotted in grid:
            raise ConfigError(f"{where}: '{name}' given twice")
        grid[dotted] = parse_values(dotted, spec, f"{where} {name}")
    return grid


def as_grid(grid: Mapping[str, Any] | Iterable[str] | None, config: Config) -> dict[str, list[Any]]:
    """Normalize any accepted grid form; ``None`` takes the config's ``[tune]`` table."""
    if grid is None:
        grid = config.tune
    parsed = grid_from_table(grid) if isinstance(grid, Mapping) else parse_grid(grid)
    if not parsed:
        raise ConfigError("nothing to tune: give --grid NAME=VALUES (e.g. --grid k=4..12) or a [tune] table")
    size = math.prod(len(values) for values in parsed.values())
    if size > MAX_GRID_POINTS:
        counts = " x ".join(f"{len(v)} {display_name(k)}" for k, v in parsed.items())
        raise ConfigError(f"the grid has {size} settings ({counts}); at most {MAX_GRID_POINTS}: "
                          "sweep fewer values, or tune in stages")
    return parsed


def feasible_points(grid: Mapping[str, list[Any]], config: Config) -> list[dict[str, Any]]:
    """:func:`expand_grid` without the settings the config refuses (ngram_min > ngram_max, ...).

    Each refused setting is logged; when none is left, the first refusal is raised."""
    points, refused = [], []
    for point in expand_grid(grid):
        try:
            config.with_overrides(point)
        except ConfigError as exc:
            refused.append((point, exc))
            continue
        points.append(point)
    if refused:
        LOG.warning("skipped %d of %d settings that are not valid together (%s: %s)", len(refused),
                    len(refused) + len(points), describe(refused[0][0]), refused[0][1])
    if not points:
        raise refused[0][1]
    return points


def expand_grid(grid: Mapping[str, list[Any]]) -> list[dict[str, Any]]:
    """Every combination, in grid order (the last parameter varies fastest)."""
    keys = list(grid)
    return [dict(zip(keys, combo)) for combo in itertools.product(*(grid[k] for k in keys))]


def describe(overrides: Mapping[str, Any]) -> str:
    """``k=4, method=kmeans``."""
    return ", ".join(f"{display_name(k)}={v}" for k, v in overrides.items())
