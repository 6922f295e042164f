"""``docgen build attendance``: the attendance sheets passed round at each session for signature.

One sheet per session and language, A4 landscape: the session's invitees
grouped by category in the forum's protocol order (each group under a heading
row kept with the group's first row), then blank rows for walk-ins in every
group. Rows are at least 10 mm tall to sign in, never split, under a header row
repeated on every page. Options (``AttendanceOptions``, else forum.yaml
``attendance:``): ``blank_rows`` per group (default 5) and ``qr``
(a QR code of the invitee's id on each pre-filled row, for phone check-in).
Template: ``attendance/sheet.<km|en>.xml``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.build import BuildOptions, BuildResult
from docgen.compose import render
from docgen.documents.common import document_langs, family_setting, session_context, sex_short, write_formats
from docgen.documents.letter_context import text_in
from docgen.errors import DocgenError, Problem
from docgen.khmer.digits import khmer_digits
from docgen.model import Category, Project, Recipient, Session, Text
from docgen.options import AttendanceOptions
from docgen.variables import preview_item
from docgen.filenames import safe_filename

__all__ = [
    "DEFAULT_BLANK_ROWS",
    "SheetGroup",
    "attendance_path",
    "blank_rows_setting",
    "qr_setting",
    "build_attendance",
    "sheet_context",
    "sheet_groups",
]

DEFAULT_BLANK_ROWS = 5
UNCATEGORISED = Category("", Text("ផ្សេងៗ", "Others"))


@dataclass(frozen=True)
class SheetGroup:
    """One category on a session's sheet: its invitees in list order, then ``blanks`` empty rows."""

    category: Category
    invitees: tuple[Recipient, ...]
    blanks: int


def attendance_path(out_dir: Path, session_id: str, lang: str, fmt: str) -> Path:
    """``out/attendance/<session>.<lang>.<fmt>``."""
    return Path(out_dir) / "attendance" / safe_filename(session_id, f".{lang}.{fmt}")


def sheet_groups(project: Project, session: Session, blank_rows: int = DEFAULT_BLANK_ROWS) -> list[SheetGroup]:
    """The session's invitees by category in protocol order; invitees of no known category come last.

    Every category of the forum gets a group (with its blank rows) even when no one
    of it is invited, because people of that kind may still walk in.
    """
    invitees = [r for r in project.recipients if r.session == session.id]
    known = {c.code for c in project.forum.categories}
    groups = [
        SheetGroup(category, tuple(r for r in invitees if r.category == category.code), blank_rows)
        for category in project.forum.categories
    ]
    others = tuple(r for r in invitees if r.category not in known)
    if others:
        groups.append(SheetGroup(UNCATEGORISED, others, blank_rows))
    return groups


def blank_rows_setting(project: Project, options: AttendanceOptions = AttendanceOptions()) -> int:
    """Blank rows per group: ``options.blank_rows``, forum.yaml ``attendance.blank_rows``, or 5."""
    value = family_setting(project, options.blank_rows, "attendance", "blank_rows", DEFAULT_BLANK_ROWS)
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = -1
    if count < 0:
        raise DocgenError(Problem("forum.yaml", None, "attendance.blank_rows", f"expected a whole number ≥ 0, found {value!r}"))
    return count


def qr_setting(project: Project, options: AttendanceOptions = AttendanceOptions()) -> bool:
    """A QR code on each pre-filled row: ``options.qr``, else forum.yaml ``attendance.qr``, else none."""
    return bool(family_setting(project, options.qr, "attendance", "qr", False))


def _number(n: int, lang: str) -> str:
    return khmer_digits(n) if lang == "km" else str(n)


def _person_row(recipient: Recipient, number: int, lang: str) -> dict[str, str]:
    honorific, name = text_in(recipient.honorific, lang), text_in(recipient.name, lang)
    return {
        "number": _number(number, lang),
        "id": recipient.id,
        "name": f"{honorific} {name}".strip(),
        "sex": sex_short(recipient.sex, lang),
        "position": text_in(recipient.position, lang),
        "organisation": text_in(recipient.organisation, lang),
        "phone": recipient.phone,
    }


def sheet_context(project: Project, session: Session, lang: str, blank_rows: int, qr: bool) -> dict[str, Any]:
    """Everything a sheet template needs: forum, session, ``groups`` with numbered ``rows`` and ``blanks``."""
    groups, number = [], 0
    for index, group in enumerate(sheet_groups(project, session, blank_rows), start=1):
        rows = []
        for recipient in group.invitees:
            number += 1
            rows.append(_person_row(recipient, number, lang))
        blanks = [_number(number + i, lang) for i in range(1, group.blanks + 1)]
        number += group.blanks
        groups.append({"index": _number(index, lang), "label": text_in(group.category.label, lang),
                       "label_km": group.category.label.km, "label_en": group.category.label.en,
                       "code": group.category.code, "rows": rows, "blanks": blanks})
    forum = project.forum
    return {
        "lang": lang,
        "qr": qr,
        "forum": {"title": text_in(forum.title, lang), "organiser": text_in(forum.organiser.name, lang)},
        "session": session_context(session, lang),
        "groups": groups,
        "invited": _number(sum(len(g["rows"]) for g in groups), lang),
    }


def build_attendance(project: Project, options: BuildOptions) -> BuildResult:
    """Build every session's attendance sheet in each language, PDF and DOCX."""
    result = BuildResult("attendance")
    settings = options.options_for(AttendanceOptions)
    blank_rows = blank_rows_setting(project, settings)
    qr = qr_setting(project, settings)
    langs = document_langs(project, options)
    sessions = project.forum.sessions
    for done, session in enumerate(sessions, start=1):
        for lang in langs:
            try:
                document = render(f"attendance/sheet.{lang}.xml", sheet_context(project, session, lang, blank_rows, qr), project)
            except DocgenError as exc:
                result.record(exc)
                continue
            write_formats(document, project, options,
                          lambda fmt: attendance_path(options.out_dir, session.id, lang, fmt), result)
        options.tick("attendance", done, len(sessions))
    result.counts = {"sheets": len(sessions) * len(langs), "files": len(result.files)}
    return result


def preview_context(project: Project, session_id: str | None, lang: str, template: str) -> dict[str, Any]:
    """What ``docgen preview attendance/…`` renders: a session's sheet (the first session when none is named)."""
    session = preview_item(list(project.forum.sessions), session_id, "session", template)
    return sheet_context(project, session, lang, blank_rows_setting(project), qr_setting(project))
