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


@cli.command("open")
@click.argument("directory", default=DEFAULT_OUTPUT, type=click.Path())
def open_command(directory) -> None:
    """Open DIRECTORY/index.html in the default browser.

    \b
    Example:
      discourse open dashboards
    """
    open_report(pathlib.Path(directory) / "index.html")


def open_report(index: pathlib.Path) -> None:
    if not index.is_file():
        raise DiscourseError(f"{index}: no report here; run 'discourse analyze' first")
    webbrowser.open(index.resolve().as_uri())
    click.echo(f"opened {index}")


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
