"""The geometry of the statistics page's small charts, drawn as inline SVG by templates/_chart.html.

Only numbers here: where each bar or point goes in a viewBox of `WIDTH` × `HEIGHT`, with a margin
left for the axis labels. The page styles them with classes (the CSP allows no style attributes).
"""
from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 600, 180
LEFT, BOTTOM, TOP = 48, 24, 10    # room for the value axis, the day labels and the top label


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    top: int                          # the value at the top of the value axis
    bars: tuple[Bar, ...] = ()
    lines: tuple[tuple[str, tuple[tuple[float, float], ...]], ...] = ()   # (series name, its points)
    labels: tuple[tuple[float, str], ...] = ()   # (x, text) under the chart: first and last

    width, height, left, plot_bottom = WIDTH, HEIGHT, LEFT, HEIGHT - BOTTOM


def _top(values) -> int:
    """A round value axis top at or above the largest value (at least 1, so an empty chart still draws)."""
    largest = max(values, default=0)
    step = 10 ** max(len(str(largest)) - 1, 0)
    return max(1, -(-largest // step) * step)


def _y(value: float, top: int) -> float:
    return round(HEIGHT - BOTTOM - value / top * (HEIGHT - BOTTOM - TOP), 1)


def bar_chart(values: list[tuple[str, int]]) -> Chart:
    top = _top(v for _, v in values)
    slot = (WIDTH - LEFT) / max(len(values), 1)
    bars = tuple(Bar(round(LEFT + i * slot + slot * .1, 1), _y(v, top), round(slot * .8, 1),
                     round(HEIGHT - BOTTOM - _y(v, top), 1), label, v) for i, (label, v) in enumerate(values))
    return Chart(top, bars=bars, labels=_ends([label for label, _ in values], slot / 2))


def line_chart(labels: list[str], series: dict[str, list[int]]) -> Chart:
    top = _top(v for values in series.values() for v in values)
    step = (WIDTH - LEFT) / max(len(labels) - 1, 1)
    lines = tuple((name, tuple((round(LEFT + i * step, 1), _y(v, top)) for i, v in enumerate(values)))
                  for name, values in series.items())
    return Chart(top, lines=lines, labels=_ends(labels, 0))


def _ends(labels: list[str], offset: float) -> tuple[tuple[float, str], ...]:
    if not labels:
        return ()
    if len(labels) == 1:
        return ((LEFT + offset, labels[0]),)
    return ((LEFT + offset, labels[0]), (WIDTH - offset, labels[-1]))
