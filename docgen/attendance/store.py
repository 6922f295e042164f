"""The project's stored attendance: one UTF-8 CSV per session in ``attendance/``.

This is the contract with the project loader, which reads these files back
into ``Project.attendance``: ``attendance/<session>.csv`` with the columns in
:data:`COLUMNS`; an empty ``id`` marks a walk-in. A cell that a spreadsheet would
run as a formula (a phone ``+855 …``) is written with a leading apostrophe
(:mod:`docgen.cells`), which the project loader removes again.

Before a session's file is rewritten, the previous one is copied to
``attendance/backup/<session>-YYYYMMDD-HHMMSS.csv``: a folder a user sees and can
open in Excel, which the project loader never reads (it reads the files of
``attendance/``, not its folders).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from docgen.cells import csv_text, restore
from docgen.filenames import safe_filename
from docgen.errors import Problem, SourceError
from docgen.files import atomic_write_bytes, atomic_write_text
from docgen.folders import ATTENDANCE_DIR
from docgen.model import Attendance, Project

__all__ = ["COLUMNS", "ATTENDANCE_DIR", "BACKUP_DIR", "backup_session", "read_session", "session_file", "to_row",
           "write_rows", "write_session"]

BACKUP_DIR = "backup"

COLUMNS: tuple[str, ...] = (
    "session",
    "id",
    "name_km",
    "name_en",
    "sex",
    "position_km",
    "position_en",
    "organisation_km",
    "organisation_en",
    "category",
    "phone",
)


def session_file(project: Project, session_id: str) -> Path:
    """Where the attendance of ``session_id`` is stored in ``project``."""
    return project.root / ATTENDANCE_DIR / safe_filename(session_id, ".csv")


def to_row(record: Attendance) -> dict[str, str]:
    """One stored CSV row for an attendance record."""
    return {
        "session": record.session,
        "id": record.recipient_id or "",
        "name_km": record.name.km,
        "name_en": record.name.en,
        "sex": record.sex,
        "position_km": record.position.km,
        "position_en": record.position.en,
        "organisation_km": record.organisation.km,
        "organisation_en": record.organisation.en,
        "category": record.category,
        "phone": record.phone,
    }


def write_session(project: Project, session_id: str, records: Iterable[Attendance]) -> Path:
    """Replace the stored attendance of ``session_id`` with ``records``, atomically."""
    return write_rows(project, session_id, [to_row(record) for record in records])


def write_rows(project: Project, session_id: str, rows: Sequence[dict[str, str]]) -> Path:
    """Replace the stored attendance of ``session_id`` with stored rows, atomically.

    Columns a user added to the file by hand (a "note") are kept after the standard ones.
    """
    extra = list(dict.fromkeys(k for row in rows for k in row if k not in COLUMNS))
    header = (*COLUMNS, *extra)
    cells = ([row.get(column, "") for column in header] for row in rows)
    return atomic_write_text(session_file(project, session_id), csv_text(header, cells, "\n"))


def read_session(project: Project, session_id: str) -> list[dict[str, str]]:
    """The stored rows of ``session_id`` as written (every row, those the loader rejects too); [] if none."""
    from docgen.sources import read_table

    path = session_file(project, session_id)
    if not path.is_file():
        return []
    table = read_table(path, path.relative_to(project.root).as_posix())
    if not table.columns:  # an empty file holds no one
        return []
    return [{k: restore(v) for k, v in row.values.items()} for row in table.rows]


def backup_session(project: Project, session_id: str, now: dt.datetime | None = None) -> Path | None:
    """Copy the stored file of ``session_id`` to ``attendance/backup/`` under a dated name; None if there is none."""
    path = session_file(project, session_id)
    if not path.is_file():
        return None
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = path.parent / BACKUP_DIR
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    for n in range(2, 100):  # two imports in one second keep both files
        if not target.exists():
            break
        target = folder / f"{path.stem}-{stamp}-{n}{path.suffix}"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(Problem(path, None, None, f"cannot be read to keep a copy: {exc.strerror or exc}")) from exc
    return atomic_write_bytes(target, data)
