"""Safe file names: hostile recipient names never escape the folder or upset Windows."""
from __future__ import annotations

import unicodedata
from types import SimpleNamespace

import pytest

from docgen.filenames import MAX_NAME_BYTES, MAX_NAME_CHARS, safe_filename, slugify


@pytest.mark.parametrize("hostile", ["../x", "..\\..\\x", "a/b", "a\\b", "/etc/passwd", "C:\\x", "..", ".", ""])
def test_no_separator_or_parent_reference(hostile):
    name = safe_filename(hostile, ".pdf")
    assert "/" not in name and "\\" not in name and ":" not in name
    assert not name.startswith(".")
    assert name.endswith(".pdf") and len(name) > len(".pdf")


@pytest.mark.parametrize("reserved", ["CON", "con", "PRN", "AUX", "NUL", "COM1", "lpt9", "nul.tar", "CON "])
def test_windows_reserved_names_are_changed(reserved):
    stem = safe_filename(reserved, ".pdf").removesuffix(".pdf")
    assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT9"}


def test_control_characters_and_invisible_marks_removed():
    name = safe_filename("a\x00b\nc\td\x1fe\u200bf\u202e", ".pdf")
    assert name == "a-b-c-d-ef.pdf"
    assert all(unicodedata.category(ch)[0] != "C" for ch in name)


def test_trailing_dots_and_spaces_removed():
    assert safe_filename("report. . ", ".pdf") == "report.pdf"
    assert safe_filename("   ", ".pdf") == "file.pdf"


def test_windows_forbidden_characters_replaced():
    assert safe_filename('a<b>c:d"e|f?g*h', "") == "a-b-c-d-e-f-g-h"


def test_khmer_kept_and_spaces_become_hyphens():
    assert safe_filename("KEP-001 ឯកឧត្តម សុខ ចាន់", ".pdf") == "KEP-001-ឯកឧត្តម-សុខ-ចាន់.pdf"


@pytest.mark.parametrize("long_name", ["x" * 300, "ក្សា" * 300, "é" * 300])
def test_length_bounded_in_bytes_and_characters(long_name):
    name = safe_filename(long_name, ".docx")
    assert len(name) <= MAX_NAME_CHARS
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.endswith(".docx")


def test_truncation_never_splits_a_khmer_cluster():
    # ក្សា is 4 code points; a cut anywhere inside would leave a coeng or a vowel dangling.
    for limit in range(1, 40):
        slug = slugify("ក្សា" * 20, max_chars=limit)
        assert len(slug) % 4 == 0, (limit, slug)
        assert not slug.endswith("\u17d2")


def test_same_input_same_name():
    names = {safe_filename("ហេង វណ្ណា", ".pdf") for _ in range(3)}
    assert names == {"ហេង-វណ្ណា.pdf"}
    assert safe_filename("ហេង វណ្ណា ", ".pdf") == safe_filename(" ហេង  វណ្ណា", ".pdf") != safe_filename("ហេង", ".pdf")


def _session_paths(out, session_id):
    from docgen.attendance.store import session_file
    from docgen.documents.agenda import agenda_path
    from docgen.documents.attendance import attendance_path
    from docgen.documents.summary import summary_path

    project = SimpleNamespace(root=out)   # session_file needs only the project's folder
    return [agenda_path(out, session_id, "km", "pdf"), attendance_path(out, session_id, "en", "docx"),
            summary_path(out, "km", "pdf", session_id), session_file(project, session_id)]


@pytest.mark.parametrize("session_id", ["../../../x", "a/b/c", "..\\..\\x", "C:\\x", "CON", "nul", "LPT1",
                                        "x" * 300, "ស" * 200, "\u0000\n", ""])
def test_every_session_file_name_stays_in_its_folder_and_is_a_name_any_system_takes(tmp_path, session_id):
    for path in _session_paths(tmp_path, session_id):
        assert path.parent.parent == tmp_path and path.parent.name in ("agenda", "attendance", "summary")
        name = path.name
        assert len(name.encode("utf-8")) <= 255 and not set(name) & set('/\\:\0\n')
        assert name.split(".")[0].upper() not in {"CON", "NUL", "LPT1"}
