"""Shared material for the typesetting tests: real Khmer prose, PDF building and text extraction."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.platypus import SimpleDocTemplate

KHMER_LETTER = (
    "តបតាមកម្មវត្ថុ និងយោងខាងលើ យើងខ្ញុំសូមគោរពជម្រាបជូនឯកឧត្តម លោកជំទាវ មេត្តាជ្រាបថា "
    "វេទិកាអង្គការសង្គមស៊ីវិលជាមួយអាជ្ញាធរខេត្តតាកែវ កែប និងកំពត នឹងប្រព្រឹត្តទៅនៅថ្ងៃអង្គារ ទី២៧ ខែកុម្ភៈ "
    "ឆ្នាំ២០១៨ នៅសាលប្រជុំសាលាខេត្តតាកែវ។ វេទិកានេះមានគោលបំណងពង្រឹងកិច្ចសហប្រតិបត្តិការរវាងអង្គការមិនមែនរដ្ឋាភិបាល "
    "សហគមន៍មូលដ្ឋាន និងអាជ្ញាធរថ្នាក់ក្រោមជាតិ ដើម្បីលើកកម្ពស់តម្លាភាព គណនេយ្យភាព "
    "និងការឆ្លើយតបទៅនឹងតម្រូវការរបស់ប្រជាពលរដ្ឋក្នុងកម្មវត្ថុអភិវឌ្ឍសហគមន៍។ "
    "សេចក្តីដូចបានជម្រាបជូនខាងលើ សូមឯកឧត្តម លោកជំទាវ មេត្តាអញ្ជើញចូលរួមជាអធិបតីដោយក្តីអនុគ្រោះ។"
)
ENGLISH_LETTER = (
    "The Civil Society Forum with the provincial authorities of Takeo, Kep and Kampot will take place on "
    "Tuesday 27 February 2018 at the Takeo provincial hall. The forum aims to strengthen cooperation between "
    "non-governmental organisations, local communities and sub-national authorities, to promote transparency, "
    "accountability and responsiveness to the needs of citizens."
)
MIXED_LETTER = (
    "កិច្ចប្រជុំនឹងចាប់ផ្តើមនៅម៉ោង 8:00 ព្រឹក ដល់ម៉ោង 11:30 នៅ Provincial Hall, Takeo "
    "(ទូរស័ព្ទ 012 345 678)។ សូមចុះឈ្មោះតាមរយៈ forum@example.org មុនថ្ងៃទី២០ ខែកុម្ភៈ ឆ្នាំ២០១៨ "
    "ដើម្បីឲ្យគណៈកម្មាធិការរៀបចំ Civil Society Forum អាចរៀបចំឯកសារបានទាន់ពេល។"
)


def build_pdf(story, pagesize=(595.27, 841.89), margin=56.0) -> bytes:
    """The PDF bytes of a platypus story on plain pages."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
                      bottomMargin=margin).build(story)
    return buffer.getvalue()


def pdfium_text(pdf: bytes) -> list[str]:
    """The text of each page as PDFium extracts it."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def poppler_text(pdf: bytes, tmp_path: Path) -> str:
    """The text poppler's pdftotext extracts (the test skips without poppler)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    source = tmp_path / "poppler.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"], check=True, capture_output=True,
                          text=True).stdout


def squeeze(text: str) -> str:
    """Text without whitespace and U+200B: what must survive extraction unchanged."""
    return re.sub(r"[\s\u200b]+", "", text)


def joined_lines(text: str) -> str:
    """Extracted text with line ends removed (a Khmer line may end where the source has no space)."""
    return re.sub(r"\s*\r?\n\s*", "", text)
