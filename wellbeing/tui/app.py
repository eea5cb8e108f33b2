"""The Textual app: one factory-built service, one screen per task, keys in the footer.

The database layer is imported and opened in a thread worker after the first frame, so the
app appears at once even when the database needs upgrading. What a person waits for next is
the check-in form filled in with their shift: on a current SQLite file the worker first reads
what fills it through the standard library (`wellbeing.own_reads.read_quickly`), so the form
is usable before SQLAlchemy is even imported. Work that can wait (loading the database layer
after such a read, the retention purge, warming up the save path, whether they lead a team,
missed check-ins) starts only once the form is usable (`form_usable`), since every thread
shares one interpreter lock.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from wellbeing.i18n import N_, _, current_language
from wellbeing.tui.failures import reason
from wellbeing.tui.screens.base import (
    EVERYWHERE_KEYS,
    THEME_KEY,
    AppScreen,
    Dialog,
    language_keymap,
)
from wellbeing.tui.screens.checkin import CheckinScreen

if TYPE_CHECKING:
    from wellbeing.domain.schedule import PlannedShift, PlannedShiftRecord
    from wellbeing.services import Wellbeing
    from wellbeing.tui.form_values import FormValues

ServiceFactory = Callable[[], "Wellbeing"]
AfterForm = Callable[["Wellbeing"], int]
QuickPrefill = Callable[[], "FormValues | None"]
# How long the opening worker waits for the form before doing the deferred work anyway.
FORM_WAIT_SECONDS = 5.0


def _history() -> Screen:
    from wellbeing.tui.screens.history import HistoryScreen

    return HistoryScreen()


def _flags() -> Screen:
    from wellbeing.tui.screens.flags import FlagsScreen

    return FlagsScreen()


def _surveys() -> Screen:
    from wellbeing.tui.screens.surveys import SurveysScreen

    return SurveysScreen()


def _reflect() -> Screen:
    from wellbeing.tui.screens.reflect import ReflectScreen

    return ReflectScreen()


def _settings() -> Screen:
    from wellbeing.tui.screens.settings import SettingsScreen

    return SettingsScreen()


def _team() -> Screen:
    from wellbeing.tui.screens.team import TeamScreen

    return TeamScreen()


LEAVING_ACTIONS = frozenset(
    {"show", "show_team", "team_refused", "pause", "missed", "settings_task"}
)
"""The app's actions that go to another screen or open another task (F2-F9, ctrl+g and their
commands in the palette): none is offered while a dialog waits for an answer, on the dialog
itself or on the help page, the keys list or the palette over it; the dialog is answered or
closed first, so that no question is left behind under another screen."""

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class WellbeingApp(App[None]):
    """Check-in and history for one person; later screens are added as further modes."""

    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        "checkin": CheckinScreen,
        # The other screens are imported when first shown, so that start-up loads only one.
        "history": _history,
        "flags": _flags,
        "surveys": _surveys,
        "reflect": _reflect,
        "settings": _settings,
        "team": _team,
    }
    DEFAULT_MODE = "checkin"
    BINDINGS: ClassVar[list[BindingType]] = [
        *EVERYWHERE_KEYS,
        Binding("f2", "show('checkin')", N_("Check-in"), id="show.checkin"),
        Binding("f3", "show('history')", N_("History"), id="show.history"),
        Binding("f4", "show('flags')", N_("Flags"), id="show.flags"),
        Binding("f6", "show('surveys')", N_("Surveys"), id="show.surveys"),
        Binding("f7", "show('reflect')", N_("Reflect"), id="show.reflect"),
        Binding("f8", "show('settings')", N_("Settings"), id="show.settings"),
        # F9 opens the team screen for teamleaders; for anyone else it says why it does not.
        Binding("f9", "show_team", N_("Team"), id="show.team"),
        Binding("f9", "team_refused", N_("Team"), id="show.team.refused", show=False),
        Binding(
            "ctrl+g",
            "pause",
            N_("Pause"),
            id="pause.open",
            tooltip=N_("A guided pause of 2, 5 or 10 minutes"),
        ),
        THEME_KEY,
        # Before the form's own ctrl+c (copy): people press it to quit, and are told how.
        Binding("ctrl+c", "help_quit", show=False, system=True, priority=True),
    ]

    service: var[Wellbeing | None] = var(None)
    """The person's use cases; None until the worker has opened the database."""
    service_error: var[str] = var("")
    """Why the database could not be opened, in one line; empty when it could."""
    data_version: var[int] = var(0)
    """Raised after every change to check-ins, so screens showing them reload."""
    leads_team: var[bool] = var(False, init=False)
    """Whether the person leads a team: only then is the team screen offered."""
    first_frame_drawn: var[bool] = var(False)
    """Set at Textual's Ready event, once the first screen is drawn: the check-in form
    waits for it, so that the first frame comes sooner."""
    form_usable: var[bool] = var(False)
    """Set once the check-in form shows the person's data and takes input (what the start-up
    benchmark waits for); the work that can wait starts then."""

    class ServiceReady(Message):
        def __init__(self, service: Wellbeing) -> None:
            super().__init__()
            self.service = service

    class ServiceFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(
        self,
        service_factory: ServiceFactory,
        *,
        first_run_notice: bool = False,
        after_form: AfterForm | None = None,
        quick_prefill: QuickPrefill | None = None,
    ) -> None:
        super().__init__()
        self.service_factory = service_factory
        self.quick_prefill = quick_prefill
        """What fills the check-in form, read before the database layer is loaded; it gives
        None when it cannot read the database that way (`run` passes `read_prefill_quickly`)."""
        self.first_run_notice = first_run_notice
        """Show the privacy notice once per person (remembered in their settings file)."""
        self.after_form = after_form
        """Work on the opened data once the form is usable (`run` passes the retention
        purge); it returns how many rows it removed, so that screens showing them reload."""
        self._form_shown = threading.Event()
        self._closing = False

    def on_load(self) -> None:
        """Before the first screen is built: its header shows the app's own title, in the
        person's language, from the very first frame (never Textual's class name)."""
        self.title = _("Wellbeing")

    def on_mount(self) -> None:
        self.set_keymap(language_keymap(current_language()))
        self._open_service()

    def on_ready(self) -> None:
        self.first_frame_drawn = True

    @work(thread=True, exclusive=True, group="open-service", exit_on_error=False)
    def _open_service(self) -> None:
        """Import the database layer, open and upgrade the database, off the UI thread;
        then, once the form is usable, the work that can wait.

        The worker runs until that work is done, so whoever waits for the app's workers
        (the tests) also waits for it.
        """
        if self._fill_form_quickly():
            self._form_shown.wait(FORM_WAIT_SECONDS)
        try:
            service = self.service_factory()
        except Exception as exc:
            self.post_message(self.ServiceFailed(reason(exc)))
            return
        self.post_message(self.ServiceReady(service))
        self._form_shown.wait(FORM_WAIT_SECONDS)
        gc.enable()  # see `run`; normally done already when the form became usable
        if self._closing:
            return  # the retention period is applied at the next start
        self.call_from_thread(self._start_looking_around, service)
        removed = 0
        if self.after_form is not None:
            try:
                removed = self.after_form(service)
            except Exception:  # its own failure is no reason to disturb the person
                removed = 0
        if removed and not self._closing:
            self.call_from_thread(self._rows_removed)
        # Warm up off the UI thread, so that the first save and its feedback are quick.
        import wellbeing.tui.form_parsing
        import wellbeing.tui.screens.feedback  # noqa: F401

    def _fill_form_quickly(self) -> bool:
        """Fill the check-in form from the quick read; whether it was filled that way. The
        read overlaps the first frame; the form's widgets are mounted after it."""
        if self.quick_prefill is None:
            return False
        try:
            values = self.quick_prefill()
        except Exception:  # the use cases read it again, and say what is wrong
            return False
        if values is None or self._closing:
            return False
        return bool(self.call_from_thread(self._quickly_read, values))

    def _quickly_read(self, values: FormValues) -> bool:
        for screen in self.get_screen_stack("checkin"):
            if isinstance(screen, CheckinScreen):
                screen.quickly_read(values)
                return True
        return False

    @on(ServiceReady)
    def _service_ready(self, message: ServiceReady) -> None:
        self.service = message.service

    @on(CheckinScreen.Usable)
    def _form_is_usable(self) -> None:
        gc.enable()  # see `run`
        self.form_usable = True
        self._form_shown.set()

    def _start_looking_around(self, service: Wellbeing) -> None:
        """Whether the person leads a team, check-ins they missed and, the first time, the
        privacy notice: once the form is usable."""
        self._check_team_access(service)
        self._look_for_missed_checkins(service)
        if self.first_run_notice:
            from wellbeing.tui.screens.privacy import offer_first_run_notice

            offer_first_run_notice(self, service)

    def _rows_removed(self) -> None:
        self.data_version += 1

    @work(thread=True, exclusive=True, group="missed-checkins", exit_on_error=False)
    def _look_for_missed_checkins(self, service: Wellbeing, *, asked: bool = False) -> None:
        """Planned shifts that ended without a check-in: listed when the app opens, and
        whenever the person asks (then an empty list is said too)."""
        try:
            missed = service.missing_checkins()
        except Exception as exc:
            if asked:
                text = _("Your planned shifts could not be read: {reason}")
                self.notify(text.format(reason=reason(exc)), severity="error", markup=False)
            return
        if missed:
            self.call_from_thread(self._offer_missed, missed)
        elif asked:
            self.notify(_("Every planned shift of the last two weeks has a check-in."), timeout=6)

    def action_missed(self) -> None:
        if self.service is not None:
            self._look_for_missed_checkins(self.service, asked=True)

    def _offer_missed(self, missed: list[PlannedShiftRecord]) -> None:
        from wellbeing.tui.screens.missing import MissingScreen

        self.push_screen(MissingScreen(missed), self._check_in_for)

    def _check_in_for(self, plan: PlannedShift | None) -> None:
        if plan is None:
            return
        self.action_show("checkin")
        # The form is the check-in mode's own screen, whatever dialog is still above it.
        found = [screen for screen in self.screen_stack if isinstance(screen, CheckinScreen)]
        if found:
            found[0].use_plan(plan)

    def watch_data_version(self) -> None:
        if self.service is not None:  # erasing your data also ends your teamleader role
            self._check_team_access(self.service)

    @work(thread=True, exclusive=True, group="team-access", exit_on_error=False)
    def _check_team_access(self, service: Wellbeing) -> None:
        from wellbeing.tui.team_views import led_team_names

        try:
            leads = bool(led_team_names(service))
        except Exception:
            leads = False  # the team screen would say why anyway
        self.call_from_thread(setattr, self, "leads_team", leads)

    def watch_leads_team(self) -> None:
        self.screen.refresh_bindings()

    def dialog_open(self) -> bool:
        """Whether a dialog waits for an answer on the screens shown, under the help page, the
        keys list or the command palette maybe."""
        return any(isinstance(screen, Dialog) for screen in self.screen_stack)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LEAVING_ACTIONS and self.dialog_open():
            return False
        if action == "show_team":
            return self.leads_team
        if action == "team_refused":
            return not self.leads_team
        return True

    def action_show_team(self) -> None:
        self.action_show("team")

    def action_team_refused(self) -> None:
        from wellbeing.tui.screens.team import ONLY_FOR_TEAMLEADERS

        self.notify(_(ONLY_FOR_TEAMLEADERS), severity="warning", timeout=6)

    @on(ServiceFailed)
    def _service_failed(self, message: ServiceFailed) -> None:
        gc.enable()  # see `run`
        self.service_error = message.reason
        self.notify(
            _("Your data could not be opened: {reason}").format(reason=message.reason),
            severity="error",
            timeout=15,
            markup=False,
        )

    def on_unmount(self) -> None:
        self._closing = True
        self._form_shown.set()
        if self.service is not None:
            self.service.db.dispose()

    def action_show(self, mode: str) -> None:
        if mode != self.current_mode:
            self.switch_mode(mode)

    def action_pause(self) -> None:
        self.open_pause()

    def open_pause(self, minutes: int | None = None) -> None:
        """A guided pause over whatever is on screen, of `minutes` if given; the check-in
        form opens it, so that a logged pause comes back to it as a break."""
        form_screen = next(
            (s for s in self.get_screen_stack("checkin") if isinstance(s, CheckinScreen)), None
        )
        if form_screen is not None:
            form_screen.guided_pause(minutes)
            return
        from wellbeing.tui.screens.pause import PauseScreen

        self.push_screen(PauseScreen(minutes))

    def action_help_quit(self) -> None:
        """ctrl+c quits many terminal programs; say, in the person's language, what does."""
        self.notify(
            _("Press ctrl+q to quit."), title=_("Do you want to quit?"), timeout=5, markup=False
        )

    async def action_settings_task(self, task: str) -> None:
        """Open Settings and run one of its tasks (export, erase, privacy) once it is ready."""
        from wellbeing.tui.screens.settings import SettingsScreen

        await self.switch_mode("settings")
        screen = next(
            s for s in self.get_screen_stack("settings") if isinstance(s, SettingsScreen)
        )
        screen.run_when_ready(task)

    def action_help(self) -> None:
        """The help page over whatever is on screen; asking again while it shows does nothing."""
        from wellbeing.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_keys(self) -> None:
        """The list of every key, over whatever is on screen (the footer cannot show all)."""
        from wellbeing.tui.screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        leaving = not self.dialog_open()  # see LEAVING_ACTIONS
        yield SystemCommand(
            _("Help and support lines"),
            _("Support lines and where to turn, with when to call which"),
            self.action_help,
        )
        yield SystemCommand(
            _("Keys"), _("Every key of this screen and of the app"), self.action_keys
        )
        if leaving:
            yield SystemCommand(
                _("Check-in"),
                _("Record how your shift went"),
                lambda: self.action_show("checkin"),
            )
            yield SystemCommand(
                _("History"),
                _("Your check-ins, newest first"),
                lambda: self.action_show("history"),
            )
        yield SystemCommand(
            _("Light or dark theme"),
            _("Switch between the light and the dark colours"),
            self.action_toggle_theme,
        )
        if leaving:
            yield from self._leaving_commands()
        if isinstance(screen, AppScreen | Dialog):
            yield from screen.palette_commands()
        from wellbeing.tui.textual_words import system_commands

        yield from system_commands(self, screen)

    def _leaving_commands(self) -> Iterable[SystemCommand]:
        """The palette's commands that go to another screen or open another task."""
        yield SystemCommand(_("Flags"), _("Your open flags"), lambda: self.action_show("flags"))
        yield SystemCommand(
            _("Surveys and questionnaires"),
            _("WHO-5 every two weeks, CBI monthly"),
            lambda: self.action_show("surveys"),
        )
        yield SystemCommand(
            _("Guided pause"), _("A calm 2, 5 or 10 minute pause"), self.action_pause
        )
        yield SystemCommand(
            _("Missed check-ins"),
            _("Planned shifts that ended without a check-in"),
            self.action_missed,
        )
        yield SystemCommand(
            _("Reflect"), _("Your trends, baseline and week"), lambda: self.action_show("reflect")
        )
        yield SystemCommand(
            _("Settings"),
            _("Language, schedule, your data and who sees what"),
            lambda: self.action_show("settings"),
        )
        # Titles carry the words people type for these tasks, in their own language.
        yield SystemCommand(
            _("Export my data"),
            _("Write everything about you as JSON and CSV"),
            lambda: self.run_action("settings_task('export')"),
        )
        yield SystemCommand(
            _("Erase my data"),
            _("Delete everything stored about you"),
            lambda: self.run_action("settings_task('erase')"),
        )
        yield SystemCommand(
            _("Privacy: who sees what"),
            _("How your data is kept private"),
            lambda: self.run_action("settings_task('privacy')"),
        )
        if self.leads_team:
            yield SystemCommand(
                _("Team"), _("Anonymised trends of the teams you lead"), self.action_show_team
            )

    def action_command_palette(self) -> None:
        """The command palette, in the person's language."""
        from textual.command import CommandPalette

        from wellbeing.tui.textual_words import TranslatedCommandPalette

        # `is_open` is typed for App[object] and App is invariant; it only reads the screens.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(TranslatedCommandPalette())


