"""The summary report's figures come from attendance and outcomes, add up, and follow the data."""
from __future__ import annotations

from dataclasses import replace

import pytest
from summary_support import attendee, small_project, with_status

from docgen.figures import outcome_figures, participation_figures, status_label


@pytest.fixture
def project(tmp_path):
    return small_project(tmp_path)


def rows(breakdown):
    return {r.key: (r.invited, r.attended, r.walk_ins) for r in breakdown.rows}


def test_invited_and_attended_by_session_category_and_sex(project):
    figures = participation_figures(project)
    assert rows(figures.sessions) == {"kep": (4, 4, 1), "kampot": (3, 1, 0)}
    assert rows(figures.categories) == {
        "authority": (2, 1, 0), "department": (1, 0, 0), "ngo": (3, 3, 0), "community": (1, 1, 1),
    }
    assert rows(figures.sexes) == {"F": (3, 3, 1), "M": (3, 2, 0), "": (1, 0, 0)}


def test_categories_keep_protocol_order_and_drop_empty_ones(project):
    keys = [r.key for r in participation_figures(project).categories.rows]
    assert keys == ["authority", "department", "ngo", "community"]


def test_every_breakdown_adds_up_to_the_same_total(project):
    figures = participation_figures(project)
    totals = {(b.total.invited, b.total.attended, b.total.walk_ins)
              for b in (figures.sessions, figures.categories, figures.sexes)}
    assert totals == {(len(project.recipients), len(project.attendance), 1)}


def test_one_session_counts_only_its_own_people(project):
    figures = participation_figures(project, "kampot")
    assert rows(figures.sessions) == {"kampot": (3, 1, 0)}
    assert figures.total.attended == 1
    assert [o.en for o in figures.organisations] == ["Organisation p2"]


def test_more_attendance_changes_the_numbers(project):
    before = participation_figures(project)
    p1 = project.recipient("p1")
    more = replace(project, attendance=[*project.attendance, attendee(p1, "kampot")])
    after = participation_figures(more)
    assert rows(after.sessions)["kampot"] == (3, 2, 0)
    assert rows(after.categories)["department"] == (1, 1, 0)
    assert rows(after.sexes)["M"] == (3, 3, 0)
    assert after.total.attended == before.total.attended + 1


def test_attendance_without_category_or_sex_takes_the_invitees(project):
    k2 = project.recipient("k2")
    bare = replace(attendee(k2, "kep"), category="", sex="")
    figures = participation_figures(replace(project, attendance=[bare]))
    assert rows(figures.categories)["authority"][1] == 1
    assert rows(figures.sexes)["F"][1] == 1


def test_rate_is_a_whole_percentage(project):
    kep = participation_figures(project).sessions.rows[0]
    assert kep.rate == 75  # 3 of 4 invitees came; the walk-in is not part of the rate
    assert participation_figures(project, "kampot").total.rate == 33


def test_each_challenge_appears_once_under_its_theme(project):
    figures = outcome_figures(project)
    grouped = [(g.theme.en, [o.id for o in g.outcomes]) for g in figures.themes]
    assert grouped == [("Land", ["o1", "o2"]), ("Fisheries", ["o3"]), ("Health", ["o4"])]
    ids = [o.id for g in figures.themes for o in g.outcomes]
    assert sorted(ids) == sorted(o.id for o in project.outcomes)
    assert figures.count == len(project.outcomes)


def test_status_counts_follow_a_changed_status(project):
    counts = {s.key: s.count for s in outcome_figures(project).by_status}
    assert counts == {"addressed": 2, "pending": 1, "referred": 1}
    changed = {s.key: s.count for s in outcome_figures(with_status(project, "o3", "addressed")).by_status}
    assert changed == {"addressed": 3, "pending": 0, "referred": 1}
    assert sum(changed.values()) == len(project.outcomes)


def test_follow_ups_are_the_open_outcomes_in_session_order(project):
    assert [o.id for o in outcome_figures(project).follow_ups] == ["o3", "o2"]
    closed = outcome_figures(with_status(project, "o3", "addressed")).follow_ups
    assert [(o.id, o.status) for o in closed] == [("o3", "addressed"), ("o2", "referred")]  # o3 keeps its action
    assert [o.id for o in outcome_figures(with_status(project, "o2", "addressed")).follow_ups] == ["o3", "o2"]


def test_addressed_outcomes_without_an_action_are_not_follow_ups(project):
    follow_ups = {o.id for o in outcome_figures(project).follow_ups}
    assert follow_ups.isdisjoint({"o1", "o4"})


def test_outcomes_of_one_session(project):
    figures = outcome_figures(project, "kep")
    assert [o.id for g in figures.themes for o in g.outcomes] == ["o1", "o3"]


def test_referred_status_names_the_authority(project):
    referred = next(o for o in project.outcomes if o.status == "referred")
    assert status_label(referred, "en") == "Referred to Department of Land Management"
    assert status_label(referred, "km") == "បានបញ្ជូនបន្តទៅមន្ទីរ Land Management"
    pending = next(o for o in project.outcomes if o.status == "pending")
    assert status_label(pending, "en") == "Pending"


def test_a_group_nobody_was_invited_in_has_no_rate(project):
    stranger = attendee(None, "kep", sex="M", category="", name="Stranger")
    figures = participation_figures(replace(project, attendance=[*project.attendance, stranger]))
    other = next(r for r in figures.categories.rows if r.key == "")
    assert (other.invited, other.attended, other.rate) == (0, 1, None)
    assert other.label.en == "Other / not given"
