"""Break opportunities: ICU km words, spaces, U+200B and forced breaks; never inside a cluster."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.khmer.segment import BreakKind, breakpoints, cluster_boundaries, has_khmer, words
from typeset_support import KHMER_LETTER, MIXED_LETTER


def pieces(text: str) -> list[str]:
    cuts = [0, *(b.index for b in breakpoints(text)), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def test_khmer_words_without_spaces_get_breaks_between_them():
    assert pieces("វេទិកាអង្គការសង្គមស៊ីវិល") == ["វេទិកា", "អង្គការ", "សង្គម", "ស៊ីវិល"]


def test_space_breaks_after_the_space():
    assert pieces("ខេត្ត កែប") == ["ខេត្ត ", "កែប"]
    assert {b.kind for b in breakpoints("ខេត្ត កែប")} == {BreakKind.NORMAL}


def test_forced_break_is_mandatory():
    (point,) = [b for b in breakpoints("សហគមន៍\nកែប") if b.kind is BreakKind.MANDATORY]
    assert point.index == len("សហគមន៍\n")


def test_zero_width_space_is_a_zero_width_opportunity():
    text = "កម្មវត្ថុ\u200bសហគមន៍"
    assert [(b.index, b.kind) for b in breakpoints(text)] == [(len("កម្មវត្ថុ\u200b"), BreakKind.ZERO_WIDTH)]


def test_a_coeng_stack_is_one_cluster():
    # ICU alone would end a cluster after the coeng: ក្ | នុ | ង (issue #3)
    assert cluster_boundaries("ក្នុង") == (len("ក្នុ"), len("ក្នុង"))
    assert cluster_boundaries("ស្ត្រី") == (len("ស្ត្រី"),)


def test_breaks_fall_on_cluster_boundaries_in_real_prose():
    for text in (KHMER_LETTER, MIXED_LETTER):
        clusters = set(cluster_boundaries(text))
        assert all(b.index in clusters for b in breakpoints(text))


def test_no_break_opportunity_inside_an_icu_word():
    text = KHMER_LETTER
    starts, position = set(), 0
    for word in words(text):
        position = text.index(word, position)
        starts.update(range(position + 1, position + len(word)))
        position += len(word)
    assert not starts & {b.index for b in breakpoints(text)}


def test_words_drop_spaces_and_punctuation():
    assert words("វេទិកាអង្គការ កែប។") == ["វេទិកា", "អង្គការ", "កែប"]


khmer_chars = st.sampled_from(
    [chr(c) for c in range(0x1780, 0x17B4)] + ["\u17d2", "\u17b6", "\u17c1", "\u17c6", "\u17cb", " ", "\u200b", "\n"])


@settings(max_examples=150, deadline=None)
@given(st.text(khmer_chars, max_size=40))
def test_never_a_break_inside_a_grapheme_cluster(text):
    clusters = set(cluster_boundaries(text))
    assert all(0 < b.index < len(text) and b.index in clusters for b in breakpoints(text))


def test_issue_3_no_break_after_a_hyphen_between_letters():
    # PDFium would extract a line-final hyphen as a soft hyphen, losing it.
    assert pieces("non-governmental organisations") == ["non-governmental ", "organisations"]


def test_has_khmer_is_the_khmer_block_and_khmer_symbols():
    assert has_khmer("Takeo ខេត្ត") and has_khmer("\u19e0") and has_khmer("១")
    assert not has_khmer("Takeo 8:00") and not has_khmer("\u200b") and not has_khmer("")
