"""Excel's ~$ lock files beside an open workbook are not lists: the project reads as if they were not there."""
from __future__ import annotations

from docgen.check import check_project
from docgen.project import load_project


def test_the_lock_file_of_a_list_open_in_excel_is_not_read(project_copy):
    clean = load_project(project_copy)
    owner = b"\x08Sok Dara" + b"\x20" * 46 + b"\x08\x00S\x00o\x00k\x00" + b"\x00" * 100  # the owner, as Excel writes it
    (project_copy / "recipients" / "~$kep.xlsx").write_bytes(owner)
    (project_copy / "recipients" / "~$extra.csv").write_text("id,name_en\nLOCK-1,Not a recipient\n", encoding="utf-8")
    assert check_project(project_copy) == []
    assert [r.id for r in load_project(project_copy).recipients] == [r.id for r in clean.recipients]
