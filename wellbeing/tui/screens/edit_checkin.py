"""Correct a stored check-in: the check-in form, prefilled with it, in a dialog.

Saving replaces the check-in through `Wellbeing.update_checkin`, which judges it and the shifts
it affects again; the history screen then opens the feedback a new check-in opens, with any
other shift whose findings changed. A refusal is shown under the field it concerns and nothing
is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label

from wellbeing.i18n import N_, _
from wellbeing.tui.checkin_views import SavedCheckin
from wellbeing.tui.screens.base import Dialog
from wellbeing.tui.widgets.checkin_form import CheckinForm
from wellbeing.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from wellbeing.domain.checkin import Checkin
    from wellbeing.services import Wellbeing
    from wellbeing.tui.finding_views import FeedbackView
    from wellbeing.tui.form_values import FormValues


@dataclass(frozen=True)
class Correction:
    """A saved correction, as the feedback after a check-in shows it: the check-in as stored
    now, what the rules found about it, and the other shifts whose findings it changed."""

    saved: SavedCheckin
    feedback: FeedbackView


class EditCheckinScreen(Dialog[Correction | None]):
    """Dismisses with the correction once saved, or with None when cancelled."""

    DEFAULT_CSS = """
    EditCheckinScreen {
        align: center middle;
    }
    #edit-dialog {
        width: 86;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $primary;
        background: $panel;
    }
    #edit-title {
        text-style: bold;
    }
    """

    FAILURES = {"checkin-correct": N_("The check-in was not corrected: {reason}")}

    BINDINGS = [
        Binding(
            "ctrl+s", "save", N_("Save"), id="edit.save", tooltip=N_("Save the corrected check-in")
        ),
        Binding("escape", "cancel", N_("Cancel"), id="edit.cancel"),
    ]
    PRIMARY_KEYS = ("edit.save",)

    class Saved(Message):
        def __init__(self, correction: Correction) -> None:
            super().__init__()
            self.correction = correction

    class Refused(Message):
        """The form was not accepted: (form field, message) for each problem."""

        def __init__(self, errors: list[tuple[str, str]]) -> None:
            super().__init__()
            self.errors = errors

    def __init__(self, service: Wellbeing, original: Checkin) -> None:
        super().__init__()
        self.service = service
        self.original = original
        self.saving = False

    def compose(self) -> ComposeResult:
        from wellbeing.presentation.clock_spans import clock_span

        shift = clock_span(self.original.shift.start, self.original.shift.end)
        with VerticalScroll(id="edit-dialog"):
            yield Label(
                _("Correct your check-in ({shift})").format(shift=shift),
                id="edit-title",
                markup=False,
            )
            yield CheckinForm(id="edit-form")
        yield KeyBar()

    def on_mount(self) -> None:
        from wellbeing.tui.checkin_edit import form_values_of

        form = self.form
        form.fill(form_values_of(self.original))
        form.field("date").focus()

    @property
    def form(self) -> CheckinForm:
        return self.query_one(CheckinForm)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return None if self.saving else True
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_checkin_form_save_requested(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self.refresh_bindings()
        self.form.clear_errors()
        self._save(self.form.values())

    @work(thread=True, exclusive=True, group="checkin-correct", exit_on_error=False)
    def _save(self, values: FormValues) -> None:
        from wellbeing.domain.errors import InputError
        from wellbeing.tui.checkin_edit import corrected_input
        from wellbeing.tui.form_parsing import refusals

        try:
            outcome = self.service.update_checkin(
                self.original.id, corrected_input(values, self.original)
            )
        except InputError as exc:
            self.post_message(self.Refused(refusals(exc)))
        else:
            from wellbeing.tui.finding_views import checkin_feedback

            correction = Correction(
                SavedCheckin.from_checkin(outcome.checkin), checkin_feedback(outcome)
            )
            self.post_message(self.Saved(correction))

    def _saving_done(self) -> None:
        self.saving = False
        self.refresh_bindings()

    @on(Refused)
    def _show_refusal(self, message: Refused) -> None:
        self._saving_done()
        self.form.show_errors(message.errors)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.dismiss(message.correction)

    def worker_failed(self, group: str, error: BaseException) -> None:
        super().worker_failed(group, error)
        self._saving_done()
