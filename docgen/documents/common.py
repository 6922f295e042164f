"""Helpers shared by the session documents (agenda, attendance sheets, summary report).

Which languages to build, a family's option from its typed options or
forum.yaml, a session and its presiding officials as the templates print them,
and writing one document in every requested format.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from docgen.build import BuildOptions, BuildResult
from docgen.document import Document
from docgen.documents.letter_context import text_in
from docgen.errors import DocgenError
from docgen.khmer.dates import solar_en_long, solar_km, weekday_km
from docgen.khmer.digits import khmer_digits
from docgen.khmer.lunar import lunar_line_km
from docgen.model import Person, Project, Session, Text
from docgen.provinces import find_province
from docgen.options import WriteOptions
from docgen.writers import write

__all__ = ["document_langs", "family_setting", "person_context", "session_context", "sex_short",
           "time_span", "write_formats"]


def document_langs(project: Project, options: BuildOptions) -> tuple[str, ...]:
    """The languages to build: ``--lang`` (km, en, both) or the project's languages."""
    if options.lang == "both":
        return ("km", "en")
    return (options.lang,) if options.lang else tuple(project.forum.languages)


def family_setting(project: Project, given: Any, family: str, key: str, default: Any) -> Any:
    """A family option: ``given`` (its typed option) unless None, else forum.yaml ``<family>: {<key>: …}``,
    else ``default``."""
    if given is not None:
        return given
    section = project.forum.extra.get(family)
    return section.get(key, default) if isinstance(section, dict) else default


_SEX_SHORT = {"F": Text("ស្រី", "F"), "M": Text("ប្រុស", "M")}


def sex_short(sex: str, lang: str) -> str:
    """The sex column of a list of people: ស្រី/ប្រុស in Khmer, F/M in English, blank when not recorded."""
    return _SEX_SHORT.get(sex, Text()).get(lang)


def person_context(person: Person | None, lang: str) -> dict[str, str]:
    """A presiding official as a template sees them: honorific, name, position, organisation, and ``full``."""
    if person is None:
        return {"honorific": "", "name": "", "position": "", "organisation": "", "full": ""}
    parts = {key: text_in(getattr(person, key), lang) for key in ("honorific", "name", "position", "organisation")}
    parts["full"] = f"{parts['honorific']} {parts['name']}".strip()
    return parts


def _clock(moment: dt.time | None, lang: str) -> str:
    if moment is None:
        return ""
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return khmer_digits(text) if lang == "km" else text


def time_span(start: dt.time | None, end: dt.time | None, lang: str) -> str:
    """``08:00 – 12:00`` (Khmer digits in Khmer); only the start when there is no end."""
    return f"{_clock(start, lang)} – {_clock(end, lang)}" if end else _clock(start, lang)


def _date_long(day: dt.date, lang: str) -> str:
    """``ថ្ងៃអង្គារ ទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨`` / ``Tuesday, 27 February 2018``."""
    if lang != "km":
        return solar_en_long(day)
    return f"ថ្ងៃ{weekday_km(day)} {solar_km(day).removeprefix('ថ្ងៃ')}"


def _place(session: Session, lang: str) -> str:
    province = find_province(session.province)
    if province is None:
        return session.province
    return province.full_km if lang == "km" else province.full_en


def session_context(session: Session, lang: str) -> dict[str, Any]:
    """The session as its documents print it: title, venue, place, date lines and time, in ``lang``."""
    return {
        "id": session.id,
        "title": text_in(session.title, lang),
        "venue": text_in(session.venue, lang),
        "place": _place(session, lang),
        "date": solar_km(session.date) if lang == "km" else solar_en_long(session.date),
        "date_long": _date_long(session.date, lang),
        "weekday": weekday_km(session.date) if lang == "km" else session.date.strftime("%A"),
        "lunar": lunar_line_km(session.date) if lang == "km" else "",
        "time": time_span(session.start, session.end, lang),
        "chair": person_context(session.chair, lang),
        "co_chairs": [person_context(p, lang) for p in session.co_chairs],
    }


def write_formats(document: Document, project: Project, options: BuildOptions,
                  path_for: Any, result: BuildResult) -> None:
    """Write ``document`` in every requested format to ``path_for(fmt)``; record files or problems."""
    write_options = WriteOptions.for_project(project, letterhead_docx=None, letterhead_pdf=None,
                                             timestamp=options.timestamp)
    for fmt in options.formats:
        try:
            result.files.append(write(document, path_for(fmt), fmt, write_options))
        except DocgenError as exc:
            result.record(exc)
