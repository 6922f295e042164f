"""Letters made in a process pool: one per recipient, written in every format, the outcomes in the order given.

Invitations (:mod:`docgen.documents.letters`) and the summary's cover letters
(:mod:`docgen.documents.summary`) are made the same way: a plan of
:class:`Letter` values, then :func:`make_letters`, which hands them to the pool
in chunks and gives back each one's problems in the plan's order, so the caller
can stream the print file while the letters are being made and the output is
the same whatever ``--jobs`` is. A letter is a pure function of what its task
carries (the run and the letter), so a worker may be forked or spawned.
"""
from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DocgenError, Problem
from docgen.parallel import process_pool, workers_are_forked

if TYPE_CHECKING:
    from docgen.document import Document
    from docgen.documents.letter_context import LetterFacts
    from docgen.model import Project, Recipient
    from docgen.options import WriteOptions

__all__ = ["Letter", "LetterRun", "Compose", "make_letters", "make_letter", "letter_project"]

#: (project, recipient, languages, facts) -> the whole letter, every language in one Document
Compose = Callable[["Project", "Recipient", tuple[str, ...], "LetterFacts"], "Document"]

_CHUNK = 25  # letters handed to a worker at a time, at most


@dataclass(frozen=True, slots=True)
class Letter:
    """One letter to make: to whom, in which languages, its number and date, and its files' name (no extension)."""

    recipient: Recipient
    langs: tuple[str, ...]
    facts: LetterFacts
    stem: str


@dataclass(frozen=True)
class LetterRun:
    """What every letter of a run shares: how it is composed, from what, where and how it is written."""

    project: Project  # as :func:`letter_project` gives it
    compose: Compose
    folder: Path
    formats: tuple[str, ...]
    write_options: WriteOptions

    def path(self, letter: Letter, fmt: str) -> Path:
        return self.folder / f"{letter.stem}.{fmt}"


def letter_project(project: Project) -> Project:
    """``project`` as a letter reads it: its forum and folder, without the lists (which each task would carry)."""
    return replace(project, recipients=[], outcomes=[], attendance=[], unusable={})


def make_letter(run: LetterRun, letter: Letter) -> list[Problem]:
    """Compose ``letter`` and write it in every format: the problems of its data or template (the letter is
    not made), or none. Any other failure is one DocgenError naming the recipient."""
    from docgen.writers import write

    try:
        document = run.compose(run.project, letter.recipient, letter.langs, letter.facts)
        for fmt in run.formats:
            write(document, run.path(letter, fmt), fmt, run.write_options)
    except DocgenError as exc:
        return exc.problems
    except Exception as exc:
        source = letter.recipient.source
        raise DocgenError(Problem(source.file or "<recipients>", source.row, "id",
                                  f"the letter to {letter.recipient.id!r} failed: {type(exc).__name__}: {exc}")) from exc
    return []


@contextmanager
def make_letters(run: LetterRun, letters: Sequence[Letter], jobs: int) -> Iterator[Iterator[list[Problem]]]:
    """Make ``letters`` with ``jobs`` processes; the block is given each letter's problems (none: made),
    as :func:`make_letter` gives them, in the order of ``letters``. Leaving it early stops the run.

    The letters go in small chunks, so that no worker idles long at the end waiting for another.
    """
    jobs = jobs if len(letters) > 1 else 1
    if jobs > 1 and workers_are_forked():
        warm_up(run, letters[0])
    chunk = max(1, min(_CHUNK, len(letters) // (jobs * 8)))
    with process_pool(jobs) as pool:
        yield pool.map(partial(make_letter, run), letters, chunksize=chunk)


def warm_up(run: LetterRun, letter: Letter) -> None:
    """Compose and write ``letter`` in memory, and forget it: this process then holds what every letter
    needs (fonts, shaping and locale data, compiled templates), and forked workers share it instead of each
    loading their own (spawned workers could not: no warm-up then). A failure is left for the letter's own turn to report."""
    from docgen.writers import WRITERS

    with contextlib.suppress(Exception):
        document = run.compose(run.project, letter.recipient, letter.langs, letter.facts)
        for fmt in run.formats:
            WRITERS[fmt](document, io.BytesIO(), run.write_options)
