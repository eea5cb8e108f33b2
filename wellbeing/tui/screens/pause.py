"""A guided pause: choose 2, 5 or 10 minutes, breathe along a calm countdown, log it as a break.

The countdown reads a clock (the service's, so tests move a frozen clock instead of waiting)
on every tick of a Textual timer; the pause is as long as the clock says, not as the number of
ticks. While another screen covers it (the help page, the keys list) the countdown holds, and
it goes on from there when the pause is shown again. A logged pause goes into the check-in
form's breaks field and is saved with the next check-in, never written on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal, cast

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Digits, Label, OptionList
from textual.widgets.option_list import Option

from wellbeing.i18n import N_, _
from wellbeing.tui.pause_guide import (
    PAUSE_CHOICES,
    break_span,
    breath_phase,
    countdown,
    prompt_at,
    whole_minute,
)
from wellbeing.tui.screens.base import Dialog
from wellbeing.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from wellbeing.tui.app import WellbeingApp

Clock = Callable[[], datetime]
Shift = Callable[[], "tuple[datetime, datetime] | None"]
"""The start and end of the shift a logged pause would be a break of, asked when the pause
ends; None when there is no such shift (then the pause cannot be logged)."""
Phase = Literal["choose", "running", "ended"]

DEFAULT_TICK = 0.25
"""Seconds between two looks at the clock: often enough for a smooth seconds display."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def no_shift() -> None:
    """Opened where no shift is being filled in: the pause can be taken, not logged."""
    return None


