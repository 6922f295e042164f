"""The layout of the summary report's bar and pie charts, in plain shapes.

A chart is laid out once into :class:`Box`, :class:`Rule`, :class:`Wedge` and
:class:`Label` by pure functions that only need a text measurer; the PDF
writer paints them (``docgen.pdf.charts``), and the DOCX writer gets the same
painting as a PNG: one chart code, two outputs.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from docgen.document import MM, Chart, format_number

__all__ = ["PALETTE", "Box", "Rule", "Wedge", "Label", "Layout", "Measure", "nice_ticks", "layout_chart",
           "chart_alt_text"]

# Colours that stay apart when printed in grey (dark, mid, light alternate).
PALETTE = ("#1f4e79", "#e0a030", "#5b8c3a", "#9e3a26", "#7f7f7f", "#6a4c93", "#2a9d8f")
AXIS = "#404040"
GRID = "#d0d0d0"
Measure = Callable[[str, float, bool], float]


@dataclass(frozen=True)
class Box:
    """A filled rectangle; (x, y) is the lower-left corner, in points from the chart's lower left."""

    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True)
class Rule:
    """A straight line (axis or grid line)."""

    x1: float
    y1: float
    x2: float
    y2: float
    color: str = AXIS
    width: float = 0.6


@dataclass(frozen=True)
class Wedge:
    """A pie slice: centre, radius, start angle and extent in degrees (counter-clockwise from 3 o'clock)."""

    cx: float
    cy: float
    radius: float
    start: float
    extent: float
    color: str


@dataclass(frozen=True)
class Label:
    """Text on one line; (x, y) is the baseline start, or its centre/end for those alignments."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    align: str = "left"  # left | centre | right
    color: str = "#000000"


@dataclass(frozen=True)
class Layout:
    """A laid-out chart: its size and the shapes to paint, in drawing order."""

    width: float
    height: float
    shapes: tuple[Box | Rule | Wedge | Label, ...]


def nice_ticks(maximum: float, most: int = 6) -> list[float]:
    """Axis ticks from 0 to at least ``maximum`` in steps of 1, 2 or 5 × 10ⁿ, at most ``most`` steps."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0)  # counts of people: never a fractional step
    count = math.ceil(maximum / step - 1e-9)
    return [i * step for i in range(count + 1)]


def _number(value: float, digits: str) -> str:
    return format_number(int(round(value)), digits)


def _colour(chart: Chart, index: int) -> str:
    series = chart.series[index] if index < len(chart.series) else None
    return (series.color if series and series.color else None) or PALETTE[index % len(PALETTE)]


def _title(chart: Chart, width: float, top: float) -> tuple[list[Label], float]:
    """The title centred at the top; returns its labels and the y below it."""
    if not chart.title:
        return [], top
    size = chart.size + 1.5
    return [Label(width / 2, top - size, chart.title, size, True, "centre")], top - size * 2


def _legend(chart: Chart, names: list[str], x: float, y: float, measure_text: Measure) -> tuple[list, float]:
    """Legend swatches and names in one row from (x, y); returns the shapes and the row's width."""
    shapes: list = []
    swatch = chart.size * 0.9
    for i, name in enumerate(names):
        shapes.append(Box(x, y - 1, swatch, swatch, _colour(chart, i)))
        shapes.append(Label(x + swatch + 3, y, name, chart.size))
        x += swatch + 3 + measure_text(name, chart.size, False) + 12
    return shapes, x


