"""The build orchestrator's registry and option checks."""
from __future__ import annotations

from pathlib import Path

import pytest

from docgen.build import FAMILIES, BuildOptions, build
from docgen.errors import DocgenError
from docgen.model import Forum, Organiser, Project, Text


@pytest.fixture
def empty_project(tmp_path) -> Project:
    forum = Forum(title=Text("វេទិកា", "Forum"), organiser=Organiser(Text("ក", "O")), sessions=())
    return Project(root=tmp_path, forum=forum, recipients=[], out_dir=tmp_path / "out")


def test_every_family_resolves_to_a_function():
    import importlib

    for target in FAMILIES.values():
        module, _, func = target.partition(":")
        assert callable(getattr(importlib.import_module(module), func))


def test_unknown_family_lists_the_known_ones(empty_project):
    with pytest.raises(DocgenError, match="letters"):
        build(empty_project, ["invoices"])


def test_unknown_format_is_refused(empty_project):
    options = BuildOptions(out_dir=Path(empty_project.out_dir), formats=("odt",))
    with pytest.raises(DocgenError, match="odt"):
        build(empty_project, ["letters"], options)


def test_result_summary_line_counts_and_notes():
    from docgen.build import BuildResult

    result = BuildResult("letters", counts={"letters": 158, "pages": 188}, note="(1 skipped)")
    assert result.summary() == "letters: 158 letters, 188 pages (1 skipped)"
    assert BuildResult("agenda", files=[Path("a.pdf"), Path("a.docx")]).summary() == "agenda: 2 files"
