"""``docgen attendance import``: a typed sheet or a check-in export -> the project's attendance files.

Each row is an invitee (by id, or by a name that one invitee has) or a walk-in
(a name with no id). The rows are checked against the invitees: an unknown id
(with the closest known id as a hint), a person on two rows of one session, an
invitee signing in at another session's sheet, a sex or category we cannot
read. Problems are values ``FILE:ROW: FIELD: message``; when any is an error
nothing is written, otherwise every session in the file has its
``attendance/<session>.csv`` replaced, atomically.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.attendance.fields import (
    NameIndex,
    did_you_mean,
    find_category,
    find_session,
    looks_like_id,
    norm_name,
    parse_sex,
)
from docgen.attendance.merge import Incoming, Merged, merge_rows, same_walk_in
from docgen.attendance.rows import TypedRow, read_rows
from docgen.attendance.store import backup_session, read_session, session_file, to_row, write_rows
from docgen.errors import DocgenError, Problem, ProjectError, Severity
from docgen.model import Attendance, Project, Recipient, Session, Source
from docgen.plurals import plural

__all__ = ["ImportResult", "SessionChange", "import_attendance"]


@dataclass
class SessionChange:
    """What an import did to one session's file: the merge counts, the file and the copy of the previous one."""

    session: str
    path: Path
    merged: Merged
    replace: bool = False
    backup: Path | None = None

    def line(self) -> str:
        """E.g. ``takeo: 3 added, 2 updated, 44 unchanged; 49 present (45 invited, 4 walk-ins) in …``."""
        m = self.merged
        counts = f"{m.added} added, {m.updated} updated, {m.unchanged} unchanged"
        if self.replace:
            counts = f"replaced: {counts}, {m.removed} removed"
        walk_ins = sum(1 for row in m.rows if not row.get("id"))
        where = f"stored in {self.path}" if m.changed or self.replace else f"{self.path} not changed"
        kept = f"; the previous file is kept as {self.backup}" if self.backup else ""
        return (f"{self.session}: {counts}; {len(m.rows)} present ({len(m.rows) - walk_ins} invited, "
                f"{plural(walk_ins, 'walk-ins')}), {where}{kept}")


@dataclass
class ImportResult:
    """What an import read, what is wrong with it, and the files it wrote (none if any error)."""

    records: list[Attendance] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    changes: list[SessionChange] = field(default_factory=list)
    typed: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)  # row -> fields typed on it

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def written_paths(self) -> list[Path]:
        """The session files the import rewrote."""
        return [c.path for c in self.changes if c.merged.changed or c.replace]

    def summary(self) -> list[str]:
        """One line per session in the file: added, updated, unchanged, how many present, and where."""
        return [change.line() for change in self.changes]

    @property
    def written_path(self) -> Path | None:
        """The file written when the import held one session (the usual case)."""
        return self.written_paths[0] if len(self.written_paths) == 1 else None