def layout_bars(chart: Chart, width: float, measure_text: Measure, digits: str) -> Layout:
    """Horizontal grouped bars: a label column on the left, one bar per series in each group."""
    size, n_series = chart.size, max(1, len(chart.series))
    bar = size * 1.15
    group = n_series * bar + size * 0.9
    label_width = min(width * 0.38, max((measure_text(t, size, False) for t in chart.labels), default=0) + 6)
    values = [v for s in chart.series for v in s.values]
    ticks = nice_ticks(max(values, default=0))
    plot_height = group * len(chart.labels)
    legend_row, axis_row = size * 2.2, size * 1.8
    title_room = size * 3.5 if chart.title else 0
    height = chart.height or (title_room + plot_height + axis_row + legend_row + 4)
    shapes, top = _title(chart, width, height)
    shapes = list(shapes)
    plot_left = label_width
    value_room = measure_text(_number(ticks[-1], digits), size, False) + 6
    plot_width = max(20.0, width - plot_left - value_room)
    plot_bottom = legend_row + axis_row
    plot_top = plot_bottom + plot_height
    scale = plot_width / ticks[-1]
    for tick in ticks:
        x = plot_left + tick * scale
        shapes.append(Rule(x, plot_bottom, x, plot_top, GRID, 0.4))
        shapes.append(Label(x, plot_bottom - size * 1.3, _number(tick, digits), size * 0.9, align="centre", color=AXIS))
    for g, label in enumerate(chart.labels):
        group_top = plot_top - g * group - size * 0.45
        shapes.append(Label(plot_left - 5, group_top - n_series * bar / 2 - size * 0.35, label, size, align="right"))
        for s, series in enumerate(chart.series):
            value = series.values[g] if g < len(series.values) else 0
            y = group_top - (s + 1) * bar
            shapes.append(Box(plot_left, y + 0.6, value * scale, bar - 1.2, _colour(chart, s)))
            shapes.append(Label(plot_left + value * scale + 2.5, y + bar * 0.3, _number(value, digits), size * 0.85))
    shapes.append(Rule(plot_left, plot_bottom, plot_left, plot_top))
    shapes.append(Rule(plot_left, plot_bottom, plot_left + plot_width, plot_bottom))
    legend, _ = _legend(chart, [s.name for s in chart.series], plot_left, size * 0.5, measure_text)
    return Layout(width, height, tuple(shapes + legend))


def layout_pie(chart: Chart, width: float, measure_text: Measure, digits: str) -> Layout:
    """A pie of the first series with a legend at its right: label, count and share."""
    size = chart.size
    values = list(chart.series[0].values) if chart.series else []
    total = sum(values)
    rows = max(1, len(chart.labels))
    title_room = size * 3.5 if chart.title else 0
    height = chart.height or max(title_room + 40 * MM, title_room + rows * size * 2 + 8)
    shapes, top = _title(chart, width, height)
    shapes = list(shapes)
    radius = min(top - 8, 50 * MM) / 2
    entries = [_pie_entry(chart.labels[i], values[i] if i < len(values) else 0, total, digits) for i in range(rows)
               if i < len(chart.labels)]
    legend_width = max((measure_text(t, size, False) for t in entries), default=0) + size * 0.9 + 4
    left = max(0.0, (width - (2 * radius + 18 + legend_width)) / 2)  # centre the pie and its legend together
    cx, cy = left + radius, top / 2
    start = 90.0  # the first slice starts at 12 o'clock and runs clockwise, as people read a pie
    for i, value in enumerate(values):
        extent = 360.0 * value / total if total else 0.0
        if extent > 0:
            shapes.append(Wedge(cx, cy, radius, start - extent, extent, _colour(chart, i)))
        start -= extent
    if not total:
        shapes.append(Wedge(cx, cy, radius, 0, 360, GRID))
    x = cx + radius + 18
    y = cy + len(entries) * size * 1.9 / 2 - size
    for i, text in enumerate(entries):
        shapes.append(Box(x, y - 1, size * 0.9, size * 0.9, _colour(chart, i)))
        shapes.append(Label(x + size * 0.9 + 4, y, text, size))
        y -= size * 1.9
    return Layout(width, height, tuple(shapes))


def _pie_entry(label: str, value: float, total: float, digits: str) -> str:
    """A pie legend line: the label, the count and its share of the whole."""
    share = round(100 * value / total) if total else 0
    return f"{label}  {_number(value, digits)} ({_number(share, digits)}%)"


def layout_chart(chart: Chart, width: float, measure_text: Measure, digits: str = "latin") -> Layout:
    """Lay out ``chart`` in ``width`` points; the height is the chart's or what its data needs."""
    width = chart.width or width
    if chart.kind == "pie":
        return layout_pie(chart, width, measure_text, digits)
    return layout_bars(chart, width, measure_text, digits)


def chart_alt_text(chart: Chart, digits: str = "latin") -> str:
    """The chart's figures as one line of text (the DOCX picture's description, read by screen readers).

    ``"Title: Takeo: Invited 12, Attended 10; Kep: Invited 8, Attended 8"``
    """
    groups = []
    for i, label in enumerate(chart.labels):
        values = [f"{s.name} {_number(s.values[i], digits)}" for s in chart.series if i < len(s.values)]
        groups.append(f"{label}: {', '.join(values)}")
    body = "; ".join(groups)
    return f"{chart.title}: {body}" if chart.title else body
