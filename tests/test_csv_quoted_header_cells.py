"""A list's delimiter is read from its header outside quotes: commas inside a quoted heading do not count."""
from __future__ import annotations

from docgen.sources import read_table


def test_a_semicolon_list_with_commas_in_a_quoted_heading_reads_its_columns(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text('id;"Name, in full, as on the letter";email\nT1;"Sok, Dara";sok@example.org\n', encoding="utf-8")
    table = read_table(path, "list.csv")
    assert table.problems == []
    assert len(table.columns) == 3 and table.columns[0] == "id"
    (row,) = table.rows
    assert (row.get("id"), row.get("email")) == ("T1", "sok@example.org")
