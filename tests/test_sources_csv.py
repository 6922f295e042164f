"""CSV and text tables as Excel and LibreOffice write them, read through docgen.sources."""
from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import SourceError
from docgen.sources import read_table
from docgen.sources.csv import decode_text, sniff_delimiter

TABLES = Path(__file__).parent / "fixtures" / "tables"


def _values(table):
    return [(row.number, row.get("id"), row.get("name_km"), row.get("name_en")) for row in table.rows]


@pytest.mark.parametrize("name", ["excel_unicode_text.txt", "excel_utf8_bom.csv"])
def test_excel_exports_read_the_same(name):
    table = read_table(TABLES / name, name)
    assert table.problems == []
    assert table.columns == ["id", "name_km", "name_en", "province", "phone"]
    assert _values(table) == [(2, "T1", "សុខ ដារ៉ា", "Sok Dara"), (3, "T2", "ចាន់ ធីតា", "Chan Thida")]
    assert table.rows[1].get("phone") == "0977654321"


def test_bom_does_not_leak_into_the_first_header():
    table = read_table(TABLES / "excel_utf8_bom.csv")
    assert table.columns[0] == "id"


def test_semicolons_quotes_blank_rows_and_trailing_columns():
    table = read_table(TABLES / "semicolons_blank_rows.csv", "list.csv")
    assert table.problems == []
    assert table.columns == ["id", "name_km", "name_en", "province", "phone"]
    # the blank row 3 is skipped but the next row keeps its spreadsheet number
    assert _values(table) == [(2, "T1", "សុខ ដារ៉ា", "Sok; Dara"), (4, "T2", "ចាន់ ធីតា", "Chan Thida")]


def test_khmer_headers_fold_to_standard_columns_and_unknown_ones_stay():
    table = read_table(TABLES / "khmer_headers.csv")
    assert table.columns == ["id", "name_km", "name_en", "province", "email", "phone", "ពណ៌ចូលចិត្ត"]
    assert table.rows[0].get("province") == "តាកែវ"
    assert table.rows[0].get("ពណ៌ចូលចិត្ត") == "ខៀវ"


def test_windows_1252_is_refused_naming_file_and_encoding():
    with pytest.raises(SourceError) as info:
        read_table(TABLES / "windows_1252.csv", "recipients/windows_1252.csv")
    [line] = info.value.lines()
    assert line.startswith("recipients/windows_1252.csv: is not UTF-8 or UTF-16 text")
    assert "cp1252" in line and "CSV UTF-8" in line


def test_legacy_limon_bytes_are_refused_with_a_limon_hint():
    with pytest.raises(SourceError) as info:
        read_table(TABLES / "legacy_limon.csv")
    assert "Limon" in info.value.lines()[0]


def test_utf16_without_bom_is_still_read():
    data = "id\tname_en\r\nT1\tSok\r\n".encode("utf-16-le")
    assert decode_text(data, "x.txt").startswith("id\tname_en")


def test_value_under_no_header_is_a_problem(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,name_en\nT1,Sok,stray\n", encoding="utf-8")
    table = read_table(path, "list.csv")
    assert [str(p) for p in table.problems] == ["list.csv:2: column 3: value 'stray' is under no column header"]


def test_empty_file_is_a_problem(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("\n\n", encoding="utf-8")
    assert "empty" in str(read_table(path, "empty.csv").problems[0])


def test_unsupported_suffix_says_what_to_do(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SourceError, match=r"save it as \.xlsx"):
        read_table(path)


@pytest.mark.parametrize(("text", "expected"), [
    ("a,b,c\n1,2,3", ","), ("a;b;c\n1;2;3", ";"), ("a\tb\tc\n", "\t"), ('"x,y";b;c\n', ";"), ("\n\na;b\n", ";"),
])
def test_sniff_delimiter(text, expected):
    assert sniff_delimiter(text) == expected


def test_header_on_the_first_non_empty_row(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(",,\n\nid,name_en\nT1,Sok\n", encoding="utf-8")
    table = read_table(path, "list.csv")
    assert table.columns == ["id", "name_en"]
    assert [(row.number, row.get("name_en")) for row in table.rows] == [(4, "Sok")]


def test_two_columns_with_the_same_meaning(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,ឈ្មោះ,Name (Khmer)\nT1,សុខ,ចាន់\n", encoding="utf-8")
    table = read_table(path, "list.csv")
    assert [str(p) for p in table.problems] == ["list.csv:1: name_km: two columns are named name_km (columns 2 and 3)"]
    assert table.rows[0].get("name_km") == "សុខ"  # the first one counts


def test_a_value_repeated_down_a_column_is_held_once(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,province\nA,ខេត្តតាកែវ\nB,ខេត្តតាកែវ \n", encoding="utf-8")
    first, second = read_table(path).rows
    assert first.get("province") == second.get("province") == "ខេត្តតាកែវ"
    assert first.get("province") is second.get("province")  # one string, however long the list


# -- issue 22: nothing escapes and nothing is lost ------------------------------------

@pytest.mark.parametrize(("cell", "code"), [
    ('"Tang\r\nPhearum"', "U+000D"), ('"Tang\nPhearum"', "U+000A"), ("Tang\x0bPhearum", "U+000B"),
    ("Tang\u2028Phearum", "U+2028"), ("Ta\x85ng", "U+0085"), ("Tang\tPhearum", "U+0009"),
])
def test_a_control_character_in_any_cell_is_a_problem(tmp_path, cell, code):
    path = tmp_path / "list.csv"
    path.write_text(f"id,name_en,Notes\nT1,Sok,ok\nT2,{cell},ok\nT3,Dara,{cell}\n", encoding="utf-8", newline="")
    problems = [str(p).split(";")[0] for p in read_table(path, "recipients/list.csv").problems]
    assert problems == [f"recipients/list.csv:3: name_en: holds the invisible character {code}",
                        f"recipients/list.csv:4: Notes: holds the invisible character {code}"]


def test_problems_per_file_are_capped(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,name_en\n" + "".join(f"T{i},Sok,stray{i}\n" for i in range(50)), encoding="utf-8")
    problems = [str(p) for p in read_table(path, "list.csv").problems]
    assert len(problems) == 21
    assert problems[19] == "list.csv:21: column 3: value 'stray19' is under no column header"
    assert problems[20] == "list.csv: and 30 more problems in this file"


@pytest.mark.parametrize(("content", "line"), [
    ("T1,Sok" + "," * 1_500_000 + "x\nT2,Dara\n", "list.csv:2: the line is longer than 1000000 characters; is this a list?"),
    ('T1,"' + "x" * 100_001 + '"\n', "list.csv:2: column 2: a cell is longer than 100000 characters"),
], ids=["a line of millions of cells", "a huge cell"])
def test_a_line_or_cell_past_its_size_is_one_problem(tmp_path, content, line):
    path = tmp_path / "list.csv"
    path.write_text("id,name_en\n" + content, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_table(path, "list.csv")
    assert info.value.lines() == [line]


@pytest.mark.parametrize(("text", "expected"), [
    ('"name; km; en; x",id,email\n1,2,3\n', ","),
    ('"a,b,c,d";id;email\n1;2;3\n', ";"),
    ('"a ""x;y;z"" b",id,email\n', ","),
    ('id\t"a;b;c"\tname\n', "\t"),
    (",,,\n;;\nid;name;email\n", ";"),  # a row of empty cells above the header says nothing
])
def test_sniff_delimiter_ignores_delimiters_inside_quoted_header_cells(text, expected):
    assert sniff_delimiter(text) == expected
