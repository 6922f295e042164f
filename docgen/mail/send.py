"""A send run: select recipients, build each message, skip what the ledger says was sent, deliver, report.

For every selected recipient with an e-mail address, the run decides from the
ledger (see :mod:`docgen.mail.ledger`) what to do:

    nothing in the ledger, or last message failed  -> send
    last message sent, same content                -> skip ("already sent")
    last message sent, content changed since       -> skip ("changed") unless resend
    last message uncertain (answer lost, crash)    -> skip ("uncertain") unless resend, which reuses its Message-ID

Sending goes through one :class:`~docgen.mail.transport.Transport` whose
connection is reused; messages are spaced to the rate limit, temporary failures
are retried with exponential backoff (the transport reconnects), a permanent
failure is recorded for that recipient and the run goes on, and so is a
recipient whose own data cannot make a message (a line break in a name: issue 22).
Time comes from an injectable :class:`~docgen.mail.clock.Clock`, so tests never sleep. Every run,
dry or not, ends with a CSV report in ``out/outbox/``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.build import output_lock
from docgen.errors import DeliveryError, Problem
from docgen.files import atomic_write_bytes
from docgen.mail.clock import Clock, RateLimiter, SystemClock
from docgen.mail.content import DOCUMENTS, Renderer, attachments_for, mailing_recipients, not_built, sender_name
from docgen.mail.ledger import Ledger, ledger_path
from docgen.mail.message import build_message, content_hash, mailbox, message_bytes, new_message_id, parse_addresses
from docgen.mail.names import message_path, outbox_dir
from docgen.mail.report import Delivery, SendReport, write_report
from docgen.mail.settings import smtp_config
from docgen.mail.transport import (
    CannotConnect,
    PermanentFailure,
    TemporaryFailure,
    TransportUnavailable,
    UncertainDelivery,
)
from docgen.select import select_recipients

if TYPE_CHECKING:
    from email.headerregistry import Address
    from email.message import EmailMessage

    from docgen.mail.ledger import Entry
    from docgen.mail.message import MailContent
    from docgen.mail.transport import Transport
    from docgen.model import Project, Recipient

__all__ = ["SendOptions", "send_mailing"]


@dataclass
class SendOptions:
    """What a send run does; the defaults are those of ``docgen send letters``."""

    document: str = "letters"  # letters | summary
    dry_run: bool = False
    where: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    resend: bool = False
    attach_docx: bool = False
    attach_agenda: bool = False
    out_dir: Path | None = None  # default: the project's out_dir
    max_attempts: int = 5  # tries per message on temporary failures
    first_backoff: float = 2.0  # seconds before the first retry; doubles each time
    max_backoff: float = 300.0
    progress: Callable[[Delivery, int, int], None] | None = None  # (delivery, done, total) once per recipient
    notice: Callable[[str], None] | None = None  # what the run is waiting for, e.g. a retry (issue 26)


@dataclass
class _Item:
    """One recipient's prepared message: To mailboxes, content, hash, and what the ledger knew."""

    recipient: Recipient
    to: list[Address]
    content: MailContent
    hash: str
    last: Entry | None = None

    @property
    def addresses(self) -> list[str]:
        return [box.addr_spec for box in self.to]


def _decide(item: _Item, resend: bool) -> str:
    """``send`` or the outcome of skipping: already-sent, changed, uncertain."""
    last = item.last
    if last is None or last.status == "failed" or resend:
        return "send"
    if last.status == "sent":
        return "already-sent" if last.content_hash == item.hash else "changed"
    return "uncertain"


def _sender(project: Project) -> str:
    sender = project.forum.mail.sender.strip() or project.forum.organiser.email.strip()
    if not sender:
        raise DeliveryError(
            Problem("forum.yaml", None, "mail.sender", "no sender address: set mail.sender (or organiser.email)")
        )
    return sender


