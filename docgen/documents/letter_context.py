"""The template context of one invitation letter: a pure function of the project and a recipient.

Templates get plain values already in the letter's language (``recipient.name``
is the Khmer name in a Khmer letter), dates as :class:`datetime.date` for the
date filters, and the reference number already formatted. A recipient whose
data cannot make a letter raises :class:`RecipientDataError` with the problems,
each naming the recipient list's file, row and field.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docgen.errors import DocgenError, Problem, Severity
from docgen.khmer.digits import khmer_digits
from docgen.khmer.honorifics import salutation_en
from docgen.model import Forum, LetterSettings, Person, Project, Recipient, Session, Text, text_in
from docgen.provinces import find_province

__all__ = ["RecipientDataError", "LetterFacts", "letter_context", "check_recipient", "text_in", "format_reference", "assets"]

RECIPIENT_LANGUAGES = ("km", "en", "both")


class RecipientDataError(DocgenError):
    """A recipient's data cannot make a letter; the problems say which field."""


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What a letter needs beyond the recipient: its number and its date."""

    number: int
    date: dt.date


def _problem(recipient: Recipient, field: str, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(recipient.source.file or "<recipients>", recipient.source.row, field, message, severity)


def check_recipient(forum: Forum, recipient: Recipient, langs: tuple[str, ...]) -> list[Problem]:
    """Every reason ``recipient`` cannot get a letter in ``langs`` (errors), and what looks odd (warnings)."""
    problems = []
    if recipient.language not in RECIPIENT_LANGUAGES:
        problems.append(_problem(recipient, "language", f"expected km, en or both, found {recipient.language!r}"))
    if not recipient.name:
        problems.append(_problem(recipient, "name", "the recipient has no name in either language"))
    session = forum.session(recipient.session)
    if session is None:
        known = ", ".join(s.id for s in forum.sessions)
        problems.append(_problem(recipient, "session", f"no session {recipient.session!r}; sessions are {known}"))
    elif find_province(session.province) is None:
        problems.append(_problem(recipient, "session", f"session {session.id} has an unknown province {session.province!r}"))
    if forum.category(recipient.category) is None:
        problems.append(_problem(recipient, "category", f"unknown category {recipient.category!r}", Severity.WARNING))
    for lang in langs:
        if recipient.name and not recipient.name.get(lang):
            problems.append(_problem(recipient, f"name_{lang}", f"no {lang} name; the letter uses the other one", Severity.WARNING))
    return problems


def format_reference(settings: LetterSettings, number: int, lang: str) -> str:
    """The ``លេខ`` text from the project's pattern, in Khmer digits in a Khmer letter.

    ``letters.extra["reference_pattern_en"]`` may give the English letter its own pattern.
    """
    pattern = settings.reference_pattern
    if lang == "en":
        pattern = str(settings.extra.get("reference_pattern_en") or pattern)
    try:
        text = pattern.format(number=number)
    except (KeyError, IndexError, ValueError) as exc:
        raise RecipientDataError(Problem("forum.yaml", None, "letters.reference_pattern", f"cannot format {pattern!r}: {exc}")) from exc
    return khmer_digits(text) if lang == "km" else text


def _person(person: Person | None, lang: str) -> dict[str, str]:
    if person is None:
        return {"honorific": "", "name": "", "position": "", "organisation": ""}
    return {key: text_in(getattr(person, key), lang) for key in ("honorific", "name", "position", "organisation")}


def _place(province_name: str, lang: str) -> dict[str, str]:
    province = find_province(province_name)
    if province is None:
        return {"name": province_name, "full": province_name, "key": province_name}
    return {"name": province.km if lang == "km" else province.en,
            "full": province.full_km if lang == "km" else province.full_en, "key": province.en}


def _session(session: Session, lang: str) -> dict[str, Any]:
    return {
        "id": session.id, "title": text_in(session.title, lang), "province": _place(session.province, lang),
        "date": session.date, "start": session.start, "end": session.end, "venue": text_in(session.venue, lang),
        "chair": _person(session.chair, lang), "agenda_items": len(session.agenda),
    }


def _forms_of_address(recipient: Recipient, lang: str) -> dict[str, str]:
    """How the letter speaks to the recipient: ``address_as`` in the Khmer body, ``salutation`` in English."""
    honorific = recipient.honorific.en or recipient.honorific.km   # the English greeting keeps the list's spelling
    family_name = (recipient.name.en or recipient.name.km).split(" ")[0]
    address_as = text_in(recipient.honorific, lang) or ("លោក លោកស្រី" if lang == "km" else "Sir or Madam")
    return {"address_as": address_as, "salutation": salutation_en(honorific, family_name).rstrip(",")}


def _recipient(project: Project, recipient: Recipient, lang: str) -> dict[str, Any]:
    category = project.forum.category(recipient.category)
    return {**_forms_of_address(recipient, lang),
        "id": recipient.id, "honorific": text_in(recipient.honorific, lang), "name": text_in(recipient.name, lang),
        "position": text_in(recipient.position, lang), "organisation": text_in(recipient.organisation, lang),
        "address": text_in(recipient.address, lang), "province": _place(recipient.province, lang),
        "category": recipient.category, "category_label": text_in(category.label, lang) if category else recipient.category,
        "authority": bool(category and category.authority), "sex": recipient.sex, "email": recipient.email,
    }


def _bilingual(value: object, lang: str) -> str:
    """A free setting from ``letters.extra`` in ``lang``: a Text, a {km, en} map or plain text."""
    if isinstance(value, Text):
        return text_in(value, lang)
    if isinstance(value, dict):
        return text_in(Text(str(value.get("km") or ""), str(value.get("en") or "")), lang)
    return "" if value is None else str(value)


def _copies(settings: LetterSettings, lang: str) -> list[str]:
    """The ``ចម្លងជូន`` list from ``letters.extra["copies"]``: one item or a list."""
    items = settings.extra.get("copies") or []
    items = items if isinstance(items, (list, tuple)) else [items]
    return [text for text in (_bilingual(item, lang) for item in items) if text]


def _logo(project: Project) -> str:
    """The organiser's logo as an absolute path, or "" when there is none on disk."""
    logo = project.forum.organiser.logo
    if logo is None:
        return ""
    path = logo if logo.is_absolute() else project.root / logo
    return str(path) if path.is_file() else ""


