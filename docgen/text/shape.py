"""The one module that talks to HarfBuzz: glyph ids, advances, offsets and the cluster map of a run of text."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import uharfbuzz as hb

if TYPE_CHECKING:
    from docgen.text.fonts import FontFace

__all__ = ["Glyph", "ShapedText", "shape", "shaping_faults", "DOTTED_CIRCLE"]

DOTTED_CIRCLE = "\u25cc"


@dataclass(frozen=True, slots=True)
class Glyph:
    """One positioned glyph; lengths in points, ``cluster`` indexes the shaped text."""

    gid: int
    cluster: int
    advance: float
    x_offset: float
    y_offset: float
    unsafe_to_break: bool = False


@dataclass(frozen=True)
class ShapedText:
    """A run of text shaped in one face at one size."""

    text: str
    size: float
    glyphs: tuple[Glyph, ...]


@lru_cache(maxsize=32)
def _hb_font(path: Path) -> tuple[hb.Font, int]:
    blob = hb.Blob.from_file_path(str(path))
    face = hb.Face(blob)
    font = hb.Font(face)
    return font, face.upem


def _buffer(text: str) -> hb.Buffer:
    buf = hb.Buffer()
    # Code points, not UTF-8: then clusters are indices into the Python string.
    buf.add_codepoints([ord(c) for c in text])
    buf.guess_segment_properties()
    # U+200B and the other default-ignorables get no glyph at all: nothing is
    # drawn for them and they add no width (issue #3).
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    return buf


@lru_cache(maxsize=1024)
def _shape_cached(path: Path, text: str, size: float) -> ShapedText:
    font, upem = _hb_font(path)
    buf = _buffer(text)
    hb.shape(font, buf, {"kern": True, "liga": True})
    scale = size / upem
    unsafe = hb.GlyphFlags.UNSAFE_TO_BREAK
    glyphs = tuple(
        Glyph(info.codepoint, info.cluster, pos.x_advance * scale, pos.x_offset * scale, pos.y_offset * scale,
              bool(info.flags & unsafe))
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions)
    )
    return ShapedText(text, size, glyphs)


def shape(face: FontFace, text: str, size: float) -> ShapedText:
    """Shape ``text`` with ``face`` at ``size`` points (cached: a string is shaped once)."""
    return _shape_cached(face.path, text, float(size))


def shaping_faults(face: FontFace, text: str) -> tuple[int, list[str]]:
    """How many dotted circles HarfBuzz inserts into ``text``, and the characters ``face`` has no glyph for.

    A dotted circle (U+25CC) that is not in the source marks a cluster in an
    invalid order, e.g. a vowel sign typed before its consonant.
    """
    font, _upem = _hb_font(face.path)
    buf = _buffer(text)
    hb.shape(font, buf, {})
    circle = font.get_nominal_glyph(ord(DOTTED_CIRCLE))
    inserted = 0
    missing: list[str] = []
    for info in buf.glyph_infos:
        if circle and info.codepoint == circle and text[info.cluster] != DOTTED_CIRCLE:
            inserted += 1
        elif info.codepoint == 0 and text[info.cluster] not in missing:
            missing.append(text[info.cluster])
    return inserted, missing
