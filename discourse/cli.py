"""Command line interface: a thin layer over :mod:`discourse.pipeline`."""
from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import sys
import webbrowser

import click

from . import __version__
from .config import Config, load_config
from .errors import DiscourseError

DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "dashboards"
# Config fields that get a short, dedicated option name instead of --<section>-<field>.
OPTION_ALIASES = {("segment", "input_format"): "--input-format", ("stance", "labels"): "--labels"}


def _say(message: str) -> None:
    click.echo(f"discourse: {message}", err=True)


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
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@parameter_options
def analyze(inputs, output, config_path, open_browser, quiet, **kwargs) -> None:
    """Segment INPUTS, cluster the comments by topic and stance, and write dashboards.

    INPUTS are files or folders (text dumps, HTML, CSV, JSONL, ConvoKit
    utterances.jsonl). With none, ./seeds is analyzed into ./dashboards.

    \b
    Example:
      discourse analyze
      discourse analyze pages/ -o out --topics-k 6 --topics-method nmf --open
    """
    from .pipeline import analyze as run_analysis

    config = resolve_config(config_path, collect_overrides(kwargs))
    paths = list(inputs) or [DEFAULT_INPUT]
    progress = None if quiet else _say
    analysis = run_analysis(paths, config, progress=progress)
    index = analysis.write(output, progress=progress)
    n_comments = len(analysis.comments)
    click.echo(f"{len(analysis.documents)} documents, {n_comments} comments -> {index}")
    if open_browser:
        open_report(index)


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--format", "out_format", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="Output format.")
@click.option("--input-format", type=click.Choice(["auto", "text", "html", "csv", "jsonl", "convokit"]),
              default="auto", show_default=True, help="Input format (detected by default).")
@click.option("--config", "config_path", type=click.Path(), default=None, help="TOML config for [segment].")
def segment(file, out_format, input_format, config_path) -> None:
    """Split FILE into article, boilerplate and single comments.

    \b
    Example:
      discourse segment seeds/003_1582b565965aaa72.txt --format json
      discourse segment thread.jsonl --input-format convokit --format text
    """
    from .segment import Segmenter

    config = load_config(config_path).with_overrides({"segment.input_format": input_format})
    doc = Segmenter(**config.section_params("segment")).segment_file(file)
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
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def tune(inputs, grid_items, config_path, output, labels_path, save_path, seeds, metric, jobs, quiet) -> None:
    """Sweep parameters over INPUTS, rank the settings and save the best as a config.

    Prints one row per setting (best first); writes OUTPUT/tuning.html and the
    winning config, which 'discourse analyze --config' reuses unchanged.

    \b
    Example:
      discourse tune seeds/ --grid k=4..12 --grid method=kmeans,nmf --grid min_df=1,2
      discourse analyze seeds/ --config dashboards/discourse.toml
    """
    from .tuning import tune as run_tune

    config = load_config(config_path)
    result = run_tune(list(inputs) or [DEFAULT_INPUT], config, list(grid_items) or None, labels_path,
                      seeds=seeds, metric=metric, n_jobs=jobs, progress=None if quiet else _say)
    save = pathlib.Path(save_path) if save_path else pathlib.Path(output) / "discourse.toml"
    report = result.write(output, save=save)
    click.echo(result.summary())
    click.echo(f"best: {result.table['setting'][result.best]} -> {save}")
    click.echo(f"why: {result.reason}")
    if not quiet:
        _say(f"report: {report}")


@cli.command("open")
@click.argument("directory", default=DEFAULT_OUTPUT, type=click.Path())
def open_command(directory) -> None:
    """Open DIRECTORY/index.html (or a report file) in the default browser.

    \b
    Example:
      discourse open dashboards
      discourse open dashboards/doc-003_1582b565965aaa72.html
    """
    path = pathlib.Path(directory)
    open_report(path if path.suffix.lower() in (".html", ".htm") else path / "index.html")


def open_report(index: pathlib.Path) -> None:
    if not index.is_file():
        raise DiscourseError(f"{index}: no report here; run 'discourse analyze' first")
    uri = index.resolve().as_uri()
    if webbrowser.open(uri):
        click.echo(f"opened {index}")
    else:
        click.echo(f"no browser available; open {uri}")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: usage errors exit 2, bad input exits 1, both with one line."""
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
        _say(f"error: {exc}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    except Exception as exc:  # an unexpected failure still gets one line; DISCOURSE_DEBUG=1 shows the traceback
        if os.environ.get("DISCOURSE_DEBUG"):
            raise
        _say(f"internal error: {type(exc).__name__}: {exc} (set DISCOURSE_DEBUG=1 for details)")
        sys.exit(1)
