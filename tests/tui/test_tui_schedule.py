"""The plan in the app: the form starts from it, missed check-ins are listed, feedback compares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static, Switch

from tests.support.clock import FrozenClock
from tests.support.pilot import app_on, form, settle, type_form
from tests.support.schedule_samples import IEX_EXPORT, write
from tests.support.screen_text import screen_lines
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing
from wellbeing.settings import Settings, settings_file
from wellbeing.tui.form_values import FormValues
from wellbeing.tui.screens.checkin import CheckinScreen
from wellbeing.tui.screens.feedback import FeedbackScreen
from wellbeing.tui.screens.missing import MissingScreen

# Today (27 November, 18:00 in Brussels) a late shift is under way; two days ago a day shift
# ended without a check-in.
TODAY_LATE = "2026-11-27T14:00,2026-11-27T22:00,16:00-16:15;19:00-19:15\n"
MISSED_DAY = "2026-11-25T08:00,2026-11-25T16:30,10:30-10:45;12:30-13:00\n"


async def test_the_form_starts_from_the_planned_shift_of_the_day(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    service.import_schedule(TODAY_LATE.encode(), "plan.csv")
    app = app_on(db_url, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        assert form(pilot).values() == FormValues(
            date="2026-11-27", start="14:00", end="22:00", breaks="16:00-16:15, 19:00-19:15"
        )


async def test_without_a_plan_for_the_day_the_form_starts_from_the_usual_hours(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    service.import_schedule(b"2026-12-03T14:00,2026-12-03T22:00\n", "plan.csv")
    app = app_on(db_url, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert form(pilot).values() == FormValues(date="2026-11-27", start="09:00", end="17:00")


async def test_a_planned_shift_without_a_check_in_is_listed_when_the_app_opens(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    service.import_schedule(MISSED_DAY.encode(), "plan.csv")
    app = app_on(db_url, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MissingScreen)
        choices = app.screen.query_one(OptionList)
        assert [str(choices.get_option_at_index(0).prompt)] == [
            "2026-11-25 08:00-16:30, 2 planned breaks"
        ]


async def test_enter_on_a_missed_shift_fills_the_form_from_its_plan(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    service.import_schedule(MISSED_DAY.encode(), "plan.csv")
    app = app_on(db_url, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        assert form(pilot).values() == FormValues(
            date="2026-11-25", start="08:00", end="16:30", breaks="10:30-10:45, 12:30-13:00"
        )


async def test_a_shift_with_a_check_in_is_not_listed_as_missed(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    service.import_schedule(MISSED_DAY.encode(), "plan.csv")
    service.record_checkin(
        {"start": "2026-11-25T08:05", "end": "2026-11-25T16:30", "stress": 4, "energy": 6}
    )
    app = app_on(db_url, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)


async def test_the_feedback_compares_planned_and_taken_breaks_and_says_the_shift_ran_over(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    clock.set(datetime(2026, 11, 27, 21, 50, tzinfo=UTC))  # 22:50, the shift just over
    plan = "2026-11-27T14:00,2026-11-27T22:00,16:00-16:15;19:00-19:15\n"
    service.import_schedule(plan.encode(), "plan.csv")
    app = app_on(db_url, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the shift has just ended: it is offered as missed
        await settle(pilot)
        await type_form(pilot, end="22:40", breaks="17:00-17:10", stress="6", energy="4")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        text = str(app.screen.query_one("#feedback-plan", Static).render())
        assert "planned 2 breaks of 15 min; you took 1 break of 10 min" in text
        assert "your shift ran 40 min past its planned end of 22:00" in text


async def test_in_french_the_planned_and_taken_breaks_are_joined_by_a_spaced_semicolon(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    clock.set(datetime(2026, 11, 27, 21, 50, tzinfo=UTC))  # 22:50, the shift just over
    plan = "2026-11-27T14:00,2026-11-27T22:00,16:00-16:15;19:00-19:30\n"
    service.import_schedule(plan.encode(), "plan.csv")
    set_language("fr")
    try:
        app = app_on(db_url, clock)
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("enter")  # the shift has just ended: it is offered as missed
            await settle(pilot)
            await type_form(pilot, breaks="16:00-16:15, 19:00-19:30", stress="6", energy="4")
            await pilot.press("ctrl+s")
            await settle(pilot)
            text = str(app.screen.query_one("#feedback-plan", Static).render())
    finally:
        set_language("en")
    expected = "2 pauses planifiées, 45 min au total ; vous en avez pris 2, 45 min au total."
    assert f"Pauses : {expected}" in text


async def open_settings(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)


async def press_button(pilot, selector: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(selector).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_the_settings_switch_turns_reminders_on(db_url: str, clock: FrozenClock) -> None:
    app = app_on(db_url, clock)
    async with app.run_test(size=(100, 60)) as pilot:
        await open_settings(pilot)
        assert Settings().reminders is False
        pilot.app.screen.query_one("#reminders", Switch).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert Settings().reminders is True


async def test_settings_refuse_an_unknown_day_off_naming_the_field_and_save_nothing(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_on(db_url, clock)
    async with app.run_test(size=(100, 60)) as pilot:
        await open_settings(pilot)
        pilot.app.screen.query_one("#days-off", Input).value = "za, feestdag"
        await press_button(pilot, "#save-reminders")
        error = str(pilot.app.screen.query_one("#plan-error", Label).render())
        assert error == "Days off: 'feestdag' is not a day; use names such as sat, sun"
        assert not settings_file().exists()


UNKNOWN_DAY_OFF = {
    "en": "Days off: 'zon' is not a day; use names such as sat, sun",
    "nl": "Vrije dagen: 'zon' is geen dag; gebruik namen zoals za, zo",
    "fr": "Jours de congé : 'zon' n'est pas un jour ; utilisez des noms comme sam, dim",
}


async def test_a_refusal_longer_than_the_line_wraps_whole_at_80_columns(
    db_url: str, clock: FrozenClock, language: str
) -> None:
    app = app_on(db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        days_off = pilot.app.screen.query_one("#days-off", Input)
        days_off.focus()
        days_off.value = ""
        await pilot.press(*"zaterdag, zon", "ctrl+r")
        await settle(pilot)
        shown = " ".join(line.strip() for line in screen_lines(app))
    assert UNKNOWN_DAY_OFF[language] in shown


@pytest.mark.parametrize("typed", ["²", "٣0", "4", "721"])
async def test_settings_refuse_a_reminder_delay_that_is_not_5_to_720_ascii_minutes(
    db_url: str, clock: FrozenClock, typed: str
) -> None:
    app = app_on(db_url, clock)
    async with app.run_test(size=(100, 60)) as pilot:
        await open_settings(pilot)
        pilot.app.screen.query_one("#remind-after", Input).value = typed
        await press_button(pilot, "#save-reminders")
        error = str(pilot.app.screen.query_one("#plan-error", Label).render())
        assert error == "Remind after (min): must be a whole number from 5 to 720"
        assert not settings_file().exists()


async def test_settings_save_the_allowed_hours_and_days_off_in_dutch_day_names(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_on(db_url, clock)
    async with app.run_test(size=(100, 60)) as pilot:
        await open_settings(pilot)
        screen = pilot.app.screen
        screen.query_one("#remind-from", Input).value = "7:30"
        screen.query_one("#remind-until", Input).value = "19:00"
        screen.query_one("#days-off", Input).value = "za, zo"
        await press_button(pilot, "#save-reminders")
        saved = Settings()
        assert (saved.remind_from, saved.remind_until, saved.days_off) == (
            "07:30",
            "19:00",
            ["sat", "sun"],
        )


async def test_a_schedule_file_is_imported_from_the_settings(
    db_url: str, clock: FrozenClock, service: Wellbeing, tmp_path: Path
) -> None:
    path = write(tmp_path, "team.txt", IEX_EXPORT)
    app = app_on(db_url, clock)
    async with app.run_test(size=(100, 60)) as pilot:
        await open_settings(pilot)
        screen = pilot.app.screen
        screen.query_one("#schedule-file", Input).value = str(path)
        screen.query_one("#agent-id", Input).value = "4711"
        await press_button(pilot, "#import-schedule")
        result = str(screen.query_one("#plan-result", Label).render())
        assert result.startswith("Imported 2 planned shifts: 2 new")
    assert len(service.planned_shifts(datetime(2026, 1, 1, tzinfo=UTC), clock.now)) == 2
    assert Settings().wfm_agent_id == "4711"


async def test_the_missed_check_ins_come_back_from_the_command_palette(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    service.import_schedule(MISSED_DAY.encode(), "plan.csv")
    app = app_on(db_url, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("escape")  # "later"
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("ctrl+p", *"Missed check", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MissingScreen)


@pytest.fixture(params=["en", "nl", "fr"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


async def import_with_ctrl_o(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+o")
    await settle(pilot)


async def import_from_the_palette(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p", *_("Import schedule"))
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("way", [import_with_ctrl_o, import_from_the_palette])
async def test_ctrl_o_or_the_palette_imports_the_schedule_file_named_in_settings(
    db_url: str,
    clock: FrozenClock,
    service: Wellbeing,
    tmp_path: Path,
    language: str,
    way: Callable[[Pilot[None]], Awaitable[None]],
) -> None:
    path = write(tmp_path, "team.txt", IEX_EXPORT)
    app = app_on(db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        screen = pilot.app.screen
        screen.query_one("#schedule-file", Input).value = str(path)
        screen.query_one("#agent-id", Input).value = "4711"
        screen.query_one("#agent-id", Input).focus()  # the key works from inside a field
        await way(pilot)
        shown = app.screen
    assert shown is screen
    assert len(service.planned_shifts(datetime(2026, 1, 1, tzinfo=UTC), clock.now)) == 2


async def save_with_ctrl_r(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+r")
    await settle(pilot)


async def save_from_the_palette(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p", *_("Save reminders"))
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("way", [save_with_ctrl_r, save_from_the_palette])
async def test_ctrl_r_or_the_palette_saves_the_reminders_as_typed(
    db_url: str,
    clock: FrozenClock,
    language: str,
    way: Callable[[Pilot[None]], Awaitable[None]],
) -> None:
    app = app_on(db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        screen = pilot.app.screen
        screen.query_one("#remind-after", Input).value = "45"
        screen.query_one("#days-off", Input).value = "za, zo"
        screen.query_one("#days-off", Input).focus()
        await way(pilot)
    saved = Settings()
    assert (saved.remind_after_minutes, saved.days_off) == (45, ["sat", "sun"])


async def test_the_keys_list_of_settings_names_import_and_reminders(
    db_url: str, clock: FrozenClock, language: str
) -> None:
    app = app_on(db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await pilot.press("f10")
        await settle(pilot)
        lines = [line.strip() for line in screen_lines(app)]
        expected = [f"^o  {_('Import schedule')}", f"^r  {_('Save reminders')}"]
        own = lines.index(_("On this screen"))
        everywhere = lines.index(_("Everywhere"))
    assert all(own < lines.index(line) < everywhere for line in expected)
