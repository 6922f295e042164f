"""What one recipient reads: subject and bodies from the mail templates, and the built files to attach.

Templates live in ``templates/mail/`` (a project's own ``templates/mail/``
overrides the bundled one, through :func:`docgen.compose.environment`):
``<document>.<lang>.subject.txt``, ``<document>.<lang>.txt`` and
``<document>.<lang>.html`` for document ``letters`` or ``summary`` (each body
opens with ``address.<lang>.txt|html``: name, position, organisation, and ends
with ``signoff.<lang>.txt|html``: attachments, closing, contact), and
``layout.html`` around the HTML. A recipient whose language is ``both`` gets
one bilingual message, Khmer first.

Attachments are the files ``docgen build`` wrote; nothing is built here. A
missing file is a problem that tells the user which build to run.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from docgen.filenames import safe_filename
from docgen.errors import Problem
from docgen.mail.message import Attachment, MailContent
from docgen.model import Text
from docgen.plurals import plural
from docgen.provinces import find_province

if TYPE_CHECKING:
    from docgen.model import Project, Recipient, Session

__all__ = ["DOCUMENTS", "LABELS", "Renderer", "attachments_for", "mailing_recipients", "not_built", "sender_name"]

DOCUMENTS = ("letters", "summary")

# The name a reader sees on each attached file, in the recipient's language(s).
LABELS = {
    "letter": Text("លិខិតអញ្ជើញ", "Invitation letter"),
    "agenda": Text("របៀបវារៈ", "Agenda"),
    "summary": Text("របាយការណ៍សង្ខេប", "Summary report"),
    "cover": Text("លិខិតបញ្ជូន", "Cover letter"),
}

_BUILD_HINT = {"letter": "letters", "agenda": "agenda", "summary": "summary", "cover": "summary"}
_TEXT_SEPARATOR = "\n\n" + "-" * 40 + "\n\n"


def mailing_recipients(project: Project, document: str, among: list[Recipient] | None = None) -> list[Recipient]:
    """Who ``document`` goes to, in list order: everyone for letters, those marked to receive the summary.

    ``among`` narrows the choice (the recipients ``--where``/``--only`` select); default: every recipient.
    """
    recipients = project.recipients if among is None else among
    if document != "summary":
        return list(recipients)
    from docgen.documents.summary import report_recipients

    receiving = {r.id for r in report_recipients(project)}
    return [r for r in recipients if r.id in receiving]


def _label(kind: str, langs: tuple[str, ...], extra: Text = Text()) -> str:
    parts = [f"{LABELS[kind].get(lang)} {extra.get(lang)}".strip() for lang in langs]
    return " - ".join(parts)


def _file(path: Path, kind: str, name: str, fmt: str) -> tuple[Attachment | None, Problem | None]:
    if path.is_file():
        return Attachment.from_file(path, safe_filename(name, f".{fmt}", fallback=kind)), None
    hint = f"not built yet: run `docgen build {_BUILD_HINT[kind]}` first"
    return None, Problem(path, None, kind, hint)


def not_built(problems: list[Problem]) -> list[Problem]:
    """The missing-file problems of a whole run, one line per kind of file: sending before building
    would otherwise print one line per recipient (issue 26), all saying the same thing."""
    by_kind: dict[str, list[Problem]] = {}
    for problem in dict.fromkeys(problems):
        by_kind.setdefault(problem.field or "", []).append(problem)
    lines = []
    for kind, same in by_kind.items():
        if len(same) == 1:
            lines += same
            continue
        folder = Path(same[0].file).parent if same[0].file is not None else None
        lines.append(Problem(folder, None, kind, f"{plural(len(same), LABELS[kind].en.lower() + 's')} not built yet: "
                                                 f"run `docgen build {_BUILD_HINT[kind]}` first"))
    return lines


def _agenda_files(out_dir: Path, project: Project, recipient: Recipient) -> list[tuple[Path, str, str, str]]:
    from docgen.documents.agenda import agenda_path

    session = project.forum.session(recipient.session)
    province = find_province(session.province) if session else None
    where = Text(province.full_km, province.full_en) if province else Text()
    return [
        (agenda_path(out_dir, recipient.session, lang, "pdf"), "agenda", _label("agenda", (lang,), where), "pdf")
        for lang in recipient.langs
    ]


def attachments_for(
    project: Project, recipient: Recipient, document: str, out_dir: Path, *, docx: bool = False, agenda: bool = False
) -> tuple[tuple[Attachment, ...], list[Problem]]:
    """The files to attach for ``document`` ("letters" or "summary"), and a problem per missing one."""
    formats = ("pdf", "docx") if docx else ("pdf",)
    wanted: list[tuple[Path, str, str, str]] = []
    if document == "letters":
        from docgen.documents.letters import LETTERS_DIR, built_letter

        name = _label("letter", recipient.langs)
        wanted += [(built_letter(Path(out_dir) / LETTERS_DIR, recipient, fmt), "letter", name, fmt) for fmt in formats]
        if agenda:
            wanted += _agenda_files(out_dir, project, recipient)
    else:
        from docgen.documents.summary import cover_path, summary_path

        from docgen.documents.letters import built_letter

        covers = cover_path(out_dir, recipient, "pdf").parent
        wanted += [(built_letter(covers, recipient, fmt), "cover", _label("cover", recipient.langs), fmt)
                   for fmt in formats]
        wanted += [
            (summary_path(out_dir, lang, fmt), "summary", _label("summary", (lang,)), fmt)
            for lang in recipient.langs for fmt in formats
        ]
    found, problems = [], []
    for path, kind, name, fmt in wanted:
        attachment, problem = _file(Path(path), kind, name, fmt)
        found += [attachment] if attachment else []
        problems += [problem] if problem else []
    return tuple(found), problems


def sender_name(project: Project, lang: str) -> str:
    """The sender's name in ``lang``: mail.sender_name, else the organiser's name (English as a last resort)."""
    mail, organiser = project.forum.mail, project.forum.organiser
    return mail.sender_name.get(lang) or organiser.name.get(lang) or mail.sender_name.en or organiser.name.en


def _when(session: Session, lang: str) -> str:
    """The session's day and starting time as a sentence part, e.g. "Thursday, 20 September 2018, 8:00 a.m."."""
    from docgen.khmer.dates import solar_en_long, solar_km, time_en, time_km, weekday_km

    if lang == "km":
        return f"ថ្ងៃ{weekday_km(session.date)} {solar_km(session.date)} {time_km(session.start)}"
    return f"{solar_en_long(session.date)}, {time_en(session.start)}"


