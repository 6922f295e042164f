"""The library behind ``docgen date``: official date lines for ISO dates, as text or JSON records."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO
from dataclasses import dataclass, field
from datetime import date

from docgen.errors import Problem, SourceError
from docgen.khmer.dates import solar_en, solar_km
from docgen.khmer.lunar import FIRST_YEAR, LAST_YEAR, lunar_date

__all__ = ["BadDateError", "DateReport", "date_inputs", "date_record", "describe_dates"]


class BadDateError(SourceError):
    """One or more of the dates given to ``docgen date`` is not a valid ISO date in range."""

    exit_code = 2


def date_record(day: date) -> dict[str, object]:
    """Everything ``docgen date --json`` prints for one day, with exactly the documented keys."""
    lunar = lunar_date(day)
    return {
        "iso": day.isoformat(),
        "weekday_km": lunar.weekday_km,
        "lunar_day": lunar.day,
        "moon_phase": lunar.phase,
        "lunar_month_km": lunar.month_km,
        "animal_year_km": lunar.animal_year_km,
        "era_km": lunar.era_km,
        "buddhist_era": lunar.buddhist_era,
        "lunar_line": lunar.line_km(),
        "solar_line_km": solar_km(day),
        "solar_line_en": solar_en(day),
    }


@dataclass
class DateReport:
    """The printable lines for the good dates and one problem per bad one."""

    lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def raise_for_problems(self) -> None:
        """Raise :class:`BadDateError` (exit code 2) if any date was bad."""
        if self.problems:
            raise BadDateError("bad date", self.problems)


def _parse(text: str, source: str, row: int) -> date | Problem:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return Problem(source, row, "date", f"{text!r} is not a date in ISO form YYYY-MM-DD")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return Problem(source, row, "date", f"{text} is outside the supported years {FIRST_YEAR}-{LAST_YEAR}")
    return day


def _line(day: date, as_json: bool) -> str:
    record = date_record(day)
    if as_json:
        return json.dumps(record, ensure_ascii=False)
    return "\t".join(str(record[key]) for key in ("iso", "lunar_line", "solar_line_km", "solar_line_en"))


def describe_dates(texts: Iterable[str], *, as_json: bool = False, source: str = "<arguments>") -> DateReport:
    """Lines for each ISO date in ``texts`` (blank entries skipped); bad ones become problems.

    ``source`` names where the texts came from (``<arguments>`` or ``<stdin>``); a problem's
    row is the 1-based position of the bad entry there.
    """
    report = DateReport()
    for row, raw in enumerate(texts, start=1):
        text = raw.strip()
        if not text:
            continue
        parsed = _parse(text, source, row)
        if isinstance(parsed, Problem):
            report.problems.append(parsed)
        else:
            report.lines.append(_line(parsed, as_json))
    return report


def date_inputs(arguments: Iterable[str], stdin: TextIO | None) -> tuple[list[str], str]:
    """The date texts to describe and where they came from.

    The command-line arguments when there are any; else the lines of ``stdin`` when it is
    given and not a terminal; else (or when standard input held no date) today.
    """
    texts = list(arguments)
    if texts:
        return texts, "<arguments>"
    if stdin is not None and not stdin.isatty():
        lines = list(stdin)
        if any(line.strip() for line in lines):
            return lines, "<stdin>"
    return [date.today().isoformat()], "<today>"
