"""``docgen init``, ``check``, ``build`` and ``preview``: a forum project and the documents it makes."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.params import (ENVELOPES_TYPE, FORMATS_TYPE, LABEL_GRID_TYPE, lang_option, out_option, project_option,
                               select_options)
from docgen.console import DocgenCommand, Progress, level, say, stream
from docgen.families import FAMILIES
from docgen.writers import FORMATS

__all__ = ["init", "check", "build", "preview"]


@click.command(cls=DocgenCommand)
@click.argument("directory", type=click.Path(path_type=Path))
def init(directory):
    """Write a new forum project in DIRECTORY (new or empty), copied from the bundled forum.

    Example: docgen init my-forum && docgen check -p my-forum
    """
    from docgen.project import init_project

    root = init_project(directory)
    say(f"Created a forum project in {root}: edit forum.yaml and the lists in recipients/, "
        f"then run: docgen check -p {directory}")


@click.command(cls=DocgenCommand)
@project_option
def check(project_dir):
    """Check a forum project's data and print every problem as FILE:ROW: FIELD: message.

    Exit status 0 when the data is clean (warnings may be printed), 1 when there
    are problems, 2 when the project cannot be read at all.

    Example: docgen check -p my-forum
    """
    from docgen.check import check_project, summary_line
    from docgen.project import find_project_dir

    root, bundled = find_project_dir(project_dir)
    say(f"Checking the bundled example forum in {root}" if bundled else None, err=True)
    problems = check_project(root)
    for problem in problems:
        click.echo(str(problem))
    say(summary_line(problems, root), err=True)
    sys.exit(1 if any(p.is_error for p in problems) else 0)


@click.command(cls=DocgenCommand, help=(
    f"Build the forum's documents: {', '.join(FAMILIES)} (all when none is named).\n\n"
    "Example: docgen build letters --where province=Kep --format pdf"))
@click.argument("families", nargs=-1, metavar="[DOCUMENT]...")
@project_option
@out_option
@lang_option
@click.option("--format", "formats", type=FORMATS_TYPE, default=",".join(FORMATS), show_default=True,
              help=f"Comma-separated output formats: {', '.join(FORMATS)}.")
@select_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel processes, at most one per core (default: all cores).")
@click.option("--order", default="province,category,name", show_default=True, help="Sort keys of the combined print file.")
@click.option("--duplex", is_flag=True, help="Add a blank back page so every letter starts on a new sheet.")
@click.option("--timestamp", type=click.DateTime(), default=None, help="Fixed creation time, for reproducible output.")
@click.option("--envelopes", type=ENVELOPES_TYPE, default="dl,c5", show_default=True,
              help="Letters: envelope sizes to print (dl, c5, dl,c5 or none).")
@click.option("--label-grid", type=LABEL_GRID_TYPE, default="3x8", show_default=True, metavar="COLSxROWS",
              help="Letters: A4 address-label grid.")
@click.option("--label-offset", type=click.IntRange(min=0), default=0, help="Letters: labels already used on the first sheet.")
def build(families, project_dir, out_dir, lang, formats, where, only, jobs, order, duplex, timestamp,
          envelopes, label_grid, label_offset):
    """``docgen build``: one ``docgen.build.build`` call (its help text, naming the families, is above)."""
    from docgen.build import BuildOptions, build as run_build
    from docgen.options import LetterOptions
    from docgen.project import bundled_notice, load_project

    project = load_project(project_dir, out_dir)
    say(bundled_notice(project), err=True)
    progress = Progress(level())
    letters = LetterOptions(envelopes=envelopes, label_grid=label_grid, label_offset=label_offset)
    options = BuildOptions(project.out_dir, formats, lang=lang, where=where, only=only, order=order, duplex=duplex,
                           timestamp=timestamp, progress=progress, family_options=(letters,))
    if jobs:  # at most one process per core: more only cost memory, and forks
        options.jobs = min(jobs, options.jobs)
    try:
        results = run_build(project, families, options)
    finally:   # an error then starts on a line of its own
        progress.close()
    for result in results:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        say(result.summary())
    say(f"Files are in {project.out_dir}")
    sys.exit(0 if all(result.ok for result in results) else 1)


@click.command(cls=DocgenCommand)
@click.argument("template", metavar="DOCUMENT")
@project_option
@click.option("--recipient", default=None, metavar="ID",
              help="The recipient (letters, cover letters) or session (agenda, attendance, reports; e.g. kep, forum) "
                   "to show; default: the first.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page to render.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="PNG file to write, - for standard output (default: <template>-p<N>.png here).")
@click.option("--model", is_flag=True, help="Print the document model instead of rendering.")
@click.option("--lang", type=click.Choice(["km", "en"]), default="km", show_default=True,
              help="Language of the context a family builds.")
def preview(template, project_dir, recipient, page, output, model, lang):
    """Render one page of the template DOCUMENT to PNG, with sample data or a recipient's.

    Example: docgen preview letters/invitation.km.xml --recipient TAK-001 -o letter.png
    """
    from docgen.preview import preview as run_preview

    result = run_preview(template, project_dir, recipient, page, stream(output, "stdout"), model, lang)
    if model:
        click.echo(result.model, nl=False)
    else:
        say(f"Wrote page {page} of {result.pages} to {result.path or 'standard output'}", err=result.path is None)
