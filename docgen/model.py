"""The forum's data as plain dataclasses: what the readers produce and the documents consume.

Nothing here reads files or renders anything. Every record that came from a
user's file carries its :class:`Source` (file and spreadsheet row) so a
problem found later can still name where it came from.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from docgen.errors import Problem, SourceError

__all__ = [
    "LANGS",
    "Lang",
    "Source",
    "Text",
    "text_in",
    "Person",
    "Organiser",
    "AgendaItem",
    "Session",
    "Category",
    "LetterSettings",
    "MailSettings",
    "SummarySettings",
    "Recipient",
    "Outcome",
    "Attendance",
    "Forum",
    "Project",
    "DEFAULT_CATEGORIES",
]

Lang = Literal["km", "en"]
LANGS: tuple[str, ...] = ("km", "en")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: a file and the row a spreadsheet shows (header = row 1)."""

    file: str
    row: int | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Khmer and English. ``text["km"]`` or ``text.get(lang)``."""

    km: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        return self.km if lang == "km" else self.en

    __getitem__ = get

    def __bool__(self) -> bool:
        return bool(self.km or self.en)


def text_in(text: Text, lang: str) -> str:
    """``text`` in ``lang``, or in the other language when that one is empty."""
    return text.get(lang) or text.get("en" if lang == "km" else "km")


@dataclass(frozen=True)
class Person:
    """A named official: honorific, name and position in both languages."""

    name: Text
    honorific: Text = Text()
    position: Text = Text()
    organisation: Text = Text()


@dataclass(frozen=True)
class Organiser:
    """The body that holds the forum and signs the letters."""

    name: Text
    short_name: Text = Text()
    address: Text = Text()
    parent: Text = Text()  # e.g. the ministry or council above the organiser, shown first in the sender block
    email: str = ""
    phone: str = ""
    website: str = ""
    logo: Path | None = None
    province: str = "Phnom Penh"  # canonical English province name of the seat, for the place-and-date line


@dataclass(frozen=True)
class AgendaItem:
    """One line of a session's agenda; ``kind`` is "item" or "break"."""

    start: dt.time
    end: dt.time | None
    title: Text
    speaker: Text = Text()
    kind: str = "item"


@dataclass(frozen=True)
class Session:
    """One sitting of the forum, in one province on one day."""

    id: str
    province: str  # canonical English province name, see docgen.provinces
    date: dt.date
    start: dt.time
    end: dt.time | None
    venue: Text
    title: Text = Text()
    chair: Person | None = None
    co_chairs: tuple[Person, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()


@dataclass(frozen=True)
class Category:
    """A kind of invitee, in protocol order; ``authority`` marks government recipients."""

    code: str
    label: Text
    authority: bool = False


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("authority", Text("អាជ្ញាធរខេត្ត", "Provincial authorities"), True),
    Category("department", Text("មន្ទីរជំនាញខេត្ត", "Provincial departments"), True),
    Category("district", Text("ស្រុក/ក្រុង", "Districts and municipalities"), True),
    Category("commune", Text("ឃុំ/សង្កាត់", "Communes and sangkats"), True),
    Category("ngo", Text("អង្គការ និងសមាគម", "NGOs and associations")),
    Category("union", Text("សហជីព", "Unions")),
    Category("community", Text("សហគមន៍", "Communities")),
)


@dataclass(frozen=True)
class LetterSettings:
    """How invitation letters are numbered, dated, worded and signed."""

    reference_pattern: str = "{number}"  # e.g. "{number:03d}/១៨ វ.ស.ស" ; {number} is the register's number
    date: dt.date | None = None  # the letters' date; None = the day they are built
    place: str = "Phnom Penh"  # canonical English province name where the letter is signed
    subject: Text = Text()
    reference: Text = Text()  # "យោង៖" line(s); empty when none
    signatory: Person | None = None
    enclosures: Text = Text()
    extra: dict[str, Any] = field(default_factory=dict)  # free settings templates may use


