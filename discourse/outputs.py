"""Output folders: checked before a run, written whole, swapped in with renames.

A command writes its files into a staging folder beside the output folder
(``.NAME.discourse-new-PID-XXXX``), then renames the old folder aside, renames the
staging folder into place and removes the old one. A failure at any point leaves
the earlier folder as it was; a run killed between the two renames is repaired by
the next run (the old folder is renamed back). Files of the other command
(``tune`` beside ``analyze``) are carried over by hard links; files discourse did
not write are never touched: a folder holding any is refused.

A folder holds a discourse run when it has the marker file ``.discourse-output``
(or, for folders written before the marker existed, only discourse's file names).
"""
from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import pathlib
import re
import secrets
import shutil
from typing import Iterable, Iterator

import pandas as pd

from ._version import __version__
from .errors import DiscourseError

MARKER = ".discourse-output"
# What each command writes; a folder may hold the files of both.
ANALYZE_FILES = ("index.html", "doc-*.html", "plotly.min.js", "comments.csv", "documents.csv", "topics.csv",
                 "authors.csv", "comments.jsonl", "documents.jsonl", "topics.jsonl", "authors.jsonl", "config.toml",
                 "documents.parquet", "topics.parquet", "authors.parquet", "terms.parquet")
ANALYZE_FOLDERS = ("comments.parquet", "lines.parquet")  # partitioned tables: folders of part-NNNNN.parquet
TUNE_FILES = ("tuning.html", "tuning.csv", "plotly.min.js", "discourse.toml")
# Folders written before the marker existed are recognised by these files.
LEGACY_RUNS = (("index.html", "config.toml", "plotly.min.js"), ("tuning.html", "tuning.csv", "plotly.min.js"))
# Staging and aside folders: .NAME.discourse-new-PID-TOKEN, .NAME.discourse-old-PID-TOKEN;
# older versions staged inside the folder as .discourse-XXXX.
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.discourse-(?P<kind>new|old)-(?P<pid>\d+)-[0-9a-f]+$")
INNER_TEMP = ".discourse-*"
# Virtual file systems: nothing is written under these (a tmpfs such as /dev/shm is fine).
PSEUDO_ROOTS = ("/proc", "/sys", "/dev")
PSEUDO_ALLOWED = ("/dev/shm",)


class OutputError(DiscourseError):
    """The output folder cannot be used (exit 2, a usage error: choose another ``-o``)."""

    exit_code = 2


class OutputWriteError(DiscourseError):
    """Writing the outputs failed midway (disk full, I/O error): exit 1, earlier outputs unchanged."""


def _owned(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def _is_discourse_file(name: str) -> bool:
    """A file name one of the commands writes."""
    return _owned(name, ANALYZE_FILES + TUNE_FILES)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def clean_stale(target: pathlib.Path) -> None:
    """Remove staging folders of killed runs beside ``target``; put back an old folder a killed run left aside."""
    parent = target.parent
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    stale = []
    for entry in entries:
        m = TEMP_NAME.match(entry.name)
        if m and m.group("name") == target.name and not _pid_alive(int(m.group("pid"))):
            stale.append((m.group("kind"), pathlib.Path(entry.path)))
    for kind, path in sorted(stale):  # "new" before "old"
        if kind == "old" and not target.exists():
            with contextlib.suppress(OSError):
                os.rename(path, target)  # killed between the two renames: the earlier run comes back
                continue
        shutil.rmtree(path, ignore_errors=True)


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)


def _resolve(path: str | os.PathLike) -> tuple[str, pathlib.Path]:
    raw = os.fspath(path)
    if not str(raw).strip():
        raise OutputError("the output folder name is empty (give -o DIR)")
    target = pathlib.Path(raw).expanduser()
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:  # symlink loop
        raise OutputError(f"{raw}: cannot resolve the output path ({exc})") from None
    return str(raw), resolved


def check_output_folder(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = ()) -> pathlib.Path:
    """Refuse an output folder that cannot or must not be written, before any work is done.

    Returns the resolved folder. Refused: an empty name, ``/``, paths under virtual file systems,
    an existing file or a path under one, a mount point, a folder holding files discourse did not
    write, an input (or a folder holding an input), and places where a test write fails
    (read-only, no permission, full disk).
    """
    raw, target = _resolve(path)
    if target == target.parent:
        raise OutputError(f"{raw}: refusing to write into the root folder; give a folder of its own")
    pseudo = next((root for root in PSEUDO_ROOTS if _under(target, root)), None)
    if pseudo and not any(_under(target, ok) for ok in PSEUDO_ALLOWED):
        raise OutputError(f"{raw}: is under {pseudo}, a virtual file system; give a folder on a disk")
    for item in inputs:
        source = pathlib.Path(item).expanduser().resolve()
        if source == target or target in source.parents:
            raise OutputError(f"{raw}: the output folder is also an input ({item}); give another -o folder")
    ancestor = target
    while not ancestor.exists():
        ancestor = ancestor.parent
    if ancestor != target and not ancestor.is_dir():
        raise OutputError(f"{raw}: cannot create a folder under {ancestor}, which is a file")
    if target.exists():
        if not target.is_dir():
            raise OutputError(f"{raw}: exists and is not a folder; give a folder for the outputs")
        if os.path.ismount(target):
            raise OutputError(f"{raw}: is a mount point; give a folder inside it")
        foreign = foreign_entries(target)
        if foreign:
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            raise OutputError(f"{raw}: holds files discourse did not write ({shown}); give an empty or new "
                              "folder, or one that holds a discourse run")
        if not os.access(target, os.W_OK | os.X_OK):
            raise OutputError(f"{raw}: folder is not writable")
    _probe(raw, target)
    return target


