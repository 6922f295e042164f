"""The Khmer lunar calendar against published dates, and its internal consistency 1900-2100."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from docgen.khmer.lunar import (
    ANIMAL_YEARS_KM,
    LUNAR_MONTHS_KM,
    khmer_new_year,
    lunar_date,
    lunar_line_km,
    lunar_year,
)
from docgen.khmer.songkran import LeapType, is_adhikameas, is_chantrathimeas, leap_type

# -- whole date lines as published -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "line"),
    [
        # shared/khmer-letter-facts.md §3, checked against published calendars.
        (date(2018, 2, 27), "ថ្ងៃអង្គារ ១៣កើត ខែផល្គុន ឆ្នាំរកា នព្វស័ក ព.ស.២៥៦១"),
        (date(2020, 2, 5), "ថ្ងៃពុធ ១២កើត ខែមាឃ ឆ្នាំកុរ ឯកស័ក ព.ស.២៥៦៣"),  # rac.gov.kh/public/posts/677
        (date(2025, 5, 15), "ថ្ងៃព្រហស្បតិ៍ ៤រោច ខែពិសាខ ឆ្នាំម្សាញ់ សប្តស័ក ព.ស.២៥៦៩"),
        # Phnom Penh court decision 738 of 20 June 2022 (nokorwatnews.com/archives/859556):
        # 5 August 1952 "ត្រូវនឹងថ្ងៃអង្គារ ១៥កើត ខែស្រាពណ៍ ឆ្នាំរោង ចត្វាស័ក ពុទ្ធសករាជ ២៤៩៦".
        (date(1952, 8, 5), "ថ្ងៃអង្គារ ១៥កើត ខែស្រាពណ៍ ឆ្នាំរោង ចត្វាស័ក ព.ស.២៤៩៦"),
        # Senate news (senate.gov.kh/news/20935): Visak Bochea "ថ្ងៃអាទិត្យ ១៥កើត ខែពិសាខ ឆ្នាំខាល
        # ចត្វាស័ក ព.ស២៥៦៥ ត្រូវនឹងថ្ងៃទី១៥ ខែឧសភា ឆ្នាំ២០២២".
        (date(2022, 5, 15), "ថ្ងៃអាទិត្យ ១៥កើត ខែពិសាខ ឆ្នាំខាល ចត្វាស័ក ព.ស.២៥៦៥"),
        # nokorwatnews.com/archives/294804: "ថ្ងៃអាទិត្យ ១៥កើត ខែពិសាខ ឆ្នាំច សំរឹទ្ធិស័ក ព.ស ២៥៦១
        # ត្រូវនឹងថ្ងៃទី២៩ ខែមេសា ឆ្នាំ២០១៨".
        (date(2018, 4, 29), "ថ្ងៃអាទិត្យ ១៥កើត ខែពិសាខ ឆ្នាំច សំរឹទ្ធិស័ក ព.ស.២៥៦១"),
    ],
)
def test_published_lines(day, line):
    assert lunar_line_km(day) == line


def test_khmer_krom_community_note_2017():
    # khmerkromngo.org (KKC meeting): "Wed 13th Waxing Moon of Jeṭṭha B.E.2561, June 7, A.D.2017".
    lunar = lunar_date(date(2017, 6, 7))
    assert (lunar.weekday_km, lunar.day, lunar.phase, lunar.month_km, lunar.buddhist_era) == (
        "ពុធ", 13, "កើត", "ជេស្ឋ", 2561)


def test_leap_month_2026_is_first_asath():
    # danhhong/khmer_lunar_date issue #3: other calendars show 29 June 2026 as
    # "ថ្ងៃចន្ទ ១៥កើត ខែបឋមាសាឍ ឆ្នាំមមី អដ្ឋស័ក ពុទ្ធសករាជ ២៥៧០".
    assert lunar_line_km(date(2026, 6, 29)) == "ថ្ងៃចន្ទ ១៥កើត ខែបឋមាសាឍ ឆ្នាំមមី អដ្ឋស័ក ព.ស.២៥៧០"


# -- festival days from published holiday lists ------------------------------------------

FULL_MOON, NEW_MOON_WANING = (15, "កើត"), (15, "រោច")

FESTIVALS = [
    # Royal Cambodian Embassy, Washington, holiday list for 2006 (nativeamericanembassy.net mirror).
    (date(2006, 2, 13), "មាឃ", FULL_MOON),  # Meak Bochea
    (date(2006, 5, 12), "ពិសាខ", FULL_MOON),  # Visak Bochea
    # khmeridentification-edu.blogspot.com/2011/11: the Cambodian public holidays for 2011.
    (date(2011, 2, 18), "មាឃ", FULL_MOON),
    (date(2011, 5, 17), "ពិសាខ", FULL_MOON),
    (date(2011, 9, 27), "ភទ្របទ", NEW_MOON_WANING),  # middle day of Pchum Ben 26-28 Sep
    (date(2011, 11, 10), "កត្តិក", FULL_MOON),  # middle day of the Water Festival 9-11 Nov
    # greeneratravel.com and aboutcheapholidays.com, Cambodia public holidays 2013.
    (date(2013, 2, 25), "មាឃ", FULL_MOON),
    # supertravelr.com guide to Cambodia's national holidays (2017).
    (date(2017, 5, 10), "ពិសាខ", FULL_MOON),
    # Facts file: Meak Bochea 31 Jan 2018; cyclebodia.com public holidays (2018).
    (date(2018, 1, 31), "មាឃ", FULL_MOON),
    (date(2018, 4, 29), "ពិសាខ", FULL_MOON),
    (date(2018, 10, 9), "ភទ្របទ", NEW_MOON_WANING),  # Pchum Ben 8-10 Oct
    (date(2018, 11, 22), "កត្តិក", FULL_MOON),  # Water Festival 21-23 Nov
    # beeninasia.com, the Cambodian festivals of 2019.
    (date(2019, 2, 19), "មាឃ", FULL_MOON),
    (date(2019, 5, 18), "ពិសាខ", FULL_MOON),
    (date(2019, 11, 11), "កត្តិក", FULL_MOON),  # Bon Om Tuk 10-12 Nov
    # freshnewsasia.com 2021-04-26: "ថ្ងៃ១៥កើត ខែពិសាខ ឆ្នាំឆ្លូវ ត្រីស័ក ... ថ្ងៃទី២៦ ខែមេសា ឆ្នាំ២០២១".
    (date(2021, 4, 26), "ពិសាខ", FULL_MOON),
    # Facts file: 15 May 2025 is ៤រោច ពិសាខ, so Visak Bochea was 11 May 2025.
    (date(2025, 5, 11), "ពិសាខ", FULL_MOON),
    # ECCC information circular E165.1 (1 Dec 2011), official holidays for 2012, citing Sub-Decree 231
    # (recorded in RSG-KH/khmer-calendar-engine docs/references.md, G01).
    (date(2012, 5, 5), "ពិសាខ", FULL_MOON),
    (date(2012, 10, 15), "ភទ្របទ", NEW_MOON_WANING),  # Pchum Ben 14-16 Oct
    (date(2012, 11, 28), "កត្តិក", FULL_MOON),  # Water Festival 27-29 Nov
    # Ministry of Labour Prakas 223 (12 Nov 2012), paid holidays 2013 (NCDD library translation).
    (date(2013, 5, 24), "ពិសាខ", FULL_MOON),
    (date(2013, 11, 17), "កត្តិក", FULL_MOON),  # Water Festival 16-18 Nov
    # khmerpac.com 2014-11-08: Friday 7 November 2014 was the last day (១រោច) of Om Touk.
    (date(2014, 11, 7), "កត្តិក", (1, "រោច")),
    # live.firstnews.co.uk 2016-11-14 (Getty caption): 13 November 2016 was the first night (១៤កើត) of
    # the Water Festival. 2016 takes the leap day carried over from the leap-month year 2015: without
    # that rule every date after ជេស្ឋ 2016 would come out one day early.
    (date(2016, 11, 13), "កត្តិក", (14, "កើត")),
    # cambodia-journey.com: Pchum Ben 2013 fell on 3, 4, 5 October.
    (date(2013, 10, 4), "ភទ្របទ", NEW_MOON_WANING),
    # The Phnom Penh Post via thestar.com.my 2023-09-27: Water Festival 26-28 Nov 2023.
    (date(2023, 11, 27), "កត្តិក", FULL_MOON),
]

ROYAL_PLOUGHING = [  # ៤រោច ខែពិសាខ, four days after Visak Bochea
    date(2012, 5, 9),  # ECCC circular E165.1
    date(2013, 5, 28),  # Prakas 223
    date(2018, 5, 3),  # cyclebodia.com
    date(2025, 5, 15),  # Ministry of Economy and Finance 2025 calendar (mef.gov.kh/calendar-holiday-2025)
    date(2026, 5, 5),  # Legal Reform Committee annual holiday calendar 2026 (lrc.gov.kh)
]


@pytest.mark.parametrize("day", ROYAL_PLOUGHING, ids=str)
def test_royal_ploughing_days(day):
    lunar = lunar_date(day)
    assert (lunar.day, lunar.phase, lunar.month_km) == (4, "រោច", "ពិសាខ")


@pytest.mark.parametrize(
    ("day", "animal", "era", "buddhist_era"),
    [
        # km.wikipedia.org ស័ក (ហោរាសាស្ត្រ), after Im Borin's almanac (1999): "គ្រិស្តសករាជ ១៩៩៥
        # ចុល្លសករាជ ១៣៥៧ គឺឆ្នាំកុរ សប្ដស័ក ពុទ្ធសករាជ២៥៣៩" and "២០០៧ ត្រូវនឹងឆ្នាំ កុរ នព្វស័ក ព.ស ២៥៥១".
        (date(1995, 8, 1), "កុរ", "សប្តស័ក", 2539),
        (date(2007, 8, 1), "កុរ", "នព្វស័ក", 2551),
    ],
)
def test_year_names_published_for_pig_years(day, animal, era, buddhist_era):
    lunar = lunar_date(day)
    assert (lunar.animal_year_km, lunar.era_km, lunar.buddhist_era) == (animal, era, buddhist_era)
    assert lunar.jolak_sakaraj == day.year - 638


@pytest.mark.parametrize(("day", "month", "moon"), FESTIVALS, ids=[d.isoformat() for d, _, _ in FESTIVALS])
def test_festival_days(day, month, moon):
    lunar = lunar_date(day)
    assert (lunar.month_km, (lunar.day, lunar.phase)) == (month, moon)


@pytest.mark.parametrize(
    ("year", "first_day"),
    [
        (2006, date(2006, 4, 14)),  # Royal Cambodian Embassy list: New Year 14-17 April 2006
        (2011, date(2011, 4, 14)),  # khmeridentification-edu 2011; klooking.wordpress.com: 14 Apr 2011 13:12
        (2017, date(2017, 4, 14)),  # supertravelr.com: 14-16 April 2017
        (2019, date(2019, 4, 14)),  # beeninasia.com: 14-16 April 2019
        (2026, date(2026, 4, 14)),  # HELMAB/chhankitek issue #30: 14 April 2026 per the printed almanac
        (2012, date(2012, 4, 13)),  # ECCC circular E165.1 and The Cambodia Daily 11 Apr 2012: 13 April, 19:11
        (2013, date(2013, 4, 14)),  # Prakas 223: 14-16 April 2013; The Cambodia Daily 13 Apr 2013: 02:12
        (2024, date(2024, 4, 13)),  # Cambodianess 13 Apr 2024 and CamboJA: 13 April, 22:24
    ],
)
def test_khmer_new_year_day(year, first_day):
    assert khmer_new_year(year).day == first_day


def test_songkran_2011_is_thursday_11_waxing_chetr():
    # klooking.wordpress.com: Songkran 2011 fell on Thursday ១១កើត ខែចេត្រ, 14 April 2011.
    lunar = lunar_date(khmer_new_year(2011).day)
    assert (lunar.weekday_km, lunar.day, lunar.phase, lunar.month_km) == ("ព្រហស្បតិ៍", 11, "កើត", "ចេត្រ")


# -- conventions ---------------------------------------------------------------------------


def test_buddhist_era_changes_on_first_waning_day_of_visakh():
    visak = date(2025, 5, 11)  # ១៥កើត ពិសាខ
    assert lunar_date(visak).buddhist_era == 2568
    assert lunar_date(visak + timedelta(days=1)).buddhist_era == 2569


def test_animal_year_and_era_change_at_the_songkran_moment():
    songkran = khmer_new_year(2025)  # 14 April 2025 in the morning
    before, on_day, after = (lunar_date(songkran.day + timedelta(days=n)) for n in (-1, 0, 1))
    assert (before.animal_year_km, before.era_km) == ("រោង", "ឆស័ក")
    assert (on_day.animal_year_km, on_day.era_km) == ("រោង", "ឆស័ក")  # read at 00:00: still the old year
    assert (after.animal_year_km, after.era_km) == ("ម្សាញ់", "សប្តស័ក")
    moment = lunar_date(songkran.moment)
    assert moment.animal_year_km == "ម្សាញ់"
    assert lunar_date(songkran.moment - timedelta(minutes=1)).animal_year_km == "រោង"
    # an aware moment is read in Cambodian time: the Songkran moment expressed in UTC
    in_utc = (songkran.moment - timedelta(hours=7)).replace(tzinfo=timezone.utc)
    assert lunar_date(in_utc).animal_year_km == "ម្សាញ់"
    assert lunar_date(in_utc - timedelta(minutes=1)).animal_year_km == "រោង"


def test_new_year_lasts_until_lerng_sak():
    for year in range(1950, 2081):
        songkran = khmer_new_year(year)
        assert songkran.days in (3, 4)
        assert (songkran.lerng_sak - songkran.day).days == songkran.days - 1
        assert date(year, 4, 12) <= songkran.day <= date(year, 4, 15)
        # (the line above holds by construction) Lerng Sak, computed from bodithey, falls in ចេត្រ
        # or early ពិសាខ with the new era in force; the day before Songkran is still the old era.
        lerng_sak = lunar_date(songkran.lerng_sak)
        assert lerng_sak.month_km in ("ចេត្រ", "ពិសាខ")
        assert lerng_sak.jolak_sakaraj == year - 638
        assert lunar_date(songkran.day - timedelta(days=1)).jolak_sakaraj == year - 639


# -- continuity ------------------------------------------------------------------------------


def _walk(first: date, last: date):
    day, previous = first, lunar_date(first)
    while day < last:
        day += timedelta(days=1)
        current = lunar_date(day)
        yield previous, current
        previous = current


def _assert_next_day(previous, current, months):
    if current.day == 1 and current.phase == "កើត":
        assert months.index(current.month_km) == months.index(previous.month_km) + 1
        assert (previous.phase, previous.day) in (("រោច", 14), ("រោច", 15))
    elif current.day == 1:
        assert (previous.day, previous.phase, previous.month_km) == (15, "កើត", current.month_km)
    else:
        assert (previous.day + 1, previous.phase, previous.month_km) == (
            current.day, current.phase, current.month_km)


@pytest.mark.parametrize(("year", "leap"), [(2018, LeapType.LEAP_MONTH), (2020, LeapType.LEAP_DAY)])
def test_every_day_of_a_leap_year_follows_on(year, leap):
    lunar = lunar_year(year)
    assert lunar.leap is leap
    months = [month.name_km for month in lunar.months]
    last = lunar.months[-1].start + timedelta(days=lunar.months[-1].days - 1)
    for previous, current in _walk(lunar.start, last):
        _assert_next_day(previous, current, months)
    if leap is LeapType.LEAP_MONTH:
        assert months[6:8] == ["បឋមាសាឍ", "ទុតិយាសាឍ"] and "អាសាឍ" not in months
        assert lunar_date(lunar.month("ទុតិយាសាឍ").start).leap_month
    else:
        assert lunar.month("ជេស្ឋ").days == 30
        assert lunar_date(lunar.month("ជេស្ឋ").start + timedelta(days=29)).day == 15


def test_leap_day_of_a_leap_month_year_is_carried_to_the_next_year():
    assert is_adhikameas(2015 - 638) and is_chantrathimeas(2015 - 638)
    assert lunar_year(2015).leap is LeapType.LEAP_MONTH
    assert lunar_year(2016).leap is LeapType.LEAP_DAY and not is_chantrathimeas(2016 - 638)


def test_calendar_is_consistent_from_1900_to_2100():
    previous_end = None
    for year in range(1900, 2101):
        lunar = lunar_year(year)
        assert len(lunar.months) == (13 if lunar.leap is LeapType.LEAP_MONTH else 12)
        assert all(month.days in (29, 30) for month in lunar.months)
        assert lunar.days == lunar.leap.days
        assert lunar.months[0].name_km == "បុស្ស" and lunar.months[-1].name_km == "មិគសិរ"
        for month, following in zip(lunar.months, lunar.months[1:]):
            assert following.start == month.start + timedelta(days=month.days)
        if previous_end is not None:
            assert lunar.start == previous_end  # the day counter runs on without a gap
        previous_end = lunar.start + timedelta(days=lunar.days)
        # a year never has both a leap month and a leap day, and leap months are not consecutive
        js = year - 638
        assert not (is_adhikameas(js) and is_adhikameas(js + 1))
        assert leap_type(js) is not LeapType.LEAP_DAY or not is_adhikameas(js)


def test_full_moon_days_are_15_waxing_across_years():
    # Each lunar month's ១៥កើត is 14 days after its ១កើត; the animal cycle repeats every 12 years.
    assert lunar_date(date(2020, 6, 1)).animal_year_km == ANIMAL_YEARS_KM[0]  # 2020 is the Rat year
    for year in (1950, 1979, 2000, 2050, 2080):
        for month in lunar_year(year).months:
            lunar = lunar_date(month.start + timedelta(days=14))
            assert (lunar.day, lunar.phase) == (15, "កើត")
            assert lunar.month_km in (*LUNAR_MONTHS_KM, "បឋមាសាឍ", "ទុតិយាសាឍ")


def test_outside_the_range_is_a_value_error():
    with pytest.raises(ValueError, match="outside"):
        lunar_date(date(1700, 1, 1))
    with pytest.raises(ValueError, match="outside"):
        lunar_date(datetime(2400, 1, 1, 12, 0))


def test_songkran_2024_arrival_time_and_four_days():
    # Cambodianess, 13 April 2024: arrival 22:24 on 13 April, Vanabat 14-15 April, Lerng Sak 16 April;
    # rnk.gov.kh: the festival ran 13-16 April 2024.
    songkran = khmer_new_year(2024)
    assert songkran.moment == datetime(2024, 4, 13, 22, 24)
    assert (songkran.days, songkran.lerng_sak) == (4, date(2024, 4, 16))
