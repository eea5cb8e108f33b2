"""The settings screen (F8): schedule, where things are, export and erase, privacy, and the
notice shown the first time the app opens. Real database, real settings file (isolated)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Button, Input

from tests.support.clock import FrozenClock
from tests.support.pilot import app_on, settle
from tests.support.screen_text import screen_lines
from wellbeing.i18n import _, set_language
from wellbeing.services import Wellbeing, open_database
from wellbeing.settings import Settings, save_settings, settings_file
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.erase_confirm import EraseConfirmScreen
from wellbeing.tui.screens.privacy import FirstRunNotice, PrivacyScreen
from wellbeing.tui.screens.settings import SettingsScreen
from wellbeing.tui.screens.team import TeamPreviewScreen
from wellbeing.tui.widgets.checkin_form import CheckinForm

SIZE = (100, 40)


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


def record(service: Wellbeing, note: str = "felt rushed") -> None:
    service.record_checkin(
        {
            "start": "2026-11-24T08:00",
            "end": "2026-11-24T16:30",
            "breaks": [{"start": "2026-11-24T12:00", "end": "2026-11-24T12:30"}],
            "stress": 6,
            "energy": 4,
            "contacts": 25,
            "note": note,
        }
    )


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)


def shown(screen: SettingsScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_the_screen_says_where_the_data_and_the_rules_are(
    app: WellbeingApp, service: Wellbeing
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        database, rules = shown(screen, "#database-location"), shown(screen, "#rules-file")
    assert database == service.database_location()
    assert rules == "the built-in defaults"


async def test_a_rules_file_in_force_is_named(
    app: WellbeingApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "site-rules.toml"
    rules.write_text("", encoding="utf-8")
    monkeypatch.setenv("WELLBEING_RULES_FILE", str(rules))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        named = shown(screen, "#rules-file")
    assert named == str(rules)


async def test_a_saved_schedule_prefills_a_first_checkin(app: WellbeingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "#usual-start", "7:30")
        await type_into(pilot, "#usual-end", "1530")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        values = app.screen.query_one(CheckinForm).values()
    assert (Settings().usual_start, Settings().usual_end) == ("07:30", "15:30")
    assert (values.date, values.start, values.end) == ("2026-11-27", "07:30", "15:30")


async def test_a_schedule_time_that_is_not_a_time_is_refused_beside_its_field(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#usual-start", "25:00")
        await type_into(pilot, "#usual-end", "16:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = shown(screen, "#error-usual-start")
        focused = app.focused.id if app.focused else None
    assert error == "Usual start: '25:00' is not a valid time of day"
    assert focused == "usual-start"
    assert not settings_file().exists()


async def test_a_schedule_needs_both_times(app: WellbeingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#usual-start", "08:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = shown(screen, "#error-usual-end")
    assert error == "Usual end: is empty; give a time such as 08:00"
    assert not settings_file().exists()


async def test_export_writes_a_private_folder_of_csv_files_and_says_where(
    app: WellbeingApp, service: Wellbeing, tmp_path: Path
) -> None:
    record(service)
    target = tmp_path / "exports"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#export-folder", str(target))
        screen.query_one("#export").focus()
        await pilot.press("enter")
        await settle(pilot)
        result = shown(screen, "#settings-result")
    folder = target / "wellbeing-export-20261127"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    with (folder / "checkins.csv").open(encoding="utf-8", newline="") as handle:
        checkins = list(csv.DictReader(handle))
    assert {"people", "shifts", "breaks", "checkins"} <= set(manifest["files"])
    assert {path.name for path in folder.glob("*.csv")} == set(manifest["files"].values())
    rows = sum(manifest["tables"].values())
    assert result == f"Exported {rows} rows to {folder}"
    assert [(row["stress"], row["note"]) for row in checkins] == [("6", "felt rushed")]
    assert (folder / "checkins.csv").stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700


async def test_export_to_a_folder_that_cannot_be_made_is_refused_beside_the_field(
    app: WellbeingApp, service: Wellbeing, tmp_path: Path
) -> None:
    record(service)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#export-folder", str(blocker / "inside"))
        screen.query_one("#export").focus()
        await pilot.press("enter")
        await settle(pilot)
        error = shown(screen, "#error-export-folder")
    assert error.startswith("Export to: cannot write there: ")


async def test_erase_after_typing_the_word_removes_everything(
    app: WellbeingApp, service: Wellbeing, db_url: str
) -> None:
    record(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#erase").focus()
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        await pilot.press(*"erase", "enter")
        await settle(pilot)
        result = shown(screen, "#settings-result")
    assert isinstance(dialog, EraseConfirmScreen)
    assert result.startswith("Everything stored about you is erased (")
    fresh = open_database(db_url)
    try:
        assert Wellbeing(fresh, "agent").export()["data"] == {}
    finally:
        fresh.dispose()


async def test_a_wrong_confirmation_word_erases_nothing(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#erase").focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"yes", "enter")
        await settle(pilot)
        error = str(app.screen.query_one("#erase-error").render())
        await pilot.press("escape")
        await settle(pilot)
        back_on_settings = isinstance(app.screen, SettingsScreen)
    assert error == "Nothing was erased: type erase exactly, or press Escape to cancel."
    assert back_on_settings
    assert len(service.history()) == 1


async def test_the_privacy_page_says_who_sees_what_and_the_honest_limit(
    app: WellbeingApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#privacy").focus()
        await pilot.press("enter")
        await settle(pilot)
        page = app.screen
        text = " ".join(str(part.render()) for part in page.query(".privacy-text"))
        await pilot.press("escape")
        await settle(pilot)
        back = app.screen
    assert isinstance(page, PrivacyScreen)
    assert "at least 5 people" in text
    assert "can read every row in it, notes included" in text
    assert "PostgreSQL" in text
    assert back is screen


async def test_the_first_run_notice_is_shown_once_and_remembered(
    db_url: str, clock: FrozenClock
) -> None:
    def first_run_app() -> WellbeingApp:
        return WellbeingApp(
            lambda: Wellbeing(open_database(db_url), "agent", clock), first_run_notice=True
        )

    app = first_run_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen
        text = " ".join(str(part.render()) for part in first.query(".notice-text"))
        await pilot.press("enter")
        await settle(pilot)
        after_dismiss = app.screen
    again = first_run_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        second = again.screen
    assert isinstance(first, FirstRunNotice)
    assert "Who sees it: only you." in text
    assert "whoever can read the database file can read every row in it" in text
    assert not isinstance(after_dismiss, FirstRunNotice)
    assert Settings().privacy_notice_seen
    assert not isinstance(second, FirstRunNotice)


async def test_enter_closes_the_notice_after_tab_left_its_button(
    db_url: str, clock: FrozenClock
) -> None:
    app = WellbeingApp(
        lambda: Wellbeing(open_database(db_url), "agent", clock), first_run_notice=True
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.screen
        await pilot.press("tab")
        left_the_button = app.focused is not first.query_one("#notice-understood")
        await pilot.press("enter")
        await settle(pilot)
        after = app.screen
    assert isinstance(first, FirstRunNotice)
    assert left_the_button
    assert not isinstance(after, FirstRunNotice)


async def test_the_notice_is_not_shown_to_someone_who_has_seen_it(
    db_url: str, clock: FrozenClock
) -> None:
    save_settings(privacy_notice_seen=True)
    app = WellbeingApp(
        lambda: Wellbeing(open_database(db_url), "agent", clock), first_run_notice=True
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
    assert not isinstance(screen, FirstRunNotice)


async def test_a_settings_file_that_cannot_be_written_is_reported_not_raised(
    app: WellbeingApp,
) -> None:
    # A folder where the settings file's temporary copy is written: the save must fail.
    settings_file().with_suffix(".tmp").mkdir(parents=True)
    notices: list[str] = []

    def hear(message: Message) -> None:
        if isinstance(message, Notify):
            notices.append(message.notification.message)

    async with app.run_test(size=SIZE, message_hook=hear) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "#usual-start", "08:00")
        await type_into(pilot, "#usual-end", "16:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        running = app.is_running
    assert running
    assert any(notice.startswith("Your schedule was not saved: ") for notice in notices)


async def test_after_erasing_every_screen_shows_the_empty_state(
    app: WellbeingApp, service: Wellbeing
) -> None:
    from wellbeing.tui.screens.feedback import FeedbackScreen
    from wellbeing.tui.screens.history import HistoryScreen
    from wellbeing.tui.widgets.history_table import HistoryTable
    from wellbeing.tui.widgets.saved_summary import SavedSummary

    record(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = app.screen.query_one(CheckinForm)
        for name, value in {"date": "2026-11-25", "stress": "6", "energy": "4"}.items():
            form.field(name).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("f3")
        await settle(pilot)
        screen = await open_settings(pilot)
        screen.query_one("#erase").focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"erase", "enter")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        on_checkin = app.screen
        summary_shown = on_checkin.query_one(SavedSummary).display
        values = on_checkin.query_one(CheckinForm).values()
        await pilot.press("f3")
        await settle(pilot)
        history = app.screen
        rows = history.query_one(HistoryTable).row_count
    assert not isinstance(on_checkin, FeedbackScreen)
    assert not summary_shown
    assert (values.start, values.end, values.breaks) == ("09:00", "17:00", "")
    assert isinstance(history, HistoryScreen)
    assert rows == 0


TEAMLEADER_KEY = {"en": "t", "nl": "t", "fr": "c"}
"""What my teamleader sees: t(eamleader), t(eamleider), c(hef d'équipe)."""


@pytest.fixture(params=["en", "nl", "fr"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


async def open_privacy(pilot: Pilot[None]) -> PrivacyScreen:
    screen = await open_settings(pilot)
    screen.query_one("#privacy").focus()
    await pilot.press("enter")
    await settle(pilot)
    page = pilot.app.screen
    assert isinstance(page, PrivacyScreen)
    return page


@pytest.mark.parametrize("key", ["language", "t"])
async def test_the_teamleaders_view_opens_with_a_key_from_the_privacy_page(
    app: WellbeingApp, language: str, key: str
) -> None:
    letter = TEAMLEADER_KEY[language] if key == "language" else key
    async with app.run_test(size=(80, 24)) as pilot:
        page = await open_privacy(pilot)
        button = str(page.query_one("#teamleader-preview", Button).label)
        await pilot.press(letter)
        await settle(pilot)
        shown = app.screen
        await pilot.press("escape")
        await settle(pilot)
        back = app.screen
    assert button.endswith(f"({TEAMLEADER_KEY[language]})")
    assert isinstance(shown, TeamPreviewScreen)
    assert back is page


async def test_the_teamleaders_view_is_in_the_palette_and_the_keys_list_of_the_privacy_page(
    app: WellbeingApp, language: str
) -> None:
    words = _("What my teamleader sees")
    async with app.run_test(size=(80, 24)) as pilot:
        page = await open_privacy(pilot)
        await pilot.press("f10")
        await settle(pilot)
        lines = [line.strip() for line in screen_lines(app)]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *words)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = app.screen
    keys = "t" if language != "fr" else "c, t"
    own, everywhere = lines.index(_("On this screen")), lines.index(_("Everywhere"))
    assert own < lines.index(f"{keys}  {words}") < everywhere
    assert isinstance(shown, TeamPreviewScreen)
    assert shown is not page


async def test_the_data_rights_buttons_fit_at_80_columns(app: WellbeingApp, language: str) -> None:
    """Each button is whole inside the screen, so its label is never cut off."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        body = screen.query_one("#settings-body")
        edges = {}
        for name in ("export", "erase", "privacy"):
            button = screen.query_one(f"#{name}", Button)
            button.focus()
            await settle(pilot)
            edges[name] = (button.region.right, body.content_region.right)
    assert all(right <= room for right, room in edges.values()), edges