@dataclass
class Renderer:
    """Renders the mail templates of one project (through :func:`docgen.compose.render_text`)."""

    project: Project

    def _render(self, name: str, context: dict) -> str:
        from docgen.compose import render_text

        return render_text(name, context, self.project)

    def context(self, recipient: Recipient, lang: str, attachments: tuple[Attachment, ...]) -> dict:
        forum = self.project.forum
        session = forum.session(recipient.session)
        province = find_province(session.province) if session else None
        return {
            "lang": lang,
            "recipient": recipient,
            "forum": forum,
            "organiser": forum.organiser,
            "session": session,
            "when": _when(session, lang) if session else "",
            "province": (province.full_km if lang == "km" else province.full_en) if province else "",
            "sender_name": sender_name(self.project, lang),
            "attachments": [a.filename for a in attachments],
        }

    def content(self, recipient: Recipient, document: str, attachments: tuple[Attachment, ...]) -> MailContent:
        """Subject, plain text and HTML for ``recipient``, bilingual (Khmer first) when their language is both."""
        subjects, texts, sections = [], [], []
        for lang in recipient.langs:
            context = self.context(recipient, lang, attachments)
            subjects.append(" ".join(self._render(f"mail/{document}.{lang}.subject.txt", context).split()))
            texts.append(self._render(f"mail/{document}.{lang}.txt", context).strip())
            sections.append({"lang": lang, "html": Markup(self._render(f"mail/{document}.{lang}.html", context))})
        layout_context = {**self.context(recipient, recipient.langs[0], attachments), "sections": sections}
        html = self._render("mail/layout.html", layout_context)
        return MailContent(" / ".join(subjects), _TEXT_SEPARATOR.join(texts) + "\n", html, attachments)
