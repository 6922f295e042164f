"""``docgen build agenda``: one agenda per session and one for the whole forum, in each language.

The agenda is a table of time, item and speaker (breaks shaded) under the
forum title, the place and date (the lunar and solar lines in Khmer) and the
presiding officials. ``AgendaOptions(bilingual=True)`` (or ``agenda: {layout:
bilingual}`` in forum.yaml) makes one document with Khmer and English side by
side instead of one per language. Templates: ``agenda/agenda.<km|en|bilingual>.xml``.

The helpers shared with the attendance sheets and the summary report live in
:mod:`docgen.documents.common`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.build import BuildOptions, BuildResult
from docgen.compose import render
from docgen.documents.common import document_langs, family_setting, session_context, time_span, write_formats
from docgen.documents.letter_context import text_in
from docgen.errors import DocgenError
from docgen.khmer.dates import solar_en, solar_km
from docgen.model import AgendaItem, Forum, Project, Session
from docgen.options import AgendaOptions
from docgen.variables import preview_item
from docgen.filenames import safe_filename
from docgen.sources.forum import WHOLE_FORUM

__all__ = [
    "FORUM_AGENDA",
    "agenda_path",
    "agenda_context",
    "build_agenda",
]

FORUM_AGENDA = WHOLE_FORUM  # the session id of the whole-forum agenda
BILINGUAL = "bilingual"


def agenda_path(out_dir: Path, session_id: str, lang: str, fmt: str) -> Path:
    """``out/agenda/<session>.<lang>.<fmt>``; ``session_id`` "forum" is the whole forum, lang may be "bilingual"."""
    return Path(out_dir) / "agenda" / safe_filename(session_id, f".{lang}.{fmt}")


def _item(item: AgendaItem, lang: str) -> dict[str, Any]:
    return {
        "time": time_span(item.start, item.end, lang),
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


def _agendas(project: Project) -> list[tuple[str, list[Session]]]:
    sessions = list(project.forum.sessions)
    return [(s.id, [s]) for s in sessions] + ([(FORUM_AGENDA, sessions)] if len(sessions) > 1 else [])


def build_agenda(project: Project, options: BuildOptions) -> BuildResult:
    """Build each session's agenda and the whole forum's, in every language (or bilingual), PDF and DOCX."""
    result = BuildResult("agenda")
    bilingual = options.options_for(AgendaOptions).bilingual
    if bilingual is None:
        bilingual = str(family_setting(project, None, "agenda", "layout", "")).lower() == BILINGUAL
    langs = (BILINGUAL,) if bilingual else document_langs(project, options)
    agendas = _agendas(project)
    for done, (agenda_id, sessions) in enumerate(agendas, start=1):
        for lang in langs:
            try:
                document = render(f"agenda/agenda.{lang}.xml", agenda_context(project, sessions, lang), project)
            except DocgenError as exc:
                result.record(exc)
                continue
            write_formats(document, project, options, lambda fmt: agenda_path(options.out_dir, agenda_id, lang, fmt), result)
        options.tick("agenda", done, len(agendas))
    result.counts = {"agendas": len(agendas) * len(langs), "files": len(result.files)}
    return result


def preview_context(project: Project, agenda_id: str | None, lang: str, template: str) -> dict[str, Any]:
    """What ``docgen preview agenda/…`` renders: a session's agenda (the first when none is named) or ``forum``'s."""
    _, sessions = preview_item(_agendas(project), agenda_id, "session", template, key=lambda agenda: agenda[0])
    return agenda_context(project, sessions, lang)
