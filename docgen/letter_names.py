"""The names of each recipient's letter files (``<id>-<name>``), and the recipients whose names would clash.

The project loader reports the clashes, and the letters, the print file and the mail use the names,
so the rule lives apart from them all.
"""
from __future__ import annotations

from collections.abc import Sequence

from docgen.writers import FORMATS
from docgen.errors import Problem
from docgen.filenames import safe_filename
from docgen.model import Recipient, text_in

__all__ = ["letter_stem", "letter_stems", "file_name_clashes"]


def letter_stem(recipient: Recipient, lang: str | None = None) -> str:
    """``<id>-<name>``, in the recipient's first language, or in ``lang`` when ``--lang km`` or ``en`` says which
    (a letter built with ``--lang en`` has an English name, issue 26; ``both`` keeps the recipient's own): the name
    of each of its letter's files but the extension, short enough for the longest extension, so a letter's PDF
    and DOCX share it."""
    lang = lang if lang in ("km", "en") else recipient.first_lang
    stem = f"{recipient.id}-{text_in(recipient.name, lang)}".rstrip("-")
    longest = "." + max(FORMATS, key=len)
    return safe_filename(stem, longest, fallback="letter").removesuffix(longest)


def letter_stems(recipient: Recipient) -> list[str]:
    """Every name a recipient's letter files can have: its own language's first, then built with ``--lang``."""
    return list(dict.fromkeys(letter_stem(recipient, lang) for lang in (None, "km", "en")))


def file_name_clashes(recipients: Sequence[Recipient]) -> list[Problem]:
    """A problem for each recipient whose letters could have an earlier recipient's file names, in either
    language: ids that differ only in characters a file name cannot hold (``A/1``, ``A:1``), or an id and name
    that join like another's (``A-B`` + ``C``, ``A`` + ``B-C``). The loader reports them, so one letter never
    overwrites another, nor is sent in another's place (:func:`~docgen.documents.letters.built_letter` looks under every name)."""
    first: dict[str, Recipient] = {}
    problems = []
    for recipient in recipients:
        for stem in letter_stems(recipient):
            other = first.setdefault(stem.casefold(), recipient)  # Windows and macOS file names ignore case
            if other is not recipient:
                problems.append(Problem(recipient.source.file, recipient.source.row, "id",
                                        f"its letters would be named {stem!r}, as those of {other.id!r} at "
                                        f"{other.source.file}:{other.source.row}; change one of the ids"))
                break
    return problems

