"""Where to turn: every support line and contact, one key away on every screen (F1)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from wellbeing.domain.where_to_turn import contact_line, where_to_turn
from wellbeing.i18n import N_, _, current_language
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.title_bar import TitleBar


class HelpScreen(AppScreen):
    """A page over whatever screen was shown; escape goes back to it."""

    DEFAULT_CSS = """
    #help-body {
        padding: 0 2;
    }
    #help-title {
        text-style: bold;
        margin: 1 0 0 0;
    }
    .help-heading {
        text-style: bold;
        color: $text-primary;
        margin: 1 0 0 0;
    }
    .help-contact {
        max-width: 100;
    }
    """

    BINDINGS = [Binding("escape", "back", N_("Back"), id="help.back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="help-body"):
            yield Label(_("Where to turn"), id="help-title")
            for group, (title, contacts) in enumerate(where_to_turn(current_language())):
                yield Label(title, classes="help-heading", markup=False)
                for contact in contacts:
                    yield Static(
                        f"• {contact_line(contact, current_language())}",
                        id=f"help-{group}-{contact.key}",
                        classes="help-contact",
                        markup=False,
                    )
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Help")
        self.query_one("#help-body").focus()

    async def relabel(self) -> None:
        await self.recompose()
        self.on_mount()

    def action_back(self) -> None:
        self.dismiss()
