"""``docgen build letters``: an invitation letter per recipient, the print file, envelopes, labels, register.

The work for one recipient is a pure function of (project, recipient, languages,
number, date): :func:`letter_document` renders the template(s) into one
Document, and :func:`_build_one` writes it in every format. With ``--jobs N`` a
process pool runs ``_build_one``; the letters are made, and their results come
back, in print-file order, so the print file is streamed as they come and the
output is the same whatever N is. A recipient whose data cannot make a letter
is reported and skipped; the others are built.
"""
from __future__ import annotations

import collections
import datetime as dt
import itertools
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from docgen.build import BuildOptions, BuildResult
from docgen.document import Document, PageBreak
from docgen.documents.printfile import order_recipients
from docgen.documents.letter_context import LetterFacts, check_recipient, letter_context
from docgen.documents.refnumbers import ReferenceRegister, assign_numbers, register_path
from docgen.errors import DocgenError, Problem
from docgen.letter_names import file_name_clashes, letter_stem, letter_stems
from docgen.model import Project, Recipient
from docgen.packed import Picked
from docgen.parallel import Pool, return_freed_memory, worker_pool
from docgen.select import select_recipients
from docgen.variables import preview_item

__all__ = ["LETTERS_DIR", "letter_stem", "letter_stems", "file_name_clashes", "letter_path", "built_letter", "letter_langs", "template_for",
           "letter_document", "build_letters"]

LETTERS_DIR = "letters"


def letter_path(out_dir: Path, recipient: Recipient, fmt: str, lang: str | None = None) -> Path:
    """``out/letters/<id>-<name>.<fmt>``: one file per recipient (see :func:`letter_stem`)."""
    return Path(out_dir) / LETTERS_DIR / f"{letter_stem(recipient, lang)}.{fmt}"


def built_letter(folder: Path, recipient: Recipient, fmt: str) -> Path:
    """The recipient's letter file in ``folder`` as the last build wrote it, with or without ``--lang``: the
    newest of those under :func:`letter_stems` (a Khmer-named one from an earlier build is not it); the
    first name when none is built."""
    paths = [Path(folder) / f"{stem}.{fmt}" for stem in letter_stems(recipient)]
    built = [path for path in paths if path.is_file()]
    return max(built, key=lambda path: path.stat().st_mtime_ns) if built else paths[0]


def letter_langs(recipient: Recipient, override: str | None = None) -> tuple[str, ...]:
    """The languages of a recipient's letter, Khmer first; ``--lang`` overrides the recipient's own."""
    chosen = override or recipient.language
    return ("km", "en") if chosen == "both" else (chosen,)


def template_for(project: Project, recipient: Recipient, lang: str) -> str:
    """The letter template for the recipient's category, falling back to the authority one, then the default.

    ``letters/invitation-<category>.<lang>.xml`` -> ``letters/invitation-authority.<lang>.xml``
    (government categories only) -> ``letters/invitation.<lang>.xml``.
    """
    from docgen.compose import search_path

    category = project.forum.category(recipient.category)
    candidates = [f"invitation-{recipient.category}.{lang}.xml"]
    if category is not None and category.authority:
        candidates.append(f"invitation-authority.{lang}.xml")
    folders = search_path(project)
    for name in candidates:
        if any((folder / LETTERS_DIR / name).is_file() for folder in folders):
            return f"{LETTERS_DIR}/{name}"
    return f"{LETTERS_DIR}/invitation.{lang}.xml"


def join_documents(documents: Sequence[Document]) -> Document:
    """One Document holding ``documents`` one after the other, each from a new page (page setup of the first)."""
    blocks: list = []
    for doc in documents:
        if blocks:
            blocks.append(PageBreak())
        blocks.extend(doc.blocks)
    return replace(documents[0], blocks=tuple(blocks))


def letter_document(project: Project, recipient: Recipient, langs: Sequence[str], facts: LetterFacts) -> Document:
    """The whole letter of ``recipient``: Khmer then English when both are asked for."""
    from docgen.compose import render

    parts = [render(template_for(project, recipient, lang), letter_context(project, recipient, lang, facts), project)
             for lang in langs]
    return join_documents(parts)


