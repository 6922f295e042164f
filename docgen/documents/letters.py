"""``docgen build letters``: an invitation letter per recipient, the print file, envelopes, labels, register.

Plan, run, write outputs: :func:`plan_letters` numbers the selected recipients
(the number file), checks their data and puts them in print-file order; a
process pool makes the letters (:mod:`docgen.documents.letter_run`), each a
pure function of (project, recipient, languages, number, date) rendered by
:func:`letter_document`; their outcomes come back in print-file order, so the
print file is streamed as they come, then the envelopes, labels and register
follow the same order, and the output is the same whatever ``--jobs`` is. A
recipient whose data cannot make a letter is reported and skipped; the others
are built.
"""
from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from docgen.build import BuildOptions, BuildResult
from docgen.document import Document, PageBreak
from docgen.documents.printfile import order_recipients
from docgen.documents.letter_context import LetterFacts, check_recipient, letter_context
from docgen.documents.letter_run import Letter, LetterRun, letter_project, make_letters
from docgen.documents.refnumbers import ReferenceRegister, assign_numbers, register_path
from docgen.errors import Problem
from docgen.letter_names import letter_stem, letter_stems
from docgen.model import Project, Recipient
from docgen.parallel import process_pool
from docgen.select import select_recipients
from docgen.variables import preview_item

__all__ = ["LETTERS_DIR", "letter_path", "built_letter", "letter_langs", "template_for",
           "letter_document", "plan_letters", "build_letters"]

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


# -- plan -> run -> outputs -------------------------------------------------------------------

def _letter_date(project: Project, options: BuildOptions) -> dt.date:
    if project.forum.letters.date is not None:
        return project.forum.letters.date
    return options.timestamp.date() if options.timestamp else dt.date.today()


def plan_letters(project: Project, options: BuildOptions, problems: list[Problem]) -> tuple[list[Letter], int]:
    """The letters of the selected recipients whose data can make one, in print-file order (so the print
    file can be streamed while they are made), numbered from the register; and how many were selected.
    The others' problems go to ``problems``."""
    recipients = project.recipients
    numbers = assign_numbers(project, [r.id for r in recipients], options.timestamp.date() if options.timestamp else None)
    chosen = select_recipients(recipients, options.where, options.only)
    date = _letter_date(project, options)
    fit = []
    for recipient in chosen:
        found = check_recipient(project.forum, recipient, letter_langs(recipient, options.lang))
        problems.extend(found)
        if not any(p.is_error for p in found):
            fit.append(recipient)
    return [Letter(r, letter_langs(r, options.lang), LetterFacts(numbers[r.id], date), letter_stem(r, options.lang))
            for r in order_recipients(fit, options.order, project.forum, numbers)], len(chosen)


def build_letters(project: Project, options: BuildOptions) -> BuildResult:
    """Build the letters of the selected recipients and the mailing around them (print file, envelopes, labels, register)."""
    from docgen.documents.mailing import build_mailing, mailing_settings, stream_print_file
    from docgen.options import WriteOptions

    mailing_settings(options)  # a bad mailing option stops the run before any letter is rendered
    result = BuildResult("letters")
    planned, chosen = plan_letters(project, options, result.problems)
    run = LetterRun(letter_project(project), letter_document, Path(options.out_dir) / LETTERS_DIR,
                    tuple(options.formats), WriteOptions.for_project(project, timestamp=options.timestamp))
    made: list[Letter] = []
    with make_letters(run, planned, options.jobs) as outcomes:
        letters = _as_made(planned, outcomes, options, result, made)
        if "pdf" in run.formats:
            stream_print_file((run.path(letter, "pdf") for letter in letters), run.folder, options, result)
        else:
            collections.deque(letters, maxlen=0)
    result.counts["letters"] = len(made)
    if made:
        # A new pool: the letters' workers go, with their caches of shaped text and layouts.
        with process_pool(options.jobs) as pool:
            build_mailing(project, options, [m.recipient for m in made], [m.facts.number for m in made],
                          made[0].facts.date, result, pool)  # every letter of a run has the same date
    skipped = chosen - len(made)
    result.note = f"({skipped} skipped)" if skipped else ""
    return result


def _as_made(planned: list[Letter], outcomes: Iterator[list[Problem]], options: BuildOptions,
             result: BuildResult, made: list[Letter]) -> Iterator[Letter]:
    """The letters made, as their outcomes come; each letter's problems go to ``result``, those made to ``made``."""
    seen_problems: set[str] = set()
    for done, (letter, problems) in enumerate(zip(planned, outcomes), start=1):
        for problem in problems:
            if str(problem) not in seen_problems:  # a broken template fails every letter the same way
                seen_problems.add(str(problem))
                result.problems.append(problem)
        options.tick("letters", done, len(planned))
        if not problems:
            made.append(letter)
            yield letter


def preview_context(project: Project, recipient_id: str | None, lang: str, template: str) -> dict:
    """What ``docgen preview letters/…`` renders: a real recipient's letter, numbered as the register would number it."""
    recipient = preview_item(project.recipients, recipient_id, "recipient", template)
    number = ReferenceRegister.load(register_path(project)).number_for(recipient.id)  # not saved: a preview assigns nothing
    facts = LetterFacts(number, _letter_date(project, BuildOptions(out_dir=project.out_dir)))
    return letter_context(project, recipient, lang, facts)

