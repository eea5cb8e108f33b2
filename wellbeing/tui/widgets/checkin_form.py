"""The keyboard-only check-in form: one row per field, each with its own error line.

The form only holds text. Parsing and validation happen elsewhere; the form shows the
resulting message under the field it names and moves the focus there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label

from wellbeing.i18n import N_, _
from wellbeing.tui.form_values import FORM_FIELDS, FormValues

DIGITS = r"\d*"


@dataclass(frozen=True)
class FieldSpec:
    """How one form field looks: label, example, hint, width and what may be typed."""

    name: str
    label: str
    placeholder: str
    hint: str = ""
    size: str = "short"
    max_length: int = 5
    restrict: str | None = None
    group_start: bool = False


FIELD_SPECS = (
    FieldSpec("date", N_("Date"), N_("YYYY-MM-DD"), N_("the day the shift started"), "medium", 10),
    FieldSpec("start", N_("Shift start"), N_("HH:MM")),
    FieldSpec("end", N_("Shift end"), N_("HH:MM"), N_("earlier than the start: next day")),
    # Placeholders show the shape of a value, never a value that could pass for one.
    FieldSpec(
        "breaks", N_("Breaks taken"), N_("HH:MM-HH:MM, …"), N_("empty: no break"), "wide", 200
    ),
    FieldSpec(
        "contacts",
        N_("Contacts"),
        "",
        N_("calls, mails, chats"),
        max_length=4,
        restrict=DIGITS,
        group_start=True,
    ),
    FieldSpec(
        "difficult", N_("Difficult contacts"), "", N_("of those"), max_length=4, restrict=DIGITS
    ),
    FieldSpec(
        "stress",
        N_("Stress"),
        "0-10",
        N_("0 none · 10 extreme"),
        max_length=2,
        restrict=DIGITS,
        group_start=True,
    ),
    FieldSpec(
        "energy", N_("Energy"), "0-10", N_("0 empty · 10 full"), max_length=2, restrict=DIGITS
    ),
    FieldSpec(
        "note",
        N_("Private note"),
        N_("optional; only you ever see it"),
        size="wide",
        max_length=2000,
        group_start=True,
    ),
)

_LABELS = {spec.name: spec.label for spec in FIELD_SPECS}


def field_label(name: str) -> str:
    """The translated label of a form field."""
    return _(_LABELS[name])


class CheckinForm(Vertical):
    """Date, shift, breaks, contacts, stress, energy and note, in tab order.

    Enter moves to the next field, and on the last field asks the screen to save
    (`SaveRequested`), so the form can be filled with the number pad and Enter alone. Tab only
    ever moves on: a person tabbing through the fields to check them is not saving yet.
    """

    class SaveRequested(Message):
        """Enter was pressed in the last field."""

    # Priority bindings run when the app reads the key, before it hands the next key to the
    # focused field: a key typed right after Tab or Enter, however fast, goes to the next field.
    BINDINGS = [
        Binding("tab", "tab_on", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(self, values: FormValues | None = None, **kwargs: Any) -> None:
        """`values`: what the fields start with (empty without)."""
        super().__init__(**kwargs)
        self._initial = values

    def compose(self) -> ComposeResult:
        for spec in FIELD_SPECS:
            row_classes = "field-row -group-start" if spec.group_start else "field-row"
            with Horizontal(classes=row_classes):
                yield Label(_(spec.label), classes="field-label")
                yield Input(
                    getattr(self._initial, spec.name) if self._initial else None,
                    placeholder=_(spec.placeholder) if spec.placeholder else "",
                    max_length=spec.max_length,
                    restrict=spec.restrict,
                    id=f"field-{spec.name}",
                    classes=f"field-input -{spec.size}",
                )
                if spec.hint:
                    yield Label(_(spec.hint), classes="field-hint")
            yield Label("", id=f"error-{spec.name}", classes="field-error", markup=False)
        yield Label("", id="error-form", classes="field-error", markup=False)

    def field(self, name: str) -> Input:
        return self.query_one(f"#field-{name}", Input)

    def values(self) -> FormValues:
        return FormValues(**{name: self.field(name).value for name in FORM_FIELDS})

    def fill(self, values: FormValues) -> None:
        for name in FORM_FIELDS:
            self.field(name).value = getattr(values, name)
        self.clear_errors()

    def show_error(self, name: str, message: str) -> None:
        """Show one message under its field (or under the form) and put the cursor there."""
        self.show_errors([(name, message)])

    def show_errors(self, errors: list[tuple[str, str]]) -> None:
        """Show every message under its field at once; the first field gets the cursor with
        its text selected, so typing replaces the wrong value."""
        self.clear_errors()
        first: Input | None = None
        for name, message in errors:
            if name in FORM_FIELDS:
                text = _("{field}: {message}").format(field=field_label(name), message=message)
                field = self.field(name)
                field.add_class("-has-error")
                first = first or field
            else:
                text, name = message, "form"
            error = self.query_one(f"#error-{name}", Label)
            error.update(text)
            error.add_class("-shown")
        if first is not None:
            first.focus()
            first.select_all()
            first.scroll_visible()
        else:
            self.query_one("#error-form", Label).scroll_visible()

    def error_text(self, name: str) -> str:
        """The message as rendered under a field; empty when there is none."""
        error = self.query_one(f"#error-{name}", Label)
        return str(error.render()) if error.has_class("-shown") else ""

    def clear_errors(self) -> None:
        for error in self.query(".field-error").results(Label):
            error.update("")
            error.remove_class("-shown")
        for field in self.query(".field-input").results(Input):
            field.remove_class("-has-error")

    def action_next_field(self) -> None:
        if self.screen.focused is self.field(FORM_FIELDS[-1]):
            self.post_message(self.SaveRequested())
        else:
            self.screen.focus_next()

    def action_tab_on(self) -> None:
        self.screen.focus_next()

    def action_previous_field(self) -> None:
        self.screen.focus_previous()

    def on_input_changed(self, event: Input.Changed) -> None:
        """An edited field no longer shows its old error."""
        if event.input.has_class("-has-error"):
            event.input.remove_class("-has-error")
            name = (event.input.id or "").removeprefix("field-")
            error = self.query_one(f"#error-{name}", Label)
            error.update("")
            error.remove_class("-shown")
