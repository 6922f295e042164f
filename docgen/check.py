"""``docgen check``: every problem in a forum project, as values, before anything is rendered.

The loaders already report structure (required fields, duplicate ids, unknown
provinces, sessions, categories and languages, bad e-mail addresses and dates,
unreadable lists, a password in forum.yaml). This module adds the checks of the
Khmer text itself: through the PDF engine's fonts and shaper, clusters that
would shape with a dotted circle and glyphs the fonts lack; through
``docgen.khmer.health``, text typed in a legacy Limon-style font that shows as
Latin letters and stray zero-width characters; and a Khmer field with no Khmer
in it. The shaping checks sit here, above both ``docgen.khmer`` and
``docgen.pdf``, so the Khmer text layer never reaches up into the PDF engine.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from docgen.errors import Problem, Severity
from docgen.khmer.health import legacy_problems, zero_width_problems
from docgen.khmer.segment import has_khmer
from docgen.plurals import plural
from docgen.project import read_project
from docgen.sources.problems import capped
from docgen.sources.values import KhmerField

__all__ = ["check_project", "check_khmer_fields", "check_english_fields", "text_problems", "shaping_problems",
           "missing_glyphs", "summary_line"]

_LETTER = re.compile(r"[^\W\d_]")


def shaping_problems(text: str, fonts: Mapping[str, str] | None = None, role: str = "body") -> list[str]:
    """Per line of ``text``: clusters that shape with a dotted circle (typed in an invalid order)."""
    # The font stack loads only when checking: ``import docgen`` stays light.
    from docgen.text.fonts import resolve_fonts
    from docgen.text.shape import shaping_faults

    face = resolve_fonts(fonts).face(role)
    problems = []
    for line in text.splitlines():
        circles, _missing = shaping_faults(face, line)
        if circles:
            problems.append(f"{circles} cluster(s) in an invalid order (shown with a dotted circle) in {line.strip()!r}")
    return problems


def missing_glyphs(text: str, fonts: Mapping[str, str] | None = None, role: str = "body") -> list[str]:
    """What no face chosen for ``role`` (nor its fallback) can draw, and how the PDF draws it instead."""
    from docgen.text.fonts import resolve_fonts
    from docgen.text.layout import substitutes

    face = resolve_fonts(fonts).face(role)
    found = substitutes(text, face)
    if not found:
        return []
    lacking = sorted({c for cluster, _face in found for c in cluster if not c.isspace()})
    shown = ", ".join(f"{c} U+{ord(c):04X}" for c in lacking[:8]) + (" …" if len(lacking) > 8 else "")
    drawn = sorted({other.family for _cluster, other in found if other is not None})
    marks = any(other is None for _cluster, other in found)
    how = "; ".join([*(["drawn from " + ", ".join(drawn)] if drawn else []),
                     *(["printed as replacement marks (�) where no installed font has them"] if marks else [])])
    return [f"the font {face.family} has no glyph for {shown}; {how}"]


def text_problems(text: str, fonts: Mapping[str, str] | None = None, role: str = "body") -> list[str]:
    """Messages about what would go wrong when ``text`` (a Khmer field) is typeset.

    Legacy Limon-style text, dotted circles (a cluster typed in an invalid
    order), glyphs the chosen ``role`` font lacks (after its Latin fallback) and
    zero-width characters in odd places. An empty list means healthy.
    """
    return _text_errors(text, fonts, role) + (missing_glyphs(text, fonts, role) if text.strip() else [])


def _text_errors(text: str, fonts: Mapping[str, str] | None, role: str = "body") -> list[str]:
    if not text.strip():
        return []
    return legacy_problems(text) + shaping_problems(text, fonts, role) + zero_width_problems(text)


def check_khmer_fields(fields: list[KhmerField], fonts: Mapping[str, str] | None = None) -> list[Problem]:
    """Problems of the text of every Khmer field, one per field and message.

    :func:`text_problems` judges the text itself (dotted circles, legacy Limon
    text, stray zero-width characters: errors; glyphs the ``fonts`` lack:
    warnings, as the PDF still draws them); a field with letters but no Khmer
    and no other problem is reported here.
    """
    problems: list[Problem] = []
    for item in fields:
        errors, warnings = _text_errors(item.text, fonts), missing_glyphs(item.text, fonts)
        if not errors and not warnings and _LETTER.search(item.text) and not has_khmer(item.text):
            errors = [f"{item.text!r} has no Khmer text; write the Khmer here, or leave it empty"]
        problems += [Problem(item.file, item.row, item.field, message) for message in errors]
        problems += [Problem(item.file, item.row, item.field, message, Severity.WARNING) for message in warnings]
    return problems


def check_english_fields(fields: list[KhmerField], fonts: Mapping[str, str] | None = None) -> list[Problem]:
    """A warning for every English field with characters the Latin face (and the Khmer one) cannot draw."""
    return [Problem(item.file, item.row, item.field, message, Severity.WARNING)
            for item in fields for message in missing_glyphs(item.text, fonts, "latin")]


def _place(problem: Problem) -> tuple[str, int]:
    return (str(problem.file or ""), problem.row or 0)


def check_project(project_dir: Path | None = None) -> list[Problem]:
    """Every problem of the project in ``project_dir`` (see :func:`docgen.project.find_project_dir`),
    at most :data:`~docgen.sources.problems.MAX_PER_FILE` per file and one "and N more".

    Raises ProjectError when the project cannot be read at all.
    """
    loaded = read_project(project_dir)
    fonts = loaded.project.forum.fonts
    problems = loaded.problems + check_khmer_fields(loaded.khmer, fonts) + check_english_fields(loaded.english, fonts)
    return capped(sorted(problems, key=_place))


def summary_line(problems: list[Problem], root: Path) -> str:
    """The last line of ``docgen check``: how many problems and warnings, or that there are none."""
    if not problems:
        return f"No problems in {root}"
    errors = sum(1 for p in problems if p.is_error)
    return f"{plural(errors, 'problems')}, {plural(len(problems) - errors, 'warnings')} in {root}"
