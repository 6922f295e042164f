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

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from docgen.build import FORMATS, BuildOptions, BuildResult
from docgen.document import Document, PageBreak
from docgen.documents.filenames import safe_filename
from docgen.documents.printfile import order_recipients
from docgen.documents.letter_context import LetterFacts, check_recipient, letter_context, text_in
from docgen.documents.refnumbers import ReferenceRegister, assign_numbers, register_path
from docgen.errors import DocgenError, Problem
from docgen.model import Project, Recipient
from docgen.parallel import Pool, return_freed_memory, worker_pool
from docgen.select import select_recipients
from docgen.variables import preview_item, register_family

__all__ = ["LETTERS_DIR", "letter_stem", "file_name_clashes", "letter_path", "letter_langs", "template_for",
           "letter_document", "build_letters"]

LETTERS_DIR = "letters"


def letter_stem(recipient: Recipient) -> str:
    """``<id>-<name>``, in the recipient's first language: the name of each of its letter's files but the
    extension, short enough for the longest extension, so a letter's PDF and DOCX share it."""
    lang = recipient.first_lang
    stem = f"{recipient.id}-{text_in(recipient.name, lang)}".rstrip("-")
    longest = "." + max(FORMATS, key=len)
    return safe_filename(stem, longest, fallback="letter").removesuffix(longest)


def file_name_clashes(recipients: Sequence[Recipient]) -> list[Problem]:
    """A problem for each recipient whose letters would have an earlier recipient's file names: ids that
    differ only in characters a file name cannot hold (``A/1``, ``A:1``), or an id and name that join like
    another's (``A-B`` + ``C``, ``A`` + ``B-C``). The loader reports them, so one letter never overwrites
    another, nor is sent in another's place."""
    first: dict[str, Recipient] = {}
    problems = []
    for recipient in recipients:
        stem = letter_stem(recipient)
        other = first.setdefault(stem.casefold(), recipient)  # Windows and macOS file names ignore case
        if other is not recipient:
            problems.append(Problem(recipient.source.file, recipient.source.row, "id",
                                    f"its letters would be named {stem!r}, as those of {other.id!r} at "
                                    f"{other.source.file}:{other.source.row}; change one of the ids"))
    return problems


def letter_path(out_dir: Path, recipient: Recipient, fmt: str) -> Path:
    """``out/letters/<id>-<name>.<fmt>``: one file per recipient (see :func:`letter_stem`)."""
    return Path(out_dir) / LETTERS_DIR / f"{letter_stem(recipient)}.{fmt}"


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
class LetterJob:
    """What a worker needs for one letter besides the project.

    Its files are ``folder/<stem>.<format>``: a mailing's jobs share one folder and
    one tuple of formats, and hold only their stem, not a path per file.
    """

    recipient: Recipient
    langs: tuple[str, ...]
    facts: LetterFacts
    folder: Path
    stem: str
    formats: tuple[str, ...]

    def path(self, fmt: str) -> Path:
        return self.folder / f"{self.stem}.{fmt}"


@dataclass(slots=True)
class LetterOutcome:
    """What one letter produced: nothing to report, or the problems that stopped it."""

    recipient_id: str
    problems: list[Problem] = field(default_factory=list)


_WORKER: dict[str, object] = {}


def _init_worker(project: Project, write_options: object) -> None:
    """Process-pool initialiser: each worker receives the project once, not once per letter."""
    _WORKER["project"], _WORKER["options"] = project, write_options


def _build_one(job: LetterJob) -> LetterOutcome:
    """Render one letter and write it in every format; data and template problems become values."""
    from docgen.writers import write

    project, write_options = _WORKER["project"], _WORKER["options"]
    outcome = LetterOutcome(job.recipient.id)
    try:
        document = letter_document(project, job.recipient, job.langs, job.facts)  # type: ignore[arg-type]
        for fmt in job.formats:
            write(document, job.path(fmt), fmt, write_options)  # type: ignore[arg-type]
    except DocgenError as exc:
        outcome.problems.extend(exc.problems or [Problem(job.recipient.source.file, job.recipient.source.row, None, str(exc))])
    _WORKER["built"] = done = int(_WORKER.get("built", 0)) + 1  # type: ignore[call-overload]
    if done % _TRIM_EVERY == 0:
        return_freed_memory()
    return outcome


_CHUNK = 25  # letters handed to a worker at a time
_TRIM_EVERY = 200  # letters between hand-backs of freed heap memory


