"""The person's own check-ins, newest first: correct one in a dialog (saving it opens the
feedback a new check-in opens), or delete it after a confirmation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from wellbeing.i18n import N_, _, current_language
from wellbeing.i18n.formats import long_date
from wellbeing.tui.checkin_views import HistoryRow, history_row
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.screens.confirm import ConfirmScreen
from wellbeing.tui.screens.edit_checkin import Correction, EditCheckinScreen
from wellbeing.tui.screens.feedback import CorrectionFeedbackScreen
from wellbeing.tui.widgets.database_status import DatabaseStatus
from wellbeing.tui.widgets.history_table import HistoryTable
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wellbeing.domain.checkin import Checkin
    from wellbeing.services import Wellbeing


class HistoryScreen(AppScreen):
    """Loads in a worker whenever the database opens or check-ins change; the pane under the
    table says what the rules found about the selected shift, and its note."""

    DEFAULT_CSS = """
    #history-detail {
        height: auto;
        max-height: 50%;
        padding: 0 1;
        border-top: solid $primary-muted;
    }
    """

    FAILURES = {
        "history-load": N_("Your check-ins could not be read: {reason}"),
        "history-delete": N_("The check-in was not deleted: {reason}"),
    }

    BINDINGS = [
        Binding(
            "e",
            "edit_selected",
            N_("Correct"),
            id="history.edit",
            tooltip=N_("Correct the selected check-in (or press Enter)"),
        ),
        Binding(
            "delete",
            "delete_selected",
            N_("Delete"),
            id="history.delete",
            tooltip=N_("Delete the selected check-in"),
        ),
        Binding("f5", "reload", N_("Refresh"), id="history.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[HistoryRow], checkins: dict[int, Checkin]) -> None:
            super().__init__()
            self.rows = rows
            self.checkins = checkins

    class Deleted(Message):
        def __init__(self, checkin_id: int) -> None:
            super().__init__()
            self.checkin_id = checkin_id

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[HistoryRow] = []
        self.checkins: dict[int, Checkin] = {}
        """The stored check-ins behind the rows, handed to the correction dialog."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DatabaseStatus(id="database-status")
        yield Label("", id="history-empty", markup=False)
        yield HistoryTable(id="history-table")
        yield Static("", id="history-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("History")
        self.query_one("#history-empty", Label).display = False
        self.watch(self.app, "service", self.action_reload)
        self.watch(self.app, "data_version", self.action_reload, init=False)

    @property
    def table(self) -> HistoryTable:
        return self.query_one(HistoryTable)

    def action_reload(self) -> None:
        if self.service is not None:
            self._load(self.service)

    @work(thread=True, exclusive=True, group="history-load", exit_on_error=False)
    def _load(self, service: Wellbeing) -> None:
        checkins = service.history()
        found = service.shift_findings([checkin.id for checkin in checkins])
        rows = [history_row(checkin, found.get(checkin.id, ())) for checkin in checkins]
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows, {checkin.id: checkin for checkin in checkins}))

    @on(Loaded)
    def _show_rows(self, message: Loaded) -> None:
        self.rows = message.rows
        self.checkins = message.checkins
        self.table.show(message.rows)
        empty = self.query_one("#history-empty", Label)
        empty.update(_("No check-ins yet. Press F2 to record your first one."))
        empty.display = not message.rows
        self.table.display = bool(message.rows)
        self._show_detail()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        """The selected shift's findings, most serious first, and its note."""
        checkin_id = self.table.selected_checkin_id()
        row = next((row for row in self.rows if row.checkin_id == checkin_id), None)
        lines: list[str] = []
        if row is not None:
            lines = [f"⚑ {line}" for line in row.findings]
            if row.note:
                lines.append(f"✎ {row.note}")
            if not lines:
                lines = [_("Nothing found about this shift, and no note.")]
        detail = self.query_one("#history-detail", Static)
        detail.update("\n".join(lines))
        detail.display = bool(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete_selected", "edit_selected"):
            return True if self.rows else None
        return True

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit_selected()

    def action_edit_selected(self) -> None:
        service, checkin_id = self.service, self.table.selected_checkin_id()
        original = self.checkins.get(checkin_id) if checkin_id is not None else None
        if service is None or original is None:
            return

        def corrected(correction: Correction | None) -> None:
            if correction is not None:
                self.data_changed()
                self.app.push_screen(
                    CorrectionFeedbackScreen(correction.saved, correction.feedback)
                )

        self.app.push_screen(EditCheckinScreen(service, original), corrected)

    def action_delete_selected(self) -> None:
        service, checkin_id = self.service, self.table.selected_checkin_id()
        if service is None or checkin_id is None:
            return
        row = next(row for row in self.rows if row.checkin_id == checkin_id)
        day = long_date(date.fromisoformat(row.day), current_language())  # "27 novembre 2026"
        question = _("Delete your check-in of {day}, {shift}?\nThis cannot be undone.").format(
            day=day, shift=row.shift
        )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._delete(service, checkin_id)

        self.app.push_screen(ConfirmScreen(question, _("Delete")), answered)

    @work(thread=True, group="history-delete", exit_on_error=False)
    def _delete(self, service: Wellbeing, checkin_id: int) -> None:
        service.delete_checkin(checkin_id)
        self.post_message(self.Deleted(checkin_id))

    @on(Deleted)
    def _after_delete(self) -> None:
        self.notify(_("Check-in deleted."), timeout=4)
        self.data_changed()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("Refresh history"), _("Read your check-ins again"), self.action_reload
        )
        if self.rows:
            yield SystemCommand(
                _("Correct selected check-in"),
                _("Open the highlighted check-in to correct it"),
                self.action_edit_selected,
            )
            yield SystemCommand(
                _("Delete selected check-in"),
                _("Delete the highlighted check-in after confirming"),
                self.action_delete_selected,
            )
