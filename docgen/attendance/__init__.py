"""The attendance that comes back: importing signed sheets and check-ins, and counting participation.

    import_attendance(project, file, session=None) -> ImportResult(records, problems, written_paths)
    participation(project) -> Participation(sessions={id: SessionFigures}, forum=SessionFigures)
    with_invitee_details(records, recipients) -> records whose empty fields are taken from their invitees
    attendance_report(project, lang="en") -> ReportTable(header, rows); format_table(table) -> str

The stored format (``attendance/<session>.csv``) is described in :mod:`docgen.attendance.store`.
"""
from __future__ import annotations

from docgen.attendance.counts import (
    OTHER,
    OTHER_LABEL,
    SEX_LABELS,
    SEXES,
    Participation,
    SessionFigures,
    Tally,
    fill_from_invitee,
    participation,
    with_invitee_details,
)
from docgen.attendance.importer import ImportResult, import_attendance
from docgen.attendance.report import ReportTable, attendance_report, format_table, report_table
from docgen.attendance.store import COLUMNS, session_file, write_session

__all__ = [
    "COLUMNS",
    "OTHER",
    "OTHER_LABEL",
    "SEX_LABELS",
    "SEXES",
    "ImportResult",
    "Participation",
    "ReportTable",
    "SessionFigures",
    "Tally",
    "attendance_report",
    "fill_from_invitee",
    "format_table",
    "import_attendance",
    "participation",
    "report_table",
    "session_file",
    "with_invitee_details",
    "write_session",
]
