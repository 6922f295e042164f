"""What docgen relies on in ReportLab's internals, pinned function by function (docgen/pdf/reportlab_adapter.py).

A ReportLab upgrade that changes one of them fails here, naming the function, before
it shows as a wrong letter; and no module but the adapter reaches a private name.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether, SimpleDocTemplate, Spacer, Table
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

import docgen
from docgen.folders import EXAMPLE_DIR
from docgen.pdf import reportlab_adapter as rl
from pdf_support import drawn_pdf, font_widths, page_operators
from private_names_support import private_attributes, uses_outside

DOCGEN = Path(docgen.__file__).parent


def _reportlab_private_names() -> set[str]:
    """The private attributes of the ReportLab classes docgen uses, on the classes and on fresh instances."""
    classes = (Canvas, Frame, Table, KeepTogether, SimpleDocTemplate, Flowable, TTFont, TTFontFace,
               pdfdoc.PDFDocument, pdfdoc.PDFImageXObject)
    canvas = Canvas(io.BytesIO())
    return (private_attributes({k for cls in classes for k in cls.__mro__ if k.__module__.startswith("reportlab")})
            | private_attributes((canvas, canvas._doc, Frame(0, 0, 10, 10), Table([["a"]]))))


def test_no_module_but_the_adapter_touches_a_private_reportlab_name():
    private = _reportlab_private_names()
    assert {"_code", "_doc", "_startPage", "_atTop", "_nrows", "_minRowHeights"} <= private
    # docgen's modules that use ReportLab (others may have private names of their own that read alike), and the tests
    found = uses_outside(private, "reportlab", "pdf", "reportlab_adapter.py", __file__)
    assert not found, "ReportLab internals outside docgen/pdf/reportlab_adapter.py:\n" + "\n".join(found)


def test_the_text_layer_loads_without_reportlab():
    code = "import sys, docgen.text.layout, docgen.text.charts; print(sorted(m for m in sys.modules if 'reportlab' in m))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


# -- fonts ------------------------------------------------------------------------------------

def test_reportlab_font_registers_a_face_once_under_its_own_postscript_name(system_fonts):
    face = system_fonts.face("body")
    font = rl.reportlab_font(face)
    assert rl.reportlab_font(face) is font and pdfmetrics.getFont(font.fontName) is font
    text = "".join(map(chr, rl.glyph_code_map(font).values()))[:5]
    pdf = drawn_pdf(lambda canvas: rl.font_subsets(canvas, font, text))
    assert f"/BaseFont /AAAAAA+{face.ps_name} " in pdf    # the subset tag, then the face's name


def test_glyph_code_map_gives_every_glyph_a_code_the_subsetter_embeds_as_that_glyph(system_fonts):
    font = rl.reportlab_font(system_fonts.face("body"))
    mapping = rl.glyph_code_map(font)
    assert rl.glyph_code_map(font) is mapping
    cmap = font.face.charToGlyph
    assert all(cmap[code] == gid for gid, code in mapping.items())
    private = [code for code in mapping.values() if code in rl.PRIVATE_CODES]
    assert private and 0xA0 not in mapping.values()
    widths = rl.code_width(font)
    assert all(widths(code) == round(widths(code)) for code in mapping.values())


def test_font_subsets_name_the_resources_whose_widths_the_pdf_gives(system_fonts):
    font = rl.reportlab_font(system_fonts.face("body"))
    codes = sorted(rl.glyph_code_map(font).values())[:300]   # more than one subset of 256
    found = []

    def draw(canvas):
        found.extend(rl.font_subsets(canvas, font, "".join(map(chr, codes))))
        canvas.addLiteral("BT " + " ".join(f"{name} 10 Tf <{data.hex()}> Tj" for name, data in found) + " ET")

    widths = font_widths(drawn_pdf(draw))
    assert len(found) >= 2 and sum(len(data) for _, data in found) == len(codes)
    written = [widths[name][byte] for name, data in found for byte in data]
    assert written == [rl.code_width(font)(code) for code in codes]


def test_a_second_pdf_reuses_the_subsets_made_for_the_first_byte_for_byte(system_fonts):
    font = rl.reportlab_font(system_fonts.face("body"))
    text = "".join(map(chr, sorted(rl.glyph_code_map(font).values())[40:60]))
    draw = lambda canvas: canvas.addLiteral(   # noqa: E731
        "BT " + " ".join(f"{n} 10 Tf <{d.hex()}> Tj" for n, d in rl.font_subsets(canvas, font, text)) + " ET")
    first = drawn_pdf(draw)
    hits = font.face.subset_cache.cache_info().hits
    assert drawn_pdf(draw) == first and font.face.subset_cache.cache_info().hits > hits


# -- pages held back --------------------------------------------------------------------------

def _two_pages(hold: bool, replace_drawing: bool = False) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    held = []
    for page in (1, 2):
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72, 700, f"page body {page}")
        if hold:
            held.append(rl.hold_page(canvas))
        else:
            canvas.drawString(72, 72, f"footer {page} of 2")
            canvas.showPage()
    for state in held:
        if replace_drawing:
            drawing = rl.held_drawing(state)
            state = rl.with_drawing(state, "kept elsewhere")
        rl.resume_page(canvas, state)
        if replace_drawing:
            rl.set_drawing(canvas, drawing)
        canvas.drawString(72, 72, f"footer {rl.held_page_number(state)} of 2")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pages_held_then_resumed_are_written_as_pages_shown_at_once():
    assert _two_pages(hold=True) == _two_pages(hold=False)
    assert _two_pages(hold=True, replace_drawing=True) == _two_pages(hold=False)
    pdf = pdfium.PdfDocument(_two_pages(hold=True))
    assert [page.get_textpage().get_text_range().split("\r\n") for page in pdf] == \
        [["page body 1", "footer 1 of 2"], ["page body 2", "footer 2 of 2"]]
    pdf.close()


def test_a_held_page_holds_its_drawing_and_its_number():
    canvas = Canvas(io.BytesIO())
    canvas.drawString(72, 700, "held")
    state = rl.hold_page(canvas)
    assert rl.held_page_number(state) == 1 and canvas.getPageNumber() == 2
    assert any("(held) Tj" in op for op in rl.held_drawing(state))


# -- frames and tables ------------------------------------------------------------------------

class _Box(Flowable):
    def __init__(self, height: float):
        super().__init__()
        self.height = height

    def wrap(self, available_width, available_height):
        return 10, self.height

    def draw(self):
        pass


def _fits_after(start: float, advance: float, height: float) -> bool:
    frame = Frame(0, 0, 100, 100, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    canvas = Canvas(io.BytesIO())
    if start:
        assert frame.add(Spacer(1, start), canvas)
    rl.advance_frame(frame, advance)
    return bool(frame.add(_Box(height), canvas))


def test_advance_frame_moves_the_cursor_down_never_below_the_foot_nor_at_the_top():
    assert _fits_after(10, 30, 60) and not _fits_after(10, 30, 60.5)
    assert _fits_after(0, 30, 100)                       # at the frame's top: no space
    assert not _fits_after(10, 500, 1)


def test_a_split_tables_parts_know_their_rows_and_take_minimum_heights_back():
    rows = [[f"row {n}"] for n in range(10)]
    table = Table(rows, repeatRows=1, minRowHeights=[20] * 10)
    assert rl.row_count(table) == 10 and list(rl.min_row_heights(table)) == [20] * 10
    table.wrap(100, 1000)
    first, rest = table.split(100, 110)
    assert (rl.row_count(first), rl.row_count(rest)) == (5, 1 + 5)   # the header repeated in the rest
    assert first.wrap(100, 1000)[1] == pytest.approx(5 * 20)
    part = Table(rows[:3])
    rl.set_min_row_heights(part, [40, 0, 30])                          # before the part is measured
    assert part.wrap(100, 1000)[1] == pytest.approx(40 + 18 + 30)


# -- images -----------------------------------------------------------------------------------

def test_an_image_prepared_once_is_registered_once_per_document_with_its_mask(tmp_path):
    from PIL import Image

    from docgen.pdf.images import draw_image

    buffer = io.BytesIO()
    Image.new("RGBA", (4, 4), (200, 0, 0, 128)).save(buffer, format="PNG")
    data = buffer.getvalue()

    def draw(canvas):
        draw_image(canvas, data, 10, 10, 40, 40)
        draw_image(canvas, data, 60, 10, 40, 40)

    for _ in range(2):   # a second document gets its own copy of the prepared XObject
        pdf = drawn_pdf(draw)
        assert pdf.count("/Subtype /Image") == 2 and pdf.count("/SMask") == 1   # the image and its mask
        assert len(re.findall(r"/FormXob\.\w+ Do", page_operators(pdf))) == 2
        document = pdfium.PdfDocument(pdf.encode("latin-1"))
        pixel = document[0].render(scale=1).to_pil().convert("RGB").getpixel((30, 842 - 30))
        document.close()
        assert pixel[0] > 200 and 100 < pixel[1] < 160    # red at half opacity over white


def test_image_xobject_takes_the_mask_off_for_each_document_to_copy():
    from reportlab.lib.utils import ImageReader
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (2, 2), (0, 0, 0, 0)).save(buffer, format="PNG")
    xobject, smask = rl.image_xobject("name", ImageReader(io.BytesIO(buffer.getvalue())))
    assert isinstance(smask, pdfdoc.PDFImageXObject) and not hasattr(xobject, "_smask")


# -- ReportLab's files, as the print file's streaming concatenation reads them -----------------

def test_reportlab_writes_the_plain_pdfs_the_print_file_streams(tmp_path):
    """docgen.pdf.concat copies objects out of ReportLab's files as they are: one classic cross-reference
    table, no object streams, a page tree of /Kids. Were ReportLab to write otherwise, the print file
    would fall back to PDFium's page import, which holds every page in memory."""
    from docgen import document as d
    from docgen import writers
    from docgen.pdf.concat import stream_concat

    logo = EXAMPLE_DIR / "logo.png"
    paths = []
    for n in range(2):
        blocks = (d.Image(src=str(logo), path=logo, width=60), d.Paragraph(inlines=(d.Run(text=f"លិខិត {n}"),)),
                  d.PageBreak(), d.Paragraph(inlines=(d.Run(text=f"letter {n}"),)))
        paths.append(writers.write(d.Document(lang="km", blocks=blocks[:2 + 2 * n]), tmp_path / f"{n}.pdf"))
    raw = paths[1].read_bytes()
    assert raw.count(b"startxref") == 1 and b"/ObjStm" not in raw and b"/XRefStm" not in raw
    out = io.BytesIO()
    assert stream_concat(paths, out, duplex=True, keep_info=True) == 4     # a blank back after the first
    pdf = pdfium.PdfDocument(out.getvalue())
    texts = [page.get_textpage().get_text_range().strip() for page in pdf]
    assert texts == ["លិខិត 0", "", "លិខិត 1", "letter 1"] and len(list(pdf[2].get_objects(filter=[3]))) == 1   # the image
    pdf.close()
