"""The send run with the in-memory transport: ledger, resume, retries, rate limit, dry run, report."""
from __future__ import annotations

import csv

import pytest
from mail_support import FakeClock, decoded_address, fake_pdf, make_project, pdf_parts, recipient, reparse, write_letters

from docgen.errors import DeliveryError
from docgen.mail import (
    CannotConnect,
    Ledger,
    MemoryTransport,
    PermanentFailure,
    SendOptions,
    TemporaryFailure,
    UncertainDelivery,
    ledger_path,
    mail_status,
    send_mailing,
    status_counts,
)
from docgen.documents.letters import letter_path
from docgen.mail.message import message_bytes


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "forum")
    write_letters(project)
    return project


def run(project, transport=None, clock=None, **options):
    return send_mailing(project, SendOptions(**options), transport=transport or MemoryTransport(),
                        clock=clock or FakeClock())


def fail_for(address, error, times=None):
    """A fault that refuses messages to ``address`` (``times`` times, or always)."""
    left = [times]

    def fault(message):
        if address in str(message["To"]) and (left[0] is None or left[0] > 0):
            left[0] = None if left[0] is None else left[0] - 1
            return error
        return None

    return fault


def test_one_message_per_recipient_in_their_language(project):
    transport = MemoryTransport()
    report = run(project, transport)
    assert report.counts == {"sent": 3}
    km, en, both = (reparse(m) for m in transport.sent)
    assert km["Subject"] == "លិខិតអញ្ជើញចូលរួមវេទិកាសង្គមស៊ីវិល"
    assert en["Subject"] == "Invitation: Civil Society Forum"
    assert both["Subject"] == "លិខិតអញ្ជើញចូលរួមវេទិកាសង្គមស៊ីវិល / Invitation: Civil Society Forum"
    text = both.get_body(("plain",)).get_content()
    assert text.index("សូមគោរពជូន") < text.index("Dear H.E. Sok Chan R003")
    assert "ថ្ងៃទី២០ ខែកញ្ញា ឆ្នាំ២០១៨" in text and "20 September 2018" in text
    assert "Dear" not in km.get_body(("plain",)).get_content()
    assert "<strong>Civil Society Forum</strong>" in en.get_body(("html",)).get_content()
    assert pdf_parts(km) == [("លិខិតអញ្ជើញ.pdf", fake_pdf("R001.pdf"))]
    assert pdf_parts(en) == [("Invitation-letter.pdf", fake_pdf("R002.pdf"))]
    assert decoded_address(message_bytes(transport.sent[0]), "From") == (
        "លេខាធិការដ្ឋានវេទិកា", "secretariat@forum.example.org")
    assert str(en["From"]) == "Forum Secretariat <secretariat@forum.example.org>"


def test_a_rerun_sends_nothing_that_was_accepted(project):
    transport = MemoryTransport()
    run(project, transport)
    again = run(project, transport)
    assert again.counts == {"already-sent": 3}
    assert len(transport.sent) == 3


def test_a_changed_letter_is_not_resent_unless_asked(project):
    transport = MemoryTransport()
    run(project, transport)
    letter_path(project.out_dir, project.recipients[0], "pdf").write_bytes(fake_pdf("R001 corrected"))
    again = run(project, transport)
    assert again.counts == {"changed": 1, "already-sent": 2}
    assert len(transport.sent) == 3
    resent = run(project, transport, resend=True, only=("R001",))
    assert resent.counts == {"sent": 1}
    assert pdf_parts(transport.sent[-1])[0][1] == fake_pdf("R001 corrected")
    assert run(project, transport).counts == {"already-sent": 3}


def test_a_permanent_failure_is_recorded_and_the_run_goes_on(project):
    transport = MemoryTransport(fault=fail_for("r002@", PermanentFailure("550 5.1.1 no such mailbox")))
    report = run(project, transport)
    assert report.counts == {"sent": 2, "failed": 1}
    failed = next(d for d in report.deliveries if d.outcome == "failed")
    assert (failed.recipient.id, failed.reply) == ("R002", "550 5.1.1 no such mailbox")
    problem = failed.problem()
    assert (problem.file, problem.row, problem.field) == ("recipients/invitees.csv", 3, "email")
    statuses = {r.recipient.id: (r.status, r.reply) for r in mail_status(project)}
    assert statuses["R002"] == ("failed", "550 5.1.1 no such mailbox")
    # The next run tries only the failed one (here it still fails), never the accepted ones.
    again = run(project, transport)
    assert again.counts == {"already-sent": 2, "failed": 1}
    assert len(transport.sent) == 2


def test_temporary_failures_are_retried_with_exponential_backoff(project):
    clock = FakeClock()
    transport = MemoryTransport(fault=fail_for("r001@", TemporaryFailure("421 4.7.0 try later"), times=3))
    report = run(project, transport, clock)
    assert report.counts == {"sent": 3}
    assert clock.sleeps[:3] == [2.0, 4.0, 8.0]
    assert report.deliveries[0].attempts == 4
    assert [e.attempts for e in Ledger(ledger_path(project)).history("R001", "letters")] == [4]


