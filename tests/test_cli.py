"""CLI smoke tests through Click's CliRunner."""
from __future__ import annotations

from docgen.cli import cli


def test_help_lists_commands(runner):
    result = runner.invoke(cli, ["--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Khmer and English" in result.output
