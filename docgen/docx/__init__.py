"""DOCX output with python-docx: ``write_docx(document, out, options)`` on named styles from reference.docx."""
from __future__ import annotations

from docgen.docx.writer import write_docx

__all__ = ["write_docx"]
