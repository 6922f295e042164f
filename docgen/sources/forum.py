"""forum.yaml into a :class:`docgen.model.Forum`, every problem at its line.

A bilingual text is written ``key: {km: ..., en: ...}`` or as two keys
``key_km`` / ``key_en``; a plain ``key: text`` means the same text in both
languages. The reader is tolerant: it builds a Forum from whatever is valid and
reports the rest, so ``docgen check`` can go on to the recipient lists.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from docgen.model import (
    DEFAULT_CATEGORIES, AgendaItem, Category, Forum, LetterSettings, MailSettings, Organiser, Session, SummarySettings,
)
from docgen.sources.pictures import picture_problem
from docgen.sources.values import Collector, check_reference_pattern
from docgen.sources.yaml import YamlDoc, YamlPath
from docgen.sources.yaml_values import YamlReader

__all__ = ["read_forum", "SECRET_KEYS", "WHOLE_FORUM"]

SECRET_KEYS = ("password", "passwd", "pass", "smtp_password", "secret", "app_password")
_KNOWN_KEYS = {"title", "short_title", "purpose", "dates", "start", "end", "languages", "organiser", "organizer",
               "sessions", "categories", "letters", "mail", "summary", "fonts", "sheets", "extra"}
# A session id names files (out/agenda/<id>.km.pdf, attendance/<id>.csv): nothing that could make a path (issue 22).
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]+")
WHOLE_FORUM = "forum"   # the file name of the whole forum's agenda and summary report


def _sheets(reader: YamlReader, mapping: dict, root: Path) -> dict[str, str]:
    """Workbook (``recipients/kep.xlsx``, as ``docgen check`` names it) -> the sheet to read (issue 26)."""
    sheets = {}
    for file in mapping:
        sheet = reader.string(mapping, file, ("sheets",), required=True)
        name = str(file).replace("\\", "/")
        if not (root / name).is_file():
            reader.out.warn(reader.doc.file, reader.doc.line(("sheets", file)), f"sheets.{file}",
                            f"{name!r} is not a file of this project (write it as recipients/NAME.xlsx)")
        if sheet:
            sheets[name] = sheet
    return sheets


def _fonts(reader: YamlReader, mapping: dict, root: Path) -> dict[str, str]:
    """Role -> family name or font file; a relative file path is read from the project folder."""
    fonts = {}
    for role in mapping:
        value = reader.string(mapping, role, ("fonts",))
        if value.lower().endswith((".ttf", ".otf", ".ttc")) and not Path(value).expanduser().is_absolute():
            value = str(root / value)
        fonts[str(role)] = value
    return fonts


def read_forum(doc: YamlDoc, collector: Collector, root: Path) -> Forum:
    """The Forum that forum.yaml describes; problems go to ``collector``."""
    reader = YamlReader(doc, collector)
    reader.report_document_problems()
    data = reader.mapping(doc.data, ())
    if not doc.data:
        reader.error((), "is empty: it needs at least a title, an organiser and sessions")
    _check_secrets(reader, data, ())
    dates = reader.mapping(data.get("dates"), ("dates",)) or data
    dates_path: YamlPath = ("dates",) if "dates" in data else ()
    start, end = reader.date(dates, "start", dates_path), reader.date(dates, "end", dates_path)
    if start and end and end < start:
        reader.error((*dates_path, "end"), f"the forum ends ({end}) before it starts ({start})")
    forum = Forum(
        title=reader.text(data, "title", (), required=True),
        organiser=_organiser(reader, data.get("organiser", data.get("organizer")), root),
        sessions=_sessions(reader, data.get("sessions"), start, end),
        short_title=reader.text(data, "short_title", ()),
        purpose=reader.text(data, "purpose", ()),
        start=start,
        end=end,
        languages=_languages(reader, data.get("languages")),
        categories=_categories(reader, data.get("categories")),
        letters=_letters(reader, data.get("letters")),
        mail=_mail(reader, data.get("mail")),
        summary=_summary(reader, data.get("summary")),
        fonts=_fonts(reader, reader.mapping(data.get("fonts"), ("fonts",)), root),
        sheets=_sheets(reader, reader.mapping(data.get("sheets"), ("sheets",)), root),
        extra={**reader.mapping(data.get("extra"), ("extra",)),
               **{k: v for k, v in data.items() if k not in _KNOWN_KEYS}},
    )
    if forum.letters.date and start and forum.letters.date > start:
        collector.warn(doc.file, doc.line(("letters", "date")), "letters.date",
                       f"the letters are dated {forum.letters.date}, after the forum starts ({start})")
    if forum.summary.date and end and forum.summary.date < end:
        collector.warn(doc.file, doc.line(("summary", "date")), "summary.date",
                       f"the summary report is dated {forum.summary.date}, before the forum ends ({end})")
    return forum


def _check_secrets(reader: YamlReader, value: Any, path: YamlPath) -> None:
    """A password in forum.yaml ends up in shared folders and backups: refuse it wherever it is."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key.casefold() in SECRET_KEYS:
                reader.error((*path, key), "never write a password in forum.yaml: set DOCGEN_SMTP_PASSWORD "
                                           "or let docgen ask for it when it sends")
            _check_secrets(reader, child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _check_secrets(reader, child, (*path, index))


def _organiser(reader: YamlReader, value: Any, root: Path) -> Organiser:
    path: YamlPath = ("organiser",)
    data = reader.mapping(value, path)
    if not data:
        reader.error(path, "is required: the body that holds the forum and signs the letters")
    logo_name = reader.string(data, "logo", path)
    logo = (root / logo_name) if logo_name else None
    if logo is not None and not logo.is_file():
        reader.error((*path, "logo"), f"the logo file {logo_name} does not exist (give a path relative to forum.yaml)")
    elif logo is not None:
        message = picture_problem(logo)
        if message:
            reader.error((*path, "logo"), f"the logo file {logo_name} {message}")
    return Organiser(
        name=reader.text(data, "name", path, required=True),
        short_name=reader.text(data, "short_name", path),
        address=reader.text(data, "address", path),
        parent=reader.text(data, "parent", path),
        email=reader.email(data, "email", path),
        phone=reader.string(data, "phone", path),
        website=reader.string(data, "website", path),
        logo=logo,
        province=reader.province(data, "province", path, default="Phnom Penh"),
    )


def _sessions(reader: YamlReader, value: Any, start: dt.date | None, end: dt.date | None) -> tuple[Session, ...]:
    items = reader.items(value, ("sessions",))
    if not items:
        reader.error(("sessions",), "the forum needs at least one session")
    sessions: list[Session] = []
    for index, item in enumerate(items):
        session = _session(reader, reader.mapping(item, ("sessions", index)), ("sessions", index), start, end)
        if session is None:
            continue
        if any(s.id.casefold() == session.id.casefold() for s in sessions):  # Windows and macOS ignore case in file names
            reader.error(("sessions", index, "id"), f"duplicate session id {session.id!r}")
            continue
        sessions.append(session)
    return tuple(sessions)


def _session(reader: YamlReader, data: dict[str, Any], path: YamlPath,
             start: dt.date | None, end: dt.date | None) -> Session | None:
    session_id = reader.string(data, "id", path, required=True)
    if session_id and not _SESSION_ID.fullmatch(session_id):
        reader.error((*path, "id"), f"{session_id!r} cannot be a session id, it names files: "
                                    "use letters, digits, - and _ only")
    elif session_id and session_id.lower() == WHOLE_FORUM:
        reader.error((*path, "id"), f"{session_id!r} names the whole forum's agenda and report; give the session "
                                    "another id")
    date = reader.date(data, "date", path, required=True)
    begins, ends = reader.times(data, path, required=True)
    if date and ((start and date < start) or (end and date > end)):
        reader.error((*path, "date"), f"{date} is outside the forum's dates ({start} to {end})")
    if not (session_id and date and begins):
        return None
    agenda = tuple(filter(None, (_agenda_item(reader, reader.mapping(item, (*path, "agenda", i)), (*path, "agenda", i))
                                 for i, item in enumerate(reader.items(data.get("agenda"), (*path, "agenda"))))))
    return Session(
        id=session_id,
        province=reader.province(data, "province", path),
        date=date,
        start=begins,
        end=ends,
        venue=reader.text(data, "venue", path, required=True),
        title=reader.text(data, "title", path),
        chair=reader.person(data.get("chair"), (*path, "chair")),
        co_chairs=tuple(filter(None, (reader.person(p, (*path, "co_chairs", i))
                                      for i, p in enumerate(reader.items(data.get("co_chairs"), (*path, "co_chairs")))))),
        agenda=agenda,
    )


def _agenda_item(reader: YamlReader, data: dict[str, Any], path: YamlPath) -> AgendaItem | None:
    begins, ends = reader.times(data, path, required=True)
    kind = reader.string(data, "kind", path) or "item"
    if kind not in ("item", "break"):
        reader.error((*path, "kind"), f"{kind!r} is not an agenda kind; use item or break")
    title = reader.text(data, "title", path, required=True)
    if begins is None:
        return None
    return AgendaItem(start=begins, end=ends, title=title,
                      speaker=reader.text(data, "speaker", path), kind=kind)


def _languages(reader: YamlReader, value: Any) -> tuple[str, ...]:
    if value is None:
        return ("km", "en")
    items = [str(v) for v in (value if isinstance(value, list) else [value])]
    for index, lang in enumerate(items):
        if lang not in ("km", "en"):
            reader.error(("languages", index), f"unknown language {lang!r}; use km and/or en")
    return tuple(lang for lang in items if lang in ("km", "en")) or ("km", "en")


def _categories(reader: YamlReader, value: Any) -> tuple[Category, ...]:
    if value is None:
        return DEFAULT_CATEGORIES
    categories: list[Category] = []
    for index, item in enumerate(reader.items(value, ("categories",))):
        path: YamlPath = ("categories", index)
        data = reader.mapping(item, path)
        code = reader.string(data, "code", path, required=True)
        if code and any(c.code == code for c in categories):
            reader.error((*path, "code"), f"duplicate category code {code!r}")
        elif code:
            categories.append(Category(code, reader.text(data, "label", path, required=True),
                                       reader.flag(data, "authority", path)))
    return tuple(categories) or DEFAULT_CATEGORIES


def _letters(reader: YamlReader, value: Any) -> LetterSettings:
    path: YamlPath = ("letters",)
    data = reader.mapping(value, path)
    extra = reader.mapping(data.get("extra"), (*path, "extra"))
    _letter_extras(reader, extra, (*path, "extra"))
    return LetterSettings(
        reference_pattern=_reference_pattern(reader, data, "reference_pattern", path) or "{number}",
        date=reader.date(data, "date", path),
        place=reader.province(data, "place", path, default="Phnom Penh"),
        subject=reader.text(data, "subject", path),
        reference=reader.text(data, "reference", path),
        signatory=reader.person(data.get("signatory"), (*path, "signatory")),
        enclosures=reader.text(data, "enclosures", path),
        extra=extra,
    )


def _reference_pattern(reader: YamlReader, data: dict[str, Any], key: str, path: YamlPath) -> str:
    """A reference number pattern, formatted once here with a sample number so no letter fails on it."""
    pattern = reader.string(data, key, path)
    message = check_reference_pattern(pattern) if pattern else None
    if message:
        reader.error((*path, key), message)
    return pattern


def _letter_extras(reader: YamlReader, extra: dict[str, Any], path: YamlPath) -> None:
    """The free settings the bundled letter templates read must have their types; they are kept as written."""
    if "body" in extra:
        reader.bilingual(extra["body"], (*path, "body"))
    copies = extra.get("copies")
    if isinstance(copies, list):
        for index, item in enumerate(copies):
            reader.bilingual(item, (*path, "copies", index))
    elif copies is not None:
        reader.bilingual(copies, (*path, "copies"))
    _reference_pattern(reader, extra, "reference_pattern_en", path)


def _summary(reader: YamlReader, value: Any) -> SummarySettings:
    path: YamlPath = ("summary",)
    return SummarySettings(date=reader.date(reader.mapping(value, path), "date", path))


def _mail(reader: YamlReader, value: Any) -> MailSettings:
    path: YamlPath = ("mail",)
    data = reader.mapping(value, path)
    numbers = {}
    for key, default in (("port", 0), ("rate_per_minute", 60)):
        raw = data.get(key, default)
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            reader.error((*path, key), f"{raw!r} is not a whole number")
            raw = default
        numbers[key] = raw
    security = reader.string(data, "security", path) or "starttls"
    if security not in ("starttls", "ssl", "none"):
        reader.error((*path, "security"), f"{security!r} is not starttls, ssl or none")
    return MailSettings(host=reader.string(data, "host", path), port=numbers["port"], security=security,
                        user=reader.string(data, "user", path), sender=reader.email(data, "sender", path),
                        sender_name=reader.text(data, "sender_name", path), rate_per_minute=numbers["rate_per_minute"])
