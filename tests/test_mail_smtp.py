"""Against a real SMTP server on loopback (aiosmtpd): the whole mailing arrives, and faults end in exactly one copy each."""
from __future__ import annotations

from collections import Counter
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from mail_support import (  # noqa: F401  (server is a fixture)
    FakeClock,
    FaultyServer,
    free_port,
    make_project,
    pdf_parts,
    recipient,
    server,
    write_letters,
)

from docgen.mail import SendOptions, SMTPTransport, mail_status, send_mailing, status_counts
from docgen.mail.settings import SMTPConfig
from docgen.mail.transport import CannotConnect, TransportUnavailable


def transport_for(server) -> SMTPTransport:
    return SMTPTransport(SMTPConfig("127.0.0.1", server.port, "none", timeout=5))


def mailing(root, count=6):
    people = [recipient(f"R{i:03d}", ("km", "en", "both")[i % 3], row=i + 1) for i in range(1, count + 1)]
    project = make_project(root, people, rate=600)
    return project, write_letters(project)


def send(project, server, **options):
    transport = transport_for(server)
    report = send_mailing(project, SendOptions(**options), transport=transport, clock=FakeClock())
    return report, transport


def test_the_whole_mailing_arrives_intact_over_one_connection(tmp_path, server):
    project, letters = mailing(tmp_path / "forum")
    report, transport = send(project, server)
    assert report.counts == {"sent": 6}
    assert transport.connections == 1 and len(server.sessions) == 1
    by_address = {rcpts[0]: message_from_bytes(raw, policy=policy.default) for rcpts, raw in server.messages}
    for person in project.recipients:
        message = by_address[person.email]
        assert message["Message-ID"] and message["Date"]
        assert message.get_body(("plain",)).get_content_charset() == "utf-8"
        assert message.get_body(("html",)) is not None
        (name, data), = pdf_parts(message)
        assert data == letters[person.id], "attachment bytes must equal the file"
        assert name.endswith(".pdf")
    assert by_address["r001@example.org"]["Subject"] == "Invitation: Civil Society Forum"
    assert by_address["r002@example.org"]["Subject"].startswith("លិខិតអញ្ជើញ")


def test_bundled_mailing_that_fails_midway_ends_with_one_copy_each(tmp_path, server):
    from docgen.project import init_project, load_project

    project = load_project(init_project(tmp_path / "forum"), tmp_path / "out")
    letters = write_letters(project)
    with_email = [r for r in project.recipients if r.email.strip()]
    assert len(with_email) > 60, "the bundled forum should have many recipients with e-mail addresses"
    server.down_after = 40
    first, _ = send(project, server, max_attempts=1)
    assert first.counts == {"sent": 40, "failed": len(with_email) - 40, "no-email": len(project.recipients) - len(with_email)}
    server.down_after = None
    second, _ = send(project, server)
    assert second.counts["sent"] == len(with_email) - 40 and second.counts["already-sent"] == 40
    received = {rcpts[0]: message_from_bytes(raw, policy=policy.default) for rcpts, raw in server.messages}
    assert server.received() == Counter({r.email.strip(): 1 for r in with_email})
    for person in with_email:
        assert pdf_parts(received[person.email.strip()])[0][1] == letters[person.id]
    assert status_counts(mail_status(project)) == {
        "sent": len(with_email), "no-email": len(project.recipients) - len(with_email)}


