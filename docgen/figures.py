"""The summary report's figures, computed from attendance and outcomes: never typed by hand.

Participation compares who was invited (the recipient lists) with who came
(``Project.attendance``), broken down by session, category and sex; the
outcomes are grouped by theme and session, counted by status, and listed as
follow-up actions. Every table and chart of the report is drawn from these
values, so changing a data file changes the report.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from docgen.model import Outcome, Project, Session, Text
from docgen.provinces import find_province

__all__ = [
    "STATUSES",
    "STATUS_LABELS",
    "SEX_LABELS",
    "Tally",
    "Breakdown",
    "StatusCount",
    "Participation",
    "ThemeGroup",
    "Outcomes",
    "participation_figures",
    "outcome_figures",
    "status_label",
]

STATUSES: tuple[str, ...] = ("addressed", "pending", "referred")
STATUS_LABELS: dict[str, Text] = {
    "addressed": Text("បានដោះស្រាយ", "Addressed"),
    "pending": Text("កំពុងរង់ចាំ", "Pending"),
    "referred": Text("បានបញ្ជូនបន្ត", "Referred"),
}
SEX_LABELS: dict[str, Text] = {
    "F": Text("ស្រី", "Women"),
    "M": Text("ប្រុស", "Men"),
    "": Text("មិនបានបញ្ជាក់", "Not stated"),
}
WALK_IN_CATEGORY = Text("មិនបានចុះបញ្ជី", "Not on the lists")


@dataclass(frozen=True)
class Tally:
    """One row of a participation table: invited, attended (of whom walk-ins)."""

    key: str
    label: Text
    invited: int
    attended: int
    walk_ins: int = 0

    @property
    def rate(self) -> int:
        """Attended as a whole percentage of invited (0 when nobody was invited)."""
        return round(100 * self.attended / self.invited) if self.invited else 0


@dataclass(frozen=True)
class Breakdown:
    """Tallies by one dimension (session, category or sex) and their total row."""

    dimension: str
    rows: tuple[Tally, ...]

    @property
    def total(self) -> Tally:
        return Tally(
            "total",
            Text("សរុប", "Total"),
            sum(r.invited for r in self.rows),
            sum(r.attended for r in self.rows),
            sum(r.walk_ins for r in self.rows),
        )


@dataclass(frozen=True)
class Participation:
    """Invited vs attended for a scope (the whole forum or one session)."""

    sessions: Breakdown
    categories: Breakdown
    sexes: Breakdown
    organisations: tuple[Text, ...]  # organisations that attended, in order of first appearance

    @property
    def total(self) -> Tally:
        return self.sessions.total


@dataclass(frozen=True)
class StatusCount:
    """How many challenges have one status."""

    key: str
    label: Text
    count: int


@dataclass(frozen=True)
class ThemeGroup:
    """The challenges raised under one theme, in session order."""

    theme: Text
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class Outcomes:
    """Outcomes of a scope: grouped by theme, counted by status, and the follow-up actions."""

    themes: tuple[ThemeGroup, ...]
    by_status: tuple[StatusCount, ...]
    follow_ups: tuple[Outcome, ...]

    @property
    def count(self) -> int:
        return sum(len(g.outcomes) for g in self.themes)


def _scope(project: Project, session_id: str | None) -> tuple[Session, ...]:
    sessions = project.forum.sessions
    return tuple(s for s in sessions if session_id is None or s.id == session_id)


def _breakdown(
    dimension: str,
    keys: Iterable[str],
    label: Callable[[str], Text],
    invited: list[str],
    attended: list[tuple[str, bool]],
) -> Breakdown:
    """Count ``invited`` keys and ``attended`` (key, walk-in) pairs under each key, keys in order.

    A key nobody was invited under and nobody attended under (a category absent
    from this session) gets no row: a report table of zeros says nothing.
    """
    used = set(invited) | {k for k, _ in attended}
    ordered = [k for k in dict.fromkeys([*keys, *invited, *(k for k, _ in attended)]) if k in used]
    rows = tuple(
        Tally(
            key,
            label(key),
            invited.count(key),
            sum(1 for k, _ in attended if k == key),
            sum(1 for k, walk_in in attended if k == key and walk_in),
        )
        for key in ordered
    )
    return Breakdown(dimension, rows)


def participation_figures(project: Project, session_id: str | None = None) -> Participation:
    """Invited vs attended by session, category and sex, for the forum or for one session."""
    sessions = _scope(project, session_id)
    ids = {s.id for s in sessions}
    invitees = [r for r in project.recipients if r.session in ids]
    present = [a for a in project.attendance if a.session in ids]
    by_id = {r.id: r for r in project.recipients}

    def category_of(record) -> str:
        invitee = by_id.get(record.recipient_id or "")
        return record.category or (invitee.category if invitee else "")

    def sex_of(record) -> str:
        invitee = by_id.get(record.recipient_id or "")
        sex = record.sex or (invitee.sex if invitee else "")
        return sex if sex in SEX_LABELS else ""

    forum = project.forum
    session_titles = {s.id: _session_label(s) for s in sessions}
    categories = {c.code: c.label for c in forum.categories}
    return Participation(
        sessions=_breakdown(
            "session", [s.id for s in sessions], lambda k: session_titles.get(k, Text(k, k)),
            [r.session for r in invitees], [(a.session, a.walk_in) for a in present],
        ),
        categories=_breakdown(
            "category", [c.code for c in forum.categories], lambda k: categories.get(k, WALK_IN_CATEGORY),
            [r.category for r in invitees], [(category_of(a), a.walk_in) for a in present],
        ),
        sexes=_breakdown(
            "sex", ["F", "M"], lambda k: SEX_LABELS[k],
            [r.sex if r.sex in SEX_LABELS else "" for r in invitees], [(sex_of(a), a.walk_in) for a in present],
        ),
        organisations=_organisations(present, by_id),
    )


def _session_label(session: Session) -> Text:
    """A session's short name in a table: its province (the bundled forum holds one per province)."""
    province = find_province(session.province)
    if province is None:
        return Text(session.id, session.id)
    return Text(province.km, province.en)


