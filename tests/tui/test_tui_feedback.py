"""The feedback after saving a check-in: level in words and colour, findings, advice, pause."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.support.clock import FrozenClock
from tests.support.pilot import app_on, settle, to_first_field
from wellbeing.i18n import set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.form_values import FORM_FIELDS
from wellbeing.tui.screens.checkin import CheckinScreen
from wellbeing.tui.screens.feedback import FeedbackScreen
from wellbeing.tui.screens.pause import PauseScreen
from wellbeing.tui.widgets.findings import FindingCard, FindingList, OverallBanner
from wellbeing.tui.widgets.saved_summary import SavedSummary

SEVEN_HOURS_NO_BREAK = {
    "start": "09:00",
    "end": "16:00",
    "breaks": "",
    "stress": "4",
    "energy": "6",
}
# 8 h with a legal break before 6 h of work and no stretch over 2 h: nothing to point out.
WELL_PLANNED_DAY = {
    "start": "09:00",
    "end": "17:00",
    "breaks": "11:00-11:30, 13:00-13:15, 15:00-15:10",
    "stress": "3",
    "energy": "7",
}


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


async def save_checkin(pilot: Pilot[None], typed: dict[str, str]) -> None:
    """Fill the prefilled form from its first field, Tab by Tab, and save with ctrl+s."""
    await settle(pilot)
    await to_first_field(pilot)
    for name in FORM_FIELDS:
        if name in typed:
            await pilot.press(*(typed[name] or ["backspace"]))
        await pilot.press("tab")
    await pilot.press("ctrl+s")
    await settle(pilot)


def cards(pilot: Pilot[None]) -> dict[str, FindingCard]:
    return {card.finding.rule_id: card for card in pilot.app.screen.query(FindingCard)}


def card_text(card: FindingCard) -> str:
    return "\n".join(str(label.render()) for label in card.query("Label"))


async def test_saving_opens_the_feedback_with_what_was_saved(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        screen = app.screen
        summary = str(screen.query_one(SavedSummary).render())
    assert isinstance(screen, FeedbackScreen)
    assert "27 November 2026, 09:00-16:00 is saved" in summary


async def test_a_seven_hour_shift_without_a_break_explains_the_legal_break_with_its_numbers(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        legal = cards(pilot)["break.legal"]
        text = card_text(legal)
        badge = str(legal.query_one("LevelBadge").render())
    assert badge == "Warning"
    assert (
        "On 27 November 2026 you worked 7 h 00 and no break of at least 15 minutes began before "
        "you had worked 6 h 00." in text
    )
    assert "Source: Belgian Labour Act of 16 March 1971, art. 38quater" in text
    assert "→ Take the legal break" in text
    assert "you have the right to a break of at least 15 minutes" in text
    assert "→ Talk to your teamleader" in text


async def test_the_overall_level_is_said_in_words_as_well_as_shown_in_colour(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        banner = app.screen.query_one(OverallBanner)
        words = str(banner.render())
        coloured_orange = banner.has_class("-orange")
    assert words == "Overall: Orange — something needs your attention"
    assert coloured_orange


async def test_findings_are_listed_most_serious_first(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        order = [card.finding.rule_id for card in app.screen.query(FindingCard)]
    assert order == ["break.legal", "break.recovery"]


async def test_a_day_with_the_breaks_it_needs_is_green_with_nothing_to_point_out(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        await save_checkin(pilot, WELL_PLANNED_DAY)
        texts = app.screen.query_one(FindingList).texts()
        found = cards(pilot)
    assert texts[0] == "Overall: Green — nothing needs attention"
    assert "No rule found anything to point out." in texts
    assert found == {}


# A legal break by 2 h 30, then 5 h without another, and 3 difficult contacts: two findings
# to watch (break.recovery, contacts.difficult), nothing above watch, so green.
TWO_THINGS_TO_WATCH = {
    "start": "09:00",
    "end": "17:00",
    "breaks": "11:30-12:00",
    "contacts": "30",
    "difficult": "3",
    "stress": "3",
    "energy": "7",
}
GREEN_WITH_TWO_TO_WATCH = {
    "en": "Overall: Green — nothing urgent; 2 things to keep an eye on",
    "nl": "Algemeen: Groen — niets dringends; 2 punten om op te volgen",
    "fr": "Niveau global : Vert — rien d'urgent ; 2 points à surveiller",
}


@pytest.mark.parametrize("language", GREEN_WITH_TWO_TO_WATCH)
async def test_green_above_findings_to_watch_says_nothing_is_urgent_and_how_many_to_watch(
    app: WellbeingApp, language: str
) -> None:
    set_language(language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await save_checkin(pilot, TWO_THINGS_TO_WATCH)
            banner = app.screen.query_one(OverallBanner)
            words, green = str(banner.render()), banner.has_class("-green")
            right = banner.region.right
            levels = [card.finding.level for card in app.screen.query(FindingCard)]
    finally:
        set_language("en")
    assert levels == ["watch", "watch"]
    assert green
    assert words == GREEN_WITH_TWO_TO_WATCH[language]
    assert right <= 80


async def test_a_clean_past_shift_counts_the_flags_open_now_as_the_flags_screen_does(
    app: WellbeingApp, service: Wellbeing
) -> None:
    # Four hours on end after the break: a finding to keep an eye on, and its flag, open now.
    service.record_checkin(
        {
            "start": "2026-11-26T08:00",
            "end": "2026-11-26T16:00",
            "breaks": [{"start": "2026-11-26T12:00", "end": "2026-11-26T12:30"}],
            "stress": 3,
            "energy": 6,
        }
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await save_checkin(pilot, WELL_PLANNED_DAY | {"date": "2026-11-23"})
        words = str(app.screen.query_one(OverallBanner).render())
        shown = list(app.screen.query(FindingCard))
    assert shown == []
    assert words == "Overall: Green — nothing urgent; 1 thing to keep an eye on"


async def test_a_finding_a_backfilled_shift_takes_away_from_a_later_one_is_named(
    app: WellbeingApp, service: Wellbeing
) -> None:
    # 4 difficult of the 30 contacts of the last 7 days raise contacts.difficult on the 26th;
    # a forgotten quiet day before them (4 of 90) takes it away.
    for day, contacts, difficult in (("2026-11-25", 10, 2), ("2026-11-26", 20, 2)):
        service.record_checkin(
            {
                "start": f"{day}T09:00",
                "end": f"{day}T17:00",
                "breaks": [
                    {"start": f"{day}T11:00", "end": f"{day}T11:30"},
                    {"start": f"{day}T13:00", "end": f"{day}T13:15"},
                    {"start": f"{day}T15:00", "end": f"{day}T15:10"},
                ],
                "contacts": contacts,
                "difficult": difficult,
                "stress": 3,
                "energy": 7,
            }
        )
    quiet = WELL_PLANNED_DAY | {"date": "2026-11-24", "contacts": "60", "difficult": "0"}
    async with app.run_test(size=(80, 24)) as pilot:
        await save_checkin(pilot, quiet)
        texts = app.screen.query_one(FindingList).texts()
    about = texts.index(
        "This also changed what was found about your shift of 26 November 2026, 09:00-17:00:"
    )
    assert texts[about + 1] == "No longer found: contacts.difficult"


PAST_FINDINGS = {
    "en": "Findings below that are more serious than this level are about a past shift",
    "nl": "Bevindingen hieronder die ernstiger zijn dan dit niveau gaan over een vroegere shift",
    "fr": "Les constats ci-dessous plus graves que ce niveau concernent un service passé",
}


@pytest.mark.parametrize("language", PAST_FINDINGS)
async def test_findings_about_a_past_shift_above_a_green_level_are_said_to_be_past(
    app: WellbeingApp, service: Wellbeing, language: str
) -> None:
    # A later shift with its breaks is recorded first; the shift before it, typed afterwards,
    # lasted 11 h 45 without a break: its findings are about that day, and their flags closed
    # when the later shift was judged without them.
    service.record_checkin(
        {
            "start": "2026-11-22T08:00",
            "end": "2026-11-22T16:00",
            "breaks": [
                {"start": "2026-11-22T10:00", "end": "2026-11-22T10:15"},
                {"start": "2026-11-22T12:00", "end": "2026-11-22T12:30"},
                {"start": "2026-11-22T14:00", "end": "2026-11-22T14:15"},
            ],
            "stress": 3,
            "energy": 6,
        }
    )
    set_language(language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            past = {"date": "2026-11-20", "start": "07:00", "end": "18:45", "breaks": ""}
            await save_checkin(pilot, past | {"stress": "5", "energy": "5"})
            green = app.screen.query_one(OverallBanner).has_class("-green")
            texts = app.screen.query_one(FindingList).texts()
            levels = {card.finding.level for card in app.screen.query(FindingCard)}
    finally:
        set_language("en")
    assert green
    assert {"high", "warning"} <= levels
    assert texts[1].startswith(PAST_FINDINGS[language])


async def test_findings_that_left_a_flag_open_are_not_said_to_be_past(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        texts = app.screen.query_one(FindingList).texts()
    assert not any(PAST_FINDINGS["en"] in text for text in texts)


async def test_a_suggested_micro_pause_says_it_can_be_started_here(app: WellbeingApp) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        text = card_text(cards(pilot)["break.recovery"])
    assert "→ Take a micro-pause (guided pause of 5 min)" in text


async def test_p_starts_the_suggested_pause_with_its_minutes_chosen(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        highlighted = screen.query_one(OptionList).highlighted_option
    assert isinstance(screen, PauseScreen)
    assert highlighted is not None and highlighted.id == "5"


async def test_escape_returns_from_the_feedback_to_the_form(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
    assert isinstance(screen, CheckinScreen)


async def test_the_feedback_keys_have_ids_in_the_footer(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        shown = {
            active.binding.id: active.binding.description
            for active in app.screen.active_bindings.values()
            if active.binding.show
        }
    assert shown["feedback.close"] == "Back to form"
    assert shown["feedback.pause"] == "Guided pause"


async def test_the_guided_pause_is_in_the_command_palette_of_the_feedback(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        await save_checkin(pilot, SEVEN_HOURS_NO_BREAK)
        await pilot.press("ctrl+p", *"Guided pause")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, PauseScreen)


async def test_the_feedback_names_an_earlier_recorded_shift_whose_findings_changed(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.check_in(
        {"start": "2026-11-27T06:00", "end": "2026-11-27T10:00", "stress": 3, "energy": 6}
    )
    async with app.run_test(size=(120, 50)) as pilot:
        await save_checkin(
            pilot,
            {
                "date": "2026-11-26",
                "start": "14:00",
                "end": "22:00",
                "breaks": "18:00-18:30",
                "stress": "3",
                "energy": "6",
            },
        )
        texts = pilot.app.screen.query_one(FindingList).texts()
    heading = "This also changed what was found about your shift of 27 November 2026, 06:00-10:00:"
    assert heading in texts
    after = texts[texts.index(heading) + 1 :]
    assert any("Only 8 h 00 passed between the end of your shift" in text for text in after)


async def test_a_changed_night_shift_is_named_by_its_day_and_hours_whole_at_80_columns(
    app: WellbeingApp, service: Wellbeing
) -> None:
    """In French, the heading over a changed shift wraps inside the screen and names the shift
    as the saved check-in does: its day in words, then its hours with +1 past midnight."""
    service.check_in(
        {"start": "2026-11-26T22:00", "end": "2026-11-27T06:00", "stress": 3, "energy": 6}
    )
    set_language("fr")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await save_checkin(
                pilot,
                {
                    "date": "2026-11-26",
                    "start": "06:00",
                    "end": "14:00",
                    "breaks": "10:00-10:30",
                    "stress": "3",
                    "energy": "6",
                },
            )
            [heading] = pilot.app.screen.query(".neighbour-heading")
            text = str(heading.render())
            right = heading.region.right
    finally:
        set_language("en")
    assert text == (
        "Cela a aussi changé ce qui a été relevé pour votre service "
        "du 26 novembre 2026, 22:00-06:00+1 :"
    )
    assert right <= 80
