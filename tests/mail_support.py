"""Helpers shared by the tests/test_mail_*.py files: a small forum project, fake built files, a fake clock."""
from __future__ import annotations

import datetime as dt
import socket
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from docgen.mail.message import message_bytes
from docgen.model import (
    AgendaItem,
    Forum,
    MailSettings,
    Organiser,
    Project,
    Recipient,
    Session,
    Source,
    Text,
)

SENDER = "secretariat@forum.example.org"


def recipient(rid: str, language: str = "km", email: str | None = None, row: int = 2, **more) -> Recipient:
    """A recipient with Khmer and English names; ``email`` defaults to ``<rid>@example.org``."""
    return Recipient(
        id=rid,
        honorific=Text("ឯកឧត្តម", "H.E."),
        name=Text(f"សុខ ចាន់{rid}", f"Sok Chan {rid}"),
        position=Text("អភិបាលខេត្ត", "Provincial Governor"),
        organisation=Text("សាលាខេត្តកែប", "Kep Provincial Hall"),
        category="authority",
        province="Kep",
        session="kep",
        language=language,
        email=f"{rid.lower()}@example.org" if email is None else email,
        source=Source("recipients/invitees.csv", row),
        **more,
    )


def make_project(root: Path, recipients: list[Recipient] | None = None, rate: int = 60) -> Project:
    """A one-session forum in ``root`` with three recipients (km, en, both) unless told otherwise."""
    session = Session(
        id="kep", province="Kep", date=dt.date(2018, 9, 20), start=dt.time(8, 0), end=dt.time(12, 0),
        venue=Text("សណ្ឋាគារកែប", "Kep Hotel"),
        agenda=(AgendaItem(dt.time(8, 0), None, Text("ចុះឈ្មោះ", "Registration")),),
    )
    forum = Forum(
        title=Text("វេទិកាសង្គមស៊ីវិល", "Civil Society Forum"),
        organiser=Organiser(name=Text("គណៈកម្មាធិការរៀបចំ", "Organising Committee"), email="info@forum.example.org",
                            phone="012 345 678"),
        sessions=(session,),
        mail=MailSettings(sender=SENDER, sender_name=Text("លេខាធិការដ្ឋានវេទិកា", "Forum Secretariat"),
                          rate_per_minute=rate),
    )
    if recipients is None:
        recipients = [recipient("R001", "km", row=2), recipient("R002", "en", row=3), recipient("R003", "both", row=4)]
    root.mkdir(parents=True, exist_ok=True)
    return Project(root=root, forum=forum, recipients=recipients, out_dir=root / "out")


def fake_pdf(label: str) -> bytes:
    """Bytes that look like a small PDF and differ per label (binary, with bare LFs and a leading dot line)."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n.leading dot\n" + label.encode() + b"\n\x00\xff" * 50 + b"%%EOF\n"


def write_letters(project: Project, formats: tuple[str, ...] = ("pdf",)) -> dict[str, bytes]:
    """Put a fake built letter at ``letter_path`` for every recipient; return recipient id -> PDF bytes."""
    from docgen.documents.letters import letter_path

    written = {}
    for r in project.recipients:
        for fmt in formats:
            path = letter_path(project.out_dir, r, fmt)
            path.parent.mkdir(parents=True, exist_ok=True)
            data = fake_pdf(f"{r.id}.{fmt}")
            path.write_bytes(data)
            if fmt == "pdf":
                written[r.id] = data
    return written


@dataclass
class FakeClock:
    """A clock whose sleep only moves time forward and remembers each pause."""

    t: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.t += seconds

    def now(self) -> dt.datetime:
        return dt.datetime(2018, 9, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))) + dt.timedelta(seconds=self.t)


def reparse(message: EmailMessage | bytes) -> EmailMessage:
    """The message as a receiving mail system reads it back."""
    raw = message if isinstance(message, bytes) else message_bytes(message)
    return message_from_bytes(raw, policy=policy.default)


def decoded_address(raw: bytes, header: str) -> tuple[str, str]:
    """(display name, address) of a header, decoded the RFC 2047 way (folding between encoded words dropped)."""
    value = message_from_bytes(raw, policy=policy.compat32)[header]
    return getaddresses([str(make_header(decode_header(value)))])[0]


def pdf_parts(message: EmailMessage) -> list[tuple[str, bytes]]:
    """(file name, bytes) of each attachment."""
    return [(part.get_filename(), part.get_content()) for part in message.iter_attachments()]


@dataclass
class FaultyServer:
    """An aiosmtpd handler that keeps every accepted message and misbehaves on request."""

    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    drop_after: int | None = None  # hang up at the next MAIL once this many messages were accepted (once)
    busy: int = 0  # answer "421" to this many MAIL commands
    down_after: int | None = None  # once this many messages were accepted, answer "421" to every MAIL
    reject: set[str] = field(default_factory=set)  # RCPT addresses answered "550"
    lose_reply: set[str] = field(default_factory=set)  # keep the message, then hang up before answering (once each)
    sessions: list[object] = field(default_factory=list)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if not any(s is session for s in self.sessions):
            self.sessions.append(session)
        if self.drop_after is not None and len(self.messages) >= self.drop_after:
            self.drop_after = None
            server.transport.close()
            return "421 4.3.0 going away"
        if self.busy or (self.down_after is not None and len(self.messages) >= self.down_after):
            self.busy = max(self.busy - 1, 0)
            return "421 4.7.0 too busy, try again later"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        lost = self.lose_reply & set(envelope.rcpt_tos)
        if lost:
            self.lose_reply -= lost
            server.transport.close()
        return f"250 2.0.0 queued as {len(self.messages)}"

    def received(self) -> Counter:
        """How many copies each address received."""
        return Counter(addr for rcpts, _ in self.messages for addr in rcpts)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server():
    handler = FaultyServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def built_forum(tmp_path, monkeypatch):
    """A copy of the bundled forum with every letter "built"; no DOCGEN_SMTP_* from the caller's shell."""
    from docgen.project import init_project, load_project

    for name in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD"):
        monkeypatch.delenv(f"DOCGEN_SMTP_{name}", raising=False)
    root = init_project(tmp_path / "forum")
    write_letters(load_project(root))
    return root
