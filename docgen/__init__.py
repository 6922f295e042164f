"""docgen: a forum secretariat's documents in Khmer and English.

The library is the product; ``docgen.cli`` is one client of it. The public names
below are imported when first used (PEP 562), so ``import docgen.khmer.digits``
does not load Jinja2, ReportLab or ICU.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.check import check_project
    from docgen.compose import environment, render
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
    from docgen.project import init_project, load_project
    from docgen.options import WriteOptions
    from docgen.writers import write

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

# the module that defines each public name
_HOMES = {
    **dict.fromkeys(("DocgenError", "ProjectError", "SourceError", "TemplateError", "FontError", "WriteError",
                     "DeliveryError", "Problem", "Severity"), "docgen.errors"),
    "load_project": "docgen.project",
    "init_project": "docgen.project",
    "check_project": "docgen.check",
    "render": "docgen.compose",
    "environment": "docgen.compose",
    "write": "docgen.writers",
    "WriteOptions": "docgen.options",
}


def __getattr__(name: str) -> object:
    """Import a public name's module on first use, and keep the name for the next time."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
