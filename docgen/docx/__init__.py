"""DOCX output with python-docx: ``write_docx(document, out, options)`` on named styles from reference.docx.

Nothing is imported here, so that a submodule loads only what it needs; ``write_docx`` is
``docgen.docx.writer.write_docx``, loaded on first use.
"""
from __future__ import annotations

from typing import Any

__all__ = ["write_docx"]


def __getattr__(name: str) -> Any:
    if name == "write_docx":
        from docgen.docx.writer import write_docx

        return write_docx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
