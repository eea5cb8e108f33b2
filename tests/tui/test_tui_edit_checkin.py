"""Correcting a check-in from the history screen, by keyboard, on a real database."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.support.broken_database import move_table_away
from tests.support.clock import FrozenClock
from tests.support.notices import notices_into
from tests.support.pilot import app_on, settle
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.form_values import FormValues
from wellbeing.tui.screens.edit_checkin import EditCheckinScreen
from wellbeing.tui.screens.feedback import FeedbackScreen
from wellbeing.tui.screens.history import HistoryScreen
from wellbeing.tui.widgets.checkin_form import CheckinForm
from wellbeing.tui.widgets.findings import FindingCard, FindingList, OverallBanner
from wellbeing.tui.widgets.history_table import HistoryTable
from wellbeing.tui.widgets.saved_summary import SavedSummary


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


def record_shift(service: Wellbeing, **extra: object) -> None:
    """A Tuesday 08:00-16:30 shift with a 30-minute break at noon (Brussels time)."""
    service.record_checkin(
        {
            "start": "2026-11-24T08:00",
            "end": "2026-11-24T16:30",
            "breaks": [{"start": "2026-11-24T12:00", "end": "2026-11-24T12:30"}],
            "contacts": 30,
            "difficult": 2,
            "stress": 4,
            "energy": 6,
            "note": "quiet day",
            **extra,
        }
    )


async def open_correction(pilot: Pilot[None]) -> EditCheckinScreen:
    """F3, then Enter on the highlighted (newest) check-in."""
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, EditCheckinScreen)
    return dialog


async def replace_field(pilot: Pilot[None], name: str, text: str) -> None:
    """Put the cursor in a field and type over its text, as a person would."""
    field = pilot.app.screen.query_one(CheckinForm).field(name)
    field.focus()
    await pilot.pause()
    field.action_end()
    for _char in range(len(field.value)):
        await pilot.press("backspace")
    await pilot.press(*text)


async def test_enter_opens_the_checkin_with_its_own_values(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_shift(service)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_correction(pilot)
        values = dialog.query_one(CheckinForm).values()
    assert values == FormValues(
        date="2026-11-24",
        start="08:00",
        end="16:30",
        breaks="12:00-12:30",
        contacts="30",
        difficult="2",
        stress="4",
        energy="6",
        note="quiet day",
    )


async def test_e_also_opens_the_highlighted_checkin(app: WellbeingApp, service: Wellbeing) -> None:
    record_shift(service)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, EditCheckinScreen)


async def test_a_saved_correction_replaces_the_checkin_in_the_database(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_shift(service)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_correction(pilot)
        await replace_field(pilot, "stress", "8")
        await replace_field(pilot, "end", "17:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # from the feedback on the correction
        await settle(pilot)
        screen = app.screen
        row = [str(cell).strip() for cell in screen.query_one(HistoryTable).get_row_at(0)]
    stored = service.history()
    assert isinstance(screen, HistoryScreen)
    assert len(stored) == 1
    assert (stored[0].stress, stored[0].note) == (8, "quiet day")
    assert stored[0].shift.worked.total_seconds() == 8.5 * 3600
    assert row[:8] == ["2026-11-24", "08:00-17:00", "8:30", "0:30", "30", "2", "8", "6"]


async def test_a_correction_runs_the_rules_again(app: WellbeingApp, service: Wellbeing) -> None:
    record_shift(service)
    before = {flag.rule_id for flag in service.flags().flags}
    async with app.run_test(size=(100, 40)) as pilot:
        await open_correction(pilot)
        # No break and 9 h 30 of work: the legal break (art. 38quater) was not taken.
        await replace_field(pilot, "breaks", "")
        await replace_field(pilot, "end", "17:30")
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = {flag.rule_id for flag in service.flags().flags}
    assert "break.legal" not in before
    assert "break.legal" in after


async def test_invalid_input_is_shown_under_its_field_and_nothing_is_written(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_shift(service)
    before = service.history()
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_correction(pilot)
        await replace_field(pilot, "difficult", "45")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = dialog.query_one(CheckinForm)
        error, still_open = form.error_text("difficult"), app.screen is dialog
        focused_on_field = app.focused is form.field("difficult")
    assert still_open
    assert error == "Difficult contacts: 45 difficult contacts is more than the 30 contacts"
    assert focused_on_field
    assert service.history() == before


async def test_escape_leaves_the_checkin_unchanged(app: WellbeingApp, service: Wellbeing) -> None:
    record_shift(service)
    before = service.history()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_correction(pilot)
        await replace_field(pilot, "stress", "9")
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, HistoryScreen)
    assert service.history() == before


async def test_what_the_form_does_not_show_is_kept(app: WellbeingApp, service: Wellbeing) -> None:
    record_shift(service, channels={"phone": 20, "email": 10}, support=7, occupancy=82.5)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_correction(pilot)
        await replace_field(pilot, "energy", "3")
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = service.history()[0]
    assert stored.energy == 3
    assert (stored.channels, stored.support, stored.shift.occupancy) == (
        {"phone": 20, "email": 10},
        7,
        82.5,
    )


async def test_per_channel_counts_are_dropped_when_the_total_no_longer_matches(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_shift(service, channels={"phone": 20, "email": 10})
    async with app.run_test(size=(100, 40)) as pilot:
        await open_correction(pilot)
        await replace_field(pilot, "contacts", "35")
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = service.history()[0]
    assert (stored.shift.contacts, stored.channels) == (35, {})


async def test_a_saved_correction_opens_the_feedback_a_new_checkin_opens(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_shift(service)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_correction(pilot)
        # No break and 9 h 30 of work: the legal break (art. 38quater) was not taken.
        await replace_field(pilot, "breaks", "")
        await replace_field(pilot, "end", "17:30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        summary = str(screen.query_one(SavedSummary).render())
        found = [card.finding.rule_id for card in screen.query(FindingCard)]
        banner = str(screen.query_one(OverallBanner).render())
        back = {
            active.binding.id: active.binding.description
            for active in screen.active_bindings.values()
        }["feedback.close"]
    assert isinstance(screen, FeedbackScreen)
    assert "24 November 2026, 08:00-17:30 is saved" in summary
    assert "break.legal" in found
    assert banner.startswith("Overall: ")
    assert back == "Back to history"


async def test_escape_from_the_feedback_on_a_correction_returns_to_the_corrected_history(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_shift(service)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_correction(pilot)
        await replace_field(pilot, "stress", "8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = app.screen
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        row = [str(cell).strip() for cell in screen.query_one(HistoryTable).get_row_at(0)]
    assert isinstance(shown, FeedbackScreen)
    assert isinstance(screen, HistoryScreen)
    assert row[6] == "8"  # the stress column


async def test_the_feedback_on_a_correction_names_the_other_shifts_whose_findings_it_changed(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_shift(service)
    service.record_checkin(
        {"start": "2026-11-25T06:00", "end": "2026-11-25T11:00", "stress": 3, "energy": 6}
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("down", "enter")  # the Tuesday shift, under the newer Wednesday one
        await settle(pilot)
        assert isinstance(app.screen, EditCheckinScreen)
        # Ending at 22:00 leaves 8 hours of rest before Wednesday's 06:00 start.
        await replace_field(pilot, "end", "22:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        texts = screen.query_one(FindingList).texts()
    heading = "This also changed what was found about your shift of 25 November 2026, 06:00-11:00:"
    assert isinstance(screen, FeedbackScreen)
    assert heading in texts
    after = texts[texts.index(heading) + 1 :]
    assert any("Only 8 h 00 passed between the end of your shift" in text for text in after)


async def test_a_correction_the_database_cannot_store_is_reported_and_can_be_tried_again(
    app: WellbeingApp, service: Wellbeing, db_url: str
) -> None:
    record_shift(service)
    notices: list[str] = []
    async with app.run_test(size=(100, 40), message_hook=notices_into(notices)) as pilot:
        dialog = await open_correction(pilot)
        move_table_away(db_url, "checkins")
        await replace_field(pilot, "stress", "8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        still_open = app.screen is dialog
        can_save_again = not dialog.saving
    assert any(notice.startswith("The check-in was not corrected: ") for notice in notices)
    assert still_open and can_save_again
