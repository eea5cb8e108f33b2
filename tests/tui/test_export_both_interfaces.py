"""The command line and the TUI write a person's export with one writer: the same folder,
file for file and byte for byte, from the same database at the same moment."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import FrozenClock
from tests.support.pilot import app_on, settle
from wellbeing.cli import run
from wellbeing.services import Wellbeing
from wellbeing.tui.screens.settings import SettingsScreen

ACCOUNT = "agent"


def _record(service: Wellbeing) -> None:
    service.record_checkin(
        {
            "start": "2026-11-24T08:00",
            "end": "2026-11-24T16:30",
            "breaks": [{"start": "2026-11-24T12:00", "end": "2026-11-24T12:30"}],
            "stress": 6,
            "energy": 4,
            "contacts": 25,
            "note": '=rushed, "quoted"; café',
        }
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


async def test_the_tui_and_the_command_line_write_the_same_export_byte_for_byte(
    db_url: str, clock: FrozenClock, service: Wellbeing, tmp_path: Path
) -> None:
    _record(service)
    from_cli = tmp_path / "cli" / "wellbeing-export-20261127"
    from_cli.parent.mkdir()
    code = run(
        ["--db", db_url, "--as", service.account, "export", "--format=csv", f"--out={from_cli}"],
        clock=clock,
    )
    assert code == 0
    async with app_on(db_url, clock).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        folder_field = screen.query_one("#export-folder", Input)
        folder_field.focus()
        folder_field.value = str(tmp_path / "tui")
        screen.query_one("#export").focus()
        await pilot.press("enter")
        await settle(pilot)
    from_tui = tmp_path / "tui" / "wellbeing-export-20261127"
    assert _files(from_tui) == _files(from_cli)
    assert "checkins.csv" in _files(from_cli)
