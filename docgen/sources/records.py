"""Table rows and outcomes.yaml entries into Recipients, Attendance and Outcomes.

Each reader validates against the Forum (provinces, sessions, categories) and
reports every problem with its file, row and field; a row with an error is
left out of the project, so documents are never made from half-understood data.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docgen.model import Attendance, Forum, Outcome, Recipient, Source, Text
from docgen.sources.table import Row, Table
from docgen.sources.columns import ATTENDANCE_COLUMNS, RECIPIENT_COLUMNS
from docgen.sources.values import LANGUAGES, Collector, check_email, parse_province, parse_sex, parse_yes_no
from docgen.sources.yaml import YamlDoc
from docgen.sources.yaml_values import YamlReader

__all__ = ["read_recipients", "read_attendance", "read_outcomes", "OUTCOME_STATUSES"]

OUTCOME_STATUSES = ("addressed", "pending", "referred")
_BILINGUAL = ("honorific", "name", "position", "organisation", "address")


class _RowReader:
    """Typed cells of one table row; problems go to the collector with the row's place."""

    def __init__(self, table: Table, row: Row, out: Collector):
        self.table, self.row, self.out = table, row, out
        self.errors = 0

    def error(self, column: str, message: str) -> None:
        self.errors += 1
        self.out.error(self.table.file, self.row.number, column, message)

    def text(self, stem: str) -> Text:
        return self.out.text(self.table.file, self.row.number, f"{stem}_km",
                             self.row.get(f"{stem}_km"), self.row.get(f"{stem}_en"))

    def parsed(self, column: str, parse) -> Any:
        value, message = parse(self.row.get(column))
        if message:
            self.error(column, message)
        return value

    def session(self, forum: Forum, province: str) -> str:
        session_id = self.row.get("session")
        if not forum.sessions:
            return session_id  # forum.yaml's own problem is reported once there, not on every row
        if session_id:
            if forum.session(session_id) is None:
                known = ", ".join(s.id for s in forum.sessions)
                self.error("session", f"unknown session {session_id!r}; the sessions are {known}")
            return session_id
        match = next((s.id for s in forum.sessions if s.province == province), "")
        if province and not match:
            self.error("session", f"no session is held in {province}; give this recipient a session")
        return match

    def category(self, forum: Forum, required: bool = True) -> str:
        code = self.row.get("category")
        if not code:
            if required:
                self.error("category", "is required")
        elif forum.category(code) is None:
            known = ", ".join(c.code for c in forum.categories)
            self.error("category", f"unknown category {code!r}; the categories are {known}")
        return code


def _language(reader: _RowReader) -> str:
    language = reader.row.get("language").casefold() or "km"
    if language not in LANGUAGES:
        reader.error("language", f"unknown language {language!r}; use km, en or both")
    return language


def _require_names(reader: _RowReader, language: str) -> None:
    """A letter in a language needs a name or a position in that language to address."""
    if language not in LANGUAGES:
        return
    for lang in (("km", "en") if language == "both" else (language,)):
        if not (reader.row.get(f"name_{lang}") or reader.row.get(f"position_{lang}")):
            reader.error(f"name_{lang}", f"is required for language {language} (or give position_{lang})")


def _recipient(table: Table, row: Row, forum: Forum, out: Collector) -> Recipient | None:
    reader = _RowReader(table, row, out)
    if not row.get("id"):
        reader.error("id", "is required")
    province = reader.parsed("province", parse_province)
    language = _language(reader)
    _require_names(reader, language)
    email_problem = check_email(row.get("email"))
    if email_problem:
        reader.error("email", email_problem)
    texts = {stem: reader.text(stem) for stem in _BILINGUAL}
    recipient = Recipient(
        id=row.get("id"), category=reader.category(forum), province=province,
        session=reader.session(forum, province), language=language,
        email=row.get("email"), phone=row.get("phone"),
        sex=reader.parsed("sex", parse_sex), report=reader.parsed("report", parse_yes_no),
        extra={k: v for k, v in row.values.items() if k not in RECIPIENT_COLUMNS},
        source=Source(table.file, row.number), **texts,
    )
    return None if reader.errors else recipient


def read_recipients(tables: list[Table], forum: Forum, out: Collector) -> list[Recipient]:
    """Every valid recipient of every list; ids must be unique across all lists."""
    recipients: list[Recipient] = []
    first_seen: dict[str, str] = {}
    for table in tables:
        if not table.rows and not table.problems:
            out.error(table.file, None, None, "the list has a header but no recipients")
        for row in table.rows:
            recipient = _recipient(table, row, forum, out)
            key = row.get("id").casefold()
            if key and key in first_seen:
                out.error(table.file, row.number, "id", f"duplicate id {row.get('id')!r}: also at {first_seen[key]}")
                continue
            if key:
                first_seen[key] = f"{table.file}:{row.number}"
            if recipient is not None:
                recipients.append(recipient)
    return recipients


