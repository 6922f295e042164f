"""Every command has help text and a section in the README."""
from __future__ import annotations

from pathlib import Path

import click
import pytest

from docgen.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "docgen"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


ALL = sorted(_commands(cli), key=lambda item: item[0])


@pytest.mark.parametrize(("name", "command"), ALL, ids=[n for n, _ in ALL])
def test_command_has_help(name, command):
    assert (command.help or "").strip(), f"{name} has no help text"


@pytest.mark.parametrize(("name", "command"), ALL, ids=[n for n, _ in ALL])
def test_command_is_in_readme(name, command):
    assert f"`{name}" in README, f"{name} is not documented in README.md"
