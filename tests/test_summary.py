"""The post-forum summary: figures from the data in tables, charts, PDF and DOCX; cover letters to report recipients."""
from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from summary_support import attendee, small_project, with_status

from docgen.build import BuildOptions
from docgen.document import Chart, Keep, Paragraph, Table, plain_text
from docgen.documents.letter_context import LetterFacts
from docgen.khmer.dates import place_date_km
from docgen.khmer.lunar import lunar_line_km
from docgen.model import LetterSettings, SummarySettings, Text
from docgen.documents.summary import (build_summary, cover_path, render_cover, render_summary, summary_context,
                                      summary_path)


@pytest.fixture
def project(tmp_path):
    return small_project(tmp_path)


def blocks(document):
    """Every block, tables' cell blocks and kept groups included, in reading order."""
    for block in document.blocks:
        yield from _walk(block)


def _walk(block):
    yield block
    if isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:
                for inner in cell.blocks:
                    yield from _walk(inner)
    elif isinstance(block, Keep):
        for inner in block.blocks:
            yield from _walk(inner)


def text_of(document) -> str:
    return "\n".join(plain_text(b.inlines) for b in blocks(document) if isinstance(b, Paragraph))


def charts(document) -> dict[str, Chart]:
    return {b.title: b for b in blocks(document) if isinstance(b, Chart)}


def table_rows(document, first_cell: str) -> list[list[str]]:
    """The rows (as cell texts) of every table whose header row starts with ``first_cell``."""
    found = []
    for block in blocks(document):
        if isinstance(block, Table):
            cells = [[" ".join(plain_text(p.inlines) for p in c.blocks if isinstance(p, Paragraph)) for c in r.cells]
                     for r in block.rows]
            if cells and cells[0][0] == first_cell:
                found.extend(cells[1:])
    return found


def test_paths():
    assert summary_path("out", "km", "pdf").as_posix() == "out/summary/forum.km.pdf"
    assert summary_path("out", "en", "docx", "kep").as_posix() == "out/summary/kep.en.docx"


def test_cover_path_is_safe_and_per_recipient(project):
    path = cover_path("out", project.recipient("k1"), "pdf")
    assert path.parent.as_posix() == "out/summary/letters" and path.name.startswith("k1-") and path.suffix == ".pdf"


def test_context_totals_add_up(project):
    context = summary_context(project, "en")
    for table in ("sessions", "categories", "sexes"):
        rows, total = context["participation"][table]["rows"], context["participation"][table]["total"]
        for column in ("invited", "present", "walk_ins", "attended"):
            assert sum(r[column] for r in rows) == total[column]
    assert context["participation"]["total"]["attended"] == len(project.attendance)


def test_tables_and_charts_carry_the_figures(project):
    document = render_summary(project, "en")
    assert table_rows(document, "Province") == [
        ["Kep", "4", "3", "1", "4", "75%"], ["Kampot", "3", "1", "0", "1", "33%"], ["Total", "7", "4", "1", "5", "57%"]]
    by_province = charts(document)["Invited and attended by province"]
    assert by_province.labels == ("Kep", "Kampot")
    assert [s.values for s in by_province.series] == [(4, 3), (4, 1)]
    assert charts(document)["Attendance by sex"].series[0].values == (3, 2)


def test_khmer_report_uses_khmer_digits_and_labels(project):
    document = render_summary(project, "km")
    assert ["កែប", "៤", "៣", "១", "៤", "៧៥%"] in table_rows(document, "ខេត្ត")
    assert charts(document)["អ្នកចូលរួមតាមភេទ"].labels == ("ស្រី", "ប្រុស")


def test_more_attendance_changes_numbers_tables_and_charts(project):
    before = render_summary(project, "en")
    more = replace(project, attendance=[*project.attendance, attendee(project.recipient("p1"), "kampot")])
    after = render_summary(more, "en")
    assert ["Kampot", "3", "2", "0", "2", "67%"] in table_rows(after, "Province")
    assert charts(before)["Invited and attended by province"].series[1].values == (4, 1)
    assert charts(after)["Invited and attended by province"].series[1].values == (4, 2)
    assert "total attendance to 6" in text_of(after)


def test_each_challenge_appears_once_under_its_theme(project):
    document = render_summary(project, "en")
    text = text_of(document)
    for outcome in project.outcomes:
        assert text.count(outcome.challenge.en) == 1
    land = text.index("3.1 Land")
    fisheries = text.index("3.2 Fisheries")
    assert land < text.index("Challenge o1") < text.index("Challenge o2") < fisheries < text.index("Challenge o3")


def test_status_change_changes_the_report(project):
    before = render_summary(project, "en")
    after = render_summary(with_status(project, "o3", "addressed"), "en")
    assert charts(before)["Challenges by status"].series[0].values == (2, 1, 1)
    assert charts(after)["Challenges by status"].series[0].values == (3, 0, 1)
    follow_ups = table_rows(after, "No.")
    assert any(row[1] == "Follow up o3" and row[-1] == "Addressed" for row in follow_ups)
    assert "Referred to Department of Land Management" in text_of(after)


