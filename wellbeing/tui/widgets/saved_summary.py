"""The confirmation shown after a check-in was saved: which shift, worked time and breaks."""

from __future__ import annotations

from textual.widgets import Static

from wellbeing.i18n import _, ngettext
from wellbeing.tui.checkin_views import SavedCheckin


class SavedSummary(Static):
    """Hidden until something was saved; says plainly what was stored."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def on_mount(self) -> None:
        self.border_title = _("Saved")
        self.display = False

    def show(self, saved: SavedCheckin) -> None:
        breaks = ngettext("{count} break", "{count} breaks", saved.break_count).format(
            count=saved.break_count
        )
        self.update(
            _(
                "Your check-in for {day}, {shift} is saved.\n"
                "Worked {worked} · breaks {minutes} min ({breaks})"
            ).format(
                day=saved.day.isoformat(),
                shift=saved.shift,
                worked=saved.worked,
                minutes=saved.break_minutes,
                breaks=breaks,
            )
        )
        self.display = True

    def clear(self) -> None:
        self.update("")
        self.display = False
