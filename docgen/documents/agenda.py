"""``docgen build agenda``: one agenda per session and one for the whole forum, in each language.

The agenda is a table of time, item and speaker (breaks shaded) under the
forum title, the place and date (the lunar and solar lines in Khmer) and the
presiding officials. ``BuildOptions.extra["agenda_layout"] = "bilingual"`` (or
``agenda: {layout: bilingual}`` in forum.yaml) makes one document with Khmer and
English side by side instead of one per language. Templates: ``agenda/agenda.<km|en|bilingual>.xml``.

The session helpers here (:func:`document_langs`, :func:`session_context`,
:func:`write_formats`) are shared with the attendance sheets.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docgen.build import BuildOptions, BuildResult
from docgen.compose import render
from docgen.document import Document
from docgen.documents.letter_context import text_in
from docgen.errors import DocgenError
from docgen.khmer.dates import solar_en, solar_en_long, solar_km, weekday_km
from docgen.khmer.digits import khmer_digits
from docgen.khmer.lunar import lunar_line_km
from docgen.model import AgendaItem, Forum, Person, Project, Session
from docgen.provinces import find_province
from docgen.variables import preview_item, register_family
from docgen.writers import WriteOptions, write

__all__ = [
    "FORUM_AGENDA",
    "agenda_path",
    "agenda_context",
    "build_agenda",
    "document_langs",
    "family_setting",
    "person_context",
    "session_context",
    "write_formats",
]

FORUM_AGENDA = "forum"  # the session id of the whole-forum agenda
BILINGUAL = "bilingual"


def agenda_path(out_dir: Path, session_id: str, lang: str, fmt: str) -> Path:
    """``out/agenda/<session>.<lang>.<fmt>``; ``session_id`` "forum" is the whole forum, lang may be "bilingual"."""
    return Path(out_dir) / "agenda" / f"{session_id}.{lang}.{fmt}"


def document_langs(project: Project, options: BuildOptions) -> tuple[str, ...]:
    """The languages to build: ``--lang`` (km, en, both) or the project's languages."""
    if options.lang == "both":
        return ("km", "en")
    return (options.lang,) if options.lang else tuple(project.forum.languages)


def family_setting(project: Project, options: BuildOptions, family: str, key: str, default: Any) -> Any:
    """A family option: ``options.extra["<family>_<key>"]``, else forum.yaml ``<family>: {<key>: …}``, else ``default``."""
    if f"{family}_{key}" in options.extra:
        return options.extra[f"{family}_{key}"]
    section = project.forum.extra.get(family)
    return section.get(key, default) if isinstance(section, dict) else default


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


def _span(start: dt.time | None, end: dt.time | None, lang: str) -> str:
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
        "time": _span(session.start, session.end, lang),
        "chair": person_context(session.chair, lang),
        "co_chairs": [person_context(p, lang) for p in session.co_chairs],
    }


def _item(item: AgendaItem, lang: str) -> dict[str, Any]:
    return {
        "time": _span(item.start, item.end, lang),
        "title": text_in(item.title, lang),
        "speaker": text_in(item.speaker, lang),
        "is_break": item.kind == "break",
    }


def _day(session: Session, langs: tuple[str, ...]) -> dict[str, Any]:
    """One session for the agenda: ``day.km``/``day.en`` and ``day.agenda`` with ``item.km``/``item.en``."""
    day: dict[str, Any] = {lang: session_context(session, lang) for lang in langs}
    day["agenda"] = [{lang: _item(i, lang) for lang in langs} | {"is_break": i.kind == "break"} for i in session.agenda]
    return day


def _forum_dates(forum: Forum, lang: str) -> str:
    days = sorted(s.date for s in forum.sessions)
    if not days:
        return ""
    show = solar_km if lang == "km" else solar_en
    return show(days[0]) if days[0] == days[-1] else f"{show(days[0])} – {show(days[-1])}"


def agenda_context(project: Project, sessions: list[Session], lang: str) -> dict[str, Any]:
    """Everything an agenda template needs; ``lang`` "bilingual" gives both languages side by side."""
    langs = ("km", "en") if lang == BILINGUAL else (lang,)
    forum = project.forum
    return {
        "lang": lang,
        "scope": "session" if len(sessions) == 1 else FORUM_AGENDA,
        "forum": {code: {"title": text_in(forum.title, code), "organiser": text_in(forum.organiser.name, code),
                         "dates": _forum_dates(forum, code)} for code in langs},
        "days": [_day(s, langs) for s in sessions],
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
            result.problems.extend(exc.problems or [])


def _agendas(project: Project) -> list[tuple[str, list[Session]]]:
    sessions = list(project.forum.sessions)
    return [(s.id, [s]) for s in sessions] + ([(FORUM_AGENDA, sessions)] if len(sessions) > 1 else [])


def build_agenda(project: Project, options: BuildOptions) -> BuildResult:
    """Build each session's agenda and the whole forum's, in every language (or bilingual), PDF and DOCX."""
    result = BuildResult("agenda")
    layout = str(family_setting(project, options, "agenda", "layout", "")).lower()
    langs = (BILINGUAL,) if layout == BILINGUAL else document_langs(project, options)
    agendas = _agendas(project)
    for done, (agenda_id, sessions) in enumerate(agendas, start=1):
        for lang in langs:
            try:
                document = render(f"agenda/agenda.{lang}.xml", agenda_context(project, sessions, lang), project)
            except DocgenError as exc:
                result.problems.extend(exc.problems)
                continue
            write_formats(document, project, options, lambda fmt: agenda_path(options.out_dir, agenda_id, lang, fmt), result)
        options.tick("agenda", done, len(agendas))
    result.counts = {"agendas": len(agendas) * len(langs), "files": len(result.files)}
    return result


def preview_context(project: Project, agenda_id: str | None, lang: str, template: str) -> dict[str, Any]:
    """What ``docgen preview agenda/…`` renders: a session's agenda (the first when none is named) or ``forum``'s."""
    _, sessions = preview_item(_agendas(project), agenda_id, "session", template, key=lambda agenda: agenda[0])
    return agenda_context(project, sessions, lang)


register_family("agenda", preview_context)
