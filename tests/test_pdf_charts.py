"""Charts: laid out from the data, painted as vectors with extractable Khmer labels, and as a PNG."""
from __future__ import annotations

import io
from dataclasses import replace

import pypdfium2 as pdfium
import pytest

from docgen.document import Chart, Series
from docgen.pdf.charts import chart_pdf, chart_png
from docgen.text.charts import Box, Label, Wedge, layout_chart, nice_ticks


def fixed_width(text: str, size: float, bold: bool) -> float:
    return len(text) * size * 0.5


BAR = Chart(kind="bar", title="អ្នកចូលរួមតាមប្រភេទ", labels=("អាជ្ញាធរខេត្ត", "អង្គការ និងសមាគម", "សហគមន៍"),
            series=(Series("បានអញ្ជើញ", (12, 30, 8)), Series("បានចូលរួម", (10, 27, 9))))
PIE = Chart(kind="pie", title="Attendance by sex", labels=("Women", "Men", "Sex not given"),
            series=(Series("Attended", (23, 35, 2)),))


@pytest.fixture(scope="module")
def fonts():
    from docgen.text.fonts import resolve_fonts

    return resolve_fonts()


def bars(layout):
    """The bars, in drawing order (group by group): every box above the legend row."""
    return [s for s in layout.shapes if isinstance(s, Box) and s.y > 20]


@pytest.mark.parametrize(("maximum", "ticks"), [(0, [0, 1]), (7, [0, 2, 4, 6, 8]), (30, [0, 5, 10, 15, 20, 25, 30]),
                                                 (123, [0, 50, 100, 150]), (3, [0, 1, 2, 3])])
def test_ticks_are_round_and_cover_the_maximum(maximum, ticks):
    assert nice_ticks(maximum) == ticks


def test_bar_lengths_are_proportional_to_the_values():
    layout = layout_chart(BAR, 400, fixed_width)
    lengths = [b.width for b in bars(layout)]
    values = [12, 10, 30, 27, 8, 9]  # group by group, series by series
    assert len(lengths) == len(values)
    per_unit = lengths[0] / values[0]
    assert lengths == pytest.approx([v * per_unit for v in values])


def test_every_label_value_and_legend_is_drawn_once():
    texts = [s.text for s in layout_chart(BAR, 400, fixed_width, "khmer").shapes if isinstance(s, Label)]
    for text in (*BAR.labels, "បានអញ្ជើញ", "បានចូលរួម", BAR.title, "១២", "២៧", "៩"):
        assert texts.count(text) == 1, text


def test_changed_data_changes_the_bars():
    changed = Chart(kind="bar", labels=BAR.labels, series=(Series("a", (12, 30, 8)), Series("b", (10, 27, 20))))
    before = [b.width for b in bars(layout_chart(BAR, 400, fixed_width))]
    after = [b.width for b in bars(layout_chart(changed, 400, fixed_width))]
    assert after[-1] > before[-1]


def test_pie_slices_cover_the_circle_in_proportion():
    wedges = [s for s in layout_chart(PIE, 400, fixed_width).shapes if isinstance(s, Wedge)]
    assert sum(w.extent for w in wedges) == pytest.approx(360)
    assert [w.extent for w in wedges] == pytest.approx([360 * v / 60 for v in (23, 35, 2)])
    texts = [s.text for s in layout_chart(PIE, 400, fixed_width).shapes if isinstance(s, Label)]
    assert "Women  23 (38%)" in texts


def test_an_empty_pie_is_a_grey_circle():
    empty = Chart(kind="pie", labels=("Women",), series=(Series("x", (0,)),))
    wedges = [s for s in layout_chart(empty, 400, fixed_width).shapes if isinstance(s, Wedge)]
    assert [w.extent for w in wedges] == [360]


def test_chart_fits_its_width_and_grows_with_its_groups():
    small = layout_chart(BAR, 400, fixed_width)
    more = Chart(kind="bar", labels=BAR.labels * 2, series=tuple(Series(s.name, s.values * 2) for s in BAR.series))
    assert layout_chart(more, 400, fixed_width).height > small.height
    assert all(s.x <= 400 for s in small.shapes if isinstance(s, Box))
    assert max(s.x + s.width for s in small.shapes if isinstance(s, Box)) <= 400


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def test_pdf_labels_extract_as_the_source_text(fonts):
    text = pdf_text(chart_pdf(BAR, fonts, "khmer"))
    for label in (*BAR.labels, "បានអញ្ជើញ", "បានចូលរួម", BAR.title, "១២", "២៧"):
        assert label in text


def test_pdf_is_vector_with_no_image(fonts):
    data = chart_pdf(PIE, fonts)
    assert b"/Subtype /Image" not in data
    assert "Women" in pdf_text(data)


def test_png_is_the_same_chart(fonts):
    from PIL import Image

    image = Image.open(io.BytesIO(chart_png(BAR, fonts, "khmer", dpi=100))).convert("RGB")
    layout_width = layout_chart(BAR, 160 * 72 / 25.4, fixed_width).width
    assert image.width == pytest.approx(layout_width * 100 / 72, abs=2)
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20)}
    assert (0x1F, 0x4E, 0x79) in colours and (0xE0, 0xA0, 0x30) in colours  # both series' bars are there


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_both_writers_handle_a_chart_block(tmp_path, fmt):
    from docgen.document import Document
    from docgen.writers import write

    path = write(Document(lang="km", digits="khmer", blocks=(BAR,)), tmp_path / f"chart.{fmt}")
    if fmt == "pdf":
        text = pdf_text(path.read_bytes())
        assert BAR.title in text and "អង្គការ និងសមាគម" in text and "២៧" in text
        return
    import zipfile

    with zipfile.ZipFile(path) as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        xml = docx.read("word/document.xml").decode("utf-8")
    assert len(media) == 1
    assert f'descr="{BAR.title}: អាជ្ញាធរខេត្ត: បានអញ្ជើញ ១២, បានចូលរួម ១០;' in xml


def test_alt_text_lists_every_figure():
    from docgen.text.charts import chart_alt_text

    assert chart_alt_text(PIE) == "Attendance by sex: Women: Attended 23; Men: Attended 35; Sex not given: Attended 2"


def drawn_span(tmp_path, chart) -> tuple[float, float]:
    """Left and right edge, in points, of everything the chart paints on the page."""
    import pypdfium2.raw as pdfium_raw

    from docgen.document import Document
    from docgen.writers import write

    path = write(Document(blocks=(chart,)), tmp_path / f"{chart.align}.pdf")
    with pdfium.PdfDocument(str(path)) as pdf:
        bounds = [o.get_bounds() for o in pdf[0].get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH])]
        return min(b[0] for b in bounds), max(b[2] for b in bounds)


def test_a_justified_chart_is_centred_like_any_other_object(tmp_path):
    narrow = replace(PIE, width=60 * 72 / 25.4)
    left, centre, right, justified = (drawn_span(tmp_path, replace(narrow, align=a))
                                      for a in ("left", "centre", "right", "justify"))
    assert left[0] < centre[0] < right[0]
    assert justified == pytest.approx(centre)
