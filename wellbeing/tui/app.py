"""The Textual app: one factory-built service, one screen per task, keys in the footer.

The database layer is imported and opened in a thread worker after the first frame, so the
app appears at once even when the database needs upgrading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from wellbeing.i18n import N_, _
from wellbeing.tui.failures import reason
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.screens.checkin import CheckinScreen
from wellbeing.tui.screens.history import HistoryScreen

if TYPE_CHECKING:
    from wellbeing.services import Wellbeing

ServiceFactory = Callable[[], "Wellbeing"]

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class WellbeingApp(App[None]):
    """Check-in and history for one person; later screens are added as further modes."""

    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        "checkin": CheckinScreen,
        "history": HistoryScreen,
    }
    DEFAULT_MODE = "checkin"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "show('checkin')", N_("Check-in"), id="show.checkin"),
        Binding("f3", "show('history')", N_("History"), id="show.history"),
        Binding("ctrl+t", "toggle_theme", N_("Light/dark"), id="theme.toggle"),
    ]

    service: var[Wellbeing | None] = var(None)
    """The person's use cases; None until the worker has opened the database."""
    service_error: var[str] = var("")
    """Why the database could not be opened, in one line; empty when it could."""
    data_version: var[int] = var(0)
    """Raised after every change to check-ins, so screens showing them reload."""

    class ServiceReady(Message):
        def __init__(self, service: Wellbeing) -> None:
            super().__init__()
            self.service = service

    class ServiceFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, service_factory: ServiceFactory) -> None:
        super().__init__()
        self.service_factory = service_factory

    def on_mount(self) -> None:
        self.title = _("Wellbeing")
        self._open_service()

    @work(thread=True, exclusive=True, group="open-service", exit_on_error=False)
    def _open_service(self) -> None:
        """Import the database layer, open and upgrade the database, off the UI thread."""
        try:
            service = self.service_factory()
            import wellbeing.tui.form_parsing  # noqa: F401  (warm up: the first save is quick)
        except Exception as exc:
            self.post_message(self.ServiceFailed(reason(exc)))
        else:
            self.post_message(self.ServiceReady(service))

    @on(ServiceReady)
    def _service_ready(self, message: ServiceReady) -> None:
        self.service = message.service

    @on(ServiceFailed)
    def _service_failed(self, message: ServiceFailed) -> None:
        self.service_error = message.reason
        self.notify(
            _("Your data could not be opened: {reason}").format(reason=message.reason),
            severity="error",
            timeout=15,
            markup=False,
        )

    def on_unmount(self) -> None:
        if self.service is not None:
            self.service.db.dispose()

    def action_show(self, mode: str) -> None:
        if mode != self.current_mode:
            self.switch_mode(mode)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("Check-in"), _("Record how your shift went"), lambda: self.action_show("checkin")
        )
        yield SystemCommand(
            _("History"), _("Your check-ins, newest first"), lambda: self.action_show("history")
        )
        yield SystemCommand(
            _("Light or dark theme"),
            _("Switch between the light and the dark colours"),
            self.action_toggle_theme,
        )
        if isinstance(screen, AppScreen):
            yield from screen.palette_commands()
        yield from super().get_system_commands(screen)


def run(db_url: str, account: str) -> None:
    """Open the app for `account` on the database at `db_url` (a path or a URL)."""

    def open_service() -> Wellbeing:
        from wellbeing.services import Wellbeing, open_database

        return Wellbeing(open_database(db_url), account)

    WellbeingApp(open_service).run()
