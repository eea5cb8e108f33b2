"""The person's check-ins as a table, newest first, one row per shift."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import JustifyMethod
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from wellbeing.i18n import N_, _
from wellbeing.tui.checkin_views import HistoryRow

COLUMNS = (
    N_("Date"),
    N_("Shift"),
    N_("Worked"),
    N_("Breaks"),
    N_("Contacts"),
    N_("Difficult"),
    N_("Stress"),
    N_("Energy"),
    "",  # ⚑ findings, ✎ a note: explained in the pane below the table
)
NUMERIC_FROM = 2  # columns from here on are numbers, aligned right
NUMERIC_UNTIL = len(COLUMNS) - 1  # the marks column holds signs
# One space before each column instead of Textual's one on either side: with all nine
# columns that saves the nine columns the table needs to fit 80 columns in French.
GAP = " "


def cell(text: str, index: int) -> Text:
    justify: JustifyMethod = "right" if NUMERIC_FROM <= index < NUMERIC_UNTIL else "left"
    return Text(GAP + text, justify=justify)


class HistoryTable(DataTable[Text]):
    """Rows keyed by check-in id so the selection survives a reload.

    Home and End go to the newest and the oldest check-in: with a row cursor, DataTable's own
    Home and End would only scroll sideways.
    """

    BINDINGS = [
        Binding("home", "scroll_top", N_("Newest"), show=False, id="history.newest"),
        Binding("end", "scroll_bottom", N_("Oldest"), show=False, id="history.oldest"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=0)

    def on_mount(self) -> None:
        for index, column in enumerate(COLUMNS):
            self.add_column(cell(_(column) if column else "", index), key=f"column-{index}")

    def show(self, rows: Sequence[HistoryRow]) -> None:
        """Replace the rows; keep the cursor on the same check-in, or near where it was."""
        selected = self.selected_checkin_id()
        previous_row = self.cursor_row
        self.clear()
        for row in rows:
            cells = [cell(text, index) for index, text in enumerate(row.cells())]
            self.add_row(*cells, key=str(row.checkin_id))
        if not rows:
            return
        ids = [row.checkin_id for row in rows]
        target = ids.index(selected) if selected in ids else min(previous_row, len(rows) - 1)
        self.move_cursor(row=max(target, 0))

    def selected_checkin_id(self) -> int | None:
        if self.row_count == 0:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None
