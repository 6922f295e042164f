"""Transports hand a message to a mail server: the protocol, SMTP over one reused connection, and memory.

A transport's ``send`` returns a :class:`Receipt` once the server has accepted
the message, or raises one of four errors that tell the send loop what to do.
It calls ``handing_over()`` at the last moment before the server can accept the
message (for SMTP: after DATA's 354, right before the message itself), which is
when the ledger marks it "sending" (see :mod:`docgen.mail.ledger`):

    DeliveryError (docgen.errors)
    └── TransportError
        ├── TemporaryFailure    4xx, dropped connection or timeout *before* the end of DATA: retry later
        │   └── CannotConnect   the server cannot be reached now: retry, and stop the run if it stays so
        ├── PermanentFailure    5xx for this message: record it, go on with the next one
        ├── UncertainDelivery   the connection died after the whole message was sent but before the
        │                       server's reply: it may have been accepted, so it must not be retried blindly
        └── TransportUnavailable  cannot connect or log in at all: the run stops

The distinction between a temporary failure and an uncertain one is why
:class:`SMTPTransport` drives MAIL / RCPT / DATA itself instead of calling
``smtplib.SMTP.send_message``: only the reply to the final "." is ambiguous.
"""
from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from typing import TYPE_CHECKING, Protocol

from docgen.errors import DeliveryError
from docgen.mail.message import message_bytes

if TYPE_CHECKING:
    from docgen.mail.settings import SMTPConfig

__all__ = [
    "Receipt",
    "Transport",
    "TransportError",
    "TemporaryFailure",
    "CannotConnect",
    "PermanentFailure",
    "UncertainDelivery",
    "TransportUnavailable",
    "SMTPTransport",
    "MemoryTransport",
]


@dataclass(frozen=True)
class Receipt:
    """The server accepted a message: its Message-ID and the server's reply (e.g. "250 2.0.0 queued")."""

    message_id: str
    reply: str


class TransportError(DeliveryError):
    """The server did not (or may not have) accepted a message; ``reply`` is what it said."""

    def __init__(self, reply: str):
        super().__init__(reply)
        self.reply = reply


class TemporaryFailure(TransportError):
    """A 4xx reply, a dropped connection or a timeout before the message was complete: retry."""


class CannotConnect(TemporaryFailure):
    """The server cannot be reached (refused, unknown host, timeout on connect)."""


class PermanentFailure(TransportError):
    """A 5xx reply for this message: it will not be accepted as it is."""


class UncertainDelivery(TransportError):
    """The whole message went out but no reply came back: it may or may not have been accepted."""


class TransportUnavailable(TransportError):
    """The server cannot be reached or refuses the login: nothing can be sent."""


HandingOver = Callable[[], None]


class Transport(Protocol):
    """Hands messages to a mail server, reusing one connection; ``close`` ends it."""

    def send(self, message: EmailMessage, *, handing_over: HandingOver | None = None) -> Receipt: ...

    def close(self) -> None: ...


def envelope(message: EmailMessage) -> tuple[str, list[str]]:
    """The SMTP envelope of a message: the From address and every To/Cc address."""
    sender = getaddresses([str(message["From"])])[0][1]
    recipients = [addr for _, addr in getaddresses([str(v) for k in ("To", "Cc") for v in message.get_all(k, [])])]
    return sender, recipients


def _reply_text(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}".strip()


def _failure(code: int, reply: bytes | str) -> TransportError:
    text = _reply_text(code, reply)
    return PermanentFailure(text) if 500 <= code < 600 else TemporaryFailure(text)


