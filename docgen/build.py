"""``docgen build``: runs the document families, each a function registered by name.

A family is ``build_<family>(project, options) -> BuildResult`` in
``docgen.documents.<module>``. Families are imported only when run, so a slow
or broken family never stops the others from being listed. A family whose data
(:data:`USES`) has errors is not run and reports them; the errors of data no
family of the run uses are shown once, as warnings (issue 26).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DocgenError, Problem, Severity, SourceError, WriteError
from docgen.files import remove_stale_parts
from docgen.lock import exclusive
from docgen.model import Project
from docgen.plurals import plural

__all__ = ["output_lock", "FAMILIES", "USES", "BuildOptions", "BuildResult", "build", "family_names"]

# family name -> "module:function"; the order is the order `docgen build` runs them in.
FAMILIES: dict[str, str] = {
    "letters": "docgen.documents.letters:build_letters",
    "agenda": "docgen.documents.agenda:build_agenda",
    "attendance": "docgen.documents.attendance:build_attendance",
    "summary": "docgen.documents.summary:build_summary",
}

# The data a family reads beyond forum.yaml and the recipient lists (the concerns of Project.require).
USES: dict[str, tuple[str, ...]] = {"summary": ("attendance", "outcomes")}

FORMATS = ("pdf", "docx")
BUILD_LOCK = ".docgen-build.lock"


@dataclass
class BuildOptions:
    """What a run builds and where; every family reads the fields it understands."""

    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    lang: str | None = None  # km | en | both: overrides every recipient's and document's language
    where: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    order: str = "province,category,name"  # sort keys of the combined print file
    duplex: bool = False  # blank back page so every letter starts on a new sheet
    timestamp: dt.datetime | None = None  # fixed creation time for reproducible output
    progress: Callable[[str, int, int], None] | None = None  # (what, done, total)
    extra: dict[str, object] = field(default_factory=dict)  # family-specific options

    @classmethod
    def parse(cls, out_dir: Path, formats: str = "pdf,docx", jobs: int | None = None, **fields) -> BuildOptions:
        """The options as ``docgen build`` gives them: ``formats`` comma-separated, ``jobs`` at most one per core
        (more processes than cores only cost memory, and forks)."""
        options = cls(out_dir=out_dir, formats=tuple(f.strip() for f in formats.split(",") if f.strip()), **fields)
        if jobs:
            options.jobs = min(jobs, options.jobs)
        return options

    def tick(self, what: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(what, done, total)


@dataclass
class BuildResult:
    """What one family wrote, and the problems that made it skip something."""

    family: str
    files: list[Path] = field(default_factory=list)  # a mailing's letters are counted, not listed (10,000 paths)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # e.g. {"letters": 150, "pages": 310}
    note: str = ""  # one line for the end-of-run summary

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def record(self, error: DocgenError) -> None:
        """Note what ``error`` kept from being made: the run goes on, and ends as failed."""
        self.problems.extend(error.problems)

    def summary(self) -> str:
        """One line for the end of a run, e.g. ``letters: 159 letters, 189 pages (2 skipped)``."""
        counts = ", ".join(plural(n, what) for what, n in self.counts.items()) or plural(len(self.files), "files")
        return f"{self.family}: {counts} {self.note}".rstrip()


def family_names() -> list[str]:
    return list(FAMILIES)


def _load(name: str) -> Callable[[Project, BuildOptions], BuildResult]:
    module, _, func = FAMILIES[name].partition(":")
    return getattr(importlib.import_module(module), func)


def build(project: Project, families: Sequence[str] = (), options: BuildOptions | None = None) -> list[BuildResult]:
    """Build the named families (all when none) of ``project``; return one result per family."""
    options = options or BuildOptions(out_dir=project.out_dir)
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        raise DocgenError(
            Problem(None, None, "document", f"unknown document family {', '.join(unknown)}; known: {', '.join(FAMILIES)}")
        )
    bad_formats = [f for f in options.formats if f not in FORMATS]
    if bad_formats:
        raise DocgenError(Problem("--format", None, "format", f"unknown format {', '.join(bad_formats)}; known: {', '.join(FORMATS)}"))
    names = list(families or FAMILIES)
    with _build_lock(project, Path(options.out_dir)):
        remove_stale_parts(Path(options.out_dir))
        results = [_run(name, project, options) for name in names]
    used = {concern for name in names for concern in USES.get(name, ())}
    results[0].problems[:0] = _unused_data_warnings(
        [p for concern, problems in project.unusable.items() if concern not in used for p in problems])
    return results


def _unused_data_warnings(problems: list[Problem]) -> list[Problem]:
    """One warning per file for errors in data no document of the run uses (`docgen check` lists them)."""
    files = dict.fromkeys(p.file for p in problems if p.is_error)
    return [Problem(file, None, None, "has errors in data this run does not use; `docgen check` lists them",
                    Severity.WARNING) for file in files]


def _run(name: str, project: Project, options: BuildOptions) -> BuildResult:
    """One family's result; a family whose data has errors is not run and reports them."""
    try:
        project.require(*USES.get(name, ()))
    except SourceError as exc:
        result = BuildResult(name, note="(not made: its data has errors)")
        result.record(exc)
        return result
    return _load(name)(project, options)


def output_lock(out_dir: Path) -> contextlib.AbstractContextManager[None]:
    """The lock of an output folder: held by a build, and by a send (which reads what a build writes)."""
    return exclusive(Path(out_dir) / BUILD_LOCK, DocgenError(Problem(
        out_dir, None, None, "another `docgen build` or `docgen send` is using this folder; wait for it to end")))


@contextlib.contextmanager
def _build_lock(project: Project, out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder and per project; a second one is refused in one line."""
    with contextlib.ExitStack() as locks:
        locks.enter_context(output_lock(out_dir))
        if not project.bundled:   # (the bundled forum is read-only: its builds share nothing but out/)
            try:
                locks.enter_context(exclusive(Path(project.root) / ".docgen" / BUILD_LOCK, DocgenError(Problem(
                    project.root, None, None, "another `docgen build` of this project is running; wait for it to end"))))
            except WriteError:   # a read-only project built elsewhere (-o): the output folder's lock is enough
                pass
        yield
