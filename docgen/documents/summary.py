"""``docgen build summary``: the post-forum report, for the whole forum and for each session.

Each report gives the overview (purpose, dates, venues, presiding officials, organisations
represented), participation (invited vs attended by session, category and sex,
as tables and charts), the challenges raised grouped by theme, the follow-up
actions and the attendance list as an annex. Every recipient marked ``report``
in the recipient lists gets a cover letter sending the forum's report, in the
official letter layout of ``letters/`` (its template extends the invitation's).
Every figure comes from
:mod:`docgen.figures`, i.e. from the attendance and outcomes data.
Templates: ``summary/report.<lang>.xml`` and ``summary/cover.<lang>.xml``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from docgen.attendance import with_invitee_details
from docgen.build import BuildOptions, BuildResult
from docgen.compose import render
from docgen.document import Document
from docgen.documents.common import document_langs, person_context, session_context, sex_short, write_formats
from docgen.documents.letter_context import LetterFacts, letter_context, text_in
from docgen.documents.letter_run import Letter, LetterRun, letter_project, make_letters
from docgen.documents.letters import LETTERS_DIR, join_documents, letter_langs, letter_path, letter_stem
from docgen.documents.refnumbers import ReferenceRegister, assign_numbers, register_path
from docgen.errors import DocgenError, Problem, Severity
from docgen.figures import Breakdown, Outcomes, Participation, outcome_figures, participation_figures, status_label
from docgen.khmer.dates import solar_en, solar_km
from docgen.variables import preview_item
from docgen.model import Attendance, Forum, Outcome, Project, Recipient, Session
from docgen.filenames import safe_filename
from docgen.sources.forum import WHOLE_FORUM

__all__ = ["FORUM_REPORT", "summary_path", "cover_path", "summary_context", "render_summary", "render_cover",
           "build_summary", "report_recipients"]

SUMMARY_DIR = "summary"
FORUM_REPORT = WHOLE_FORUM  # the file name part of the whole-forum report
REGISTER_PREFIX = "summary:"  # cover letters take numbers from the outgoing-letter register under this prefix


def summary_path(out_dir: Path, lang: str, fmt: str, session_id: str | None = None) -> Path:
    """``out/summary/<forum|session>.<lang>.<fmt>``: the report of the whole forum or of one session."""
    return Path(out_dir) / SUMMARY_DIR / safe_filename(session_id or FORUM_REPORT, f".{lang}.{fmt}")


def cover_path(out_dir: Path, recipient: Recipient, fmt: str, lang: str | None = None) -> Path:
    """``out/summary/letters/<id>-<name>.<fmt>``: the cover letter to one report recipient, named as its
    invitation letter is (``lang``: ``--lang``)."""
    return Path(out_dir) / SUMMARY_DIR / letter_path(Path(), recipient, fmt, lang)


def report_recipients(project: Project) -> list[Recipient]:
    """The recipients the project marks to receive the report, in list order."""
    return [r for r in project.recipients if r.report]


# -- the report's context ---------------------------------------------------------------

def _table(breakdown: Breakdown, lang: str) -> dict[str, Any]:
    """A participation table as plain values: ``rows`` (one per group) and the ``total`` row."""
    def row(r) -> dict[str, Any]:
        return {"key": r.key, "label": r.label.get(lang), "invited": r.invited, "present": r.present,
                "walk_ins": r.walk_ins, "attended": r.attended, "rate": r.rate}

    return {"rows": [row(r) for r in breakdown.rows], "total": row(breakdown.total)}


def _participation(figures: Participation, lang: str) -> dict[str, Any]:
    return {
        "sessions": _table(figures.sessions, lang),
        "categories": _table(figures.categories, lang),
        "sexes": _table(figures.sexes, lang),
        "total": _table(figures.sessions, lang)["total"],
        "organisations": [text_in(o, lang) for o in figures.organisations],
    }


def _date(day: dt.date | None, lang: str) -> str:
    if day is None:
        return ""
    return solar_km(day) if lang == "km" else solar_en(day)


def _outcome(outcome: Outcome, sessions: dict[str, dict[str, Any]], lang: str) -> dict[str, Any]:
    return {
        "id": outcome.id, "session": sessions[outcome.session]["place"], "raised_by": text_in(outcome.raised_by, lang),
        "challenge": text_in(outcome.challenge, lang), "response": text_in(outcome.response, lang),
        "status": outcome.status, "status_label": status_label(outcome, lang),
        "responsible": text_in(outcome.responsible, lang), "deadline": _date(outcome.deadline, lang),
        "follow_up": text_in(outcome.follow_up, lang) or text_in(outcome.challenge, lang),
    }


def _outcomes(figures: Outcomes, sessions: dict[str, dict[str, Any]], lang: str) -> dict[str, Any]:
    return {
        "count": figures.count,
        "themes": [{"theme": text_in(g.theme, lang), "challenges": [_outcome(o, sessions, lang) for o in g.outcomes]}
                   for g in figures.themes],
        "by_status": [{"key": s.key, "label": s.label.get(lang), "count": s.count} for s in figures.by_status],
        "follow_ups": [_outcome(o, sessions, lang) for o in figures.follow_ups],
    }


def _attendee(record: Attendance, forum: Forum, lang: str) -> dict[str, Any]:
    """One line of the annex; ``record`` is already completed from its invitee."""
    category = forum.category(record.category)
    return {
        "name": text_in(record.name, lang),
        "sex": sex_short(record.sex, lang),
        "position": text_in(record.position, lang),
        "organisation": text_in(record.organisation, lang),
        "category": text_in(category.label, lang) if category else "",
        "walk_in": record.walk_in,
    }


def _annex(project: Project, sessions: tuple[Session, ...], lang: str) -> list[dict[str, Any]]:
    """The attendance list per session, in the order people signed."""
    attendance = with_invitee_details(project.attendance, project.recipients)
    return [{"session": session_context(s, lang),
             "people": [_attendee(a, project.forum, lang) for a in attendance if a.session == s.id]}
            for s in sessions]


def summary_context(project: Project, lang: str, session_id: str | None = None) -> dict[str, Any]:
    """Everything a report template needs for the forum (``session_id`` None) or one session, in ``lang``."""
    forum = project.forum
    sessions = tuple(s for s in forum.sessions if session_id is None or s.id == session_id)
    by_id = {s.id: session_context(s, lang) for s in forum.sessions}
    days = sorted(s.date for s in sessions)
    return {
        "lang": lang,
        "scope": session_id or FORUM_REPORT,
        "session": by_id[session_id] if session_id else None,
        "forum": {"title": text_in(forum.title, lang), "short_title": text_in(forum.short_title, lang) or text_in(forum.title, lang),
                  "purpose": text_in(forum.purpose, lang), "first_day": _date(days[0], lang) if days else "",
                  "last_day": _date(days[-1], lang) if days else ""},
        "organiser": {"name": text_in(forum.organiser.name, lang), "parent": text_in(forum.organiser.parent, lang)},
        "sessions": [by_id[s.id] | {"co_chairs": [person_context(p, lang) for p in s.co_chairs]} for s in sessions],
        "participation": _participation(participation_figures(project, session_id), lang),
        "outcomes": _outcomes(outcome_figures(project, session_id), by_id, lang),
        "annex": _annex(project, sessions, lang),
    }


# -- documents --------------------------------------------------------------------------

def render_summary(project: Project, lang: str, session_id: str | None = None) -> Document:
    """The report of the forum (``session_id`` None) or of one session, in ``lang``."""
    return render(f"summary/report.{lang}.xml", summary_context(project, lang, session_id), project)


def render_cover(project: Project, recipient: Recipient, langs: Sequence[str], facts: LetterFacts,
                 reports: dict[str, dict[str, Any]] | None = None) -> Document:
    """The cover letter sending the forum's report to ``recipient``: Khmer then English when both are asked for.

    ``reports`` is the forum report's context per language, made once from the whole project (a worker's
    project has no lists, so it never makes its own); None: made here from ``project``.
    Raises RecipientDataError when the recipient's data cannot make a letter.
    """
    parts = []
    for lang in langs:
        report = summary_context(project, lang) if reports is None else reports[lang]
        context = cover_context(project, recipient, lang, facts, report)
        parts.append(render(f"summary/cover.{lang}.xml", context, project))
    return join_documents(parts)


def cover_context(project: Project, recipient: Recipient, lang: str, facts: LetterFacts,
                  report: dict[str, Any]) -> dict[str, Any]:
    """A cover letter's context: the letter's, with the forum report's figures under ``report``."""
    context = letter_context(project, recipient, lang, facts) | {"report": report}
    # the invitation's reference (យោង) and copy list belong to the invitation, not to this letter
    context["letter"] = context["letter"] | {"reference": "", "copies": []}
    return context


