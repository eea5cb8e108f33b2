"""The check-in screen: typed with the keyboard only, validated inline, saved in a worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Button

from tests.support.broken_database import move_table_away
from tests.support.clock import FrozenClock
from tests.support.notices import notices_into
from tests.support.pilot import app_on, form, settle, to_first_field, type_form
from tests.support.screen_text import screen_lines
from wellbeing.i18n import _, set_language
from wellbeing.i18n.formats import duration
from wellbeing.services import Wellbeing, open_database
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.form_values import FORM_FIELDS, FormValues
from wellbeing.tui.screens.checkin import CheckinScreen
from wellbeing.tui.screens.feedback import FeedbackScreen
from wellbeing.tui.screens.shift_question import ShiftQuestion
from wellbeing.tui.widgets.database_status import DatabaseStatus
from wellbeing.tui.widgets.saved_summary import SavedSummary


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


SCORES = {"stress": "5", "energy": "5"}  # with the prefilled 09:00-17:00 today: a valid form
A_SHIFT = {
    "date": "2026-11-26",
    "start": "08:00",
    "end": "16:30",
    "breaks": "12:00-12:30",
    "contacts": "60",
    "difficult": "3",
    "stress": "6",
    "energy": "4",
}


async def test_with_the_shift_prefilled_the_cursor_starts_at_contacts(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        assert app.focused is form(pilot).field("contacts")


async def test_without_a_date_the_cursor_starts_at_the_date(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.record_checkin(
        {"start": "2026-11-27T08:00", "end": "2026-11-27T16:00", "stress": 3, "energy": 6}
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        assert form(pilot).values().date == ""
        assert app.focused is form(pilot).field("date")


async def test_a_check_in_from_the_usual_schedule_takes_eight_keystrokes(
    app: WellbeingApp, service: Wellbeing
) -> None:
    keys = [*"42", "tab", "tab", "7", "tab", "4", "ctrl+s"]
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
    [stored] = service.history()
    assert len(keys) == 8
    assert (stored.shift.contacts, stored.stress, stored.energy) == (42, 7, 4)
    assert (stored.shift.start, stored.shift.end) == (
        datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 27, 16, 0, tzinfo=UTC),
    )


async def test_without_earlier_checkins_the_form_offers_nine_to_five_today(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        assert form(pilot).values() == FormValues(date="2026-11-27", start="09:00", end="17:00")


async def test_the_form_repeats_the_last_shifts_times_and_breaks_on_todays_date(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.record_checkin(
        {
            "start": "2026-11-20T07:30",
            "end": "2026-11-20T15:30",
            "breaks": [
                {"start": "2026-11-20T10:00", "end": "2026-11-20T10:10"},
                {"start": "2026-11-20T12:30", "end": "2026-11-20T13:00"},
            ],
            "stress": 7,
            "energy": 3,
            "contacts": 50,
        }
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        values = form(pilot).values()
    assert (values.date, values.start, values.end) == ("2026-11-27", "07:30", "15:30")
    assert values.breaks == "10:00-10:10, 12:30-13:00"
    assert (values.stress, values.energy, values.contacts) == ("", "", "")


async def test_a_checkin_typed_with_the_keyboard_and_saved_with_ctrl_s_is_stored(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, **A_SHIFT, note="queue")
        await pilot.press("ctrl+s")
        await settle(pilot)
    [stored] = service.history()
    assert stored.shift.start == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    assert stored.shift.worked == timedelta(hours=8)
    assert (stored.shift.contacts, stored.shift.difficult) == (60, 3)
    assert (stored.stress, stored.energy, stored.note) == (6, 4, "queue")


async def test_after_saving_the_worked_time_and_breaks_are_confirmed(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, breaks="10:00-10:15, 12:00-12:30", **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        summary = app.screen.query_one(SavedSummary)
        text = str(summary.render())
        assert summary.display
    assert "27 November 2026, 09:00-17:00" in text
    assert "Worked 7 h 15" in text
    assert "45 min of breaks (2 breaks)" in text


async def test_an_end_earlier_than_the_start_is_the_next_morning(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(
            pilot, date="2026-11-26", start="22:00", end="06:00", breaks="02:00-02:30", **SCORES
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ShiftQuestion)
        await pilot.press("k")
        await settle(pilot)
    [stored] = service.history()
    assert stored.shift.end == datetime(2026, 11, 27, 5, 0, tzinfo=UTC)
    assert stored.shift.breaks[0].start == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "field", "words"),
    [
        ({"stress": "11"}, "stress", "from 0 to 10"),
        ({"energy": ""}, "energy", "required"),
        ({"contacts": "2", "difficult": "5"}, "difficult", "more than the 2 contacts"),
        ({"start": "08:00", "end": "08:00"}, "end", "must end after it starts"),
        ({"start": "25:00"}, "start", "not a valid time"),
        ({"date": "2026-02-30"}, "date", "not a day of the calendar"),
        ({"breaks": "lunch"}, "breaks", "HH:MM-HH:MM"),
        ({"breaks": "17:00-17:30"}, "breaks", "not inside the shift"),
        ({"breaks": "12:30-12:00"}, "breaks", "ends before it starts; did you mean 12:00-12:30?"),
        ({"breaks": "[b]12:00"}, "breaks", "'[b]12:00' is not a break"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
async def test_invalid_input_is_shown_beside_its_field_with_the_cursor_there_and_not_saved(
    app: WellbeingApp, service: Wellbeing, typed: dict[str, str], field: str, words: str
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, **{**SCORES, **typed})
        await pilot.press("ctrl+s")
        await settle(pilot)
        the_form = form(pilot)
        message = the_form.error_text(field)
        others = [the_form.error_text(name) for name in FORM_FIELDS if name != field]
        focused = app.focused
        assert focused is the_form.field(field)
    assert words in message
    assert others == [""] * (len(FORM_FIELDS) - 1)
    assert service.history() == []


async def test_a_shift_overlapping_a_stored_one_is_refused_beside_shift_start(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.record_checkin(
        {"start": "2026-11-27T06:00", "end": "2026-11-27T10:00", "stress": 3, "energy": 6}
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, date="2026-11-27", start="09:00", end="17:00", **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = form(pilot).error_text("start")
    assert "overlaps your shift of 2026-11-27 06:00-10:00" in message
    assert len(service.history()) == 1


async def test_correcting_a_field_clears_its_message(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, stress="11", energy="5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("backspace", "7")
        await pilot.pause()
        assert form(pilot).error_text("stress") == ""
        assert not form(pilot).field("stress").has_class("-has-error")


async def test_save_is_a_footer_binding_with_an_id(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        active = app.screen.active_bindings["ctrl+s"]
    assert (active.binding.id, active.binding.description, active.enabled) == (
        "checkin.save",
        "Save",
        True,
    )
    assert active.binding.show


async def test_a_database_that_cannot_be_opened_is_reported_and_the_app_keeps_running(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    app = WellbeingApp(lambda: Wellbeing(open_database(str(blocker / "w.db")), "agent"))
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = app.screen.query_one(DatabaseStatus)
        text, shown = str(status.render()), status.display
        running = app.is_running
    assert shown
    assert text.startswith("Your data could not be opened: ")
    assert "not-a-directory" in text
    assert running


async def test_times_typed_the_wrong_way_round_are_asked_about_and_can_be_swapped(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, date="2026-11-26", start="16:30", end="08:00", **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = str(app.screen.query_one("#shift-question-text").render())
        await pilot.press("s")
        await settle(pilot)
    assert "last 15 h 30" in question
    assert "Did you mean 08:00 to 16:30?" in question
    [stored] = service.history()
    assert (stored.shift.start, stored.shift.end) == (
        datetime(2026, 11, 26, 7, 0, tzinfo=UTC),
        datetime(2026, 11, 26, 15, 30, tzinfo=UTC),
    )


async def test_going_back_from_the_question_saves_nothing_and_returns_to_the_end_field(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, date="2026-11-26", start="16:30", end="08:00", **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        focused = app.focused
        the_form = form(pilot)
        assert focused is the_form.field("end")
    assert service.history() == []


async def test_a_shift_of_more_than_twelve_hours_is_asked_about_before_saving(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, date="2026-11-26", start="06:00", end="19:00", **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = str(app.screen.query_one("#shift-question-text").render())
        await pilot.press("k")
        await settle(pilot)
    assert "This shift lasts 13 h 00, more than 12 hours" in question
    assert len(service.history()) == 1


async def test_a_night_shift_repeated_from_the_last_one_is_not_asked_about_again(
    app: WellbeingApp, service: Wellbeing
) -> None:
    service.record_checkin(
        {"start": "2026-11-24T22:00", "end": "2026-11-25T06:00", "stress": 3, "energy": 6}
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ShiftQuestion)
    assert len(service.history()) == 2


async def test_reversed_times_too_long_to_keep_offer_only_the_swap_and_the_way_back(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_form(pilot, start="23:00", end="22:00", **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = app.screen
        buttons = [button.id for button in question.query(Button)]
        keys = [active.binding.key for active in question.active_bindings.values()]
        await pilot.press("k")  # saving 23 hours as typed would be refused: k does nothing
        await settle(pilot)
        still_asked = app.screen is question
    assert buttons == ["swap", "back"]
    assert "k" not in keys
    assert still_asked
    assert service.history() == []


async def test_a_same_day_shift_too_long_to_be_kept_is_refused_without_a_question(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, date="2026-11-26", start="06:00", end="23:00", **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        asked = isinstance(app.screen, ShiftQuestion)
        message = form(pilot).error_text("end")
    assert not asked
    assert "16 hours" in message
    assert service.history() == []


LETTERS = {"en": ("s", "k"), "nl": ("o", "b"), "fr": ("i", "g")}
"""Swap and keep: s(wap), k(eep); o(mwisselen), b(ehouden); i(nverser), g(arder)."""


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_every_answer_to_the_shift_question_is_whole_on_an_80_column_screen(
    app: WellbeingApp, language: str
) -> None:
    set_language(language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await type_form(pilot, date="2026-11-26", start="16:00", end="08:00", **SCORES)
            await pilot.press("ctrl+s")
            await settle(pilot)
            text = "\n".join(screen_lines(app))
            swap, keep = LETTERS[language]
            answers = [
                _("Save {start} to {end}").format(start="08:00", end="16:00") + f" ({swap})",
                _("Next day, as typed") + f" ({keep})",
                _("Back to the form") + " (esc)",
            ]
            span = duration(timedelta(hours=16), language)
            await pilot.click("#back")
            await settle(pilot)
            back_on_the_form = isinstance(app.screen, CheckinScreen)
    finally:
        set_language("en")
    assert [answer for answer in answers if answer not in text] == []
    assert span in text  # a length, "16 h 00" or "16 u 00", not the clock time "16:00"
    assert back_on_the_form


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"date": "2027-06-01"}, "start"),
        ({"start": "19:00", "end": "23:00"}, "start"),  # later today: it is 18:00 now
        ({"start": "14:00", "end": "21:00"}, "end"),  # still going on
    ],
    ids=["next year", "later today", "not over yet"],
)
async def test_a_shift_that_has_not_happened_yet_is_refused(
    app: WellbeingApp, service: Wellbeing, typed: dict[str, str], field: str
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, **{**SCORES, **typed})
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = form(pilot).error_text(field)
    assert "is in the future; check in after the shift" in message
    assert service.history() == []


async def test_every_wrong_field_is_shown_at_once_with_the_cursor_on_the_first(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, breaks="lunch", stress="11", energy="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        the_form = form(pilot)
        shown = {name: the_form.error_text(name) for name in FORM_FIELDS}
        focused = app.focused
        breaks = the_form.field("breaks")
        selected = breaks.selected_text
        assert focused is breaks
    assert "HH:MM-HH:MM" in shown["breaks"]
    assert "from 0 to 10" in shown["stress"]
    assert "required" in shown["energy"]
    assert [name for name, text in shown.items() if text] == ["breaks", "stress", "energy"]
    assert selected == "lunch"
    assert service.history() == []


async def test_typing_after_an_error_replaces_the_wrong_value(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, stress="11", energy="5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("7")
        await pilot.pause()
        assert form(pilot).field("stress").value == "7"


async def test_after_saving_the_form_starts_afresh_for_the_next_shift(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_form(pilot, **A_SHIFT, note="busy")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("escape")
        await settle(pilot)
        values = form(pilot).values()
        await pilot.press("ctrl+s")  # saving the fresh form again adds nothing
        await settle(pilot)
    assert (values.stress, values.energy, values.contacts, values.note) == ("", "", "", "")
    assert (values.start, values.end, values.breaks) == ("08:00", "16:30", "12:00-12:30")
    assert values.date == "2026-11-27"
    assert len(service.history()) == 1


def test_no_placeholder_could_pass_for_a_value() -> None:
    from wellbeing.domain.errors import InputError
    from wellbeing.tui.form_parsing import parse_breaks, parse_clock, parse_count, parse_day
    from wellbeing.tui.widgets.checkin_form import FIELD_SPECS

    shift_start = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    parsers = {
        "date": parse_day,
        "start": lambda text: parse_clock("start", text),
        "end": lambda text: parse_clock("end", text),
        "breaks": lambda text: parse_breaks(text, shift_start) or None,
        "contacts": lambda text: parse_count("contacts", text, required=True),
        "difficult": lambda text: parse_count("difficult", text, required=True),
        "stress": lambda text: parse_count("stress", text, required=True),
        "energy": lambda text: parse_count("energy", text, required=True),
    }
    accepted = []
    for spec in FIELD_SPECS:
        if spec.name in parsers and spec.placeholder:
            try:
                if parsers[spec.name](spec.placeholder) is not None:
                    accepted.append(spec.name)
            except InputError:
                pass
    assert accepted == []


async def test_enter_moves_to_the_next_field_and_saves_on_the_last(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await to_first_field(pilot)
        await pilot.press("enter")
        after_date = app.focused
        await pilot.press("enter", "enter", "enter", "enter", "enter", "5", "enter", "6", "enter")
        after_energy = app.focused
        the_form = form(pilot)
        assert after_date is the_form.field("start")
        assert after_energy is the_form.field("note")
        await pilot.press("enter")
        await settle(pilot)
    [stored] = service.history()
    assert (stored.stress, stored.energy) == (5, 6)


async def test_tab_on_the_last_field_moves_on_without_saving(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        the_form = form(pilot)
        the_form.field("stress").value, the_form.field("energy").value = "5", "6"
        the_form.field("note").focus()
        await pilot.press("tab")
        await settle(pilot)
        left_the_note = app.focused is not the_form.field("note")
    assert left_the_note
    assert service.history() == []


async def test_a_burst_of_keys_with_tabs_lands_in_the_right_fields(app: WellbeingApp) -> None:
    from textual import events
    from textual.keys import _character_to_key

    typed = "2026-11-26\t08:00\t16:30\t\t42\t3\t7\t4"
    async with app.run_test() as pilot:
        await settle(pilot)
        the_form = form(pilot)
        for name in ("date", "start", "end", "contacts"):  # emptied, so each keeps only the burst
            the_form.field(name).value = ""
        the_form.field("date").focus()
        await pilot.pause()
        for character in typed:  # queued all at once, with no wait between keys
            key = "tab" if character == "\t" else _character_to_key(character)
            app.post_message(events.Key(key, None if character == "\t" else character))
        await settle(pilot)
        values = the_form.values()
    assert (values.date, values.start, values.end) == ("2026-11-26", "08:00", "16:30")
    counts = (values.contacts, values.difficult, values.stress, values.energy)
    assert counts == ("42", "3", "7", "4")


async def test_a_check_in_the_database_cannot_store_is_reported_and_the_form_stays_usable(
    app: WellbeingApp, db_url: str
) -> None:
    notices: list[str] = []
    async with app.run_test(message_hook=notices_into(notices)) as pilot:
        await settle(pilot)
        move_table_away(db_url, "checkins")
        await type_form(pilot, **SCORES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        can_save_again = screen.check_action("save", ())
    assert isinstance(screen, CheckinScreen)
    assert can_save_again
    assert [n for n in notices if n.startswith("Your check-in was not saved: ")]
    assert not [n for n in notices if "Traceback" in n]


async def test_a_last_check_in_that_cannot_be_read_leaves_the_usual_times_in_the_form(
    app: WellbeingApp, db_url: str
) -> None:
    move_table_away(db_url, "people")
    notices: list[str] = []
    async with app.run_test(message_hook=notices_into(notices)) as pilot:
        await settle(pilot)
        values = form(pilot).values()
        usable = not form(pilot).disabled
    assert [n for n in notices if n.startswith("Your last check-in could not be read: ")], notices
    assert (values.start, values.end, usable) == ("09:00", "17:00", True)


async def test_questionnaires_that_cannot_be_looked_up_are_reported_and_the_line_left_out(
    app: WellbeingApp, db_url: str
) -> None:
    move_table_away(db_url, "people")
    notices: list[str] = []
    async with app.run_test(message_hook=notices_into(notices)) as pilot:
        await settle(pilot)
        line_shown = app.screen.query_one("#surveys-due").display
    assert [n for n in notices if n.startswith("Could not check which questionnaires are due: ")]
    assert not line_shown
