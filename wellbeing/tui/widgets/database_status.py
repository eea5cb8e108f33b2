"""One line that says the database is still opening, or why it could not be opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.widgets import Static

from wellbeing.i18n import _

if TYPE_CHECKING:
    from wellbeing.tui.app import WellbeingApp


class DatabaseStatus(Static):
    """Watches the app's service and hides itself once the data is available."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)  # reasons are arbitrary text, never markup

    def on_mount(self) -> None:
        self.watch(self.app, "service", self._update_status)
        self.watch(self.app, "service_error", self._update_status)

    def _update_status(self) -> None:
        app = cast("WellbeingApp", self.app)
        error, ready = app.service_error, app.service is not None
        self.set_class(bool(error), "-error")
        if error:
            self.update(_("Your data could not be opened: {reason}").format(reason=error))
        elif not ready:
            self.update(_("Opening your data…"))
        self.display = bool(error) or not ready
