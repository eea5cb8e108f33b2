"""Who can see what: the privacy page (from settings) and the notice on first opening.

The notice appears once per person: dismissing it is remembered in their settings file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from wellbeing.i18n import N_, _
from wellbeing.tui.failures import reason
from wellbeing.tui.privacy_text import first_run_lines, privacy_sections
from wellbeing.tui.screens.base import AppScreen, Dialog, language_key
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wellbeing.services import Wellbeing
    from wellbeing.tui.app import WellbeingApp
    from wellbeing.tui.settings_views import SettingsView


class PrivacyScreen(AppScreen):
    """A page over the settings screen; escape goes back."""

    DEFAULT_CSS = """
    #privacy-body {
        padding: 0 2;
    }
    #privacy-title {
        text-style: bold;
        margin: 1 0 0 0;
    }
    .privacy-heading {
        text-style: bold;
        color: $text-primary;
        margin: 1 0 0 0;
    }
    .privacy-text {
        max-width: 90;
    }
    """

    # t, in French c (chef d'équipe): the app's keymap, see `LANGUAGE_KEYS`.
    BINDINGS = [
        Binding(
            "t",
            "teamleader_preview",
            N_("What my teamleader sees"),
            id="privacy.teamleader",
            tooltip=N_("The team screen as your teamleader sees it"),
        ),
        Binding("escape", "back", N_("Back"), id="privacy.back"),
    ]

    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="privacy-body"):
            yield Label(_("Who can see what"), id="privacy-title")
            sections = privacy_sections(self.view.database, self.view.k, self.view.retention_months)
            for index, section in enumerate(sections):
                yield Label(section.title, classes="privacy-heading", markup=False)
                yield Static(
                    section.body, id=f"privacy-{index}", classes="privacy-text", markup=False
                )
            key = language_key("privacy.teamleader")
            yield Button(f"{_('What my teamleader sees')} ({key})", id="teamleader-preview")
        yield KeyBar()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "teamleader-preview":
            event.stop()
            self.action_teamleader_preview()

    def action_teamleader_preview(self) -> None:
        from wellbeing.tui.screens.team import TeamPreviewScreen

        self.app.push_screen(TeamPreviewScreen())

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("What my teamleader sees"),
            _("The team screen as your teamleader sees it"),
            self.action_teamleader_preview,
        )

    def on_mount(self) -> None:
        self.sub_title = _("Privacy")
        self.query_one("#privacy-body").focus()

    async def relabel(self) -> None:
        await self.recompose()
        self.on_mount()

    def action_back(self) -> None:
        self.dismiss()


class FirstRunNotice(Dialog[None]):
    """What is stored, where, and who sees what: said once, before the first check-in."""

    DEFAULT_CSS = """
    FirstRunNotice {
        align: center middle;
    }
    #notice-dialog {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $primary;
        background: $panel;
    }
    #notice-title {
        text-style: bold;
        margin-bottom: 1;
    }
    #notice-body {
        height: auto;
        max-height: 18;
    }
    .notice-text {
        margin-bottom: 1;
    }
    #notice-buttons {
        height: auto;
        align: right middle;
    }
    """

    # Enter too, wherever the focus is: Tab moves it from the button to the text.
    BINDINGS = [
        Binding("escape", "understood", N_("Understood"), id="notice.ok"),
        Binding("enter", "understood", show=False),
    ]

    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        with Vertical(id="notice-dialog"):
            yield Label(_("Before you start"), id="notice-title")
            with VerticalScroll(id="notice-body"):
                for text in first_run_lines(self.view.database, self.view.k):
                    yield Static(text, classes="notice-text", markup=False)
            with Horizontal(id="notice-buttons"):
                yield Button(
                    _("Understood"), variant="primary", id="notice-understood", compact=True
                )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#notice-understood", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_understood(self) -> None:
        self.dismiss(None)


def offer_first_run_notice(app: WellbeingApp, service: Wellbeing) -> None:
    """Show the notice unless this person has dismissed it before (read off the UI thread)."""

    def check() -> None:
        from wellbeing.settings import Settings
        from wellbeing.tui.settings_views import load_settings_view

        try:
            if Settings().privacy_notice_seen:
                return
            view = load_settings_view(service)
        except Exception as exc:
            _report_from_worker(app, _("Your settings could not be read: {reason}"), exc)
            return
        app.call_from_thread(show, view)

    def show(view: SettingsView) -> None:
        app.push_screen(FirstRunNotice(view), lambda _result: remember(app))

    app.run_worker(check, thread=True, group="first-run", exit_on_error=False)


def remember(app: WellbeingApp) -> None:
    """Note in the settings file that the notice was read, so it is not shown again."""

    def save() -> None:
        from wellbeing.settings import save_settings

        try:
            save_settings(privacy_notice_seen=True)
        except Exception as exc:
            _report_from_worker(app, _("Your settings could not be saved: {reason}"), exc)

    app.run_worker(save, thread=True, group="first-run", exit_on_error=False)


def _report_from_worker(app: WellbeingApp, template: str, exc: Exception) -> None:
    """One line about what failed, shown from a thread worker; never a traceback."""
    text = template.format(reason=reason(exc))
    app.call_from_thread(app.notify, text, severity="error", markup=False)
