"""Solar date lines in Khmer and English, the place-and-date line of a letter, and session times.

Khmer month names come from Babel's CLDR ``km`` data (មករា … ធ្នូ); weekday names follow the
spellings of published calendars and letters (ចន្ទ rather than CLDR's ច័ន្ទ), shared with the
lunar line. The day of the month is not zero-padded (``ថ្ងៃទី៥``), as most letters write it.

Times (for session start times) follow what Cambodian invitation letters print: a 12-hour clock
in Khmer digits with the hour zero-padded and the part of the day spelled out, ``ម៉ោង ០៨:០០ ព្រឹក``,
``ម៉ោង ០២:៣០ រសៀល``; English uses ``8:00 a.m.`` / ``2:30 p.m.`` and ``12:00 noon``.
"""
from __future__ import annotations

from datetime import date, datetime, time

from babel.dates import get_month_names

from docgen.errors import Problem, SourceError
from docgen.khmer.digits import khmer_digits
from docgen.khmer.lunar import WEEKDAYS_KM
from docgen.provinces import Province, find_province

__all__ = [
    "SOLAR_MONTHS_KM",
    "SOLAR_MONTHS_EN",
    "WEEKDAYS_EN",
    "as_date",
    "weekday_km",
    "solar_km",
    "solar_en",
    "solar_en_long",
    "place_date_km",
    "place_date_en",
    "time_km",
    "time_en",
]

SOLAR_MONTHS_KM: tuple[str, ...] = tuple(get_month_names("wide", locale="km").values())
SOLAR_MONTHS_EN: tuple[str, ...] = tuple(get_month_names("wide", locale="en").values())
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def as_date(value: date | datetime | str) -> date:
    """A date from a date, a datetime or an ISO text (``2018-02-27``); ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def weekday_km(day: date | datetime | str) -> str:
    """The Khmer weekday name (without ថ្ងៃ), e.g. អង្គារ."""
    return WEEKDAYS_KM[as_date(day).weekday()]


def solar_km(day: date | datetime | str) -> str:
    """``ថ្ងៃទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨``."""
    day = as_date(day)
    return khmer_digits(f"ថ្ងៃទី{day.day} ខែ{SOLAR_MONTHS_KM[day.month - 1]} ឆ្នាំ{day.year}")


def solar_en(day: date | datetime | str) -> str:
    """``27 February 2018``."""
    day = as_date(day)
    return f"{day.day} {SOLAR_MONTHS_EN[day.month - 1]} {day.year}"


def solar_en_long(day: date | datetime | str) -> str:
    """``Tuesday, 27 February 2018``."""
    day = as_date(day)
    return f"{WEEKDAYS_EN[day.weekday()]}, {solar_en(day)}"


def _province(name: str | Province) -> Province:
    if isinstance(name, Province):
        return name
    province = find_province(name)
    if province is None:
        raise SourceError(Problem(None, None, "province", f"unknown province or capital {name!r}"))
    return province


def place_date_km(day: date | datetime | str, province: str | Province) -> str:
    """``ខេត្តកំពត ថ្ងៃទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨`` (``រាជធានីភ្នំពេញ …`` for the capital)."""
    return f"{_province(province).full_km} {solar_km(day)}"


def place_date_en(day: date | datetime | str, province: str | Province) -> str:
    """``Kampot, 27 February 2018``."""
    return f"{_province(province).en}, {solar_en(day)}"


def _as_time(value: time | datetime | str) -> time:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    return time.fromisoformat(str(value).strip())


def _part_of_day_km(hour: int) -> str:
    """ព្រឹក before noon, ថ្ងៃត្រង់ for the noon hour, រសៀល in the afternoon, ល្ងាច and យប់ later."""
    if hour < 12:
        return "ព្រឹក"
    if hour == 12:
        return "ថ្ងៃត្រង់"
    if hour < 17:
        return "រសៀល"
    return "ល្ងាច" if hour < 19 else "យប់"


def time_km(value: time | datetime | str) -> str:
    """``ម៉ោង ០៨:០០ ព្រឹក`` from 08:00, ``ម៉ោង ០២:៣០ រសៀល`` from 14:30."""
    moment = _as_time(value)
    hour = moment.hour % 12 or 12
    return khmer_digits(f"ម៉ោង {hour:02d}:{moment.minute:02d} {_part_of_day_km(moment.hour)}")


def time_en(value: time | datetime | str) -> str:
    """``8:00 a.m.``, ``2:30 p.m.``, ``12:00 noon``."""
    moment = _as_time(value)
    if moment.hour == 12 and moment.minute == 0:
        return "12:00 noon"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'a.m.' if moment.hour < 12 else 'p.m.'}"
