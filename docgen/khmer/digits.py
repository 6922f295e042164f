"""Khmer digits (០-៩, U+17E0-U+17E9) to and from ASCII, and numbers as Khmer documents write them.

Khmer official texts group thousands with a full stop and mark decimals with a comma
(``១.២០០.០០០ រៀល``, ``៣,៥``), the continental convention Cambodia took over with French
administration; English texts use ``1,200,000`` and ``3.5``.
"""
from __future__ import annotations

from decimal import Decimal

__all__ = ["KHMER_DIGITS", "khmer_digits", "ascii_digits", "has_khmer_digits", "format_number"]

KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"
_TO_KHMER = str.maketrans("0123456789", KHMER_DIGITS)
_TO_ASCII = str.maketrans(KHMER_DIGITS, "0123456789")

# (thousands separator, decimal mark) per language
_SEPARATORS = {"km": (".", ","), "en": (",", ".")}


def khmer_digits(value: int | str | object) -> str:
    """``value`` as text with every ASCII digit turned into a Khmer digit; other characters kept."""
    return str(value).translate(_TO_KHMER)


def ascii_digits(text: str) -> str:
    """``text`` with every Khmer digit turned into an ASCII digit; other characters kept."""
    return str(text).translate(_TO_ASCII)


def has_khmer_digits(text: str) -> bool:
    """True if ``text`` contains at least one Khmer digit."""
    return any(char in KHMER_DIGITS for char in str(text))


def _group(digits: str, separator: str) -> str:
    """Insert ``separator`` between groups of three digits, counting from the right."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


def format_number(number: int | float | Decimal | str, lang: str = "km") -> str:
    """``number`` grouped by thousands, in Khmer digits with ``.``/``,`` for km, ASCII ``,``/``.`` for en.

    Accepts ints, floats, Decimals and numeric strings (Khmer or ASCII digits, e.g. "1200.5").
    Raises ValueError for text that is not a number or an unknown language.
    """
    if lang not in _SEPARATORS:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(_SEPARATORS)}")
    try:
        value = Decimal(ascii_digits(number).strip().replace(",", "")) if isinstance(number, str) else Decimal(str(number))
    except ArithmeticError as exc:
        raise ValueError(f"not a number: {number!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite number: {number!r}")
    thousands, decimal_mark = _SEPARATORS[lang]
    sign, digits = ("-", str(abs(value))) if value < 0 else ("", str(value))
    whole, _, fraction = digits.partition(".")
    text = sign + _group(whole, thousands) + (decimal_mark + fraction if fraction else "")
    return khmer_digits(text) if lang == "km" else text
