"""After a shift: fill in the check-in with the keyboard and save it with ctrl+s.

Saving opens the feedback (overall level, findings, suggestions); a line under the title says
when a questionnaire is due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label

from wellbeing.i18n import N_, _, ngettext
from wellbeing.tui.checkin_views import SavedCheckin
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.widgets.database_status import DatabaseStatus
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.saved_summary import SavedSummary
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from wellbeing.domain.schedule import PlannedShift
    from wellbeing.own_reads import PersonReads
    from wellbeing.services import Wellbeing
    from wellbeing.tui.finding_views import FeedbackView
    from wellbeing.tui.form_values import FormValues
    from wellbeing.tui.widgets.checkin_form import CheckinForm

SURVEY_NAMES = {"who5": "WHO-5", "cbi": "CBI"}


def read_prefill(reads: PersonReads) -> FormValues:
    """What the form starts from: the plan of the day, else the last shift, else the usual
    schedule of the settings. Read by the use cases, or before they are loaded by the quick
    path of `wellbeing.own_reads`."""
    from wellbeing.tui.form_values import from_plan, prefill
    from wellbeing.tui.settings_views import usual_schedule

    now = reads.clock()
    plan = reads.plan_of_the_day()
    if plan is not None:
        return from_plan(plan)
    last = reads.last_shift()
    return prefill(last, now, None if last else usual_schedule())


class CheckinScreen(AppScreen):
    """The form, prefilled from the last shift, and the confirmation of what was saved."""

    DEFAULT_CSS = """
    #surveys-due { color: $text-accent; text-style: bold; }
    """

    FAILURES = {
        "checkin-save": N_("Your check-in was not saved: {reason}"),
        "checkin-due": N_("Could not check which questionnaires are due: {reason}"),
        "checkin-prefill": N_("Your last check-in could not be read: {reason}"),
    }

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="checkin.save", tooltip=N_("Save the check-in")),
    ]

    class Prefilled(Message):
        def __init__(self, values: FormValues) -> None:
            super().__init__()
            self.values = values

    class Saved(Message):
        def __init__(self, saved: SavedCheckin, feedback: FeedbackView) -> None:
            super().__init__()
            self.saved = saved
            self.feedback = feedback

    class SurveysDue(Message):
        def __init__(self, due: list[str]) -> None:
            super().__init__()
            self.due = due

    class Usable(Message):
        """The form shows the person's data and takes input (the app waits for this to
        start what can wait, and so does the start-up benchmark)."""

    class Refused(Message):
        """The input was not accepted: (form field, message) for each problem; the field is
        '' for a problem of the whole form."""

        def __init__(self, errors: list[tuple[str, str]]) -> None:
            super().__init__()
            self.errors = errors

    def __init__(self) -> None:
        super().__init__()
        self.ready = False
        self.saving = False
        self.pending_breaks: list[str] = []
        self.prefilled: FormValues | None = None
        """What the form was last filled with: times repeated from the last shift were
        confirmed then, so they are not asked about again."""
        self._form_mounting: AwaitMount | None = None
        self._early_values: FormValues | None = None
        """Read by the app's quick read before the form was mounted: it is mounted filled."""
        self._save_waits = False
        """ctrl+s was pressed on a form filled before the use cases were loaded."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DatabaseStatus(id="database-status")
        with VerticalScroll(id="checkin-body"):
            yield Label(_("How did your shift go?"), id="checkin-title")
            yield Label("", id="surveys-due", markup=False)
            # The form comes after the first frame (see `_add_form`).
            yield SavedSummary(id="saved-summary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Check-in")
        self.query_one("#surveys-due", Label).display = False
        self.watch(self.app, "service", self._service_changed)
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.watch(self.app, "first_frame_drawn", self._first_frame_drawn)

    def _first_frame_drawn(self, drawn: bool) -> None:
        if drawn and self.query_one("#checkin-body").is_attached:  # not when closing
            self._add_form()

    def _add_form(self) -> AwaitMount:
        """Mount the form (once) after the first frame: its forty-odd widgets would double
        the time to that frame, and it stays disabled until the data has been read anyway."""
        if self._form_mounting is None:
            from wellbeing.tui.widgets.checkin_form import CheckinForm

            values = self._early_values
            form = CheckinForm(values, id="checkin-form", disabled=values is None)
            body = self.query_one("#checkin-body", VerticalScroll)
            self._form_mounting = body.mount(form, before="#saved-summary")
            if values is not None:
                self.post_message(self.Prefilled(values))
        return self._form_mounting

    def quickly_read(self, values: FormValues) -> None:
        """What fills the form, read by the app before the use cases were loaded: the form
        is mounted with it at the first frame, or filled with it when already there."""
        if self._form_mounting is None:
            self._early_values = values
        else:
            self.post_message(self.Prefilled(values))

    @property
    def form(self) -> CheckinForm:
        from wellbeing.tui.widgets.checkin_form import CheckinForm

        return self.query_one("#checkin-form", CheckinForm)

    def _service_changed(self, service: Wellbeing | None) -> None:
        if service is None:
            return
        if self.prefilled is None:  # not yet filled by the app's quick read
            self._load_prefill(service)
        self._load_surveys_due(service)
        if self._save_waits:
            self._save_waits = False
            self.action_save()

    def _data_changed(self) -> None:
        if self.service is not None:
            self._load_surveys_due(self.service)

    @work(thread=True, exclusive=True, group="checkin-due", exit_on_error=False)
    def _load_surveys_due(self, service: Wellbeing) -> None:
        """Which questionnaires are due; a failure only leaves the line out."""
        due = service.surveys_due()
        self.post_message(self.SurveysDue([name for name, is_due in due.items() if is_due]))

    @on(SurveysDue)
    def _show_surveys_due(self, message: SurveysDue) -> None:
        line = self.query_one("#surveys-due", Label)
        names = [SURVEY_NAMES[name] for name in message.due if name in SURVEY_NAMES]
        line.display = bool(names)
        if names:
            line.update(
                ngettext(
                    "{names} is due — press F6 to answer it",
                    "{names} are due — press F6 to answer them",
                    len(names),
                ).format(names=_(" and ").join(names))
            )

    @work(thread=True, exclusive=True, group="checkin-prefill", exit_on_error=False)
    def _load_prefill(self, service: Wellbeing) -> None:
        """Read the last check-in off the UI thread; a failure falls back to defaults (see
        `worker_failed`)."""
        self.post_message(self.Prefilled(read_prefill(service)))

    def use_plan(self, plan: PlannedShift) -> None:
        """Fill the form from a planned shift (a missed check-in chosen from the list)."""
        from wellbeing.tui.form_values import from_plan

        self.post_message(self.Prefilled(from_plan(plan)))

    @on(Prefilled)
    async def _show_prefill(self, message: Prefilled) -> None:
        await self._add_form()
        form = self.form
        values = message.values
        if self.pending_breaks:
            breaks = ", ".join(part for part in (values.breaks, *self.pending_breaks) if part)
            values = replace(values, breaks=breaks)
            self.pending_breaks.clear()
        form.fill(values)
        self.prefilled = values
        form.disabled = False
        # With the shift prefilled, what changes from one check-in to the next comes first;
        # the shift's fields are one Shift+Tab away.
        form.field("contacts" if values.date else "date").focus()
        self.ready = True
        self.refresh_bindings()
        self.post_message(self.Usable())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return True if self.ready and not self.saving else None
        return True

    def on_checkin_form_save_requested(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        service = self.service
        if service is None and self.ready:
            self._save_waits = True  # the use cases are loading: save once they are there
            return
        if service is None or not self.ready or self.saving:
            return
        from wellbeing.tui.form_parsing import shift_doubt

        values = self.form.values()
        doubt = shift_doubt(values)
        if doubt is not None and not self._repeats_prefilled_times(values):
            from wellbeing.tui.screens.shift_question import ShiftQuestion

            def answered(answer: str | None) -> None:
                if answer == "swap" and doubt.swapped is not None:
                    self.form.fill(doubt.swapped)
                    self._start_save(service, doubt.swapped)
                elif answer == "keep":
                    self._start_save(service, values)
                else:
                    self.form.field("end").focus()

            self.app.push_screen(ShiftQuestion(values, doubt), answered)
            return
        self._start_save(service, values)

    def _repeats_prefilled_times(self, values: FormValues) -> bool:
        """The start and end come unchanged from an earlier, saved shift (a night worker's
        usual 22:00-06:00 is asked about once, not every night)."""
        last = self.prefilled
        return last is not None and (last.start, last.end) == (values.start, values.end)

    def _start_save(self, service: Wellbeing, values: FormValues) -> None:
        self.saving = True
        self.refresh_bindings()
        self.form.clear_errors()
        self._save(service, values)

    @work(thread=True, group="checkin-save", exit_on_error=False)
    def _save(self, service: Wellbeing, values: FormValues) -> None:
        """Parse, validate and store in a worker; post back what happened."""
        from wellbeing.domain.errors import InputError
        from wellbeing.tui.finding_views import checkin_feedback
        from wellbeing.tui.form_parsing import refusals, to_checkin_input

        try:
            outcome = service.check_in(to_checkin_input(values))
            feedback = checkin_feedback(outcome)
        except InputError as exc:
            self.post_message(self.Refused(refusals(exc)))
        else:
            self.post_message(self.Saved(SavedCheckin.from_checkin(outcome.checkin), feedback))

    def _saving_done(self) -> None:
        self.saving = False
        self.refresh_bindings()

    @on(Refused)
    def _show_refusal(self, message: Refused) -> None:
        self._saving_done()
        self.query_one(SavedSummary).clear()
        self.form.show_errors(message.errors)

    @on(Saved)
    def _show_saved(self, message: Saved) -> None:
        self._saving_done()
        self.query_one(SavedSummary).show(message.saved)
        self.data_changed()
        if self.service is not None:  # the form starts afresh, for the next shift
            self.ready = False
            self.form.disabled = True
            self._load_prefill(self.service)
        from wellbeing.tui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(message.saved, message.feedback))

    def typed_shift(self) -> tuple[datetime, datetime] | None:
        """The shift the form's date and times name, or None while they name none."""
        if not self.ready:
            return None
        from wellbeing.domain.errors import InputError
        from wellbeing.tui.form_parsing import parse_clock, parse_day, shift_bounds

        values = self.form.values()
        try:
            day = parse_day(values.date)
            return shift_bounds(
                day, parse_clock("start", values.start), parse_clock("end", values.end)
            )
        except InputError:
            return None

    def add_break(self, span: str) -> None:
        """Append a break ('HH:MM-HH:MM', e.g. a guided pause) to the form's breaks field."""
        if not self.ready:
            self.pending_breaks.append(span)  # the prefill would overwrite it
            return
        field = self.form.field("breaks")
        field.value = ", ".join(part for part in (field.value.strip(), span) if part)

    def guided_pause(self, minutes: int | None = None) -> None:
        """Open the guided pause over whatever is on screen; a pause inside the shift typed in
        this form can be logged, and comes back here as one of its breaks."""
        from wellbeing.tui.screens.pause import PauseScreen

        self.app.push_screen(PauseScreen(minutes, shift=self.typed_shift), self._pause_ended)

    def _pause_ended(self, span: str | None) -> None:
        if span is None:
            return
        self.add_break(span)
        self.notify(
            _(
                "Break {span} added to your check-in form; it is saved with your next check-in."
            ).format(span=span),
            timeout=6,
            markup=False,
        )

    def worker_failed(self, group: str, error: BaseException) -> None:
        super().worker_failed(group, error)
        if group == "checkin-save":
            self._saving_done()
        elif group == "checkin-prefill":
            from wellbeing.tui.form_values import prefill
            from wellbeing.tui.settings_views import usual_schedule

            now = self.service.clock() if self.service is not None else None
            if now is not None:
                self.post_message(self.Prefilled(prefill(None, now, usual_schedule())))

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.check_action("save", ()):
            yield SystemCommand(_("Save check-in"), _("Store this check-in"), self.action_save)
