"""Khmer digits and number formatting."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.khmer.digits import ascii_digits, format_number, has_khmer_digits, khmer_digits


def test_digits_map_one_to_one():
    assert khmer_digits("0123456789") == "០១២៣៤៥៦៧៨៩"
    assert khmer_digits(2018) == "២០១៨"
    assert ascii_digits("ព.ស.២៥៦១") == "ព.ស.2561"


def test_other_characters_are_kept():
    assert khmer_digits("លេខ៖ 123/25 ក.ស.") == "លេខ៖ ១២៣/២៥ ក.ស."
    assert has_khmer_digits("ថ្ងៃទី២៧") and not has_khmer_digits("day 27")


@given(st.integers())
def test_integer_round_trip(number):
    text = khmer_digits(number)
    assert not any(char.isascii() and char.isdigit() for char in text)
    assert int(ascii_digits(text)) == number


@given(st.text())
def test_text_round_trip(text):
    # Text without Khmer digits survives ASCII -> Khmer -> ASCII unchanged.
    plain = ascii_digits(text)
    assert ascii_digits(khmer_digits(plain)) == plain


@pytest.mark.parametrize(
    ("number", "lang", "expected"),
    [
        (1200000, "km", "១.២០០.០០០"),
        (1200000, "en", "1,200,000"),
        (999, "km", "៩៩៩"),
        (1000, "km", "១.០០០"),
        (-25000, "km", "-២៥.០០០"),
        (Decimal("3.5"), "km", "៣,៥"),
        (1234.75, "en", "1,234.75"),
        ("១២០០", "en", "1,200"),
        ("12500", "km", "១២.៥០០"),
    ],
)
def test_format_number(number, lang, expected):
    assert format_number(number, lang) == expected


@given(st.integers(min_value=0, max_value=10**15))
def test_grouping_round_trips(number):
    assert int(ascii_digits(format_number(number, "km")).replace(".", "")) == number


@pytest.mark.parametrize("bad", ["twelve", "1.2.3", "nan"])
def test_format_number_rejects_non_numbers(bad):
    with pytest.raises(ValueError):
        format_number(bad)


def test_format_number_rejects_unknown_language():
    with pytest.raises(ValueError, match="language"):
        format_number(5, "fr")
