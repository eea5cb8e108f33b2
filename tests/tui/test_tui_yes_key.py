"""A question is answered yes with the first letter of the interface language's word: y(es),
j(a), o(ui). The key bar and the buttons show that key; y keeps working in every language;
the key takes no other key of the dialog. The shift question's letters follow the language
the same way: s(wap)/k(eep), o(mwisselen)/b(ehouden), i(nverser)/g(arder), with s and k
working in every language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Button

from tests.support.clock import FrozenClock
from tests.support.dialogs import delete_question, footer_drawn
from tests.support.language import choose_language
from tests.support.pilot import app_on, form, settle, type_form
from tests.support.screen_text import footer_line
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.base import Dialog
from wellbeing.tui.screens.confirm import ConfirmScreen
from wellbeing.tui.screens.pause import PauseScreen
from wellbeing.tui.screens.shift_question import ShiftQuestion

YES = {"en": "y", "nl": "j", "fr": "o"}
MIDDAY = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # 12:00 in Brussels, inside the form's shift


@pytest.fixture
def app(db_url: str, clock: FrozenClock, service: Wellbeing) -> WellbeingApp:
    service.record_checkin(
        {"start": "2026-11-24T08:00", "end": "2026-11-24T16:00", "stress": 3, "energy": 6}
    )
    clock.set(MIDDAY)
    return app_on(db_url, clock)


@pytest.fixture(params=["en", "nl", "fr"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


async def stop_questionnaire(pilot: Pilot[None]) -> None:
    await pilot.press("f6")
    await settle(pilot)
    await pilot.press("w", "3", "escape")  # one WHO-5 answer given, then leave
    await settle(pilot)


async def ended_pause(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, WellbeingApp) and app.service is not None
    clock = app.service.clock
    assert isinstance(clock, FrozenClock)
    await pilot.press("ctrl+g", "up", "enter")  # 2 minutes
    await pilot.pause()
    clock.set(clock.now + timedelta(minutes=2))
    screen = app.screen
    assert isinstance(screen, PauseScreen)
    screen.look_at_clock()
    await settle(pilot)
    await pilot.pause()  # the key bar is built again after the refresh the change asks for


QUESTIONS: dict[str, tuple[Callable[[Pilot[None]], Awaitable[None]], str]] = {
    "delete": (delete_question, "confirm.yes"),
    "stop-questionnaire": (stop_questionnaire, "confirm.yes"),
    "pause": (ended_pause, "pause.log"),
}


def offered(dialog: Dialog[object]) -> dict[str, str | None]:
    """Key -> id of the binding it runs, for every key the dialog offers now."""
    return {key: active.binding.id for key, active in dialog.active_bindings.items()}


def declared(dialog: Dialog[object]) -> dict[str, set[str | None]]:
    """Key -> ids of the bindings the dialog's class and its bases declare on it, whether
    the dialog offers them now or in another of its states."""
    keys: dict[str, set[str | None]] = {}
    for cls in type(dialog).__mro__:
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            keys.setdefault(binding.key, set()).add(binding.id)
    return keys


@pytest.mark.parametrize("question", QUESTIONS)
async def test_the_yes_key_is_the_languages_and_takes_no_other_key_of_the_dialog(
    app: WellbeingApp, language: str, question: str
) -> None:
    open_question, yes_id = QUESTIONS[question]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_question(pilot)
        dialog = app.screen
        assert isinstance(dialog, Dialog)
        footer = footer_line(app)
        words = dialog.active_bindings[YES[language]].binding.description
        on_key = offered(dialog)
        app.set_keymap({})  # every binding back on the key it is declared on
        without_keymap = offered(dialog)
    yes = YES[language]
    assert declared(dialog).get(yes, {yes_id}) == {yes_id}
    assert on_key[yes] == yes_id  # and not a key of a widget of the dialog
    assert without_keymap.items() <= on_key.items()  # every other key still does what it did
    assert f"{yes} {words}" in footer
    if language != "en":
        assert f"y {words}" not in footer


async def test_j_deletes_in_dutch_and_the_button_names_it(
    app: WellbeingApp, service: Wellbeing
) -> None:
    set_language("nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await delete_question(pilot)
            dialog = app.screen
            button = str(dialog.query_one("#confirm-yes", Button).label)
            footer = footer_line(app)
            await pilot.press("j")
            await settle(pilot)
    finally:
        set_language("en")
    assert isinstance(dialog, ConfirmScreen)
    assert button == "Verwijderen (j)"
    assert "j Ja  n Nee" in footer  # yes first, as the buttons show it
    assert service.history() == []


async def test_o_deletes_in_french_and_the_button_names_it(
    app: WellbeingApp, service: Wellbeing
) -> None:
    set_language("fr")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await delete_question(pilot)
            dialog = app.screen
            button = str(dialog.query_one("#confirm-yes", Button).label)
            await pilot.press("o")
            await settle(pilot)
    finally:
        set_language("en")
    assert isinstance(dialog, ConfirmScreen)
    assert button == "Supprimer (o)"
    assert service.history() == []


@pytest.mark.parametrize("other", ["nl", "fr"])
async def test_y_still_answers_yes_in_dutch_and_french(
    app: WellbeingApp, service: Wellbeing, other: str
) -> None:
    set_language(other)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await delete_question(pilot)
            await pilot.press("y")
            await settle(pilot)
    finally:
        set_language("en")
    assert service.history() == []


async def test_the_french_yes_key_is_no_answer_in_a_dutch_dialog(
    app: WellbeingApp, service: Wellbeing
) -> None:
    set_language("nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await delete_question(pilot)
            await pilot.press("o")  # the French key is no answer in Dutch
            await settle(pilot)
            still_asked = isinstance(app.screen, ConfirmScreen)
    finally:
        set_language("en")
    assert still_asked
    assert len(service.history()) == 1


async def test_a_pause_is_logged_with_j_in_dutch(app: WellbeingApp) -> None:
    set_language("nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await ended_pause(pilot)
            await pilot.press("j")
            await settle(pilot)
            screen = app.screen
            breaks = form(pilot).field("breaks").value
    finally:
        set_language("en")
    assert not isinstance(screen, PauseScreen)
    assert breaks.endswith("12:00-12:02")


async def test_switching_the_language_in_settings_moves_the_yes_key(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_language(pilot, "fr")
        try:
            await delete_question(pilot)
            footer = footer_line(app)
            yes = _("Yes")
            await pilot.press("o")
            await settle(pilot)
        finally:
            set_language("en")
    assert f"o {yes}" in footer
    assert service.history() == []


# The shift question: swap the times (omwisselen, inverser) or keep them (behouden, garder).
SWAP = {"en": "s", "nl": "o", "fr": "i"}
KEEP = {"en": "k", "nl": "b", "fr": "g"}
NIGHT = {"date": "2026-11-26", "start": "22:00", "end": "06:00", "stress": "5", "energy": "5"}
"""A night shift typed as it is: the question offers both the swap and keeping it."""


async def night_shift_question(pilot: Pilot[None]) -> None:
    await type_form(pilot, **NIGHT)
    await pilot.press("ctrl+s")
    await settle(pilot)
    await footer_drawn(pilot)


def stored_shifts(service: Wellbeing) -> list[tuple[datetime, datetime]]:
    return sorted((c.shift.start, c.shift.end) for c in service.history())


SWAPPED = (datetime(2026, 11, 26, 5, 0, tzinfo=UTC), datetime(2026, 11, 26, 21, 0, tzinfo=UTC))
KEPT = (datetime(2026, 11, 26, 21, 0, tzinfo=UTC), datetime(2026, 11, 27, 5, 0, tzinfo=UTC))


async def test_the_shift_questions_letters_are_the_languages_and_take_no_other_key(
    app: WellbeingApp, language: str
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await night_shift_question(pilot)
        dialog = app.screen
        assert isinstance(dialog, ShiftQuestion)
        footer = footer_line(app)
        buttons = {str(button.label) for button in dialog.query(Button)}
        words = {
            key: dialog.active_bindings[key].binding.description
            for key in (SWAP[language], KEEP[language])
        }
        on_key = offered(dialog)
        app.set_keymap({})
        without_keymap = offered(dialog)
    swap, keep = SWAP[language], KEEP[language]
    assert swap != keep
    for key, binding_id in ((swap, "shift-question.swap"), (keep, "shift-question.keep")):
        assert declared(dialog).get(key, {binding_id}) == {binding_id}
        assert on_key[key] == binding_id
        assert f"{key} {words[key]}" in footer
        assert any(label.endswith(f"({key})") for label in buttons)
    assert without_keymap.items() <= on_key.items()
    if language != "en":
        assert f"s {words[swap]}" not in footer
        assert f"k {words[keep]}" not in footer
        assert not any(label.endswith(("(s)", "(k)")) for label in buttons)


@pytest.mark.parametrize("letter", ["language", "en"])
@pytest.mark.parametrize("answer", ["swap", "keep"])
async def test_the_shift_question_is_answered_with_the_languages_letter_or_the_english_one(
    app: WellbeingApp, service: Wellbeing, language: str, answer: str, letter: str
) -> None:
    keys, expected = {"swap": (SWAP, SWAPPED), "keep": (KEEP, KEPT)}[answer]
    key = keys[language if letter == "language" else "en"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await night_shift_question(pilot)
        await pilot.press(key)
        await settle(pilot)
        answered = not isinstance(app.screen, ShiftQuestion)
    assert answered
    assert expected in stored_shifts(service)


async def test_the_french_letters_are_no_answer_to_a_dutch_shift_question(
    app: WellbeingApp, service: Wellbeing
) -> None:
    set_language("nl")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await night_shift_question(pilot)
            await pilot.press("i", "g")  # the French letters answer nothing in Dutch
            await settle(pilot)
            still_asked = isinstance(app.screen, ShiftQuestion)
    finally:
        set_language("en")
    assert still_asked
    assert len(service.history()) == 1
