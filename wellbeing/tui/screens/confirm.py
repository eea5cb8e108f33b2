"""A yes/no question that must be answered before something is destroyed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from wellbeing.i18n import N_, _
from wellbeing.tui.screens.base import Dialog, yes_key
from wellbeing.tui.widgets.key_bar import KeyBar


class ConfirmScreen(Dialog[bool]):
    """Ask before acting; dismisses with True only on an explicit yes. Cancel has focus.

    Yes is y in English, j in Dutch and o in French (the app's keymap, see
    `language_keymap`); no is n in all three."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, confirm_label: str) -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label(self.question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(
                    f"{self.confirm_label} ({yes_key()})",
                    variant="error",
                    id="confirm-yes",
                    compact=True,
                )
                yield Button(_("Cancel") + " (n)", variant="primary", id="confirm-no", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
