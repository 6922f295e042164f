"""Typed readers for markup attribute values: lengths, font sizes, colours, choices, widths."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docgen.document import ALIGNS, MM, Width

__all__ = ["AttributeReader", "parse_length"]

_UNITS = {"mm": MM, "cm": 10 * MM, "pt": 1.0, "in": 72.0}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|pt|in)?\s*$")
_COLOR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


def parse_length(text: str) -> float | None:
    """``"15mm"``, ``"1.5cm"``, ``"12pt"``, ``"1in"`` or a bare number of millimetres, in points."""
    match = _LENGTH.match(text)
    if not match:
        return None
    return float(match.group(1)) * _UNITS[match.group(2) or "mm"]


class AttributeReader:
    """Reads one element's attributes; a bad or unknown one is reported, and the default used."""

    def __init__(self, tag: str, values: dict[str, str], allowed: tuple[str, ...],
                 report: Callable[[str, str], None]):
        self.tag = tag
        self.values = values
        self.allowed = allowed
        self.report = report

    def finish(self) -> None:
        """Report every attribute the element does not take."""
        for name in self.values:
            if name not in self.allowed:
                known = ", ".join(self.allowed) or "none"
                self.report(name, f"<{self.tag}> has no attribute {name!r} (it takes: {known})")

    def _get(self, name: str, default: Any, convert: Callable[[str], Any], expected: str) -> Any:
        raw = self.values.get(name)
        if raw is None:
            return default
        value = convert(raw.strip())
        if value is None:
            self.report(name, f"<{self.tag} {name}={raw!r}>: expected {expected}")
            return default
        return value

    def text(self, name: str, default: str) -> str:
        return self.values.get(name, default)

    def required(self, name: str) -> str:
        if not self.values.get(name, "").strip():
            self.report(name, f"<{self.tag}> needs a {name!r} attribute")
            return ""
        return self.values[name]

    def choice(self, name: str, options: tuple[str, ...], default: Any) -> Any:
        return self._get(name, default, lambda v: v if v in options else None, "one of " + ", ".join(options))

    def align(self, name: str, default: str) -> str:
        convert = lambda v: "centre" if v == "center" else (v if v in ALIGNS else None)  # noqa: E731
        return self._get(name, default, convert, "one of " + ", ".join(ALIGNS))

    def number(self, name: str, default: float | None) -> float | None:
        return self._get(name, default, _positive, "a positive number")

    def size(self, name: str, default: Any) -> Any:
        return self._get(name, default, _positive, "a font size in points, like 11 or 10.5")

    def length(self, name: str, default: Any) -> Any:
        return self._get(name, default, parse_length, "a length like 15mm, 1.5cm, 12pt or 1in")

    def integer(self, name: str, default: int) -> int:
        convert = lambda v: int(v) if v.isdigit() else None  # noqa: E731
        return self._get(name, default, convert, "a whole number")

    def boolean(self, name: str, default: bool) -> bool:
        convert = lambda v: True if v in _TRUE else (False if v in _FALSE else None)  # noqa: E731
        return self._get(name, default, convert, "true or false")

    def color(self, name: str, default: str | None) -> str | None:
        return self._get(name, default, _color, "a colour like #555 or #1f4e79")

    def margins(self, name: str, default: tuple[float, ...]) -> tuple[float, ...]:
        return self._get(name, default, _margins, "1, 2 or 4 lengths: top right bottom left, like '25 20 20 30'")

    def widths(self, name: str) -> tuple[Width, ...]:
        return self._get(name, (), _widths, "lengths or shares, like '15mm * 2* 30mm'")


def _positive(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value > 0 else None


def _color(text: str) -> str | None:
    match = _COLOR.match(text)
    if not match:
        return None
    hexa = match.group(1).lower()
    return "#" + (hexa if len(hexa) == 6 else "".join(c * 2 for c in hexa))


def _margins(text: str) -> tuple[float, ...] | None:
    values = [parse_length(part) for part in text.split()]
    if not values or None in values or len(values) not in (1, 2, 4):
        return None
    if len(values) == 1:
        values *= 4
    elif len(values) == 2:
        values *= 2
    return tuple(values)


def _widths(text: str) -> tuple[Width, ...] | None:
    widths = []
    for part in text.split():
        if part.endswith("*"):
            share = _positive(part[:-1] or "1")
            if share is None:
                return None
            widths.append(Width(share, star=True))
        else:
            length = parse_length(part)
            if length is None:
                return None
            widths.append(Width(length))
    return tuple(widths) or None
