"""Correct a stored check-in: the check-in form, prefilled with it, in a dialog.

Saving replaces the check-in through `Wellbeing.update_checkin`, which judges it and the shifts
it affects again; the history screen then says so, with any other shift whose findings changed.
A refusal is shown under the field it concerns and nothing is written.
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

from wellbeing.i18n import N_, _, current_language
from wellbeing.i18n.formats import long_date
from wellbeing.tui.screens.base import Dialog
from wellbeing.tui.widgets.checkin_form import CheckinForm
from wellbeing.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from wellbeing.domain.checkin import Checkin
    from wellbeing.services import Wellbeing
    from wellbeing.tui.finding_views import NeighbourView
    from wellbeing.tui.form_values import FormValues


@dataclass(frozen=True)
class Correction:
    """What the history screen says after a correction was saved: the new level, and the
    other shifts whose findings the correction changed, as the check-in feedback lists them."""

    day: str
    overall: str
    neighbours: tuple[NeighbourView, ...] = ()

    def sentence(self) -> str:
        from wellbeing.tui.finding_views import overall_words

        lines = [
            _("Your check-in of {day} is corrected. Now: {overall}.").format(
                day=self.day, overall=overall_words(self.overall)
            )
        ]
        for neighbour in self.neighbours:
            lines.append(
                _("This also changed what was found about your shift of {shift}:").format(
                    shift=neighbour.shift
                )
            )
            lines += [f"• {finding.message}" for finding in neighbour.findings] or [
                _("No rule found anything to point out.")
            ]
        return "\n".join(lines)


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
        from wellbeing.tui.checkin_views import clock_span

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
            from wellbeing.domain.localtime import to_local
            from wellbeing.tui.finding_views import feedback_view

            day = long_date(to_local(outcome.checkin.shift.start).date(), current_language())
            changed = feedback_view(
                outcome.overall,
                outcome.findings,
                neighbours=[
                    (n.checkin.shift.start, n.checkin.shift.end, n.findings)
                    for n in outcome.neighbours
                ],
            ).neighbours
            self.post_message(self.Saved(Correction(day, str(outcome.overall), changed)))

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
