"""Phone numbers: one rule for the CSV and XLSX readers (issue 26), in docgen.sources.values.parse_phone."""
from __future__ import annotations

import pytest
from table_support import write_workbook

from docgen.sources import read_table
from docgen.sources.values import parse_phone

ROWS = [["id", "phone"], ["A-1", "12345678"], ["A-2", "977654321"], ["A-3", "012 345 678"], ["A-4", "85512345678"],
        ["A-5", "1234"], ["A-6", "1.23457E+08"], ["A-7", ""]]
READ = ["012345678", "0977654321", "012 345 678", "85512345678", "1234", "", ""]
SCIENTIFIC = ("'1.23457E+08' is a number in scientific notation, its last digits are lost; it is left empty: "
              "format the column as Text in Excel and type the number again (warning)")


@pytest.mark.parametrize(("typed", "read"), [
    ("12345678", "012345678"), ("977654321", "0977654321"), ("012 345 678", "012 345 678"), ("1234", "1234"),
    ("0123456789", "0123456789"), ("85512345678", "85512345678"), ("+855 12 345 678", "+855 12 345 678"),
    ("១២៣៤៥៦៧៨", "១២៣៤៥៦៧៨"), ("85512345", "085512345"),   # 085: a Cellcard number, not the country code
])
def test_parse_phone_puts_back_the_zero_excel_drops(typed, read):
    assert parse_phone(typed) == (read, None)


@pytest.mark.parametrize("typed", ["1.23457E+08", "9.77654E+8", "1,23457E+08", "1E+09"])
def test_a_phone_in_scientific_notation_is_refused(typed):
    value, message = parse_phone(typed)
    assert value == "" and "scientific notation" in message


def _csv(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("\n".join(",".join(row) for row in ROWS) + "\n", encoding="utf-8")
    return path


def _xlsx(tmp_path):
    # the numbers as Excel stores them: 12345678 is a number, the rest text
    rows = [[int(c) if c.isdigit() and not c.startswith("0") and c != "85512345678" else c for c in row] for row in ROWS]
    return write_workbook(tmp_path / "list.xlsx", rows)


@pytest.mark.parametrize("make", [_csv, _xlsx])
def test_csv_and_xlsx_read_phones_alike(tmp_path, make):
    table = read_table(make(tmp_path), "recipients/list")
    assert [row.get("phone") for row in table.rows] == READ
    assert [str(p) for p in table.problems] == [f"recipients/list:7: phone: {SCIENTIFIC}"]
