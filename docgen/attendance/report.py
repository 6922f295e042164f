"""``docgen attendance report``: the participation figures as a table of text rows."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from docgen.attendance.counts import OTHER, OTHER_LABEL, SEX_LABELS, Participation, SessionFigures, Tally, participation
from docgen.model import Forum, Project

__all__ = ["ReportTable", "attendance_report", "report_table", "format_table"]

_HEADERS = {
    "en": ("Session", "Group", "Invited", "Present", "Walk-ins", "Guests", "Attended", "Rate"),
    "km": ("សម័យប្រជុំ", "ក្រុម", "បានអញ្ជើញ", "បានចូលរួម", "មិនបានអញ្ជើញ", "មកពីសម័យផ្សេង", "សរុបអ្នកចូលរួម", "អត្រា"),
}
_LABELS = {
    "en": {"all": "All", "forum": "Whole forum"},
    "km": {"all": "សរុប", "forum": "វេទិកាទាំងមូល"},
}


@dataclass(frozen=True)
class ReportTable:
    """A header and rows of text cells, ready to print or to put in a document."""

    header: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _cells(session: str, group: str, tally: Tally) -> tuple[str, ...]:
    rate = "" if tally.rate is None else f"{tally.rate:.0%}"
    numbers = (tally.invited, tally.present, tally.walk_ins, tally.guests, tally.attended)
    return (session, group, *(str(n) for n in numbers), rate)


def _session_rows(name: str, figures: SessionFigures, forum: Forum, lang: str) -> list[tuple[str, ...]]:
    labels = _LABELS[lang]
    rows = [_cells(name, labels["all"], figures.total)]
    for code, tally in figures.by_category.items():
        if tally.invited or tally.attended:
            category = forum.category(code)
            label = category.label.get(lang) if category and code != OTHER else OTHER_LABEL.get(lang)
            rows.append(_cells("", label, tally))
    for sex, tally in figures.by_sex.items():
        if tally.invited or tally.attended:
            rows.append(_cells("", SEX_LABELS[sex].get(lang), tally))
    return rows


def report_table(project: Project, figures: Participation, lang: str = "en") -> ReportTable:
    """Rows per session (all, each category with people, each sex), then the whole forum."""
    forum = project.forum
    rows: list[tuple[str, ...]] = []
    for session in forum.sessions:
        rows.extend(_session_rows(session.id, figures.sessions[session.id], forum, lang))
    rows.extend(_session_rows(_LABELS[lang]["forum"], figures.forum, forum, lang))
    return ReportTable(_HEADERS[lang], rows)


def attendance_report(project: Project, lang: str = "en") -> ReportTable:
    """The participation of ``project`` per session, by category and sex, as a table."""
    return report_table(project, participation(project), lang)


def display_width(text: str) -> int:
    """Terminal columns a text takes: Khmer subscripts (coeng + consonant) and marks take none."""
    width, after_coeng = 0, False
    for ch in text:
        if not after_coeng and unicodedata.category(ch) not in ("Mn", "Me", "Cf"):
            width += 1
        after_coeng = ch == "\u17d2"
    return width


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def format_table(table: ReportTable) -> str:
    """Plain-text columns: text left-aligned, numbers right-aligned, a rule under the header."""
    rows = (table.header, *table.rows)
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(table.header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(_pad(c, w, i >= 2) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(table.header), rule, *(line(r) for r in table.rows)])
