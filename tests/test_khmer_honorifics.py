"""Honorifics, salutations and name order."""
from __future__ import annotations

import pytest

from docgen.khmer.honorifics import (
    HONORIFICS,
    attachment_phrase_km,
    find_honorific,
    honorific_en,
    honorific_km,
    name_en,
    salutation_en,
    salutation_km,
    split_khmer_name,
)

# facts file §8
PAIRS = [
    ("សម្តេច", "Samdech"),
    ("ឯកឧត្តម", "H.E."),
    ("លោកជំទាវ", "Lok Chumteav"),
    ("អ្នកឧកញ៉ា", "Neak Oknha"),
    ("ឧកញ៉ា", "Oknha"),
    ("លោក", "Mr."),
    ("លោកស្រី", "Mrs."),
    ("កញ្ញា", "Miss"),
    ("អ្នកនាង", "Madam"),
    ("ឯកឧត្តមបណ្ឌិត", "H.E. Dr."),
    ("លោកជំទាវបណ្ឌិត", "Lok Chumteav Dr."),
]


@pytest.mark.parametrize(("km", "en"), PAIRS)
def test_both_ways(km, en):
    assert honorific_en(km) == en
    assert honorific_km(en) == km


def test_spelling_variants_and_unknowns():
    assert honorific_en("ឯកឧត្ដម") == "H.E."  # ដ subscript spelling
    assert honorific_en("សម្ដេច") == "Samdech"
    assert honorific_km("His Excellency") == "ឯកឧត្តម"
    assert honorific_km("  mr.  ") == "លោក"
    assert honorific_en("ព្រះតេជគុណ") == "ព្រះតេជគុណ"  # not in the table: kept as written
    assert find_honorific("") is None


def test_every_title_is_unique_in_khmer():
    names = [h.km for h in HONORIFICS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("title", "formula"),
    [("ឯកឧត្តម", "សូមគោរពជូន"), ("H.E. Dr.", "សូមគោរពជូន"), ("សម្តេច", "សូមគោរពជូន"),
     ("លោកជំទាវ", "សូមគោរពជូន"), ("ឧកញ៉ា", "សូមគោរពជូន"), ("លោក", "ជូន"), ("កញ្ញា", "ជូន"), ("", "ជូន")],
)
def test_salutation_by_rank(title, formula):
    assert salutation_km(title) == formula


def test_attachment_phrase_by_rank():
    assert attachment_phrase_km("ឯកឧត្តម") == "សូមគោរពជូនភ្ជាប់មកជាមួយនូវ"
    assert attachment_phrase_km("លោកស្រី") == "សូមជូនភ្ជាប់មកជាមួយនូវ"


def test_english_salutations():
    assert salutation_en("ឯកឧត្តម", "HUN") == "Your Excellency,"
    assert salutation_en("Samdech") == "Dear Samdech,"
    assert salutation_en("លោកស្រី", "CHEA") == "Dear Mrs. CHEA,"
    assert salutation_en("unknown") == "Dear Sir or Madam,"
    assert salutation_en("Ms.", "UM") == "Dear Ms. UM,"  # the title as the list spells it
    assert salutation_en("Her Excellency", "UM") == "Your Excellency,"


def test_name_order_family_first():
    # facts file §9: ហ៊ុន ម៉ាណែត = HUN Manet
    assert split_khmer_name("ហ៊ុន ម៉ាណែត") == ("ហ៊ុន", "ម៉ាណែត")
    assert split_khmer_name("  ") == ("", "")
    assert name_en("Hun", "Manet") == "HUN Manet"
    assert name_en("Tea", "Banh", capitals=False) == "Tea Banh"
