"""docgen: a forum secretariat's documents in Khmer and English.

The library is the product; ``docgen.cli`` is one client of it.
"""
from __future__ import annotations

from docgen.errors import (
    DeliveryError,
    DocgenError,
    FontError,
    Problem,
    ProjectError,
    Severity,
    SourceError,
    TemplateError,
    WriteError,
)
from docgen.check import check_project
from docgen.project import init_project, load_project
from docgen.compose import environment, render
from docgen.writers import WriteOptions, write

__all__ = [
    "DocgenError",
    "ProjectError",
    "SourceError",
    "TemplateError",
    "FontError",
    "WriteError",
    "DeliveryError",
    "Problem",
    "Severity",
    "load_project",
    "init_project",
    "check_project",
    "render",
    "environment",
    "write",
    "WriteOptions",
]
