"""Cell and YAML values into typed values: dates, times, e-mail, phone, sex, yes/no, bilingual texts.

Every parser returns ``(value, message)``: the message is None when the input
was understood, else a sentence for a Problem; the checks (``check_email``,
``bad_character``, ``check_reference_pattern``) return the message only.
:class:`Collector` gathers the problems of a load and the Khmer fields
``docgen check`` inspects.
"""
from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import INVISIBLE, Problem, Severity
from docgen.model import Text
from docgen.provinces import find_province

__all__ = [
    "KhmerField",
    "Collector",
    "parse_date",
    "parse_time",
    "check_email",
    "parse_phone",
    "parse_sex",
    "parse_yes_no",
    "parse_province",
    "bad_character",
    "check_reference_pattern",
    "LANGUAGES",
]

LANGUAGES = ("km", "en", "both")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# What people type for sex, in recipient lists and on typed attendance sheets (the one table of aliases).
_SEX = {"m": "M", "male": "M", "man": "M", "mr": "M", "ប្រុស": "M", "ប": "M", "បុរស": "M",
        "f": "F", "female": "F", "woman": "F", "ms": "F", "mrs": "F", "ស្រី": "F", "ស": "F", "នារី": "F"}
_YES = {"yes", "y", "true", "1", "x", "បាទ", "ចាស", "មាន", "ព្រម"}
_NO = {"no", "n", "false", "0", "ទេ", "គ្មាន", ""}
_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")


@dataclass(frozen=True)
class KhmerField:
    """A text (its Khmer or English half) as found in a file, for the text checks of ``docgen check``."""

    file: str
    row: int | None
    field: str
    text: str


@dataclass
class Collector:
    """The problems found while loading, and every Khmer field met on the way."""

    problems: list[Problem] = field(default_factory=list)
    khmer: list[KhmerField] = field(default_factory=list)
    english: list[KhmerField] = field(default_factory=list)   # the English halves, for the glyph check

    def error(self, file: str, row: int | None, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(file, row, field_name, message))

    def warn(self, file: str, row: int | None, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(file, row, field_name, message, Severity.WARNING))

    def text(self, file: str, row: int | None, field_name: str, km: str, en: str) -> Text:
        """A bilingual text; its halves are remembered for the text checks."""
        km, en = (km or "").strip(), (en or "").strip()
        if km:
            self.khmer.append(KhmerField(file, row, field_name, km))
        if en:
            en_field = field_name[:-3] + "_en" if field_name.endswith("_km") else f"{field_name}.en"
            self.english.append(KhmerField(file, row, en_field, en))
        return Text(km, en)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def parse_date(value: Any) -> tuple[dt.date | None, str | None]:
    """An ISO date (YYYY-MM-DD), a YAML date or an Excel date."""
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]), None
    except ValueError as exc:
        if _ISO_DATE.match(text):  # the right shape, an impossible day: 2018-02-30
            return None, f"{text[:10]} is not a date ({exc})"
        return None, f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-02-27"


def parse_time(value: Any) -> tuple[dt.time | None, str | None]:
    """A clock time HH:MM (24-hour)."""
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.time):
        return value, None
    match = re.fullmatch(r"(\d{1,2})[:.h](\d{2})", str(value).strip())
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2])), None
    return None, f"{value!r} is not a time; write it as HH:MM, e.g. 08:00 or 14:30"


def check_email(value: str) -> str | None:
    """None when ``value`` is empty or looks like one e-mail address, else why not."""
    if not value or _EMAIL.match(value):
        return None
    if any(sep in value for sep in ",; "):
        return f"{value!r} is not one e-mail address; put one address per recipient"
    return f"{value!r} is not an e-mail address"


def parse_phone(value: str) -> tuple[str, str | None]:
    """A phone number as typed, with the trunk 0 Excel drops put back; one in scientific notation is refused.

    Excel stores ``012345678`` as the number 12345678 and a CSV it saves writes it so:
    Cambodian numbers are 9 or 10 digits with their leading 0, so 8 or 9 bare digits
    get it back. A number Excel shows as ``1.23457E+08`` has lost its last digits:
    the value is left empty and the message says how to keep it (issue 26).
    """
    text = (value or "").strip()
    if _SCIENTIFIC.fullmatch(text):
        return "", (f"{text!r} is a number in scientific notation, its last digits are lost; it is left empty: "
                    "format the column as Text in Excel and type the number again")
    if text.isascii() and text.isdigit() and len(text) in (8, 9) and not text.startswith("0"):
        return "0" + text, None   # (with the country code 855 a number has 11-12 digits: 85512345 is 085 12345)
    return text, None


def parse_sex(value: str) -> tuple[str, str | None]:
    """M, F or "" from M/F, male/female, ប្រុស/ស្រី."""
    key = (value or "").strip().casefold()
    if not key:
        return "", None
    if key in _SEX:
        return _SEX[key], None
    return "", f"{value!r} is not a sex; write M or F (ប្រុស or ស្រី), or leave it empty"


def parse_yes_no(value: str) -> tuple[bool, str | None]:
    """yes/no (and y/n, true/false, 1/0, បាទ/ទេ); empty is no."""
    key = (value or "").strip().casefold()
    if key in _YES:
        return True, None
    if key in _NO:
        return False, None
    return False, f"{value!r} is not yes or no"


def parse_province(value: str) -> tuple[str, str | None]:
    """The canonical English name of a province given in Khmer, English or by code."""
    if not (value or "").strip():
        return "", "is required"
    province = find_province(value)
    if province is None:
        return "", f"unknown province {value!r}; use a Cambodian province name in Khmer or English, e.g. Kampot or កំពត"
    return province.en, None


def bad_character(value: str) -> str | None:
    """None when ``value`` holds no control character, lone surrogate or line separator, else which one."""
    match = INVISIBLE.search(value)
    if match is None:
        return None
    code = ord(match[0])
    if 0xD800 <= code <= 0xDFFF:
        hint = "half of a character pair, which no file can hold; retype the value"
    elif match[0] in "\t\n\r\u2028\u2029":
        hint = "a tab or line break; write the value on one line"
    else:
        hint = "retype the value without it"
    return f"holds the invisible character U+{code:04X}; {hint}"


def check_reference_pattern(pattern: str) -> str | None:
    """None when ``pattern`` numbers a letter (``{number}``, ``{number:03d}/18``), else why it cannot.

    The pattern is formatted for every letter: only ``{number}`` may be named (an
    attribute or index such as ``{number.real}`` is refused), and a width of more
    than two digits would make every reference a page long.
    """
    hint = "use {number}, e.g. {number:03d}/18"
    try:
        fields = [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        return f"{pattern!r} is not a pattern ({exc}); {hint}"
    for name, spec in fields:
        if name != "number":
            return f"{{{name}}} is not the letter's number; {hint}"
        if "{" in spec or re.search(r"\d{3,}", spec):
            return f"{{{name}:{spec}}} is not a number format; {hint}"
    try:
        pattern.format(number=1)
    except ValueError as exc:
        return f"{pattern!r} cannot number a letter ({exc}); {hint}"
    return None
