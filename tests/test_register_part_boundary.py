"""The register PDF laid out in parts reads as one table at a part's boundary too: a part whose
last page begins with its second line leaves that page out, and the next part begins there."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from docgen.documents import register
from docgen.documents.register import register_entries
from docgen.options import WriteOptions
from letters_support import make_project
from typeset_support import pdfium_text

DAY = dt.date(2018, 2, 1)


def test_a_part_whose_last_page_begins_with_its_second_line_reads_on_as_one_table(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    base = register_entries(project, project.recipients, range(1, len(project.recipients) + 1), DAY)
    entries = [replace(base[n % len(base)], number=n + 1, reference=f"R{n + 1:03d}") for n in range(40)]

    def lines_per_page(first_organisation_words: int, rows_per_part: int) -> list[list[str]]:
        lines = [replace(entries[0], organisation="សុខ សុភា " * first_organisation_words), *entries[1:]]
        monkeypatch.setattr(register, "ROWS_PER_PART", rows_per_part)
        path = register.write_register_pdf(register.register_context(project, lines, DAY), project.root,
                                           WriteOptions(), tmp_path / "register.pdf")
        return [[e.reference for e in entries if e.reference in text] for text in pdfium_text(path.read_bytes())]

    # The first line's organisation made just long enough that the first page holds that line alone
    # (the shortest length for which it does: the fonts decide how long that is).
    low, high = 1, 150
    while low < high:
        middle = (low + high) // 2
        if len(lines_per_page(middle, 10_000)[0]) <= 1:
            high = middle
        else:
            low = middle + 1
    whole = lines_per_page(low, 10_000)
    assert len(whole[0]) == 1 and len(whole) >= 4
    per_page = len(whole[1])  # the lines a continued page holds
    # Parts of that many lines: the first part's second page begins with its second line and holds the rest.
    in_parts = lines_per_page(low, per_page)
    assert in_parts == whole
