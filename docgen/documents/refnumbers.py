"""The letters' reference-number register: one number per recipient, for good.

A ministry's outgoing letters are numbered once. Re-running a build must give
every recipient the number printed on the letter already signed; a recipient
added later gets the next free number; a recipient removed from the list keeps
its number in the register, so nobody else is renumbered (the gap is honest).

The register is a small CSV file in the project (``letters-register.csv``) that a
person can read and, with care, edit in a spreadsheet (an id that would run as a
formula there is written with a leading apostrophe, see :mod:`docgen.cells`):

    number,recipient_id,assigned
    1,KEP-001,2026-02-01
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.cells import csv_text, restore
from docgen.errors import Problem, ProjectError
from docgen.files import atomic_write_text
from docgen.model import Project

__all__ = ["REGISTER_NAME", "ReferenceRegister", "register_path", "assign_numbers"]

REGISTER_NAME = "letters-register.csv"
_HEADER = ("number", "recipient_id", "assigned")


def register_path(project: Project) -> Path:
    """Where the project keeps its register; the bundled forum's lives beside its outputs."""
    base = project.out_dir if project.bundled else project.root
    return Path(base) / REGISTER_NAME


@dataclass
class ReferenceRegister:
    """Recipient id -> reference number, read from and written back to one CSV file."""

    path: Path
    numbers: dict[str, int] = field(default_factory=dict)
    assigned: dict[str, str] = field(default_factory=dict)  # recipient id -> ISO date of assignment
    changed: bool = False

    @classmethod
    def load(cls, path: str | Path) -> ReferenceRegister:
        """Read the register at ``path``; a missing file is an empty register."""
        path = Path(path)
        register = cls(path)
        if not path.exists():
            return register
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProjectError(Problem(path, None, None, f"cannot read the reference register: {exc}")) from exc
        for row_number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            register._add_row(row, row_number)
        return register

    def _add_row(self, row: dict[str, str], row_number: int) -> None:
        recipient_id = restore(row.get("recipient_id") or "").strip()
        raw = (row.get("number") or "").strip()
        if not recipient_id and not raw:
            return
        if not raw.isdigit() or int(raw) < 1:
            raise ProjectError(Problem(self.path, row_number, "number", f"expected a positive whole number, found {raw!r}"))
        number = int(raw)
        if recipient_id in self.numbers:
            raise ProjectError(Problem(self.path, row_number, "recipient_id", f"{recipient_id} is numbered twice"))
        if number in self.numbers.values():
            raise ProjectError(Problem(self.path, row_number, "number", f"number {number} is given to two recipients"))
        self.numbers[recipient_id] = number
        self.assigned[recipient_id] = (row.get("assigned") or "").strip()

    @property
    def next_number(self) -> int:
        """The number the next new recipient gets: one more than the highest ever given."""
        return max(self.numbers.values(), default=0) + 1

    def number_for(self, recipient_id: str, today: dt.date | None = None) -> int:
        """The recipient's number, assigning the next one if the recipient is new."""
        if recipient_id not in self.numbers:
            self.numbers[recipient_id] = self.next_number
            self.assigned[recipient_id] = (today or dt.date.today()).isoformat()
            self.changed = True
        return self.numbers[recipient_id]

    def to_csv(self) -> str:
        """The register as CSV; an id that a spreadsheet would run as a formula is written as text."""
        rows = sorted(self.numbers.items(), key=lambda item: item[1])
        return csv_text(_HEADER, ((number, rid, self.assigned.get(rid, "")) for rid, number in rows), "\n")

    def save(self) -> None:
        """Write the register back (atomically) if a number was assigned since it was read."""
        if self.changed:
            atomic_write_text(self.path, self.to_csv())
            self.changed = False


def assign_numbers(project: Project, recipient_ids: Iterable[str], today: dt.date | None = None) -> dict[str, int]:
    """Numbers for ``recipient_ids`` (new ones assigned in the order given), saved in the project.

    New recipients are numbered in the order of ``recipient_ids``, so the caller
    passes them in list order: the numbers then follow the recipient lists.
    """
    register = ReferenceRegister.load(register_path(project))
    numbers = {rid: register.number_for(rid, today) for rid in recipient_ids}
    register.save()
    return numbers
