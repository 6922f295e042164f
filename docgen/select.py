"""Choosing recipients for a run: ``--where FIELD=VALUE`` (``=A,B``, ``!=C``) and ``--only ID,…``."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from dataclasses import field as dc_field

from docgen.errors import DocgenError, Problem
from docgen.model import Recipient, Text

__all__ = ["select_recipients", "parse_where", "recipient_value"]

_FIELDS = {f.name for f in fields(Recipient)} - {"extra", "source"}


def recipient_value(recipient: Recipient, name: str) -> list[str]:
    """Every value a ``--where`` field can match for a recipient (both languages of a Text).

    ``name_km`` style names pick one language; other names are extra columns (empty when absent).
    """
    base, _, lang = name.rpartition("_")
    if lang in ("km", "en") and base in _FIELDS:
        value = getattr(recipient, base)
        return [value.get(lang)] if isinstance(value, Text) else [str(value)]
    if name in _FIELDS:
        value = getattr(recipient, name)
        return [value.km, value.en] if isinstance(value, Text) else [str(value)]
    return [recipient.extra.get(name, "")]


def _known_field(name: str, recipients: Sequence[Recipient]) -> bool:
    """A standard field (optionally with _km/_en) or an extra column some list has."""
    base, _, lang = name.rpartition("_")
    standard = name in _FIELDS or (lang in ("km", "en") and base in _FIELDS)
    return standard or any(name in r.extra for r in recipients)


def _matches(recipient: Recipient, name: str, wanted: str) -> bool:
    wanted = wanted.strip().casefold()
    values = [v.strip().casefold() for v in recipient_value(recipient, name)]
    if name == "province":
        from docgen.provinces import find_province

        wanted_p, have_p = find_province(wanted), find_province(recipient.province)
        if wanted_p is not None and have_p is not None:
            return wanted_p == have_p
    return wanted in values


@dataclass
class _Filter:
    """The ``--where`` clauses on one field: it must equal one of ``wanted`` (if any) and none of ``refused``."""

    wanted: list[str] = dc_field(default_factory=list)
    refused: list[str] = dc_field(default_factory=list)

    def accepts(self, recipient: Recipient, name: str) -> bool:
        if self.wanted and not any(_matches(recipient, name, value) for value in self.wanted):
            return False
        return not any(_matches(recipient, name, value) for value in self.refused)


def parse_where(where: Iterable[str], recipients: Sequence[Recipient]) -> dict[str, _Filter]:
    """``FIELD=A,B`` / ``FIELD!=C`` clauses grouped by field. Values of one field are alternatives
    (``province=Kep --where province=Kampot`` is Kep *or* Kampot); different fields must all match."""
    filters: dict[str, _Filter] = {}
    for clause in where:
        name, sep, values = clause.partition("=")
        negated = name.endswith("!")
        name = name.removesuffix("!").strip()
        if not sep or not name:
            raise DocgenError(Problem("--where", None, clause, "expected FIELD=VALUE or FIELD!=VALUE, e.g. province=Kep"))
        if not _known_field(name, recipients):
            known = ", ".join(sorted(_FIELDS))
            raise DocgenError(Problem("--where", None, name, f"unknown field; known fields: {known}"))
        chosen = filters.setdefault(name, _Filter())
        (chosen.refused if negated else chosen.wanted).extend(v for v in values.split(",") if v.strip())
    return filters


def select_recipients(
    recipients: Sequence[Recipient],
    where: Iterable[str] = (),
    only: Iterable[str] = (),
) -> list[Recipient]:
    """The recipients that pass every ``--where`` field (see :func:`parse_where`) and, if given, are among
    ``only`` ids.

    Raises ``DocgenError`` naming the option for a malformed filter, an unknown field, an ``--only`` id
    that no list has, or a filter that no recipient matches (exit 1, not a silent "0 letters").
    """
    where = tuple(where)
    filters = parse_where(where, recipients)
    chosen = [r for r in recipients if all(f.accepts(r, name) for name, f in filters.items())]
    ids = [i.strip() for part in only for i in part.split(",") if i.strip()]
    if ids:
        known_ids = {r.id for r in recipients}
        missing = [i for i in ids if i not in known_ids]
        if missing:
            raise DocgenError(Problem("--only", None, "id", f"no recipient has id {', '.join(missing)}"))
        wanted_ids = set(ids)
        chosen = [r for r in chosen if r.id in wanted_ids]
    if not chosen and recipients and (where or ids):
        options = [f"--where {clause}" for clause in where] + ([f"--only {','.join(ids)}"] if ids else [])
        raise DocgenError(Problem(" ".join(options), None, None, "no recipient matches"))
    return chosen
