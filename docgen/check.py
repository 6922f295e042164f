"""``docgen check``: every problem in a forum project, as values, before anything is rendered.

The loaders already report structure (required fields, duplicate ids, unknown
provinces, sessions, categories and languages, bad e-mail addresses and dates,
unreadable lists, a password in forum.yaml). This module adds the checks of the
Khmer text itself, through ``docgen.khmer.health`` (clusters that would shape
with a dotted circle, glyphs the fonts lack, text typed in a legacy Limon-style
font that shows as Latin letters, stray zero-width characters), and a Khmer
field with no Khmer in it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from docgen.errors import Problem
from docgen.khmer.segment import has_khmer
from docgen.project import read_project
from docgen.sources.values import KhmerField

__all__ = ["check_project", "check_khmer_fields", "summary_line"]

_LETTER = re.compile(r"[^\W\d_]")


def check_khmer_fields(fields: list[KhmerField], fonts: Mapping[str, str] | None = None) -> list[Problem]:
    """Problems of the text of every Khmer field, one per field and message.

    ``docgen.khmer.health`` judges the text itself (dotted circles, glyphs the
    ``fonts`` lack, legacy Limon text, stray zero-width characters); a field with
    letters but no Khmer and no other problem is reported here.
    """
    from docgen.khmer.health import text_problems  # pulls in the font stack: only when checking

    problems: list[Problem] = []
    for item in fields:
        messages = text_problems(item.text, fonts)
        if not messages and _LETTER.search(item.text) and not has_khmer(item.text):
            messages = [f"{item.text!r} has no Khmer text; write the Khmer here, or leave it empty"]
        problems.extend(Problem(item.file, item.row, item.field, message) for message in messages)
    return problems


def _place(problem: Problem) -> tuple[str, int]:
    return (str(problem.file or ""), problem.row or 0)


def check_project(project_dir: Path | None = None) -> list[Problem]:
    """Every problem of the project in ``project_dir`` (see :func:`docgen.project.find_project_dir`).

    Raises ProjectError when the project cannot be read at all.
    """
    loaded = read_project(project_dir)
    problems = loaded.problems + check_khmer_fields(loaded.khmer, loaded.project.forum.fonts)
    return sorted(problems, key=_place)


def summary_line(problems: list[Problem], root: Path) -> str:
    """The last line of ``docgen check``: how many problems and warnings, or that there are none."""
    if not problems:
        return f"No problems in {root}"
    errors = sum(1 for p in problems if p.is_error)
    return f"{errors} problem(s), {len(problems) - errors} warning(s) in {root}"
