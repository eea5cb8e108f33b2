"""The confirmation shown after a check-in was saved: which shift, worked time and breaks."""

from __future__ import annotations

from textual.widgets import Static

from wellbeing.i18n import _, current_language, ngettext
from wellbeing.i18n.formats import long_date
from wellbeing.tui.checkin_views import SavedCheckin


class SavedSummary(Static):
    """Hidden until something was saved; says plainly what was stored."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def on_mount(self) -> None:
        self.border_title = _("Saved")
        self.display = False

    def show(self, saved: SavedCheckin) -> None:
        if saved.break_count:
            breaks = ngettext(
                "{minutes} min of breaks ({count} break)",
                "{minutes} min of breaks ({count} breaks)",
                saved.break_count,
            ).format(minutes=saved.break_minutes, count=saved.break_count)
        else:
            breaks = _("no breaks")
        headline = _("Your check-in for {day}, {shift} is saved.").format(
            day=long_date(saved.day, current_language()), shift=saved.shift
        )
        worked = _("Worked {worked} · {breaks}").format(worked=saved.worked, breaks=breaks)
        self.update(f"{headline}\n{worked}")
        self.display = True

    def clear(self) -> None:
        self.update("")
        self.display = False