class _Importer:
    """Checks rows one by one, remembering who is already present in each session."""

    def __init__(self, project: Project, file: str, session: Session | None):
        self.project = project
        self.file = file
        self.session = session
        self.index = NameIndex(project.recipients)
        self.seen: dict[tuple[str, str], int] = {}  # (session, invitee id) -> first row
        self.walk_ins: list[tuple[str, dict[str, str], int]] = []  # (session, names, row) of each walk-in
        self.result = ImportResult()

    def problem(self, row: int, name: str, message: str, warning: bool = False) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.result.problems.append(Problem(self.file, row, name, message, severity))

    def run(self, rows: list[TypedRow]) -> ImportResult:
        for typed in rows:
            record = self.read(typed)
            if record is not None:
                self.result.records.append(record)
        return self.result

    def read(self, typed: TypedRow) -> Attendance | None:
        row, values = typed.row, typed.values
        session = self.row_session(typed)
        invitee = self.row_invitee(typed, session)
        if invitee is False or session is None:
            return None
        if invitee is None:
            record = self.walk_in(typed, session)
        else:
            record = self.invitee_record(typed, session, invitee)
        if record is None or self.is_duplicate(row, record, values):
            return None
        self.result.typed[row] = frozenset(k for k, v in values.items() if v.strip())
        return record

    def row_session(self, typed: TypedRow) -> Session | None:
        typed_session = typed.get("session")
        if typed_session:
            found = find_session(self.project.forum, typed_session)
            if found is None:
                known = ", ".join(s.id for s in self.project.forum.sessions)
                self.problem(typed.row, "session", f"unknown session {typed_session!r}; known: {known}")
            elif self.session is not None and found.id != self.session.id:
                self.problem(typed.row, "session", f"row is for session {found.id} but --session is {self.session.id}")
                return None
            return found
        if self.session is not None:
            return self.session
        invitee = self.index.get(typed.get("id")) if typed.get("id") else None
        if invitee is not None:
            return self.project.forum.session(invitee.session)
        if len(self.project.forum.sessions) == 1:
            return self.project.forum.sessions[0]
        self.problem(typed.row, "session", "no session: add a session column or give --session")
        return None

    def row_invitee(self, typed: TypedRow, session: Session | None) -> Recipient | None | bool:
        """The invitee a row names, None for a walk-in, False when the row is unusable."""
        typed_id = typed.get("id")
        if typed_id:
            invitee = self.index.get(typed_id) or self.single_name_match(typed_id, session)
            if invitee is None:
                self.problem(typed.row, "id", f"unknown id {typed_id!r}{self.hint(typed, session)}")
                return False
            self.check_name(typed, invitee)
            return invitee
        names = [n for n in (typed.get("name_km"), typed.get("name_en")) if n]
        if not names:
            self.problem(typed.row, "name", "neither an id nor a name")
            return False
        return next((m for m in (self.single_name_match(n, session) for n in names) if m), None)

    def hint(self, typed: TypedRow, session: Session | None) -> str:
        """Why an unknown id may be a typo: the id of the invitee named on the row, else the closest id."""
        for name in (typed.get("name_km"), typed.get("name_en")):
            named = self.single_name_match(name, session) if name else None
            if named is not None:
                return f" (did you mean {named.id}, whose name is on this row?)"
        ids = [r.id for r in self.invitees(session)] or [r.id for r in self.project.recipients]
        return did_you_mean(typed.get("id"), ids)

    def invitees(self, session: Session | None) -> list[Recipient]:
        return [r for r in self.project.recipients if session is None or r.session == session.id]

    def single_name_match(self, text: str, session: Session | None) -> Recipient | None:
        """The one invitee called ``text`` (this session's invitees first), else None."""
        if looks_like_id(text):
            return None
        prefer = {r.id: r for r in self.invitees(session)}
        found = self.index.by_name(text, prefer)
        return found[0] if len(found) == 1 else None

    def check_name(self, typed: TypedRow, invitee: Recipient) -> None:
        keys = NameIndex.name_keys(invitee)
        for name_field in ("name_km", "name_en"):
            written = typed.get(name_field)
            if written and not any(k in norm_name(written) or norm_name(written) in k for k in keys):
                shown = invitee.name.get(name_field[-2:]) or invitee.name.km or invitee.name.en
                self.problem(typed.row, name_field, f"{written!r} is not the name of {invitee.id} ({shown}); check the id", True)

    def details(self, typed: TypedRow) -> tuple[str, str, str]:
        """The row's sex, category and phone, each checked ("" when blank or unreadable)."""
        sex = parse_sex(typed.get("sex"))
        if sex is None:
            self.problem(typed.row, "sex", f"cannot read {typed.get('sex')!r}; write M or F (ប្រុស or ស្រី)", True)
        category = find_category(self.project.forum, typed.get("category"))
        if category is None:
            known = ", ".join(c.code for c in self.project.forum.categories)
            self.problem(typed.row, "category", f"unknown category {typed.get('category')!r}; known: {known}", True)
        return sex or "", category or "", typed.get("phone")

    def invitee_record(self, typed: TypedRow, session: Session, invitee: Recipient) -> Attendance:
        sex, _, phone = self.details(typed)
        if invitee.session != session.id:
            self.problem(typed.row, "id", f"{invitee.id} was invited to session {invitee.session}, signed in at {session.id}", True)
        return Attendance(
            session=session.id, recipient_id=invitee.id, name=invitee.name, sex=invitee.sex or sex,
            position=invitee.position, organisation=invitee.organisation, category=invitee.category,
            phone=invitee.phone or phone, source=Source(self.file, typed.row),
        )

    def walk_in(self, typed: TypedRow, session: Session) -> Attendance:
        sex, category, phone = self.details(typed)
        return Attendance(
            session=session.id, recipient_id=None, name=typed.text("name"), sex=sex,
            position=typed.text("position"), organisation=typed.text("organisation"),
            category=category, phone=phone, source=Source(self.file, typed.row),
        )

    def is_duplicate(self, row: int, record: Attendance, values: dict[str, str]) -> bool:
        if record.recipient_id:
            first = self.seen.setdefault((record.session, record.recipient_id), row)
        else:
            names = {"name_km": record.name.km, "name_en": record.name.en}
            first = next((seen_row for session, seen, seen_row in self.walk_ins
                          if session == record.session and same_walk_in(names, seen)), row)
            if first == row:
                self.walk_ins.append((record.session, names, row))
        if first == row:
            return False
        who = record.recipient_id or (record.name.km or record.name.en)
        self.problem(row, "id" if record.recipient_id else "name",
                     f"{who} attends session {record.session} twice: also on row {first}", not record.recipient_id)
        return bool(record.recipient_id)


