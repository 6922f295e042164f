"""What a send run did and what the ledger says: per-recipient outcomes, the CSV report, ``send status``.

The CSV is written with a byte-order mark (``utf-8-sig``) because that is how
Excel on Windows recognises UTF-8 and shows Khmer names instead of mojibake.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.cells import csv_text
from docgen.errors import Problem, Severity
from docgen.files import atomic_write_text
from docgen.mail.content import mailing_recipients
from docgen.mail.ledger import Ledger, ledger_path
from docgen.mail.names import report_path

if TYPE_CHECKING:
    import datetime as dt

    from docgen.model import Project, Recipient

__all__ = ["OUTCOMES", "Delivery", "SendReport", "StatusRow", "write_report", "mail_status", "status_counts",
           "status_lines"]

# Every outcome a recipient can have in a run, and what it means for the user.
OUTCOMES = {
    "sent": "accepted by the server",
    "dry-run": "written to the outbox, not sent",
    "already-sent": "sent before with the same content; not sent again",
    "changed": "sent before, but the message changed since; use --resend to send the new one",
    "uncertain": "handed over but no answer came back; it may have arrived (use --resend to send again)",
    "failed": "refused, still failing after retries, or the recipient's data cannot make a message",
    "pending": "not attempted",
    "no-email": "no e-mail address; send it by post",
    "invalid-address": "the e-mail address is not valid",
}
_PROBLEM_OUTCOMES = {"failed", "uncertain", "changed", "pending"}

_COLUMNS = ["recipient_id", "name", "email", "language", "document", "outcome", "attempts", "message_id",
            "reply", "attachments"]


@dataclass(frozen=True)
class Delivery:
    """One recipient's outcome in a run (see :data:`OUTCOMES`), with the server's reply if any."""

    recipient: Recipient
    outcome: str
    email: str = ""
    message_id: str = ""
    reply: str = ""
    attempts: int = 0
    files: tuple[str, ...] = ()
    field: str = "email"  # the recipient's field the outcome is about (a name that cannot go in a header)

    def line(self) -> str:
        """One line for the terminal: outcome, recipient id, address and the server's reply."""
        reply = f"  {self.reply}" if self.reply and self.outcome != "sent" else ""
        return f"{self.outcome:<15} {self.recipient.id:<10} {self.email}{reply}".rstrip()

    def problem(self) -> Problem:
        """This outcome as a problem line naming the recipient's row (a warning unless it failed)."""
        severity = Severity.ERROR if self.outcome in ("failed", "pending", "invalid-address") else Severity.WARNING
        detail = f": {self.reply}" if self.reply else ""
        source = self.recipient.source
        message = f"{self.recipient.id} <{self.email}> {self.outcome} — {OUTCOMES[self.outcome]}{detail}"
        return Problem(source.file or None, source.row, self.field, message, severity)


@dataclass
class SendReport:
    """The result of :func:`~docgen.mail.send.send_mailing`."""

    document: str
    dry_run: bool
    deliveries: list[Delivery] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    path: Path | None = None  # the CSV report
    stopped: str = ""  # why the run stopped early (the server could not be used), else ""

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(d.outcome for d in self.deliveries))

    @property
    def ok(self) -> bool:
        """True when nothing failed, nothing is uncertain or pending and no address was invalid."""
        return not self.stopped and not any(d.outcome in _PROBLEM_OUTCOMES | {"invalid-address"} for d in self.deliveries)

    def summary(self) -> str:
        """The end-of-run line, e.g. "letters: 140 sent, 2 failed, 17 no-email; report: out/outbox/…csv"."""
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.counts.items(), key=_outcome_order))
        where = f"; report: {self.path}" if self.path else ""
        stopped = f"; stopped: {self.stopped}" if self.stopped else ""
        return f"{self.document}{' (dry run)' if self.dry_run else ''}: {counts or 'nobody selected'}{stopped}{where}"

    def issues(self) -> list[Problem]:
        """One problem per recipient whose outcome needs the user's attention."""
        return [d.problem() for d in self.deliveries if d.outcome in _PROBLEM_OUTCOMES]


def _outcome_order(item: tuple[str, int]) -> int:
    return list(OUTCOMES).index(item[0])


def write_report(report: SendReport, folder: Path, when: dt.datetime) -> Path:
    """Write ``send-report-<document>-<timestamp>.csv`` in ``folder`` and return its path.

    Names and replies come from people and servers: a cell that Excel would run as a formula is
    written as text (:mod:`docgen.cells`).
    """
    path = report_path(folder, report.document, when.strftime("%Y%m%d-%H%M%S"))
    rows = [
        [d.recipient.id, d.recipient.name.get(d.recipient.langs[0]), d.email, d.recipient.language, report.document,
         d.outcome, str(d.attempts), d.message_id, d.reply, "; ".join(d.files)]
        for d in report.deliveries
    ]
    return atomic_write_text(path, csv_text(_COLUMNS, rows), encoding="utf-8-sig")


@dataclass(frozen=True)
class StatusRow:
    """Where one recipient stands for one mailing, from the ledger."""

    recipient: Recipient
    document: str
    status: str  # sent | failed | uncertain | pending | no-email
    email: str = ""
    when: str = ""
    message_id: str = ""
    reply: str = ""


def mail_status(project: Project, document: str = "letters", ledger_file: Path | None = None) -> list[StatusRow]:
    """Every recipient of ``document`` with its status in the ledger (pending if never handed over)."""
    path = ledger_file or ledger_path(project)
    entries = {}
    if path.exists():
        with Ledger(path) as ledger:
            entries = ledger.latest_all(document)
    rows = []
    for recipient in mailing_recipients(project, document):
        entry = entries.get((recipient.id, document))
        if entry is None:
            status = "pending" if recipient.email.strip() else "no-email"
            rows.append(StatusRow(recipient, document, status, recipient.email.strip()))
            continue
        status = "uncertain" if entry.status == "sending" else entry.status
        rows.append(StatusRow(recipient, document, status, entry.email, entry.updated_at, entry.message_id, entry.reply))
    return rows


def status_lines(rows: list[StatusRow]) -> list[str]:
    """``docgen send status``: one line per recipient, then the totals."""
    lines = []
    for row in rows:
        detail = f"  {row.reply}" if row.status in ("failed", "uncertain") and row.reply else ""
        when = f"  {row.when}" if row.when else ""
        lines.append(f"{row.status:<10} {row.recipient.id:<10} {row.email}{when}{detail}".rstrip())
    totals = ", ".join(f"{n} {status}" for status, n in status_counts(rows).items())
    document = rows[0].document if rows else "mailing"
    lines.append(f"{document}: {totals or 'no recipients'}")
    return lines


def status_counts(rows: list[StatusRow]) -> dict[str, int]:
    """How many recipients are in each status, in a fixed order (sent, failed, uncertain, pending, no-email)."""
    counts = Counter(r.status for r in rows)
    return {s: counts[s] for s in ("sent", "failed", "uncertain", "pending", "no-email") if counts[s]}