def test_dropped_connection_busy_server_and_a_refused_recipient_end_with_one_copy_each(tmp_path, server):
    project, _ = mailing(tmp_path / "forum")
    server.drop_after = 2
    server.busy = 2
    server.reject = {"r005@example.org"}
    first, transport = send(project, server)
    assert first.counts == {"sent": 5, "failed": 1}
    assert transport.connections >= 3, "reconnected after the hang-up and after each 421"
    assert server.received()["r005@example.org"] == 0
    # Re-run with a healthy server: only the refused recipient is tried again (and refused again).
    second, _ = send(project, server)
    assert second.counts == {"already-sent": 5, "failed": 1}
    refused = next(d for d in second.deliveries if d.outcome == "failed")
    assert refused.recipient.id == "R005" and refused.reply.startswith("550 5.1.1")
    deliverable = {r.email for r in project.recipients} - {"r005@example.org"}
    assert server.received() == Counter({addr: 1 for addr in deliverable})
    statuses = {row.recipient.id: row.status for row in mail_status(project)}
    assert statuses == {"R001": "sent", "R002": "sent", "R003": "sent", "R004": "sent", "R005": "failed", "R006": "sent"}


def test_a_long_outage_fails_the_rest_and_a_rerun_completes_the_mailing(tmp_path, server):
    project, _ = mailing(tmp_path / "forum")
    server.busy = 1000
    server.drop_after = None
    first, _ = send(project, server, max_attempts=2)
    assert first.counts == {"failed": 6}
    server.busy = 0
    second, _ = send(project, server)
    assert second.counts == {"sent": 6}
    assert set(server.received().values()) == {1}
    assert status_counts(mail_status(project)) == {"sent": 6}


def test_a_lost_answer_is_uncertain_and_not_repeated(tmp_path, server):
    project, _ = mailing(tmp_path / "forum", count=3)
    server.lose_reply = {"r002@example.org"}
    first, _ = send(project, server)
    assert first.counts == {"sent": 2, "uncertain": 1}
    second, _ = send(project, server)
    assert second.counts == {"already-sent": 2, "uncertain": 1}
    assert server.received() == Counter({"r001@example.org": 1, "r002@example.org": 1, "r003@example.org": 1})
    assert status_counts(mail_status(project)) == {"sent": 2, "uncertain": 1}


def test_no_server_listening_is_reported_as_unreachable(tmp_path):
    transport = SMTPTransport(SMTPConfig("127.0.0.1", free_port(), "none", timeout=2))
    project, _ = mailing(tmp_path / "forum", count=2)
    with pytest.raises(CannotConnect):
        transport.send(_any_message(project))
    report = send_mailing(project, SendOptions(max_attempts=2), transport=transport, clock=FakeClock())
    assert report.stopped.startswith("cannot connect to 127.0.0.1")
    assert report.counts == {"failed": 1, "pending": 1}


def _any_message(project):
    from email.message import EmailMessage

    message = EmailMessage(policy=policy.SMTP)
    message["From"], message["To"], message["Message-ID"] = "a@x.org", "b@y.org", "<1@x.org>"
    message.set_content("x")
    return message


def test_a_refused_login_stops_with_the_servers_answer(tmp_path):
    from aiosmtpd.smtp import AuthResult

    handler = FaultyServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), auth_require_tls=False,
                            authenticator=lambda *args: AuthResult(success=False, handled=False))
    controller.start()
    try:
        config = SMTPConfig("127.0.0.1", controller.port, "none", user="secretariat", password="wrong", timeout=5)
        with pytest.raises(TransportUnavailable, match="refused the login of secretariat"):
            SMTPTransport(config).send(_any_message(None))
    finally:
        controller.stop()
    assert handler.messages == []


def test_the_first_connection_is_announced_before_its_wait(tmp_path):
    project, _ = mailing(tmp_path / "forum", count=1)
    port = free_port()
    notices: list[str] = []
    env = {"DOCGEN_SMTP_HOST": "127.0.0.1", "DOCGEN_SMTP_PORT": str(port), "DOCGEN_SMTP_SECURITY": "none",
           "DOCGEN_SMTP_USER": ""}
    send_mailing(project, SendOptions(max_attempts=1, notice=notices.append), env=env, clock=FakeClock())
    assert notices[0] == f"connecting to 127.0.0.1:{port} (a server that does not answer is given 30 s)"
