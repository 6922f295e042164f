"""Font roles: system fonts, forum.yaml names, the PyPI fallback made static, and `docgen fonts`."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from docgen.cli import cli
from docgen.errors import FontError
from docgen.pdf.fonts import font_report, resolve_fonts


def test_system_roles_are_the_fonts_cambodian_offices_use(system_fonts):
    assert system_fonts.face("body").family in ("Khmer OS Siemreap", "Khmer OS Battambang")
    assert system_fonts.face("heading").family == "Khmer OS Muol Light"
    assert not system_fonts.face("heading", bold=True).embolden       # Muol is heavy already
    assert system_fonts.face("body", bold=True).embolden               # Khmer OS has no bold file
    assert system_fonts.face("latin").fallback is system_fonts.face("body")


def test_pypi_fallback_is_static_regular_and_bold(pypi_fonts):
    regular, bold = pypi_fonts.face("body"), pypi_fonts.face("body", bold=True)
    assert regular.family == "Noto Sans Khmer" and regular.path != bold.path
    for face, weight in ((regular, 400), (bold, 700)):
        with TTFont(face.path) as font:
            assert "fvar" not in font and font["OS/2"].usWeightClass == weight
    assert not bold.embolden
    assert pypi_fonts.face("latin").family == "Noto Serif"
    assert pypi_fonts.face("latin", italic=True).path.name.startswith("NotoSerif-Italic")
    assert pypi_fonts.face("heading").path == bold.path


def test_pypi_instances_are_cached(pypi_fonts):
    path = pypi_fonts.face("body").path
    assert path.is_file() and "docgen-font-cache" in str(path)


def test_report_says_what_was_chosen_and_why(pypi_fonts):
    lines = font_report()
    assert [line.split(":")[0] for line in lines] == ["body", "heading", "latin"]
    assert "Noto Sans Khmer" in lines[0] and "DOCGEN_NO_SYSTEM_FONTS" in lines[0] and ".ttf" in lines[0]


def test_config_names_a_font_by_path(system_fonts):
    path = system_fonts.face("body").path.with_name("KhmerOSbattambang.ttf")
    fonts = resolve_fonts({"body": str(path)})
    assert fonts.face("body").path == path
    assert fonts.face("body").family == "Khmer OS Battambang"
    assert "by path" in fonts.choices()[0].why


def test_config_names_a_font_by_family(system_fonts):
    fonts = resolve_fonts({"heading": "Khmer OS Muol"})
    assert fonts.face("heading").path.name == "KhmerOSmuol.ttf"


@pytest.mark.parametrize(("config", "field"), [
    ({"body": "Khmer OS Nowhere"}, "fonts.body"),
    ({"latin": "/no/such/font.ttf"}, "fonts.latin"),
    ({"title": "Khmer OS"}, "fonts.title"),
    ({"body": __file__.replace(".py", ".ttf")}, "fonts.body"),
])
def test_unusable_config_is_a_font_error_on_forum_yaml(config, field):
    with pytest.raises(FontError) as caught:
        resolve_fonts(config)
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("forum.yaml", field)


def test_cli_fonts_prints_one_line_per_role(runner, pypi_fonts):
    result = runner.invoke(cli, ["fonts"], catch_exceptions=False)
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in result.output.splitlines()] == ["body", "heading", "latin"]


def test_cli_fonts_with_a_missing_project_fails_in_one_line(runner, tmp_path):
    result = runner.invoke(cli, ["fonts", "-p", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1 and "nowhere" in result.output


def test_a_file_that_is_not_a_font_is_refused(tmp_path):
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font")
    with pytest.raises(FontError) as caught:
        resolve_fonts({"body": str(fake)})
    assert caught.value.problems[0].field == "fonts.body" and "not a usable font" in str(caught.value.problems[0])
