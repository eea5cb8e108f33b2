"""Textual's own words (command palette, system commands, footer) in the person's language.

Textual writes these in English; the app passes its own translations where Textual takes
them as arguments, and lists the rest here so that `make i18n` extracts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import OptionDoesNotExist

from wellbeing.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

# The footer's command palette key: its label and tooltip are read through the screens'
# translated bindings (`tui.screens.base.translated`).
FOOTER_WORDS = (N_("palette"), N_("Open the command palette"))
NO_MATCHES = N_("No matches found")


class TranslatedCommandPalette(CommandPalette):
    """The command palette with its placeholder and 'no matches' line translated."""

    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder=_("Search for commands…"))

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        # Textual adds its English line after a short countdown; put ours in its place then.
        self.set_timer(self._NO_MATCHES_COUNTDOWN + 0.05, self._translate_no_matches)

    def _translate_no_matches(self) -> None:
        with suppress(OptionDoesNotExist):  # matches came in the meantime
            self.query_one(CommandList).replace_option_prompt(
                self._NO_MATCHES, Align.center(Text(_(NO_MATCHES), style="not bold"))
            )


def system_commands(app: App[None], screen: Screen[object]) -> Iterable[SystemCommand]:
    """Textual's own palette commands (theme, quit, screenshot), translated."""
    yield SystemCommand(_("Theme"), _("Change the colours of the app"), app.action_change_theme)
    yield SystemCommand(_("Quit"), _("Close the app"), app.action_quit)
    # Textual's "Keys" panel is replaced by the app's own list of keys (`screens.keys`).
    yield SystemCommand(
        _("Screenshot"),
        _("Save a picture (SVG) of the screen"),
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )
