"""One open flag in the list: new, seen or snoozed, when it was raised, and its finding."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label, ListItem

from wellbeing.i18n import _
from wellbeing.tui.finding_views import FlagView
from wellbeing.tui.widgets.findings import FindingCard


class FlagItem(ListItem):
    """A list row holding the flag's state line above the explanation of its finding."""

    DEFAULT_CSS = """
    FlagItem { height: auto; padding: 0 1 1 0; }
    FlagItem .flag-state { text-style: bold; margin-top: 1; }
    FlagItem .flag-state.-new { color: $text-accent; }
    FlagItem .flag-state.-hidden { color: $text-muted; }
    FlagItem FindingCard { margin-top: 0; }
    """

    def __init__(self, flag: FlagView) -> None:
        super().__init__(id=f"flag-{flag.flag_id}")
        self.flag = flag

    def compose(self) -> ComposeResult:
        line = _("{state} · raised at {raised}").format(
            state=self.flag.state_words, raised=self.flag.raised
        )
        yield Label(line, classes=f"flag-state -{self.flag.state}", markup=False)
        yield FindingCard(self.flag.finding)
