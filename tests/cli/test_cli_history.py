"""`wellbeing history`: the person's check-ins as a table, in the product's own words."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_cli

# 11 h 50 from start to end, 30 minutes of it a break: 11 h 20 worked.
LONG_DAY = (
    "--start=2026-11-26T07:30",
    "--end=2026-11-26T19:20",
    "--break=12:00-12:30",
    "--stress=6",
    "--energy=4",
)


def history_after_a_long_day(db_url: str, *args: str, language: str = "en") -> str:
    saved = run_cli(db_url, "checkin", *LONG_DAY)
    assert saved.returncode == 0, saved.stderr
    shown = run_cli(db_url, "history", *args, env={"WELLBEING_LANG": language})
    assert shown.returncode == 0, shown.stderr
    return shown.stdout


@pytest.mark.parametrize(
    ("language", "worked"), [("en", "11 h 20"), ("fr", "11 h 20"), ("nl", "11 u 20")]
)
def test_history_shows_hours_worked_as_hours_and_minutes_as_the_rest_of_the_product_does(
    db_url: str, language: str, worked: str
) -> None:
    _header, row = history_after_a_long_day(db_url, language=language).splitlines()
    assert f"  {worked}  " in row
    assert "11.33" not in row and "11,33" not in row


def test_history_as_json_keeps_the_minutes_worked_as_a_number(db_url: str) -> None:
    [checkin] = json.loads(history_after_a_long_day(db_url, "--json"))["checkins"]
    assert checkin["worked_minutes"] == 680


def test_a_night_shift_shows_that_it_ends_the_next_day_as_the_app_does(db_url: str) -> None:
    night = ("--start=2026-11-25T22:00", "--end=2026-11-26T06:00", "--stress=3", "--energy=6")
    assert run_cli(db_url, "checkin", *night, "--break=02:00-02:30").returncode == 0
    _header, row = run_cli(db_url, "history").stdout.splitlines()
    assert row.startswith("2026-11-25  22:00-06:00+1  ")
