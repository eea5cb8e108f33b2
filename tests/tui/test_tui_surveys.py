"""Questionnaires in the app: due on the check-in screen, digit keys, results and findings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from textual.pilot import Pilot

from tests.support.broken_database import move_table_away
from tests.support.clock import FrozenClock
from tests.support.notices import notices_into
from tests.support.pilot import app_on, settle
from wellbeing.i18n import current_language, set_language, translate
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.surveys import QuestionnaireScreen, SurveysScreen
from wellbeing.tui.widgets.findings import FindingCard, OverallBanner
from wellbeing.tui.widgets.questionnaire import NOT_VALIDATED, QuestionPanel, SurveyResults


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


@pytest.fixture
def language() -> Iterator[None]:
    """Lets a test switch the app's language; English again afterwards."""
    before = current_language()
    yield
    set_language(before)


async def open_questionnaire(pilot: Pilot[None], key: str) -> QuestionnaireScreen:
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SurveysScreen)
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QuestionnaireScreen)
    return screen


async def answer(pilot: Pilot[None], keys: str) -> list[str]:
    """Type the answers, save them from the review, and return what the results say."""
    await pilot.press(*keys)
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return pilot.app.screen.query_one(SurveyResults).texts()


def label(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector).render())


async def due_line(pilot: Pilot[None]) -> str:
    """The due line once its worker's answer has arrived (a loaded machine may need a while)."""
    await settle(pilot)
    for _attempt in range(100):
        line = label(pilot, "#surveys-due")
        if line:
            return line
        await pilot.pause(0.05)
    return label(pilot, "#surveys-due")


