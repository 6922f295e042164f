"""Pure line breaking: boxes between break opportunities + line widths -> lines (no ReportLab types)."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docgen.khmer.segment import BreakKind

__all__ = ["Box", "Line", "break_lines"]

_EPSILON = 1e-6


@dataclass(frozen=True)
class Box:
    """Text between two break opportunities, ``text[start:end]``, that stays on one line if it can.

    ``width`` is the natural width without trailing spaces; ``trailing`` is the
    width of those spaces, which vanish at a line end. ``kind`` is the break
    after the box (None at the end of the text). ``cuts`` are the last-resort
    places inside the box: (cluster end index, width from ``start``).
    """

    start: int
    end: int
    width: float
    trailing: float = 0.0
    kind: BreakKind | None = BreakKind.NORMAL
    cuts: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True)
class Line:
    """One line: ``text[start:end]`` (trailing spaces included), ``width`` without them."""

    start: int
    end: int
    width: float
    last: bool          # ends the paragraph or a forced break: never justified


def break_lines(boxes: Sequence[Box], widths: Sequence[float] | Callable[[int], float]) -> list[Line]:
    """Greedy line breaking: fill each line with as many whole boxes as fit.

    ``widths`` gives the available width of line n (a sequence whose last value
    repeats, or a function). A box wider than a whole line is cut between
    clusters as a last resort; a mandatory break always ends the line.
    """
    width_of = widths if callable(widths) else (lambda n: widths[min(n, len(widths) - 1)])
    queue = deque(boxes)
    lines: list[Line] = []
    while queue:
        taken = _fill(queue, width_of(len(lines)))
        lines.append(_line(taken))
    return lines


def _fill(queue: deque[Box], available: float) -> list[Box]:
    """Take the boxes of one line off the front of ``queue``."""
    taken: list[Box] = []
    used = 0.0
    while queue:
        box = queue[0]
        if used + box.width > available + _EPSILON:
            if taken:
                break
            if len(box.cuts) > 1:
                head, tail = _cut(box, available)
                queue[0] = tail
                taken.append(head)
                break
        taken.append(queue.popleft())
        used += box.width + box.trailing
        if box.kind is BreakKind.MANDATORY:
            break
    return taken


def _cut(box: Box, available: float) -> tuple[Box, Box]:
    """Split an over-long box at the last cluster end that fits (at least one cluster)."""
    inner = [c for c in box.cuts if c[0] < box.end]
    fitting = [c for c in inner if c[1] <= available + _EPSILON] or inner[:1]
    index, width = fitting[-1]
    head = Box(box.start, index, width, 0.0, BreakKind.NORMAL, tuple(c for c in box.cuts if c[0] <= index))
    tail_cuts = tuple((i, w - width) for i, w in box.cuts if i > index)
    tail = Box(index, box.end, box.width - width, box.trailing, box.kind, tail_cuts)
    return head, tail


def _line(taken: list[Box]) -> Line:
    width = sum(b.width + b.trailing for b in taken) - taken[-1].trailing
    last = taken[-1].kind in (None, BreakKind.MANDATORY)
    return Line(taken[0].start, taken[-1].end, width, last)
