"""Horizontal bar charts as plain geometry, for server-rendered SVG.

Pure Python: :func:`bar_chart` places the bars of one or more series per category; a template
draws them. No JavaScript and no chart library: the chart is an image with a text alternative,
and the figures themselves are in a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 230  # the category labels, right-aligned against the bars
VALUE_ROOM = 80  # room after the longest bar for its value
BAR_HEIGHT = 16
BAR_GAP = 2
GROUP_GAP = 12
TOP = 8
AXIS_ROOM = 24


@dataclass(frozen=True)
class Bar:
    series: int
    x: float
    y: float
    width: float
    height: float
    text: str  # the value as shown after the bar
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: float
    plot_x: int
    plot_width: int
    plot_bottom: float
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]


def nice_maximum(value: float) -> float:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power * (1 + 1e-9):
            return step * power
    return 10 * power


def tick_count(maximum: float) -> int:
    """Intervals that put the ticks on round values: 0.2 steps to 1, 0.5 to 2 or 2.5, 1 to 5."""
    leading = maximum / 10 ** math.floor(math.log10(maximum)) if maximum > 0 else 1.0
    return 4 if math.isclose(leading, 2) else 5


def bar_chart(
    categories: Sequence[str],
    values: Sequence[Sequence[float | None]],
    show: Callable[[float | None], str],
    *,
    maximum: float | None = None,
) -> Chart:
    """Bars for ``values[category][series]``, scaled to ``maximum`` (by default a round number
    at or above the largest value). ``show`` writes a value, or a missing one, as text."""
    largest = max((v for row in values for v in row if v is not None), default=0.0)
    top = maximum if maximum is not None else nice_maximum(largest)
    ticks = tick_count(top)
    plot_x = LABEL_WIDTH + 10
    plot_width = WIDTH - plot_x - VALUE_ROOM
    rows = []
    y = float(TOP)
    for label, row in zip(categories, values, strict=True):
        bars = []
        for series, value in enumerate(row):
            width = plot_width * min(value, top) / top if value else 0.0
            bars.append(
                Bar(
                    series=series,
                    x=plot_x,
                    y=y,
                    width=round(width, 2),
                    height=BAR_HEIGHT,
                    text=show(value),
                    text_x=round(plot_x + width + 4, 2),
                    text_y=y + BAR_HEIGHT - 4,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        block = len(row) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        rows.append(Row(label=label, label_y=y - BAR_GAP - block / 2 + 4, bars=tuple(bars)))
        y += GROUP_GAP - BAR_GAP
    plot_bottom = y
    tick_marks = tuple(
        Tick(x=round(plot_x + plot_width * i / ticks, 2), text=show(top * i / ticks))
        for i in range(ticks + 1)
    )
    return Chart(
        width=WIDTH,
        height=plot_bottom + AXIS_ROOM,
        plot_x=plot_x,
        plot_width=plot_width,
        plot_bottom=plot_bottom,
        rows=tuple(rows),
        ticks=tick_marks,
    )
