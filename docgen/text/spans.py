"""Styled text as the writers hand it to the text layer: spans and paragraph settings."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

__all__ = ["ALIGNS", "Span", "ParaStyle", "slice_spans"]

ALIGNS = ("left", "centre", "center", "right", "justify")


@dataclass(frozen=True)
class Span:
    """A piece of text in one style; ``"\\n"`` in the text is a forced line break."""

    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None
    color: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class ParaStyle:
    """Paragraph settings; ``leading=None`` takes the line height from the fonts, so tall stacks never clip."""

    role: str = "body"
    size: float = 11.0
    leading: float | None = None
    align: str = "left"
    space_before: float = 0.0
    space_after: float = 0.0
    first_indent: float = 0.0
    left_indent: float = 0.0
    right_indent: float = 0.0
    color: str = "#000000"

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"align must be one of {', '.join(ALIGNS)}, not {self.align!r}")


def slice_spans(spans: Sequence[Span], start: int, end: int | None = None) -> list[Span]:
    """The spans covering ``text[start:end]`` of the joined text, styles kept."""
    result = []
    offset = 0
    for span in spans:
        lo, hi = max(start, offset), len(span.text) + offset if end is None else min(end, offset + len(span.text))
        if lo < hi:
            result.append(replace(span, text=span.text[lo - offset:hi - offset]))
        offset += len(span.text)
    return result