# -- one recipient, possibly in a worker process -----------------------------------------

@dataclass(frozen=True, slots=True)
class LetterRun:
    """What every letter of a run shares: where its files go, in which formats, languages and date."""

    folder: Path
    formats: tuple[str, ...]
    lang: str | None  # --lang, over each recipient's own
    date: dt.date

    def path(self, stem: str, fmt: str) -> Path:
        return self.folder / f"{stem}.{fmt}"


@dataclass(slots=True)
class LetterOutcome:
    """What one letter produced: the stem of its files' names, or the problems that stopped it."""

    stem: str
    problems: list[Problem] = field(default_factory=list)


_WORKER: dict[str, object] = {}


def _init_worker(project: Project, write_options: object, run: LetterRun) -> None:
    """Process-pool initialiser: each worker receives the project once, not once per letter."""
    _WORKER["project"], _WORKER["options"], _WORKER["run"] = project, write_options, run


def _build_one(index: int, number: int) -> LetterOutcome:
    """Render the letter of the project's recipient ``index`` and write it in every format; data and
    template problems become values. A task names its recipient by position, not by value: the worker
    reads it from the project it shares with this process, so 10,000 letters' tasks take a few bytes each."""
    from docgen.writers import write

    project, write_options, run = _WORKER["project"], _WORKER["options"], _WORKER["run"]
    recipient = project.recipients[index]  # type: ignore[attr-defined]
    outcome = LetterOutcome(letter_stem(recipient, run.lang))
    try:
        document = letter_document(project, recipient, letter_langs(recipient, run.lang),  # type: ignore[arg-type]
                                   LetterFacts(number, run.date))  # type: ignore[attr-defined]
        for fmt in run.formats:  # type: ignore[attr-defined]
            write(document, run.path(outcome.stem, fmt), fmt, write_options)  # type: ignore[attr-defined]
    except DocgenError as exc:
        outcome.problems.extend(exc.problems)
    _WORKER["built"] = done = int(_WORKER.get("built", 0)) + 1  # type: ignore[call-overload]
    if done % _TRIM_EVERY == 0:
        return_freed_memory()
    return outcome


_CHUNK = 25  # letters handed to a worker at a time
_TRIM_EVERY = 200  # letters between hand-backs of freed heap memory