def _attendance(table: Table, row: Row, forum: Forum, invited: dict[str, Recipient], known: dict[str, str],
                out: Collector) -> Attendance | None:
    reader = _RowReader(table, row, out)
    session_id = row.get("session")
    if not session_id:
        reader.error("session", "is required")
    elif forum.sessions and forum.session(session_id) is None:
        reader.error("session", f"unknown session {session_id!r}")
    typed = row.get("id")
    recipient_id = known.get(typed.casefold()) if typed else None  # the recipient's own spelling, once for all
    recipient = invited.get(recipient_id) if recipient_id else None
    if typed and recipient_id is None:
        reader.error("id", f"no recipient has the id {typed!r} (leave it empty for a walk-in)")
    elif recipient is not None and session_id and recipient.session and recipient.session != session_id:
        out.warn(table.file, row.number, "session",
                 f"{recipient_id} was invited to session {recipient.session}, but is recorded at {session_id}")
    if not (row.get("name_km") or row.get("name_en")):
        reader.error("name_km", "is required (name_km or name_en)")
    record = Attendance(
        session=session_id, recipient_id=recipient_id, name=reader.text("name"),
        sex=reader.parsed("sex", parse_sex), position=reader.text("position"),
        organisation=reader.text("organisation"), category=reader.category(forum, required=False),
        phone=row.get("phone"), source=Source(table.file, row.number),
    )
    return None if reader.errors else record


def read_attendance(tables: list[Table], forum: Forum, recipients: list[Recipient], out: Collector,
                    listed: Iterable[str] = ()) -> list[Attendance]:
    """Every valid attendance record; an invitee is counted once per session.

    An id is matched ignoring case and stored as the recipient spells it, so every
    count compares ids exactly. ``listed`` are the ids of every recipient row, those
    rejected for an error of their own too: the attendance of such a recipient is not
    reported again as an unknown id.
    """
    invited = {r.id: r for r in recipients}
    known = {r.id.casefold(): r.id for r in recipients}
    for recipient_id in listed:
        if recipient_id:
            known.setdefault(recipient_id.casefold(), recipient_id)
    records: list[Attendance] = []
    seen: dict[tuple[str, str], str] = {}
    for table in tables:
        unknown = [c for c in table.columns if c not in ATTENDANCE_COLUMNS]
        if unknown:
            out.warn(table.file, 1, unknown[0], f"column(s) {', '.join(unknown)} are not attendance columns; ignored")
        for row in table.rows:
            record = _attendance(table, row, forum, invited, known, out)
            if record is None:
                continue
            if record.recipient_id:
                key = (record.session, record.recipient_id)
                if key in seen:
                    out.error(table.file, row.number, "id", f"{record.recipient_id} is recorded twice "
                                                            f"for session {record.session}: also at {seen[key]}")
                    continue
                seen[key] = f"{table.file}:{row.number}"
            records.append(record)
    return records


def read_outcomes(doc: YamlDoc, forum: Forum, out: Collector) -> list[Outcome]:
    """The outcomes.yaml list: challenges raised, responses, statuses and follow-up."""
    reader = YamlReader(doc, out)
    reader.report_document_problems()
    outcomes: list[Outcome] = []
    for index, item in enumerate(reader.items(doc.data, ())):
        outcome = _outcome(reader, reader.mapping(item, (index,)), index, forum)
        if outcome is None:
            continue
        if any(o.id == outcome.id for o in outcomes):
            reader.error((index, "id"), f"duplicate outcome id {outcome.id!r}")
            continue
        outcomes.append(outcome)
    return outcomes


def _outcome(reader: YamlReader, data: dict[str, Any], index: int, forum: Forum) -> Outcome | None:
    path = (index,)
    errors_before = len(reader.out.problems)
    outcome_id = reader.string(data, "id", path, required=True)
    session = forum.session(reader.string(data, "session", path, required=True))
    if data.get("session") and session is None and forum.sessions:
        reader.error((*path, "session"), f"unknown session {data['session']!r}")
    status = reader.string(data, "status", path, required=True)
    if status and status not in OUTCOME_STATUSES:
        reader.error((*path, "status"), f"{status!r} is not one of {', '.join(OUTCOME_STATUSES)}")
    deadline = reader.date(data, "deadline", path)
    if deadline and session and deadline < session.date:
        reader.error((*path, "deadline"), f"{deadline} is before the session it follows ({session.date})")
    outcome = Outcome(
        id=outcome_id, session=session.id if session else "", theme=reader.text(data, "theme", path),
        raised_by=reader.text(data, "raised_by", path), challenge=reader.text(data, "challenge", path, required=True),
        response=reader.text(data, "response", path), status=status,
        responsible=reader.text(data, "responsible", path), deadline=deadline,
        follow_up=reader.text(data, "follow_up", path), source=Source(reader.doc.file, reader.doc.line(path)),
    )
    if status == "referred" and not outcome.responsible:
        # the report says "referred to <authority>": a referral with nobody named cannot be followed up
        reader.error((*path, "responsible"), "a referred challenge must name the authority it was referred to")
    return None if len(reader.out.problems) > errors_before else outcome
