"""The ``docgen`` command line: a thin client of the library.

Each command parses its arguments, calls one library function and prints the
result. Errors from the library (``DocgenError``) become one line per problem on
standard error and a non-zero exit; ``--traceback`` shows the Python traceback.
A bad option value is one line and exit code 2 (:mod:`docgen.cli.params`).

The commands live by group: :mod:`~docgen.cli.documents` (init, check, build,
preview), :mod:`~docgen.cli.send`, :mod:`~docgen.cli.attendance` and
:mod:`~docgen.cli.tools` (templates, date, typeset, fonts).
"""
from __future__ import annotations

import signal
import sys

import click

from docgen.cli.attendance import attendance
from docgen.cli.documents import build, check, init, preview
from docgen.cli.send import send
from docgen.cli.tools import date_command, fonts, templates, typeset
from docgen.console import DocgenGroup

__all__ = ["cli", "main"]


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--traceback", is_flag=True, help="Show the Python traceback of an error (for debugging).")
@click.version_option(package_name="docgen")
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """Make a forum secretariat's documents in Khmer and English."""
    ctx.ensure_object(dict)
    ctx.obj["traceback"] = traceback


# In the order of the work, as `docgen --help` lists them.
for _command in (init, check, build, preview, send, attendance, templates, date_command, typeset, fonts):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``docgen`` console script."""
    if hasattr(sys.stdout, "reconfigure"):
        # Khmer on a Windows console or a pipe: never die on an encoding error.
        sys.stdout.reconfigure(errors="replace")
        sys.stderr.reconfigure(errors="replace")
    interrupted: list[int] = []

    def on_ctrl_c(signum: int, frame) -> None:
        interrupted.append(signum)
        signal.default_int_handler(signum, frame)

    # Python drops a KeyboardInterrupt raised while a finalizer runs; a Ctrl-C is then still remembered
    # here, so the command never ends as if it had not been interrupted.
    signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        cli(prog_name="docgen")
    except SystemExit as exc:
        if interrupted and exc.code in (0, None):
            click.echo("Aborted!", err=True)
            sys.exit(130)
        raise
