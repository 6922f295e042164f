"""The summary report's figures, computed from attendance and outcomes: never typed by hand.

Participation compares who was invited (the recipient lists) with who came
(``Project.attendance``), broken down by session, category and sex; the
outcomes are grouped by theme and session, counted by status, and listed as
follow-up actions. Every table and chart of the report is drawn from these
values, so changing a data file changes the report.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docgen.attendance import OTHER_LABEL, SEX_LABELS, Tally, participation, with_invitee_details
from docgen.model import Attendance, Outcome, Project, Session, Text
from docgen.provinces import find_province
from docgen.sources.records import OUTCOME_STATUSES

__all__ = [
    "STATUSES",
    "STATUS_LABELS",
    "SEX_LABELS",
    "Row",
    "Breakdown",
    "StatusCount",
    "Participation",
    "ThemeGroup",
    "Outcomes",
    "participation_figures",
    "outcome_figures",
    "status_label",
]

STATUSES: tuple[str, ...] = OUTCOME_STATUSES  # the statuses outcomes.yaml accepts, in report order
STATUS_LABELS: dict[str, Text] = {
    "addressed": Text("បានដោះស្រាយ", "Addressed"),
    "pending": Text("កំពុងរង់ចាំ", "Pending"),
    "referred": Text("បានបញ្ជូនបន្ត", "Referred"),
}


@dataclass(frozen=True)
class Row:
    """One row of a participation table: a labelled :class:`~docgen.attendance.Tally`."""

    key: str
    label: Text
    tally: Tally

    @property
    def invited(self) -> int:
        return self.tally.invited

    @property
    def attended(self) -> int:
        """Everyone who came: invitees present, walk-ins and guests from other sessions."""
        return self.tally.attended

    @property
    def present(self) -> int:
        return self.tally.present

    @property
    def walk_ins(self) -> int:
        """People who came without an invitation (walk-ins and guests of other sessions)."""
        return self.tally.walk_ins + self.tally.guests

    @property
    def rate(self) -> int | None:
        """Invitees present as a whole percentage of the invited; None when nobody was invited."""
        return None if self.tally.rate is None else round(100 * self.tally.rate)


@dataclass(frozen=True)
class Breakdown:
    """Rows by one dimension (session, category or sex) and their total row."""

    dimension: str
    rows: tuple[Row, ...]

    @property
    def total(self) -> Row:
        return Row("total", Text("សរុប", "Total"), sum((r.tally for r in self.rows), Tally()))


@dataclass(frozen=True)
class Participation:
    """Invited vs attended for a scope (the whole forum or one session)."""

    sessions: Breakdown
    categories: Breakdown
    sexes: Breakdown
    organisations: tuple[Text, ...]  # organisations that attended, in order of first appearance

    @property
    def total(self) -> Row:
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


def _breakdown(dimension: str, tallies: dict[str, Tally], label: Callable[[str], Text]) -> Breakdown:
    """Labelled rows in the tallies' order; a group nobody was invited in and nobody came from is left out."""
    rows = tuple(Row(key, label(key), t) for key, t in tallies.items() if t.invited or t.attended)
    return Breakdown(dimension, rows)


def participation_figures(project: Project, session_id: str | None = None) -> Participation:
    """Invited vs attended by session, category and sex, for the forum or for one session.

    The counting is :func:`docgen.attendance.participation`'s; this only picks the
    scope and labels the groups in both languages.
    """
    counts = participation(project)
    sessions = _scope(project, session_id)
    scope = counts.forum if session_id is None else counts.sessions[session_id]
    titles = {s.id: _session_label(s) for s in sessions}
    categories = {c.code: c.label for c in project.forum.categories}
    ids = {s.id for s in sessions}
    return Participation(
        sessions=_breakdown("session", {s.id: counts.sessions[s.id].total for s in sessions}, titles.__getitem__),
        categories=_breakdown("category", scope.by_category, lambda k: categories.get(k, OTHER_LABEL)),
        sexes=_breakdown("sex", scope.by_sex, SEX_LABELS.__getitem__),
        organisations=_organisations(with_invitee_details([a for a in project.attendance if a.session in ids],
                                                           project.recipients)),
    )


def _session_label(session: Session) -> Text:
    """A session's short name in a table: its province (the bundled forum holds one per province)."""
    province = find_province(session.province)
    if province is None:
        return Text(session.id, session.id)
    return Text(province.km, province.en)


def _organisations(present: list[Attendance]) -> tuple[Text, ...]:
    """Distinct organisations of the people who attended, keyed on their English or Khmer name."""
    seen: dict[str, Text] = {}
    for record in present:
        key = (record.organisation.en or record.organisation.km).strip().casefold()
        if key and key not in seen:
            seen[key] = record.organisation
    return tuple(seen.values())


def outcome_figures(project: Project, session_id: str | None = None) -> Outcomes:
    """Outcomes grouped by theme (each challenge once), counted by status, and the follow-ups.

    Raises SourceError when outcomes.yaml has errors.
    """
    project.require("outcomes")
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