def test_session_report_has_only_its_session(project):
    document = render_summary(project, "en", "kampot")
    text = text_of(document)
    assert "Challenge o2" in text and "Challenge o1" not in text
    assert "Invited and attended by province" not in charts(document)
    assert [row[1] for row in table_rows(document, "No.") if row[1].startswith("Name")] == ["Name p2"]


def test_cover_letter_addresses_the_recipient_and_quotes_the_figures(project):
    recipient = project.recipient("k1")
    document = render_cover(project, recipient, ("km", "en"), LetterFacts(12, dt.date(2018, 3, 20)))
    text = text_of(document)
    assert "សូមគោរពជូន" in text and recipient.name.km in text and recipient.name.en in text
    assert "with 5 participants from 5 organisations" in text
    assert "Summary report of the Dialogue Forum" in text


def test_cover_letter_drops_the_invitations_reference(project):
    forum = replace(project.forum, letters=LetterSettings(reference=Text("យោងលិខិតអញ្ជើញ", "Invitation plan")))
    document = render_cover(replace(project, forum=forum), project.recipient("k1"), ("en",),
                            LetterFacts(3, dt.date(2018, 3, 20)))
    assert "Invitation plan" not in text_of(document)


def pdf_text(path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_build_writes_reports_and_covers_in_pdf_and_docx(project):
    options = BuildOptions(out_dir=project.out_dir, timestamp=dt.datetime(2018, 3, 20, 9))
    result = build_summary(project, options)
    assert result.ok, result.problems
    assert result.counts["reports"] == 6 and result.counts["cover letters"] == 1
    for scope in (None, "kep", "kampot"):
        for lang in ("km", "en"):
            for fmt in ("pdf", "docx"):
                assert summary_path(project.out_dir, lang, fmt, scope).is_file()
    assert cover_path(project.out_dir, project.recipient("k1"), "pdf").is_file()


def test_pdf_and_docx_carry_the_same_figures(project):
    options = BuildOptions(out_dir=project.out_dir, timestamp=dt.datetime(2018, 3, 20, 9), lang="km")
    build_summary(project, options)
    text = pdf_text(summary_path(project.out_dir, "km", "pdf"))
    for label in ("អ្នកបានអញ្ជើញ និងអ្នកបានចូលរួម តាមប្រភេទ", "អង្គការ និងសមាគម", "បានអញ្ជើញ", "៧៥%", "បញ្ហា o3"):
        assert label in text  # chart labels and titles extract as their source text
    with zipfile.ZipFile(summary_path(project.out_dir, "km", "docx")) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
        assert sum(name.startswith("word/media/") for name in docx.namelist()) == 4  # the four charts as pictures
    assert "៧៥%" in xml and "បញ្ហា o3" in xml
    assert 'descr="អ្នកបានអញ្ជើញ និងអ្នកបានចូលរួម តាមខេត្ត: កែប: បានអញ្ជើញ ៤, បានចូលរួម ៤' in xml


def test_no_report_recipient_is_a_warning_and_no_cover(project):
    nobody = replace(project, recipients=[replace(r, report=False) for r in project.recipients])
    result = build_summary(nobody, BuildOptions(out_dir=project.out_dir, formats=("pdf",), lang="en"))
    assert result.ok and result.counts["cover letters"] == 0
    assert [p.field for p in result.problems] == ["report"]


def test_cover_numbers_are_kept_across_runs(project):
    options = BuildOptions(out_dir=project.out_dir, formats=("pdf",), lang="en")
    build_summary(project, options)
    first = pdf_text(cover_path(project.out_dir, project.recipient("k1"), "pdf", "en"))
    build_summary(project, options)
    assert pdf_text(cover_path(project.out_dir, project.recipient("k1"), "pdf", "en")) == first


def test_a_report_recipient_who_cannot_get_a_letter_is_reported_and_skipped(project):
    broken = replace(project.recipient("k1"), id="k9", session="mars")
    extra = replace(project, recipients=[*project.recipients, replace(broken, report=True)])
    result = build_summary(extra, BuildOptions(out_dir=project.out_dir, formats=("pdf",), lang="en"))
    assert result.counts["cover letters"] == 1
    assert [(p.file, p.row, p.field) for p in result.problems] == [("recipients/test.csv", 2, "session")]
    assert cover_path(project.out_dir, project.recipient("k1"), "pdf", "en").is_file()  # named in English (issue 26)
    assert not cover_path(project.out_dir, broken, "pdf", "en").exists()


@pytest.mark.parametrize(("summary_date", "expected"), [(dt.date(2018, 3, 20), dt.date(2018, 3, 20)),
                                                         (None, dt.date(2018, 4, 2))])
def test_cover_letters_are_dated_summary_date_else_the_build_day(project, summary_date, expected):
    forum = replace(project.forum, summary=SummarySettings(date=summary_date))
    options = BuildOptions(out_dir=project.out_dir, timestamp=dt.datetime(2018, 4, 2, 9), formats=("pdf",), lang="km")
    build_summary(replace(project, forum=forum), options)
    text = "".join(pdf_text(cover_path(project.out_dir, project.recipient("k1"), "pdf")).split())
    other = dt.date(2018, 4, 2) if summary_date else dt.date(2018, 3, 20)
    for day, present in ((expected, True), (other, False)):
        for line in (lunar_line_km(day), place_date_km(day, forum.letters.place)):
            assert ("".join(line.split()) in text) is present, line