class SMTPTransport:
    """SMTP with STARTTLS, implicit TLS or neither; connects on the first message and reuses the connection.

    After any failure the connection is dropped, so the next ``send``
    reconnects: that is how a retry survives a server that hung up.
    """

    def __init__(self, config: SMTPConfig, *, context: ssl.SSLContext | None = None):
        self.config = config
        self.context = context or ssl.create_default_context()
        self._smtp: smtplib.SMTP | None = None
        self.connections = 0  # how many times we connected: 1 for a run without faults

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        try:
            if cfg.security == "ssl":
                smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=self.context)
            else:
                smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
            smtp.ehlo_or_helo_if_needed()
            if cfg.security == "starttls":
                smtp.starttls(context=self.context)
                smtp.ehlo()
        except smtplib.SMTPResponseException as exc:
            text = f"{cfg.host}:{cfg.port} answered {_reply_text(exc.smtp_code, exc.smtp_error)}"
            raise (TransportUnavailable(text) if exc.smtp_code >= 500 else CannotConnect(text)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise CannotConnect(f"cannot connect to {cfg.host}:{cfg.port}: {exc}") from exc
        self._login(smtp)
        self.connections += 1
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        cfg = self.config
        if not cfg.user:
            return
        try:
            smtp.login(cfg.user, cfg.password)
        except smtplib.SMTPAuthenticationError as exc:
            smtp.close()
            raise TransportUnavailable(
                f"{cfg.host} refused the login of {cfg.user}: {_reply_text(exc.smtp_code, exc.smtp_error)}"
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            smtp.close()
            raise TransportUnavailable(f"{cfg.host} offers no login; set DOCGEN_SMTP_SECURITY or the user") from exc
        except (OSError, smtplib.SMTPException) as exc:
            smtp.close()
            raise TemporaryFailure(f"login to {cfg.host} failed: {exc}") from exc

    def send(self, message: EmailMessage, *, handing_over: HandingOver | None = None) -> Receipt:
        """Send over the open connection (connecting first if needed); see the module docstring for errors."""
        if self._smtp is None:
            self._smtp = self._connect()
        sender, recipients = envelope(message)
        try:
            reply = self._transaction(self._smtp, sender, recipients, message_bytes(message), handing_over)
        except PermanentFailure:
            self._reset()
            raise
        except TransportError:
            self.close()
            raise
        except BaseException:
            # Stopped mid-transaction (the ledger failed, Ctrl-C): a QUIT now would be read as message text.
            smtp, self._smtp = self._smtp, None
            smtp.close()
            raise
        return Receipt(str(message["Message-ID"]), reply)

    def _transaction(self, smtp: smtplib.SMTP, sender: str, recipients: list[str], data: bytes,
                     handing_over: HandingOver | None) -> str:
        try:
            code, reply = smtp.mail(sender)
            if code != 250:
                raise _failure(code, reply)
            for rcpt in recipients:
                code, reply = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    raise _failure(code, reply)
            code, reply = smtp.docmd("DATA")
            if code != 354:
                raise _failure(code, reply)
            payload = _dot_stuffed(data)
            if handing_over:
                handing_over()
            smtp.send(payload)
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise TemporaryFailure(f"connection lost before the message was complete: {exc}") from exc
        try:
            code, reply = smtp.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise UncertainDelivery(f"connection lost waiting for the server's answer to the message: {exc}") from exc
        if code != 250:
            raise _failure(code, reply)
        return _reply_text(code, reply)

    def _reset(self) -> None:
        """After a refused message, RSET so the same connection can carry the next one."""
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self.close()

    def close(self) -> None:
        """QUIT politely if the server still listens; forget the connection either way."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _dot_stuffed(data: bytes) -> bytes:
    """The DATA payload: leading dots doubled, CRLF-terminated, then the lone "." line (RFC 5321 4.5.2)."""
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


Fault = Callable[[EmailMessage], "TransportError | None"]


@dataclass
class MemoryTransport:
    """Keeps every accepted message in ``sent``; ``fault`` may refuse a message, for tests.

    ``fault(message)`` returns an error to raise instead of accepting, or None.
    Errors are raised before ``handing_over`` (as a refusal at MAIL or RCPT is),
    except an :class:`UncertainDelivery`: it is raised *after* the message is
    handed over and kept, because that is what the real window looks like: the
    server has it, we never heard.
    """

    fault: Fault | None = None
    sent: list[EmailMessage] = field(default_factory=list)
    attempts: int = 0
    closed: int = 0

    def send(self, message: EmailMessage, *, handing_over: HandingOver | None = None) -> Receipt:
        self.attempts += 1
        error = self.fault(message) if self.fault else None
        if error is not None and not isinstance(error, UncertainDelivery):
            raise error
        if handing_over:
            handing_over()
        self.sent.append(message)
        if error is not None:
            raise error
        return Receipt(str(message["Message-ID"]), f"250 accepted in memory as #{len(self.sent)}")

    def close(self) -> None:
        self.closed += 1

    def to(self, address: str) -> list[EmailMessage]:
        """The accepted messages addressed to ``address``."""
        return [m for m in self.sent if address in envelope(m)[1]]
