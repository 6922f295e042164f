"""Where a line of Khmer (or mixed) text may break: ICU ``km`` opportunities, spaces, U+200B, grapheme clusters."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import icu

__all__ = [
    "ZWSP",
    "COENG",
    "KHMER_SCRIPT",
    "has_khmer",
    "BreakKind",
    "Breakpoint",
    "breakpoints",
    "cluster_boundaries",
    "words",
]

ZWSP = "\u200b"
COENG = "\u17d2"
_MANDATORY_ENDS = ("\n", "\r", "\u2028", "\u2029")
KHMER_SCRIPT = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")  # the Khmer block and Khmer Symbols

# ICU break iterators are stateful and not thread-safe (STYLE.md practice 9).
# PyICU exposes no clone(), so each thread keeps its own iterator per kind and
# locale, created once; setText() resets it for each use.
_LOCAL = threading.local()


class BreakKind(str, Enum):
    """Why a line may end at a breakpoint."""

    NORMAL = "normal"            # an ICU opportunity: after a space, or between two Khmer words
    MANDATORY = "mandatory"      # after a forced line break ("\n" in the source)
    ZERO_WIDTH = "zero-width"    # after U+200B ZERO WIDTH SPACE: breaks, but adds no width


@dataclass(frozen=True)
class Breakpoint:
    """A place a line may end: the next line starts at ``index`` in the text."""

    index: int
    kind: BreakKind


def has_khmer(text: str) -> bool:
    """Whether ``text`` has at least one character of the Khmer script."""
    return KHMER_SCRIPT.search(text) is not None


def _iterator(kind: str, locale: str) -> icu.BreakIterator:
    cache = _LOCAL.__dict__.setdefault("iterators", {})
    key = (kind, locale)
    if key not in cache:
        make = {
            "line": icu.BreakIterator.createLineInstance,
            "word": icu.BreakIterator.createWordInstance,
            "character": icu.BreakIterator.createCharacterInstance,
        }[kind]
        cache[key] = make(icu.Locale(locale))
    return cache[key]


def _boundaries(kind: str, text: str, locale: str) -> list[int]:
    """ICU boundaries (code point indices) of ``text``, without 0."""
    if not text:
        return []
    iterator = _iterator(kind, locale)
    # ICU indexes UTF-16 code units; Khmer is in the BMP but an emoji is not.
    utext = icu.UnicodeString(text)
    iterator.setText(utext)
    to_cp = _utf16_to_codepoint_map(text)
    return [to_cp[b] for b in iterator if b in to_cp and to_cp[b] > 0]


def _utf16_to_codepoint_map(text: str) -> dict[int, int]:
    mapping = {}
    unit = 0
    for index, char in enumerate(text):
        mapping[unit] = index
        unit += 2 if ord(char) > 0xFFFF else 1
    mapping[unit] = len(text)
    return mapping


@lru_cache(maxsize=1024)
def cluster_boundaries(text: str) -> tuple[int, ...]:
    """End indices of the grapheme clusters of ``text`` (a line may never end inside one).

    ICU's grapheme rules end a cluster right after a coeng (U+17D2): ក្ | នុ | ង.
    A coeng binds the next consonant as its subscript, so such ends are dropped:
    ក្នុ | ង.
    """
    return tuple(b for b in _boundaries("character", text, "km") if text[b - 1] != COENG or b == len(text))


@lru_cache(maxsize=1024)
def breakpoints(text: str, locale: str = "km") -> tuple[Breakpoint, ...]:
    """Every place a line may end in ``text``, in order; the end of the text is not one.

    ICU's dictionary-based line iterator for ``km`` gives the places between
    Khmer words and after spaces; a break right after "\\n" is mandatory and a
    break right after U+200B is a zero-width one. A break is never kept inside
    a grapheme cluster, whatever ICU says.
    """
    clusters = set(cluster_boundaries(text))
    points = []
    for index in _boundaries("line", text, locale):
        if index >= len(text) or index not in clusters:
            continue
        before = text[index - 1]
        if before == "-" and index >= 2 and text[index - 2].isalnum() and text[index].isalnum():
            # PDFium reads a line-final hyphen between letters as a soft hyphen and
            # drops it from the extracted text: keep "non-governmental" whole (issue #3).
            continue
        if before in _MANDATORY_ENDS:
            kind = BreakKind.MANDATORY
        elif before == ZWSP:
            kind = BreakKind.ZERO_WIDTH
        else:
            kind = BreakKind.NORMAL
        points.append(Breakpoint(index, kind))
    return tuple(points)


def words(text: str, locale: str = "km") -> list[str]:
    """The words of ``text`` by ICU's word iterator (spaces and punctuation dropped).

    Tests use it to check that no line ends inside a word.
    """
    start = 0
    found = []
    for end in _boundaries("word", text, locale):
        piece = text[start:end]
        if any(c.isalnum() or 0x1780 <= ord(c) <= 0x17D3 or ord(c) == 0x17DD for c in piece):
            found.append(piece)
        start = end
    return found
