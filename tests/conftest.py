"""Shared fixtures: the CLI runner, the bundled project and a temporary copy of it."""
from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner whose stderr is kept apart from stdout."""
    return CliRunner()
