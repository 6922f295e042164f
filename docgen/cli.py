"""The ``docgen`` command line: a thin client of the library.

Each command parses its arguments, calls one library function and prints the
result. Errors from the library (``DocgenError``) become one line per problem on
standard error and a non-zero exit; ``--traceback`` shows the Python traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.console import DocgenGroup, Progress, input_file, level, say, shown, stream

__all__ = ["cli", "main"]


# -- shared options -----------------------------------------------------------------

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


# -- the work, in its order ---------------------------------------------------------

@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
def init(directory):
    """Write a new forum project in DIRECTORY (new or empty), copied from the bundled forum.

    Example: docgen init my-forum && docgen check -p my-forum
    """
    from docgen.project import init_project

    root = init_project(directory)
    say(f"Created a forum project in {root}: edit forum.yaml and the lists in recipients/, "
        f"then run: docgen check -p {directory}")


@cli.command()
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


@cli.command()
@click.argument("families", nargs=-1, metavar="[DOCUMENT]...")
@project_option
@out_option
@lang_option
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="Comma-separated output formats: pdf, docx.")
@select_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel processes, at most one per core (default: all cores).")
@click.option("--order", default="province,category,name", show_default=True, help="Sort keys of the combined print file.")
@click.option("--duplex", is_flag=True, help="Add a blank back page so every letter starts on a new sheet.")
@click.option("--timestamp", type=click.DateTime(), default=None, help="Fixed creation time, for reproducible output.")
@click.option("--envelopes", default="dl,c5", show_default=True, help="Letters: envelope sizes to print (dl, c5, dl,c5 or none).")
@click.option("--label-grid", default="3x8", show_default=True, metavar="COLSxROWS", help="Letters: A4 address-label grid.")
@click.option("--label-offset", type=click.IntRange(min=0), default=0, help="Letters: labels already used on the first sheet.")
def build(families, project_dir, out_dir, lang, formats, where, only, jobs, order, duplex, timestamp,
          envelopes, label_grid, label_offset):
    """Build the forum's documents: letters, agenda, attendance, summary (all when none is named).

    Example: docgen build letters --where province=Kep --format pdf
    """
    from docgen.build import BuildOptions, build as run_build
    from docgen.project import bundled_notice, load_project

    project = load_project(project_dir, out_dir)
    say(bundled_notice(project), err=True)
    progress = Progress(level())
    options = BuildOptions.parse(
        project.out_dir, formats, jobs, lang=lang, where=where, only=only, order=order, duplex=duplex,
        timestamp=timestamp, progress=progress,
        extra={"envelopes": envelopes, "label_grid": label_grid, "label_offset": label_offset},
    )
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


@cli.command()
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


@cli.group()
def send():
    """E-mail the mailing through SMTP: each recipient once, resumable after a failure.

    Settings come from forum.yaml's mail: section and DOCGEN_SMTP_HOST, _PORT,
    _SECURITY, _USER; the password from DOCGEN_SMTP_PASSWORD or a prompt.
    """


def _send_options(func):
    """The options ``send letters`` and ``send summary`` share."""
    for option in reversed([
        project_option, out_option,
        click.option("--dry-run", is_flag=True, help="Write the messages to out/outbox/ as .eml files; send nothing."),
        select_options,
        click.option("--resend", is_flag=True, help="Send again to recipients already sent to (changed or uncertain ones too)."),
        click.option("--attach-docx", is_flag=True, help="Attach the editable DOCX beside the PDF."),
    ]):
        func = option(func)
    return func


def _run_send(document: str, project_dir, out_dir, **options) -> None:
    from docgen.mail import SendOptions, send_mailing
    from docgen.project import bundled_notice, load_project

    project = load_project(project_dir, out_dir)
    say(bundled_notice(project), err=True)
    prompt = (lambda text: click.prompt(text, hide_input=True)) if sys.stdin.isatty() else None
    progress = Progress(level())
    what = "sending" if not options.get("dry_run") else "writing"
    try:
        report = send_mailing(project, SendOptions(document=document, notice=progress.note, **options,
                                                   progress=lambda d, done, total: progress(what, done, total,
                                                                                            d.line())),
                              prompt=prompt)
    finally:   # an error then starts on a line of its own
        progress.close()
    for problem in report.problems + report.issues():
        click.echo(str(problem), err=True)
    say(report.summary())
    sys.exit(0 if report.ok else 1)


@send.command("letters")
@_send_options
@click.option("--attach-agenda", is_flag=True, help="Attach the agenda of the recipient's session, in their language(s).")
def send_letters(project_dir, out_dir, **options):
    """E-mail every recipient with an address their invitation letter (PDF), in their language.

    Run `docgen build letters` first. Recipients already sent to are skipped.
    Example: docgen send letters --dry-run --where province=Kep
    """
    _run_send("letters", project_dir, out_dir, **options)


@send.command("summary")
@_send_options
def send_summary(project_dir, out_dir, **options):
    """E-mail the summary report to every recipient marked to receive it (report column).

    Run `docgen build summary` first. Example: docgen send summary --dry-run
    """
    _run_send("summary", project_dir, out_dir, **options)


@send.command("status")
@click.argument("document", type=click.Choice(["letters", "summary"]), default="letters")
@project_option
@out_option
def send_status(document, project_dir, out_dir):
    """Show, per recipient, whether the mailing was sent, failed (with the server's reply) or is pending."""
    from docgen.mail import mail_status, status_lines
    from docgen.project import load_project

    for line in status_lines(mail_status(load_project(project_dir, out_dir), document)):
        click.echo(line)


# -- attendance -------------------------------------------------------------------------

@cli.group()
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


@cli.group(invoke_without_command=True)
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


@cli.command("date")
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


@cli.command()
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


@cli.command()
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
