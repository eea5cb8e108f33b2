"""`wellbeing checkin` says what it saved, and what it refused, in the person's own words."""

from __future__ import annotations

import json

from tests.support.cli import Ran, run_cli

DAY = ("--start=2026-11-26T08:00", "--end=2026-11-26T16:00", "--stress=3", "--energy=6")


def checkin(db_url: str, *args: str, language: str = "en") -> Ran:
    return run_cli(db_url, "checkin", *DAY, *args, env={"WELLBEING_LANG": language})


def test_a_break_typed_in_reverse_is_refused_as_such_and_nothing_is_saved(db_url: str) -> None:
    refused = checkin(db_url, "--break=12:30-12:00")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "error: break: '12:30-12:00' ends before it starts; did you mean 12:00-12:30?"
    )
    assert run_cli(db_url, "history", "--json").stdout.count('"id"') == 0


def test_a_break_over_midnight_is_still_a_break(db_url: str) -> None:
    saved = run_cli(
        db_url,
        "checkin",
        "--start=2026-11-25T16:00",
        "--end=2026-11-26T02:00",
        "--break=23:50-00:20",
        "--stress=3",
        "--energy=6",
    )
    assert saved.returncode == 0, saved.stderr
    assert "break 23:50-00:20 (30 min)" in saved.stdout


def test_the_hours_worked_are_written_as_dutch_writes_them(db_url: str) -> None:
    saved = checkin(db_url, "--break=12:00-12:30", language="nl")
    assert saved.returncode == 0, saved.stderr
    assert "Gewerkt: 7 u 30, pauzes 30 min" in saved.stdout


def test_a_legal_breach_says_whom_to_turn_to_not_only_when(db_url: str) -> None:
    saved = checkin(db_url, language="nl")  # 8 h without a break
    assert saved.returncode == 0, saved.stderr
    assert "Als pauzes, rust of werkuren herhaaldelijk niet nageleefd worden" in saved.stdout
    assert "vakbondsafgevaardigde" in saved.stdout
    assert "Toezicht op de Sociale Wetten" in saved.stdout


def test_green_above_a_finding_to_watch_says_nothing_is_urgent_and_one_to_watch(
    db_url: str,
) -> None:
    saved = checkin(db_url, "--break=12:00-12:30", language="nl")  # 4 h on end: watch only
    assert saved.returncode == 0, saved.stderr
    assert "Algemeen: groen: niets dringends; 1 punt om op te volgen" in saved.stdout
    assert "[opvolgen] break.recovery" in saved.stdout
    assert "niets je aandacht" not in saved.stdout


def test_a_clean_past_shift_counts_the_flags_open_now_as_the_flags_command_does(
    db_url: str,
) -> None:
    assert checkin(db_url, "--break=12:00-12:30").returncode == 0  # 4 h on end: watch
    breaks = ("--break=10:00-10:15", "--break=12:00-12:30", "--break=14:00-14:15")
    earlier = ("--start=2026-11-23T08:00", "--end=2026-11-23T16:00", "--stress=3", "--energy=6")
    saved = run_cli(db_url, "checkin", *earlier, *breaks)
    assert saved.returncode == 0, saved.stderr
    overall = next(line for line in saved.stdout.splitlines() if line.startswith("Overall:"))
    assert overall == "Overall: green: nothing urgent; 1 thing to keep an eye on"
    assert run_cli(db_url, "flags").stdout.splitlines()[0] == overall
    assert "The rules found nothing to flag." in saved.stdout


def test_green_with_nothing_found_still_says_nothing_needs_attention(db_url: str) -> None:
    breaks = ("--break=10:00-10:15", "--break=12:00-12:30", "--break=14:00-14:15")
    saved = checkin(db_url, *breaks)
    assert saved.returncode == 0, saved.stderr
    assert "Overall: green: nothing needs your attention now" in saved.stdout
    assert "The rules found nothing to flag." in saved.stdout


def test_findings_about_a_past_shift_above_a_green_level_are_said_to_be_past(
    db_url: str,
) -> None:
    later = ("--start=2026-11-22T08:00", "--end=2026-11-22T16:00", "--stress=3", "--energy=6")
    breaks = ("--break=10:00-10:15", "--break=12:00-12:30", "--break=14:00-14:15")
    assert run_cli(db_url, "checkin", *later, *breaks).returncode == 0
    # Recorded afterwards: 13 hours without a break, two days before the shift above, which
    # was judged without those findings and so closed their flags.
    past = ("--start=2026-11-20T06:00", "--end=2026-11-20T19:00", "--stress=5", "--energy=5")
    saved = run_cli(db_url, "checkin", *past)
    assert saved.returncode == 0, saved.stderr
    lines = saved.stdout.splitlines()
    overall = next(i for i, line in enumerate(lines) if line.startswith("Overall:"))
    assert lines[overall] == "Overall: green: nothing needs your attention now"
    assert lines[overall + 1] == (
        "Findings below that are more serious than this level are about a past shift: they "
        "stay in its history and leave no flag open now."
    )
    assert "[high] shift.long" in lines[overall + 2 :]
    assert "[warning] break.legal" in lines[overall + 2 :]
    assert run_cli(db_url, "flags").stdout.splitlines()[0] == lines[overall]


def test_findings_no_more_serious_than_the_level_are_not_said_to_be_past(db_url: str) -> None:
    saved = checkin(db_url)  # 8 h without a break: a warning, open now
    assert saved.returncode == 0, saved.stderr
    assert "Overall: orange" in saved.stdout
    assert "about a past shift" not in saved.stdout


def backfill_a_quiet_day(db_url: str, *more: str) -> Ran:
    """Two days whose share of difficult contacts raises `contacts.difficult` on the second
    (4 difficult of the 30 contacts of the last 7 days: 13 %), then a forgotten quiet day
    before them (4 of 90), which takes it away."""
    breaks = ("--break=10:00-10:15", "--break=12:00-12:30", "--break=14:00-14:15")

    def day(date: str, contacts: int, difficult: int, *more: str) -> Ran:
        times = (f"--start={date}T08:00", f"--end={date}T16:00", "--stress=3", "--energy=6")
        counts = (f"--contacts={contacts}", f"--difficult={difficult}")
        return run_cli(db_url, "checkin", *times, *breaks, *counts, *more)

    assert day("2026-11-25", 10, 2).returncode == 0
    assert "contacts.difficult" in day("2026-11-26", 20, 2).stdout
    return day("2026-11-24", 60, 0, *more)


def test_a_finding_a_backfilled_shift_takes_away_from_a_later_one_is_named(
    db_url: str,
) -> None:
    lines = backfill_a_quiet_day(db_url).stdout.splitlines()
    about = lines.index(
        "This also changed what was found about your shift of 2026-11-26 08:00-16:00:"
    )
    assert lines[about + 1 : about + 3] == [
        "No longer found: contacts.difficult",
        "The rules found nothing to flag.",
    ]


def test_the_findings_a_backfill_takes_away_are_in_its_json(db_url: str) -> None:
    [neighbour] = json.loads(backfill_a_quiet_day(db_url, "--json").stdout)["neighbours"]
    assert neighbour["no_longer_found"] == ["contacts.difficult"]
    assert neighbour["findings"] == []
