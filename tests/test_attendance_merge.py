"""``docgen attendance import`` merges into a session's stored file (issue 26), or replaces it, keeping a backup."""
from __future__ import annotations

import csv

import pytest

from docgen.attendance import import_attendance
from docgen.project import load_project, read_project

# A partial typed sheet: three invitees already stored (their details come from the list), a new invitee,
# a stored walk-in (matched by name) whose empty phone is filled and whose sex is typed differently, and a
# new walk-in.
PARTIAL = """ID,Name,Sex,Phone
TAK-001,,,011 765 201
TAK-002,,,012 000 000
TAK-007,,,
,Heng Sophea,F,095 854 737
,Pen Sokha,F,
TAK-003,,,
"""


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def takeo(project_copy):
    """The copy's attendance/takeo.csv (49 rows) with the walk-in Heng Sophea's phone left empty."""
    path = project_copy / "attendance" / "takeo.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",community,095 854 737\n", ",community,\n", 1),
                    encoding="utf-8")
    assert len(_rows(path)) == 49
    return path


def _sheet(tmp_path):
    sheet = tmp_path / "typed-takeo.csv"
    sheet.write_text(PARTIAL, encoding="utf-8")
    return sheet


def test_partial_sheet_is_merged_and_a_conflict_keeps_the_stored_value(project_copy, takeo, tmp_path):
    before = takeo.read_bytes()
    sheet = _sheet(tmp_path)
    result = import_attendance(load_project(project_copy), sheet, session="takeo")
    assert result.ok, result.problems
    assert [str(p) for p in result.problems] == [
        f"{sheet}:5: sex: 'F' differs from the stored 'M' in takeo.csv; "
        "the stored value is kept (replace mode overwrites) (warning)"]
    rows = _rows(takeo)
    assert len(rows) == 51
    by_id = {r["id"]: r for r in rows if r["id"]}
    assert by_id["TAK-002"]["phone"] == "088 679 9861" and "TAK-007" in by_id
    heng = next(r for r in rows if r["name_en"] == "Heng Sophea")
    assert (heng["phone"], heng["sex"]) == ("095 854 737", "M")
    assert rows[-1]["name_en"] == "Pen Sokha" and rows[-1]["id"] == ""
    change = result.changes[0]
    assert (change.merged.added, change.merged.updated, change.merged.unchanged) == (2, 1, 48)
    # the previous file, byte for byte, in a folder a Windows user sees and the loader never reads
    assert change.backup.parent == takeo.parent / "backup" and change.backup.read_bytes() == before
    assert change.backup.name.startswith("takeo-") and change.backup.suffix == ".csv"
    assert result.summary() == [f"takeo: 2 added, 1 updated, 48 unchanged; 51 present (47 invited, 4 walk-ins), "
                                f"stored in {takeo}; the previous file is kept as {change.backup}"]
    loaded = read_project(project_copy)
    assert not [p for p in loaded.problems if "backup" in str(p.file)]
    assert len([a for a in loaded.project.attendance if a.session == "takeo"]) == 51


def test_replace_mode_makes_the_sheet_the_whole_attendance_and_keeps_a_backup(project_copy, takeo, tmp_path):
    before = takeo.read_bytes()
    result = import_attendance(load_project(project_copy), _sheet(tmp_path), session="takeo", replace=True)
    assert result.ok and not result.problems
    assert [r["id"] for r in _rows(takeo)] == ["TAK-001", "TAK-002", "TAK-007", "", "", "TAK-003"]
    change = result.changes[0]
    assert (change.merged.added, change.merged.removed) == (2, 45)
    assert result.summary()[0].startswith("takeo: replaced: 2 added, 1 updated, 3 unchanged, 45 removed; 6 present")
    assert change.backup.read_bytes() == before


def test_an_import_that_adds_nothing_leaves_the_file_alone(project_copy, tmp_path):
    stored = project_copy / "attendance" / "takeo.csv"
    before = stored.read_bytes()
    sheet = tmp_path / "again.csv"
    sheet.write_text("ID\nTAK-001\nTAK-002\n", encoding="utf-8")
    result = import_attendance(load_project(project_copy), sheet, session="takeo")
    assert result.ok and result.written_paths == [] and result.changes[0].backup is None
    assert result.summary() == [f"takeo: 0 added, 0 updated, 49 unchanged; 49 present (46 invited, 3 walk-ins), "
                                f"{stored} not changed"]
    assert stored.read_bytes() == before and not (stored.parent / "backup").exists()


def test_a_column_added_by_hand_is_kept_by_a_merge(project_copy, tmp_path):
    stored = project_copy / "attendance" / "kep.csv"
    lines = stored.read_text(encoding="utf-8").splitlines()
    stored.write_text("\n".join([lines[0] + ",note", lines[1] + ",came late", *lines[2:]]) + "\n", encoding="utf-8")
    sheet = tmp_path / "kep.csv"
    sheet.write_text("Name,Sex\nPen Sokha,F\n", encoding="utf-8")
    assert import_attendance(load_project(project_copy), sheet, session="kep").ok
    rows = _rows(stored)
    assert rows[0]["note"] == "came late" and rows[-1]["name_en"] == "Pen Sokha" and rows[-1]["note"] == ""


def test_a_walk_in_is_the_same_person_only_if_no_name_differs():
    from docgen.attendance.merge import Incoming, merge_rows

    stored = [{"session": "takeo", "id": "", "name_km": "សុខ ដារា", "name_en": "Sok Dara"}]
    other = Incoming(2, {"session": "takeo", "id": "", "name_km": "ចាន់ ដារា", "name_en": "Sok Dara"},
                     frozenset({"name_km", "name_en"}))
    same = Incoming(3, {"session": "takeo", "id": "", "name_km": "", "name_en": "sok  dara."}, frozenset({"name_en"}))
    merged = merge_rows(stored, [other, same])
    assert [row["name_km"] for row in merged.rows] == ["សុខ ដារា", "ចាន់ ដារា"]   # nobody merged away
    assert (merged.added, merged.unchanged) == (1, 1)


def test_a_phone_with_the_country_code_is_the_same_phone():
    from docgen.attendance.merge import same_value

    assert same_value("+855 12 345 678", "012 345 678", "phone")
    assert not same_value("+855 12 345 678", "012 345 679", "phone")