def assets(project: Project) -> dict[str, str]:
    """Pictures the letter templates draw, the project's own copy first (``templates/letters/ornament.png``)."""
    from docgen.compose import search_path

    for folder in search_path(project):
        ornament = folder / "letters" / "ornament.png"
        if ornament.is_file():
            return {"ornament": str(ornament)}
    return {"ornament": ""}


def _letter(project: Project, facts: LetterFacts, lang: str) -> dict[str, Any]:
    settings = project.forum.letters
    return {
        "number": facts.number, "reference_number": format_reference(settings, facts.number, lang),
        "date": facts.date, "place": _place(settings.place, lang), "subject": text_in(settings.subject, lang),
        "reference": text_in(settings.reference, lang), "enclosures": text_in(settings.enclosures, lang),
        "signatory": _person(settings.signatory, lang), "copies": _copies(settings, lang),
        "body": _bilingual(settings.extra.get("body"), lang),
        "extra": dict(settings.extra),
    }


def letter_context(project: Project, recipient: Recipient, lang: str, facts: LetterFacts) -> dict[str, Any]:
    """The variables of ``recipient``'s letter in ``lang``; raises RecipientDataError for unusable data."""
    errors = [p for p in check_recipient(project.forum, recipient, (lang,)) if p.is_error]
    if errors:
        raise RecipientDataError(errors[0], errors[1:])
    forum = project.forum
    organiser = forum.organiser
    session = forum.session(recipient.session)
    assert session is not None  # check_recipient reported a missing session
    return {
        "lang": lang,
        "forum": {"title": text_in(forum.title, lang), "short_title": text_in(forum.short_title, lang) or text_in(forum.title, lang),
                  "purpose": text_in(forum.purpose, lang)},
        "organiser": {
            "name": text_in(organiser.name, lang), "parent": text_in(organiser.parent, lang),
            "short_name": text_in(organiser.short_name, lang), "address": text_in(organiser.address, lang),
            "email": organiser.email, "phone": organiser.phone, "website": organiser.website,
            "logo": _logo(project),
        },
        "recipient": _recipient(project, recipient, lang),
        "session": _session(session, lang),
        "letter": _letter(project, facts, lang),
        "assets": assets(project),
    }