def _under(path: pathlib.Path, root: str) -> bool:
    return str(path) == root or str(path).startswith(root + "/")


def foreign_entries(folder: pathlib.Path) -> list[str]:
    """Entries of ``folder`` that no discourse run wrote (empty when it is empty or holds a run)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot list the folder ({_describe(exc)})") from None
    if not names:
        return []
    marked = MARKER in names or any(all(n in names for n in run) for run in LEGACY_RUNS)
    if not marked:
        return names

    def ours(name: str) -> bool:
        if name == MARKER or fnmatch.fnmatchcase(name, INNER_TEMP):  # a staging folder of an older version
            return True
        if name in ANALYZE_FOLDERS:
            return (folder / name).is_dir()
        return _is_discourse_file(name) and (folder / name).is_file()

    return [n for n in names if not ours(n)]


def _probe(raw: str, target: pathlib.Path) -> None:
    """Create the parent, clean stale staging folders, and test-write a staging folder beside the target."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{raw}: cannot create the folder ({_describe(exc)})") from None
    clean_stale(target)
    try:
        staging = _make_staging(target)
    except OSError as exc:
        raise OutputError(f"{raw}: cannot write here ({_describe(exc)})") from None
    try:
        (staging / MARKER).write_text("probe\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{raw}: cannot write here ({_describe(exc)})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _make_staging(target: pathlib.Path, kind: str = "new") -> pathlib.Path:
    for _ in range(100):
        path = target.parent / f".{target.name}.discourse-{kind}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(errno.EEXIST, "no free staging folder name", str(target.parent))


@contextlib.contextmanager
def replaced_folder(path: str | os.PathLike, owns: tuple[str, ...] = ANALYZE_FILES) -> Iterator[pathlib.Path]:
    """Yield an empty staging folder; on success it replaces ``path`` whole.

    Files of the earlier folder that this command does not write (``owns``) are carried over;
    its own files of the earlier run (stale ``doc-*.html`` too) go with the swap. On any
    failure the staging folder is removed and ``path`` is left as it was.
    """
    raw = os.fspath(path)
    target = check_output_folder(path)
    try:
        staging = _make_staging(target)
    except OSError as exc:
        raise OutputError(f"{raw}: cannot write here ({_describe(exc)})") from None
    try:
        yield staging
        _finish(staging, target, owns)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputWriteError(f"{raw}: could not write the outputs ({_describe(exc)}); "
                               "the earlier outputs are unchanged") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _finish(staging: pathlib.Path, target: pathlib.Path, owns: tuple[str, ...]) -> None:
    (staging / MARKER).write_text(f"discourse {__version__} output folder; the next run replaces it whole\n",
                                  encoding="utf-8")
    if not target.exists():
        os.rename(staging, target)
        return
    for entry in os.scandir(target):  # the other command's files stay
        if entry.is_file(follow_symlinks=False) and _is_discourse_file(entry.name) \
                and not _owned(entry.name, owns) and not (staging / entry.name).exists():
            try:
                os.link(entry.path, staging / entry.name)
            except OSError:
                shutil.copy2(entry.path, staging / entry.name)
    staging.chmod(target.stat().st_mode & 0o7777)
    aside = _make_staging(target, "old")
    os.rmdir(aside)
    os.rename(target, aside)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def check_output_file(path: str | os.PathLike) -> pathlib.Path:
    """Refuse a file path (``tune --save``) that is a folder or lies under a file, before any work."""
    raw, target = _resolve(path)
    if target.is_dir():
        raise OutputError(f"{raw}: is a folder; give a file name")
    ancestor = target.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(f"{raw}: cannot create a file under {ancestor}, which is a file")
    return target


# ---------------------------------------------------------------- spreadsheet-safe CSV cells
# OWASP CSV injection: a cell starting with one of these runs as a formula in a spreadsheet.
FORMULA_START = frozenset("=+-@\t\r")
FORMULA_GUARD = "'"
PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")  # '-5', '+1.5e3': not formulas


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with text cells that start like a formula prefixed with ``'``.

    Only text cells change; numeric columns (a negative ``stance_score``) and text cells that are
    plain numbers (an id ``-5``) are kept. The JSON-lines tables keep every raw value.
    """
    out = None
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            continue
        values = col.tolist()
        hits = [i for i, v in enumerate(values) if v.__class__ is str and v[:1] in FORMULA_START
                and not PLAIN_NUMBER.fullmatch(v)]
        if hits:
            for i in hits:
                values[i] = FORMULA_GUARD + values[i]
            out = frame.copy() if out is None else out
            out[name] = pd.Series(values, index=frame.index, dtype=col.dtype)
    return frame if out is None else out
