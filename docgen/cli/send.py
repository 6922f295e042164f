"""``docgen send``: e-mail the letters or the summary report, and the status of a mailing."""
from __future__ import annotations

import sys

import click

from docgen.cli.params import out_option, project_option, select_options
from docgen.console import DocgenGroup, Progress, level, say

__all__ = ["send"]


@click.group(cls=DocgenGroup)
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
