"""The ``docgen`` command line: a thin client of the library.

Each command parses its arguments, calls one library function and prints the
result. Errors from the library (``DocgenError``) become one line per problem on
standard error and a non-zero exit; ``--traceback`` shows the Python traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.errors import DocgenError

__all__ = ["cli", "main"]


class DocgenGroup(click.Group):
    """A click group that turns ``DocgenError`` into one line per problem and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DocgenError as exc:
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(exc.exit_code)


# -- shared options -----------------------------------------------------------------

def project_option(func):
    """``-p/--project DIR``: the forum project (default: the current folder, else the bundled forum)."""
    return click.option(
        "-p", "--project", "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Forum project folder (default: the current folder if it holds forum.yaml, else the bundled example forum).",
    )(func)


def out_option(func):
    """``-o/--out DIR``: where outputs go (default: out/ in the project)."""
    return click.option(
        "-o", "--out", "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Output folder (default: out/ in the project folder; for the bundled forum, out/ here).",
    )(func)


def lang_option(func):
    """``--lang km|en|both``: override the languages for this run."""
    return click.option(
        "--lang", type=click.Choice(["km", "en", "both"]), default=None,
        help="Override the language of every document for this run.",
    )(func)


# -- the group ----------------------------------------------------------------------

@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--traceback", is_flag=True, help="Show the Python traceback of an error (for debugging).")
@click.version_option(package_name="docgen")
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """Make a forum secretariat's documents in Khmer and English."""
    ctx.ensure_object(dict)
    ctx.obj["traceback"] = traceback


def main() -> None:
    """Entry point of the ``docgen`` console script."""
    if hasattr(sys.stdout, "reconfigure"):
        # Khmer on a Windows console or a pipe: never die on an encoding error.
        sys.stdout.reconfigure(errors="replace")
        sys.stderr.reconfigure(errors="replace")
    cli(prog_name="docgen")
