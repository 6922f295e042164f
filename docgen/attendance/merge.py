"""Merging an import into a session's stored attendance: rows matched by id, or by name for walk-ins.

Pure: stored rows (``{column: text}``) in, stored rows and what changed out. A
value typed for an empty field fills it; a different value typed for a field
already filled is a :class:`Conflict` and the stored value is kept. In replace
mode the import is the new file and only the counts are computed.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from docgen.attendance.fields import norm_id, norm_name

__all__ = ["Conflict", "Incoming", "Merged", "merge_rows", "same_value"]

_KEYS = ("session", "id")  # what a row is matched on, never "updated"


@dataclass(frozen=True)
class Conflict:
    """A field the import gives a different value for: the import's row, the field and both values."""

    row: int
    field: str
    stored: str
    typed: str


@dataclass(frozen=True)
class Incoming:
    """One imported row: its row number in the import, its stored form, and the fields typed on it.

    Only a typed field can conflict: an invitee's other details come from the recipient list.
    """

    row: int
    values: dict[str, str]
    typed: frozenset[str] = frozenset()


@dataclass
class Merged:
    """The rows to store and how many were added, updated, left unchanged and removed (replace mode)."""

    rows: list[dict[str, str]]
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def same_value(a: str, b: str, name: str = "") -> bool:
    """Whether two cells say the same thing: case, spacing and dots do not matter, nor a phone's spaces."""
    if name == "phone":
        return _national(a) == _national(b)
    return norm_name(a) == norm_name(b)


def _national(phone: str) -> str:
    """A phone's digits as dialled in Cambodia: ``+855 12 345 678`` is ``012345678``."""
    digits = "".join(c for c in phone if c.isdigit())
    return "0" + digits[3:] if digits.startswith("855") and len(digits) > 10 else digits


def same_walk_in(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    """Whether two walk-ins' rows are one person: a name in common, and no name (Khmer, English) that differs."""
    pairs = [(norm_name(a.get(f, "")), norm_name(b.get(f, ""))) for f in ("name_km", "name_en")]
    both = [(x, y) for x, y in pairs if x and y]
    return bool(both) and all(x == y for x, y in both)


def _find(stored: list[dict[str, str]], row: dict[str, str]) -> int | None:
    """The index of the stored row for the same person: same id, or (no id on either) a shared name."""
    if row.get("id"):
        wanted = norm_id(row["id"])
        return next((i for i, s in enumerate(stored) if s.get("id") and norm_id(s["id"]) == wanted), None)
    return next((i for i, s in enumerate(stored) if not s.get("id") and same_walk_in(row, s)), None)


def _fill(stored: dict[str, str], row: Incoming, conflicts: list[Conflict]) -> bool:
    """Fill ``stored``'s empty fields from ``row``; a different value typed for a filled one is a conflict."""
    filled = False
    for name, value in row.values.items():
        old = stored.get(name, "")
        if name in _KEYS or not value or same_value(old, value, name):
            continue
        if old:
            if name in row.typed:
                conflicts.append(Conflict(row.row, name, old, value))
        else:
            stored[name] = value
            filled = True
    return filled


def merge_rows(stored: Sequence[dict[str, str]], incoming: Sequence[Incoming], replace: bool = False) -> Merged:
    """The ``incoming`` rows merged into ``stored``, or replacing it."""
    rows = [dict(r) for r in stored]
    if replace:
        merged = Merged([dict(r.values) for r in incoming])
        matched = set()
        for row in (r.values for r in incoming):
            at = _find(rows, row)
            if at is None:
                merged.added += 1
                continue
            matched.add(at)
            same = all(same_value(rows[at].get(k, ""), v, k) for k, v in row.items())
            merged.unchanged += same
            merged.updated += not same
        merged.removed = len(rows) - len(matched)
        return merged
    merged = Merged(rows)
    touched: set[int] = set()
    for row in incoming:
        at = _find(rows, row.values)
        if at is None:
            rows.append(dict(row.values))
            merged.added += 1
        elif _fill(rows[at], row, merged.conflicts) and at < len(stored):
            touched.add(at)  # a row added by this import and filled again is still one added row
    merged.updated = len(touched)
    merged.unchanged = len(stored) - len(touched)
    return merged
