"""Every key of the screen below and of the app, in one list (F10, or "?"), over any screen,
a dialog's too.

The footer shows what fits in the terminal's width; at 80 columns that is quit, help, this
list and the screen's own keys. This page names the rest, so every screen stays reachable.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from wellbeing.i18n import N_, _
from wellbeing.tui.screens.base import WORKS_EVERYWHERE, AppScreen
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.title_bar import TitleBar

KEY_WIDTH = 10  # the longest key Textual shows here is "shift+tab"


def key_lines(app: App[object], bindings: dict[str, ActiveBinding]) -> list[tuple[str, str]]:
    """(keys, what they do) for each of the app's own actions, one line per action.

    The app's bindings all carry an id; Textual's own (cursor and scroll keys of a list)
    carry none and are left out, as they work as in any list, except the command palette.
    """
    keys: dict[tuple[int, str], list[str]] = {}
    words: dict[tuple[int, str], str] = {}
    for active in bindings.values():
        binding = active.binding
        ours = binding.id is not None or binding.action == "command_palette"
        if not ours or not binding.description:
            continue
        action = (id(active.node), binding.action)
        keys.setdefault(action, []).append(app.get_key_display(binding))
        words[action] = binding.description
    return [(", ".join(keys[action]), words[action]) for action in keys]


class KeysScreen(AppScreen):
    """A page over the screen it lists; escape goes back to it."""

    DEFAULT_CSS = """
    #keys-body { padding: 0 2; }
    .keys-heading { text-style: bold; color: $text-primary; margin: 1 0 0 0; }
    .keys-line { width: 1fr; }
    """

    BINDINGS = [Binding("escape", "back", N_("Back"), id="keys.back")]

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self.below = below
        """The screen whose keys are listed: its own first, then those of the whole app."""

    def compose(self) -> ComposeResult:
        bindings = self.below.active_bindings

        def works_everywhere(active: ActiveBinding) -> bool:
            return isinstance(active.node, App) or active.binding.id in WORKS_EVERYWHERE

        own = {k: b for k, b in bindings.items() if not works_everywhere(b)}
        everywhere = {k: b for k, b in bindings.items() if works_everywhere(b)}
        yield TitleBar()
        with VerticalScroll(id="keys-body"):
            for number, (title, group) in enumerate(
                ((_("On this screen"), own), (_("Everywhere"), everywhere))
            ):
                lines = key_lines(self.app, group)
                if not lines:
                    continue
                yield Label(title, classes="keys-heading", markup=False)
                for index, (key, words) in enumerate(lines):
                    yield Static(
                        f"{key:>{KEY_WIDTH}}  {words}",
                        id=f"keys-{number}-{index}",
                        classes="keys-line",
                        markup=False,
                    )
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Keys")
        self.query_one("#keys-body").focus()

    async def relabel(self) -> None:
        await self.recompose()
        self.on_mount()

    def action_back(self) -> None:
        self.dismiss()
