"""`docgen send letters|summary|status` through Click's CliRunner, against a loopback SMTP server."""
from __future__ import annotations

import pytest
from mail_support import built_forum, server  # noqa: F401  (fixtures)

from docgen.cli import cli


@pytest.fixture
def forum(built_forum):
    return built_forum


def test_dry_run_writes_eml_files(runner, forum):
    result = runner.invoke(cli, ["send", "letters", "-p", str(forum), "--dry-run", "--where", "province=Kep"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = sorted((forum / "out" / "outbox" / "letters").glob("*.eml"))
    assert written and result.output.splitlines()[-1].startswith(f"letters (dry run): {len(written)} dry-run")


def test_send_then_status_says_everyone_has_it(runner, forum, server, monkeypatch):
    monkeypatch.setenv("DOCGEN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DOCGEN_SMTP_PORT", str(server.port))
    monkeypatch.setenv("DOCGEN_SMTP_SECURITY", "none")
    monkeypatch.setenv("DOCGEN_SMTP_USER", "")
    (forum / "forum.yaml").write_text(
        (forum / "forum.yaml").read_text(encoding="utf-8").replace("rate_per_minute: 30", "rate_per_minute: 100000"),
        encoding="utf-8")
    sent = runner.invoke(cli, ["send", "letters", "-p", str(forum), "--where", "province=Kep"], catch_exceptions=False)
    assert sent.exit_code == 0, sent.output
    assert "; report: " in sent.output.splitlines()[-1]
    status = runner.invoke(cli, ["send", "status", "-p", str(forum)], catch_exceptions=False)
    assert status.exit_code == 0
    totals = status.output.splitlines()[-1]
    assert totals.startswith(f"letters: {len(server.messages)} sent")
    assert "failed" not in totals and "uncertain" not in totals


def test_summary_without_the_built_report_says_which_build_to_run(runner, forum):
    result = runner.invoke(cli, ["send", "summary", "-p", str(forum), "--dry-run"])
    assert result.exit_code != 0
    first = result.output.splitlines()[0]
    assert "summary" in first and "run `docgen build summary` first" in first
    assert "Traceback" not in result.output


def test_no_server_configured_says_how_to_configure(runner, forum):
    yaml = (forum / "forum.yaml").read_text(encoding="utf-8").replace("host: smtp.example.org", "host: ''")
    (forum / "forum.yaml").write_text(yaml, encoding="utf-8")
    result = runner.invoke(cli, ["send", "letters", "-p", str(forum), "--only", "KEP-001"])
    assert result.exit_code != 0
    assert result.output.startswith("no SMTP server configured") and "DOCGEN_SMTP_HOST" in result.output


def test_bad_where_field_is_one_line(runner, forum):
    result = runner.invoke(cli, ["send", "letters", "-p", str(forum), "--where", "colour=blue", "--dry-run"])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert result.output.startswith("--where: colour: unknown field")
