"""Find and load a forum project folder; the bundled example forum is the default.

A forum project is a folder with ``forum.yaml``, recipient lists in
``recipients/`` (CSV, TSV/TXT or XLSX), and optionally ``outcomes.yaml`` and
``attendance/``. Every command finds it the same way: ``-p DIR``, else the
current folder when it holds forum.yaml, else the forum bundled with docgen.

The errors of data that only some documents use (the attendance files, outcomes.yaml)
do not stop the load: they are kept in ``Project.unusable`` and stop those documents
(``Project.require``) while the letters and agendas are still made (issue 26).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from docgen.cells import restore
from docgen.errors import Problem, ProjectError, SourceError
from docgen.folders import (ATTENDANCE_DIR, EXAMPLE_DIR, EXAMPLE_FILES, FORUM_FILE, OUTCOMES_FILE, RECIPIENTS_DIR,
                            is_docgen_repository)
from docgen.letter_names import file_name_clashes
from docgen.model import Project
from docgen.sources import TABLE_SUFFIXES, Table, read_table
from docgen.sources.forum import read_forum
from docgen.sources.problems import capped
from docgen.sources.records import read_attendance, read_outcomes, read_recipients
from docgen.sources.values import Collector, KhmerField
from docgen.sources.yaml import load_yaml

__all__ = [
    "FORUM_FILE",
    "Loaded",
    "concern_of",
    "find_project_dir",
    "read_project",
    "load_project",
    "load_project_problems",
    "bundled_notice",
    "init_project",
]

# File name (or folder prefix) -> the data it holds, which only some documents use (see Project.require).
_CONCERNS = {ATTENDANCE_DIR + "/": "attendance", OUTCOMES_FILE: "outcomes"}


@dataclass
class Loaded:
    """A project as read, with every problem found and the texts met on the way."""

    project: Project
    problems: list[Problem] = field(default_factory=list)
    khmer: list[KhmerField] = field(default_factory=list)
    english: list[KhmerField] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def concern_of(problem: Problem) -> str | None:
    """The data a problem concerns when only some documents use it ("attendance", "outcomes"), else None."""
    name = str(problem.file or "")
    return next((c for prefix, c in _CONCERNS.items() if name == prefix or name.startswith(prefix)), None)


def find_project_dir(project_dir: Path | None = None) -> tuple[Path, bool]:
    """(folder, bundled): ``project_dir``, else the cwd when it holds forum.yaml, else the bundled forum."""
    if project_dir is not None:
        if not project_dir.is_dir():
            raise ProjectError(Problem(str(project_dir), None, None, "no such project folder"))
        if not (project_dir / FORUM_FILE).is_file():
            raise ProjectError(Problem(str(project_dir), None, None,
                                       f"is not a forum project: it has no {FORUM_FILE} (make one with docgen init)"))
        return project_dir.resolve(), _is_bundled(project_dir)
    if (Path.cwd() / FORUM_FILE).is_file():
        return Path.cwd().resolve(), _is_bundled(Path.cwd())
    return EXAMPLE_DIR, True


def _is_bundled(folder: Path) -> bool:
    """Whether ``folder`` is the bundled forum (read-only: nothing of a build is kept in it): the wheel's
    copy, or docgen's repository, whichever copy of docgen runs."""
    return folder.resolve() == EXAMPLE_DIR.resolve() or is_docgen_repository(folder)


