"""Settings: language, usual schedule, where the data and rules are, and data rights.

Every read and write (settings file, export, erase) runs in a thread worker; problems are
shown beside the field they concern, or as one line, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select

from wellbeing.i18n import N_, _, current_language, ngettext
from wellbeing.tui.failures import reason
from wellbeing.tui.language_switch import rebuild_modes, switch_language
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.screens.erase_confirm import EraseConfirmScreen
from wellbeing.tui.screens.privacy import PrivacyScreen
from wellbeing.tui.settings_views import LANGUAGE_NAMES, SettingsView
from wellbeing.tui.widgets.database_status import DatabaseStatus
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wellbeing.presentation.export import ExportFiles
    from wellbeing.services import Wellbeing
    from wellbeing.tui.widgets.plan_settings import PlanSettings

SCHEDULE_FIELDS = {"usual-start": N_("Usual start"), "usual-end": N_("Usual end")}
TYPED_FIELDS = ("usual-start", "usual-end", "export-folder")


@dataclass(frozen=True)
class Schedule:
    start: str
    end: str


class SettingsScreen(AppScreen):
    """Composed from the settings read in a worker; recomposed when they or the language
    change, keeping whatever was typed."""

    DEFAULT_CSS = """
    #settings-body {
        padding: 0 1;
    }
    .settings-heading {
        text-style: bold;
        margin: 1 0 0 0;
    }
    .settings-note {
        width: 1fr;
        color: $text-muted;
        padding-left: 24;
    }
    .settings-value {
        width: 1fr;
        padding: 0 1;
    }
    #language {
        width: 20;
    }
    /* Two buttons a row: three do not fit at 80 columns in Dutch or French. */
    #settings-buttons {
        layout: grid;
        grid-size: 2;
        grid-columns: auto auto;
        grid-rows: auto;
        grid-gutter: 0 2;
        height: auto;
        margin: 1 0 0 23;
    }
    #settings-result {
        width: 1fr;
        margin: 1 0 0 24;
        color: $text-success;
    }
    """

    FAILURES = {
        "settings-load": N_("Your settings could not be read: {reason}"),
        "settings-language": N_("The language was changed but not saved for next time: {reason}"),
        "settings-schedule": N_("Your schedule was not saved: {reason}"),
        "settings-export": N_("Your data was not exported: {reason}"),
        "settings-erase": N_("Your data was not erased: {reason}"),
    }

    # ctrl+ keys, since the screen is mostly text fields; none that a text field takes.
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save_schedule",
            N_("Save schedule"),
            id="settings.save",
            tooltip=N_("Save your usual start and end"),
        ),
        Binding(
            "ctrl+o",
            "import_schedule",
            N_("Import schedule"),
            id="settings.import-schedule",
            tooltip=N_("Read your planned shifts from the schedule file named above"),
        ),
        Binding(
            "ctrl+r",
            "save_reminders",
            N_("Save reminders"),
            id="settings.save-reminders",
            tooltip=N_("Save your reminders as typed"),
        ),
    ]

    class Loaded(Message):
        def __init__(self, view: SettingsView) -> None:
            super().__init__()
            self.view = view

    class ScheduleSaved(Message):
        def __init__(self, schedule: Schedule) -> None:
            super().__init__()
            self.schedule = schedule

    class Refused(Message):
        """Input not accepted; `field` is the id of the input it concerns."""

        def __init__(self, field: str, message: str) -> None:
            super().__init__()
            self.field = field
            self.message = message

    class Exported(Message):
        def __init__(self, files: ExportFiles) -> None:
            super().__init__()
            self.files = files

    class Erased(Message):
        def __init__(self, rows: int) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self.view: SettingsView | None = None
        self.typed: dict[str, str] = {}
        self.result = ""
        self.busy = False
        self.pending_task: str | None = None
        """A task (export, erase, privacy) asked for from the command palette before the
        settings were read; it runs as soon as they are."""

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DatabaseStatus(id="database-status")
        with VerticalScroll(id="settings-body"):
            if self.view is None:
                yield Label(_("Reading your settings…"), id="settings-loading")
            else:
                yield from self._compose_settings(self.view)
        yield KeyBar()

    def _typed(self, field: str, default: str) -> str:
        return self.typed.get(field, default)

    def _compose_settings(self, view: SettingsView) -> ComposeResult:
        yield Label(_("Language and schedule"), classes="settings-heading")
        with Horizontal(classes="field-row"):
            yield Label(_("Language"), classes="field-label", id="language-label")
            yield Select(
                LANGUAGE_NAMES,
                value=current_language(),
                allow_blank=False,
                compact=True,
                id="language",
            )
        if view.language_from_environment:
            yield Label(
                _("WELLBEING_LANG={value} is set: it chooses the language at every start.").format(
                    value=view.language_from_environment
                ),
                classes="settings-note",
                markup=False,
            )
        defaults = {"usual-start": view.usual_start, "usual-end": view.usual_end}
        for field, label in SCHEDULE_FIELDS.items():
            first = field == "usual-start"
            with Horizontal(classes="field-row -group-start" if first else "field-row"):
                yield Label(_(label), classes="field-label")
                yield Input(
                    self._typed(field, defaults[field]),
                    placeholder=_("HH:MM"),
                    max_length=5,
                    id=field,
                    classes="field-input -short",
                )
            yield Label("", id=f"error-{field}", classes="field-error", markup=False)
        yield Label(
            _("Fills in the check-in form when there is no earlier check-in (ctrl+s saves)."),
            classes="settings-note",
        )
        if view.plan is not None:
            from wellbeing.tui.widgets.plan_settings import PlanSettings

            yield PlanSettings(view.plan, id="plan-settings")

        yield Label(_("Where things are"), classes="settings-heading")
        with Horizontal(classes="field-row"):
            yield Label(_("Your data"), classes="field-label")
            yield Label(
                view.database, id="database-location", classes="settings-value", markup=False
            )
        with Horizontal(classes="field-row"):
            yield Label(_("Rules in force"), classes="field-label")
            yield Label(
                view.rules_file or _("the built-in defaults"),
                id="rules-file",
                classes="settings-value",
                markup=False,
            )

        yield Label(_("Your data rights"), classes="settings-heading")
        with Horizontal(classes="field-row"):
            yield Label(_("Export to"), classes="field-label")
            yield Input(
                self._typed("export-folder", view.export_folder),
                max_length=500,
                id="export-folder",
                classes="field-input -wide",
            )
        yield Label("", id="error-export-folder", classes="field-error", markup=False)
        with Horizontal(id="settings-buttons"):
            yield Button(_("Export my data"), id="export", compact=True, variant="primary")
            yield Button(_("Erase my data…"), id="erase", compact=True, variant="error")
            yield Button(_("Who sees what"), id="privacy", compact=True)
        yield Label(self.result, id="settings-result", markup=False)

    def on_mount(self) -> None:
        self.sub_title = _("Settings")
        self.watch(self.app, "service", self._service_changed)

    async def relabel(self) -> None:
        """Compose again in the current language, keeping what was typed."""
        self._keep_typed()
        await self.recompose()
        self.sub_title = _("Settings")
        if self.view is not None:
            self.query_one("#language", Select).focus()

    def _keep_typed(self) -> None:
        for field in TYPED_FIELDS:
            found = self.query(f"#{field}").results(Input)
            for widget in found:
                self.typed[field] = widget.value

    def _service_changed(self, service: Wellbeing | None) -> None:
        if service is not None:
            self._load(service)

    # --- reading -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="settings-load", exit_on_error=False)
    def _load(self, service: Wellbeing) -> None:
        from wellbeing.tui.settings_views import load_settings_view

        self.post_message(self.Loaded(load_settings_view(service)))

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        self._keep_typed()
        self.view = message.view
        await self.recompose()
        self.query_one("#language", Select).focus()
        self.refresh_bindings()
        if self.pending_task is not None:
            task, self.pending_task = self.pending_task, None
            self.run_when_ready(task)

    def run_when_ready(self, task: str) -> None:
        """Run the task now if the settings are read, else as soon as they are."""
        if self.view is None:
            self.pending_task = task
        elif not self.busy:
            {"export": self.action_export, "erase": self.action_erase}.get(
                task, self.action_privacy
            )()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        planned = ("import_schedule", "save_reminders")
        if action in planned and self.view is not None and self.view.plan is None:
            return False  # the section is not there: nothing to import or save
        if action in ("save_schedule", "export", "erase", "privacy", *planned):
            return True if self.view is not None and not self.busy else None
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.view is None or self.view.plan is None:
            return
        yield SystemCommand(
            _("Import schedule"),
            _("Read your planned shifts from the schedule file named in Settings"),
            self.action_import_schedule,
        )
        yield SystemCommand(
            _("Save reminders"),
            _("Save your reminders as typed in Settings"),
            self.action_save_reminders,
        )

    # --- language ----------------------------------------------------------------------

    @on(Select.Changed, "#language")
    async def _language_chosen(self, event: Select.Changed) -> None:
        language = event.value
        if not isinstance(language, str) or language == current_language():
            return
        await switch_language(self.app, language)
        self._save_language(language)

    @work(thread=True, group="settings-language", exit_on_error=False)
    def _save_language(self, language: str) -> None:
        from wellbeing.settings import save_settings

        save_settings(lang=language)

    # --- usual schedule ----------------------------------------------------------------

    def action_save_schedule(self) -> None:
        if self.view is None or self.busy:
            return
        self._clear_errors()
        start = self.query_one("#usual-start", Input).value
        end = self.query_one("#usual-end", Input).value
        self._save_schedule(start, end)

    @work(thread=True, group="settings-schedule", exit_on_error=False)
    def _save_schedule(self, start: str, end: str) -> None:
        """Both times or neither: an empty pair clears the schedule."""
        from wellbeing.domain.errors import InputError
        from wellbeing.settings import save_settings
        from wellbeing.tui.form_parsing import parse_clock

        try:
            if not start.strip() and not end.strip():
                save_settings(usual_start=None, usual_end=None)
                self.post_message(self.ScheduleSaved(Schedule("", "")))
                return
            times = []
            for field, text in (("usual-start", start), ("usual-end", end)):
                if not text.strip():
                    raise InputError(field, _("is empty; give a time such as 08:00"))
                times.append(f"{parse_clock(field, text):%H:%M}")
            save_settings(usual_start=times[0], usual_end=times[1])
        except InputError as exc:
            self.post_message(self.Refused(exc.field, exc.message))
        else:
            self.post_message(self.ScheduleSaved(Schedule(times[0], times[1])))

    @on(ScheduleSaved)
    async def _schedule_saved(self, message: ScheduleSaved) -> None:
        schedule = message.schedule
        for field, value in (("usual-start", schedule.start), ("usual-end", schedule.end)):
            self.query_one(f"#{field}", Input).value = value
            self.typed[field] = value
        if schedule.start:
            text = _("Your usual schedule {start}-{end} is saved.").format(
                start=schedule.start, end=schedule.end
            )
        else:
            text = _("Your usual schedule is cleared.")
        self._show_result(text)
        await rebuild_modes(self.app, ["checkin"])  # its form is prefilled afresh

    # --- planned shifts and reminders --------------------------------------------------

    def _plan_settings(self) -> PlanSettings | None:
        from wellbeing.tui.widgets.plan_settings import PlanSettings

        if self.view is None or self.busy:
            return None
        return next(iter(self.query(PlanSettings).results(PlanSettings)), None)

    def action_import_schedule(self) -> None:
        plan = self._plan_settings()
        if plan is not None:
            plan.import_schedule()

    def action_save_reminders(self) -> None:
        plan = self._plan_settings()
        if plan is not None:
            plan.save_reminders()

    # --- errors and results ------------------------------------------------------------

    def _clear_errors(self) -> None:
        for error in self.query(".field-error").results(Label):
            error.update("")
            error.remove_class("-shown")
        for field in self.query(".field-input").results(Input):
            field.remove_class("-has-error")

    @on(Refused)
    def _show_refusal(self, message: Refused) -> None:
        self.busy = False
        self.refresh_bindings()
        labels = {**SCHEDULE_FIELDS, "export-folder": N_("Export to")}
        field = self.query_one(f"#{message.field}", Input)
        field.add_class("-has-error")
        field.focus()
        error = self.query_one(f"#error-{message.field}", Label)
        error.update(
            _("{field}: {message}").format(field=_(labels[message.field]), message=message.message)
        )
        error.add_class("-shown")

    def _show_result(self, text: str) -> None:
        self.result = text
        self.query_one("#settings-result", Label).update(text)
        self.notify(text, timeout=6, markup=False)

    def worker_failed(self, group: str, error: BaseException) -> None:
        super().worker_failed(group, error)
        self.busy = False
        self.refresh_bindings()

    # --- data rights -------------------------------------------------------------------

    @on(Button.Pressed)
    def _button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "export": self.action_export,
            "erase": self.action_erase,
            "privacy": self.action_privacy,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

    def action_export(self) -> None:
        service = self.service
        if service is None or self.view is None or self.busy:
            return
        self._clear_errors()
        folder = self.query_one("#export-folder", Input).value.strip() or self.view.export_folder
        self.busy = True
        self.refresh_bindings()
        self._export(service, folder)

    @work(thread=True, group="settings-export", exit_on_error=False)
    def _export(self, service: Wellbeing, folder: str) -> None:
        from wellbeing.presentation.export import free_folder, write_csv_export

        data = service.export()
        try:
            parent = Path(folder).expanduser()
            parent.mkdir(parents=True, exist_ok=True)
            # The command line's writer: both give the same folder, byte for byte.
            files = write_csv_export(data, free_folder(parent, service.clock()))
        except OSError as exc:
            message = _("cannot write there: {reason}").format(reason=exc.strerror or reason(exc))
            self.post_message(self.Refused("export-folder", message))
        else:
            self.post_message(self.Exported(files))

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        from wellbeing.tui.settings_views import shown_path

        self.busy = False
        self.refresh_bindings()
        files = message.files
        self._show_result(
            ngettext(
                "Exported {rows} row to {folder}", "Exported {rows} rows to {folder}", files.rows
            ).format(rows=files.rows, folder=shown_path(files.folder))
        )

    def action_erase(self) -> None:
        service = self.service
        if service is None or self.view is None or self.busy:
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.busy = True
                self.refresh_bindings()
                self._erase(service)

        self.app.push_screen(EraseConfirmScreen(), answered)

    @work(thread=True, group="settings-erase", exit_on_error=False)
    def _erase(self, service: Wellbeing) -> None:
        self.post_message(self.Erased(service.erase()))

    @on(Erased)
    async def _erased(self, message: Erased) -> None:
        from wellbeing.tui.language_switch import rebuild_modes

        self.busy = False
        self.refresh_bindings()
        self._show_result(
            _("Everything stored about you is erased ({rows} rows).").format(rows=message.rows)
        )
        # No screen may go on showing what was erased (a saved check-in's result, the form
        # filled from the last shift): every other screen is built afresh when next shown.
        await rebuild_modes(self.app)
        self.data_changed()

    def action_privacy(self) -> None:
        if self.view is not None:
            self.app.push_screen(PrivacyScreen(self.view))