async def test_a_new_person_is_told_on_the_checkin_screen_that_both_are_due(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        line = await due_line(pilot)
    assert line == "WHO-5 and CBI are due — press F6 to answer them"


async def test_after_a_recent_who5_only_the_cbi_is_due(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.take_survey("who5", [3, 3, 3, 3, 3])
    async with app.run_test() as pilot:
        line = await due_line(pilot)
    assert line == "CBI is due — press F6 to answer it"


async def test_the_due_line_disappears_once_both_are_answered(
    app: WellbeingApp, service: Wellbeing, clock: FrozenClock
) -> None:
    service.take_survey("cbi", [2] * 19)
    service.take_survey("who5", [3] * 5)
    async with app.run_test() as pilot:
        await settle(pilot)
        shown = app.screen.query_one("#surveys-due").display
    assert not shown


async def test_the_who5_is_due_again_two_weeks_after_it_was_answered(
    app: WellbeingApp, service: Wellbeing, clock: FrozenClock
) -> None:
    service.take_survey("cbi", [2] * 19)
    service.take_survey("who5", [3] * 5)
    clock.set(clock.now + timedelta(days=14))
    async with app.run_test() as pilot:
        await settle(pilot)
        line = label(pilot, "#surveys-due")
    assert line == "WHO-5 is due — press F6 to answer it"


async def test_who5_answered_with_digit_keys_scores_sixty_percent(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        await open_questionnaire(pilot, "w")
        results = await answer(pilot, "33333")
    assert "Raw score 15 of 25 · 60 %" in results
    assert "Band: good well-being" in results
    stored = service.last_survey("who5")
    assert stored is not None
    assert stored.answers == (3, 3, 3, 3, 3)
    assert stored.scores["percent"] == 60


async def test_a_very_low_who5_shows_the_support_lines_and_red(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(100, 80)) as pilot:
        await open_questionnaire(pilot, "w")
        results = await answer(pilot, "11111")
        banner = app.screen.query_one(OverallBanner)
        red = banner.has_class("-red")
        rules = [card.finding.rule_id for card in app.screen.query(FindingCard)]
    text = "\n".join(results)
    assert "Raw score 5 of 25 · 20 %" in text
    assert "Overall: Red — this needs attention soon; consider talking to someone" in text
    assert red
    assert rules[0] == "who5.very_low"
    assert "→ Support lines, free and anonymous" in text
    assert "Zelfmoordlijn 1813" in text
    assert "Télé-Accueil 107" in text


async def test_the_results_scroll_with_the_page_keys_at_once_down_to_the_support_lines(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questionnaire(pilot, "w")
        await answer(pilot, "11111")
        body = app.screen.query_one("#questionnaire-body")
        lines = app.screen.query_one(SurveyResults).query(".suggestion-title")
        support = next(line for line in lines if "Support lines" in str(line.render()))
        hidden_at_first = not body.region.contains_region(support.region)
        pages = 0
        while not body.region.contains_region(support.region) and pages < 10:
            await pilot.press("pagedown")
            await settle(pilot)
            pages += 1
        shown = body.region.contains_region(support.region)
    assert hidden_at_first
    assert shown, f"still below the fold after {pages} pages"


async def test_a_green_who5_with_one_low_item_says_nothing_is_urgent_and_one_to_watch(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questionnaire(pilot, "w")
        await answer(pilot, "15555")
        banner = app.screen.query_one(OverallBanner)
        words, green = str(banner.render()), banner.has_class("-green")
        levels = [card.finding.level for card in app.screen.query(FindingCard)]
    assert levels == ["watch"]
    assert green
    assert words == "Overall: Green — nothing urgent; 1 thing to keep an eye on"


async def test_the_who5_results_explain_what_the_score_means(app: WellbeingApp) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        await open_questionnaire(pilot, "w")
        results = await answer(pilot, "44444")
    assert "Raw score 20 of 25 · 80 %" in results
    assert any("50 % or less points to poor well-being" in line for line in results)


async def test_each_who5_item_shows_the_instructions_the_answers_and_the_credit(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await open_questionnaire(pilot, "w")
        instructions = label(pilot, "#question-instructions")
        progress = label(pilot, "#question-progress")
        options = screen.query_one(QuestionPanel).option_texts()
        credit = label(pilot, "#questionnaire-credit")
        unvalidated = screen.query("#question-unvalidated")
    assert instructions.startswith("Please indicate for each of the five statements")
    assert progress == "Question 1 of 5"
    assert options[0] == "5  All of the time"
    assert options[-1] == "0  At no time"
    assert credit.startswith("WHO-5 Well-Being Index © Psychiatric Research Unit")
    assert not unvalidated  # the English version is the original


async def test_a_key_that_is_not_an_answer_is_refused_and_the_item_stays(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        await open_questionnaire(pilot, "w")
        await pilot.press("9")
        await settle(pilot)
        progress = label(pilot, "#question-progress")
    assert progress == "Question 1 of 5"


async def test_backspace_returns_to_the_previous_item_with_its_answer_marked(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        screen = await open_questionnaire(pilot, "w")
        await pilot.press("4", "2", "backspace")
        await settle(pilot)
        progress = label(pilot, "#question-progress")
        chosen = [str(option.render()) for option in screen.query(".question-option.-chosen")]
        answers = list(screen.answers)
    assert progress == "Question 2 of 5"
    assert chosen == ["2  Less than half of the time"]
    assert answers == [4]


async def test_leaving_half_way_asks_first_and_stores_nothing(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await open_questionnaire(pilot, "w")
        await pilot.press("3", "3", "escape", "y")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, SurveysScreen)
    assert service.last_survey("who5") is None


async def test_cbi_digits_one_to_five_pick_the_options_in_order(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await open_questionnaire(pilot, "c")
        options = screen.query_one(QuestionPanel).option_texts()
        await answer(pilot, "3" * 19)
    stored = service.last_survey("cbi")
    assert options == [
        "1  Always",
        "2  Often",
        "3  Sometimes",
        "4  Seldom",
        "5  Never/almost never",
    ]
    assert stored is not None
    assert stored.answers == (2,) * 19


async def test_cbi_results_show_three_scales_with_bands_and_the_authors_caution(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(100, 80)) as pilot:
        await open_questionnaire(pilot, "c")
        results = await answer(pilot, "2" * 19)
    text = "\n".join(results)
    # Every answer scores 75 except the reversed work item (100 - 75 = 25):
    # work is (6 × 75 + 25) / 7 = 67.9.
    assert "Personal burnout: 75 of 100 — high" in results
    assert "Work-related burnout: 67.9 of 100 — moderate" in results
    assert "Client-related burnout: 75 of 100 — high" in results
    assert "the author of the CBI warns against a fixed cut-point" in text
    assert "Overall: Red — this needs attention soon; consider talking to someone" in text


async def test_an_unvalidated_translation_says_so(app: WellbeingApp, language: None) -> None:
    set_language("nl")
    async with app.run_test(size=(100, 60)) as pilot:
        await open_questionnaire(pilot, "w")
        notice = label(pilot, "#question-unvalidated")
    assert notice == translate(NOT_VALIDATED, "nl")
    assert notice != NOT_VALIDATED  # said in Dutch, not left in English


async def test_the_items_and_answers_are_in_the_persons_language(
    app: WellbeingApp, language: None
) -> None:
    set_language("fr")
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await open_questionnaire(pilot, "w")
        options = screen.query_one(QuestionPanel).option_texts()
        text = label(pilot, "#question-text")
        unvalidated = screen.query("#question-unvalidated")
    assert options[0] == "5  Tout le temps"
    assert text.startswith("Au cours des deux dernières semaines")
    assert not unvalidated  # the official French WHO-5


async def test_the_overview_marks_what_is_due_and_the_last_score(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.take_survey("who5", [3] * 5)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        lines = [str(line.render()) for line in app.screen.query(".survey-status")]
    assert lines[0] == (
        "WHO-5 Well-Being Index: not due yet (press w to answer it anyway)\n"
        "Last answered on 27 November 2026: 60 %"
    )
    assert lines[1] == "Copenhagen Burnout Inventory (CBI): due — press c to answer it"


async def test_answering_is_in_the_command_palette(app: WellbeingApp, service: Wellbeing) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("ctrl+p", *"Answer the WHO-5")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, QuestionnaireScreen)
    assert screen.questionnaire.instrument == "who5"


async def test_results_explain_this_questionnaires_findings_and_point_to_the_others(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.record_checkin(
        {"start": "2026-11-27T09:00", "end": "2026-11-27T16:00", "stress": 4, "energy": 6}
    )
    async with app.run_test(size=(100, 60)) as pilot:
        await open_questionnaire(pilot, "w")
        results = await answer(pilot, "22222")
        rules = [card.finding.rule_id for card in app.screen.query(FindingCard)]
    assert rules == ["who5.low"]
    assert "2 other findings are open as well: the Flags screen (F4) explains them." in results


async def test_answers_the_database_cannot_store_are_reported_and_can_be_saved_again(
    app: WellbeingApp, db_url: str
) -> None:
    notices: list[str] = []
    async with app.run_test(size=(100, 60), message_hook=notices_into(notices)) as pilot:
        screen = await open_questionnaire(pilot, "w")
        move_table_away(db_url, "survey_responses")
        await pilot.press(*"33333")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        can_save_again = screen.check_action("save", ())
        still_answering = app.screen is screen
    assert any(notice.startswith("Your answers were not saved: ") for notice in notices)
    assert can_save_again and still_answering


async def test_questionnaires_that_cannot_be_read_are_reported_not_raised(
    app: WellbeingApp, db_url: str
) -> None:
    move_table_away(db_url, "people")
    notices: list[str] = []
    async with app.run_test(message_hook=notices_into(notices)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        running = app.is_running
    assert running
    assert any(
        notice.startswith("Your questionnaires could not be read: ") for notice in notices
    )
