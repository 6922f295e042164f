"""The wheel carries the example forum and the default templates the repository holds at its top level.

pyproject.toml maps them into the package (``docgen.example`` from the top
level, ``docgen.templates`` from ``templates/``); these tests apply its
package-data patterns to the repository, as setuptools does when it builds the wheel.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from docgen.folders import EXAMPLE_FILES, TEMPLATES_DIR_NAME

REPOSITORY = Path(__file__).parents[1]
SETUPTOOLS = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folder(package: str) -> Path:
    return REPOSITORY / SETUPTOOLS["package-dir"].get(package, package.replace(".", "/"))


def _packaged(package: str) -> set[str]:
    """The data files the wheel holds for ``package``, relative to its folder."""
    folder = _folder(package)
    return {p.relative_to(folder).as_posix() for pattern in SETUPTOOLS["package-data"][package]
            for p in folder.glob(pattern) if p.is_file()}


def _files(folder: Path, names: tuple[str, ...] = ("",)) -> set[str]:
    """The files ``names`` in ``folder`` (a folder: the files in it; by default all of ``folder``),
    but hidden files and Excel's lock files."""
    paths = [p for name in names
             for p in ([folder / name] if (folder / name).is_file() else (folder / name).rglob("*"))]
    return {p.relative_to(folder).as_posix() for p in paths
            if p.is_file() and not p.name.startswith(("~$", ".")) and "__pycache__" not in p.parts}


def test_every_package_of_docgen_is_in_the_wheel():
    """The packages are listed by name in pyproject.toml (a mapped package cannot be found): none forgotten."""
    found = {p.parent.relative_to(REPOSITORY).as_posix().replace("/", ".")
             for p in (REPOSITORY / "docgen").rglob("__init__.py")}
    assert found <= set(SETUPTOOLS["packages"])


def test_the_wheel_carries_the_example_forum_whole_and_nothing_else_of_the_top_level():
    assert _folder("docgen.example") == REPOSITORY
    assert _packaged("docgen.example") == _files(REPOSITORY, EXAMPLE_FILES)
    assert {"forum.yaml", "recipients/kep.xlsx", "attendance/kep.csv"} <= _packaged("docgen.example")
    # setuptools takes the top level's .py files as modules of docgen.example: there must be none
    assert not list(REPOSITORY.glob("*.py"))


def test_the_wheel_carries_every_default_template():
    assert _folder("docgen.templates") == REPOSITORY / TEMPLATES_DIR_NAME
    assert _packaged("docgen.templates") == _files(REPOSITORY / TEMPLATES_DIR_NAME)
    assert {"letters/invitation.km.xml", "letters/ornament.png", "mail/layout.html"} <= _packaged("docgen.templates")
