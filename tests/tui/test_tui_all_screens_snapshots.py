"""Snapshots of every screen of the app at 80×24 and 120×40, in English, Dutch and French.

One SQLite file with fixed check-ins is built once for the module and copied for each
picture, with a frozen clock and the light theme, so the pictures are the same from run to
run (the team screen of a teamleader has its own, in test_tui_team_snapshots.py; here the
team screen is the agent's preview from the privacy page). Every picture's footer must show
each key the screen offers, or the key that lists every key (F10), so that no screen is out
of reach at 80 columns.

Each screen is reached once per language and pictured at both sizes in turn (see
tests/support/pictures.py). Update after an intended change with
`pytest tests/tui/test_tui_all_screens_snapshots.py --snapshot-update` and look at the new files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tests.support.all_screens import (  # noqa: F401 (checked_in: a fixture)
    LANGUAGES,
    SCREENS,
    SIZES,
    Steps,
    app_on_a_copy,
    checked_in,
)
from tests.support.pictures import assert_pictures_approved, take_pictures
from tests.support.pilot import settle
from tests.support.screen_text import footer_line
from wellbeing.i18n import _, set_language
from wellbeing.tui.app import LIGHT_THEME, WellbeingApp


@pytest.fixture
def app(
    checked_in: Path,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> WellbeingApp:
    """The app on this test's own copy; paths on screen read ~/wellbeing.db."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(name, raising=False)
    return app_on_a_copy(checked_in, tmp_path)


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)  # as the command line does at start
    yield request.param
    set_language("en")


def showing(screen: str) -> Steps:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.theme = LIGHT_THEME
        await SCREENS[screen](pilot)
        for shown in pilot.app.screen_stack:  # a dialog leaves the screen under it in view
            for field in shown.query(Input):
                field.cursor_blink = False  # a blinking cursor would make each picture differ
        await settle(pilot)

    return run_before


def offered_keys(app: App[object]) -> list[str]:
    """'key words' for each key the screen on view offers in its footer."""
    shown: dict[str, str] = {}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.description:
            shown.setdefault(
                binding.action, f"{app.get_key_display(binding)} {binding.description}"
            )
    return list(shown.values())


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_looks_as_approved_and_its_footer_names_the_keys_list(
    snapshot: SnapshotAssertion, app: WellbeingApp, screen: str, language: str
) -> None:
    footers: dict[str, tuple[str, list[str]]] = {}

    async def note_footer(pilot: Pilot[None], size: str) -> None:
        footers[size] = (footer_line(pilot.app), offered_keys(pilot.app))

    assert_pictures_approved(snapshot, take_pictures(app, SIZES, showing(screen), note_footer))
    for size, (footer, offered) in footers.items():
        # Every key the screen offers is in its footer, or the key that lists them all is.
        assert f"f10 {_('Keys')}" in footer or all(key in footer for key in offered), size
