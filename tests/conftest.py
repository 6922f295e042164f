"""Shared fixtures: the CLI runner, the bundled project and a temporary copy of it."""
from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner whose stderr is kept apart from stdout."""
    return CliRunner()


@pytest.fixture
def pypi_fonts(monkeypatch, tmp_path_factory):
    """The fonts a fresh machine without Khmer fonts gets: system fonts off, Noto from PyPI made static."""
    from docgen.pdf.fonts import CACHE_DIR_ENV, NO_SYSTEM_FONTS_ENV, resolve_fonts

    monkeypatch.setenv(NO_SYSTEM_FONTS_ENV, "1")
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path_factory.getbasetemp() / "docgen-font-cache"))
    return resolve_fonts()


@pytest.fixture
def system_fonts():
    """The fonts of this machine; skips unless fonts-khmeros is installed (CI installs it)."""
    from docgen.pdf.fonts import resolve_fonts

    fonts = resolve_fonts()
    if "Khmer OS" not in fonts.face("body").family:
        pytest.skip("fonts-khmeros is not installed")
    return fonts
