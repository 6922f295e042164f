"""Pictures a project names (the organiser's logo), opened once when loading so no letter fails on them.

Every letter draws the logo, so a picture the writers cannot draw would fail
every letter (issue 22). The header is read first and the pixels are decoded
only within :data:`MAX_PIXELS`: a PNG header can claim 30000 × 30000 pixels in
a few bytes.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PICTURE_FORMATS", "MAX_PIXELS", "picture_problem"]

PICTURE_FORMATS = ("PNG", "JPEG", "GIF")  # what both the PDF and the DOCX writer draw
MAX_PIXELS = 25_000_000  # 5000 × 5000; a logo needs a few hundred pixels across


@contextmanager
def _own_pixel_limit() -> Iterator[None]:
    """Pillow's decompression-bomb check off while the header is read: :func:`picture_problem` does its own."""
    from PIL import Image

    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def picture_problem(path: Path) -> str | None:
    """None when ``path`` is a PNG, JPEG or GIF within the pixel budget that decodes, else what is wrong."""
    from PIL import Image, UnidentifiedImageError

    try:
        with _own_pixel_limit(), Image.open(path) as picture:
            if picture.format not in PICTURE_FORMATS:
                return f"is a {picture.format} picture; save it as PNG or JPEG"
            width, height = picture.size
            if width * height > MAX_PIXELS:
                return (f"is {width} × {height} pixels, more than the {MAX_PIXELS // 1_000_000} megapixels a logo "
                        f"may have; save a smaller copy (1000 pixels across is plenty)")
            picture.load()
    except UnidentifiedImageError:
        return "is not a PNG, JPEG or GIF picture; save it as PNG or JPEG"
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # Pillow's errors for a damaged file
        return f"cannot be read as a picture ({exc}); save it again as PNG or JPEG"
    return None