def _group_by_session(records: list[Attendance]) -> dict[str, list[Attendance]]:
    grouped: dict[str, list[Attendance]] = {}
    for record in records:
        grouped.setdefault(record.session, []).append(record)
    return grouped


def _merge(project: Project, session_id: str, records: list[Attendance], replace: bool,
           result: ImportResult, file: str) -> SessionChange:
    """``records`` merged into (or replacing) the session's stored rows; a conflict is a warning."""
    path, typed, problems = session_file(project, session_id), result.typed, result.problems
    incoming = [Incoming(r.source.row or 0, to_row(r), typed.get(r.source.row or 0, frozenset())) for r in records]
    merged = merge_rows(read_session(project, session_id), incoming, replace)
    for c in merged.conflicts:
        problems.append(Problem(file, c.row, c.field, f"{c.typed!r} differs from the stored {c.stored!r} "
                                f"in {path.name}; the stored value is kept (replace mode overwrites)", Severity.WARNING))
    return SessionChange(session_id, path, merged, replace)


def _store(project: Project, change: SessionChange) -> None:
    """Write a session's rows, first keeping a copy of the previous file; nothing when nothing changed."""
    if change.merged.changed or change.replace:
        change.backup = backup_session(project, change.session)
        write_rows(project, change.session, change.merged.rows)


def import_attendance(project: Project, file: str | Path, session: str | None = None,
                      replace: bool = False, sheet: str | None = None) -> ImportResult:
    """Read a typed attendance sheet or check-in export and merge it into the project's ``attendance/``.

    ``session`` is the session the file records when it has no session column.
    ``replace`` makes the file's rows the session's whole attendance instead of
    merging them; either way the previous file is kept in ``attendance/backup/``.
    ``sheet`` names the workbook's sheet to read (default: the first that holds data).
    Raises ``SourceError`` when the file cannot be read at all, ``DocgenError``
    for an unknown ``session`` and ``ProjectError`` for the bundled example forum
    (it is read-only); problems in rows come back in the result.
    """
    if project.bundled:
        raise ProjectError(Problem(str(project.root), None, None, "the bundled example forum cannot be changed; "
                                   "make your own project with `docgen init DIR` and import into it with -p DIR"))
    chosen = None
    if session is not None:
        chosen = project.forum.session(session) or find_session(project.forum, session)
        if chosen is None:
            known = ", ".join(s.id for s in project.forum.sessions)
            raise DocgenError(Problem("--session", None, "session", f"unknown session {session!r}; known: {known}"))
    rows, problems = read_rows(Path(file), sheet)
    importer = _Importer(project, str(file), chosen)
    importer.result.problems.extend(problems)
    result = importer.run(rows)
    if result.ok:
        # every stored file is read before any is written: one that cannot be read stops the whole import
        result.changes = [_merge(project, session_id, records, replace, result, str(file))
                          for session_id, records in _group_by_session(result.records).items()]
        for change in result.changes:
            _store(project, change)
    return result
