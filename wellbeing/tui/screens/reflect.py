"""The person's own trends over 4 or 12 weeks, their baseline and the weekly summary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from wellbeing.i18n import N_, _
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.widgets.database_status import DatabaseStatus
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.scaled_chart import ScaledTrendRow
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wellbeing.services import Wellbeing
    from wellbeing.tui.reflect_views import ReflectionView, TrendLine

DEFAULT_WEEKS = 4


class ReflectScreen(AppScreen):
    """Reloads in a worker when the database opens, check-ins change or the period does."""

    DEFAULT_CSS = """
    #reflect-body {
        padding: 0 1;
    }
    #reflect-axis-note {
        width: 1fr;
    }
    #reflect-period {
        text-style: bold;
        margin: 1 0 0 0;
    }
    #reflect-empty {
        color: $text-muted;
    }
    #reflect-trends {
        height: auto;
        margin: 1 0 0 0;
    }
    #reflect-trends .trend-label {
        width: 22;
    }
    #reflect-trends .trend-scale {
        width: 10;
    }
    #reflect-trends .reflect-chart-heading {
        text-style: bold;
    }
    #reflect-axis {
        height: 1;
        color: $text-muted;
    }
    #reflect-axis .trend-label {
        padding-right: 1;
    }
    #reflect-axis .trend-chart {
        width: auto;
        margin: 0 1;
    }
    #reflect-axis-note {
        color: $text-muted;
        max-width: 78;
    }
    #reflect-baseline, #reflect-summary {
        height: auto;
        max-width: 78;
        padding: 0 1;
        margin: 1 0 0 0;
        border: round $primary;
        border-title-color: $primary;
    }
    """

    FAILURES = {"reflect-load": N_("Your trends could not be read: {reason}")}

    BINDINGS = [
        Binding(
            "w",
            "toggle_weeks",
            N_("4/12 weeks"),
            id="reflect.weeks",
            tooltip=N_("Show the last 4 or the last 12 weeks"),
        ),
        Binding("f5", "reload", N_("Refresh"), id="reflect.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, view: ReflectionView) -> None:
            super().__init__()
            self.view = view

    def __init__(self) -> None:
        super().__init__()
        self.weeks = DEFAULT_WEEKS
        self.view: ReflectionView | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DatabaseStatus(id="database-status")
        with VerticalScroll(id="reflect-body"):
            yield Label("", id="reflect-period", markup=False)
            yield Label("", id="reflect-empty", markup=False)
            yield Vertical(id="reflect-trends")
            yield Static("", id="reflect-baseline", markup=False)
            yield Static("", id="reflect-summary", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Reflect")
        for part in ("#reflect-empty", "#reflect-baseline", "#reflect-summary"):
            self.query_one(part).display = False
        self.watch(self.app, "service", self.action_reload)
        self.watch(self.app, "data_version", self.action_reload, init=False)

    def action_reload(self) -> None:
        if self.service is not None:
            self._load(self.service, self.weeks)

    def action_toggle_weeks(self) -> None:
        self.weeks = 12 if self.weeks == 4 else 4
        self.action_reload()

    @work(thread=True, exclusive=True, group="reflect-load", exit_on_error=False)
    def _load(self, service: Wellbeing, weeks: int) -> None:
        from wellbeing.tui.reflect_views import reflection_view

        view = reflection_view(service.reflection(weeks), weeks)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(view))

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        view = self.view = message.view
        self.query_one("#reflect-period", Label).update(
            _("Your last {n} weeks, {period}").format(n=view.weeks, period=view.period)
        )
        empty = self.query_one("#reflect-empty", Label)
        empty.update(_("No check-ins in these weeks yet. Press F2 to record one."))
        empty.display = not view.has_checkins
        trends = self.query_one("#reflect-trends", Vertical)
        await trends.remove_children()
        parts: list[Label | ScaledTrendRow | Horizontal] = []
        if view.checkin_lines:
            parts.append(Label(_("Each check-in"), classes="reflect-chart-heading"))
            parts.extend(self._row(line) for line in view.checkin_lines)
            parts.append(Label(_("Per week"), classes="reflect-chart-heading"))
        parts.extend(self._row(line) for line in view.lines)
        parts.append(
            Horizontal(
                Label("", classes="trend-label"),
                Label(view.axis, classes="trend-chart", markup=False),
                id="reflect-axis",
            )
        )
        parts.append(Label(view.axis_note, id="reflect-axis-note", markup=False))
        await trends.mount_all(parts)
        baseline = self.query_one("#reflect-baseline", Static)
        baseline.border_title = _("You compared with yourself")
        baseline.update("\n".join(view.baseline))
        baseline.display = True
        summary = self.query_one("#reflect-summary", Static)
        summary.border_title = _("This week")
        summary.update("\n".join(view.summary))
        summary.display = True

    @staticmethod
    def _row(line: TrendLine) -> ScaledTrendRow:
        return ScaledTrendRow(
            line.label,
            line.points,
            line.scale,
            line.scale_text,
            line.latest,
            to_come=line.to_come,
            id=f"trend-{line.key}",
        )

    def palette_commands(self) -> Iterable[SystemCommand]:
        other = 12 if self.weeks == 4 else 4
        yield SystemCommand(
            _("Show {n} weeks").format(n=other),
            _("Trends over the last {n} weeks").format(n=other),
            self.action_toggle_weeks,
        )
