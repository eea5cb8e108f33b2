"""Erasing all of a person's data is confirmed by typing a word, not by one key press."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from wellbeing.i18n import N_, _
from wellbeing.tui.screens.base import Dialog
from wellbeing.tui.widgets.key_bar import KeyBar

CONFIRM_WORD = N_("erase")


def confirm_word() -> str:
    """The word to type, in the person's language."""
    return _(CONFIRM_WORD)


class EraseConfirmScreen(Dialog[bool]):
    """Dismisses with True only when the confirmation word was typed; escape cancels."""

    DEFAULT_CSS = """
    EraseConfirmScreen {
        align: center middle;
    }
    #erase-dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: thick $error;
        background: $panel;
    }
    #erase-question, #erase-instruction {
        width: 100%;
        margin-bottom: 1;
    }
    #erase-word {
        width: 24;
    }
    #erase-error {
        margin-left: 0;
    }
    #erase-buttons {
        height: auto;
        align: right middle;
    }
    """

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="erase.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="erase-dialog"):
            yield Label(
                _(
                    "This deletes every shift, check-in, note, questionnaire and flag stored "
                    "about you, for good. Export your data first if you want to keep a copy."
                ),
                id="erase-question",
                markup=False,
            )
            yield Label(
                _("Type {word} and press Enter to erase everything.").format(word=confirm_word()),
                id="erase-instruction",
                markup=False,
            )
            yield Input(placeholder=confirm_word(), id="erase-word", max_length=40)
            yield Label("", id="erase-error", classes="field-error", markup=False)
            with Horizontal(id="erase-buttons"):
                yield Button(_("Cancel"), variant="primary", id="erase-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#erase-word", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip().casefold() == confirm_word().casefold():
            self.dismiss(True)
            return
        error = self.query_one("#erase-error", Label)
        error.update(
            _("Nothing was erased: type {word} exactly, or press Escape to cancel.").format(
                word=confirm_word()
            )
        )
        error.add_class("-shown")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)
