"""The options every command shares (``-p``, ``-o``, ``--lang``, ``--where``/``--only``) and the parameter types
that turn the command line's strings into the library's typed values (``"3x8"`` -> ``(3, 8)``).

A bad value is a usage error of one line, ``--label-grid: 3by8: expected COLUMNSxROWS, e.g. 3x8``, and exit
code 2; the ranges are the library's own checks, so the command line and the library refuse the same values.
"""
from __future__ import annotations

import re
from pathlib import Path
from collections.abc import Callable
from typing import Any

import click

from docgen.errors import DocgenError

__all__ = ["OneLineUsageError", "TypedValue", "LABEL_GRID_TYPE", "ENVELOPES_TYPE", "FORMATS_TYPE", "project_option",
           "out_option", "lang_option", "select_options"]


class OneLineUsageError(click.UsageError):
    """A bad value on the command line, shown as one line without the usage (exit code 2)."""

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), file=file, err=True)


class TypedValue(click.ParamType):
    """A command-line string turned into a library value by ``parse``, which may fail with a message
    (ValueError) or with the library's own DocgenError: either is one usage line."""

    def __init__(self, name: str, parse: Callable[[str], Any]):
        self.name, self.parse = name, parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value  # already typed: a default given as a value
        try:
            return self.parse(value)
        except ValueError as exc:
            name = max(param.opts, key=len) if param is not None and param.opts else self.name
            raise OneLineUsageError(f"{name}: {value}: {exc}", ctx) from None
        except DocgenError as exc:
            raise OneLineUsageError(exc.lines()[0], ctx) from None


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_label_grid(text: str) -> tuple[int, int]:
    """``COLSxROWS`` (``3x8``, ``3×8``) -> (columns, rows), in the library's range."""
    from docgen.documents.labels import LabelGrid

    match = re.fullmatch(r"(\d+)[x×](\d+)", text.lower().replace(" ", ""))
    if match is None:
        raise ValueError("expected COLUMNSxROWS, e.g. 3x8")
    grid = LabelGrid(int(match[1]), int(match[2]))  # the library's range check
    return grid.columns, grid.rows


def parse_envelopes(text: str) -> tuple[str, ...]:
    """``dl,c5``, ``dl``, ``c5`` or ``none`` -> the envelope sizes (``("DL", "C5")``, ``()``)."""
    from docgen.documents.envelopes import check_envelope_sizes

    if text.strip().lower() in ("", "none", "no", "false"):
        return ()
    return check_envelope_sizes(_items(text))


def parse_formats(text: str) -> tuple[str, ...]:
    """``pdf,docx`` -> ("pdf", "docx"): formats that have a writer."""
    from docgen.writers import check_formats

    return check_formats(_items(text))


LABEL_GRID_TYPE = TypedValue("COLSxROWS", parse_label_grid)
ENVELOPES_TYPE = TypedValue("SIZES", parse_envelopes)
FORMATS_TYPE = TypedValue("FORMATS", parse_formats)


def project_option(func):
    """``-p/--project DIR``: the forum project (default: the current folder, else the bundled forum)."""
    return click.option("-p", "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), help=(
        "Forum project folder (default: the current folder if it holds forum.yaml, else the bundled example forum)."))(func)


def out_option(func):
    """``-o/--out DIR``: where outputs go (default: out/ in the project)."""
    return click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                        help="Output folder (default: out/ in the project folder; for the bundled forum, out/ here).")(func)


def lang_option(func):
    """``--lang km|en|both``: override the languages for this run."""
    return click.option(
        "--lang", type=click.Choice(["km", "en", "both"]), default=None,
        help="Override the language of every document for this run.",
    )(func)


def select_options(func):
    """``--where FIELD=VALUE`` and ``--only ID,…``: which recipients (``docgen.select``)."""
    func = click.option("--only", multiple=True, metavar="ID,…", help="Only these recipient ids.")(func)
    return click.option("--where", multiple=True, metavar="FIELD=VALUE", help=(
        "Only recipients whose FIELD is VALUE: province=Kep,Kampot (either), category!=ngo (not); repeated on one "
        "field = either value, on different fields = both must hold."))(func)
