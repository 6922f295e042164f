"""The mailing around the letters: bad data skipped, template choice, print file order, duplex, envelopes, labels."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from docgen.build import BuildOptions
from docgen.documents.labels import LabelGrid, label_slots
from docgen.documents.letters import build_letters, letter_path, template_for
from docgen.documents.printfile import order_recipients, parse_order
from docgen.errors import DocgenError
from docgen.options import LetterOptions
from letters_support import make_project, make_recipient

STAMP = dt.datetime(2018, 2, 1, 9, 0)


def pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def build(project, **options):
    defaults = dict(out_dir=project.out_dir, jobs=1, timestamp=STAMP, formats=("pdf",))
    return build_letters(project, BuildOptions(**{**defaults, **options}))


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def test_bad_recipient_is_reported_and_skipped_others_built(project):
    project.recipients.append(make_recipient("BAD-1", session="nowhere", row=7))
    project.recipients.append(make_recipient("BAD-2", language="fr", row=8))
    result = build(project)
    assert not result.ok
    assert result.counts["letters"] == 4 and result.note == "(2 skipped)"
    lines = [str(p) for p in result.problems if p.is_error]
    assert lines == ["recipients/kep.csv:7: session: no session 'nowhere'; sessions are KEP, KPT",
                     "recipients/kep.csv:8: language: expected km, en or both, found 'fr'"]
    assert not letter_path(project.out_dir, project.recipients[-1], "pdf").exists()
    assert letter_path(project.out_dir, project.recipients[0], "pdf").exists()


def test_a_250_character_khmer_name_makes_its_docx_and_stops_no_other_letter(project):
    import docx

    long_name = ("ស" + "ុ") * 125
    project.recipients.append(make_recipient("LONG-1", name_km=long_name, row=9))
    result = build(project, formats=("pdf", "docx"))
    assert result.ok and result.counts["letters"] == 5
    properties = docx.Document(str(letter_path(project.out_dir, project.recipients[-1], "docx"))).core_properties
    assert all(len(value) <= 255 for value in (properties.title, properties.subject, properties.keywords))
    assert not properties.title.endswith("ស")   # clipped after a whole cluster, never inside one


def test_a_long_name_s_files_are_where_the_mailer_looks_for_them(project):
    from docgen.filenames import MAX_NAME_BYTES

    long_name = "ក្រុមប្រឹក្សាឃុំ" * 4  # too long for a file name: cut to fit
    project.recipients.append(make_recipient("K9", name_km=long_name, row=9))
    assert build(project, formats=("pdf", "docx")).ok
    written = sorted(p.name for p in (project.out_dir / "letters").glob("K9-*"))
    assert written == [letter_path(project.out_dir, project.recipients[-1], fmt).name for fmt in ("docx", "pdf")]
    assert all(len(name.encode()) <= MAX_NAME_BYTES for name in written)


def test_template_by_category_with_fallbacks(project, tmp_path):
    authority, ngo = project.recipients[0], project.recipients[1]
    assert template_for(project, authority, "km") == "letters/invitation-authority.km.xml"
    assert template_for(project, ngo, "en") == "letters/invitation.en.xml"
    own = project.root / "templates" / "letters" / "invitation-ngo.en.xml"
    own.parent.mkdir(parents=True)
    own.write_text('{% extends "letters/invitation.en.xml" %}{% block closing %}With warm regards, NGO desk.{% endblock %}',
                   encoding="utf-8")
    assert template_for(project, ngo, "en") == "letters/invitation-ngo.en.xml"
    build(project, only=(ngo.id,))
    assert "With warm regards, NGO desk." in pages(letter_path(project.out_dir, ngo, "pdf"))[0]


def test_authorities_and_organisations_get_different_wording(project):
    build(project, lang="km", only=("KEP-001", "KEP-002"))
    authority = pages(letter_path(project.out_dir, project.recipients[0], "pdf", "km"))[0].replace(" ", "")
    ngo = pages(letter_path(project.out_dir, project.recipients[1], "pdf", "km"))[0].replace(" ", "")  # Khmer-named
    assert "សូមគោរពអញ្ជើញ" in authority and "ការគោរពដ៏ខ្ពង់ខ្ពស់" in authority
    assert "សូមអញ្ជើញ" in ngo and "ការរាប់អានដ៏ស្មោះស្ម័គ្រ" in ngo and "សូមគោរពអញ្ជើញ" not in ngo


def test_lang_option_overrides_every_recipient(project):
    build(project, lang="both")
    for recipient in project.recipients:
        texts = pages(letter_path(project.out_dir, recipient, "pdf"))
        assert len(texts) == 2 and "ព្រះរាជាណាចក្រកម្ពុជា" in texts[0] and "KINGDOM OF CAMBODIA" in texts[1]


def test_print_file_order_and_page_count(project):
    result = build(project)
    printed = pages(project.out_dir / "letters" / "print.pdf")
    assert len(printed) == result.counts["pages"] == 5  # KPT-001 is bilingual: two pages
    # Province (official code order: Kampot 07 before Kep 23), then category in protocol order, then name.
    order = [r.id for r in order_recipients(project.recipients, "province,category,name", project.forum)]
    assert order == ["KPT-001", "KPT-002", "KEP-001", "KEP-002"]
    assert "កែវ សុភា" in printed[0] and "KEO Sophea" in printed[1] and "ហេង វណ្ណា" in printed[2]
    assert "សុខ ចាន់" in printed[3] and "CHAN Thida" in printed[4]


def test_duplex_gives_every_letter_an_even_page_count(project):
    result = build(project, duplex=True, order="id")
    printed = pages(project.out_dir / "letters" / "print.pdf")
    # KEP-001 (1 page + blank), KEP-002 (1 + blank), KPT-001 (2), KPT-002 (1 + blank)
    assert len(printed) == result.counts["pages"] == 8
    assert [bool(t.strip()) for t in printed] == [True, False, True, False, True, True, True, False]


@pytest.mark.parametrize("order, expected", [
    ("name", ["KPT-001", "KEP-002", "KEP-001", "KPT-002"]),  # Khmer collation: ក < ច < ស < ហ
    ("id", ["KEP-001", "KEP-002", "KPT-001", "KPT-002"]),
    ("number", ["KPT-002", "KPT-001", "KEP-002", "KEP-001"]),
    ("category,id", ["KEP-001", "KPT-001", "KPT-002", "KEP-002"]),
])
def test_other_orders(project, order, expected):
    numbers = {"KEP-001": 4, "KEP-002": 3, "KPT-001": 2, "KPT-002": 1}
    assert [r.id for r in order_recipients(project.recipients, order, project.forum, numbers)] == expected


def test_unknown_order_key_names_the_option():
    with pytest.raises(DocgenError) as info:
        parse_order("province,colour")
    assert str(info.value.problems[0]).startswith("--order: colour: unknown sort key")


def test_envelopes_one_page_each_in_the_recipients_language(project):
    build(project, order="id")
    for size, (width_mm, height_mm) in (("dl", (220, 110)), ("c5", (229, 162))):
        path = project.out_dir / f"envelopes-{size}.pdf"
        document = pdfium.PdfDocument(str(path))
        width, height = document[0].get_size()
        document.close()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (width_mm, height_mm)
        texts = pages(path)
        assert len(texts) == 4
        assert "ឯកឧត្តម សុខ ចាន់" in texts[0] and "ខេត្តកែប" in texts[0]
        assert "H.E. CHAN Thida" in texts[1] and "Kep Provincial Administration" in texts[1]
        assert "លេខាធិការដ្ឋាន គ.ជ.អ.ប" in texts[0] and "NCDD Secretariat" in texts[1]  # sender block


def test_envelope_sizes_are_named_in_any_case(project):
    result = build(project, family_options=(LetterOptions(envelopes=("dl",)),))
    assert (project.out_dir / "envelopes-dl.pdf").exists() and not (project.out_dir / "envelopes-c5.pdf").exists()
    assert result.ok


def test_formats_are_named_in_any_case(project):
    from docgen.build import build as build_families

    [result] = build_families(project, ["letters"], BuildOptions(out_dir=project.out_dir, jobs=1, formats=("PDF",),
                                                                 family_options=(LetterOptions(envelopes=()),)))
    assert result.ok and (project.out_dir / "letters" / "print.pdf").exists()
    assert all(p.suffix in (".pdf", ".xlsx") for p in result.files)


def test_envelopes_can_be_left_out(project):
    result = build(project, family_options=(LetterOptions(envelopes=()),))
    assert not (project.out_dir / "envelopes-dl.pdf").exists()
    assert all("envelopes" not in p.name for p in result.files)


def test_label_sheets_with_offset(project):
    result = build(project, family_options=(LetterOptions(label_grid=(2, 2), label_offset=3),))
    assert result.counts["label sheets"] == 2  # 4 labels of 4 per sheet, 3 already used: 1 + 3
    texts = pages(project.out_dir / "labels.pdf")
    assert [t.count("ឯកឧត្តម") + t.count("H.E.") for t in texts] == [1, 3]


def test_label_sheets_drawn_in_parts_keep_their_order_offset_and_title(project, monkeypatch):
    import docgen.documents.labels as labels

    monkeypatch.setattr(labels, "SHEETS_PER_PART", 1)   # every sheet its own part
    result = build(project, order="id", family_options=(LetterOptions(label_grid=(1, 2), label_offset=1),))
    assert result.counts["label sheets"] == 3  # 4 labels, 2 per sheet, the first slot used: 1 + 2 + 1
    texts = pages(project.out_dir / "labels.pdf")
    assert ["ឯកឧត្តម សុខ ចាន់" in t for t in texts] == [True, False, False]
    assert "H.E. CHAN Thida" in texts[1]
    document = pdfium.PdfDocument(str(project.out_dir / "labels.pdf"))
    assert document.get_metadata_dict()["Title"] == "Labels"
    document.close()
    assert not list(project.out_dir.glob(".*"))  # the parts are gone


def test_a_failing_envelope_template_leaves_no_parts_and_no_envelopes(project):
    folder = project.root / "templates" / "envelopes"
    folder.mkdir(parents=True)
    (folder / "envelope.xml").write_text("<document><p>{{ no_such_variable }}</p></document>", encoding="utf-8")
    with pytest.raises(DocgenError, match="no_such_variable"):
        build(project, jobs=2)
    assert not (project.out_dir / "envelopes-dl.pdf").exists()
    assert not list(project.out_dir.glob(".*"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failure_after_the_envelopes_are_started_leaves_no_parts(project, monkeypatch, jobs):
    from docgen.documents import mailing

    def broken(*_args, **_kwargs):
        raise DocgenError("labels broke")

    monkeypatch.setattr(mailing, "submit_labels", broken)
    with pytest.raises(DocgenError, match="labels broke"):
        build(project, jobs=jobs)
    assert not list(project.out_dir.glob(".*"))
    assert not (project.out_dir / "envelopes-dl.pdf").exists()


def test_label_grid_geometry():
    grid = LabelGrid(3, 8)
    width, height = grid.label_size
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4, 1)) == (70, 37.1)
    assert grid.origin(0)[1] == pytest.approx(842 - height, abs=1)
    assert label_slots(3, grid, offset=23) == [(0, 23), (1, 0), (1, 1)]
    assert label_slots(2, LabelGrid(2, 2)) == [(0, 0), (0, 1)]


@pytest.mark.parametrize("grid, offset, option", [((3, 0), 0, "--label-grid"), ((0, 8), 0, "--label-grid"),
                                                   ((3, 8), 24, "--label-offset")])
def test_bad_label_options_name_the_option(grid, offset, option):
    with pytest.raises(DocgenError) as info:
        label_slots(1, LabelGrid(*grid), offset)
    assert info.value.problems[0].file == option


def test_register_files_written(project):
    result = build(project)
    assert {p.name for p in result.files} >= {"register.pdf", "register.xlsx", "labels.pdf", "print.pdf",
                                              "envelopes-dl.pdf", "envelopes-c5.pdf"}
    assert "បញ្ជីលិខិតចេញ" in pages(project.out_dir / "register.pdf")[0]


def content(path: Path) -> object:
    """What a file says: PDF bytes without the trailer /ID (ReportLab derives it from the temporary
    file name); any other file byte for byte."""
    if path.suffix != ".pdf":
        return path.read_bytes()
    return re.sub(rb"/ID \n\[<[0-9a-f]+><[0-9a-f]+>\]", b"", path.read_bytes())


def test_same_output_whatever_the_number_of_workers(tmp_path):
    one, two = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    build(one, jobs=1, formats=("pdf", "docx"))
    build(two, jobs=2, formats=("pdf", "docx"))
    for recipient in one.recipients:
        for fmt in ("pdf", "docx"):
            first, second = letter_path(one.out_dir, recipient, fmt), letter_path(two.out_dir, recipient, fmt)
            assert content(first) == content(second), (recipient.id, fmt)
    for name in ("letters/print.pdf", "envelopes-dl.pdf", "envelopes-c5.pdf", "labels.pdf", "register.pdf",
                 "register.xlsx"):
        assert content(one.out_dir / name) == content(two.out_dir / name), name


def test_numbers_stable_across_builds_and_after_list_changes(project):
    build(project)
    first = pages(letter_path(project.out_dir, project.recipients[3], "pdf"))[0]
    assert "លេខ៖ ០០៤/" in first
    project.recipients.pop(0)
    project.recipients.insert(0, make_recipient("NEW-1", row=9))
    build(project)
    assert "លេខ៖ ០០៤/" in pages(letter_path(project.out_dir, project.recipients[3], "pdf"))[0]
    assert "លេខ៖ ០០៥/" in pages(letter_path(project.out_dir, project.recipients[0], "pdf"))[0]


def test_recipients_of_a_category_the_forum_does_not_list_print_last(project):
    project.recipients.insert(0, make_recipient("KEP-000", category="press", row=9))
    ordered = order_recipients(project.recipients, "category,id", project.forum)
    assert ordered[-1].id == "KEP-000"


def test_letter_file_names_that_differ_only_in_case_clash(project):
    from docgen.letter_names import file_name_clashes

    lower, upper = make_recipient("kep-9", row=2), make_recipient("KEP-9", row=3)
    (problem,) = file_name_clashes([lower, upper])
    assert (problem.row, problem.field) == (3, "id") and "kep-9" in problem.message
