"""E-mail delivery of the mailing: messages, transports, the ledger that prevents double sending, the send run.

    send_mailing(project, SendOptions(...), transport=None, clock=None) -> SendReport
    mail_status(project, "letters") -> list[StatusRow]

See :mod:`docgen.mail.ledger` for how a message is never sent twice, and
:mod:`docgen.mail.transport` for the Transport protocol and its SMTP and
in-memory implementations.
"""
from __future__ import annotations

from docgen.mail.clock import Clock, SystemClock
from docgen.mail.ledger import Entry, Ledger, ledger_path
from docgen.mail.message import Attachment, MailContent, build_message, content_hash
from docgen.mail.report import OUTCOMES, Delivery, SendReport, StatusRow, mail_status, status_counts, status_lines
from docgen.mail.send import SendOptions, send_mailing
from docgen.mail.settings import SMTPConfig, smtp_config
from docgen.mail.transport import (
    CannotConnect,
    MemoryTransport,
    PermanentFailure,
    Receipt,
    SMTPTransport,
    TemporaryFailure,
    Transport,
    TransportError,
    TransportUnavailable,
    UncertainDelivery,
)

__all__ = [
    "send_mailing",
    "mail_status",
    "status_counts",
    "status_lines",
    "SendOptions",
    "SendReport",
    "Delivery",
    "StatusRow",
    "OUTCOMES",
    "Clock",
    "SystemClock",
    "Ledger",
    "Entry",
    "ledger_path",
    "Attachment",
    "MailContent",
    "build_message",
    "content_hash",
    "SMTPConfig",
    "smtp_config",
    "Transport",
    "Receipt",
    "SMTPTransport",
    "MemoryTransport",
    "TransportError",
    "TemporaryFailure",
    "CannotConnect",
    "PermanentFailure",
    "UncertainDelivery",
    "TransportUnavailable",
]
