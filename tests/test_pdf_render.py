"""A few reference renders of Khmer paragraphs, compared as pixels with a tolerance (STYLE.md practice 10d).

DOCGEN_UPDATE_GOLDEN=1 rewrites tests/golden/render/*.png; a failing render is
saved to tests/results/ (git-ignored) beside a difference map.
"""
from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from docgen.pdf.paragraph import KhmerParagraph
from docgen.text.spans import ParaStyle, Span
from typeset_support import ENGLISH_LETTER, KHMER_LETTER, MIXED_LETTER, build_pdf

Image = pytest.importorskip("PIL.Image")
ImageChops = pytest.importorskip("PIL.ImageChops")

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden" / "render"
RESULTS = TESTS / "results"
PAGE = (300.0, 260.0)
DPI = 100
# A pixel "differs" when a channel moves by more than this; at most this share may differ
# (anti-aliasing changes between PDFium builds, positions must not).
PIXEL_TOLERANCE = 64
SHARE_TOLERANCE = 0.004


def render(story) -> Image.Image:
    pdf = build_pdf(story, pagesize=PAGE, margin=14)
    document = pdfium.PdfDocument(pdf)
    try:
        return document[0].render(scale=DPI / 72).to_pil().convert("L")
    finally:
        document.close()


def assert_render(name: str, image: Image.Image) -> None:
    reference = GOLDEN / f"{name}.png"
    if os.environ.get("DOCGEN_UPDATE_GOLDEN") == "1":
        reference.parent.mkdir(parents=True, exist_ok=True)
        image.save(reference)
    assert reference.exists(), f"no reference {reference}: run with DOCGEN_UPDATE_GOLDEN=1 and look at it"
    expected = Image.open(reference).convert("L")
    assert expected.size == image.size, f"{name}: size {image.size} != reference {expected.size}"
    diff = ImageChops.difference(expected, image).point(lambda v: 255 if v > PIXEL_TOLERANCE else 0)
    share = diff.histogram()[255] / (image.width * image.height)
    if share > SHARE_TOLERANCE:
        RESULTS.mkdir(exist_ok=True)
        image.save(RESULTS / f"{name}.png")
        diff.save(RESULTS / f"{name}-diff.png")
    assert share <= SHARE_TOLERANCE, f"{name}: {share:.2%} of pixels differ; see {RESULTS}"


@pytest.fixture
def render_fonts():
    """The faces the references were drawn with: the ones docgen ships, the same on every machine."""
    from docgen.text.fonts import resolve_fonts

    return resolve_fonts({"body": "Battambang", "heading": "Moul", "latin": "Noto Serif"})


def test_render_khmer_justified(render_fonts):
    story = [KhmerParagraph([Span(KHMER_LETTER)], ParaStyle(align="justify", size=10), render_fonts)]
    assert_render("khmer-justified", render(story))


def test_render_mixed_styles_and_alignments(render_fonts):
    story = [
        KhmerParagraph([Span("ព្រះរាជាណាចក្រកម្ពុជា\nជាតិ សាសនា ព្រះមហាក្សត្រ")],
                       ParaStyle(role="heading", size=12, align="centre", space_after=6), render_fonts),
        KhmerParagraph([Span("កម្មវត្ថុ៖ ", bold=True), Span(MIXED_LETTER)], ParaStyle(size=10), render_fonts),
        KhmerParagraph([Span(ENGLISH_LETTER[:120], italic=True)], ParaStyle(role="latin", size=10, align="right",
                                                                             space_before=6), render_fonts),
    ]
    assert_render("mixed-styles", render(story))