def _cover_date(project: Project, options: BuildOptions) -> dt.date:
    return project.forum.summary.date or (options.timestamp.date() if options.timestamp else dt.date.today())


def _plan_covers(project: Project, options: BuildOptions) -> list[Letter]:
    """A cover letter for each report recipient, numbered in the outgoing register (under ``summary:``) and
    dated forum.yaml ``summary.date``, else the build day."""
    recipients = report_recipients(project)
    day = _cover_date(project, options)
    numbers = assign_numbers(project, [REGISTER_PREFIX + r.id for r in recipients], day)
    return [Letter(r, letter_langs(r, options.lang), LetterFacts(numbers[REGISTER_PREFIX + r.id], day),
                   letter_stem(r, options.lang)) for r in recipients]


def _build_reports(project: Project, options: BuildOptions, result: BuildResult) -> None:
    scopes = [None, *(s.id for s in project.forum.sessions)]
    for done, scope in enumerate(scopes, start=1):
        for lang in document_langs(project, options):
            try:
                document = render_summary(project, lang, scope)
            except DocgenError as exc:
                result.record(exc)
                continue
            write_formats(document, project, options, lambda fmt: summary_path(options.out_dir, lang, fmt, scope), result)
        options.tick("summary reports", done, len(scopes))


def _build_covers(project: Project, options: BuildOptions, result: BuildResult) -> int:
    """A cover letter for each report recipient, made as the invitations are (:mod:`docgen.documents.letter_run`);
    one whose data cannot make a letter is reported and skipped. No report (its data has errors): no cover."""
    from docgen.options import WriteOptions

    covers = _plan_covers(project, options)
    if not covers:
        result.problems.append(Problem("recipients", None, "report", "no recipient is marked report=yes: "
                                       "no cover letter is made", Severity.WARNING))
        return 0
    try:  # the forum report's figures, made once here: each worker is given them, not the lists behind them
        reports = {lang: summary_context(project, lang) for lang in dict.fromkeys(l for c in covers for l in c.langs)}
    except DocgenError as exc:
        result.record(exc)
        return 0
    write_options = WriteOptions.for_project(project, letterhead_docx=None, letterhead_pdf=None,
                                             timestamp=options.timestamp)
    run = LetterRun(letter_project(project), partial(render_cover, reports=reports),
                    Path(options.out_dir) / SUMMARY_DIR / LETTERS_DIR, tuple(options.formats), write_options)
    made = 0
    with make_letters(run, covers, options.jobs) as outcomes:
        for done, (cover, problems) in enumerate(zip(covers, outcomes), start=1):
            result.problems.extend(problems)
            if not problems:
                result.files += [run.path(cover, fmt) for fmt in run.formats]
                made += 1
            options.tick("summary cover letters", done, len(covers))
    return made


