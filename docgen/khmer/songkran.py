"""The Khmer calendar's yearly quantities and Khmer New Year (Moha Songkran), computed traditionally.

Everything here is keyed by the Jolak Sakaraj year (ចុល្លសករាជ, "JS" = Gregorian year - 638,
the era that begins at Khmer New Year). The formulas are the ones the Khmer calendar
literature gives (the almanac arithmetic of the Soryatra Lerng Sak, as described by Phylypo Tum's
"Khmer Calendar" notes and implemented in the open programs momentkh and chhankitek):

* ហារគុណ aharkun  - days elapsed since the epoch of the era, ``(292207 * js + 373) // 800 + 1``;
* ក្រមទូពល kromthupul - what is left of the solar year, ``800 - (292207 * js + 373) % 800``;
  a year with kromthupul <= 207 is a 366-day solar year;
* អវមាន avoman    - the excess of lunar days over solar days, ``(11 * aharkun + 650) % 692``;
* បូតិថី bodithey  - the lunar day of the new year, ``(aharkun + (11 * aharkun + 650) // 692) % 30``.

From them come the leap rules (``adhikameas`` adds a month, ``chantrathimeas`` a day) and the
moment the sun enters Aries (Moha Songkran), which starts the new animal year and era.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from functools import lru_cache

__all__ = [
    "LeapType",
    "Songkran",
    "aharkun",
    "avoman",
    "bodithey",
    "kromthupul",
    "is_solar_leap",
    "is_adhikameas",
    "is_chantrathimeas",
    "leap_type",
    "js_year",
    "songkran_time",
    "lerng_sak_offset",
    "new_year_days",
]

_MINUTES_PER_DAY = 24 * 60
_LIBDA_PER_REASEY = 30 * 60  # a sign (រាសី) has 30 degrees (អង្សា) of 60 minutes (លិប្ដា)


class LeapType(Enum):
    """The kind of lunar year: 354 days, 355 (leap day in ជេស្ឋ) or 384 (leap month អាសាឍ)."""

    NORMAL = 354
    LEAP_DAY = 355
    LEAP_MONTH = 384

    @property
    def days(self) -> int:
        return self.value


def js_year(gregorian_year: int) -> int:
    """The Jolak Sakaraj year that begins at Khmer New Year of this Gregorian year."""
    return gregorian_year - 638


def aharkun(js: int) -> int:
    """ហារគុណ: the day count of the era for the year ``js``."""
    return (292207 * js + 373) // 800 + 1


def kromthupul(js: int) -> int:
    """ក្រមទូពល: the part of the solar year left over (800ths of a day)."""
    return 800 - (292207 * js + 373) % 800


def avoman(js: int) -> int:
    """អវមាន: the lunar days gained on the solar days (692ths of a lunar day)."""
    return (11 * aharkun(js) + 650) % 692


def bodithey(js: int) -> int:
    """បូតិថី: the lunar day (0-29) on which the year's new-year reckoning falls."""
    ahk = aharkun(js)
    return (ahk + (11 * ahk + 650) // 692) % 30


def is_solar_leap(js: int) -> bool:
    """True if the solar year ``js`` has 366 days (kromthupul <= 207)."""
    return kromthupul(js) <= 207


def is_adhikameas(js: int) -> bool:
    """អធិកមាស: the year takes a 13th month (bodithey >= 25 or <= 5).

    When two consecutive years both qualify the rule gives the month to one of them:
    bodithey 25 followed by 5 gives it to the next year, 24 followed by 6 to this one.
    """
    this_year, next_year = bodithey(js), bodithey(js + 1)
    if this_year == 25 and next_year == 5:
        return False
    if this_year == 24 and next_year == 6:
        return True
    return this_year >= 25 or this_year <= 5


def is_chantrathimeas(js: int) -> bool:
    """ចន្ទ្រាធិមាស by calculation alone: the year qualifies for a leap day in ជេស្ឋ.

    A 366-day solar year needs avoman <= 126, other years avoman <= 137; when avoman is 137
    and the next year's is 0, the leap day goes to the next year instead.
    """
    this_avoman = avoman(js)
    if this_avoman == 0 and avoman(js - 1) == 137:
        return True
    if is_solar_leap(js):
        return this_avoman < 127
    if this_avoman == 137 and avoman(js + 1) == 0:
        return False
    return this_avoman < 138


@lru_cache(maxsize=1024)
def leap_type(js: int) -> LeapType:
    """The kind of lunar year whose ជេស្ឋ and អាសាឍ fall in the solar year ``js``.

    A year cannot have both a leap month and a leap day: the leap day of a leap-month
    year is carried to the following year.
    """
    if is_adhikameas(js):
        return LeapType.LEAP_MONTH
    if is_chantrathimeas(js):
        return LeapType.LEAP_DAY
    previous = js - 1
    while is_adhikameas(previous):
        if is_chantrathimeas(previous):
            return LeapType.LEAP_DAY
        previous -= 1
    return LeapType.NORMAL


@dataclass(frozen=True)
class _SunPosition:
    """The true sun in signs, degrees and minutes of arc (libda) on one day of the year."""

    total_libda: int

    @property
    def angsar(self) -> int:
        return (self.total_libda % _LIBDA_PER_REASEY) // 60

    @property
    def libda(self) -> int:
        return self.total_libda % 60


def _mean_sun(js: int, sotin: int) -> int:
    """The mean sun, in libda, on day ``sotin`` of the solar year before ``js`` begins."""
    elapsed = 800 * sotin + kromthupul(js - 1)
    reasey, rest = divmod(elapsed, 24350)
    angsar, rest = divmod(rest, 811)
    libda = rest // 14 - 3
    return _LIBDA_PER_REASEY * reasey + 60 * angsar + libda


def _equation_of_centre(distance: int) -> int:
    """ផល: the correction from mean to true sun for an anomaly distance in libda."""
    reasey, rest = divmod(distance, _LIBDA_PER_REASEY)
    angsar, libda = divmod(rest, 60)
    if angsar >= 15:
        khan, pouichalip = 2 * reasey + 1, 60 * (angsar - 15) + libda
    else:
        khan, pouichalip = 2 * reasey, 60 * angsar + libda
    # ឆាយា: the almanac's table of (multiplier, base) for each half-sign of anomaly.
    chhaya = ((35, 0), (32, 35), (27, 67), (22, 94), (13, 116), (5, 129))
    multiplier, base = chhaya[khan] if khan <= 5 else (0, 134)
    return pouichalip * multiplier // 900 + base


def _true_sun(js: int, sotin: int) -> _SunPosition:
    """The true sun (mean sun corrected by the equation of centre) on day ``sotin``."""
    mean = _mean_sun(js, sotin)
    apogee = _LIBDA_PER_REASEY * 2 + 60 * 20  # the sun's apogee at 2 signs 20 degrees
    anomaly = (mean - apogee) % (_LIBDA_PER_REASEY * 12)
    kaen = anomaly // _LIBDA_PER_REASEY
    if kaen <= 2:
        distance = anomaly
    elif kaen <= 5:
        distance = _LIBDA_PER_REASEY * 6 - anomaly
    elif kaen <= 8:
        distance = anomaly - _LIBDA_PER_REASEY * 6
    else:
        distance = _LIBDA_PER_REASEY * 12 - anomaly
    correction = _equation_of_centre(distance)
    return _SunPosition(mean - correction if kaen <= 5 else mean + correction)


def _new_year_suns(js: int) -> list[_SunPosition]:
    """The true sun on the four days around the end of the solar year before ``js``."""
    first = 363 if is_solar_leap(js - 1) else 362
    return [_true_sun(js, sotin) for sotin in range(first, first + 4)]


def songkran_time(js: int) -> time:
    """The time of day at which the sun enters Aries (the Moha Songkran moment), Cambodian time.

    The almanac arithmetic gives the time in steps of 24 minutes (one libda of arc); the
    Ministry's published minute can differ by up to about 25 minutes (14:24 computed for
    2015 against 14:02 published). Only the date matters for the calendar unless the moment
    is close to midnight.
    """
    for sun in _new_year_suns(js):
        if sun.angsar == 0:
            minutes = _MINUTES_PER_DAY - sun.libda * 24
            return time((minutes // 60) % 24, minutes % 60)
    return time(0, 0)


def new_year_days(js: int) -> int:
    """How many days the New Year lasts, from Moha Songkran to Lerng Sak (3 or 4)."""
    return 4 if _new_year_suns(js)[0].angsar == 0 else 3


def lerng_sak_offset(js: int) -> int:
    """Days from 1កើត ខែចេត្រ to ថ្ងៃឡើងស័ក (the last New Year day), from bodithey.

    Lerng Sak falls on the bodithey-th day of ចេត្រ, or when bodithey < 6 on day
    bodithey + 1 of ពិសាខ (ចេត្រ has 29 days). A year following a year that had both a
    leap month and a leap day by calculation moves Lerng Sak one day on.
    """
    day = bodithey(js)
    if is_adhikameas(js - 1) and is_chantrathimeas(js - 1):
        day = (day + 1) % 30
    return day - 1 if day >= 6 else 29 + day


@dataclass(frozen=True)
class Songkran:
    """Khmer New Year of one Gregorian year: the Moha Songkran moment and Lerng Sak day."""

    moment: datetime
    lerng_sak: date
    days: int

    @property
    def day(self) -> date:
        """The first New Year day (ថ្ងៃមហាសង្រ្កាន្ត)."""
        return self.moment.date()

    @classmethod
    def from_lerng_sak(cls, js: int, lerng_sak: date) -> Songkran:
        days = new_year_days(js)
        first_day = lerng_sak - timedelta(days=days - 1)
        return cls(datetime.combine(first_day, songkran_time(js)), lerng_sak, days)
