"""White space in markup text, collapsed as HTML collapses it (U+200B and no-break spaces are kept), and equal runs merged."""
from __future__ import annotations

import re
from dataclasses import replace

from docgen import document as d

__all__ = ["SPACES", "collapse"]

SPACES = re.compile(r"[ \t\r\n]+")  # what markup counts as white space: not U+00A0, not U+200B


def collapse(items: list) -> tuple:
    """Collapse white space like HTML (U+200B and no-break spaces are kept) and merge equal runs."""
    out: list = []
    for item in items:
        if isinstance(item, d.Run):
            text = SPACES.sub(" ", item.text)
            if text.startswith(" ") and _after_space(out):
                text = text[1:]
            if not text:
                continue
            if out and isinstance(out[-1], d.Run) and _same_style(out[-1], item):
                out[-1] = replace(out[-1], text=out[-1].text + text)
                continue
            item = replace(item, text=text)
        elif isinstance(item, d.LineBreak):
            _strip_end(out)
        out.append(item)
    _strip_end(out)
    return tuple(out)


def _after_space(out: list) -> bool:
    """True at the start of a line or after a run ending in a space: a leading space is dropped."""
    if not out or isinstance(out[-1], d.LineBreak):
        return True
    return isinstance(out[-1], d.Run) and out[-1].text.endswith(" ")


def _strip_end(out: list) -> None:
    if out and isinstance(out[-1], d.Run):
        text = out[-1].text.rstrip(" ")
        if text:
            out[-1] = replace(out[-1], text=text)
        else:
            out.pop()


def _same_style(a: d.Run, b: d.Run) -> bool:
    return (a.bold, a.italic, a.size, a.color, a.font) == (b.bold, b.italic, b.size, b.color, b.font)
