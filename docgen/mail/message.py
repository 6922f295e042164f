"""Building one MIME message: Khmer-safe headers, text + HTML alternative, attachments, content hash.

Messages use :data:`email.policy.SMTP`, so every line ends in CRLF (no bare
line feeds), a Khmer subject or display name is encoded as RFC 2047 words
and a Khmer attachment name as an RFC 2231 parameter. The content hash covers
what a reader sees (subject, both bodies, every attachment's name and bytes)
and deliberately leaves out Message-ID and Date, which differ on every build:
it is how the ledger knows whether a letter changed since it was sent.
"""
from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING

from docgen.errors import DeliveryError, Problem

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

__all__ = [
    "Attachment",
    "MailContent",
    "content_hash",
    "build_message",
    "message_bytes",
    "parse_addresses",
    "mailbox",
    "new_message_id",
]

# A deliberately plain check: an address has one @, no spaces and a dotted domain.
# Servers decide the rest; this only catches what a spreadsheet typo produces.
_ADDRESS = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$")
# Everything but a tab that would break a header line or hide in it: C0 and C1 controls, line separators.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Attachment:
    """A file to attach: where it was read from, the name the reader sees (may be Khmer) and its bytes.

    The bytes are read once, so the content hash always describes exactly what is sent.
    """

    path: Path
    filename: str
    data: bytes = field(repr=False)

    @classmethod
    def from_file(cls, path: Path, filename: str) -> Attachment:
        return cls(path, filename, path.read_bytes())

    @property
    def mime_type(self) -> tuple[str, str]:
        guessed, _ = mimetypes.guess_type(self.path.name)
        maintype, _, subtype = (guessed or "application/octet-stream").partition("/")
        return maintype, subtype


@dataclass(frozen=True)
class MailContent:
    """What a recipient reads: the rendered subject and bodies, and the files attached."""

    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


def parse_addresses(field: str) -> list[str]:
    """The addresses in a spreadsheet cell ("a@x.org; b@y.org"); raises ``ValueError`` on a bad one."""
    parts = [p.strip() for p in re.split(r"[,;\s]+", field or "") if p.strip()]
    for part in parts:
        if not _ADDRESS.match(part) or not part.isascii():
            raise ValueError(f"{part!r} is not an e-mail address")
    return parts


def content_hash(content: MailContent) -> str:
    """SHA-256 over subject, bodies and each attachment's name and bytes (hex)."""
    digest = hashlib.sha256()
    for piece in (content.subject, content.text, content.html):
        encoded = piece.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
    for attachment in content.attachments:
        name = attachment.filename.encode("utf-8")
        data = attachment.data
        digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def new_message_id(sender: str, recipient_id: str) -> str:
    """A fresh, globally unique Message-ID in the sender's domain, naming the recipient id (its first
    64 characters: a header line must stay under 998, however long an id someone typed)."""
    domain = sender.rpartition("@")[2] or "docgen.invalid"
    label = re.sub(r"[^A-Za-z0-9.-]+", "-", recipient_id[:64]).strip("-.") or "recipient"
    return make_msgid(idstring=f"docgen.{label}", domain=domain)


def mailbox(display_name: str, addr: str, field: str = "email", name_field: str = "name") -> Address:
    """``Display Name <addr>`` for a header; a ``DeliveryError`` naming ``name_field`` or ``field`` if either cannot be one.

    A line break inside a name would end the header (and the mail library refuses it), so it is
    reported as what it is, not as a bad address (issue 22).
    """
    if _CONTROL.search(display_name.strip()):
        raise DeliveryError(Problem(None, None, name_field, "has a line break or a control character, which an "
                                                            "e-mail header cannot carry; correct it in the list"))
    try:
        return Address(display_name=display_name.strip(), addr_spec=addr)
    except (ValueError, IndexError) as exc:
        raise DeliveryError(Problem(None, None, field, f"{addr!r} is not a usable e-mail address")) from exc


def build_message(
    content: MailContent,
    *,
    sender: tuple[str, str],
    to: list[tuple[str, str] | Address],
    message_id: str,
    date: dt.datetime,
    reply_to: str = "",
) -> EmailMessage:
    """The complete message: headers, text/plain + text/html alternative, then the attachments.

    ``sender`` and each ``to`` entry are (display name, address), or a :func:`mailbox`;
    a Khmer display name is RFC 2047-encoded when the message is serialised.
    """
    message = EmailMessage(policy=SMTP)
    message["From"] = mailbox(*sender, field="mail.sender", name_field="mail.sender_name")
    message["To"] = [to_ if isinstance(to_, Address) else mailbox(*to_) for to_ in to]
    if reply_to and reply_to != sender[1]:
        message["Reply-To"] = mailbox(sender[0], reply_to, field="organiser.email", name_field="mail.sender_name")
    message["Subject"] = content.subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(content.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(content.html, subtype="html", charset="utf-8", cte="quoted-printable")
    for attachment in content.attachments:
        maintype, subtype = attachment.mime_type
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """The message as it goes on the wire: CRLF line ends, 8-bit clean (quoted-printable/base64 bodies)."""
    return message.as_bytes(policy=SMTP)
