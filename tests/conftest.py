"""Shared fixtures: the CLI runner, the bundled project and a temporary copy of it."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner


@pytest.fixture(autouse=True, scope="session")
def empty_cache_folder(tmp_path_factory):
    """docgen's user cache folder (internal-error logs) is an empty one of the test run's, never the user's;
    and an unexpected error in a CLI test is raised, not made one line (tests that want the line unset it)."""
    from docgen.cache import CACHE_DIR_ENV

    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_DIR_ENV, str(tmp_path_factory.mktemp("docgen-cache")))
    patch.setenv("DOCGEN_TRACEBACK", "1")   # an unexpected error in a CLI test shows its traceback
    yield
    patch.undo()


@pytest.fixture(autouse=True, scope="session")
def empty_current_folder(tmp_path_factory):
    """The tests run in an empty folder, not in the repository: its top level is itself a forum project
    (the example forum), which a command or ``load_project()`` given no folder would read, and write."""
    patch = pytest.MonkeyPatch()
    patch.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    patch.undo()


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner whose stderr is kept apart from stdout."""
    return CliRunner()


@pytest.fixture(scope="session")
def bundled_project():
    """The bundled example forum, loaded once (treat it as read-only)."""
    from docgen.folders import EXAMPLE_DIR
    from docgen.project import load_project

    return load_project(EXAMPLE_DIR)


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A fresh copy of the bundled forum in a temporary folder, free to damage."""
    from docgen.project import init_project

    return init_project(tmp_path / "forum")


def _assert_no_problems(problems) -> None:
    errors = [str(p) for p in problems if getattr(p, "is_error", True)]
    assert not errors, "unexpected problems:\n" + "\n".join(errors)


@pytest.fixture
def assert_no_problems():
    """``assert_no_problems(problems)``: fails listing every error-level problem."""
    return _assert_no_problems


@pytest.fixture
def bundled_fonts(monkeypatch):
    """The fonts a fresh machine without Khmer fonts gets: system fonts off, the faces docgen ships."""
    from docgen.text.fonts import NO_SYSTEM_FONTS_ENV, resolve_fonts

    monkeypatch.setenv(NO_SYSTEM_FONTS_ENV, "1")
    return resolve_fonts()


@pytest.fixture
def system_fonts():
    """The fonts this machine resolves: Khmer OS where installed, else the faces docgen ships."""
    from docgen.text.fonts import resolve_fonts

    return resolve_fonts()


@pytest.fixture
def khmer_os_fonts(system_fonts):
    """The Khmer OS faces of fonts-khmeros; skips where they are not installed (CI installs them)."""
    if "Khmer OS" not in system_fonts.face("body").family:
        pytest.skip("fonts-khmeros is not installed")
    return system_fonts
