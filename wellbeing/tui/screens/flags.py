"""Open flags: the overall level on top, a compact list of flags, the selected one explained
below it; acknowledge or snooze by key.

Acknowledging keeps a flag open but no longer new; snoozing hides it for 1, 3 or 7 days. Both
are undone by the service when the flag's level rises.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, ListView

from wellbeing.i18n import N_, _, ngettext
from wellbeing.presentation.to_watch import count_to_watch
from wellbeing.tui.finding_views import FlagView
from wellbeing.tui.screens.base import AppScreen, Dialog
from wellbeing.tui.widgets.database_status import DatabaseStatus
from wellbeing.tui.widgets.findings import OverallBanner
from wellbeing.tui.widgets.flag_card import FlagDetail, FlagItem
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wellbeing.services import Wellbeing
    from wellbeing.tui.app import WellbeingApp

SNOOZE_DAYS = (1, 3, 7)


class SnoozeScreen(Dialog[int | None]):
    """How long to hide a flag: 1, 3 or 7 days, by digit key."""

    DEFAULT_CSS = """
    SnoozeScreen { align: center middle; }
    #snooze-dialog {
        width: 56;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $accent;
        background: $panel;
    }
    #snooze-question { width: 1fr; margin-bottom: 1; }
    #snooze-buttons { height: auto; }
    #snooze-buttons Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("1", "snooze(1)", N_("1 day"), id="snooze.1"),
        Binding("3", "snooze(3)", N_("3 days"), id="snooze.3"),
        Binding("7", "snooze(7)", N_("7 days"), id="snooze.7"),
        Binding("escape", "cancel", N_("Cancel"), id="snooze.cancel"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.flag_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="snooze-dialog"):
            question = _("Hide this flag for how long? It comes back sooner if it gets worse.")
            yield Label(f"{self.flag_title}\n\n{question}", id="snooze-question", markup=False)
            with Horizontal(id="snooze-buttons"):
                for days in SNOOZE_DAYS:
                    label = ngettext("{days} day", "{days} days", days).format(days=days)
                    yield Button(
                        f"{label} ({days})", id=f"snooze-{days}", compact=True, variant="primary"
                    )
        yield KeyBar()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(int((event.button.id or "").removeprefix("snooze-")))

    def action_snooze(self, days: int) -> None:
        self.dismiss(days)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FlagsScreen(AppScreen):
    """Loads in a worker when the database opens and after every check-in or questionnaire."""

    DEFAULT_CSS = """
    #flags-body { padding: 0 1; height: 1fr; }
    #flags-empty { padding: 1 0; color: $text-muted; }
    #flags-list { height: auto; max-height: 40%; background: $surface; }
    #flags-list > FlagItem.-highlight { background: $boost; }
    """

    FAILURES = {
        "flags-load": N_("Your flags could not be read: {reason}"),
        "flags-change": N_("The flag was not changed: {reason}"),
    }

    BINDINGS = [
        Binding(
            "a",
            "acknowledge",
            N_("Mark seen"),
            id="flags.acknowledge",
            tooltip=N_("Mark the selected flag as seen"),
        ),
        Binding(
            "s",
            "snooze",
            N_("Snooze"),
            id="flags.snooze",
            tooltip=N_("Hide the selected flag for 1, 3 or 7 days"),
        ),
        Binding(
            "p",
            "pause",
            N_("Guided pause"),
            id="flags.pause",
            tooltip=N_("Start the pause this flag suggests"),
        ),
        Binding("f5", "reload", N_("Refresh"), id="flags.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, overall: str, flags: tuple[FlagView, ...]) -> None:
            super().__init__()
            self.overall = overall
            self.flags = flags

    class Changed(Message):
        """A flag was acknowledged or snoozed; `text` says what happened."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Gone(Message):
        """The flag was closed in the meantime (its condition cleared), e.g. from the CLI."""

    def __init__(self) -> None:
        super().__init__()
        self.flags: tuple[FlagView, ...] = ()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DatabaseStatus(id="database-status")
        with Vertical(id="flags-body"):
            yield OverallBanner(id="flags-overall")
            yield Label("", id="flags-empty", markup=False)
            yield ListView(id="flags-list")
            yield FlagDetail(id="flags-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Flags")
        self.query_one("#flags-overall").display = False
        self.query_one("#flags-empty").display = False
        self.watch(self.app, "service", self.action_reload)
        self.watch(self.app, "data_version", self.action_reload, init=False)

    @property
    def flag_list(self) -> ListView:
        return self.query_one("#flags-list", ListView)

    def selected(self) -> FlagView | None:
        item = self.flag_list.highlighted_child
        return item.flag if isinstance(item, FlagItem) else None

    def action_reload(self) -> None:
        if self.service is not None:
            self._load(self.service)

    @work(thread=True, exclusive=True, group="flags-load", exit_on_error=False)
    def _load(self, service: Wellbeing) -> None:
        from wellbeing.tui.finding_views import flag_views

        overview = service.flags()
        views = flag_views(overview.flags, service.clock())
        self.post_message(self.Loaded(str(overview.overall), views))

    @on(Loaded)
    async def _show_flags(self, message: Loaded) -> None:
        selected = self.selected()
        self.flags = message.flags
        banner = self.query_one(OverallBanner)
        banner.show(message.overall, count_to_watch(flag.finding.level for flag in message.flags))
        banner.display = True
        empty = self.query_one("#flags-empty", Label)
        empty.update(_("No open flags: nothing needs your attention right now."))
        empty.display = not message.flags
        flag_list = self.flag_list
        flag_list.display = bool(message.flags)
        self.query_one(FlagDetail).display = bool(message.flags)
        await flag_list.clear()
        await flag_list.extend(FlagItem(flag) for flag in message.flags)
        ids = [flag.flag_id for flag in message.flags]
        if ids:
            keep = selected.flag_id if selected is not None else None
            flag_list.index = ids.index(keep) if keep in ids else 0
            flag_list.focus()
        await self.query_one(FlagDetail).show(self.selected())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hidden without a selected flag; acknowledging is greyed out once a flag is seen."""
        selected = self.selected()
        if action in ("acknowledge", "snooze", "pause") and selected is None:
            return False
        if action == "acknowledge":
            return True if selected is not None and selected.state == "new" else None
        if action == "pause":
            return selected is not None and selected.finding.pause_minutes is not None
        return True

    async def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        await self.query_one(FlagDetail).show(self.selected())
        self.refresh_bindings()

    def action_acknowledge(self) -> None:
        service, flag = self.service, self.selected()
        if service is not None and flag is not None:
            self._acknowledge(service, flag.flag_id)

    @work(thread=True, group="flags-change", exit_on_error=False)
    def _acknowledge(self, service: Wellbeing, flag_id: int) -> None:
        from wellbeing.domain.errors import InputError

        try:
            service.acknowledge_flag(flag_id)
        except InputError:
            self.post_message(self.Gone())
        else:
            self.post_message(
                self.Changed(_("Marked as seen. It comes back as new if it gets worse."))
            )

    def action_snooze(self, days: int | None = None) -> None:
        service, flag = self.service, self.selected()
        if service is None or flag is None:
            return
        if days is not None:
            self._snooze(service, flag.flag_id, days)
            return

        def chosen(picked: int | None) -> None:
            if picked is not None:
                self._snooze(service, flag.flag_id, picked)

        self.app.push_screen(SnoozeScreen(flag.finding.message), chosen)

    @work(thread=True, group="flags-change", exit_on_error=False)
    def _snooze(self, service: Wellbeing, flag_id: int, days: int) -> None:
        from wellbeing.domain.errors import InputError
        from wellbeing.tui.finding_views import local_moment

        try:
            until = service.snooze_flag(flag_id, days)
        except InputError:
            self.post_message(self.Gone())
        else:
            text = _("Snoozed until {moment}. It comes back sooner if it gets worse.")
            self.post_message(self.Changed(text.format(moment=local_moment(until))))

    @on(Changed)
    def _after_change(self, message: Changed) -> None:
        self.notify(message.text, timeout=5, markup=False)
        self.action_reload()

    @on(Gone)
    def _flag_gone(self) -> None:
        self.notify(
            _("This flag is no longer open: what raised it has cleared. The list is read again."),
            severity="warning",
            timeout=6,
            markup=False,
        )
        self.action_reload()

    def action_pause(self) -> None:
        flag = self.selected()
        minutes = flag.finding.pause_minutes if flag else None
        cast("WellbeingApp", self.app).open_pause(minutes)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Refresh flags"), _("Read your open flags again"), self.action_reload)
        if self.check_action("acknowledge", ()):
            yield SystemCommand(
                _("Mark flag as seen"),
                _("Acknowledge the selected flag"),
                self.action_acknowledge,
            )
        if self.check_action("snooze", ()):
            for days in SNOOZE_DAYS:
                yield SystemCommand(
                    ngettext(
                        "Snooze flag for {days} day", "Snooze flag for {days} days", days
                    ).format(days=days),
                    _("Hide the selected flag until then"),
                    lambda days=days: self.action_snooze(days),
                )
        if self.check_action("pause", ()):
            yield SystemCommand(
                _("Guided pause for this flag"),
                _("Start the pause the selected flag suggests"),
                self.action_pause,
            )