def _table_files(folder: Path) -> list[Path]:
    """The data files of a folder, skipping Excel's ~$ lock files and hidden files."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(("~$", ".")) and p.suffix.lower() != ".md")


def _sheet_for(name: str, sheets: dict[str, str]) -> str | None:
    """The sheet forum.yaml names for the list ``name``, its case as Windows ignores it (Kep.xlsx = kep.xlsx)."""
    return next((sheet for file, sheet in sheets.items() if file.casefold() == name.casefold()), None)


def _read_tables(root: Path, folder: str, out: Collector, sheets: dict[str, str]) -> list[Table]:
    """The lists of ``root/folder``, each workbook's sheet as ``sheets`` names it (forum.yaml ``sheets:``);
    a list linked from outside the project is refused, not read (issue 22)."""
    tables: list[Table] = []
    for path in _table_files(root / folder):
        name = path.relative_to(root).as_posix()
        if path.suffix.lower() not in TABLE_SUFFIXES and path.suffix.lower() not in (".xls", ".ods"):
            continue
        if not path.resolve().is_relative_to(root.resolve()):
            out.error(name, None, None, "is a link to a file outside the project; copy the file into the project instead")
            continue
        try:
            table = read_table(path, name, _sheet_for(name, sheets))
        except SourceError as exc:
            out.problems.extend(exc.problems)
            continue
        out.problems.extend(table.problems)
        tables.append(table)
    return tables


def _as_written(tables: list[Table]) -> list[Table]:
    """Tables docgen wrote (the stored attendance) with each cell as it was given, without the apostrophe
    that :func:`docgen.cells.neutralise` puts before text a spreadsheet would run as a formula."""
    return [replace(table, rows=[replace(row, values={k: restore(v) for k, v in row.values.items()})
                                 for row in table.rows]) for table in tables]


def read_project(project_dir: Path | None = None, out_dir: Path | None = None) -> Loaded:
    """Read everything in a project; only an unreadable forum.yaml raises (ProjectError)."""
    root, bundled = find_project_dir(project_dir)
    out = Collector()
    try:
        doc = load_yaml(root / FORUM_FILE, FORUM_FILE)
    except SourceError as exc:
        raise ProjectError(str(exc), exc.problems) from exc
    forum = read_forum(doc, out, root)
    recipient_tables = _read_tables(root, RECIPIENTS_DIR, out, forum.sheets)
    if not _table_files(root / RECIPIENTS_DIR):  # also when the folder is missing
        out.error(RECIPIENTS_DIR, None, None, "no recipient lists: put CSV or XLSX files in recipients/")
    recipients = read_recipients(recipient_tables, forum, out)
    listed = [row.get("id") for table in recipient_tables for row in table.rows]  # rejected rows' ids too
    out.problems.extend(file_name_clashes(recipients))
    outcomes = []
    if (root / OUTCOMES_FILE).is_file():
        try:
            outcomes = read_outcomes(load_yaml(root / OUTCOMES_FILE, OUTCOMES_FILE), forum, out)
        except SourceError as exc:
            out.problems.extend(exc.problems)
    attendance = read_attendance(_as_written(_read_tables(root, ATTENDANCE_DIR, out, forum.sheets)), forum, recipients, out, listed)
    default_out = (Path.cwd() / "out") if bundled else root / "out"
    problems = capped(out.problems)
    unusable: dict[str, list[Problem]] = {}
    for problem in problems:
        concern = concern_of(problem)
        if concern and problem.is_error:
            unusable.setdefault(concern, []).append(problem)
    project = Project(root=root, forum=forum, recipients=recipients, outcomes=outcomes,
                      attendance=attendance, bundled=bundled, out_dir=out_dir or default_out, unusable=unusable)
    return Loaded(project, problems, out.khmer, out.english)


def load_project_problems(project_dir: Path | None = None,
                          out_dir: Path | None = None) -> tuple[Project | None, list[Problem]]:
    """(project, problems): the project is None when it cannot be read at all."""
    try:
        loaded = read_project(project_dir, out_dir)
    except ProjectError as exc:
        return None, exc.problems
    return loaded.project, loaded.problems


def load_project(project_dir: Path | None = None, out_dir: Path | None = None) -> Project:
    """The project, ready for documents; SourceError carries the errors (20 per file at most) when the data is invalid.

    The errors of the attendance files and outcomes.yaml do not raise here: they are in ``Project.unusable``.
    """
    loaded = read_project(project_dir, out_dir)
    errors = [p for p in loaded.errors if concern_of(p) is None]
    if errors:
        raise SourceError(f"{len(errors)} problem(s) in the forum project", errors)
    return loaded.project


def bundled_notice(project: Project) -> str | None:
    """The one line that says the bundled example forum is in use, or None for a user's project."""
    if not project.bundled:
        return None
    return (f"Using the bundled example forum ({project.forum.short_title.en or project.forum.title.en}); "
            f"make your own with: docgen init DIR")


def init_project(target: Path) -> Path:
    """Copy the bundled forum into ``target`` (new or empty) as a project to edit; returns the folder."""
    if target.exists() and not target.is_dir():
        raise ProjectError(Problem(str(target), None, None, "exists and is not a folder"))
    if target.is_dir() and any(target.iterdir()):
        raise ProjectError(Problem(str(target), None, None,
                                   "is not empty; give a new or empty folder so nothing is overwritten"))
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in EXAMPLE_FILES:  # the forum's files only, not the rest of a clone
            if (EXAMPLE_DIR / name).is_dir():
                shutil.copytree(EXAMPLE_DIR / name, target / name, ignore=shutil.ignore_patterns("~$*", ".*"))
            else:
                shutil.copy2(EXAMPLE_DIR / name, target / name)
    except OSError as exc:
        raise ProjectError(Problem(str(target), None, None, f"cannot be written: {exc.strerror or exc}")) from exc
    return target.resolve()
