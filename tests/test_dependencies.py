"""The lower bounds of pyproject.toml are the versions .ci/run installs and tests."""
from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)\s*(;.*)?$")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _version(text: str) -> tuple[int, ...]:
    """'1.10.0' and '1.10' are the same release."""
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def declared_lower_bounds() -> dict[str, tuple[int, ...]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        m = REQUIREMENT.match(spec)
        assert m, f"dependency without a '>=' lower bound: {spec}"
        if m.group(3) and "python_version < '3.11'" in m.group(3):
            continue  # tomli: not installed on the Python CI runs
        bounds[_name(m.group(1))] = _version(m.group(2))
    return bounds


def pinned() -> dict[str, tuple[int, ...]]:
    pins = {}
    for line in (ROOT / ".ci" / "lower-bounds.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_name(name)] = _version(version.strip())
    return pins


def test_lower_bounds_file_pins_every_declared_minimum():
    assert pinned() == declared_lower_bounds()


def test_ci_runs_the_suite_on_newest_and_lowest_versions():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--upgrade-strategy eager" in script
    assert "--constraint .ci/lower-bounds.txt" in script
    assert script.count("pytest") >= 2