def open_service(db_url: str, account: str) -> Wellbeing:
    """Open (and if needed upgrade) the database for `account`, in the opening worker.

    On PostgreSQL a person's login shows only that person's rows, so the app refuses to
    open as someone else there, as the command line does, rather than show empty screens."""
    from wellbeing.services import Wellbeing, open_database, refuse_another_login

    database = open_database(db_url)
    try:
        refuse_another_login(database, account)
    except BaseException:
        database.dispose()
        raise
    return Wellbeing(database, account)


def apply_retention(service: Wellbeing) -> int:
    """Delete raw rows past the retention period; how many went.

    A login without the right to delete (a PostgreSQL role) must still reach its data, so a
    failure here is not the person's concern; `wellbeing db purge` reports it.
    """
    from wellbeing.services import purge_expired
    from wellbeing.settings import Settings

    try:
        return purge_expired(service.db, Settings().retention_months, account=service.account)
    except Exception:
        return 0


def open_with_retention(db_url: str, account: str) -> Wellbeing:
    """Open the database and apply the retention period at once, as `wellbeing` does
    for the app (there, the purge waits until the check-in form is usable)."""
    service = open_service(db_url, account)
    apply_retention(service)
    return service


def read_prefill_quickly(db_url: str, account: str) -> FormValues | None:
    """What fills the check-in form, read from a current SQLite file without the database
    layer; None for any other database, which the use cases read once they are loaded."""
    from wellbeing.own_reads import Unavailable, read_quickly
    from wellbeing.tui.screens.checkin import read_prefill

    try:
        return read_quickly(db_url, account, read_prefill)
    except Unavailable:
        return None


def build_app(db_url: str, account: str) -> WellbeingApp:
    """The app as `run` opens it: the form filled from the quick read where it can be, the
    database opened in a worker, the retention period applied once the form is usable, the
    privacy notice offered on the first run."""
    return WellbeingApp(
        lambda: open_service(db_url, account),
        first_run_notice=True,
        after_form=apply_retention,
        quick_prefill=lambda: read_prefill_quickly(db_url, account),
    )


def run(db_url: str, account: str) -> None:
    """Open the app for `account` on the database at `db_url` (a path or a URL)."""
    # Importing the database layer and building the screens make hundreds of thousands of
    # objects that all stay alive: looking for garbage among them only delays the first
    # frame and the usable form, so collection waits until the form is usable (or the
    # database could not be opened).
    gc.disable()
    try:
        build_app(db_url, account).run()
    finally:
        gc.enable()
