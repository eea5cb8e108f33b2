"""The guided pause: choose its length, a calm countdown, and logging it as a break.

The pause reads the service's clock; the tests move the frozen clock and let the timer notice,
so no test waits minutes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, Label

from tests.support.clock import FrozenClock
from tests.support.pilot import app_on, settle, to_first_field
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.pause_guide import (
    BREATH_SECONDS,
    BREATHS_PER_PROMPT,
    break_span,
    breath_phase,
    countdown,
    prompt_at,
)
from wellbeing.tui.screens.checkin import CheckinScreen
from wellbeing.tui.screens.help import HelpScreen
from wellbeing.tui.screens.keys import KeysScreen
from wellbeing.tui.screens.pause import PauseScreen
from wellbeing.tui.widgets.checkin_form import CheckinForm

TICK = 0.3  # a little longer than the screen's own tick, so the clock has been read
MIDDAY = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # 12:00 in Brussels


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    """Midday, during the 09:00-17:00 shift the form offers: a pause now fits in it."""
    clock.set(MIDDAY)
    return app_on(db_url, clock)


def breaks_field(app: WellbeingApp) -> str:
    [form_screen] = [s for s in app.get_screen_stack("checkin") if isinstance(s, CheckinScreen)]
    return form_screen.query_one(CheckinForm).field("breaks").value


def shown(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Label).render())


async def start_pause(pilot: Pilot[None], *choice: str) -> None:
    """Open the pause with ctrl+g, move in the list of lengths, start with Enter."""
    await settle(pilot)
    await pilot.press("ctrl+g")
    await pilot.pause()
    await pilot.press(*choice, "enter")
    await pilot.pause()


async def let_time_pass(pilot: Pilot[None], clock: FrozenClock, **elapsed: float) -> None:
    clock.set(clock.now + timedelta(**elapsed))
    await pilot.pause(TICK)
    screen = pilot.app.screen
    if isinstance(screen, PauseScreen):
        # The timer's own look at the clock, in case a loaded machine delayed its tick.
        screen.look_at_clock()
        await pilot.pause()


async def test_a_finished_pause_logged_as_a_break_is_in_the_forms_breaks_field(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot)
        await let_time_pass(pilot, clock, minutes=5)
        result = shown(pilot, "#pause-result")
        await pilot.press("y")
        await pilot.pause()
        breaks = breaks_field(app)
        screen = app.screen
    assert "You paused for 5 min (12:00-12:05)." in result
    assert breaks == "12:00-12:05"
    assert isinstance(screen, CheckinScreen)


async def test_a_logged_pause_is_added_after_the_breaks_already_typed(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await to_first_field(pilot)
        await pilot.press("tab", "tab", "tab", *"10:00-10:15")
        await start_pause(pilot, "up")  # 2 minutes
        await let_time_pass(pilot, clock, minutes=2)
        await pilot.press("y")
        await pilot.pause()
        breaks = breaks_field(app)
    assert breaks == "10:00-10:15, 12:00-12:02"


async def test_the_pause_returns_the_logged_break_to_whoever_opened_it(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    returned: list[str | None] = []
    shift = (MIDDAY - timedelta(hours=1), MIDDAY + timedelta(hours=1))
    async with app.run_test() as pilot:
        await settle(pilot)
        app.push_screen(PauseScreen(2, shift=lambda: shift), returned.append)
        await pilot.pause()
        await pilot.press("enter")
        await let_time_pass(pilot, clock, minutes=2)
        await pilot.press("y")
        await pilot.pause()
        breaks = breaks_field(app)
    assert returned == ["12:00-12:02"]
    assert breaks == ""  # the opener, not the dialog, decides where the break goes


async def test_a_pause_taken_over_another_screen_is_logged_in_the_check_in_form(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await start_pause(pilot)
        await let_time_pass(pilot, clock, minutes=5)
        await pilot.press("y")
        await pilot.pause()
        mode = app.current_mode
        breaks = breaks_field(app)
    assert mode == "history"
    assert breaks == "12:00-12:05"


async def test_the_countdown_shows_the_time_left_and_a_breathing_prompt(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot, "down")  # 10 minutes
        await let_time_pass(pilot, clock, seconds=1)
        at_start = (
            app.screen.query_one(Digits).value,
            shown(pilot, "#pause-breath"),
            shown(pilot, "#pause-prompt"),
        )
        await let_time_pass(pilot, clock, seconds=44)
        later = (
            app.screen.query_one(Digits).value,
            shown(pilot, "#pause-breath"),
            shown(pilot, "#pause-prompt"),
        )
    assert at_start[:2] == ("9:59", "Breathe in…")
    assert later[:2] == ("9:15", "Breathe out…")
    assert later[2] != at_start[2]


async def test_stopping_early_offers_to_log_the_time_really_paused(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot)
        await let_time_pass(pilot, clock, minutes=3)
        await pilot.press("s")
        await pilot.pause()
        result = shown(pilot, "#pause-result")
        await pilot.press("y")
        await pilot.pause()
        breaks = breaks_field(app)
    assert "You paused for 3 min (12:00-12:03)." in result
    assert breaks == "12:00-12:03"


@pytest.mark.parametrize(("key", "page"), [("f1", HelpScreen), ("f10", KeysScreen)])
async def test_the_countdown_holds_while_help_is_open_and_goes_on_when_it_closes(
    app: WellbeingApp, clock: FrozenClock, key: str, page: type
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot)  # 5 minutes
        await let_time_pass(pilot, clock, minutes=1)
        await pilot.press(key)
        await settle(pilot)
        over = app.screen
        await let_time_pass(pilot, clock, minutes=10)  # reading the support lines, or the keys
        await pilot.press("escape")
        await settle(pilot)
        await let_time_pass(pilot, clock, seconds=1)
        back = app.screen
        assert isinstance(back, PauseScreen)
        phase, left = back.phase, back.query_one(Digits).value
        await let_time_pass(pilot, clock, minutes=4)
        result = shown(pilot, "#pause-result")
        await pilot.press("y")
        await pilot.pause()
        breaks = breaks_field(app)
    assert isinstance(over, page)
    assert (phase, left) == ("running", "3:59")
    # The break is the whole time away, the help page included.
    assert "You paused for 15 min (12:00-12:15)." in result
    assert breaks == "12:00-12:15"


async def test_stopping_early_after_help_logs_the_time_really_paused(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot)  # 5 minutes
        await let_time_pass(pilot, clock, minutes=1)
        await pilot.press("f1")
        await settle(pilot)
        await let_time_pass(pilot, clock, minutes=7)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        result = shown(pilot, "#pause-result")
    assert "You paused for 8 min (12:00-12:08)." in result


async def test_a_pause_declined_as_a_break_leaves_the_form_as_it_was(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot)
        await let_time_pass(pilot, clock, minutes=5)
        await pilot.press("n")
        await pilot.pause()
        breaks = breaks_field(app)
        screen = app.screen
    assert breaks == ""
    assert isinstance(screen, CheckinScreen)


async def test_a_pause_of_less_than_a_minute_cannot_be_logged(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot)
        await let_time_pass(pilot, clock, seconds=20)
        await pilot.press("s")
        await pilot.pause()
        result = shown(pilot, "#pause-result")
        await pilot.press("y")
        await pilot.pause()
        still_open = isinstance(app.screen, PauseScreen)
        breaks = breaks_field(app)
    assert "too short to log as a break" in result
    assert still_open
    assert breaks == ""


async def test_the_pause_keys_are_shown_with_ids_while_counting_down(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot)
        keys = {
            active.binding.id: active.binding.description
            for active in app.screen.active_bindings.values()
            if active.binding.show
        }
    assert keys == {
        "app.quit": "Quit",
        "help.open": "Help",
        "keys.open": "Keys",
        "pause.stop": "Stop early",
    }


async def test_the_guided_pause_is_in_the_command_palette(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Guided pause")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, PauseScreen)


def test_the_countdown_reads_zero_only_when_the_time_is_up() -> None:
    assert countdown(timedelta(minutes=5)) == "5:00"
    assert countdown(timedelta(seconds=0.2)) == "0:01"
    assert countdown(timedelta(0)) == "0:00"


def test_breathing_in_lasts_four_seconds_and_out_six() -> None:
    phases = [breath_phase(timedelta(seconds=s)) for s in range(BREATH_SECONDS + 1)]
    assert phases == ["Breathe in…"] * 4 + ["Breathe out…"] * 6 + ["Breathe in…"]


def test_the_prompt_changes_every_few_breaths() -> None:
    every = BREATH_SECONDS * BREATHS_PER_PROMPT
    first, same, next_one = (prompt_at(timedelta(seconds=s)) for s in (0, every - 1, every))
    assert first == same
    assert next_one != first


def test_a_break_is_written_in_brussels_time_to_the_nearest_minute() -> None:
    # 27 November: Brussels is UTC+1.
    started = datetime(2026, 11, 27, 16, 59, 40, tzinfo=UTC)
    assert break_span(started, started + timedelta(minutes=5)) == "18:00-18:05"


def test_a_break_in_summer_time_is_two_hours_ahead_of_utc() -> None:
    started = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert break_span(started, started + timedelta(minutes=10)) == "12:00-12:10"


def test_less_than_a_minute_on_the_clock_is_not_a_break() -> None:
    started = datetime(2026, 11, 27, 17, 0, 0, tzinfo=UTC)
    assert break_span(started, started + timedelta(seconds=25)) is None


async def test_stopping_and_logging_the_pause_are_palette_commands(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await start_pause(pilot)
        await let_time_pass(pilot, clock, minutes=4)
        await pilot.press("ctrl+p", *"Stop the pause")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+p", *"Log the pause as a break")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        breaks = breaks_field(app)
    assert breaks == "12:00-12:04"


async def test_a_pause_outside_the_shift_in_the_form_is_not_offered_as_a_break(
    app: WellbeingApp, clock: FrozenClock
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        clock.set(datetime(2026, 11, 27, 3, 11, tzinfo=UTC))  # 04:11, before the 09:00 start
        await start_pause(pilot, "up")  # 2 minutes
        await let_time_pass(pilot, clock, minutes=2)
        result = shown(pilot, "#pause-result")
        log_offered = app.screen.check_action("log", ())
        await pilot.press("y")
        await pilot.pause()
        breaks = breaks_field(app)
    assert "outside the shift in your check-in form" in result
    assert not log_offered
    assert breaks == ""
