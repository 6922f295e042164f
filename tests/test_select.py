"""Recipient selection for --where and --only."""
from __future__ import annotations

import pytest

from docgen.errors import DocgenError
from docgen.model import Recipient, Text
from docgen.select import select_recipients


def _recipient(rid: str, province: str, category: str, **extra: str) -> Recipient:
    return Recipient(
        id=rid, honorific=Text("លោក", "Mr."), name=Text("សុខ", f"Sok {rid}"), position=Text(),
        organisation=Text("អង្គការ", "Org"), category=category, province=province, session=province.lower(),
        language="km", extra=dict(extra),
    )


PEOPLE = [
    _recipient("a1", "Kep", "authority"),
    _recipient("a2", "Kampot", "ngo", donor="yes"),
    _recipient("a3", "Takeo", "ngo"),
]


def test_where_matches_province_in_any_spelling():
    assert [r.id for r in select_recipients(PEOPLE, ["province=ខេត្តកែប"])] == ["a1"]
    assert [r.id for r in select_recipients(PEOPLE, ["province=kampot"])] == ["a2"]


def test_where_clauses_combine_and_only_narrows():
    assert [r.id for r in select_recipients(PEOPLE, ["category=ngo"])] == ["a2", "a3"]
    assert [r.id for r in select_recipients(PEOPLE, ["category=ngo"], ["a3"])] == ["a3"]
    assert [r.id for r in select_recipients(PEOPLE, [], ["a1,a3"])] == ["a1", "a3"]


def test_where_reads_extra_columns_and_single_language_fields():
    assert [r.id for r in select_recipients(PEOPLE, ["donor=yes"])] == ["a2"]
    assert [r.id for r in select_recipients(PEOPLE, ["name_en=Sok a3"])] == ["a3"]


@pytest.mark.parametrize(
    ("where", "only", "field"),
    [(["province"], [], "province"), (["colour=red"], [], "colour"), ([], ["zz9"], "id")],
)
def test_bad_selection_names_the_option_and_field(where, only, field):
    with pytest.raises(DocgenError) as info:
        select_recipients(PEOPLE, where, only)
    (problem,) = info.value.problems
    assert problem.field == field
    assert problem.file in ("--where", "--only")


def test_repeated_where_on_one_field_means_either_and_commas_list_values():
    """Issue 26: `--where province=Kep --where province=Kampot` means Kep or Kampot, as `province=Kep,Kampot` does."""
    assert [r.id for r in select_recipients(PEOPLE, ["province=Kep", "province=Kampot"])] == ["a1", "a2"]
    assert [r.id for r in select_recipients(PEOPLE, ["province=Kep,Kampot"])] == ["a1", "a2"]
    assert [r.id for r in select_recipients(PEOPLE, ["province=Kep,Kampot", "category=ngo"])] == ["a2"]


def test_where_not_equal_excludes():
    assert [r.id for r in select_recipients(PEOPLE, ["category!=ngo"])] == ["a1"]
    assert [r.id for r in select_recipients(PEOPLE, ["category!=ngo", "province!=Takeo"])] == ["a1"]
    assert [r.id for r in select_recipients(PEOPLE, ["category=ngo", "province!=Kampot"])] == ["a3"]


def test_a_filter_that_matches_nobody_is_an_error_naming_it():
    with pytest.raises(DocgenError) as caught:
        select_recipients(PEOPLE, ["province=Kep", "category=ngo"])
    assert [str(p) for p in caught.value.problems] == [
        "--where province=Kep --where category=ngo: no recipient matches"]
    assert caught.value.exit_code == 1
