"""Embedded font subsets made and compressed once per process, however many PDFs use the same glyphs.

A mailing writes thousands of PDFs whose letterhead and formulas use the same
glyphs of the same faces. ReportLab builds and deflates the subset program of
every face anew for every file; here a subset already made for an earlier file
is taken from a small cache, byte for byte what ReportLab would have written.
"""
from __future__ import annotations

import zlib
from functools import lru_cache

from reportlab.pdfbase import pdfdoc

__all__ = ["reuse_subsets"]

_CACHED = 32   # subsets kept per process: the fixed formulas' stay, recipients' names mostly miss


class _ReusedFlate(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter, remembering what it compressed."""

    def encode(self, text: bytes | str) -> bytes:
        return _deflate(text.encode("utf8") if isinstance(text, str) else text)


@lru_cache(maxsize=_CACHED)
def _deflate(data: bytes) -> bytes:
    return zlib.compress(data)


_FLATE = _ReusedFlate()


def reuse_subsets(font) -> None:
    """Let the ReportLab TTFont ``font`` reuse the subset programs it has made in this process."""
    face = font.face
    make, add = face.makeSubset, face.addSubsetObjects

    @lru_cache(maxsize=_CACHED)
    def make_subset(codes: tuple[int, ...]) -> bytes:
        return make(list(codes))

    def add_subset_objects(doc, fontname, subset):
        reference = add(doc, fontname, subset)
        stream = doc.idToObject[f"fontFile:{face.filename}({fontname})"]
        if stream.filters:
            stream.filters = [_FLATE]
        return reference

    face.makeSubset = lambda subset: make_subset(tuple(subset))
    face.subset_cache = make_subset   # its cache_info() tells how often a subset was reused
    face.addSubsetObjects = add_subset_objects
