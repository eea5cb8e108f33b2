"""Before saving a shift that was probably typed wrong: ask, and offer the likely fix.

An end earlier on the clock than the start makes a shift that ends the next day; typed the
wrong way round, 16:30-08:00 would be saved as a 15 h 30 night. A shift longer than 12 hours is
asked about too. The dialog dismisses with "swap" (save the times the other way round),
"keep" (save as typed; not offered when the shift would be longer than a shift can be) or
None (back to the form). Its choices are stacked, so that each is whole at 80 columns in
every language.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Label

from wellbeing.i18n import N_, _, current_language
from wellbeing.i18n.formats import duration
from wellbeing.tui.form_parsing import ShiftDoubt
from wellbeing.tui.form_values import FormValues
from wellbeing.tui.screens.base import Dialog, language_key
from wellbeing.tui.widgets.key_bar import KeyBar

Answer = Literal["swap", "keep"]


def question_text(values: FormValues, doubt: ShiftDoubt) -> str:
    """The question in the person's language, with the times and the length it would have."""
    if doubt.kind == "reversed" and doubt.swapped is not None:
        return _(
            "You typed {start} to {end}: that shift would end the next day and last {span}.\n"
            "Did you mean {swapped_start} to {swapped_end}?"
        ).format(
            start=values.start,
            end=values.end,
            span=duration(doubt.span, current_language()),
            swapped_start=doubt.swapped.start,
            swapped_end=doubt.swapped.end,
        )
    return _("This shift lasts {span}, more than 12 hours. Save it as typed?").format(
        span=duration(doubt.span, current_language())
    )


class ShiftQuestion(Dialog["Answer | None"]):
    """Confirm a doubtful shift; the safe choice (back to the form) is one Escape away."""

    DEFAULT_CSS = """
    ShiftQuestion { align: center middle; }
    #shift-question-dialog {
        width: 70;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $warning;
        background: $panel;
    }
    #shift-question-text { width: 1fr; margin-bottom: 1; }
    #shift-question-buttons { height: auto; }
    """

    # Declared on the English letters; the app's keymap adds the interface language's
    # (`LANGUAGE_KEYS`), which the buttons show.
    BINDINGS = [
        Binding("s", "answer('swap')", N_("Swap"), id="shift-question.swap"),
        Binding("k", "answer('keep')", N_("Keep"), id="shift-question.keep"),
        Binding("escape", "back", N_("Back"), id="shift-question.back"),
    ]

    def __init__(self, values: FormValues, doubt: ShiftDoubt) -> None:
        super().__init__()
        self.values = values
        self.doubt = doubt

    def compose(self) -> ComposeResult:
        with Vertical(id="shift-question-dialog"):
            yield Label(question_text(self.values, self.doubt), id="shift-question-text")
            with Vertical(id="shift-question-buttons"):
                if self.doubt.swapped is not None:
                    label = _("Save {start} to {end}").format(
                        start=self.doubt.swapped.start, end=self.doubt.swapped.end
                    )
                    key = language_key("shift-question.swap")
                    yield Button(f"{label} ({key})", variant="primary", id="swap", compact=True)
                    keep = _("Next day, as typed")
                else:
                    keep = _("Save as typed")
                if self.doubt.keepable:
                    key = language_key("shift-question.keep")
                    yield Button(f"{keep} ({key})", id="keep", compact=True)
                yield Button(_("Back to the form") + " (esc)", id="back", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#swap" if self.doubt.swapped is not None else "#back", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters == ("swap",):
            return self.doubt.swapped is not None
        if action == "answer" and parameters == ("keep",):
            return self.doubt.keepable
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ("swap", "keep"):
            # Narrowed to 'swap' or 'keep' just above, which the checker cannot follow.
            self.dismiss(event.button.id)  # type: ignore[arg-type]
        else:
            self.dismiss(None)

    def action_answer(self, answer: Answer) -> None:
        self.dismiss(answer)

    def action_back(self) -> None:
        self.dismiss(None)
