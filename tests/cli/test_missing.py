"""`wellbeing missing`: planned shifts that ended without a check-in, and the plan in feedback."""

from __future__ import annotations

import json
import shlex
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.cli import run_in_process
from tests.support.clock import FrozenClock
from wellbeing.cli import run
from wellbeing.services import Wellbeing

PLAN = (
    "2026-11-10T08:00,2026-11-10T16:00\n"  # more than two weeks ago: no longer asked for
    "2026-11-24T08:00,2026-11-24T16:30,10:30-10:45;12:30-13:00\n"
    "2026-11-25T08:00,2026-11-25T16:30\n"
    "2026-11-27T14:00,2026-11-27T22:00\n"  # under way at 18:00
)


def cli(db_url: str, clock: FrozenClock, *args: str) -> int:
    return run(["--db", db_url, "--as", "agent", *args], clock=clock)


def test_missing_lists_the_planned_shifts_that_ended_without_a_check_in(
    db_url: str, clock: FrozenClock, service: Wellbeing, capsys: pytest.CaptureFixture[str]
) -> None:
    service.import_schedule(PLAN.encode(), "plan.csv")
    service.record_checkin(
        {"start": "2026-11-25T08:00", "end": "2026-11-25T17:00", "stress": 3, "energy": 7}
    )
    assert cli(db_url, clock, "missing", "--json") == 0
    shown = json.loads(capsys.readouterr().out)["missing"]
    assert [(item["start"], item["end"], len(item["breaks"])) for item in shown] == [
        ("2026-11-24T08:00:00+01:00", "2026-11-24T16:30:00+01:00", 2)
    ]


def test_missing_gives_the_checkin_command_of_each_missed_shift(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    service.import_schedule(PLAN.encode(), "plan.csv")
    # No global option on the command line: the database and the person from the environment.
    ran = run_in_process(
        ["missing"], env={"WELLBEING_DB_URL": db_url, "WELLBEING_USER": "agent"}, clock=clock
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[1:3] == [
        "  2026-11-24 08:00-16:30, 2 planned breaks",
        "    wellbeing checkin --start 2026-11-24T08:00 --end 2026-11-24T16:30 "
        "--break 10:30-10:45 --break 12:30-13:00 --stress N --energy N",
    ]


def bobs_plan(tmp_path: Path) -> Path:
    """Bob's plan imported into a database whose path holds a space, and the path."""
    database = tmp_path / "team b" / "bob's shifts.db"
    database.parent.mkdir()
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    ran = run_in_process(["--db", str(database), "--as", "bob", "schedule", "import", str(plan)])
    assert ran.returncode == 0, ran.stderr
    return database


def test_the_checkin_command_repeats_the_global_options_given_quoted_for_the_shell(
    tmp_path: Path, clock: FrozenClock
) -> None:
    database = bobs_plan(tmp_path)
    ran = run_in_process(["--db", str(database), "--as", "bob", "missing"], clock=clock)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[2] == (
        f"    wellbeing --db {shlex.quote(str(database))} --as bob checkin "
        "--start 2026-11-24T08:00 --end 2026-11-24T16:30 "
        "--break 10:30-10:45 --break 12:30-13:00 --stress N --energy N"
    )


def test_the_checkin_command_pasted_records_the_shift_in_that_database_as_that_person(
    tmp_path: Path, clock: FrozenClock
) -> None:
    database = bobs_plan(tmp_path)
    listed = run_in_process(["--db", str(database), "--as", "bob", "missing"], clock=clock)
    printed = listed.stdout.splitlines()[2].strip().replace(" N", " 5")
    program, *arguments = shlex.split(printed)  # as a shell splits the pasted line
    assert program == "wellbeing"
    assert run_in_process(arguments, clock=clock).returncode == 0
    left = run_in_process(["--db", str(database), "--as", "bob", "missing", "--json"], clock=clock)
    assert [shift["date"] for shift in json.loads(left.stdout)["missing"]] == ["2026-11-25"]
    assert not (tmp_path / "data").exists()  # nothing went to the default database


def test_missing_says_so_when_every_planned_shift_has_a_check_in(
    db_url: str, clock: FrozenClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db_url, clock, "missing") == 0
    assert capsys.readouterr().out == "Every planned shift of the last two weeks has a check-in.\n"


def test_a_shift_becomes_missing_once_its_planned_end_has_passed(
    db_url: str, clock: FrozenClock, service: Wellbeing
) -> None:
    service.import_schedule(b"2026-11-27T14:00,2026-11-27T22:00\n", "plan.csv")
    assert service.missing_checkins() == []
    clock.set(datetime(2026, 11, 27, 21, 1, tzinfo=UTC))
    assert [r.shift.end for r in service.missing_checkins()] == [
        datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
    ]


def test_a_check_in_on_the_command_line_compares_with_the_plan(
    db_url: str, clock: FrozenClock, service: Wellbeing, capsys: pytest.CaptureFixture[str]
) -> None:
    service.import_schedule(PLAN.encode(), "plan.csv")
    code = cli(
        db_url,
        clock,
        "checkin",
        "--start",
        "2026-11-24T08:00",
        "--end",
        "2026-11-24T17:00",
        "--break",
        "12:30-12:40",
        "--stress",
        "5",
        "--energy",
        "5",
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Breaks: planned 2 breaks, 45 min in all; you took 1 break of 10 min." in out
    assert "Overtime: your shift ran 30 min past its planned end of 16:30." in out


def test_a_check_in_without_a_plan_says_nothing_about_one(service: Wellbeing) -> None:
    outcome = service.check_in(
        {"start": "2026-11-24T08:00", "end": "2026-11-24T17:00", "stress": 5, "energy": 5}
    )
    assert outcome.plan == ()