def build_summary(project: Project, options: BuildOptions) -> BuildResult:
    """Build the forum's report and each session's (every language, PDF and DOCX), and the cover letters."""
    result = BuildResult("summary")
    _build_reports(project, options, result)
    letters = _build_covers(project, options, result)
    reports = (1 + len(project.forum.sessions)) * len(document_langs(project, options))
    result.counts = {"reports": reports, "cover letters": letters, "files": len(result.files)}
    return result


def preview_context(project: Project, item_id: str | None, lang: str, template: str) -> dict[str, Any]:
    """What ``docgen preview summary/…`` renders: a report recipient's cover letter, or the report of
    the forum (``forum``, the default) or of one session."""
    if template.startswith("summary/cover"):
        recipient = preview_item(report_recipients(project), item_id, "recipient", template)
        number = ReferenceRegister.load(register_path(project)).number_for(REGISTER_PREFIX + recipient.id)
        facts = LetterFacts(number, _cover_date(project, BuildOptions(out_dir=project.out_dir)))
        return cover_context(project, recipient, lang, facts, summary_context(project, lang))
    scopes = [FORUM_REPORT, *(s.id for s in project.forum.sessions)]
    scope = preview_item(scopes, item_id, "session", template, key=str)
    return summary_context(project, lang, None if scope == FORUM_REPORT else scope)

