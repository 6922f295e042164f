"""Participation figures: invited, attended and walk-ins per session, by category and by sex.

These are the counting functions every report uses (``docgen attendance report``
and the post-forum summary), so a figure is computed in one place only. An
invitee counts once per session however many times the data lists them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from docgen.model import Attendance, Category, Project, Recipient, Text

__all__ = ["Tally", "SessionFigures", "Participation", "participation", "SEXES", "SEX_LABELS", "OTHER",
           "OTHER_LABEL", "fill_from_invitee", "with_invitee_details"]

SEXES: tuple[str, ...] = ("F", "M", "")  # "" = not recorded
# The one wording of every table and chart. "Not given" names the sex because
# the attendance report lists sexes and categories in the same column.
SEX_LABELS: dict[str, Text] = {
    "F": Text("ស្រី", "Women"),
    "M": Text("ប្រុស", "Men"),
    "": Text("មិនបញ្ជាក់ភេទ", "Sex not given"),
}
OTHER = ""  # the category key of people with no (or an unknown) category
OTHER_LABEL = Text("ផ្សេងៗ", "Other / not given")


@dataclass(frozen=True)
class Tally:
    """Counts for one group of people at one session (or the whole forum)."""

    invited: int = 0
    present: int = 0  # invitees of this session who attended
    walk_ins: int = 0  # people who came without an invitation id
    guests: int = 0  # invitees of another session who signed in here

    @property
    def attended(self) -> int:
        """Everyone who came: invitees, walk-ins and guests from other sessions."""
        return self.present + self.walk_ins + self.guests

    @property
    def rate(self) -> float | None:
        """Share of the invitees who came, or None when nobody was invited."""
        return self.present / self.invited if self.invited else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.invited + other.invited, self.present + other.present,
                     self.walk_ins + other.walk_ins, self.guests + other.guests)


@dataclass(frozen=True)
class SessionFigures:
    """One session's tallies: overall, per category (protocol order) and per sex (F, M, unknown)."""

    session: str  # a session id, or "" for the whole forum
    total: Tally
    by_category: dict[str, Tally] = field(default_factory=dict)
    by_sex: dict[str, Tally] = field(default_factory=dict)


@dataclass(frozen=True)
class Participation:
    """Figures for every session in the forum's order, and for the whole forum."""

    sessions: dict[str, SessionFigures]
    forum: SessionFigures


@dataclass(frozen=True)
class _Person:
    """Someone counted: an invitee, a walk-in or a guest, with the group keys they fall in."""

    kind: str  # invited_absent | present | walk_in | guest
    category: str
    sex: str


def fill_from_invitee(record: Attendance, invitee: Recipient | None) -> Attendance:
    """``record`` with the name, sex, position, organisation and category it leaves empty taken from ``invitee``.

    A typed sheet or a check-in export often carries only an id: the invitation
    list knows the rest. A walk-in (no invitee) is returned as it is.
    """
    if invitee is None:
        return record
    return replace(
        record,
        name=record.name or invitee.name,
        sex=record.sex or invitee.sex,
        position=record.position or invitee.position,
        organisation=record.organisation or invitee.organisation,
        category=record.category or invitee.category,
    )


def with_invitee_details(records: Iterable[Attendance], recipients: Iterable[Recipient]) -> list[Attendance]:
    """Every record of ``records`` completed by :func:`fill_from_invitee` from its invitee in ``recipients``."""
    by_id: dict[str, Recipient] = {}
    for recipient in recipients:
        by_id.setdefault(recipient.id, recipient)  # the first wins, as in Project.recipient
    return [fill_from_invitee(a, by_id.get(a.recipient_id or "")) for a in records]


def _tally(people: Iterable[_Person]) -> Tally:
    counts = {"present": 0, "walk_in": 0, "guest": 0, "invited": 0}
    for person in people:
        if person.kind in ("present", "invited_absent"):
            counts["invited"] += 1
        if person.kind != "invited_absent":
            counts[person.kind] += 1
    return Tally(counts["invited"], counts["present"], counts["walk_in"], counts["guest"])


def _people(invitees: list[Recipient], records: list[Attendance], categories: set[str]) -> list[_Person]:
    """Everyone to count at one session, each once; ``records`` are completed from their invitees."""
    present_ids = {r.recipient_id for r in records if r.recipient_id}
    people = [
        _Person("present" if r.id in present_ids else "invited_absent", _category(r.category, categories), _sex(r.sex))
        for r in invitees
    ]
    invited_ids = {r.id for r in invitees}
    seen: set[str] = set()
    for record in records:
        if record.recipient_id is None:
            people.append(_Person("walk_in", _category(record.category, categories), _sex(record.sex)))
        elif record.recipient_id not in invited_ids and record.recipient_id not in seen:
            seen.add(record.recipient_id)
            people.append(_Person("guest", _category(record.category, categories), _sex(record.sex)))
    return people


def _category(code: str, known: set[str]) -> str:
    return code if code in known else OTHER


def _sex(value: str) -> str:
    return value if value in SEXES else ""


def _figures(session_id: str, people: list[_Person], categories: tuple[Category, ...]) -> SessionFigures:
    keys = [c.code for c in categories] + [OTHER]
    by_category = {k: _tally(p for p in people if p.category == k) for k in keys}
    by_sex = {s: _tally(p for p in people if p.sex == s) for s in SEXES}
    return SessionFigures(session_id, _tally(people), by_category, by_sex)


def participation(project: Project) -> Participation:
    """Count invited, present, walk-ins and guests for each session and the forum, by category and sex.

    Invitees are the recipients whose ``session`` is the session; the attended
    are ``project.attendance``. Categories come in the forum's protocol order,
    with ``OTHER`` ("") last for people without a known category. Raises
    SourceError when the attendance files have errors.
    """
    project.require("attendance")  # SourceError when the attendance files have errors
    forum = project.forum
    codes = {c.code for c in forum.categories}
    attendance = with_invitee_details(project.attendance, project.recipients)
    everyone: list[_Person] = []
    sessions: dict[str, SessionFigures] = {}
    for session in forum.sessions:
        invitees = [r for r in project.recipients if r.session == session.id]
        records = [a for a in attendance if a.session == session.id]
        people = _people(invitees, records, codes)
        sessions[session.id] = _figures(session.id, people, forum.categories)
        everyone.extend(people)
    return Participation(sessions, _figures("", everyone, forum.categories))
