"""One line that says the database is still opening, or why it could not be opened."""

from __future__ import annotations

from textual.widgets import Static

from wellbeing.i18n import _


class DatabaseStatus(Static):
    """Watches the app's service and hides itself once the data is available."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)  # reasons are arbitrary text, never markup

    def on_mount(self) -> None:
        self.watch(self.app, "service", self._update_status)
        self.watch(self.app, "service_error", self._update_status)

    def _update_status(self) -> None:
        error: str = getattr(self.app, "service_error", "")
        ready = getattr(self.app, "service", None) is not None
        self.set_class(bool(error), "-error")
        if error:
            self.update(_("Your data could not be opened: {reason}").format(reason=error))
        elif not ready:
            self.update(_("Opening your data…"))
        self.display = bool(error) or not ready
