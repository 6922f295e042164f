"""Jinja filters for Khmer and English dates, digits, numbers and honorifics.

``docgen.compose`` registers :data:`FILTERS` on its environment; every filter accepts what a
template naturally holds (``date``/``datetime`` objects or ISO text, ``time`` or ``"08:00"``).
"""
from __future__ import annotations

from typing import Any, Callable

from docgen.khmer.dates import (
    as_date,
    place_date_en,
    place_date_km,
    solar_en,
    solar_en_long,
    solar_km,
    time_en,
    time_km,
)
from docgen.khmer.digits import format_number, khmer_digits
from docgen.khmer.honorifics import honorific_en, honorific_km, name_en, salutation_km
from docgen.khmer.lunar import lunar_line_km

__all__ = ["FILTERS"]


def _lunar_km(value: Any) -> str:
    """``{{ day | lunar_km }}`` -> ថ្ងៃអង្គារ ១៣កើត ខែផល្គុន ឆ្នាំរកា នព្វស័ក ព.ស.២៥៦១."""
    return lunar_line_km(as_date(value))


def _number(value: Any, lang: str = "km") -> str:
    """``{{ 1200000 | number }}`` -> ១.២០០.០០០; ``{{ n | number('en') }}`` -> 1,200,000."""
    return format_number(value, lang)


FILTERS: dict[str, Callable[..., str]] = {
    "khmer_digits": khmer_digits,
    "date_km": solar_km,
    "date_en": solar_en,
    "date_en_long": solar_en_long,
    "lunar_km": _lunar_km,
    "place_date_km": place_date_km,
    "place_date_en": place_date_en,
    "time_km": time_km,
    "time_en": time_en,
    "honorific_en": honorific_en,
    "honorific_km": honorific_km,
    "salutation_km": salutation_km,
    "name_en": name_en,
    "number": _number,
}
