"""Command line interface: a thin layer over :mod:`discourse.pipeline`."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import pathlib
import signal
import sys
import threading
import warnings
import webbrowser
from typing import Iterator

import click

from . import __version__
from .config import Config, load_config
from .errors import DiscourseError, UsageError, one_line

DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "dashboards"
# Config fields that get a short, dedicated option name instead of --<section>-<field>.
OPTION_ALIASES = {("segment", "input_format"): "--input-format", ("stance", "labels"): "--labels",
                  ("run", "engine"): "--engine", ("run", "scheduler"): "--scheduler"}
# Boolean config fields given as a plain flag.
FLAG_ALIASES = {("run", "strict"): ("--strict", "Stop at the first input that cannot be read or analysed "
                                                "(default: skip it, list it in documents.csv, exit 1 at the end).")}
LOG = logging.getLogger("discourse")


def _say(message: str) -> None:
    click.echo(f"discourse: {message}", err=True)


class OneLineHandler(logging.Handler):
    """The ``discourse`` logger on stderr: one line per record, 'discourse: ...'."""

    def emit(self, record: logging.LogRecord) -> None:
        text = " ".join(record.getMessage().split())
        if record.levelno == logging.WARNING:
            text = f"warning: {text}"
        _say(text)


@contextlib.contextmanager
def message_level(quiet: bool = False, verbose: bool = False) -> Iterator[None]:
    """What reaches stderr: errors always; progress and discourse's warnings unless ``quiet``;
    library warnings (scikit-learn, numpy, pandas...) only with ``verbose``, as one log line each."""
    handler = OneLineHandler()
    previous = LOG.level, LOG.propagate, os.environ.get("PYTHONWARNINGS")
    LOG.addHandler(handler)
    LOG.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING)
    LOG.propagate = False
    with warnings.catch_warnings():
        if verbose and not quiet:
            warnings.simplefilter("default")
            warnings.showwarning = _log_library_warning
        else:
            warnings.simplefilter("ignore")
            os.environ["PYTHONWARNINGS"] = "ignore"  # worker processes of 'tune --jobs' too
        try:
            yield
        finally:
            LOG.removeHandler(handler)
            LOG.setLevel(previous[0])
            LOG.propagate = previous[1]
            if previous[2] is None:
                os.environ.pop("PYTHONWARNINGS", None)
            else:
                os.environ["PYTHONWARNINGS"] = previous[2]


def _log_library_warning(message, category, filename, lineno, file=None, line=None) -> None:
    LOG.warning("%s: %s (%s:%s)", category.__name__, message, pathlib.Path(filename).name, lineno)


def parameter_options(func):
    """Add one option per config field: --<section>-<field> (CLI over config file over defaults)."""
    config = Config()
    for section in reversed(list(Config.__dataclass_fields__)):
        if section == "tune":
            continue
        for fld in reversed(dataclasses.fields(getattr(config, section))):
            if fld.name == "seeded":
                continue
            default = getattr(getattr(config, section), fld.name)
            if (section, fld.name) in FLAG_ALIASES:
                flag, text = FLAG_ALIASES[(section, fld.name)]
                func = click.option(flag, f"param__{section}__{fld.name}", is_flag=True, default=None,
                                    flag_value=True, help=f"[{section}] {fld.name}: {text}")(func)
                continue
            name = OPTION_ALIASES.get((section, fld.name), f"--{section}-{fld.name.replace('_', '-')}")
            kind = "comma-separated list" if isinstance(default, list) else type(default).__name__
            func = click.option(name, f"param__{section}__{fld.name}", default=None, metavar=kind.upper()[:5],
                                help=f"[{section}] {fld.name} ({kind}; default {default!r}).")(func)
    return func


def collect_overrides(kwargs: dict) -> dict:
    """Pop the parameter options that were given, as dotted config keys."""
    overrides = {}
    for key in [k for k in kwargs if k.startswith("param__")]:
        value = kwargs.pop(key)
        if value is not None:
            _, section, name = key.split("__", 2)
            overrides[f"{section}.{name}"] = value
    return overrides


def resolve_config(config_path: str | None, overrides: dict) -> Config:
    return load_config(config_path).with_overrides(overrides)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="discourse")
def cli() -> None:
    """Analyze reader-comment threads under news and forum pages.

    \b
    Example:
      discourse analyze                 # seeds/ -> dashboards/
      discourse segment seeds/003_*.txt --format json
      discourse open dashboards
    """


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("-o", "--output", "output", default=DEFAULT_OUTPUT, show_default=True, type=click.Path(),
              help="Folder for the dashboards and tables.")
@click.option("--config", "config_path", type=click.Path(), default=None,
              help="TOML config (default: ./discourse.toml if present).")
@click.option("--open", "open_browser", is_flag=True, help="Open index.html in the browser when done.")
@click.option("-q", "--quiet", is_flag=True, help="Errors only: no progress, no warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Also log the libraries' warnings (scikit-learn, numpy...).")
@parameter_options
def analyze(inputs, output, config_path, open_browser, quiet, verbose, **kwargs) -> None:
    """Segment INPUTS, cluster the comments by topic and stance, and write dashboards.

    INPUTS are files or folders (text dumps, HTML, CSV, JSONL, ConvoKit
    utterances.jsonl). With none, ./seeds is analyzed into ./dashboards.

    \b
    Example:
      discourse analyze
      discourse analyze pages/ -o out --topics-k 6 --topics-method nmf --open
    """
    from .outputs import check_output_folder
    from .pipeline import analyze as run_analysis, expand_inputs

    with message_level(quiet, verbose):
        config = resolve_config(config_path, collect_overrides(kwargs))
        paths = list(inputs) or [DEFAULT_INPUT]
        expand_inputs(paths)  # missing inputs first, then the output folder: before minutes of work
        check_output_folder(output, inputs=paths)
        progress = None if quiet else _say
        analysis = run_analysis(paths, config, progress=progress)
        index = analysis.write(output, progress=progress)
        n_comments = len(analysis.comments)
        click.echo(f"{len(analysis.documents) - len(analysis.failures)} documents, {n_comments} comments -> {index}")
        if analysis.failures:
            raise DiscourseError(f"{len(analysis.failures)} of {len(analysis.documents)} inputs skipped; their "
                                 f"errors are in {pathlib.Path(output) / 'documents.csv'} (column status)")
        if open_browser:
            open_report(index)


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--format", "out_format", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="Output format.")
@click.option("--input-format", type=click.Choice(["auto", "text", "html", "csv", "jsonl", "convokit"]),
              default="auto", show_default=True, help="Input format (detected by default).")
@click.option("--config", "config_path", type=click.Path(), default=None, help="TOML config for [segment].")
@click.option("-q", "--quiet", is_flag=True, help="Errors only: no warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Also log the libraries' warnings.")
def segment(file, out_format, input_format, config_path, quiet, verbose) -> None:
    """Split FILE into article, boilerplate and single comments.

    \b
    Example:
      discourse segment seeds/003_1582b565965aaa72.txt --format json
      discourse segment thread.jsonl --input-format convokit --format text
    """
    from .io import read_document
    from .pipeline import FailureLog
    from .segment import Segmenter

    with message_level(quiet, verbose):
        config = load_config(config_path).with_overrides({"segment.input_format": input_format})
        segmenter = Segmenter(**config.section_params("segment"))
        run = FailureLog(strict=True)  # a failure is one line naming the file and the stage
        raw = run.call(file, "read", read_document, file, segmenter.input_format, config.run.max_input_mb * 2**20)
        doc = run.call(file, "segment", segmenter.segment, raw)  # a multi-thread export: the whole file, one document
    if out_format == "json":
        click.echo(json.dumps(doc.to_json(), ensure_ascii=False, indent=1))
        return
    click.echo(f"# {doc.title}  ({doc.source}, {doc.format})")
    for row in doc.lines.itertuples(index=False):
        click.echo(f"{row.line:5d} {row.role:<11} {row.text[:100]}")
    for c in doc.comments.itertuples(index=False):
        links = "".join([f" reply_to={c.reply_to} ({c.reply_cue})" if c.reply_to else "",
                         f" duplicate_of={c.duplicate_of}" if c.duplicate_of else ""])
        click.echo(f"[{c.id}] lines {c.start_line}-{c.end_line}{links}: {c.text[:80]!r}")


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("--grid", "grid_items", multiple=True, metavar="NAME=VALUES",
              help="A parameter and its values: k=4..12 (inclusive range), method=kmeans,nmf; short names "
                   "(k, min_df) or dotted (topics.k). Repeat for more. Default: the config's [tune] table.")
@click.option("--config", "config_path", type=click.Path(), default=None,
              help="TOML config to start from (default: ./discourse.toml if present).")
@click.option("-o", "--output", "output", default=DEFAULT_OUTPUT, show_default=True, type=click.Path(),
              help="Folder for tuning.html, tuning.csv and the best config.")
@click.option("--labels", "labels_path", type=click.Path(), default=None,
              help="Gold labels CSV (doc, id or start_line, topic and/or stance); rank by agreement with it.")
@click.option("--save", "save_path", type=click.Path(), default=None,
              help="Where to write the best config [default: OUTPUT/discourse.toml].")
@click.option("--seeds", type=click.IntRange(min=1), default=3, show_default=True,
              help="Random seeds per setting (for the stability metric).")
@click.option("--metric", default="score", show_default=True,
              help="Rank by this instead of the combined score, e.g. silhouette, coherence, topic_nmi.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers [default: up to 2].")
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read or segmented.")
@click.option("-q", "--quiet", is_flag=True, help="Errors only: no progress, no warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Also log the libraries' warnings.")
def tune(inputs, grid_items, config_path, output, labels_path, save_path, seeds, metric, jobs, strict, quiet,
         verbose) -> None:
    """Sweep parameters over INPUTS, rank the settings and save the best as a config.

    Prints one row per setting (best first); writes OUTPUT/tuning.html and the
    winning config, which 'discourse analyze --config' reuses unchanged.

    \b
    Example:
      discourse tune seeds/ --grid k=4..12 --grid method=kmeans,nmf --grid min_df=1,2
      discourse analyze seeds/ --config dashboards/discourse.toml
    """
    from .outputs import check_output_file, check_output_folder
    from .pipeline import expand_inputs
    from .tuning import tune as run_tune
    from .tuning.grid import as_grid

    with message_level(quiet, verbose):
        config = load_config(config_path).with_overrides({"run.strict": True} if strict else {})
        grid = as_grid(list(grid_items) or None, config)  # usage errors first, then inputs and output folder
        paths = list(inputs) or [DEFAULT_INPUT]
        expand_inputs(paths)
        check_output_folder(output, inputs=paths)  # before the sweep
        if save_path:
            saved = check_output_file(save_path)
            if saved.parent == pathlib.Path(output).resolve() and saved.name != "discourse.toml":
                raise UsageError(f"--save {save_path}: inside the output folder the config is named "
                                 "discourse.toml; give that name or a path outside it")
        result = run_tune(paths, config, grid, labels_path,
                          seeds=seeds, metric=metric, n_jobs=jobs, progress=None if quiet else _say)
        save = pathlib.Path(save_path) if save_path else pathlib.Path(output) / "discourse.toml"
        report = result.write(output, save=save)
        click.echo(result.summary())
        click.echo(f"best: {result.table['setting'][result.best]} -> {save}")
        click.echo(f"why: {result.reason}")
        if not quiet:
            _say(f"report: {report}")
        if result.failures:
            raise DiscourseError(f"{len({f.source for f in result.failures})} inputs skipped (see the lines above)")


@cli.command("report")
@click.argument("directory", default=DEFAULT_OUTPUT, type=click.Path())
@click.option("--doc", "docs", multiple=True, metavar="NAME",
              help="A document (as in documents.csv) or its report file (doc-....html). Repeat for more.")
@click.option("--all", "all_missing", is_flag=True, help="Every document report not written yet.")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes writing the reports (0 = one per core).")
def report(directory, docs, all_missing, jobs) -> None:
    """Write document reports on demand, from the tables of an analysis in DIRECTORY.

    'discourse analyze' writes the reports of the [run] max_reports documents with
    most comments; the overview links to every document, and this writes the rest.

    \b
    Example:
      discourse report dashboards --doc "export.jsonl#t42"
      discourse report dashboards --all
    """
    from .report.ondemand import write_reports

    if not docs and not all_missing:
        raise click.UsageError("name documents with --doc, or pass --all")
    written = write_reports(pathlib.Path(directory), list(docs) or None, missing_only=all_missing and not docs,
                            jobs=jobs)
    click.echo(f"{len(written)} reports written in {directory}")


@cli.command("open")
@click.argument("directory", default=DEFAULT_OUTPUT, type=click.Path())
def open_command(directory) -> None:
    """Open DIRECTORY/index.html (or a report file) in the default browser; a document report
    not written yet is written first.

    \b
    Example:
      discourse open dashboards
      discourse open dashboards/doc-003_1582b565965aaa72.html
    """
    path = pathlib.Path(directory)
    if path.suffix.lower() in (".html", ".htm") and not path.exists() and path.name.startswith("doc-"):
        from .report.ondemand import write_reports

        write_reports(path.parent, [path.name])
    open_report(path if path.suffix.lower() in (".html", ".htm") else path / "index.html")


def open_report(index: pathlib.Path) -> None:
    if not index.is_file():
        raise DiscourseError(f"{index}: no report here; run 'discourse analyze' first")
    uri = index.resolve().as_uri()
    if webbrowser.open(uri):
        click.echo(f"opened {index}")
    else:
        click.echo(f"no browser available; open {uri}")


def _terminate(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds: staging folders are removed, earlier outputs stay


def main(argv: list[str] | None = None) -> None:
    """Console entry point: usage errors exit 2, bad input exits 1, both with one line."""
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if on_main_thread else None
    try:
        _run(argv)
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _run(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="discourse", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _say("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DiscourseError as exc:
        _say(f"error: {one_line(exc, limit=2000)}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    except BrokenPipeError:  # 'discourse segment page.txt | head': the reader left
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # an unexpected failure still gets one line; DISCOURSE_DEBUG=1 shows the traceback
        if os.environ.get("DISCOURSE_DEBUG"):
            raise
        _say(f"internal error: {type(exc).__name__}: {one_line(exc)} (set DISCOURSE_DEBUG=1 for details)")
        sys.exit(1)
