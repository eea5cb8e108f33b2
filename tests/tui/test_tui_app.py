"""The app as a whole: fast start, screens by key and by command palette, theme, footer keys."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import RenderableType
from textual._compositor import LayoutUpdate
from textual.screen import Screen

from tests.support.clock import FrozenClock
from tests.support.pilot import app_on, settle
from wellbeing.i18n import set_language
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.checkin import CheckinScreen
from wellbeing.tui.screens.history import HistoryScreen


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


def test_importing_the_app_loads_neither_the_database_layer_nor_pydantic() -> None:
    code = "import sys, wellbeing.tui.app; print(' '.join(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "sqlalchemy" not in loaded
    assert "pydantic" not in loaded
    assert "wellbeing.services" not in loaded


async def test_the_app_opens_on_the_checkin_screen_while_the_database_opens(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        first_screen = app.screen
        await settle(pilot)
        service = app.service
    assert isinstance(first_screen, CheckinScreen)
    assert service is not None


def keep_the_first_frame(app: WellbeingApp) -> list[RenderableType]:
    """Have `app` keep the first frame it draws: the headless terminal is handed every frame
    as a real one is, and leaves it. The list holds that frame once the app ran."""
    frames: list[RenderableType] = []
    display = app._display

    def keep(screen: Screen, update: RenderableType | None) -> None:
        if not frames and update is not None:
            frames.append(update)
        display(screen, update)

    app._display = keep  # type: ignore[method-assign]
    return frames


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Wellbeing"), ("nl", "Welzijn"), ("fr", "Bien-être")]
)
async def test_the_first_frame_shows_the_apps_own_title_in_its_language(
    app: WellbeingApp, language: str, title: str
) -> None:
    set_language(language)
    frames = keep_the_first_frame(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    first = frames[0]
    assert isinstance(first, LayoutUpdate)  # the whole screen
    header = "".join(strip.text for strip in first.strips[0])
    assert "WellbeingApp" not in header
    assert f"{title} — " in header


async def test_function_keys_switch_between_checkin_and_history(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f3")
        on_f3 = app.screen
        await pilot.press("f2")
        on_f2 = app.screen
    assert isinstance(on_f3, HistoryScreen)
    assert isinstance(on_f2, CheckinScreen)


async def test_the_history_screen_is_reachable_from_the_command_palette(
    app: WellbeingApp,
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"History")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, HistoryScreen)


async def test_every_screen_action_has_a_palette_command(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        on_checkin = {command.title for command in app.get_system_commands(app.screen)}
        await pilot.press("f3")
        await settle(pilot)
        on_history = {command.title for command in app.get_system_commands(app.screen)}
    assert {"Check-in", "History", "Light or dark theme", "Save check-in"} <= on_checkin
    assert {"Refresh history"} <= on_history


async def test_ctrl_t_toggles_between_light_and_dark(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        dark_at_start = app.current_theme.dark
        await pilot.press("ctrl+t")
        after_one = app.current_theme.dark
        await pilot.press("ctrl+t")
        after_two = app.current_theme.dark
    assert after_one is not dark_at_start
    assert after_two is dark_at_start


async def test_the_footer_keys_have_ids_and_descriptions(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        shown = {
            active.binding.id: active.binding.description
            for active in app.screen.active_bindings.values()
            if active.binding.show and active.binding.id
        }
    assert shown == {
        "help.open": "Help",
        "keys.open": "Keys",
        "checkin.save": "Save",
        "pause.open": "Pause",
        "show.checkin": "Check-in",
        "show.history": "History",
        "show.flags": "Flags",
        "show.surveys": "Surveys",
        "show.reflect": "Reflect",
        "show.settings": "Settings",
        "theme.toggle": "Light/dark",
        "app.quit": "Quit",
    }


async def test_key_descriptions_are_translated_when_shown_not_when_declared(
    app: WellbeingApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        monkeypatch.setattr("wellbeing.tui.screens.base._", lambda text: f"«{text}»")
        description = app.screen.active_bindings["ctrl+s"].binding.description
    assert description == "«Save»"


def test_tui_script_is_the_command_line_without_a_subcommand() -> None:
    script = Path(__file__).resolve().parents[2] / "tui.py"
    shown = subprocess.run(
        [sys.executable, str(script), "--version"], capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "wellbeing 0.1.0"