def test_a_message_still_refused_after_all_retries_fails_and_goes_next_run(project):
    clock = FakeClock()
    transport = MemoryTransport(fault=fail_for("r001@", TemporaryFailure("451 4.3.0 busy"), times=3))
    report = run(project, transport, clock, max_attempts=3)
    assert report.counts == {"failed": 1, "sent": 2}
    assert clock.sleeps[:2] == [2.0, 4.0]
    again = run(project, transport, clock)
    assert again.counts == {"sent": 1, "already-sent": 2}
    assert [m["To"].addresses[0].addr_spec for m in transport.sent].count("r001@example.org") == 1


def test_rate_limit_spaces_the_messages(tmp_path):
    project = make_project(tmp_path / "forum", rate=30)
    write_letters(project)
    clock = FakeClock()
    run(project, clock=clock)
    assert clock.sleeps == [2.0, 2.0]


def test_an_unanswered_message_is_uncertain_and_not_sent_again(project):
    transport = MemoryTransport(fault=fail_for("r002@", UncertainDelivery("connection lost"), times=1))
    report = run(project, transport)
    assert report.counts == {"sent": 2, "uncertain": 1}
    first_id = str(transport.to("r002@example.org")[0]["Message-ID"])
    again = run(project, transport)
    assert again.counts == {"already-sent": 2, "uncertain": 1}
    assert len(transport.to("r002@example.org")) == 1
    resent = run(project, transport, resend=True, only=("R002",))
    assert resent.counts == {"sent": 1}
    copies = transport.to("r002@example.org")
    assert len(copies) == 2 and str(copies[1]["Message-ID"]) == first_id


class Crash(BaseException):
    """Stands for the process dying (power cut, Ctrl-C) right after the server accepted a message."""


class CrashAfterAccepting(MemoryTransport):
    def send(self, message, **hooks):
        receipt = super().send(message, **hooks)
        if len(self.sent) == 2:
            raise Crash
        return receipt


def test_a_crash_between_acceptance_and_ledger_write_never_resends_silently(project):
    transport = CrashAfterAccepting()
    with pytest.raises(Crash):
        run(project, transport)
    assert [e.status for e in Ledger(ledger_path(project)).history("R002", "letters")] == ["sending"]
    again = run(project, transport)
    assert again.counts == {"already-sent": 1, "uncertain": 1, "sent": 1}
    assert len(transport.sent) == 3
    counts = status_counts(mail_status(project))
    assert counts == {"sent": 2, "uncertain": 1}


def test_an_unreachable_server_stops_the_run_and_leaves_the_rest_pending(project):
    clock = FakeClock()
    transport = MemoryTransport(fault=lambda m: CannotConnect("cannot connect to smtp:587: refused"))
    report = run(project, transport, clock, max_attempts=2)
    assert report.stopped.startswith("cannot connect")
    assert report.counts == {"failed": 1, "pending": 2}
    assert not report.ok
    assert status_counts(mail_status(project)) == {"failed": 1, "pending": 2}


def test_a_missing_letter_stops_everything_and_says_which_build_to_run(project):
    missing = letter_path(project.out_dir, project.recipients[1], "pdf")
    missing.unlink()
    transport = MemoryTransport()
    with pytest.raises(DeliveryError) as info:
        run(project, transport)
    (problem,) = info.value.problems
    assert problem.file == missing and "run `docgen build letters` first" in problem.message
    assert transport.sent == []


def test_no_email_and_bad_addresses_are_reported_not_sent(tmp_path):
    people = [recipient("R001"), recipient("R002", email=""), recipient("R003", email="governor-at-kep", row=9)]
    project = make_project(tmp_path / "forum", people)
    write_letters(project)
    report = run(project)
    assert report.counts == {"sent": 1, "no-email": 1, "invalid-address": 1}
    (problem,) = report.problems
    assert (problem.file, problem.row, problem.field) == ("recipients/invitees.csv", 9, "email")
    assert not report.ok


def test_dry_run_writes_the_exact_messages_and_sends_nothing(project):
    transport = MemoryTransport()
    report = run(project, transport, dry_run=True)
    assert report.counts == {"dry-run": 3}
    assert transport.attempts == 0
    assert not ledger_path(project).exists()
    outbox = project.out_dir / "outbox" / "letters"
    eml = reparse((outbox / "R003.eml").read_bytes())
    assert eml["To"].addresses[0].addr_spec == "r003@example.org"
    assert pdf_parts(eml) == [("លិខិតអញ្ជើញ-Invitation-letter.pdf", fake_pdf("R003.pdf"))]
    assert b"\n" not in (outbox / "R003.eml").read_bytes().replace(b"\r\n", b"")


