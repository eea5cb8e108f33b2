"""One measure over the weeks: its name, a sparkline of its points and the latest value."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Sparkline


class TrendRow(Horizontal):
    """A label, a sparkline (one bar per point, oldest left) and the latest value in words.

    The sparkline scales between the lowest and the highest point, so the range is written
    beside it: the shape alone would make a small change look large.
    """

    DEFAULT_CSS = """
    TrendRow {
        height: 1;
    }
    TrendRow .trend-label {
        width: 20;
        padding-right: 1;
        text-align: right;
    }
    TrendRow .trend-sparkline {
        width: 20;
        margin: 0 1;
    }
    TrendRow .trend-latest {
        width: auto;
        min-width: 15;
        padding-right: 1;
        text-style: bold;
    }
    TrendRow .trend-spread {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        label: str,
        points: tuple[float, ...],
        latest: str,
        spread: str = "",
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="trend-row")
        self.label = label
        self.points = points
        self.latest = latest
        self.spread = spread

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="trend-label", markup=False)
        yield Sparkline(list(self.points), classes="trend-sparkline")
        yield Label(self.latest, classes="trend-latest", markup=False)
        yield Label(self.spread, classes="trend-spread", markup=False)

    @property
    def sparkline(self) -> Sparkline:
        return self.query_one(Sparkline)
