"""YAML with line numbers, forum.yaml into the model, and the column aliases."""
from __future__ import annotations

import datetime as dt
import io
import struct
import time
import zlib
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


# -- issue 22: nothing escapes and nothing is lost ------------------------------------

@pytest.mark.parametrize(("value", "code"), [
    (r'"Forum\r\nBcc: all"', "U+000D"), (r'"\ud800"', "U+D800"), (r'"a\u2028b"', "U+2028"), (r'"a\tb"', "U+0009"),
])
def test_control_characters_and_lone_surrogates_in_forum_yaml(value, code):
    _, problems = _forum(MINIMAL + f"short_title: {value}\n")
    assert [p.split(";")[0] for p in problems] == [f"forum.yaml:11: short_title: holds the invisible character {code}"]


def test_a_control_character_in_outcomes_yaml_or_a_key_is_reported_too():
    doc = parse_yaml('- id: "K\\x01"\n  "se\\x02ssion": kep\n', "outcomes.yaml")
    assert [str(p).split(";")[0] for p in doc.problems] == [
        "outcomes.yaml:1: 0.id: holds the invisible character U+0001",
        "outcomes.yaml:2: 0.se\\u0002ssion: holds the invisible character U+0002",  # shown escaped: one line
    ]


@pytest.mark.parametrize("text", ["\x00", "a: \x19\n", "a: [\x07]\n"])
def test_a_special_character_yaml_refuses_is_invalid_yaml(text):
    with pytest.raises(SourceError) as info:
        parse_yaml(text, "forum.yaml")
    assert info.value.lines()[0].startswith("forum.yaml: is not valid YAML: unacceptable character")


def test_the_line_break_a_block_scalar_ends_with_is_no_problem():
    forum, problems = _forum(MINIMAL + "short_title: >\n  CSAF\n")
    assert problems == [] and forum.short_title.en == "CSAF"


@pytest.mark.parametrize("session_id", ["../../../x", "/tmp/x", "kep.pdf", "a b", "ក", "kep\\x"])
def test_session_ids_that_would_make_paths_are_refused(session_id):
    forum, problems = _forum(MINIMAL.replace("- id: kep", f"- id: {session_id!r}"))
    assert [p.split(":", 3)[:3] for p in problems] == [["forum.yaml", "6", " sessions.0.id"]]
    assert "letters, digits, - and _ only" in problems[0]


@pytest.mark.parametrize("session_id", ["forum", "Forum"])
def test_the_whole_forum_s_file_name_is_no_session_id(session_id):
    forum, problems = _forum(MINIMAL.replace("- id: kep", f"- id: {session_id}"))
    assert [p.split(":", 3)[:3] for p in problems] == [["forum.yaml", "6", " sessions.0.id"]]
    assert "whole forum" in problems[0]


@pytest.mark.parametrize("session_id", ["kep", "Kep_2018", "day-1", "2"])
def test_plain_session_ids_are_accepted(session_id):
    forum, problems = _forum(MINIMAL.replace("- id: kep", f"- id: {session_id}"))
    assert problems == [] and forum.sessions[0].id == session_id


