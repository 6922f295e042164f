"""``docgen check``: every problem in a forum project, as values, before anything is rendered.

The loaders already report structure (required fields, duplicate ids, unknown
provinces, sessions, categories and languages, bad e-mail addresses and dates,
unreadable lists, a password in forum.yaml). This module adds the checks of the
Khmer text itself: a Khmer field with no Khmer in it, text typed in a legacy
(Limon-style) font that shows as Latin letters, and, through
``docgen.khmer.health``, clusters that would shape with a dotted circle.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path

from docgen.errors import Problem
from docgen.project import read_project
from docgen.sources.values import KhmerField

__all__ = ["check_project", "check_khmer_fields", "looks_like_legacy_khmer"]

_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
_LETTER = re.compile(r"[^\W\d_]")
# Limon/ABC fonts draw Khmer glyphs from ASCII punctuation and Latin-1 letters;
# "eyIgKW" style case changes inside a word are their other mark.
_LEGACY_TOKEN = re.compile(r"[\[\]\\;`{}|~^@#$%&*<>+=\u00c0-\u00ff]|[a-z][A-Z]")


def looks_like_legacy_khmer(text: str) -> bool:
    """True when Latin-looking text is most likely Khmer typed in a legacy non-Unicode font."""
    tokens = [t for t in text.split() if _LETTER.search(t)]
    if not tokens:
        return False
    odd = sum(1 for t in tokens if _LEGACY_TOKEN.search(t))
    return odd * 2 >= len(tokens)


def _health_checker() -> Callable[[str], list[str]] | None:
    """``docgen.khmer.health.text_problems`` when that module is installed, else None."""
    try:
        module = importlib.import_module("docgen.khmer.health")
    except ImportError:
        return None
    return getattr(module, "text_problems", None)


def check_khmer_fields(fields: list[KhmerField]) -> list[Problem]:
    """Problems of the Khmer text of every Khmer field (one problem per field and message)."""
    health = _health_checker()
    problems: list[Problem] = []
    for item in fields:
        if not _KHMER.search(item.text):
            if looks_like_legacy_khmer(item.text):
                problems.append(Problem(item.file, item.row, item.field,
                                        f"{item.text!r} looks like legacy Limon-style Khmer (a non-Unicode font); "
                                        "retype or convert it to Khmer Unicode"))
            elif _LETTER.search(item.text):
                problems.append(Problem(item.file, item.row, item.field,
                                        f"{item.text!r} has no Khmer text; write the Khmer here, or leave it empty"))
            continue
        if health is not None:
            problems.extend(Problem(item.file, item.row, item.field, message) for message in health(item.text))
    return problems


def _place(problem: Problem) -> tuple[str, int]:
    return (str(problem.file or ""), problem.row or 0)


def check_project(project_dir: Path | None = None) -> list[Problem]:
    """Every problem of the project in ``project_dir`` (see :func:`docgen.project.find_project_dir`).

    Raises ProjectError when the project cannot be read at all.
    """
    loaded = read_project(project_dir)
    problems = loaded.problems + check_khmer_fields(loaded.khmer)
    return sorted(problems, key=_place)

