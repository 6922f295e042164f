"""Health of a Khmer text field as text: legacy (Limon) typing and stray zero-width characters.

These checks need the characters only. What needs the fonts (clusters that
shape with a dotted circle, glyphs a font lacks) is judged by
:func:`docgen.check.text_problems`, which adds these messages to its own.
"""
from __future__ import annotations

import re
import unicodedata

from docgen.khmer.segment import has_khmer

__all__ = ["looks_legacy", "legacy_problems", "zero_width_problems"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Legacy Limon/ABC fonts map Khmer shapes onto ASCII: typed "Khmer" comes out as
# runs of Latin letters mixed with punctuation inside words, such as "sUmeKarBCUn".
_LEGACY_WORD = re.compile(r"[A-Za-z\[\]{}|;'`~^]*[a-z][A-Z][A-Za-z\[\]{}|;'`~^]*|[A-Za-z]+[\[\]{}|;`~^][A-Za-z]+")


def looks_legacy(text: str) -> bool:
    """Whether ``text`` looks like legacy non-Unicode Khmer (Limon-style Latin letters), not Khmer Unicode."""
    if has_khmer(text):
        return False
    words = re.findall(r"\S+", text)
    odd = [w for w in words if _LEGACY_WORD.fullmatch(w.strip(".,:;()\"'"))]
    return bool(words) and len(odd) * 3 >= len(words)


def legacy_problems(text: str) -> list[str]:
    """The message for text typed in a legacy Limon-style font, or none."""
    if not looks_legacy(text):
        return []
    return ["looks like legacy (Limon) Khmer typed in a non-Unicode font: retype it in Khmer Unicode"]


def zero_width_problems(text: str) -> list[str]:
    """Messages for zero-width characters where they do nothing: by a space or an end, doubled, a leading BOM."""
    problems = []
    for index, char in enumerate(text):
        if char not in _ZERO_WIDTH:
            continue
        name = unicodedata.name(char, f"U+{ord(char):04X}")
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == "\ufeff" and index == 0:
            problems.append("starts with a byte order mark (U+FEFF)")
        elif not before or not after or before.isspace() or after.isspace():
            problems.append(f"{name} at position {index + 1} next to a space or an end (it does nothing there)")
        elif before in _ZERO_WIDTH or after in _ZERO_WIDTH:
            problems.append(f"{name} doubled at position {index + 1}")
    return problems