def _bomb(levels: int, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _timed_parse(text: str) -> str:
    started = time.perf_counter()
    with pytest.raises(SourceError) as info:
        parse_yaml(text, "forum.yaml")
    assert time.perf_counter() - started < 0.5
    [line] = info.value.lines()
    return line


def test_an_alias_bomb_is_refused_quickly():
    # 9 levels of 9 aliases: 72 alias uses that would expand to 9**8 (43 million) strings
    line = _timed_parse(_bomb(9))
    assert line.startswith("forum.yaml:") and "aliases" in line


def test_too_many_aliases_are_refused_at_the_first_one_over():
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    assert _timed_parse(text).startswith("forum.yaml:2: ") and "more than 100 aliases" in _timed_parse(text)


def test_a_self_referencing_alias_is_refused():
    assert _timed_parse("fonts: &a [*a]\n").startswith("forum.yaml:1: fonts.0: ")


def test_deep_nesting_is_refused_without_a_recursion_error():
    line = _timed_parse("fonts: " + "[" * 20000 + "]" * 20000 + "\n")
    assert line.startswith("forum.yaml:1: ") and "nested more than 50 levels deep" in line


def test_the_bundled_forum_uses_aliases_within_the_budget():
    from docgen.folders import EXAMPLE_DIR
    from docgen.sources.yaml import load_yaml

    doc = load_yaml(EXAMPLE_DIR / "forum.yaml", "forum.yaml")
    assert doc.data["sessions"][0]["chair"] == doc.data["letters"]["signatory"]


@pytest.mark.parametrize(("key", "field"), [("  date: 2018-02-30", "sessions.0.date"),
                                             ("  date: 2018-02-29 08:00:00", "sessions.0.date")])
def test_an_impossible_unquoted_date_is_a_problem_not_a_traceback(key, field):
    _, problems = _forum(MINIMAL.replace("  date: 2018-02-28", key))
    assert [p.split(" (")[0] for p in problems] == [f"forum.yaml:8: {field}: {key.split(': ')[1][:10]} is not a date"]


def test_a_phone_number_with_its_trunk_zero_is_not_an_octal_number():
    forum, problems = _forum(MINIMAL.replace("organiser:\n", "organiser:\n  phone: 023214356\n  email: a@b.org\n"))
    assert problems == [] and forum.organiser.phone == "023214356"  # YAML 1.1 read it as 5052654


def test_impossible_letters_date():
    _, problems = _forum(MINIMAL + "letters:\n  date: 2018-02-30\n")
    assert [p.split(" (")[0] for p in problems] == ["forum.yaml:12: letters.date: 2018-02-30 is not a date"]


@pytest.mark.parametrize(("change", "expected"), [
    (("- id: kep", "- id: [kep]"), "forum.yaml:6: sessions.0.id: must be a text, not a list"),
    (("- id: kep", "- id: {a: 1}"), "forum.yaml:6: sessions.0.id: must be a text, not a mapping"),
    (("- id: kep", "- id: yes"), "forum.yaml:6: sessions.0.id: is read as true/false by YAML"),
    (("organiser:\n", "organiser:\n  logo: [a.png]\n"), "forum.yaml:4: organiser.logo: must be a text, not a list"),
])
def test_a_value_of_the_wrong_type_is_a_problem(change, expected):
    _, problems = _forum(MINIMAL.replace(*change))
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize(("letters", "expected"), [
    ("letters: {extra: {body: [1, 2]}}", "forum.yaml:11: letters.extra.body: must be a text, or {km: ..., en: ...}"),
    ("letters: {extra: {copies: [[1]]}}", "forum.yaml:11: letters.extra.copies.0: must be a text, or {km: ..., en: ...}"),
    ("letters: {extra: {reference_pattern_en: [x]}}", "forum.yaml:11: letters.extra.reference_pattern_en: must be a text"),
    ("categories: [{code: ngo, label: NGOs, authority: 'no'}]", "forum.yaml:11: categories.0.authority: must be true or false"),
    ("fonts: {body: [a, b]}", "forum.yaml:11: fonts.body: must be a text, not a list"),
])
def test_settings_of_the_wrong_type_are_problems(letters, expected):
    _, problems = _forum(MINIMAL + letters + "\n")
    assert any(p.startswith(expected) for p in problems), problems


def test_well_typed_letter_extras_stay_as_written():
    forum, problems = _forum(MINIMAL + "letters:\n  extra: {body: {km: សួស្តី, en: Hello}, copies: [File], seal: 3}\n")
    assert problems == []
    assert forum.letters.extra == {"body": {"km": "សួស្តី", "en": "Hello"}, "copies": ["File"], "seal": 3}


@pytest.mark.parametrize("pattern", ["{number.real.imag.x}", "{number[0]}", "{0}", "{other}", "{number:q}",
                                     "{number", "{number:99999999}", "{number!r:>{number}}"])
def test_a_reference_pattern_that_cannot_number_a_letter(pattern):
    _, problems = _forum(MINIMAL + f"letters:\n  reference_pattern: {pattern!r}\n")
    assert [p.split(":", 3)[:3] for p in problems] == [["forum.yaml", "12", " letters.reference_pattern"]], problems


@pytest.mark.parametrize("pattern", ["{number}", "{number:03d}/១៨ វ.ស.ស", "No. {number:>4}", "{{{number}}}"])
def test_reference_patterns_that_number_letters(pattern):
    assert _forum(MINIMAL + f"letters:\n  reference_pattern: {pattern!r}\n")[1] == []


def _logo(tmp_path: Path, name: str, data: bytes) -> list[str]:
    (tmp_path / name).write_bytes(data)
    return _forum(MINIMAL.replace("organiser:\n", f"organiser:\n  logo: {name}\n"), tmp_path)[1]


def _png(width: int, height: int, pixels: bytes = zlib.compress(b"\0" * 16)) -> bytes:
    """A PNG claiming ``width`` x ``height`` pixels whose one data chunk holds ``pixels`` (too few for a big one)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("huge.png", _png(30000, 30000), "is 30000 × 30000 pixels"),
    ("corrupt.png", _png(2, 2, b"not deflate data"), "cannot be read"),
    ("cut.png", _png(2, 2)[:40], "is not a PNG, JPEG or GIF picture"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "is not a PNG, JPEG or GIF picture"),
    ("logo.pdf", b"%PDF-1.4\n%%EOF\n", "is not a PNG, JPEG or GIF picture"),
], ids=["huge", "corrupt", "cut", "svg", "pdf"])
def test_a_logo_that_no_letter_could_draw(tmp_path, name, data, message):
    problems = _logo(tmp_path, name, data)
    assert [p.split(":", 3)[:3] for p in problems] == [["forum.yaml", "4", " organiser.logo"]], problems
    assert message in problems[0]


def test_a_truncated_jpeg_logo(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buffer, "JPEG")
    problems = _logo(tmp_path, "logo.jpg", buffer.getvalue()[:300])
    assert len(problems) == 1 and "organiser.logo: " in problems[0] and "cannot be read" in problems[0]


def test_the_bundled_logo_is_accepted():
    from docgen.folders import EXAMPLE_DIR

    assert _forum(MINIMAL.replace("organiser:\n", "organiser:\n  logo: logo.png\n"), EXAMPLE_DIR)[1] == []
