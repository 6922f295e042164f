"""Ids whose letter files would differ only in case clash: Windows and macOS file names ignore case."""
from __future__ import annotations

from docgen.check import check_project

HEADER = "id,honorific_km,honorific_en,name_km,name_en,organisation_km,organisation_en,category,province,session,language"


def test_ids_that_differ_only_in_case_are_reported_as_sharing_their_letters_files(project_copy):
    # Ids unlike in any case, but id and English name join as one name but for case: CASE-A-B, case-a-b.
    rows = [f"{rid},លោក,Mr.,សុខ ដារា,{name},អង្គការ,NGO,ngo,Phnom Penh,takeo,en"
            for rid, name in (("CASE-A", "B"), ("case", "a-b"))]
    (project_copy / "recipients" / "cases.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    problems = [str(p) for p in check_project(project_copy) if "cases.csv" in str(p)]
    assert problems == ["recipients/cases.csv:3: id: its letters would be named 'case-a-b', as those of "
                        "'CASE-A' at recipients/cases.csv:2; change one of the ids"]