@dataclass
class _Run:
    """The state of one run; its methods are the steps of :func:`send_mailing`."""

    project: Project
    options: SendOptions
    clock: Clock
    out_dir: Path
    report: SendReport
    items: list[_Item] = field(default_factory=list)
    total: int = 0  # recipients selected

    def record(self, delivery: Delivery) -> None:
        self.report.deliveries.append(delivery)
        if self.options.progress:
            self.options.progress(delivery, len(self.report.deliveries), self.total)

    def notice(self, text: str) -> None:
        if self.options.notice:
            self.options.notice(text)

    def prepare(self, recipients: list[Recipient]) -> None:
        """Render and hash every message; a missing attachment anywhere stops the run before sending.

        A recipient whose address or name cannot go in a header is recorded (see :meth:`refuse`)
        and left out; the others go on.
        """
        renderer = Renderer(self.project)
        missing: list[Problem] = []
        self.total = len(recipients)
        for recipient in recipients:
            if not recipient.email.strip():
                self.record(Delivery(recipient, "no-email"))
                continue
            to, problem = _mailboxes(recipient)
            if problem:
                self.refuse(recipient, problem)
                continue
            files, problems = attachments_for(
                self.project, recipient, self.options.document, self.out_dir,
                docx=self.options.attach_docx, agenda=self.options.attach_agenda,
            )
            missing += problems
            if not problems:
                content = renderer.content(recipient, self.options.document, files)
                self.items.append(_Item(recipient, to, content, content_hash(content)))
        if missing:
            raise DeliveryError("attachments are missing; nothing was sent", not_built(missing))

    def refuse(self, recipient: Recipient, problem: Problem) -> None:
        """Record a recipient whose data cannot make a message: a bad address is "invalid-address",
        anything else "failed" with the field and the reason."""
        if problem.field == "email":
            self.report.problems.append(problem)
            self.record(Delivery(recipient, "invalid-address", recipient.email, reply=problem.message))
        else:
            self.record(Delivery(recipient, "failed", recipient.email.strip(), reply=f"{problem.field}: "
                                 f"{problem.message}", field=problem.field or "email"))

    def message(self, item: _Item, message_id: str) -> EmailMessage:
        sender = _sender(self.project)
        return build_message(
            item.content, sender=(sender_name(self.project, item.recipient.langs[0]), sender), to=item.to,
            message_id=message_id, date=self.clock.now(), reply_to=self.project.forum.organiser.email.strip(),
        )

    def delivery(self, item: _Item, outcome: str, entry: Entry | None = None, **more) -> Delivery:
        base = {"message_id": entry.message_id, "reply": entry.reply} if entry else {}
        files = tuple(a.filename for a in item.content.attachments)
        return Delivery(item.recipient, outcome, ", ".join(item.addresses), files=files, **{**base, **more})


def _mailboxes(recipient: Recipient) -> tuple[list[Address], Problem | None]:
    """The recipient's To mailboxes under its name, or the problem at its file, row and field."""
    lang = recipient.langs[0]
    try:
        addresses = parse_addresses(recipient.email)
        return [mailbox(recipient.name.get(lang), addr, name_field=f"name_{lang}") for addr in addresses], None
    except ValueError as exc:
        problem = Problem(None, None, "email", str(exc))
    except DeliveryError as exc:
        problem = exc.problems[0]
    return [], replace(problem, file=recipient.source.file or None, row=recipient.source.row)


def _dry_run(run: _Run) -> None:
    """Write each message that a real run would send as ``out/outbox/<document>/<id>.eml``."""
    folder = outbox_dir(run.out_dir) / run.options.document
    used: set[str] = set()
    for item in run.items:
        decision = _decide(item, run.options.resend)
        if decision != "send":
            run.record(run.delivery(item, decision, item.last))
            continue
        message_id = _reuse_id(item) or new_message_id(_sender(run.project), item.recipient.id)
        path = atomic_write_bytes(message_path(folder, item.recipient.id, used), message_bytes(run.message(item, message_id)))
        run.record(run.delivery(item, "dry-run", message_id=message_id, reply=str(path)))


def _reuse_id(item: _Item) -> str | None:
    """An uncertain message is resent under its old Message-ID, so a receiver can tell it is the same one."""
    return item.last.message_id if item.last and item.last.status == "uncertain" else None


@dataclass
class _Row:
    """The ledger row of one message, written only when something happened to it (see :mod:`docgen.mail.ledger`)."""

    ledger: Ledger
    key: tuple[str, str, str, str, str]  # recipient id, document, content hash, addresses, Message-ID
    id: int | None = None

    def sending(self) -> None:
        """Called by the transport right before the server can accept the message."""
        if self.id is None:
            self.id = self.ledger.begin(*self.key)
        else:
            self.ledger.retry(self.id)

    def _written(self) -> int:
        if self.id is None:  # the try ended before the hand-over
            self.id = self.ledger.begin(*self.key, status="failed")
        return self.id

    def attempt(self, reply: str) -> None:
        self.ledger.attempt(self._written(), reply)

    def finish(self, status: str, reply: str) -> None:
        self.ledger.finish(self._written(), status, reply)