@dataclass(frozen=True)
class SummarySettings:
    """The post-forum summary report's settings."""

    date: dt.date | None = None  # the cover letters' date; None = the day they are built


@dataclass(frozen=True)
class MailSettings:
    """SMTP settings from forum.yaml; the password never lives here."""

    host: str = ""
    port: int = 0
    security: str = "starttls"  # starttls | ssl | none
    user: str = ""
    sender: str = ""
    sender_name: Text = Text()
    rate_per_minute: int = 60


@dataclass(frozen=True, slots=True)
class Recipient:
    """One invitee from a recipient list; ``extra`` holds any non-standard columns."""

    id: str
    honorific: Text
    name: Text
    position: Text
    organisation: Text
    category: str
    province: str
    session: str
    language: str  # km | en | both
    email: str = ""
    phone: str = ""
    address: Text = Text()
    sex: str = ""  # M | F | "" (unknown)
    report: bool = False  # receives the post-forum summary report
    extra: dict[str, str] = field(default_factory=dict)
    source: Source = Source("")

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages this recipient's documents are made in, Khmer first."""
        return LANGS if self.language == "both" else (self.language,)

    @property
    def first_lang(self) -> str:
        """The language its letter's file and register line are named in: its first, Khmer if unknown."""
        return self.langs[0] if self.language in (*LANGS, "both") else "km"


@dataclass(frozen=True)
class Outcome:
    """A challenge raised at a session, the response given and what follows."""

    id: str
    session: str
    theme: Text
    raised_by: Text
    challenge: Text
    response: Text
    status: str  # addressed | pending | referred
    responsible: Text = Text()
    deadline: dt.date | None = None
    follow_up: Text = Text()
    source: Source = Source("")


@dataclass(frozen=True)
class Attendance:
    """One person present at a session: an invitee (``recipient_id``) or a walk-in."""

    session: str
    recipient_id: str | None
    name: Text
    sex: str = ""
    position: Text = Text()
    organisation: Text = Text()
    category: str = ""
    phone: str = ""
    source: Source = Source("")

    @property
    def walk_in(self) -> bool:
        return self.recipient_id is None


@dataclass(frozen=True)
class Forum:
    """Everything forum.yaml says."""

    title: Text
    organiser: Organiser
    sessions: tuple[Session, ...]
    short_title: Text = Text()
    purpose: Text = Text()
    start: dt.date | None = None
    end: dt.date | None = None
    languages: tuple[str, ...] = LANGS
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    letters: LetterSettings = LetterSettings()
    mail: MailSettings = MailSettings()
    summary: SummarySettings = SummarySettings()
    fonts: dict[str, str] = field(default_factory=dict)  # role -> family name or font path
    sheets: dict[str, str] = field(default_factory=dict)  # workbook, e.g. "recipients/kep.xlsx" -> the sheet to read
    extra: dict[str, Any] = field(default_factory=dict)

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)


@dataclass
class Project:
    """A loaded forum project: its folder, the forum and every list it holds."""

    root: Path
    forum: Forum
    recipients: Sequence[Recipient]
    outcomes: list[Outcome] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    bundled: bool = False  # True for the example forum shipped with docgen
    out_dir: Path = Path("out")
    # The errors of data only some documents use ("attendance", "outcomes"): they stop those documents
    # (:meth:`require`), not the project's load (issue 26: an example attendance file must not stop the letters).
    unusable: dict[str, list[Problem]] = field(default_factory=dict)

    def require(self, *concerns: str) -> None:
        """Raise SourceError with the errors of the data ``concerns`` name, when it has any."""
        named = [c for c in concerns if self.unusable.get(c)]
        if named:
            problems = [p for c in named for p in self.unusable[c]]
            raise SourceError(f"{len(problems)} problem(s) in the {' and '.join(named)} data", problems)

    def recipient(self, recipient_id: str) -> Recipient | None:
        """The first recipient with ``recipient_id``, or None."""
        return next((r for r in self.recipients if r.id == recipient_id), None)
