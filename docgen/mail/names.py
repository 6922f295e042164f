"""The files a mailing writes in ``out/outbox/``, each named through :func:`~docgen.filenames.safe_filename`.

A name made from data (a recipient id typed in a spreadsheet: ``../../x``,
``a/b/c``, 300 characters, ``CON``) once became a path outside ``out/``, a tree
of folders or a name the file system refused (issue 22). Through the one
safe-name function of the letters, every name stays in its folder, is short and
is one Windows accepts; two ids that make the same safe name get ``-2``, ``-3``….
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docgen.filenames import safe_filename

__all__ = ["outbox_dir", "free_name", "message_path", "report_path"]


def outbox_dir(out_dir: Path) -> Path:
    """``out/outbox``: the dry run's messages and every run's report."""
    return Path(out_dir) / "outbox"


def free_name(stem: str, suffix: str, taken: Callable[[str], bool], fallback: str = "file") -> str:
    """``stem`` + ``suffix`` made safe, numbered ``-2``, ``-3``… until ``taken(name)`` is false.

    The number goes in the trusted suffix, so truncating a long stem never drops it.
    """
    name, number = safe_filename(stem, suffix, fallback), 2
    while taken(name):
        name, number = safe_filename(stem, f"-{number}{suffix}", fallback), number + 1
    return name


def message_path(folder: Path, recipient_id: str, used: set[str]) -> Path:
    """``folder/<id>.eml``, a name not in ``used`` (compared without case, as Windows and macOS do); adds it."""
    name = free_name(recipient_id, ".eml", lambda n: n.casefold() in used, fallback="recipient")
    used.add(name.casefold())
    return folder / name


def report_path(folder: Path, document: str, stamp: str) -> Path:
    """``folder/send-report-<document>-<stamp>.csv``, numbered when a report of that second exists."""
    return folder / free_name(f"send-report-{document}-{stamp}", ".csv", lambda n: (folder / n).exists())
