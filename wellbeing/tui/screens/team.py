"""A teamleader's anonymised team trends: per led team, weekly figures, the organisation's
beside them, charts on fixed scales, suggestions and a legend.

Data comes only through `TeamView` (roles and anonymity are enforced there); hidden weeks
show no figure and say why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import JustifyMethod
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from wellbeing.i18n import N_, _
from wellbeing.presentation.team_legend import two_lines
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.widgets.database_status import DatabaseStatus
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.scaled_chart import ScaledTrendRow
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wellbeing.services import Wellbeing
    from wellbeing.tui.team_views import TeamSection

ONLY_FOR_TEAMLEADERS = N_("The team screen is only for teamleaders: you do not lead a team.")
NO_TEAM = N_("You do not belong to a team, so no teamleader sees team figures about you.")


class TeamTable(DataTable[Text]):
    """The weekly table of one team; numbers aligned right, headers on two lines."""

    def __init__(self, rows: tuple[tuple[str, ...], ...], *, id: str | None = None) -> None:
        super().__init__(
            id=id, cursor_type="row", zebra_stripes=True, classes="team-table", header_height=2
        )
        self.table_rows = rows

    def on_mount(self) -> None:
        from wellbeing.tui.team_views import COLUMNS

        for index, column in enumerate(COLUMNS):
            justify: JustifyMethod = "left" if index == 0 else "right"
            self.add_column(Text(two_lines(_(column)), justify=justify))
        for row in self.table_rows:
            self.add_row(
                *(Text(cell, justify="left" if i == 0 else "right") for i, cell in enumerate(row))
            )


class TeamScreen(AppScreen):
    """Reloads in a worker when the database opens or when asked to (F5)."""

    DEFAULT_CSS = """
    #team-body {
        padding: 0 1;
    }
    #team-refused {
        width: 1fr;
        margin: 1 0;
        text-style: bold;
    }
    .team-section {
        height: auto;
        margin: 0 0 1 0;
    }
    .team-heading {
        width: 1fr;
        text-style: bold;
        margin: 1 0 0 0;
    }
    .team-table {
        height: auto;
        max-height: 16;
    }
    .team-hidden {
        width: 1fr;
        color: $text-muted;
        margin: 1 0 0 0;
    }
    .team-trends {
        height: auto;
        margin: 1 0 0 0;
    }
    .team-subheading {
        margin: 1 0 0 0;
    }
    .team-axis {
        height: 1;
        color: $text-muted;
    }
    .team-axis .trend-label {
        width: 16;
        padding-right: 1;
    }
    .team-axis .trend-chart {
        margin: 0 1;
    }
    .team-legend {
        color: $text-muted;
        margin: 1 0 0 0;
        max-width: 100;
    }
    .team-suggestions {
        height: auto;
        max-width: 90;
        padding: 0 1;
        border: round $accent;
        border-title-color: $accent;
    }
    """

    FAILURES = {"team-load": N_("The team trends could not be read: {reason}")}

    BINDINGS = [Binding("f5", "reload", N_("Refresh"), id="team.refresh")]
    NOTHING_TO_SHOW = ONLY_FOR_TEAMLEADERS
    INTRODUCTION = ""

    class Loaded(Message):
        def __init__(self, sections: tuple[TeamSection, ...]) -> None:
            super().__init__()
            self.sections = sections

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DatabaseStatus(id="database-status")
        yield VerticalScroll(id="team-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Team")
        self.watch(self.app, "service", self.action_reload)

    def action_reload(self) -> None:
        if self.service is not None:
            self._load(self.service)

    def sections(self, service: Wellbeing) -> tuple[TeamSection, ...]:
        """The teams to show: those this person leads."""
        from wellbeing.tui.team_views import team_sections

        return team_sections(service)

    @work(thread=True, exclusive=True, group="team-load", exit_on_error=False)
    def _load(self, service: Wellbeing) -> None:
        sections = self.sections(service)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(sections))

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        body = self.query_one("#team-body", VerticalScroll)
        await body.remove_children()
        if not message.sections:
            await body.mount(Label(_(self.NOTHING_TO_SHOW), id="team-refused"))
            return
        if self.INTRODUCTION:
            await body.mount(Static(_(self.INTRODUCTION), id="team-introduction", markup=False))
        for number, section in enumerate(message.sections):
            await body.mount(self._section(number, section))

    def _section(self, number: int, section: TeamSection) -> Vertical:
        parts: list[Label | Static | DataTable[Text] | Vertical | Horizontal] = [
            Label(section.heading, classes="team-heading", markup=False)
        ]
        if section.empty:
            parts.append(Label(section.empty, classes="team-empty", markup=False))
            return Vertical(*parts, classes="team-section", id=f"team-{number}")
        parts.append(TeamTable(section.rows, id=f"team-{number}-table"))
        if section.hidden_notes:
            parts.append(_notes(section.hidden_notes, f"team-{number}-hidden"))
        if section.organisation_rows:
            parts.append(
                Label(
                    _("Whole organisation, for comparison"),
                    classes="team-subheading",
                    markup=False,
                )
            )
            parts.append(TeamTable(section.organisation_rows, id=f"team-{number}-organisation"))
        if section.organisation_notes:
            parts.append(_notes(section.organisation_notes, f"team-{number}-organisation-notes"))
        axis = Horizontal(
            Label("", classes="trend-label"),
            Label(section.axis, classes="trend-chart", markup=False),
            classes="team-axis",
        )
        parts.append(
            Vertical(
                *(
                    ScaledTrendRow(
                        line.label, line.points, line.scale, line.scale_text, line.latest
                    )
                    for line in section.lines
                ),
                axis,
                classes="team-trends",
                id=f"team-{number}-trends",
            )
        )
        suggestion_box = Static(
            "\n".join(section.suggestions),
            id=f"team-{number}-suggestions",
            classes="team-suggestions",
            markup=False,
        )
        suggestion_box.border_title = _("Suggestions for the team")
        parts.append(suggestion_box)
        parts.append(
            Static(
                "\n".join(section.legend),
                id=f"team-{number}-legend",
                classes="team-legend",
                markup=False,
            )
        )
        return Vertical(*parts, classes="team-section", id=f"team-{number}")

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("Refresh team trends"), _("Read the team figures again"), self.action_reload
        )


class TeamPreviewScreen(TeamScreen):
    """From the privacy page: the agent's own team exactly as their teamleader sees it,
    through the same use case and the same published cells; escape goes back."""

    BINDINGS = [
        Binding("f5", "reload", N_("Refresh"), id="team.refresh"),
        Binding("escape", "back", N_("Back"), id="team.back"),
    ]
    NOTHING_TO_SHOW = NO_TEAM
    INTRODUCTION = N_(
        "This is exactly what your teamleader sees of your team: the same weeks, figures and "
        "suggestions. Nothing here is about you alone."
    )

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = _("What my teamleader sees")

    def sections(self, service: Wellbeing) -> tuple[TeamSection, ...]:
        from wellbeing.tui.team_views import preview_sections

        return preview_sections(service)

    def action_back(self) -> None:
        self.dismiss()


def _notes(lines: Sequence[str], widget_id: str) -> Static:
    """Why weeks under a table have no figure, or what its figures leave out: plain text."""
    return Static("\n".join(lines), id=widget_id, classes="team-hidden", markup=False)
