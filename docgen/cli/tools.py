"""The tools around the documents: ``docgen templates``, ``date``, ``typeset`` and ``fonts``."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.params import project_option
from docgen.console import DocgenCommand, DocgenGroup, input_file, say, stream

__all__ = ["templates", "date_command", "typeset", "fonts"]


@click.group(cls=DocgenGroup, invoke_without_command=True)
@project_option
@click.pass_context
def templates(ctx, project_dir):
    """List every template with where it comes from (project or bundled).

    A project's templates/ folder wins over the bundled defaults; copy a default
    there with `docgen templates copy NAME` to reword it. The markup is described
    in docs/markup.md.

    Example: docgen templates -p my-forum
    """
    if ctx.invoked_subcommand is not None:
        return
    from docgen.compose import list_templates
    from docgen.project import find_project_dir

    root, bundled = find_project_dir(project_dir)
    for info in list_templates(None if bundled else root):
        note = " (overrides the bundled one)" if info.overrides else ""
        click.echo(f"{info.name}\t{info.origin}{note}")


@templates.command("copy")
@click.argument("name")
@project_option
def templates_copy(name, project_dir):
    """Copy the bundled template NAME into the project's templates/ folder to edit.

    Example: docgen templates copy letters/invitation.km.xml -p my-forum
    """
    from docgen.compose import copy_template
    from docgen.project import find_project_dir

    root, bundled = find_project_dir(project_dir)
    if bundled:
        raise click.UsageError("no forum project here: run it in a project folder or give -p DIR")
    path = copy_template(name, root)
    say(f"Copied to {path}; docgen now uses this copy.")


@click.command("date", cls=DocgenCommand)
@click.argument("dates", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line instead of text.")
def date_command(dates, as_json):
    """Print the official Khmer lunar and solar date lines for ISO dates (YYYY-MM-DD).

    With no DATES, reads one date per line from standard input when it is not a terminal,
    else uses today. Each text line holds the ISO date, the lunar line, the Khmer and the
    English solar line, separated by tabs. A bad date is reported after the good ones (exit 2).

    Example: docgen date 2018-02-27 --json
    """
    from docgen.datecmd import date_inputs, describe_dates

    texts, source = date_inputs(dates, sys.stdin)
    report = describe_dates(texts, as_json=as_json, source=source)
    for line in report.lines:
        click.echo(line)
    report.raise_for_problems()


@click.command(cls=DocgenCommand)
@click.argument("textfile", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              required=True, help="The PDF to write, - for standard output.")
@click.option("--width-mm", type=float, default=None, help="Width of the text block in mm (default: A4 less margins).")
@click.option("--size", type=float, default=11.0, show_default=True, help="Font size in points.")
@click.option("--align", type=click.Choice(["left", "centre", "right", "justify"]), default="left",
              show_default=True, help="Paragraph alignment.")
@click.option("--font-role", type=click.Choice(["body", "heading"]), default="body", show_default=True,
              help="Which of the project's fonts to set the text in.")
@project_option
def typeset(textfile, output, width_mm, size, align, font_role, project_dir):
    """Typeset a UTF-8 text file (paragraphs separated by blank lines) into a PDF with the project's fonts.

    A single newline inside a paragraph is a forced line break. Use it to check
    the fonts and the Khmer line breaking on your own text. TEXTFILE - reads
    standard input, -o - writes the PDF to standard output.

    Example: docgen typeset letter.txt -o letter.pdf --align justify
    """
    from docgen.typeset import project_fonts, typeset as run_typeset

    with input_file(textfile, ".txt") as source:
        path = run_typeset(source, stream(output, "stdout"), width_mm=width_mm, size=size, align=align,
                           font_role=font_role, fonts_config=project_fonts(project_dir))
    say(f"Wrote {path or 'the PDF to standard output'}", err=path is None)


@click.command(cls=DocgenCommand)
@project_option
def fonts(project_dir):
    """Print the font chosen for each role (body, heading, latin): family, file and why.

    Fonts come from forum.yaml's fonts: mapping, else the Khmer OS fonts
    installed, else the Khmer fonts of Windows or macOS, else the Cambodian
    faces docgen ships (Moul, Battambang) and Noto Serif for Latin. Set
    DOCGEN_NO_SYSTEM_FONTS=1 to ignore installed fonts.

    Example: docgen fonts -p my-forum
    """
    from docgen.typeset import fonts_report

    for line in fonts_report(project_dir):
        click.echo(line)
