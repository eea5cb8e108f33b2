"""The flags screen: overall level, each open flag explained, acknowledge and snooze by key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from tests.support.broken_database import move_table_away
from tests.support.clock import FrozenClock
from tests.support.notices import notices_into
from tests.support.pilot import app_on, settle, to_first_field
from tests.support.screen_text import screen_lines
from wellbeing.i18n import set_language
from wellbeing.services import Wellbeing, open_database
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.flags import FlagsScreen, SnoozeScreen
from wellbeing.tui.screens.pause import PauseScreen
from wellbeing.tui.widgets.findings import OverallBanner
from wellbeing.tui.widgets.flag_card import FlagDetail, FlagItem


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


def seven_hours_without_a_break(service: Wellbeing) -> None:
    """Raises break.legal (warning) and break.recovery (watch, suggests a micro-pause)."""
    service.record_checkin(
        {"start": "2026-11-27T09:00", "end": "2026-11-27T16:00", "stress": 4, "energy": 6}
    )


async def open_flags(pilot: Pilot[None]) -> FlagsScreen:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FlagsScreen)
    return screen


def items(pilot: Pilot[None]) -> list[FlagItem]:
    return list(pilot.app.screen.query(FlagItem))


def item_text(item: FlagItem) -> str:
    return "\n".join(str(label.render()) for label in item.query("Label"))


def detail_text(pilot: Pilot[None]) -> str:
    pane = pilot.app.screen.query_one(FlagDetail)
    return "\n".join(str(label.render()) for label in pane.query("Label"))


def flag_of(service: Wellbeing, rule_id: str):  # type: ignore[no-untyped-def]
    return next(flag for flag in service.flags().flags if flag.rule_id == rule_id)


async def test_open_flags_are_listed_one_line_each_with_level_state_and_explanation(
    app: WellbeingApp, service: Wellbeing
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test(size=(100, 60)) as pilot:
        await open_flags(pilot)
        listed = items(pilot)
        first = item_text(listed[0])
        heights = [item.outer_size.height for item in listed]
    assert [item.flag.finding.rule_id for item in listed] == ["break.legal", "break.recovery"]
    assert first.startswith("Warning\nNew\nOn 27 November 2026 you worked 7 h 00")
    assert heights == [1, 1]


async def test_the_detail_pane_explains_the_selected_flag_with_date_source_and_suggestion(
    app: WellbeingApp, service: Wellbeing
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test(size=(100, 60)) as pilot:
        await open_flags(pilot)
        detail = detail_text(pilot)
    assert "New · raised at 16:00 on 27 November 2026" in detail
    assert "Warning" in detail
    assert "you worked 7 h 00 and no break of at least 15 minutes" in detail
    assert "Source: Belgian Labour Act of 16 March 1971, art. 38quater" in detail
    assert "→ Take the legal break" in detail


LATE_STATE_LINE = {
    "en": "New · since 26 November 2026, latest 2 December 2026",
    "nl": "Nieuw · sinds 26 november 2026, laatst op 2 december 2026",
    "fr": "Nouvelle · depuis le 26 novembre 2026, la dernière fois le 2 décembre 2026",
}


def a_late_flag(db_url: str, clock: FrozenClock) -> Wellbeing:
    """On 3 December: 2 December's 8 hours without a break, then the forgotten 26 November,
    also without one. The episode begins on 26 November; its text speaks of 2 December."""
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    agent = Wellbeing(open_database(db_url), "agent", clock)
    for day, end in (("2026-12-02", "17:00"), ("2026-11-26", "16:30")):
        agent.record_checkin(
            {"start": f"{day}T09:00", "end": f"{day}T{end}", "stress": 4, "energy": 6}
        )
    return agent


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_a_flag_raised_by_a_late_check_in_names_the_day_it_began_and_its_latest(
    db_url: str, clock: FrozenClock, language: str
) -> None:
    a_late_flag(db_url, clock)
    set_language(language)
    try:
        app = app_on(db_url, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_flags(pilot)
            detail = detail_text(pilot)
            shown = screen_lines(app)
    finally:
        set_language("en")
    assert detail.splitlines()[0] == LATE_STATE_LINE[language]
    assert any(LATE_STATE_LINE[language] in line for line in shown)  # whole at 80 columns
    assert "16:30" not in detail


SNOOZED_LATE_STATE_LINE = {
    "en": "Snoozed until 10:00 on 10 December 2026 · since 26 November 2026, latest 2 December"
    " 2026",
    "nl": "Uitgesteld tot 10:00 op 10 december 2026 · sinds 26 november 2026, laatst op"
    " 2 december 2026",
    "fr": "Reportée jusqu'au 10:00 le 10 décembre 2026 · depuis le 26 novembre 2026, la dernière"
    " fois le 2 décembre 2026",
}


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_a_state_line_longer_than_80_columns_wraps_instead_of_being_cut(
    db_url: str, clock: FrozenClock, language: str
) -> None:
    # The late flag of the test above, snoozed for 7 days: its state line no longer fits.
    agent = a_late_flag(db_url, clock)
    for flag in agent.flags().flags:
        agent.snooze_flag(flag.id, 7)
    set_language(language)
    try:
        app = app_on(db_url, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_flags(pilot)
            shown = " ".join(line.strip() for line in screen_lines(app))
    finally:
        set_language("en")
    assert SNOOZED_LATE_STATE_LINE[language] in shown


async def test_moving_down_the_list_shows_the_next_flag_in_the_detail_pane(
    app: WellbeingApp, service: Wellbeing
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test() as pilot:
        await open_flags(pilot)
        await pilot.press("down")
        await settle(pilot)
        detail = detail_text(pilot)
    assert "without a break of at least 5 minutes" in detail
    assert "art. 38quater" not in detail


async def test_the_overall_level_is_on_top_in_words_and_colour(
    app: WellbeingApp, service: Wellbeing
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test() as pilot:
        await open_flags(pilot)
        banner = app.screen.query_one(OverallBanner)
        words, orange = str(banner.render()), banner.has_class("-orange")
    assert words == "Overall: Orange — something needs your attention"
    assert orange


async def test_green_above_flags_to_watch_says_nothing_is_urgent_and_how_many_to_watch(
    app: WellbeingApp, service: Wellbeing
) -> None:
    # A legal break by 2 h 30, then 5 h without another: one flag to watch, so green.
    service.record_checkin(
        {
            "start": "2026-11-27T09:00",
            "end": "2026-11-27T17:00",
            "breaks": [{"start": "2026-11-27T11:30", "end": "2026-11-27T12:00"}],
            "stress": 3,
            "energy": 7,
        }
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_flags(pilot)
        banner = app.screen.query_one(OverallBanner)
        words, green = str(banner.render()), banner.has_class("-green")
        levels = [item.flag.finding.level for item in items(pilot)]
    assert levels == ["watch"]
    assert green
    assert words == "Overall: Green — nothing urgent; 1 thing to keep an eye on"


async def test_a_acknowledges_the_selected_flag_in_the_database(
    app: WellbeingApp, service: Wellbeing, clock: FrozenClock
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test() as pilot:
        await open_flags(pilot)
        await pilot.press("a")
        await settle(pilot)
        state = items(pilot)[-1].flag.state_words
    legal = flag_of(service, "break.legal")
    assert legal.acknowledged_at == clock.now
    assert flag_of(service, "break.recovery").acknowledged_at is None
    assert state == "Seen"  # seen flags move below the new ones


async def test_s_then_3_snoozes_the_selected_flag_for_three_days(
    app: WellbeingApp, service: Wellbeing, clock: FrozenClock
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test() as pilot:
        await open_flags(pilot)
        await pilot.press("down", "s")
        await pilot.pause()
        dialog = app.screen
        await pilot.press("3")
        await settle(pilot)
        snoozed = [item.flag for item in items(pilot) if item.flag.state == "hidden"]
    assert isinstance(dialog, SnoozeScreen)
    assert flag_of(service, "break.recovery").snoozed_until == clock.now + timedelta(days=3)
    assert flag_of(service, "break.legal").snoozed_until is None
    assert [flag.state_words for flag in snoozed] == ["Snoozed until 18:00 on 30 November 2026"]


async def test_escape_in_the_snooze_question_changes_nothing(
    app: WellbeingApp, service: Wellbeing
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test() as pilot:
        await open_flags(pilot)
        await pilot.press("s", "escape")
        await settle(pilot)
    assert all(flag.snoozed_until is None for flag in service.flags().flags)


async def test_snoozing_for_seven_days_is_a_palette_command(
    app: WellbeingApp, service: Wellbeing, clock: FrozenClock
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test() as pilot:
        await open_flags(pilot)
        await pilot.press("ctrl+p", *"Snooze flag for 7 days")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert flag_of(service, "break.legal").snoozed_until == clock.now + timedelta(days=7)


async def test_without_open_flags_the_screen_says_so_and_is_green(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await open_flags(pilot)
        empty = str(app.screen.query_one("#flags-empty").render())
        banner = str(app.screen.query_one(OverallBanner).render())
        keys = {active.binding.id for active in app.screen.active_bindings.values()}
    assert empty == "No open flags: nothing needs your attention right now."
    assert banner == "Overall: Green — nothing needs attention"
    assert not {"flags.acknowledge", "flags.snooze"} & keys


async def test_a_flag_that_suggests_a_micro_pause_starts_it_with_p(
    app: WellbeingApp, service: Wellbeing
) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test() as pilot:
        await open_flags(pilot)
        legal_keys = {active.binding.id for active in app.screen.active_bindings.values()}
        await pilot.press("down", "p")
        await pilot.pause()
        screen = app.screen
    assert "flags.pause" not in legal_keys  # the legal break is not a guided pause
    assert isinstance(screen, PauseScreen)
    assert screen.suggested == 5


async def test_a_flag_raised_while_the_screen_is_open_appears_without_refreshing(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await open_flags(pilot)
        before = len(items(pilot))
        await pilot.press("f2")
        await settle(pilot)
        await to_first_field(pilot)
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "5", "tab", "5", "ctrl+s")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        after = [item.flag.finding.rule_id for item in items(pilot)]
    assert before == 0
    assert "break.legal" in after  # the prefilled 09:00-17:00 has no break


async def test_flag_keys_have_ids_and_descriptions(app: WellbeingApp, service: Wellbeing) -> None:
    seven_hours_without_a_break(service)
    async with app.run_test() as pilot:
        await open_flags(pilot)
        shown = {
            active.binding.id: active.binding.description
            for active in app.screen.active_bindings.values()
            if active.binding.show and active.binding.id and active.binding.id.startswith("flags.")
        }
    assert shown == {
        "flags.acknowledge": "Mark seen",
        "flags.snooze": "Snooze",
        "flags.refresh": "Refresh",
    }


async def test_acknowledging_a_flag_resolved_in_the_meantime_says_so_and_changes_nothing(
    app: WellbeingApp, service: Wellbeing
) -> None:
    seven_hours_without_a_break(service)
    notices: list[str] = []

    def record(message: Message) -> None:
        if isinstance(message, Notify):
            notices.append(message.notification.message)

    async with app.run_test(message_hook=record) as pilot:
        await open_flags(pilot)
        # A short later shift recorded elsewhere (the command line) resolves both flags.
        service.record_checkin(
            {"start": "2026-11-27T16:30", "end": "2026-11-27T17:30", "stress": 3, "energy": 7}
        )
        await pilot.press("a")
        await settle(pilot)
        listed = items(pilot)
    assert listed == []
    assert notices[-1] == (
        "This flag is no longer open: what raised it has cleared. The list is read again."
    )
    assert service.flags().flags == []


async def test_a_flag_the_database_cannot_change_is_reported_not_raised(
    app: WellbeingApp, service: Wellbeing, db_url: str
) -> None:
    seven_hours_without_a_break(service)
    notices: list[str] = []
    async with app.run_test(size=(100, 60), message_hook=notices_into(notices)) as pilot:
        await open_flags(pilot)
        move_table_away(db_url, "flags")
        await pilot.press("a")
        await settle(pilot)
        running = app.is_running
    assert running
    assert any(notice.startswith("The flag was not changed: ") for notice in notices)


async def test_flags_that_cannot_be_read_are_reported_not_raised(
    app: WellbeingApp, db_url: str
) -> None:
    move_table_away(db_url, "people")
    notices: list[str] = []
    async with app.run_test(message_hook=notices_into(notices)) as pilot:
        await open_flags(pilot)
        running = app.is_running
    assert running
    assert any(notice.startswith("Your flags could not be read: ") for notice in notices)
