"""Moved to :mod:`docgen.filenames` (writers, mail and the attendance store use it too); kept for old importers."""
from docgen.filenames import MAX_NAME_BYTES, MAX_NAME_CHARS, safe_filename, slugify, truncate

__all__ = ["MAX_NAME_BYTES", "MAX_NAME_CHARS", "safe_filename", "slugify", "truncate"]
