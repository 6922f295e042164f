"""The names of a forum project's files, and where the bundled templates and example forum are.

The repository is itself the example forum: ``templates/`` (the default
templates), ``forum.yaml``, ``outcomes.yaml``, ``logo.png``, ``recipients/``
and ``attendance/`` sit at its top level, beside ``docgen/``. A wheel carries
the same files inside the package, as ``docgen/templates/`` and
``docgen/example/`` (``[tool.setuptools] package-dir`` in pyproject.toml maps
them). So docgen installed from a wheel reads its own copy, and docgen run
from a clone (an editable install, or the source on ``PYTHONPATH``) reads the
repository's folders.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["FORUM_FILE", "OUTCOMES_FILE", "RECIPIENTS_DIR", "ATTENDANCE_DIR", "TEMPLATES_DIR_NAME",
           "EXAMPLE_FILES", "EXAMPLE_DIR", "TEMPLATES_DIR", "is_docgen_repository"]

FORUM_FILE = "forum.yaml"
OUTCOMES_FILE = "outcomes.yaml"
RECIPIENTS_DIR = "recipients"
ATTENDANCE_DIR = "attendance"
TEMPLATES_DIR_NAME = "templates"  # a project's own templates, searched before the bundled ones
# The example forum, as `docgen init` copies it (pyproject.toml's package-data for docgen.example lists the same).
EXAMPLE_FILES = (FORUM_FILE, OUTCOMES_FILE, "logo.png", RECIPIENTS_DIR, ATTENDANCE_DIR)

_PACKAGE = Path(__file__).resolve().parent
_REPOSITORY = _PACKAGE.parent  # when docgen runs from a clone


def is_docgen_repository(folder: Path) -> bool:
    """Whether ``folder`` is a clone of docgen's repository (its pyproject.toml names the project docgen),
    which is the example forum too, however docgen was installed."""
    import tomllib

    try:
        with open(Path(folder) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle).get("project", {}).get("name") == "docgen"
    except (OSError, ValueError, AttributeError):
        return False


def _located(packaged: Path, marker: str, in_repository: Path) -> Path:
    """The wheel's copy ``packaged`` when it holds ``marker``, else the repository's folder (docgen run from
    a clone); a folder that merely holds a copy of docgen's code is not docgen's repository."""
    if (packaged / marker).exists() or not is_docgen_repository(_REPOSITORY):
        return packaged
    return in_repository


TEMPLATES_DIR = _located(_PACKAGE / TEMPLATES_DIR_NAME, "letters", _REPOSITORY / TEMPLATES_DIR_NAME)
EXAMPLE_DIR = _located(_PACKAGE / "example", FORUM_FILE, _REPOSITORY)
