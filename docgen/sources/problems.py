"""At most :data:`MAX_PER_FILE` problems per file, then one "and N more" problem.

A list that is wrong on every row, or a line of millions of stray cells, would
otherwise print (and hold in memory) one problem per cell (issue 22). The cap
reads the problems lazily, so a generator of problems is never materialised.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docgen.errors import Problem, Severity
from docgen.plurals import plural

__all__ = ["MAX_PER_FILE", "MoreProblems", "capped"]

MAX_PER_FILE = 20


@dataclass(frozen=True)
class MoreProblems(Problem):
    """Stands for the ``count`` problems of a file left out after the first :data:`MAX_PER_FILE`."""

    count: int = 0


def _more(file: object, count: int, severity: Severity) -> MoreProblems:
    return MoreProblems(file, None, None, f"and {plural(count, 'more problems')} in this file", severity, count=count)


def capped(problems: Iterable[Problem], limit: int = MAX_PER_FILE) -> list[Problem]:
    """The first ``limit`` problems of each file, grouped by file in order of appearance, each group
    followed by one "and N more" problem when some were left out (earlier caps' counts are added up).

    The "and N more" problem is an error if any problem it stands for is one.
    """
    kept: dict[str, list[Problem]] = {}
    files: dict[str, object] = {}
    left: dict[str, tuple[int, bool]] = {}  # file -> (problems left out, whether any is an error)
    for problem in problems:
        key = str(problem.file)
        files.setdefault(key, problem.file)
        group = kept.setdefault(key, [])
        if len(group) < limit and not isinstance(problem, MoreProblems):
            group.append(problem)
            continue
        count, error = left.get(key, (0, False))
        left[key] = (count + (problem.count if isinstance(problem, MoreProblems) else 1), error or problem.is_error)
    result: list[Problem] = []
    for key, group in kept.items():
        result.extend(group)
        if key in left:
            count, error = left[key]
            result.append(_more(files[key], count, Severity.ERROR if error else Severity.WARNING))
    return result