def _run_jobs(pool: Pool, letters: LetterPlan, workers: int) -> Iterator[LetterOutcome]:
    """Outcomes in print order; small chunks, so no worker idles long at the end waiting for another.

    The first letter is made here before any work is handed out: the workers, forked
    at the first hand-out, then share this process's loaded fonts, imports and locale
    data instead of each loading its own copy.
    """
    if not letters.indices:
        return iter(())
    chunk = max(1, min(_CHUNK, len(letters.indices) // (max(workers, 1) * 8)))
    first = _build_one(letters.indices[0], letters.numbers[0])
    return itertools.chain([first], pool.map(_build_one, letters.indices[1:], letters.numbers[1:], chunksize=chunk))


# -- the family ----------------------------------------------------------------------------

def _letter_date(project: Project, options: BuildOptions) -> dt.date:
    if project.forum.letters.date is not None:
        return project.forum.letters.date
    return options.timestamp.date() if options.timestamp else dt.date.today()


@dataclass(slots=True)
class LetterPlan:
    """The letters of a run, in print-file order: the position of each one's recipient in the project's
    lists and its number (two arrays of integers, not 10,000 objects, in the process workers fork from)."""

    indices: array = field(default_factory=lambda: array("q"))
    numbers: array = field(default_factory=lambda: array("q"))

    def add(self, index: int, number: int) -> None:
        self.indices.append(index)
        self.numbers.append(number)

    def __len__(self) -> int:
        return len(self.indices)


def _plan(project: Project, options: BuildOptions, problems: list[Problem]) -> tuple[LetterPlan, int]:
    """The letters of the selected recipients whose data can make one, and how many were selected;
    the others' problems go to ``problems``."""
    recipients = list(project.recipients)  # read once: a loaded project's lists are packed
    numbers = assign_numbers(project, [r.id for r in recipients], options.timestamp.date() if options.timestamp else None)
    chosen = {r.id for r in select_recipients(recipients, options.where, options.only)}
    position = {}
    for index, recipient in enumerate(recipients):
        if recipient.id not in chosen:
            continue
        found = check_recipient(project.forum, recipient, letter_langs(recipient, options.lang))
        problems.extend(found)
        if not any(p.is_error for p in found):
            position[recipient.id] = index
    # In print-file order, so the print file can be streamed while the letters are being made.
    plan = LetterPlan()
    for recipient in order_recipients([recipients[i] for i in position.values()], options.order, project.forum, numbers):
        plan.add(position[recipient.id], numbers[recipient.id])
    return plan, len(chosen)


def build_letters(project: Project, options: BuildOptions) -> BuildResult:
    """Build the letters of the selected recipients and the mailing around them (print file, envelopes, labels, register)."""
    from docgen.documents.mailing import build_mailing, mailing_settings, stream_print_file
    from docgen.writers import WriteOptions

    mailing_settings(options)  # a bad mailing option stops the run before any letter is rendered
    result = BuildResult("letters")
    planned, chosen = _plan(project, options, result.problems)
    run = LetterRun(Path(options.out_dir) / LETTERS_DIR, tuple(options.formats), options.lang,
                    _letter_date(project, options))
    write_options = WriteOptions.for_project(project, timestamp=options.timestamp)
    return_freed_memory()  # what reading the lists left behind, before the workers are forked
    try:
        built = LetterPlan()
        with worker_pool(options.jobs if len(planned) > 1 else 1, _init_worker, (project, write_options, run)) as pool:
            made = _made(planned, _run_jobs(pool, planned, options.jobs), options, result)
            pdfs = (run.path(stem, "pdf") for stem in _recorded(made, built))
            if "pdf" in run.formats:
                stream_print_file(pdfs, run.folder, options, result)
            else:
                collections.deque(pdfs, maxlen=0)
        letters = result.counts["letters"] = len(built)
        if built:
            # A new pool for the mailing: the letters' workers go, with their caches of shaped text and
            # layouts and the pages of shared memory they copied as they wrote to them (if only to count
            # a reference); workers forked now share what this process holds.
            return_freed_memory()
            with worker_pool(options.jobs) as pool:
                build_mailing(project, options, Picked(project.recipients, built.indices), built.numbers, run.date,
                              result, pool)
    finally:
        _WORKER.clear()  # without workers, this process was the worker: let the project go
    skipped = chosen - letters
    result.note = f"({skipped} skipped)" if skipped else ""
    return result


def _made(planned: LetterPlan, outcomes: Iterator[LetterOutcome], options: BuildOptions,
          result: BuildResult) -> Iterator[tuple[int, int, str]]:
    """Record each letter's problems in ``result`` as it comes; yield (index, number, stem) of each letter made."""
    seen_problems: set[str] = set()
    total = len(planned)
    for done, (index, number, outcome) in enumerate(zip(planned.indices, planned.numbers, outcomes), start=1):
        for problem in outcome.problems:
            if str(problem) not in seen_problems:  # a broken template fails every letter the same way
                seen_problems.add(str(problem))
                result.problems.append(problem)
        options.tick("letters", done, total)
        if not outcome.problems:
            yield index, number, outcome.stem


def _recorded(made: Iterator[tuple[int, int, str]], built: LetterPlan) -> Iterator[str]:
    """The stems of the letters made, each added to ``built`` as it passes."""
    for index, number, stem in made:
        built.add(index, number)
        yield stem


def preview_context(project: Project, recipient_id: str | None, lang: str, template: str) -> dict:
    """What ``docgen preview letters/…`` renders: a real recipient's letter, numbered as the register would number it."""
    recipient = preview_item(project.recipients, recipient_id, "recipient", template)
    number = ReferenceRegister.load(register_path(project)).number_for(recipient.id)  # not saved: a preview assigns nothing
    facts = LetterFacts(number, _letter_date(project, BuildOptions(out_dir=project.out_dir)))
    return letter_context(project, recipient, lang, facts)

