"""A questionnaire's answers are shown for review before they are saved: the person sees every
answer, can go back to change one, and then confirms with ctrl+s."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.conftest import FrozenClock
from tests.support.pilot import app_on, settle
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.surveys import QuestionnaireScreen, SurveysScreen
from wellbeing.tui.widgets.questionnaire import AnswerReview, QuestionPanel, SurveyResults


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


async def start_who5(pilot: Pilot[None], answers: str) -> QuestionnaireScreen:
    """Open the WHO-5 and type `answers`, one digit per item."""
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    await pilot.press(*answers)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QuestionnaireScreen)
    return screen


def reviewed(screen: QuestionnaireScreen) -> list[str]:
    return screen.query_one(AnswerReview).texts()


async def test_after_the_last_answer_every_answer_is_shown_and_nothing_is_saved(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_who5(pilot, "54321")
        shown = screen.query_one(AnswerReview).display
        lines = reviewed(screen)
        results_shown = screen.query_one(SurveyResults).display
    assert shown and not results_shown
    assert lines == [
        "1. I have felt cheerful and in good spirits\n   → All of the time",
        "2. I have felt calm and relaxed\n   → Most of the time",
        "3. I have felt active and vigorous\n   → More than half of the time",
        "4. I woke up feeling fresh and rested\n   → Less than half of the time",
        "5. My daily life has been filled with things that interest me\n   → Some of the time",
    ]
    assert service.last_survey("who5") is None


async def test_ctrl_s_in_the_review_saves_the_answers_and_shows_the_results(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await start_who5(pilot, "33333")
        await pilot.press("ctrl+s")
        await settle(pilot)
        results = screen.query_one(SurveyResults).texts()
        review_shown = screen.query_one(AnswerReview).display
    stored = service.last_survey("who5")
    assert stored is not None and stored.answers == (3, 3, 3, 3, 3)
    assert "Raw score 15 of 25 · 60 %" in results
    assert not review_shown


async def test_enter_on_an_answer_goes_back_to_that_question_with_its_answer_marked(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_who5(pilot, "54321")
        await pilot.press("down", "down", "enter")  # the third answer
        await settle(pilot)
        progress = str(screen.query_one("#question-progress").render())
        chosen = [str(option.render()) for option in screen.query(".question-option.-chosen")]
        panel_shown = screen.query_one(QuestionPanel).display
    assert panel_shown
    assert progress == "Question 3 of 5"
    assert chosen == ["3  More than half of the time"]


async def test_a_changed_answer_returns_to_the_review_and_is_the_one_saved(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await start_who5(pilot, "54321")
        await pilot.press("down", "down", "enter", "0")
        await settle(pilot)
        lines = reviewed(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert lines[2] == "3. I have felt active and vigorous\n   → At no time"
    assert lines[3] == "4. I woke up feeling fresh and rested\n   → Less than half of the time"
    stored = service.last_survey("who5")
    assert stored is not None and stored.answers == (5, 4, 0, 2, 1)


async def test_backspace_while_changing_keeps_the_answer_as_it_was(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_who5(pilot, "54321")
        await pilot.press("enter", "backspace")
        await settle(pilot)
        lines = reviewed(screen)
        reviewing = screen.query_one(AnswerReview).display
    assert reviewing
    assert lines[0] == "1. I have felt cheerful and in good spirits\n   → All of the time"
    assert service.last_survey("who5") is None


async def test_backspace_in_the_review_goes_back_to_the_last_question(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_who5(pilot, "54321")
        await pilot.press("backspace")
        await settle(pilot)
        progress = str(screen.query_one("#question-progress").render())
        await pilot.press("2")
        await settle(pilot)
        last = reviewed(screen)[-1]
    assert progress == "Question 5 of 5"
    assert last.endswith("→ Less than half of the time")


async def test_escape_in_the_review_asks_and_stores_nothing(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await start_who5(pilot, "54321")
        await pilot.press("escape", "y")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, SurveysScreen)
    assert service.last_survey("who5") is None


async def test_the_cbi_review_lists_all_nineteen_answers_at_80_by_24(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("c", *"1" * 19)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        lines = reviewed(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert len(lines) == 19
    # Key 1 is each item's first answer: "Always" or, for the work items, "To a very high
    # degree"; every line names the answer given.
    assert [line.split("\n   → ")[1] for line in lines].count("Always") >= 12
    assert all(line.split("\n   → ")[1] for line in lines)
    stored = service.last_survey("cbi")
    assert stored is not None and len(stored.answers) == 19
