"""Images in PDFs, decoded and compressed once per process however many documents draw them.

ReportLab's ``drawImage`` decodes the picture, splits off its alpha channel and
zlib-compresses the pixels again for every document; a logo on ten thousand
letters paid that ten thousand times. Here the image XObject (and its soft mask)
is prepared once per distinct image content and a copy is registered in each
document that draws it. The XObject's name is a digest of the file's bytes, so the
PDF is the same in every process.
"""
from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from docgen.pdf.reportlab_adapter import image_xobject, use_image

__all__ = ["image_bytes", "image_size", "draw_image", "CachedImage"]


def image_bytes(path: str | Path) -> bytes:
    """The bytes of the image file at ``path``, read once while the file is unchanged."""
    stat = Path(path).stat()
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read(path: str, mtime_ns: int, size: int) -> bytes:
    return Path(path).read_bytes()


def image_size(path: str | Path) -> tuple[int, int]:
    """Width and height in pixels of the image file at ``path`` (an OSError if it cannot be read)."""
    return _prepared(image_bytes(path)).size


class _Prepared:
    """One image's XObject and soft mask, ready to be copied into a document."""

    def __init__(self, data: bytes):
        reader = ImageReader(io.BytesIO(data))
        self.size = reader.getSize()
        self.name = hashlib.md5(data + b"auto").hexdigest()
        self.xobject, self.smask = image_xobject(self.name, reader)


@lru_cache(maxsize=16)
def _prepared(data: bytes) -> _Prepared:
    return _Prepared(data)


def draw_image(canvas: Canvas, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw the encoded image ``data`` (PNG, JPEG…) into the box at (x, y) of ``width`` × ``height``."""
    prepared = _prepared(data)
    name = use_image(canvas, prepared.name, prepared.xobject, prepared.smask)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas.addLiteral(f"/{name} Do")
    canvas.restoreState()


class CachedImage(Flowable):
    """A flowable drawing an image file at a fixed size through the per-process image cache."""

    def __init__(self, path: str | Path, width: float, height: float):
        super().__init__()
        self.data = image_bytes(path)
        self.drawWidth, self.drawHeight = width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        draw_image(self.canv, self.data, 0, 0, self.drawWidth, self.drawHeight)
