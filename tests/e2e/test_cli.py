"""The `wellbeing` executable as a person runs it: real process, real database, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from wellbeing.services import Wellbeing, open_database
from wellbeing.store.migrate import head_revision

EXECUTABLE = Path(sys.executable).parent / "wellbeing"
ACCOUNT = "agent"
TABLES = ("people", "shifts", "breaks", "checkins")


def wellbeing(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), "--db", db_url, "--as", ACCOUNT, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def snapshot(db_url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a check-in writes to, to prove nothing changed."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return {
                table: [
                    tuple(row)
                    for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
                ]
                for table in TABLES
            }
    finally:
        engine.dispose()


@pytest.fixture
def earlier_shift(db_url: str) -> Iterator[str]:
    """A database where the agent already logged 26 Nov 2026, 08:00-16:30."""
    db = open_database(db_url)
    Wellbeing(db, ACCOUNT).record_checkin(
        {"start": "2026-11-26T08:00", "end": "2026-11-26T16:30", "stress": 4, "energy": 6}
    )
    db.dispose()
    yield db_url


def test_help_lists_the_commands() -> None:
    result = subprocess.run([str(EXECUTABLE), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("checkin", "history", "demo", "db"):
        assert command in result.stdout


def test_a_checkin_comes_back_from_history_as_json(db_url: str) -> None:
    saved = wellbeing(
        db_url,
        "checkin",
        "--start=2026-11-25T22:00",
        "--end=2026-11-26T06:30",
        "--break=02:00-02:30",
        "--break=04:30-04:40",
        "--stress=7",
        "--energy=3",
        "--phone=40",
        "--email=5",
        "--difficult=4",
        "--occupancy=88.5",
        "--note=angry caller at 3",
    )
    assert saved.returncode == 0, saved.stderr
    assert saved.stderr == ""

    listed = wellbeing(db_url, "history", "--json")
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)["checkins"]
    assert entry["start"] == "2026-11-25T22:00:00+01:00"
    assert entry["end"] == "2026-11-26T06:30:00+01:00"
    assert [(b["start"], b["minutes"]) for b in entry["breaks"]] == [
        ("2026-11-26T02:00:00+01:00", 30),
        ("2026-11-26T04:30:00+01:00", 10),
    ]
    assert entry["worked_minutes"] == 8 * 60 + 30 - 40
    assert (entry["contacts"], entry["difficult"]) == (45, 4)
    assert entry["channels"] == {"phone": 40, "email": 5}
    assert (entry["stress"], entry["energy"], entry["occupancy"]) == (7, 3, 88.5)
    assert entry["note"] == "angry caller at 3"


VALID = {
    "--start": "2026-11-27T08:00",
    "--end": "2026-11-27T16:30",
    "--stress": "5",
    "--energy": "5",
}

INVALID = [
    pytest.param({"--stress": "11"}, "stress", id="stress-out-of-range"),
    pytest.param({"--contacts": "lots"}, "contacts", id="contacts-not-a-number"),
    pytest.param(
        {"--contacts": "3", "--difficult": "5"}, "difficult", id="difficult-over-contacts"
    ),
    pytest.param({"--end": "2026-11-27T07:00"}, "end", id="end-before-start"),
    pytest.param({"--end": "2026-11-28T01:00"}, "end", id="span-over-16-hours"),
    pytest.param({"--break": "17:00-17:30"}, "breaks", id="break-outside-shift"),
    pytest.param({"--break": ["12:00-12:30", "12:15-12:45"]}, "breaks", id="breaks-overlapping"),
    pytest.param(
        {"--start": "2026-11-26T15:00", "--end": "2026-11-26T22:00"},
        "start",
        id="overlaps-earlier-shift",
    ),
    pytest.param(
        {"--start": "2026-03-29T02:30", "--end": "2026-03-29T10:00"},
        "start",
        id="nonexistent-local-time",
    ),
    pytest.param(
        {"--start": "2099-06-01T08:00", "--end": "2099-06-01T16:00"},
        "start",
        id="shift-in-the-future",
    ),
    pytest.param(
        {"--start": "2026-10-25T02:30", "--end": "2026-10-25T10:00"},
        "start",
        id="ambiguous-local-time",
    ),
]


def _arguments(changes: dict[str, str | list[str]]) -> list[str]:
    merged: dict[str, str | list[str]] = {**VALID, **changes}
    arguments = ["checkin"]
    for option, value in merged.items():
        for item in value if isinstance(value, list) else [value]:
            arguments.append(f"{option}={item}")
    return arguments


@pytest.mark.parametrize(("changes", "field"), INVALID)
def test_invalid_checkin_names_the_field_exits_2_and_writes_nothing(
    earlier_shift: str, changes: dict[str, str | list[str]], field: str
) -> None:
    before = snapshot(earlier_shift)
    result = wellbeing(earlier_shift, *_arguments(changes))
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {field}: ")
    assert snapshot(earlier_shift) == before


def test_a_missing_option_is_one_line_naming_it_with_a_help_hint(earlier_shift: str) -> None:
    before = snapshot(earlier_shift)
    arguments = [a for a in _arguments({}) if not a.startswith("--stress")]
    result = wellbeing(earlier_shift, *arguments)
    assert result.returncode == 2
    problem, hint = result.stderr.splitlines()
    assert problem.startswith("error: stress: ")
    assert "--stress" in problem
    assert hint == "Try 'wellbeing checkin --help' for help."
    assert snapshot(earlier_shift) == before


def test_an_unknown_option_is_one_line_naming_it(db_url: str) -> None:
    result = wellbeing(db_url, "history", "--colour")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "error: --colour: there is no such option"


def test_db_upgrade_brings_an_empty_database_to_head(empty_db_url: str) -> None:
    result = wellbeing(empty_db_url, "db", "upgrade", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"from": None, "to": head_revision()}
    engine = create_engine(empty_db_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert stored == head_revision()


def test_a_command_line_of_global_options_alone_still_knows_every_command_for_help() -> None:
    result = subprocess.run(
        [str(EXECUTABLE), "--db", "x.db", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "survey" in result.stdout and "admin" in result.stdout


def test_one_difficult_contact_is_counted_in_the_singular_in_french(db_url: str) -> None:
    result = subprocess.run(
        [
            str(EXECUTABLE),
            "--db",
            db_url,
            "--as",
            ACCOUNT,
            "checkin",
            "--start=2026-11-26T08:00",
            "--end=2026-11-26T16:30",
            "--break=12:00-12:30",
            "--stress=4",
            "--energy=6",
            "--contacts=20",
            "--difficult=1",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "WELLBEING_LANG": "fr"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Contacts : 20, dont 1 difficile\n" in result.stdout
