"""Attendance records completed from their invitees, and the counts and labels every report shares."""
from __future__ import annotations

from dataclasses import fields, replace

import pytest
from summary_support import attendee, invitee, small_project

from docgen.attendance import SEX_LABELS, attendance_report, fill_from_invitee, with_invitee_details
from docgen.figures import participation_figures
from docgen.model import Attendance, Text

FILLED = ("name", "sex", "position", "organisation", "category")


@pytest.fixture
def k2():
    return invitee("k2", "kep", "authority", "F")


def bare(person) -> Attendance:
    """A record of a check-in export that carries only the invitee's id."""
    return Attendance("kep", person.id, Text())


@pytest.mark.parametrize("name", FILLED)
def test_each_empty_field_is_taken_from_the_invitee(k2, name):
    filled = fill_from_invitee(bare(k2), k2)
    assert getattr(filled, name) == getattr(k2, name)
    assert getattr(filled, name)  # the invitee has a value, so a field left empty would fail here


def test_what_the_record_says_wins_over_the_invitee(k2):
    typed = replace(attendee(k2, "kep"), sex="M", category="ngo", organisation=Text("", "Other body"),
                    name=Text("", "Name typed at the door"), position=Text("សមាជិក", ""))
    assert fill_from_invitee(typed, k2) == typed


def test_a_walk_in_is_left_as_it_is():
    walk_in = attendee(None, "kep", sex="", category="", name="Walk In")
    assert fill_from_invitee(walk_in, None) is walk_in


def test_only_the_listed_fields_are_filled(k2):
    filled = fill_from_invitee(bare(k2), k2)
    untouched = {f.name for f in fields(Attendance)} - set(FILLED)
    assert all(getattr(filled, n) == getattr(bare(k2), n) for n in untouched)


def test_records_are_completed_from_their_own_invitee_in_order(k2):
    p1 = invitee("p1", "kampot", "department", "M")
    walk_in = attendee(None, "kep", name="Walk In")
    records = [bare(p1), walk_in, bare(k2), Attendance("kep", "unknown-id", Text("x", "x"))]
    completed = with_invitee_details(records, [k2, p1])
    assert [(a.recipient_id, a.sex, a.category) for a in completed] == [
        ("p1", "M", "department"), (None, "", ""), ("k2", "F", "authority"), ("unknown-id", "", ""),
    ]


def test_the_first_invitee_with_an_id_is_the_one_used(k2):
    second = replace(k2, sex="M")
    (completed,) = with_invitee_details([bare(k2)], [k2, second])
    assert completed.sex == "F"


@pytest.mark.parametrize(("lang", "wording"), [("en", "Sex not given"), ("km", "មិនបញ្ជាក់ភេទ")])
def test_sex_not_given_is_worded_alike_in_the_attendance_report_and_the_summary(tmp_path, lang, wording):
    project = small_project(tmp_path)  # p3 was invited with no sex recorded
    figures_labels = {r.key: r.label.get(lang) for r in participation_figures(project).sexes.rows}
    report_groups = {row[1] for row in attendance_report(project, lang).rows}
    assert figures_labels[""] == SEX_LABELS[""].get(lang) == wording
    assert set(figures_labels.values()) <= report_groups


def test_a_guest_listed_twice_is_counted_once(tmp_path):
    # issue 22: the loader refuses a second record, but the counts must not depend on it
    from docgen.attendance import participation

    project = small_project(tmp_path)
    guest = next(r for r in project.recipients if r.id == "p1")  # invited to Kampot, signs in at Kep
    twice = replace(project, attendance=[*project.attendance, attendee(guest, "kep"), attendee(guest, "kep")])
    once = replace(project, attendance=[*project.attendance, attendee(guest, "kep")])
    assert participation(twice).sessions["kep"] == participation(once).sessions["kep"]
    assert participation(twice).sessions["kep"].total.guests == 1
