"""The Khmer lunar calendar (ចន្ទគតិ): Gregorian date -> lunar day, month, animal year, era and Buddhist Era.

How the calculation works
-------------------------
* Lunar days are counted from an epoch: 1 January 1900 was ១កើត ខែបុស្ស. From there the
  calendar runs in lunar years that start on ១កើត ខែបុស្ស (December or January) and whose
  ជេស្ឋ and អាសាឍ fall in the Gregorian year ``Y``; the shape of that year comes from the
  yearly quantities of the Jolak Sakaraj year ``Y - 638`` (see :mod:`docgen.khmer.songkran`):
  354 days, 355 (ជេស្ឋ has 30 days: ចន្ទ្រាធិមាស) or 384 (អាសាឍ doubled into បឋមាសាឍ and
  ទុតិយាសាឍ: អធិកមាស).
* Months alternate 30 and 29 days: បុស្ស 30, មាឃ 29, ផល្គុន 30, ចេត្រ 29, ពិសាខ 30, ជេស្ឋ 29,
  អាសាឍ 30, ស្រាពណ៍ 29, ភទ្របទ 30, អស្សុជ 29, កត្តិក 30, មិគសិរ 29. Days 1-15 are កើត
  (waxing), the rest រោច (waning, 1-14 or 1-15).

Conventions (issue #4)
----------------------
* **Buddhist Era** (ព.ស.) goes up by one on ១រោច ខែពិសាខ, the day after Visak Bochea
  (Chuon Nath dictionary; Ministry of Cults and Religion).
* **Animal year and era** (ស័ក) both change at Khmer New Year, at the exact Moha Songkran
  moment computed by the almanac arithmetic. A plain date is read at 00:00, so the Songkran
  day itself still carries the old animal year and era (unless the moment is exactly
  midnight), and the next day carries the new ones. This is the rule calendar programs
  (momentkh, chhankitek) use for the animal year; we apply it to the era as well, as the issue
  asks, rather than the traditional change of era on ថ្ងៃឡើងស័ក. Pass a ``datetime`` to
  compare against the moment itself.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from docgen.khmer.digits import khmer_digits
from docgen.khmer.songkran import LeapType, Songkran, js_year, leap_type, lerng_sak_offset

__all__ = [
    "LUNAR_MONTHS_KM",
    "ANIMAL_YEARS_KM",
    "ERAS_KM",
    "WEEKDAYS_KM",
    "CAMBODIA",
    "FIRST_YEAR",
    "LAST_YEAR",
    "LunarDate",
    "LunarMonth",
    "LunarYear",
    "lunar_date",
    "lunar_line_km",
    "lunar_year",
    "khmer_new_year",
]

LUNAR_MONTHS_KM = (
    "មិគសិរ", "បុស្ស", "មាឃ", "ផល្គុន", "ចេត្រ", "ពិសាខ",
    "ជេស្ឋ", "អាសាឍ", "ស្រាពណ៍", "ភទ្របទ", "អស្សុជ", "កត្តិក",
)
FIRST_ASATH_KM = "បឋមាសាឍ"
SECOND_ASATH_KM = "ទុតិយាសាឍ"
ANIMAL_YEARS_KM = ("ជូត", "ឆ្លូវ", "ខាល", "ថោះ", "រោង", "ម្សាញ់", "មមី", "មមែ", "វក", "រកា", "ច", "កុរ")
ERAS_KM = (
    "សំរឹទ្ធិស័ក", "ឯកស័ក", "ទោស័ក", "ត្រីស័ក", "ចត្វាស័ក",
    "បញ្ចស័ក", "ឆស័ក", "សប្តស័ក", "អដ្ឋស័ក", "នព្វស័ក",
)
# Monday to Sunday, in the order of date.weekday(); the spellings of the facts file (ចន្ទ, not ច័ន្ទ).
WEEKDAYS_KM = ("ចន្ទ", "អង្គារ", "ពុធ", "ព្រហស្បតិ៍", "សុក្រ", "សៅរ៍", "អាទិត្យ")
WAXING_KM, WANING_KM = "កើត", "រោច"

CAMBODIA = timezone(timedelta(hours=7), "ICT")  # Songkran moments are Cambodian local time
FIRST_YEAR, LAST_YEAR = 1800, 2299  # the Gregorian years lunar_date() answers for
_LAYOUT_FIRST, _LAYOUT_LAST = FIRST_YEAR - 1, LAST_YEAR + 1  # lunar years laid out (named by their ជេស្ឋ)
_EPOCH_YEAR = 1900
_EPOCH = date(1900, 1, 1)  # ១កើត ខែបុស្ស of the lunar year 1900


@dataclass(frozen=True)
class LunarMonth:
    """One month of a lunar year: its name (without ខែ), its length and its first day."""

    name_km: str
    days: int
    start: date


@dataclass(frozen=True)
class LunarYear:
    """One lunar year from ១កើត ខែបុស្ស, named by the Gregorian year of its ជេស្ឋ."""

    year: int
    leap: LeapType
    months: tuple[LunarMonth, ...]

    @property
    def start(self) -> date:
        return self.months[0].start

    @property
    def days(self) -> int:
        return sum(month.days for month in self.months)

    def month(self, name_km: str) -> LunarMonth:
        """The month with this name (ValueError if the year has none, e.g. អាសាឍ in a leap-month year)."""
        for month in self.months:
            if month.name_km == name_km:
                return month
        raise ValueError(f"the lunar year {self.year} has no month {name_km}")


@dataclass(frozen=True)
class LunarDate:
    """A day of the Khmer lunar calendar, with everything the official date line needs."""

    gregorian: date
    weekday_km: str
    day: int  # 1..15
    phase: str  # កើត or រោច
    month_km: str  # without the ខែ prefix
    animal_year_km: str  # without the ឆ្នាំ prefix
    era_km: str
    buddhist_era: int
    jolak_sakaraj: int
    leap_month: bool  # the lunar year has បឋមាសាឍ and ទុតិយាសាឍ (អធិកមាស)
    leap_day: bool  # the lunar year's ជេស្ឋ has 30 days (ចន្ទ្រាធិមាស)

    @property
    def day_of_month(self) -> int:
        """0-based position in the lunar month (0 = ១កើត, 15 = ១រោច)."""
        return self.day - 1 if self.phase == WAXING_KM else self.day + 14

    def line_km(self) -> str:
        """The official lunar date line, e.g. ថ្ងៃអង្គារ ១៣កើត ខែផល្គុន ឆ្នាំរកា នព្វស័ក ព.ស.២៥៦១."""
        return khmer_digits(
            f"ថ្ងៃ{self.weekday_km} {self.day}{self.phase} ខែ{self.month_km} "
            f"ឆ្នាំ{self.animal_year_km} {self.era_km} ព.ស.{self.buddhist_era}"
        )


def _month_plan(leap: LeapType) -> list[tuple[str, int]]:
    """The months of a lunar year from បុស្ស to មិគសិរ with their lengths."""
    plan = [(LUNAR_MONTHS_KM[(index + 1) % 12], 30 if index % 2 == 0 else 29) for index in range(12)]
    if leap is LeapType.LEAP_DAY:
        plan[5] = ("ជេស្ឋ", 30)
    elif leap is LeapType.LEAP_MONTH:
        plan[6:7] = [(FIRST_ASATH_KM, 30), (SECOND_ASATH_KM, 30)]
    return plan


@lru_cache(maxsize=1)
def _year_starts() -> tuple[date, ...]:
    """The first day of every laid-out lunar year and of the year after the last, from the epoch."""
    starts = {_EPOCH_YEAR: _EPOCH}
    for year in range(_EPOCH_YEAR + 1, _LAYOUT_LAST + 2):
        starts[year] = starts[year - 1] + timedelta(days=leap_type(js_year(year - 1)).days)
    for year in range(_EPOCH_YEAR - 1, _LAYOUT_FIRST - 1, -1):
        starts[year] = starts[year + 1] - timedelta(days=leap_type(js_year(year)).days)
    return tuple(starts[year] for year in range(_LAYOUT_FIRST, _LAYOUT_LAST + 2))


@lru_cache(maxsize=512)
def lunar_year(year: int) -> LunarYear:
    """The lunar year whose ជេស្ឋ falls in the Gregorian ``year`` (FIRST_YEAR - 1 .. LAST_YEAR + 1)."""
    if not _LAYOUT_FIRST <= year <= _LAYOUT_LAST:
        raise ValueError(f"lunar years are computed for {_LAYOUT_FIRST}-{_LAYOUT_LAST}, not {year}")
    leap = leap_type(js_year(year))
    start = _year_starts()[year - _LAYOUT_FIRST]
    months = []
    for name, days in _month_plan(leap):
        months.append(LunarMonth(name, days, start))
        start += timedelta(days=days)
    return LunarYear(year, leap, tuple(months))


def _lunar_year_of(day: date) -> LunarYear:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR} of the Khmer calendar here")
    return lunar_year(_LAYOUT_FIRST + bisect_right(_year_starts(), day) - 1)


@lru_cache(maxsize=512)
def khmer_new_year(gregorian_year: int) -> Songkran:
    """Khmer New Year of ``gregorian_year``: the Moha Songkran moment, its length and Lerng Sak."""
    chetr = lunar_year(gregorian_year).month("ចេត្រ")
    js = js_year(gregorian_year)
    return Songkran.from_lerng_sak(js, chetr.start + timedelta(days=lerng_sak_offset(js)))


def _new_year_count(moment: datetime) -> int:
    """The Gregorian year of the last Moha Songkran at or before ``moment``."""
    year = moment.year
    return year if moment >= khmer_new_year(year).moment else year - 1


def _buddhist_era(year: LunarYear, day: date) -> int:
    """ព.ស.: the year count goes up on ១រោច ខែពិសាខ of each lunar year."""
    first_waning_visakh = year.month("ពិសាខ").start + timedelta(days=15)
    return year.year + (544 if day >= first_waning_visakh else 543)


def lunar_date(when: date | datetime) -> LunarDate:
    """The Khmer lunar date of a day (read at 00:00) or of a moment (a ``datetime``).

    A time-zone-aware ``datetime`` is first converted to Cambodian time (UTC+7).
    """
    if isinstance(when, datetime):
        moment = when.astimezone(CAMBODIA).replace(tzinfo=None) if when.tzinfo else when
    else:
        moment = datetime.combine(when, datetime.min.time())
    day = moment.date()
    year = _lunar_year_of(day)
    month = next(m for m in reversed(year.months) if m.start <= day)
    position = (day - month.start).days
    waxing = position < 15
    new_year = _new_year_count(moment)
    return LunarDate(
        gregorian=day,
        weekday_km=WEEKDAYS_KM[day.weekday()],
        day=position + 1 if waxing else position - 14,
        phase=WAXING_KM if waxing else WANING_KM,
        month_km=month.name_km,
        animal_year_km=ANIMAL_YEARS_KM[(new_year + 8) % 12],
        era_km=ERAS_KM[js_year(new_year) % 10],
        buddhist_era=_buddhist_era(year, day),
        jolak_sakaraj=js_year(new_year),
        leap_month=year.leap is LeapType.LEAP_MONTH,
        leap_day=year.leap is LeapType.LEAP_DAY,
    )


def lunar_line_km(when: date | datetime) -> str:
    """The lunar date line of an official letter, in Khmer digits."""
    return lunar_date(when).line_km()
