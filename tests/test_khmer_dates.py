"""Solar date lines, place lines, times and the Jinja filters."""
from __future__ import annotations

from datetime import date, datetime, time

import jinja2
import pytest

from docgen.errors import SourceError
from docgen.khmer.dates import (
    SOLAR_MONTHS_KM,
    place_date_en,
    place_date_km,
    solar_en,
    solar_en_long,
    solar_km,
    time_en,
    time_km,
    weekday_km,
)
from docgen.khmer.filters import FILTERS

DAY = date(2018, 2, 27)  # the first day of the 2018 forum (facts file §3)


def test_solar_lines():
    assert solar_km(DAY) == "ថ្ងៃទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨"
    assert solar_en(DAY) == "27 February 2018"
    assert solar_en_long(DAY) == "Tuesday, 27 February 2018"
    assert solar_km("2020-02-05") == "ថ្ងៃទី៥ ខែកុម្ភៈ ឆ្នាំ២០២០"
    assert solar_km(datetime(2025, 5, 15, 9, 30)) == "ថ្ងៃទី១៥ ខែឧសភា ឆ្នាំ២០២៥"


def test_months_are_cldr_km():
    # facts file §5 (Babel CLDR km)
    assert SOLAR_MONTHS_KM == ("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា",
                               "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ")


@pytest.mark.parametrize(
    ("day", "name"),
    [(date(2018, 2, 25), "អាទិត្យ"), (date(2018, 2, 26), "ចន្ទ"), (DAY, "អង្គារ"),
     (date(2018, 3, 1), "ព្រហស្បតិ៍"), (date(2018, 3, 3), "សៅរ៍")],
)
def test_weekdays_use_the_letter_spellings(day, name):
    assert weekday_km(day) == name


@pytest.mark.parametrize("province", ["Kampot", "ខេត្តកំពត", "កំពត", "07", "kompot"])
def test_place_line_for_a_province(province):
    assert place_date_km(DAY, province) == "ខេត្តកំពត ថ្ងៃទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨"
    assert place_date_en(DAY, province) == "Kampot, 27 February 2018"


def test_place_line_for_the_capital():
    assert place_date_km(DAY, "Phnom Penh") == "រាជធានីភ្នំពេញ ថ្ងៃទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨"
    assert place_date_km(DAY, "រាជធានីភ្នំពេញ").startswith("រាជធានីភ្នំពេញ ថ្ងៃទី")


def test_unknown_province_is_a_problem():
    with pytest.raises(SourceError) as caught:
        place_date_km(DAY, "Atlantis")
    assert caught.value.problems[0].field == "province"
    assert "Atlantis" in caught.value.lines()[0]


@pytest.mark.parametrize(
    ("value", "km", "en"),
    [
        (time(8, 0), "ម៉ោង ០៨:០០ ព្រឹក", "8:00 a.m."),
        ("07:30", "ម៉ោង ០៧:៣០ ព្រឹក", "7:30 a.m."),
        (time(12, 0), "ម៉ោង ១២:០០ ថ្ងៃត្រង់", "12:00 noon"),
        (time(14, 30), "ម៉ោង ០២:៣០ រសៀល", "2:30 p.m."),
        (datetime(2018, 2, 27, 18, 0), "ម៉ោង ០៦:០០ ល្ងាច", "6:00 p.m."),
        (time(19, 15), "ម៉ោង ០៧:១៥ យប់", "7:15 p.m."),
    ],
)
def test_session_times(value, km, en):
    assert time_km(value) == km
    assert time_en(value) == en


def test_filters_render_in_jinja():
    environment = jinja2.Environment(autoescape=False)
    environment.filters.update(FILTERS)
    template = environment.from_string(
        "{{ d | lunar_km }}\n{{ d | place_date_km('Kampot') }}\n{{ d | date_en }}\n"
        "{{ n | number }} {{ n | number('en') }} {{ 'ឯកឧត្តម' | honorific_en }} {{ 'Mrs.' | honorific_km }}\n"
        "{{ t | time_km }} / {{ t | time_en }} / {{ 'លេខ 12' | khmer_digits }}"
    )
    assert template.render(d=DAY, n=1500000, t="08:00").splitlines() == [
        "ថ្ងៃអង្គារ ១៣កើត ខែផល្គុន ឆ្នាំរកា នព្វស័ក ព.ស.២៥៦១",
        "ខេត្តកំពត ថ្ងៃទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨",
        "27 February 2018",
        "១.៥០០.០០០ 1,500,000 H.E. លោកស្រី",
        "ម៉ោង ០៨:០០ ព្រឹក / 8:00 a.m. / លេខ ១២",
    ]


def test_filters_include_the_documented_names():
    assert {"khmer_digits", "date_km", "date_en", "lunar_km", "place_date_km", "place_date_en",
            "time_km", "time_en", "honorific_en", "honorific_km", "number"} <= FILTERS.keys()