def _run_jobs(pool: Pool, jobs: list[LetterJob], workers: int) -> Iterator[LetterOutcome]:
    """Outcomes in job order; small chunks, so no worker idles long at the end waiting for another.

    The first letter is made here before any work is handed out: the workers, forked
    at the first hand-out, then share this process's loaded fonts, imports and locale
    data instead of each loading its own copy.
    """
    if not jobs:
        return iter(())
    chunk = max(1, min(_CHUNK, len(jobs) // (max(workers, 1) * 8)))
    return itertools.chain([_build_one(jobs[0])], pool.map(_build_one, jobs[1:], chunksize=chunk))


# -- the family ----------------------------------------------------------------------------

def _letter_date(project: Project, options: BuildOptions) -> dt.date:
    if project.forum.letters.date is not None:
        return project.forum.letters.date
    return options.timestamp.date() if options.timestamp else dt.date.today()


def _plan(project: Project, options: BuildOptions, chosen: list[Recipient], problems: list[Problem]) -> list[LetterJob]:
    """The jobs of the recipients whose data can make a letter; the others' problems go to ``problems``."""
    numbers = assign_numbers(project, [r.id for r in project.recipients], options.timestamp.date() if options.timestamp else None)
    date = _letter_date(project, options)
    folder, formats = Path(options.out_dir) / LETTERS_DIR, tuple(options.formats)
    jobs = []
    for recipient in chosen:
        langs = letter_langs(recipient, options.lang)
        found = check_recipient(project.forum, recipient, langs)
        problems.extend(found)
        if any(p.is_error for p in found):
            continue
        jobs.append(LetterJob(recipient, langs, LetterFacts(numbers[recipient.id], date), folder,
                              letter_stem(recipient), formats))
    # In print-file order, so the print file can be streamed while the letters are being made.
    by_id = {job.recipient.id: job for job in jobs}
    return [by_id[r.id] for r in order_recipients([job.recipient for job in jobs], options.order, project.forum, numbers)]


def build_letters(project: Project, options: BuildOptions) -> BuildResult:
    """Build the letters of the selected recipients and the mailing around them (print file, envelopes, labels, register)."""
    from docgen.documents.mailing import build_mailing, mailing_settings, stream_print_file
    from docgen.writers import WriteOptions

    mailing_settings(options)  # a bad mailing option stops the run before any letter is rendered
    result = BuildResult("letters")
    chosen = select_recipients(project.recipients, options.where, options.only)
    jobs = _plan(project, options, chosen, result.problems)
    write_options = WriteOptions.for_project(project, timestamp=options.timestamp)
    return_freed_memory()  # what reading the lists left behind, before the workers are forked
    try:
        with worker_pool(options.jobs if len(jobs) > 1 else 1, _init_worker, (project, write_options)) as pool:
            made = _made(jobs, _run_jobs(pool, jobs, options.jobs), options, result)
            built = stream_print_file(made, options, result) if "pdf" in options.formats else list(made)
        letters = result.counts["letters"] = len(built)
        if built:
            recipients, date = [job.recipient for job in built], built[0].facts.date
            numbers = {job.recipient.id: job.facts.number for job in built}
            del jobs, built  # their facts and file stems: let go before the mailing's workers are forked
            # A new pool for the mailing: the letters' workers go, with their caches of shaped text and
            # layouts and the pages of shared memory they copied as they wrote to them (if only to count
            # a reference); workers forked now share what this process holds.
            return_freed_memory()
            with worker_pool(options.jobs) as pool:
                build_mailing(project, options, recipients, numbers, date, result, pool)
    finally:
        _WORKER.clear()  # without workers, this process was the worker: let the project go
    skipped = len(chosen) - letters
    result.note = f"({skipped} skipped)" if skipped else ""
    return result


def _made(jobs: list[LetterJob], outcomes: Iterator[LetterOutcome], options: BuildOptions,
          result: BuildResult) -> Iterator[LetterJob]:
    """Record each letter's problems in ``result`` as it comes; yield the jobs that made a letter."""
    seen_problems: set[str] = set()
    for done, (job, outcome) in enumerate(zip(jobs, outcomes), start=1):
        for problem in outcome.problems:
            if str(problem) not in seen_problems:  # a broken template fails every letter the same way
                seen_problems.add(str(problem))
                result.problems.append(problem)
        options.tick("letters", done, len(jobs))
        if not outcome.problems:
            yield job


def preview_context(project: Project, recipient_id: str | None, lang: str, template: str) -> dict:
    """What ``docgen preview letters/…`` renders: a real recipient's letter, numbered as the register would number it."""
    recipient = preview_item(project.recipients, recipient_id, "recipient", template)
    number = ReferenceRegister.load(register_path(project)).number_for(recipient.id)  # not saved: a preview assigns nothing
    facts = LetterFacts(number, _letter_date(project, BuildOptions(out_dir=project.out_dir)))
    return letter_context(project, recipient, lang, facts)


register_family("letters", preview_context)
