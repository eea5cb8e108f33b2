"""Planned shifts that ended without a check-in, shown when the app opens.

Enter on a shift closes the list and fills the check-in form from that shift's plan, so a
forgotten day is one keystroke from being logged; Escape closes the list.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from wellbeing.domain.localtime import to_local
from wellbeing.domain.schedule import PlannedShift, PlannedShiftRecord
from wellbeing.i18n import N_, _, counted, ngettext
from wellbeing.tui.screens.base import Dialog
from wellbeing.tui.widgets.key_bar import KeyBar


def missing_line(record: PlannedShiftRecord) -> str:
    """E.g. 'Mon 23/11 08:00-16:30, 2 planned breaks'."""
    start, end = to_local(record.shift.start), to_local(record.shift.end)
    count = len(record.shift.breaks)
    breaks = counted("{count} planned break", "{count} planned breaks", count)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}, {breaks}"


class MissingScreen(Dialog[PlannedShift | None]):
    """The list of missed check-ins; dismissed with the chosen plan, or None."""

    DEFAULT_CSS = """
    MissingScreen { align: center middle; }
    #missing-dialog {
        width: 70; height: auto; max-height: 80%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    #missing-shifts { height: auto; max-height: 14; }
    """

    BINDINGS = [
        Binding("escape", "close", N_("Later"), id="missing.close"),
    ]

    def __init__(self, records: Sequence[PlannedShiftRecord]) -> None:
        super().__init__()
        self.records = list(records)

    def compose(self) -> ComposeResult:
        with Vertical(id="missing-dialog"):
            yield Label(
                ngettext(
                    "This planned shift has no check-in yet:",
                    "These planned shifts have no check-in yet:",
                    len(self.records),
                ),
                id="missing-question",
                markup=False,
            )
            yield OptionList(
                *(Option(missing_line(r), id=str(i)) for i, r in enumerate(self.records)),
                id="missing-shifts",
            )
            yield Label(
                _("Enter fills in the form for that shift; Escape closes."),
                id="missing-hint",
                markup=False,
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#missing-dialog").border_title = _("Missed check-ins")
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.records[int(event.option.id or 0)].shift)

    def action_close(self) -> None:
        self.dismiss(None)
