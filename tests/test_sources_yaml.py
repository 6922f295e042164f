"""YAML with line numbers, forum.yaml into the model, and the column aliases."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.errors import SourceError
from docgen.sources.columns import canonical_column
from docgen.sources.forum import read_forum
from docgen.sources.values import Collector
from docgen.sources.yaml import parse_yaml

MINIMAL = """\
title: {km: វេទិកា, en: Forum}
dates: {start: 2018-02-27, end: 2018-03-01}
organiser:
  name: {km: វេទិកាសម្ព័ន្ធភាពសង្គមស៊ីវិល, en: Civil Society Alliance Forum}
sessions:
  - id: kep
    province: កែប
    date: 2018-02-28
    start: 14:30
    venue: {km: សាលាខេត្តកែប, en: Kep Provincial Hall}
"""


def _forum(text: str, root: Path = Path(".")):
    out = Collector()
    forum = read_forum(parse_yaml(text, "forum.yaml"), out, root)
    return forum, [str(p) for p in out.problems]


def test_lines_of_key_paths():
    doc = parse_yaml(MINIMAL, "forum.yaml")
    assert doc.line(("sessions", 0, "date")) == 8
    assert doc.line(("sessions", 0, "venue", "km")) == 10
    assert doc.line(("sessions", 0, "missing")) == 6  # falls back to the nearest parent


def test_clock_times_stay_times_not_sexagesimal_numbers():
    doc = parse_yaml(MINIMAL, "forum.yaml")
    assert doc.data["sessions"][0]["start"] == "14:30"


def test_syntax_error_names_the_line():
    with pytest.raises(SourceError) as info:
        parse_yaml("title: x\nsessions: [a\nb: 2\n", "forum.yaml")
    assert info.value.lines()[0].startswith("forum.yaml:3: is not valid YAML")


def test_minimal_forum_maps_to_the_model():
    forum, problems = _forum(MINIMAL)
    assert problems == []
    [session] = forum.sessions
    assert session.province == "Kep"  # canonical English name from the Khmer
    assert session.start == dt.time(14, 30)
    assert forum.organiser.province == "Phnom Penh"
    assert forum.languages == ("km", "en") and forum.categories[0].code == "authority"


def test_two_key_and_plain_texts():
    forum, _ = _forum(MINIMAL.replace("title: {km: វេទិកា, en: Forum}", "title_km: វេទិកា\ntitle_en: Forum")
                      + "short_title: CSAF\n")
    assert forum.title.km == "វេទិកា" and forum.title.en == "Forum"
    assert forum.short_title.km == forum.short_title.en == "CSAF"


@pytest.mark.parametrize(("change", "expected"), [
    (("date: 2018-02-28", "date: 2018-03-05"), "forum.yaml:8: sessions.0.date: 2018-03-05 is outside the forum's dates"),
    (("province: កែប", "province: Narnia"), "forum.yaml:7: sessions.0.province: unknown province 'Narnia'"),
    (("start: 14:30", "start: noon"), "forum.yaml:9: sessions.0.start: 'noon' is not a time"),
    (("date: 2018-02-28", "date: 28/02/2018"), "forum.yaml:8: sessions.0.date: '28/02/2018' is not a date"),
    (("    venue: {km: សាលាខេត្តកែប, en: Kep Provincial Hall}\n", ""), "forum.yaml:6: sessions.0.venue: is required"),
    (("    date: 2018-02-28\n", ""), "forum.yaml:6: sessions.0.date: is required (YYYY-MM-DD)"),
    (("    start: 14:30\n", ""), "forum.yaml:6: sessions.0.start: is required (HH:MM)"),
])
def test_forum_problems_carry_their_line(change, expected):
    forum, problems = _forum(MINIMAL.replace(*change))
    assert any(p.startswith(expected) for p in problems), problems


def test_password_anywhere_is_a_problem():
    _, problems = _forum(MINIMAL + "mail:\n  host: smtp.example.org\n  password: hunter2\n")
    assert problems == ["forum.yaml:13: mail.password: never write a password in forum.yaml: set "
                        "DOCGEN_SMTP_PASSWORD or let docgen ask for it when it sends"]


def test_missing_logo_file_is_a_problem(tmp_path):
    _, problems = _forum(MINIMAL.replace("organiser:\n", "organiser:\n  logo: logo.png\n"), tmp_path)
    assert problems and "logo file logo.png does not exist" in problems[0]


def test_empty_forum_reports_what_is_missing():
    _, problems = _forum("")
    assert "forum.yaml: is empty: it needs at least a title, an organiser and sessions" in problems
    assert any("sessions: the forum needs at least one session" in p for p in problems)


@pytest.mark.parametrize(("header", "column"), [
    ("ឈ្មោះ", "name_km"), ("ឈ្មោះ (អង់គ្លេស)", "name_en"), ("Name (Khmer)", "name_km"), ("Name", "name_en"),
    ("អ៊ីមែល", "email"), ("E-mail", "email"), ("ខេត្ត", "province"), ("ភេទ", "sex"), ("តួនាទី", "position_km"),
    ("Organization EN", "organisation_en"), ("លេខទូរស័ព្ទ", "phone"), ("Notes", "Notes"),
])
def test_column_aliases(header, column):
    assert canonical_column(header) == column


def test_duplicate_key_is_reported_at_the_second_use():
    _, problems = _forum(MINIMAL + "title: {km: វេទិកាថ្មី, en: New}\n")
    assert problems == ["forum.yaml:11: title: the key 'title' is given twice (also at line 1); only this one counts"]


def test_a_list_where_a_text_belongs():
    _, problems = _forum(MINIMAL.replace("title: {km: វេទិកា, en: Forum}", "title: [a, b]"))
    assert "forum.yaml:1: title: must be a text, or {km: ..., en: ...}" in problems


@pytest.mark.parametrize("text", ["- a\n- b\n", "just words\n"])
def test_forum_yaml_that_is_not_a_mapping(text):
    _, problems = _forum(text)
    assert problems[0] == "forum.yaml:1: must be a mapping of keys to values"


@pytest.mark.parametrize(("change", "expected"), [
    (("start: 14:30", "start: 14:30\n    end: 09:00"), "forum.yaml:10: sessions.0.end: ends at 09:00, before it starts at 14:30"),
    (("organiser:\n", "organiser:\n  email: secretariat at csaf\n"),
     "forum.yaml:4: organiser.email: 'secretariat at csaf' is not one e-mail address"),
])
def test_times_and_addresses(change, expected):
    _, problems = _forum(MINIMAL.replace(*change))
    assert any(p.startswith(expected) for p in problems), problems


def test_letters_dated_after_the_forum_starts_is_a_warning():
    out = Collector()
    read_forum(parse_yaml(MINIMAL + "letters: {date: 2018-03-02}\n", "forum.yaml"), out, Path("."))
    [problem] = out.problems
    assert not problem.is_error
    assert str(problem) == ("forum.yaml:11: letters.date: the letters are dated 2018-03-02, "
                            "after the forum starts (2018-02-27) (warning)")


def test_the_summary_report_date_is_read_and_checked():
    forum, problems = _forum(MINIMAL + "summary:\n  date: 2018-03-20\n")
    assert forum.summary.date == dt.date(2018, 3, 20) and problems == []
    assert _forum(MINIMAL)[0].summary.date is None and "summary" not in _forum(MINIMAL)[0].extra
    _, problems = _forum(MINIMAL + "summary:\n  date: 20/03/2018\n")
    assert [p.split(";")[0] for p in problems] == ["forum.yaml:12: summary.date: '20/03/2018' is not a date"]
    _, problems = _forum(MINIMAL + "summary: {date: 2018-02-28}\n")
    assert problems == ["forum.yaml:11: summary.date: the summary report is dated 2018-02-28, "
                        "before the forum ends (2018-03-01) (warning)"]
