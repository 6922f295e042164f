"""`send` opens no SMTP connection, and so asks for no password, when nothing needs sending."""
from __future__ import annotations

from mail_support import FakeClock, built_forum, make_project, write_letters  # noqa: F401  (fixture)

from docgen.cli import cli
from docgen.mail import MemoryTransport, SendOptions, send_mailing

SMTP_ENV = {"DOCGEN_SMTP_HOST": "smtp.forum.example.org", "DOCGEN_SMTP_USER": "secretariat"}


def test_a_rerun_with_everything_sent_asks_for_no_password(tmp_path):
    project = make_project(tmp_path / "forum")
    write_letters(project)
    assert send_mailing(project, SendOptions(), transport=MemoryTransport(), clock=FakeClock()).counts == {"sent": 3}
    asked: list[str] = []
    again = send_mailing(project, SendOptions(), clock=FakeClock(), env=SMTP_ENV,
                         prompt=lambda text: asked.append(text) or "secret")
    assert again.counts == {"already-sent": 3}
    assert asked == []


def test_send_on_the_command_line_needs_no_password_when_everyone_has_their_letter(runner, built_forum, monkeypatch):
    from docgen.project import load_project

    project = load_project(built_forum)
    first = send_mailing(project, SendOptions(only=("KEP-001",)), transport=MemoryTransport(), clock=FakeClock())
    assert first.counts == {"sent": 1}
    for name, value in SMTP_ENV.items():  # a user and no DOCGEN_SMTP_PASSWORD: a password would be needed
        monkeypatch.setenv(name, value)
    result = runner.invoke(cli, ["send", "letters", "-p", str(built_forum), "--only", "KEP-001"])
    assert result.exit_code == 0, result.output
    assert "password" not in result.output.lower()
    assert "1 already-sent" in result.output.splitlines()[-1]
