"""Text health: dotted circles, missing glyphs, legacy Limon text and stray zero-width characters."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import docgen.khmer
from docgen.check import text_problems
from docgen.khmer.health import legacy_problems, looks_legacy, zero_width_problems
from typeset_support import KHMER_LETTER, MIXED_LETTER


@pytest.mark.parametrize("text", [KHMER_LETTER, MIXED_LETTER, "ស្ត្រី ក្នុង សហគមន៍", "", "Kingdom of Cambodia"])
def test_valid_text_has_no_problems(system_fonts, text):
    assert text_problems(text) == []


def test_vowel_before_its_consonant_shapes_with_a_dotted_circle(system_fonts):
    (message,) = text_problems("\u17b6ក សហគមន៍")
    assert "invalid order" in message and "dotted circle" in message


def test_a_character_no_font_has_is_reported(system_fonts):
    (message,) = text_problems("សហគមន៍ \u2603")
    assert "U+2603" in message and system_fonts.face("body").family in message


def test_a_character_the_latin_fallback_has_is_fine(bundled_fonts):
    assert text_problems("ម៉ោង 8:00") == []     # the bundled faces lack nothing here


@pytest.mark.parametrize("text", ["sUmeKarBCUn Ek]tþm", "RksYgGb;rM nig yuvCn"])
def test_legacy_limon_text_is_reported(system_fonts, text):
    assert looks_legacy(text)
    assert any("legacy (Limon)" in m for m in text_problems(text))


def test_plain_english_is_not_legacy():
    assert not looks_legacy("The Civil Society Forum with the provincial authorities")


@pytest.mark.parametrize(("text", "words"), [
    ("កម្មវត្ថុ\u200b សហគមន៍", "next to a space"),
    ("\u200bកម្មវត្ថុ", "next to a space or an end"),
    ("កម្មវត្ថុ\u200b\u200bសហគមន៍", "doubled"),
    ("\ufeffកម្មវត្ថុ", "byte order mark"),
])
def test_zero_width_characters_in_odd_places(system_fonts, text, words):
    assert any(words in message for message in text_problems(text))


def test_zero_width_space_between_words_is_fine(system_fonts):
    assert text_problems("កម្មវត្ថុ\u200bសហគមន៍") == []


def test_the_text_checks_need_no_fonts():
    assert legacy_problems("sUmeKarBCUn Ek]tþm") and not legacy_problems("សហគមន៍")
    assert zero_width_problems("\u200bកម្មវត្ថុ") and not zero_width_problems("កម្មវត្ថុ\u200bសហគមន៍")


def test_the_khmer_package_imports_nothing_from_the_pdf_engine():
    """docgen.khmer sits below docgen.pdf: the shaping half of the health check lives in docgen.check."""
    imported = set()
    for module in Path(docgen.khmer.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert imported and not any(name.startswith(("docgen.pdf", "docgen.docx", "reportlab", "uharfbuzz")) for name in imported)
