"""What the rules found, on the command line: after `checkin`, and in `flags` with ack/snooze.

The commands run through the command line's entry function in this process, on the test
database, with the real clock (so shifts are placed relative to today).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.cli import ACCOUNT, Ran, run_cli, run_plain
from tests.support.clock import FrozenClock
from wellbeing.domain.localtime import BRUSSELS
from wellbeing.i18n.formats import date_time, long_date
from wellbeing.services import Wellbeing, open_database


def yesterday() -> date:
    return datetime.now(BRUSSELS).date() - timedelta(days=1)


def seven_hours_without_a_break(day: date) -> dict[str, object]:
    return {
        "start": f"{day}T08:00",
        "end": f"{day}T15:00",
        "stress": 4,
        "energy": 6,
    }


def check_in_seven_hours(db_url: str, day: date, *extra: str) -> Ran:
    """`wellbeing checkin` for 08:00-15:00 on `day`, with `extra` options."""
    times = (f"--start={day}T08:00", f"--end={day}T15:00")
    return run_cli(db_url, "checkin", *times, "--stress=4", "--energy=6", *extra)


@pytest.fixture
def flagged(db_url: str) -> Iterator[str]:
    """A database where the agent logged 7 hours without a break yesterday (real clock)."""
    database = open_database(db_url)
    Wellbeing(database, ACCOUNT).check_in(seven_hours_without_a_break(yesterday()))
    database.dispose()
    yield db_url


def _flags(db_url: str) -> dict[str, object]:
    listed = run_cli(db_url, "flags", "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def _flag(db_url: str, rule_id: str) -> dict[str, object]:
    flags = _flags(db_url)["flags"]
    assert isinstance(flags, list)
    return next(flag for flag in flags if flag["rule_id"] == rule_id)


def test_a_seven_hour_shift_without_a_break_prints_break_legal_with_numbers_and_source(
    db_url: str,
) -> None:
    day = yesterday()
    result = check_in_seven_hours(db_url, day)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Saved check-in ")
    assert "Overall: orange" in out
    assert "[warning] break.legal" in out
    assert f"On {long_date(day, 'en')} you worked 7 h 00" in out
    assert "at least 15 minutes began before you had worked 6 h 00" in out
    assert "Source: Belgian Labour Act of 16 March 1971, art. 38quater" in out
    assert "- Take the legal break" in out


def test_checkin_json_names_break_legal_with_its_level_and_the_overall_level(
    db_url: str,
) -> None:
    result = check_in_seven_hours(db_url, yesterday(), "--json")
    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout)
    assert saved["checkin"]["worked_minutes"] == 7 * 60
    assert saved["overall"] == "orange"
    legal = next(f for f in saved["findings"] if f["rule_id"] == "break.legal")
    assert legal["level"] == "warning"
    assert legal["params"]["worked_minutes"] == 7 * 60
    assert "7 h 00" in legal["message"]
    assert legal["source"].startswith("Belgian Labour Act")
    assert [s["code"] for s in legal["suggestions"]] == [
        "break.legal",
        "talk.teamleader",
        "legal.breach",
    ]


def test_a_shift_with_the_legal_break_raises_no_break_legal(db_url: str) -> None:
    result = check_in_seven_hours(
        db_url, yesterday(), "--break=10:00-10:15", "--break=12:00-12:30", "--json"
    )
    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout)
    assert "break.legal" not in {f["rule_id"] for f in saved["findings"]}
    assert saved["overall"] == "green"


def test_flags_lists_an_open_flag_as_new_with_its_explanation(flagged: str) -> None:
    result = run_cli(flagged, "flags")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Overall: orange")
    [heading] = [line for line in result.stdout.splitlines() if "break.legal" in line]
    assert heading.startswith("Flag ")
    assert heading.endswith(": new")
    assert f"On {long_date(yesterday(), 'en')} you worked 7 h 00" in result.stdout


def test_flags_ack_then_snooze_round_trip(flagged: str) -> None:
    flag = _flag(flagged, "break.legal")
    assert (flag["state"], flag["level"]) == ("new", "warning")

    acknowledged = run_cli(flagged, "flags", "ack", str(flag["id"]))
    assert acknowledged.returncode == 0, acknowledged.stderr
    assert _flag(flagged, "break.legal")["state"] == "seen"

    before = datetime.now(BRUSSELS)
    snoozed = run_cli(flagged, "flags", "snooze", str(flag["id"]), "--days", "3")
    assert snoozed.returncode == 0, snoozed.stderr
    after = _flag(flagged, "break.legal")
    assert after["state"] == "snoozed"
    until = datetime.fromisoformat(str(after["snoozed_until"]))
    assert before + timedelta(days=3) <= until <= datetime.now(BRUSSELS) + timedelta(days=3)
    assert f"snoozed until {date_time(until, 'en')}" in run_cli(flagged, "flags").stdout


@pytest.mark.parametrize("days", ["0", "29", "two"])
def test_snooze_outside_1_to_28_days_exits_2_naming_days(flagged: str, days: str) -> None:
    flag = _flag(flagged, "break.legal")
    result = run_cli(flagged, "flags", "snooze", str(flag["id"]), "--days", days)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: days: ")
    assert _flag(flagged, "break.legal")["state"] == "new"


def test_ack_of_a_flag_that_is_not_open_exits_2_naming_flag(flagged: str) -> None:
    result = run_cli(flagged, "flags", "ack", "9999")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: flag: there is no open flag 9999"]


def test_flags_of_someone_without_data_is_green_and_empty(db_url: str) -> None:
    assert _flags(db_url) == {"overall": "green", "flags": []}


def test_help_loads_neither_the_database_layer_nor_pydantic() -> None:
    code = (
        "import sys, wellbeing.cli\n"
        "wellbeing.cli.run(['--help'])\n"
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.splitlines()[-1].split())
    assert not loaded & {"sqlalchemy", "pydantic", "textual", "babel"}
    for command in ("flags", "survey", "export", "erase", "admin"):
        assert command in result.stdout


@pytest.mark.parametrize("command", [["flags"], ["flags", "ack"], ["flags", "snooze"]])
def test_flags_commands_answer_help(command: list[str]) -> None:
    result = run_plain(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: wellbeing " + " ".join(command))


LATE_HEADING = {
    "en": "Flag 1 [warning] break.legal, since 26 November 2026, latest 2 December 2026: new",
    "nl": "Signaal 1 [waarschuwing] break.legal, sinds 26 november 2026, laatst op 2 december "
    "2026: nieuw",
    "fr": "Alerte 1 [avertissement] break.legal, depuis le 26 novembre 2026, la dernière fois le "
    "2 décembre 2026 : nouvelle",
}


@pytest.fixture
def backfilled(db_url: str) -> Iterator[tuple[str, FrozenClock]]:
    """On 3 December the agent records 2 December's 8 hours without a break, then the
    forgotten 26 November, also without one: the flag's episode now starts on 26 November
    while its text speaks of 2 December."""
    clock = FrozenClock(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    database = open_database(db_url)
    agent = Wellbeing(database, ACCOUNT, clock)
    for day, end in (("2026-12-02", "17:00"), ("2026-11-26", "16:30")):
        agent.record_checkin(
            {"start": f"{day}T09:00", "end": f"{day}T{end}", "stress": 4, "energy": 6}
        )
    database.dispose()
    yield db_url, clock


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_a_flag_raised_by_a_late_check_in_names_the_day_it_began_and_its_latest(
    backfilled: tuple[str, FrozenClock], language: str
) -> None:
    db_url, clock = backfilled
    result = run_cli(db_url, "flags", clock=clock, env={"WELLBEING_LANG": language})
    assert result.returncode == 0, result.stderr
    [heading] = [line for line in result.stdout.splitlines() if "break.legal" in line]
    assert heading == LATE_HEADING[language]


def test_flags_json_gives_the_moment_of_the_latest_finding_beside_the_raising_one(
    backfilled: tuple[str, FrozenClock],
) -> None:
    db_url, clock = backfilled
    listed = run_cli(db_url, "flags", "--json", clock=clock)
    assert listed.returncode == 0, listed.stderr
    flag = next(f for f in json.loads(listed.stdout)["flags"] if f["rule_id"] == "break.legal")
    assert (flag["raised_at"], flag["latest_at"]) == (
        "2026-11-26T16:30:00+01:00",
        "2026-12-02T17:00:00+01:00",
    )
    assert "2 December 2026" in flag["explanation"]


def test_green_above_open_flags_to_watch_says_nothing_is_urgent_and_how_many(
    db_url: str,
) -> None:
    saved = run_cli(
        db_url,
        "checkin",
        "--start=2026-11-26T08:00",
        "--end=2026-11-26T16:00",
        "--break=12:00-12:30",  # four hours on end each side: a finding to watch
        "--stress=3",
        "--energy=6",
    )
    assert saved.returncode == 0, saved.stderr
    shown = run_cli(db_url, "flags", env={"WELLBEING_LANG": "fr"})
    assert shown.stdout.splitlines()[0] == (
        "Niveau global : vert : rien d'urgent ; 1 point à surveiller"
    )
