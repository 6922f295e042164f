"""``docgen attendance``: import the signed sheets and check-ins, report participation."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.params import project_option
from docgen.console import DocgenGroup, input_file, say, shown

__all__ = ["attendance"]


@click.group(cls=DocgenGroup)
def attendance():
    """The attendance that comes back: import signed sheets and check-ins, report participation."""


@attendance.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--session", default=None, help="The session the file records, when it has no session column.")
@click.option("--replace", is_flag=True, help="Replace the session's whole attendance with the file's rows "
              "instead of merging them (the previous file is kept in attendance/backup/).")
@click.option("--sheet", default=None, metavar="NAME", help="The workbook's sheet to read (default: the first sheet "
              "that holds data).")
@project_option
def attendance_import(file, session, replace, sheet, project_dir):
    """Check a typed attendance sheet or check-in export (CSV/XLSX) and merge it into attendance/.

    Rows are matched by id (walk-ins by name); new people are added, and a value that
    differs from the stored one is reported and the stored one kept. Unknown ids (with a
    did-you-mean), people on two rows and unreadable values are printed as
    FILE:ROW: FIELD: message; any error stores nothing (exit 1). FILE - reads standard
    input (CSV, or XLSX bytes).

    Example: docgen attendance import signed-takeo.xlsx --session takeo -p my-forum
    """
    from docgen.attendance import import_attendance
    from docgen.project import load_project

    with input_file(file) as source:
        result = import_attendance(load_project(project_dir), source, session, replace=replace, sheet=sheet)
        for problem in result.problems:
            click.echo(str(shown(problem, source)), err=True)
    for line in result.summary():
        say(line)
    sys.exit(0 if result.ok else 1)


@attendance.command("report")
@project_option
@click.option("--lang", type=click.Choice(["en", "km"]), default="en", show_default=True, help="Language of the table.")
def attendance_report_command(project_dir, lang):
    """Print per session: invited, present, walk-ins, guests, attended and rate, by category and sex.

    Example: docgen attendance report -p my-forum
    """
    from docgen.attendance import attendance_report, format_table
    from docgen.project import bundled_notice, load_project

    project = load_project(project_dir)
    say(bundled_notice(project), err=True)
    click.echo(format_table(attendance_report(project, lang)))
