"""The history screen: the person's check-ins, newest first, and delete after confirming."""

from __future__ import annotations

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from tests.support.broken_database import move_table_away
from tests.support.clock import FrozenClock
from tests.support.notices import notices_into
from tests.support.pilot import app_on, settle, to_first_field
from tests.support.screen_text import screen_lines
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.confirm import ConfirmScreen
from wellbeing.tui.screens.history import HistoryScreen
from wellbeing.tui.widgets.history_table import HistoryTable


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


def record(service: Wellbeing, start: str, end: str, **extra: object) -> None:
    """Store a check-in through the service; times are Brussels local."""
    service.record_checkin({"start": start, "end": end, "stress": 4, "energy": 6, **extra})


def table_rows(pilot: Pilot[None]) -> list[list[str]]:
    table = pilot.app.screen.query_one(HistoryTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return [[str(cell).strip() for cell in row] for row in rows]


async def open_history(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HistoryScreen)


async def save_prefilled_form(pilot: Pilot[None], stress: str, energy: str) -> None:
    """From the first field, Tab to stress and energy, type them and press ctrl+s."""
    await to_first_field(pilot)
    for _field in ("date", "start", "end", "breaks", "contacts", "difficult"):
        await pilot.press("tab")
    await pilot.press(*stress, "tab", *energy, "ctrl+s")


async def test_checkins_are_listed_newest_first_with_their_numbers(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record(service, "2026-11-24T08:00", "2026-11-24T16:30", contacts=40, difficult=1)
    record(
        service,
        "2026-11-25T22:00",
        "2026-11-26T06:30",
        breaks=[{"start": "2026-11-26T02:00", "end": "2026-11-26T02:45"}],
        contacts=12,
        difficult=3,
        stress=8,
        energy=2,
    )
    async with app.run_test() as pilot:
        await open_history(pilot)
        rows = table_rows(pilot)
    assert rows == [
        [
            "2026-11-25",
            "22:00-06:30+1",
            "7:45",
            "0:45",
            "12",
            "3",
            "8",
            "2",
            "⚑",
        ],
        [
            "2026-11-24",
            "08:00-16:30",
            "8:30",
            "0:00",
            "40",
            "1",
            "4",
            "6",
            "⚑",
        ],
    ]


async def test_without_checkins_the_screen_says_how_to_record_one(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await open_history(pilot)
        empty = app.screen.query_one("#history-empty")
        table = app.screen.query_one(HistoryTable)
        text, shown, table_shown = str(empty.render()), empty.display, table.display
        delete = app.screen.active_bindings["delete"]
    assert shown and not table_shown
    assert "No check-ins yet" in text
    assert not delete.enabled


async def test_a_checkin_saved_on_the_form_appears_in_history(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await save_prefilled_form(pilot, stress="7", energy="3")
        await open_history(pilot)
        rows = table_rows(pilot)
    assert rows == [
        [
            "2026-11-27",
            "09:00-17:00",
            "8:00",
            "0:00",
            "0",
            "0",
            "7",
            "3",
            "⚑",
        ]
    ]


async def test_history_already_open_reloads_after_a_save(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record(service, "2026-11-24T08:00", "2026-11-24T16:00")
    async with app.run_test() as pilot:
        await open_history(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await save_prefilled_form(pilot, stress="5", energy="5")
        await open_history(pilot)
        days = [row[0] for row in table_rows(pilot)]
    assert days == ["2026-11-27", "2026-11-24"]


async def test_delete_asks_first_and_removes_the_selected_checkin(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record(service, "2026-11-24T08:00", "2026-11-24T16:00")
    record(service, "2026-11-25T08:00", "2026-11-25T16:00")
    async with app.run_test() as pilot:
        await open_history(pilot)
        await pilot.press("down", "delete")
        await pilot.pause()
        dialog = app.screen
        question = str(dialog.query_one("#confirm-question").render())
        await pilot.press("y")
        await settle(pilot)
        rows = table_rows(pilot)
    assert isinstance(dialog, ConfirmScreen)
    assert "24 November 2026, 08:00-16:00" in question  # a date in a sentence, in words
    assert [row[0] for row in rows] == ["2026-11-25"]
    assert [c.shift.start.date().isoformat() for c in service.history()] == ["2026-11-25"]


async def test_declining_the_confirmation_keeps_the_checkin(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record(service, "2026-11-24T08:00", "2026-11-24T16:00")
    async with app.run_test() as pilot:
        await open_history(pilot)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("enter")  # the focused button is Cancel
        await settle(pilot)
        rows = table_rows(pilot)
        screen = app.screen
    assert isinstance(screen, HistoryScreen)
    assert len(rows) == 1
    assert len(service.history()) == 1


async def test_a_checkin_deleted_elsewhere_is_reported_not_raised(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record(service, "2026-11-24T08:00", "2026-11-24T16:00")
    notices: list[str] = []

    def hear(message: Message) -> None:
        if isinstance(message, Notify):
            notices.append(message.notification.message)

    async with app.run_test(message_hook=hear) as pilot:
        await open_history(pilot)
        service.delete_checkin(service.history()[0].id)
        await pilot.press("delete", "y")
        await settle(pilot)
        running = app.is_running
    assert running
    assert any(notice.startswith("The check-in was not deleted: ") for notice in notices)


async def test_end_goes_to_the_oldest_checkin_and_home_back_to_the_newest(
    app: WellbeingApp, service: Wellbeing
) -> None:
    for day in ("24", "25", "26"):
        record(service, f"2026-11-{day}T08:00", f"2026-11-{day}T16:30")
    async with app.run_test() as pilot:
        await open_history(pilot)
        table = pilot.app.screen.query_one(HistoryTable)
        await pilot.press("end")
        at_end = table.cursor_row
        await pilot.press("home")
        at_home = table.cursor_row
    assert (at_end, at_home) == (2, 0)


async def test_the_pane_under_the_table_says_what_was_found_about_the_selected_shift(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record(service, "2026-11-24T08:00", "2026-11-24T16:30", note="long queue after lunch")
    record(service, "2026-11-26T08:00", "2026-11-26T10:00")
    async with app.run_test() as pilot:
        await open_history(pilot)
        marks = [row[-1] for row in table_rows(pilot)]
        first = str(app.screen.query_one("#history-detail").render())
        await pilot.press("down")
        await settle(pilot)
        second = str(app.screen.query_one("#history-detail").render())
    assert marks == ["", "⚑✎"]
    assert first == "Nothing found about this shift, and no note."
    assert "⚑ Warning: On 24 November 2026 you worked 8 h 30" in second
    assert second.endswith("✎ long queue after lunch")


def record_widest_night(service: Wellbeing) -> None:
    """A night shift with a break whose every figure takes the most room in the table."""
    record(
        service,
        "2026-11-25T22:00",
        "2026-11-26T06:30",
        breaks=[{"start": "2026-11-26T02:00", "end": "2026-11-26T02:45"}],
        contacts=112,
        difficult=13,
        stress=10,
        energy=10,
        note="night",
    )


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_the_history_table_fits_80_columns_in_every_language(
    app: WellbeingApp, service: Wellbeing, language: str
) -> None:
    from wellbeing.i18n import set_language

    record_widest_night(service)
    set_language(language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_history(pilot)
            table = app.screen.query_one(HistoryTable)
            needed, shown = table.virtual_size.width, table.scrollable_content_region.width
    finally:
        set_language("en")
    assert needed <= shown


HEADERS = {
    "en": ("Date", "Shift", "Worked", "Breaks", "Contacts", "Difficult", "Stress", "Energy"),
    "nl": ("Datum", "Shift", "Gewerkt", "Pauzes", "Contacten", "Moeilijk", "Stress", "Energie"),
    "fr": (
        "Date",
        "Service",
        "Travaillé",
        "Pauses",
        "Contacts",
        "Difficiles",
        "Stress",
        "Énergie",
    ),
}


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_break_time_reads_as_hours_and_minutes_like_worked_time_at_80_columns(
    app: WellbeingApp, service: Wellbeing, language: str
) -> None:
    from wellbeing.i18n import set_language

    record_widest_night(service)
    set_language(language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_history(pilot)
            lines = screen_lines(app)
    finally:
        set_language("en")
    header = next(line for line in lines if HEADERS[language][0] in line.split())
    row = next(line for line in lines if "2026-11-25" in line)
    assert header.split() == list(HEADERS[language])  # every heading whole, none cut off
    assert row.split()[2:] == ["7:45", "0:45", "112", "13", "10", "10", "⚑✎"]
    assert len(row.rstrip()) <= 80


async def test_check_ins_that_cannot_be_read_are_reported_not_raised(
    app: WellbeingApp, db_url: str
) -> None:
    move_table_away(db_url, "people")
    notices: list[str] = []
    async with app.run_test(message_hook=notices_into(notices)) as pilot:
        await open_history(pilot)
        running = app.is_running
    assert running
    assert any(notice.startswith("Your check-ins could not be read: ") for notice in notices)


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("en", "Delete your check-in of 25 November 2026, 08:00-12:00?"),
        ("nl", "Je check-in van 25 november 2026, 08:00-12:00 verwijderen?"),
        ("fr", "Supprimer votre bilan du 25 novembre 2026, 08:00-12:00 ?"),
        ("fr", "Supprimer votre bilan du 30 septembre 2026, 22:00-06:30+1 ?"),
    ],
)
async def test_the_delete_question_stays_on_one_line_at_80_columns(
    app: WellbeingApp, service: Wellbeing, language: str, question: str
) -> None:
    """A French question mark stands after a space; it must not wrap onto a line alone."""
    from wellbeing.i18n import set_language

    if "30" in question:
        record(service, "2026-09-30T22:00", "2026-10-01T06:30")
    else:
        record(service, "2026-11-25T08:00", "2026-11-25T12:00")
    set_language(language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_history(pilot)
            await pilot.press("delete")
            await settle(pilot)
            lines = [line.strip(" █") for line in screen_lines(app)]
    finally:
        set_language("en")
    assert question in lines
