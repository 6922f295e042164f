"""CLI smoke tests through Click's CliRunner."""
from __future__ import annotations

from docgen.cli import cli


def test_help_lists_commands(runner):
    result = runner.invoke(cli, ["--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Khmer and English" in result.output


def test_an_unexpected_error_is_one_line_exit_70_and_a_logged_traceback(runner, tmp_path, monkeypatch):
    import docgen.typeset
    from docgen.cache import CACHE_DIR_ENV

    def broken(project_dir):
        raise ZeroDivisionError("injected fault")

    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv("DOCGEN_TRACEBACK")
    monkeypatch.setattr(docgen.typeset, "fonts_report", broken)
    result = runner.invoke(cli, ["fonts"])
    assert result.exit_code == 70
    (line,) = result.output.splitlines()
    assert line.startswith("docgen: internal error: ZeroDivisionError: injected fault (details in ")
    assert "Traceback" not in result.output
    (log,) = (tmp_path / "cache" / "logs").glob("internal-error-*.log")
    assert line.endswith(f"{log})")
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "in broken" in text and "injected fault" in text


def test_traceback_flag_shows_an_unexpected_error(runner, monkeypatch):
    import docgen.typeset

    monkeypatch.setattr(docgen.typeset, "fonts_report", lambda project_dir: 1 / 0)
    result = runner.invoke(cli, ["--traceback", "fonts"])
    assert isinstance(result.exception, ZeroDivisionError)
