"""The command line's machinery: its group and command classes, ``-q``/``-v``, ``-`` for standard input and
output, and what it shows while a long run works (a progress bar on a terminal, lines with ``-v``).

Levels: ``QUIET`` (``-q``: only problems and errors), ``NORMAL`` (a progress bar with counts and time
left when standard error is a terminal, nothing while working otherwise: a pipe or a log file gets
no bar), ``VERBOSE`` (``-v``: a line per step, terminal or not).
"""
from __future__ import annotations

import contextlib
import dataclasses
import sys
from pathlib import Path
from typing import TextIO

import click

from docgen.errors import DocgenError, Problem

__all__ = ["QUIET", "NORMAL", "VERBOSE", "DocgenCommand", "DocgenGroup", "Progress", "input_file", "level", "say",
           "shown", "stream"]

QUIET, NORMAL, VERBOSE = 0, 1, 2


def _set_level(level: int):
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            ctx.ensure_object(dict)["level"] = level
    return callback


class VerbosityMixin:
    """``-q/--quiet`` and ``-v/--verbose`` on every command and group, so both ``docgen -q build`` and
    ``docgen build -q`` work (see :mod:`docgen.console` for what each level shows)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params += [  # type: ignore[attr-defined]
            click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_set_level(QUIET),
                         help="Print only problems and errors: no progress, no summary."),
            click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, callback=_set_level(VERBOSE),
                         help="Print a line for every letter, page set and message as it goes."),
        ]


class DocgenCommand(VerbosityMixin, click.Command):
    """A docgen command: the shared -q/-v options."""


class DocgenGroup(VerbosityMixin, click.Group):
    """A click group that lists its commands in the order of the work, turns ``DocgenError`` into one
    line per problem and an exit code, and any other exception into one line, exit code 70 and its
    traceback in a log file."""

    command_class = DocgenCommand
    group_class = type  # subgroups are DocgenGroups too

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they are defined below: the order of the work

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DocgenError as exc:
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, BrokenPipeError):
            raise  # a closed pipe (`docgen templates | head`): Click ends quietly, as Unix tools do
        except Exception as exc:  # noqa: BLE001 - no traceback reaches a user
            if _tracebacks(ctx):
                raise
            from docgen.crash import INTERNAL_ERROR_EXIT, log_internal_error

            click.echo(log_internal_error(exc), err=True)
            ctx.exit(INTERNAL_ERROR_EXIT)


#: Set to 1 to have an unexpected error raised with its traceback, not made one line (the test suite sets it).
TRACEBACK_ENV = "DOCGEN_TRACEBACK"


def _tracebacks(ctx: click.Context) -> bool:
    import os

    return bool(ctx.obj and ctx.obj.get("traceback")) or os.environ.get(TRACEBACK_ENV, "") in ("1", "true", "yes")


def level() -> int:
    """The verbosity of this run: QUIET, NORMAL or VERBOSE."""
    ctx = click.get_current_context(silent=True)
    return (ctx.obj or {}).get("level", NORMAL) if ctx else NORMAL


def say(text: str | None, err: bool = False) -> None:
    """Print a notice or a summary, unless -q."""
    if text and level() > QUIET:
        click.echo(text, err=err)


def stream(path: Path | None, mode: str):
    """Standard input or output (binary) for ``-``, else the path itself."""
    if path is not None and str(path) == "-":
        return getattr(sys, mode).buffer  # click.get_binary_stream is deprecated in Click 8.4
    return path


STDIN = "<stdin>"


@contextlib.contextmanager
def input_file(path: Path, suffix: str | None = None):
    """``path``, or for ``-`` standard input copied to a temporary file (for readers that take a path); problems
    raised inside name it ``<stdin>``, not the copy (``shown`` does so for returned ones)."""
    if str(path) != "-":
        yield path
        return
    from docgen.files import spooled_input

    with spooled_input(sys.stdin.buffer, suffix) as spooled:
        try:
            yield spooled
        except DocgenError as exc:
            exc.problems = [shown(problem, spooled) for problem in exc.problems]
            raise


def shown(problem: Problem, source: Path) -> Problem:
    """``problem`` as a user reads it: a temporary copy of standard input is named ``<stdin>``."""
    if problem.file is not None and str(problem.file) == str(source) and source.name.startswith("stdin"):
        return dataclasses.replace(problem, file=STDIN)
    return problem


class Progress:
    """A run's progress callback ``(what, done, total, line)``: one click progress bar per kind of work
    (letters, envelopes, sending), or with ``-v`` the step's ``line``; and notices (a retry) between."""

    def __init__(self, level: int = NORMAL, stream: TextIO | None = None):
        self.level = level
        self.stream = stream or sys.stderr
        self._bars: dict[str, click.progressbar] = {}  # type: ignore[valid-type]

    @property
    def bars(self) -> bool:
        return self.level == NORMAL and self.stream.isatty()

    def __call__(self, what: str, done: int, total: int, line: str | None = None) -> None:
        if self.level >= VERBOSE:
            click.echo(line or f"{what}: {done}/{total}", file=self.stream)
        elif self.bars:
            bar = self._bars.get(what)
            if bar is None:
                bar = self._bars[what] = click.progressbar(length=total, label=what, file=self.stream, show_pos=True,
                                                           show_eta=True, width=24)
            bar.update(done - bar.pos)
            if done >= total:
                bar.render_finish()
                del self._bars[what]

    def note(self, text: str) -> None:
        """A line about what is happening (``cannot reach …, trying again in 4 s``), below any bar; not with -q."""
        if self.level > QUIET:
            click.echo(("\n" if self._bars else "") + text, file=self.stream)

    def close(self) -> None:
        for bar in self._bars.values():
            bar.render_finish()
        self._bars.clear()