def _organisations(present, by_id) -> tuple[Text, ...]:
    """Distinct organisations of the people who attended, keyed on their English or Khmer name."""
    seen: dict[str, Text] = {}
    for record in present:
        invitee = by_id.get(record.recipient_id or "")
        organisation = record.organisation or (invitee.organisation if invitee else Text())
        key = (organisation.en or organisation.km).strip().casefold()
        if key and key not in seen:
            seen[key] = organisation
    return tuple(seen.values())


def outcome_figures(project: Project, session_id: str | None = None) -> Outcomes:
    """Outcomes grouped by theme (each challenge once), counted by status, and the follow-ups."""
    order = {s.id: i for i, s in enumerate(_scope(project, session_id))}
    chosen = sorted((o for o in project.outcomes if o.session in order), key=lambda o: order[o.session])
    groups: dict[str, list[Outcome]] = {}
    themes: dict[str, Text] = {}
    for outcome in chosen:
        key = (outcome.theme.en or outcome.theme.km).strip().casefold()
        groups.setdefault(key, []).append(outcome)
        themes.setdefault(key, outcome.theme)
    statuses = list(dict.fromkeys([*STATUSES, *(o.status for o in chosen)]))
    by_status = tuple(
        StatusCount(k, STATUS_LABELS.get(k, Text(k, k)), sum(1 for o in chosen if o.status == k)) for k in statuses
    )
    follow_ups = tuple(o for o in chosen if o.status != "addressed" or o.follow_up)
    return Outcomes(
        themes=tuple(ThemeGroup(themes[k], tuple(v)) for k, v in groups.items()),
        by_status=by_status,
        follow_ups=follow_ups,
    )


def status_label(outcome: Outcome, lang: str) -> str:
    """The status as a report writes it: "Referred to <authority>" names who it went to."""
    label = STATUS_LABELS.get(outcome.status, Text(outcome.status, outcome.status)).get(lang)
    if outcome.status == "referred" and outcome.responsible:
        joiner = "ទៅ" if lang == "km" else " to "
        return f"{label}{joiner}{outcome.responsible.get(lang)}"
    return label
