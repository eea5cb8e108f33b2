"""One team measure over the weeks on a fixed scale, so 5.0 → 5.1 looks as small as it is.

Textual's Sparkline scales each line between its own lowest and highest point, which turns
any change into a full-height jump; a team's figures are drawn here against the whole scale
(0-10, 0-100 %, hours from 0), one column per calendar week, a blank where a week has no
figure.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

BARS = "▁▂▃▄▅▆▇█"
GAP = " "


def bars(points: Sequence[float | None], low: float, high: float) -> str:
    """One block per point, its height in eighths of the range `low`..`high`; a gap for None."""
    span = high - low
    drawn: list[str] = []
    for point in points:
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
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="trend-row")
        self.label = label
        self.points = points
        self.scale = scale
        self.scale_text = scale_text
        self.latest = latest

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="trend-label", markup=False)
        yield Label(bars(self.points, *self.scale), classes="trend-chart", markup=False)
        yield Label(self.scale_text, classes="trend-scale", markup=False)
        yield Label(self.latest, classes="trend-latest", markup=False)

    @property
    def chart(self) -> str:
        return str(self.query_one(".trend-chart", Label).render())