def test_dry_run_after_sending_shows_what_a_run_would_do(project):
    transport = MemoryTransport()
    run(project, transport, only=("R001",))
    report = run(project, transport, dry_run=True)
    assert report.counts == {"already-sent": 1, "dry-run": 2}


def test_where_and_only_choose_the_recipients(project):
    transport = MemoryTransport()
    assert run(project, transport, where=("language=en",)).counts == {"sent": 1}
    assert run(project, transport, only=("R001,R003",)).counts == {"sent": 2}
    assert len(transport.sent) == 3


def test_docx_and_agenda_can_be_attached(project):
    from docgen.documents.agenda import agenda_path

    write_letters(project, formats=("pdf", "docx"))
    for lang in ("km", "en"):
        path = agenda_path(project.out_dir, "kep", lang, "pdf")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(fake_pdf(f"agenda {lang}"))
    transport = MemoryTransport()
    run(project, transport, attach_docx=True, attach_agenda=True, only=("R003",))
    names = [name for name, _ in pdf_parts(transport.sent[0])]
    assert names == ["លិខិតអញ្ជើញ-Invitation-letter.pdf", "លិខិតអញ្ជើញ-Invitation-letter.docx",
                     "របៀបវារៈ-ខេត្តកែប.pdf", "Agenda-Kep-Province.pdf"]


def test_the_csv_report_has_one_row_per_recipient(project):
    transport = MemoryTransport(fault=fail_for("r002@", PermanentFailure("550 no such user")))
    report = run(project, transport)
    with report.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["recipient_id"], r["outcome"], r["reply"]) for r in rows] == [
        ("R001", "sent", "250 accepted in memory as #1"),
        ("R002", "failed", "550 no such user"),
        ("R003", "sent", "250 accepted in memory as #2"),
    ]
    assert rows[0]["name"] == "សុខ ចាន់R001"
    assert report.path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_status_before_any_run_is_all_pending(project):
    assert status_counts(mail_status(project)) == {"pending": 3}


def test_only_one_run_at_a_time(project):
    with Ledger(ledger_path(project)) as ledger, ledger.run_lock():
        with pytest.raises(DeliveryError, match="another `docgen send` is running"):
            run(project)


def test_unknown_mailing_is_refused(project):
    with pytest.raises(DeliveryError, match="unknown mailing"):
        run(project, document="agenda")


def test_summary_goes_to_report_recipients_with_cover_letter_and_report(tmp_path):
    from docgen.documents.summary import cover_path, summary_path

    people = [recipient("R001", "km", report=True), recipient("R002", "en"), recipient("R003", "both", report=True)]
    project = make_project(tmp_path / "forum", people)
    for lang in ("km", "en"):
        path = summary_path(project.out_dir, lang, "pdf")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(fake_pdf(f"summary {lang}"))
    for person in people:
        path = cover_path(project.out_dir, person, "pdf")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(fake_pdf(f"cover {person.id}"))
    transport = MemoryTransport()
    report = run(project, transport, document="summary")
    assert report.counts == {"sent": 2}
    both = reparse(transport.sent[1])
    assert both["Subject"] == "របាយការណ៍សង្ខេប វេទិកាសង្គមស៊ីវិល / Summary report: Civil Society Forum"
    assert pdf_parts(both) == [
        ("លិខិតបញ្ជូន-Cover-letter.pdf", fake_pdf("cover R003")),
        ("របាយការណ៍សង្ខេប.pdf", fake_pdf("summary km")),
        ("Summary-report.pdf", fake_pdf("summary en")),
    ]
    assert [r.recipient.id for r in mail_status(project, "summary")] == ["R001", "R003"]
    write_letters(project)
    assert run(project, transport).counts == {"sent": 3}, "the letters mailing is a separate ledger key"


class CrashingClock(FakeClock):
    def sleep(self, seconds):
        raise Crash


def test_dying_while_waiting_to_retry_is_not_uncertain(project):
    transport = MemoryTransport(fault=fail_for("r001@", TemporaryFailure("421 busy"), times=1))
    with pytest.raises(Crash):
        run(project, transport, CrashingClock())
    assert [(e.status, e.reply) for e in Ledger(ledger_path(project)).history("R001", "letters")] == [
        ("failed", "421 busy")]
    assert run(project, transport).counts == {"sent": 3}
    assert len(transport.to("r001@example.org")) == 1


def test_no_send_while_a_build_is_writing_the_letters(project):
    from docgen.build import output_lock
    from docgen.errors import DocgenError

    transport = MemoryTransport()
    with output_lock(project.out_dir), pytest.raises(DocgenError, match="is using this folder"):
        run(project, transport=transport)
    assert transport.sent == []
    assert run(project, transport=transport).counts == {"sent": 3}   # once the build is done