def _deliver(run: _Run, item: _Item, ledger: Ledger, transport: Transport, limiter: RateLimiter) -> Delivery:
    """Hand one message over, retrying temporary failures.

    The row is "sending" only from the transport's ``handing_over`` (just before the message itself
    goes out) to the commit of the server's answer: a death while connecting, at RCPT or while waiting
    to retry leaves no row or "failed", which the next run sends; only the true window is uncertain.
    """
    options = run.options
    message_id = _reuse_id(item) or new_message_id(_sender(run.project), item.recipient.id)
    message = run.message(item, message_id)
    row = _Row(ledger, (item.recipient.id, options.document, item.hash, ", ".join(item.addresses), message_id))
    delay = options.first_backoff
    for attempt in range(1, options.max_attempts + 1):
        limiter.wait()
        try:
            receipt = transport.send(message, handing_over=row.sending)
        except (PermanentFailure, UncertainDelivery) as exc:
            status = "failed" if isinstance(exc, PermanentFailure) else "uncertain"
            row.finish(status, exc.reply)
            return run.delivery(item, status, message_id=message_id, reply=exc.reply, attempts=attempt)
        except TransportUnavailable as exc:
            row.finish("failed", exc.reply)
            raise
        except TemporaryFailure as exc:
            row.attempt(exc.reply)
            if attempt == options.max_attempts:
                if isinstance(exc, CannotConnect):
                    raise TransportUnavailable(exc.reply) from exc
                return run.delivery(item, "failed", message_id=message_id, reply=exc.reply, attempts=attempt)
            run.notice(f"{exc.reply}; trying again in {delay:g} s ({attempt + 1} of {options.max_attempts})")
            run.clock.sleep(delay)
            delay = min(delay * 2, options.max_backoff)
        else:
            row.finish("sent", receipt.reply)
            return run.delivery(item, "sent", message_id=message_id, reply=receipt.reply, attempts=attempt)
    raise AssertionError("unreachable: the loop returns or raises on its last attempt")


def _send(run: _Run, ledger: Ledger, transport: Transport) -> None:
    limiter = RateLimiter(run.project.forum.mail.rate_per_minute, run.clock)
    pending = list(run.items)
    try:
        while pending:
            item = pending.pop(0)
            decision = _decide(item, run.options.resend)
            if decision != "send":
                run.record(run.delivery(item, decision, item.last))
                continue
            run.record(_deliver(run, item, ledger, transport, limiter))
    except TransportUnavailable as exc:
        run.report.stopped = exc.reply
        run.record(run.delivery(item, "failed", reply=exc.reply))
        for rest in pending:
            run.record(run.delivery(rest, "pending", reply="not attempted: the server could not be used"))
    finally:
        transport.close()


def send_mailing(
    project: Project,
    options: SendOptions | None = None,
    *,
    transport: Transport | None = None,
    clock: Clock | None = None,
    env: Mapping[str, str] | None = None,
    prompt: Callable[[str], str] | None = None,
) -> SendReport:
    """Send (or with ``dry_run`` write to the outbox) one message per selected recipient; return the report.

    ``transport`` defaults to SMTP with the settings of :func:`~docgen.mail.settings.smtp_config`
    (``env`` and ``prompt`` are passed to it); the report is also written as CSV.
    """
    options = options or SendOptions()
    if options.document not in DOCUMENTS:
        known = ", ".join(DOCUMENTS)
        raise DeliveryError(Problem(None, None, "document", f"unknown mailing {options.document!r}; known: {known}"))
    _sender(project)
    clock = clock or SystemClock()
    out_dir = Path(options.out_dir or project.out_dir)
    with output_lock(out_dir):   # no build changes the letters while they are sent
        run = _Run(project, options, clock, out_dir, SendReport(options.document, options.dry_run))
        run.prepare(_recipients(project, options))
        path = ledger_path(project)
        try:
            if options.dry_run:
                if path.exists():
                    with Ledger(path) as ledger:
                        _load_last(run, ledger)
                _dry_run(run)
            else:
                with Ledger(path) as ledger, ledger.run_lock():
                    _load_last(run, ledger)
                    _send_all(run, ledger, transport, lambda: _smtp(project, env, prompt, run.notice))
        finally:   # stopped midway (Ctrl-C, a server gone) too: the report says what went out
            run.report.path = write_report(run.report, outbox_dir(out_dir), clock.now())
    return run.report


def _recipients(project: Project, options: SendOptions) -> list[Recipient]:
    """The recipients ``--where``/``--only`` select; for the summary, only those who receive the report."""
    chosen = select_recipients(project.recipients, options.where, options.only)
    return mailing_recipients(project, options.document, chosen)


def _send_all(run: _Run, ledger: Ledger, transport: Transport | None, smtp: Callable[[], Transport]) -> None:
    """Send what needs sending; the SMTP settings (and the password prompt) only when something does."""
    if not any(_decide(item, run.options.resend) == "send" for item in run.items):
        _record_skips(run)
        return
    _send(run, ledger, transport or smtp())


def _load_last(run: _Run, ledger: Ledger) -> None:
    for item in run.items:
        item.last = ledger.latest(item.recipient.id, run.options.document)


def _record_skips(run: _Run) -> None:
    for item in run.items:
        run.record(run.delivery(item, _decide(item, run.options.resend), item.last))


def _smtp(project: Project, env: Mapping[str, str] | None, prompt: Callable[[str], str] | None,
          notice: Callable[[str], None]) -> Transport:
    from docgen.mail.transport import SMTPTransport

    config = smtp_config(project.forum.mail, env, prompt)
    notice(f"connecting to {config.host}:{config.port} (a server that does not answer is given {config.timeout:g} s)")
    return SMTPTransport(config)
