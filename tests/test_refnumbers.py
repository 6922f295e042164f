"""Reference numbers: given once per recipient, stable across runs, gaps left by removals."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from docgen.documents.refnumbers import ReferenceRegister, assign_numbers, register_path
from docgen.errors import ProjectError
from letters_support import make_project, make_recipient

DAY = dt.date(2018, 2, 1)


def test_first_run_numbers_recipients_in_list_order(tmp_path):
    project = make_project(tmp_path)
    numbers = assign_numbers(project, [r.id for r in project.recipients], DAY)
    assert numbers == {"KEP-001": 1, "KEP-002": 2, "KPT-001": 3, "KPT-002": 4}
    assert register_path(project).read_text(encoding="utf-8").splitlines()[:2] == [
        "number,recipient_id,assigned", "1,KEP-001,2018-02-01"]


def test_rerun_gives_the_same_numbers_even_in_another_order(tmp_path):
    project = make_project(tmp_path)
    first = assign_numbers(project, [r.id for r in project.recipients], DAY)
    again = assign_numbers(project, [r.id for r in reversed(project.recipients)], DAY)
    assert again == first


def test_new_recipient_gets_next_number_and_removed_one_leaves_a_gap(tmp_path):
    project = make_project(tmp_path)
    assign_numbers(project, [r.id for r in project.recipients], DAY)
    kept = [r for r in project.recipients if r.id != "KEP-002"] + [make_recipient("KEP-003", row=6)]
    numbers = assign_numbers(project, [r.id for r in kept], DAY)
    assert numbers == {"KEP-001": 1, "KPT-001": 3, "KPT-002": 4, "KEP-003": 5}
    assert 2 not in numbers.values()
    # The removed recipient keeps its number in the register, should it come back.
    assert assign_numbers(project, ["KEP-002"], DAY) == {"KEP-002": 2}


def test_unchanged_register_is_not_rewritten(tmp_path):
    project = make_project(tmp_path)
    assign_numbers(project, ["KEP-001"], DAY)
    path = register_path(project)
    content = path.read_bytes()
    long_ago = 1_000_000_000 * 10**9  # 2001: a rewrite now could not keep this time
    os.utime(path, ns=(long_ago, long_ago))
    inode = path.stat().st_ino
    assign_numbers(project, ["KEP-001"], DAY)
    assert path.stat().st_mtime_ns == long_ago
    assert path.stat().st_ino == inode  # an atomic rewrite would replace the file
    assert path.read_bytes() == content


def test_bundled_project_keeps_its_register_beside_the_outputs(tmp_path):
    project = make_project(tmp_path / "pkg")
    project.bundled = True
    project.out_dir = tmp_path / "out"
    assert register_path(project) == tmp_path / "out" / "letters-register.csv"


@pytest.mark.parametrize("content, field, row", [
    ("number,recipient_id,assigned\nabc,KEP-001,\n", "number", 2),
    ("number,recipient_id,assigned\n1,KEP-001,\n2,KEP-001,\n", "recipient_id", 3),
    ("number,recipient_id,assigned\n1,KEP-001,\n1,KEP-002,\n", "number", 3),
])
def test_damaged_register_is_reported_with_row_and_field(tmp_path, content, field, row):
    path = tmp_path / "letters-register.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        ReferenceRegister.load(path)
    problem = info.value.problems[0]
    assert (problem.row, problem.field) == (row, field)


def test_hand_edited_register_with_excel_bom_is_read(tmp_path):
    path = tmp_path / "letters-register.csv"
    path.write_text("\ufeffnumber,recipient_id,assigned\n7,KEP-001,2018-01-01\n\n", encoding="utf-8")
    register = ReferenceRegister.load(path)
    assert register.number_for("KEP-001") == 7
    assert register.number_for("NEW") == 8
