"""CLI smoke tests through Click's CliRunner."""
from __future__ import annotations

import pytest

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


def test_a_reader_that_stops_early_ends_docgen_quietly(tmp_path):
    """`docgen templates | head -1`: the closed pipe is no internal error and leaves no log."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DOCGEN_CACHE_DIR": str(tmp_path / "cache"), "DOCGEN_TRACEBACK": ""}
    process = subprocess.Popen([sys.executable, "-m", "docgen", "templates"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    process.stdout.close()  # the reader is gone before docgen writes a line
    with process.stderr:
        errors = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "internal error" not in errors and "Traceback" not in errors
    assert not (tmp_path / "cache" / "logs").exists()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_ctrl_c_that_python_drops_still_ends_docgen_as_interrupted(monkeypatch):
    """A KeyboardInterrupt raised while a finalizer runs is dropped by Python; docgen still exits 130."""
    import os
    import signal
    import sys

    import docgen.cli as cli_module

    class Finalised:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(10_000):  # the handler runs here, inside the finalizer
                pass

    def command(**kwargs):
        Finalised()
        sys.exit(0)

    monkeypatch.setattr(cli_module, "cli", command)
    before = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as stopped:
            cli_module.main()
    finally:
        signal.signal(signal.SIGINT, before)
    assert stopped.value.code == 130
