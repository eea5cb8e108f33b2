"""An open flag as one line of the list, and the same flag in full in the detail pane.

At 80×24 a flag explained in full fills the screen, so the list shows one line per flag
(level, state, the start of its explanation) and the pane below explains the selected one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, ListItem

from wellbeing.i18n import _
from wellbeing.tui.finding_views import LEVEL_WORDS, FlagView, level_word
from wellbeing.tui.widgets.findings import FindingCard, LevelBadge


def state_line(flag: FlagView) -> str:
    """New, seen or snoozed, and when the flag was raised; the day of its latest finding
    too, when that came on a later day."""
    if flag.latest:
        return _("{state} · since {raised}, latest {latest}").format(
            state=flag.state_words, raised=flag.since, latest=flag.latest
        )
    return _("{state} · raised at {raised}").format(state=flag.state_words, raised=flag.raised)


class FlagItem(ListItem):
    """A list row: the flag's level, its state and the first words of its explanation."""

    DEFAULT_CSS = """
    FlagItem { height: 1; }
    FlagItem Horizontal { height: 1; }
    FlagItem .flag-state { width: auto; margin-right: 1; text-style: bold; }
    FlagItem .flag-state.-new { color: $text-accent; }
    FlagItem .flag-state.-hidden { color: $text-muted; }
    FlagItem .flag-summary { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, flag: FlagView) -> None:
        super().__init__(id=f"flag-{flag.flag_id}")
        self.flag = flag

    def compose(self) -> ComposeResult:
        badge = LevelBadge(self.flag.finding.level)
        # As wide as the longest level word in this language, so the rows line up.
        badge.styles.width = max(len(level_word(level)) for level in LEVEL_WORDS) + 2
        with Horizontal():
            yield badge
            yield Label(
                self.flag.state_words, classes=f"flag-state -{self.flag.state}", markup=False
            )
            yield Label(self.flag.finding.message, classes="flag-summary", markup=False)


class FlagDetail(VerticalScroll):
    """The selected flag in full: state and date, explanation, source and suggestions."""

    DEFAULT_CSS = """
    FlagDetail { height: 1fr; border-top: solid $primary-muted; }
    FlagDetail .flag-state { width: 1fr; text-style: bold; }
    FlagDetail .flag-state.-new { color: $text-accent; }
    FlagDetail .flag-state.-hidden { color: $text-muted; }
    FlagDetail FindingCard { margin-top: 0; }
    """

    async def show(self, flag: FlagView | None) -> None:
        """Explain `flag`, or nothing when no flag is selected."""
        await self.remove_children()
        if flag is not None:
            await self.mount(
                Label(state_line(flag), classes=f"flag-state -{flag.state}", markup=False),
                FindingCard(flag.finding),
            )
        self.scroll_home(animate=False)
