"""``docgen build``: runs the document families of :data:`docgen.families.FAMILIES`.

A family whose data (``Family.uses``) has errors is not run and reports them;
the errors of data no family of the run uses are shown once, as warnings (issue 26).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from docgen.errors import DocgenError, Problem, Severity, SourceError, WriteError
from docgen.families import FAMILIES
from docgen.files import remove_stale_parts
from docgen.lock import exclusive
from docgen.model import Project
from docgen.plurals import plural
from docgen.writers import FORMATS, check_formats

__all__ = ["output_lock", "BuildOptions", "BuildResult", "build"]

T = TypeVar("T")
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
    family_options: tuple[object, ...] = ()  # typed options of families, e.g. (LetterOptions(label_grid=(2, 7)),)

    def options_for(self, kind: type[T]) -> T:
        """The ``kind`` options (e.g. ``LetterOptions``) given for this run, else its defaults."""
        given = next((o for o in self.family_options if isinstance(o, kind)), None)
        return given if given is not None else kind()

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


def build(project: Project, families: Sequence[str] = (), options: BuildOptions | None = None) -> list[BuildResult]:
    """Build the named families (all when none) of ``project``; return one result per family."""
    options = options or BuildOptions(out_dir=project.out_dir)
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        raise DocgenError(
            Problem(None, None, "document", f"unknown document family {', '.join(unknown)}; known: {', '.join(FAMILIES)}")
        )
    options = replace(options, formats=check_formats(options.formats))
    taken = {f.options for f in FAMILIES.values()}
    stray = [type(o).__name__ for o in options.family_options if type(o) not in taken]
    if stray:
        raise DocgenError(Problem(None, None, "options", f"no document family takes {', '.join(stray)}"))
    names = list(families or FAMILIES)
    with _build_lock(project, Path(options.out_dir)):
        remove_stale_parts(Path(options.out_dir))
        results = [_run(name, project, options) for name in names]
    used = {concern for name in names for concern in FAMILIES[name].uses}
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
    family = FAMILIES[name]
    try:
        project.require(*family.uses)
    except SourceError as exc:
        result = BuildResult(name, note="(not made: its data has errors)")
        result.record(exc)
        return result
    return family.build(project, options)


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