class PauseScreen(Dialog["str | None"]):
    """Dismisses with the logged break ('HH:MM-HH:MM'), or None when it was not logged."""

    DEFAULT_CSS = """
    PauseScreen { align: center middle; }
    #pause-dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $accent;
        border-title-color: $accent;
        background: $panel;
    }
    #pause-dialog Label { width: 1fr; }
    #pause-choices { height: auto; margin: 1 0; }
    #pause-countdown { width: auto; margin: 1 0; }
    #pause-breath { text-style: bold; color: $text-accent; }
    #pause-prompt { margin-top: 1; height: 2; }
    #pause-result { margin-bottom: 1; }
    .-hidden { display: none; }
    """

    BINDINGS = [
        Binding("s", "stop", N_("Stop early"), id="pause.stop"),
        # y in English; the app's keymap puts it on j in Dutch and o in French.
        Binding("y", "log", N_("Log as break"), id="pause.log"),
        Binding("n", "close", N_("Don't log"), id="pause.skip"),
        # Escape stops a running pause and otherwise closes; the hint lines say so.
        Binding("escape", "back", N_("Close"), id="pause.close", show=False),
    ]

    phase: reactive[Phase] = reactive("choose", init=False)

    def __init__(
        self,
        minutes: int | None = None,
        *,
        shift: Shift = no_shift,
        clock: Clock | None = None,
        tick: float = DEFAULT_TICK,
    ) -> None:
        super().__init__()
        self.shift = shift
        self.suggested = minutes if minutes in PAUSE_CHOICES else PAUSE_CHOICES[1]
        self.clock = clock
        self.tick = tick
        self.minutes = self.suggested
        self.started: datetime | None = None
        self.ended: datetime | None = None
        self.span: str | None = None
        self.loggable = False
        """Whether the pause lies inside `shift`, so it can be one of its breaks."""
        self.held = timedelta(0)
        """How long the countdown held while other screens covered it, before the present
        hold if there is one."""
        self.held_since: datetime | None = None
        """When the present hold began; None while the pause is shown."""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="pause-dialog"):
            yield Label(_("How long would you like to pause?"), id="pause-question")
            yield OptionList(
                *(
                    Option(_("{minutes} minutes").format(minutes=m), id=str(m))
                    for m in PAUSE_CHOICES
                ),
                id="pause-choices",
            )
            yield Label(
                _("Enter starts the pause; Escape closes."), id="pause-choose-hint", markup=False
            )
            yield Digits("", id="pause-countdown", classes="-hidden")
            yield Label("", id="pause-breath", classes="-hidden", markup=False)
            yield Label("", id="pause-prompt", classes="-hidden", markup=False)
            yield Label("", id="pause-result", classes="-hidden", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#pause-dialog").border_title = _("Guided pause")
        if self.clock is None:
            service = cast("WellbeingApp", self.app).service
            self.clock = service.clock if service is not None else utc_now
        choices = self.query_one(OptionList)
        choices.highlighted = PAUSE_CHOICES.index(self.suggested)
        choices.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.phase == "running"
        if action in ("log", "close"):
            return self.phase == "ended" and (action == "close" or self.loggable)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.start(int(event.option.id or self.suggested))

    def start(self, minutes: int) -> None:
        """Begin the countdown of `minutes` minutes now."""
        self.minutes = minutes
        self.started = self.now()
        self.phase = "running"
        self._timer = self.set_interval(self.tick, self.look_at_clock)
        self.look_at_clock()

    def now(self) -> datetime:
        return (self.clock or utc_now)()

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    def time_held(self, now: datetime) -> timedelta:
        """How long the countdown has held until `now`, the present hold included."""
        holding = now - self.held_since if self.held_since is not None else timedelta(0)
        return self.held + holding

    def on_screen_suspend(self) -> None:
        """Another screen covers the pause (help, the keys list, the command palette): the
        countdown holds, so that the person comes back to the time they had left."""
        if self.phase == "running" and self.held_since is None:
            self.held_since = self.now()
            if self._timer is not None:
                self._timer.pause()

    def on_screen_resume(self) -> None:
        """Shown again: the countdown goes on from where it held."""
        if self.held_since is None:
            return
        self.held = self.time_held(self.now())
        self.held_since = None
        if self.phase == "running" and self._timer is not None:
            self._timer.resume()
            self.look_at_clock()

    def look_at_clock(self) -> None:
        """Show what is left, the breath and the prompt; end the pause when the time is up.
        The pause ends that long after it began, plus the time the countdown held."""
        if self.phase != "running" or self.started is None:
            return
        now = self.now()
        held = self.time_held(now)
        elapsed = now - self.started - held
        if elapsed >= self.duration:
            self.finish(self.started + held + self.duration)
            return
        self.query_one("#pause-countdown", Digits).update(countdown(self.duration - elapsed))
        self.query_one("#pause-breath", Label).update(breath_phase(elapsed))
        self.query_one("#pause-prompt", Label).update(prompt_at(elapsed))

    def finish(self, ended: datetime) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.ended = ended
        started = self.started or ended
        self.span = break_span(started, ended)
        minutes = round((ended - started).total_seconds() / 60)
        shift = self.shift()
        self.loggable = (
            self.span is not None
            and shift is not None
            and shift[0] <= whole_minute(started)
            and whole_minute(ended) <= shift[1]
        )
        if self.span is None:
            text = _("Your pause lasted less than a minute: too short to log as a break.")
        elif not self.loggable:
            text = _(
                "You paused for {minutes} min ({span}).\n"
                "It falls outside the shift in your check-in form, so it cannot be logged as "
                "one of its breaks."
            ).format(minutes=minutes, span=self.span)
        else:
            text = _(
                "You paused for {minutes} min ({span}).\n"
                "Log it as a break? It goes into the check-in form and is saved with your "
                "next check-in."
            ).format(minutes=minutes, span=self.span)
        self.query_one("#pause-result", Label).update(text)
        self.phase = "ended"

    def watch_phase(self, phase: Phase) -> None:
        choosing, running, ended = phase == "choose", phase == "running", phase == "ended"
        for selector in ("#pause-question", "#pause-choices", "#pause-choose-hint"):
            self.query_one(selector).set_class(not choosing, "-hidden")
        for selector in ("#pause-countdown", "#pause-breath", "#pause-prompt"):
            self.query_one(selector).set_class(not running, "-hidden")
        self.query_one("#pause-result").set_class(not ended, "-hidden")
        if running:
            self.query_one("#pause-countdown").focus()
        self.refresh_bindings()

    def action_stop(self) -> None:
        if self.phase == "running":
            now = self.now()
            started = self.started or now
            self.finish(min(now, started + self.time_held(now) + self.duration))

    def action_back(self) -> None:
        """Escape: during the countdown it stops the pause; otherwise it closes without logging."""
        if self.phase == "running":
            self.action_stop()
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_log(self) -> None:
        if self.phase != "ended" or self.span is None or not self.loggable:
            return
        self.dismiss(self.span)

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.phase == "running":
            yield SystemCommand(_("Stop the pause"), _("End the pause early"), self.action_stop)
        if self.phase == "ended" and self.span is not None and self.loggable:
            yield SystemCommand(
                _("Log the pause as a break"),
                _("Add it to the breaks of your check-in form"),
                self.action_log,
            )
