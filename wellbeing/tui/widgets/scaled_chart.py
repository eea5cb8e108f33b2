"""One team measure over the weeks on a fixed scale, so 5.0 → 5.1 looks as small as it is.

Textual's Sparkline scales each line between its own lowest and highest point, which turns
any change into a full-height jump; a team's figures are drawn here against the whole scale
(0-10, 0-100 %, hours from 0), one column per calendar week, a blank where a week has no
figure. A chart may also end in columns still to come (the rest of the current week), drawn
as dots so a week in progress is not read as a collapse.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

BARS = "▁▂▃▄▅▆▇█"
GAP = " "
TO_COME = "·"


def bars(
    points: Sequence[float | None], low: float, high: float, to_come: int | None = None
) -> str:
    """One block per point, its height in eighths of the range `low`..`high`; a gap for None;
    a dot for every column from index `to_come` on (time that has not passed yet)."""
    span = high - low
    drawn: list[str] = []
    for index, point in enumerate(points):
        if to_come is not None and index >= to_come:
            drawn.append(TO_COME)
            continue
        if point is None:
            drawn.append(GAP)
            continue
        share = 0.0 if span <= 0 else (min(max(point, low), high) - low) / span
        drawn.append(BARS[round(share * (len(BARS) - 1))])
    return "".join(drawn)


def week_axis(first: str, last: str, width: int) -> str:
    """The first and last week under a chart `width` columns wide ("W36       W47")."""
    if width < len(first) + len(last) + 1:
        return first.ljust(width)[:width]
    return first + " " * (width - len(first) - len(last)) + last


def labelled_axis(labels: Sequence[tuple[int, str]], width: int) -> str:
    """Labels placed at their columns under a chart `width` columns wide; a label that would
    run into the next one is left out, the last one may run past the chart's end."""
    axis = ""
    for column, text in sorted(labels):
        if column < len(axis) + (1 if axis else 0) or column >= width:
            continue
        axis = axis.ljust(column) + text
    return axis


class ScaledTrendRow(Horizontal):
    """A label, the chart on its fixed scale, the scale, and the latest value in words."""

    DEFAULT_CSS = """
    ScaledTrendRow {
        height: 1;
    }
    ScaledTrendRow .trend-label {
        width: 16;
        padding-right: 1;
        text-align: right;
    }
    ScaledTrendRow .trend-chart {
        width: auto;
        margin: 0 1;
    }
    ScaledTrendRow .trend-scale {
        width: 10;
        color: $text-muted;
    }
    ScaledTrendRow .trend-latest {
        width: auto;
        text-style: bold;
    }
    """

    def __init__(
        self,
        label: str,
        points: tuple[float | None, ...],
        scale: tuple[float, float],
        scale_text: str,
        latest: str,
        *,
        to_come: int | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="trend-row")
        self.label = label
        self.points = points
        self.scale = scale
        self.scale_text = scale_text
        self.latest = latest
        self.to_come = to_come

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="trend-label", markup=False)
        chart = bars(self.points, *self.scale, to_come=self.to_come)
        yield Label(chart, classes="trend-chart", markup=False)
        yield Label(self.scale_text, classes="trend-scale", markup=False)
        yield Label(self.latest, classes="trend-latest", markup=False)

    @property
    def chart(self) -> str:
        return str(self.query_one(".trend-chart", Label).render())
