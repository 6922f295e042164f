"""Font roles: system fonts, forum.yaml names, the PyPI fallback made static, and `docgen fonts`."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from docgen.cli import cli
from docgen.errors import FontError
from docgen.text.fonts import font_report, resolve_fonts


def test_system_roles_are_the_fonts_cambodian_offices_use(khmer_os_fonts):
    assert khmer_os_fonts.face("body").family in ("Khmer OS Siemreap", "Khmer OS Battambang")
    assert khmer_os_fonts.face("heading").family == "Khmer OS Muol Light"
    assert not khmer_os_fonts.face("heading", bold=True).embolden       # Muol is heavy already
    assert khmer_os_fonts.face("body", bold=True).embolden               # Khmer OS has no bold file
    assert khmer_os_fonts.face("latin").fallback is khmer_os_fonts.face("body")


def test_a_bare_machine_gets_the_cambodian_faces_docgen_ships(bundled_fonts):
    regular, bold = bundled_fonts.face("body"), bundled_fonts.face("body", bold=True)
    assert (regular.family, regular.path.name, bold.path.name) == (
        "Battambang", "Battambang-Regular.ttf", "Battambang-Bold.ttf")
    assert not bold.embolden                                   # a real bold file
    heading = bundled_fonts.face("heading")
    assert (heading.family, heading.path.name) == ("Moul", "Moul-Regular.ttf")
    assert bundled_fonts.face("heading", bold=True).path == heading.path and not bundled_fonts.face(
        "heading", bold=True).embolden                         # Muol is heavy already
    latin = bundled_fonts.face("latin", italic=True)
    assert (latin.family, latin.path.name, latin.slant) == ("Noto Serif", "NotoSerif-Italic.ttf", False)


def test_the_shipped_faces_are_static_truetype_with_their_licence(bundled_fonts):
    for role in ("body", "heading", "latin"):
        for bold in (False, True):
            path = bundled_fonts.face(role, bold=bold).path
            with TTFont(path) as font:
                assert "fvar" not in font and "glyf" in font, path
            assert any(path.parent.glob(f"OFL-{path.stem.split('-')[0]}.txt")), path


def test_the_shipped_khmer_faces_shape_every_khmer_letter_without_a_dotted_circle(bundled_fonts):
    from docgen.text.shape import shaping_faults

    text = "".join(chr(c) for c in range(0x1780, 0x17DD) if c not in (0x17B4, 0x17B5, 0x17D2))
    clusters = ["ក" + chr(v) for v in range(0x17B6, 0x17D2)] + ["ស្ត្រី", "ក្រុមប្រឹក្សា", "ព្រះរាជាណាចក្រកម្ពុជា"]
    for role in ("body", "heading"):
        face = bundled_fonts.face(role)
        assert all(face.covers(c) for c in text), role
        for cluster in clusters:
            assert shaping_faults(face, cluster) == (0, []), (role, cluster)


def test_every_face_of_a_set_has_its_own_postscript_name(bundled_fonts):
    names = {}
    for role in ("body", "heading", "latin"):
        for bold in (False, True):
            for italic in (False, True):
                face = bundled_fonts.face(role, bold=bold, italic=italic)
                assert names.setdefault(face.ps_name, face.path) == face.path, face.ps_name
    assert {"Battambang-Regular", "Battambang-Bold", "Moul-Regular", "NotoSerif-Regular"} <= set(names)


def test_two_files_with_one_postscript_name_are_told_apart(tmp_path):
    from shutil import copyfile

    from docgen.text.fonts import FONTS_DIR

    twin = tmp_path / "Battambang-Twin.ttf"
    copyfile(FONTS_DIR / "Battambang-Regular.ttf", twin)   # a second file named Battambang-Regular inside
    fonts = resolve_fonts({"body": str(FONTS_DIR / "Battambang-Regular.ttf"), "heading": str(twin)})
    assert fonts.face("body").ps_name == "Battambang-Regular"
    assert fonts.face("heading").ps_name == "Battambang-Regular-2"


def test_report_says_what_was_chosen_and_why(bundled_fonts):
    lines = font_report()
    assert [line.split(":")[0] for line in lines] == ["body", "heading", "latin"]
    assert "Battambang" in lines[0] and "DOCGEN_NO_SYSTEM_FONTS" in lines[0] and "bundled" in lines[0]
    assert "Moul" in lines[1] and "Moul-Regular.ttf" in lines[1]


def test_config_names_a_font_by_path(khmer_os_fonts):
    path = khmer_os_fonts.face("body").path.with_name("KhmerOSbattambang.ttf")
    fonts = resolve_fonts({"body": str(path)})
    assert fonts.face("body").path == path
    assert fonts.face("body").family == "Khmer OS Battambang"
    assert "by path" in fonts.choices()[0].why


def test_config_names_a_font_by_family(khmer_os_fonts):
    fonts = resolve_fonts({"heading": "Khmer OS Muol"})
    assert fonts.face("heading").path.name == "KhmerOSmuol.ttf"


def test_config_names_a_bundled_family_on_a_bare_machine(bundled_fonts):
    fonts = resolve_fonts({"body": "Moul", "heading": "Battambang"})
    assert (fonts.face("body").path.name, fonts.face("heading").path.name) == ("Moul-Regular.ttf",
                                                                               "Battambang-Regular.ttf")
    assert "forum.yaml" in fonts.choices()[0].why


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


def test_cli_fonts_prints_one_line_per_role(runner, bundled_fonts):
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


@pytest.fixture
def windows_fonts_only(tmp_path, monkeypatch):
    """A font folder as a Windows machine without Khmer OS has it, and no other."""
    import docgen.text.fonts as fonts
    from docgen.text.fonts import FONTS_DIR

    folder = tmp_path / "Windows" / "Fonts"
    folder.mkdir(parents=True)
    for source, name in (("NotoSerif-Regular.ttf", "KhmerUI.ttf"),    # a "Khmer UI" with no Khmer in it
                         ("Battambang-Regular.ttf", "daunpenh.ttf"),
                         ("Moul-Regular.ttf", "moolbor.ttf")):
        (folder / name).write_bytes((FONTS_DIR / source).read_bytes())
    monkeypatch.delenv(fonts.NO_SYSTEM_FONTS_ENV, raising=False)
    monkeypatch.setattr(fonts, "_font_dirs", lambda: [folder])
    caches = (fonts._system_index, fonts._resolve, fonts._installed_coverage, fonts._fallback)
    for cache in caches:
        cache.cache_clear()
    yield folder
    for cache in caches:
        cache.cache_clear()


def test_windows_khmer_faces_come_before_the_bundled_ones_if_they_write_khmer(windows_fonts_only):
    fonts = resolve_fonts()
    body, heading, latin = fonts.choices()
    assert (body.family, body.path) == ("DaunPenh", windows_fonts_only / "daunpenh.ttf")   # Khmer UI lacks Khmer
    assert (heading.family, heading.path) == ("MoolBoran", windows_fonts_only / "moolbor.ttf")
    assert "Windows" in body.why and "Windows" in heading.why
    assert latin.family == "Noto Serif" and "bundled" in latin.why


def test_a_damaged_font_file_is_passed_over_not_a_failure(windows_fonts_only):
    (windows_fonts_only / "times.ttf").write_bytes(b"\x00\x01\x00\x00 damaged")   # "Times New Roman", damaged
    (windows_fonts_only / "ខ្មែរ.ttf").write_bytes((windows_fonts_only / "moolbor.ttf").read_bytes())
    fonts = resolve_fonts()
    assert fonts.face("latin").family == "Noto Serif"
    from docgen.text.fonts import FontFace

    odd = FontFace("odd", windows_fonts_only / "times.ttf")
    assert odd.ps_name == "times"                                        # no name table: the file's, in ASCII
    assert FontFace("k", windows_fonts_only / "ខ្មែរ.ttf").ps_name.isascii()
