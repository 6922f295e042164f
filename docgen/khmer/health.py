"""Health of a Khmer text field: invalid cluster order, missing glyphs, legacy (Limon) text, stray zero-width characters."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from docgen.khmer.segment import has_khmer

__all__ = ["text_problems", "looks_legacy"]

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


def _zero_width_problems(text: str) -> list[str]:
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


def text_problems(text: str, fonts_config: Mapping[str, str] | None = None, role: str = "body") -> list[str]:
    """Messages about what would go wrong when ``text`` (a Khmer field) is typeset.

    Dotted circles (a cluster typed in an invalid order), glyphs the chosen
    ``role`` font lacks (after its Latin fallback), legacy Limon-style text and
    zero-width characters in odd places. An empty list means healthy.
    """
    # Shaping lives in docgen.pdf.shape; import here so docgen.khmer stays usable without the PDF stack.
    from docgen.pdf.fonts import resolve_fonts
    from docgen.pdf.shape import shaping_faults

    if not text.strip():
        return []
    problems = []
    if looks_legacy(text):
        problems.append("looks like legacy (Limon) Khmer typed in a non-Unicode font: retype it in Khmer Unicode")
    face = resolve_fonts(fonts_config).face(role)
    for line in text.splitlines():
        circles, missing = shaping_faults(face, line)
        if circles:
            problems.append(f"{circles} cluster(s) in an invalid order (shown with a dotted circle) in {line.strip()!r}")
        fallback = face.fallback
        lacking = [c for c in missing if fallback is None or not fallback.covers(c)]
        if lacking:
            shown = ", ".join(f"U+{ord(c):04X}" for c in lacking)
            problems.append(f"the font {face.family} has no glyph for {shown}")
    return problems + _zero_width_problems(text)
