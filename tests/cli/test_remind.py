"""Reminders: off by default, once per missed shift, never outside the allowed hours or on a
day off; a systemd user timer (or a cron line) runs them."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.support.cli import run_in_process
from tests.support.clock import FrozenClock
from wellbeing.cli import run
from wellbeing.domain.reminders import ReminderPolicy
from wellbeing.services import Wellbeing
from wellbeing.settings import save_settings

# Friday 27 November 2026: a day shift ended at 16:30; the clock says 18:00 in Brussels.
DAY_SHIFT = b"2026-11-27T08:00,2026-11-27T16:30,12:30-13:00\n"
REMINDER = "Wellbeing: Your shift of 2026-11-27 08:00-16:30, 1 planned break has no check-in yet.\n"


def remind(db_url: str, clock: FrozenClock, *args: str) -> int:
    return run(["--db", db_url, "--as", "agent", "remind", *args], clock=clock)


@pytest.fixture
def planned(service: Wellbeing) -> Wellbeing:
    service.import_schedule(DAY_SHIFT, "plan.csv")
    return service


@pytest.fixture
def reminders_on(planned: Wellbeing) -> None:
    save_settings(
        reminders=True, remind_after_minutes=30, remind_from="08:00", remind_until="20:00"
    )


def test_reminders_are_off_by_default_and_nothing_is_sent(
    db_url: str, clock: FrozenClock, planned: Wellbeing, capsys: pytest.CaptureFixture[str]
) -> None:
    assert remind(db_url, clock) == 0
    assert capsys.readouterr().out == "Reminders are off; turn them on in Settings (F8).\n"


@pytest.mark.usefixtures("reminders_on")
def test_a_reminder_is_sent_after_a_planned_shift_without_a_check_in(
    db_url: str, clock: FrozenClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert remind(db_url, clock) == 0  # no desktop-notifier here: the terminal fallback
    assert capsys.readouterr().out == REMINDER


@pytest.mark.usefixtures("reminders_on")
def test_a_shift_is_reminded_of_only_once(
    db_url: str, clock: FrozenClock, capsys: pytest.CaptureFixture[str]
) -> None:
    remind(db_url, clock)
    capsys.readouterr()
    clock.set(clock.now + timedelta(minutes=15))
    assert remind(db_url, clock) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.usefixtures("reminders_on")
def test_no_reminder_before_the_set_minutes_after_the_planned_end(
    db_url: str, clock: FrozenClock, capsys: pytest.CaptureFixture[str]
) -> None:
    clock.set(datetime(2026, 11, 27, 15, 55, tzinfo=UTC))  # 16:55, 25 minutes after the end
    remind(db_url, clock)
    assert capsys.readouterr().out == ""


@pytest.mark.usefixtures("reminders_on")
def test_no_reminder_when_the_shift_has_a_check_in(
    db_url: str, clock: FrozenClock, planned: Wellbeing, capsys: pytest.CaptureFixture[str]
) -> None:
    planned.record_checkin(
        {"start": "2026-11-27T08:00", "end": "2026-11-27T16:45", "stress": 4, "energy": 6}
    )
    remind(db_url, clock)
    assert capsys.readouterr().out == ""


@pytest.mark.usefixtures("reminders_on")
def test_no_reminder_outside_the_hours_the_person_allows(
    db_url: str, clock: FrozenClock, capsys: pytest.CaptureFixture[str]
) -> None:
    clock.set(datetime(2026, 11, 27, 19, 30, tzinfo=UTC))  # 20:30 in Brussels
    remind(db_url, clock)
    assert capsys.readouterr().out == (
        "No reminders now: outside the hours you allow (08:00-20:00) or a day off.\n"
    )


@pytest.mark.usefixtures("reminders_on")
def test_a_reminder_held_back_at_night_is_not_sent_the_next_morning_after_a_day(
    db_url: str, clock: FrozenClock, capsys: pytest.CaptureFixture[str]
) -> None:
    clock.set(datetime(2026, 11, 28, 17, 0, tzinfo=UTC))  # Saturday 18:00, 25 h later
    remind(db_url, clock)
    assert capsys.readouterr().out == ""


def test_no_reminder_on_a_day_off(
    db_url: str, clock: FrozenClock, planned: Wellbeing, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(reminders=True, days_off=["fri"])
    remind(db_url, clock)
    assert capsys.readouterr().out.startswith("No reminders now:")


def test_a_night_workers_allowed_hours_run_past_midnight() -> None:
    policy = ReminderPolicy(enabled=True, allowed_from=time(22, 0), allowed_until=time(6, 0))
    assert policy.may_disturb(datetime(2026, 11, 27, 23, 30, tzinfo=UTC))  # 00:30 Brussels
    assert not policy.may_disturb(datetime(2026, 11, 27, 11, 0, tzinfo=UTC))  # 12:00


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return folder


def test_install_writes_a_valid_systemd_user_timer_into_the_home_folder(
    db_url: str, clock: FrozenClock, home: Path
) -> None:
    assert remind(db_url, clock, "--install", "--method", "systemd") == 0
    units = home / ".config" / "systemd" / "user"
    timer = configparser.ConfigParser()
    timer.read(units / "wellbeing-remind.timer")
    assert timer["Timer"]["OnCalendar"] == "*:0/15"
    assert timer["Timer"]["Unit"] == "wellbeing-remind.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
    service = configparser.ConfigParser(interpolation=None)
    service.read(units / "wellbeing-remind.service")
    assert service["Service"]["ExecStart"].endswith(f"--db {db_url} --as agent remind")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_the_installed_timer_passes_systemd_analyze(
    db_url: str, clock: FrozenClock, home: Path
) -> None:
    remind(db_url, clock, "--install", "--method", "systemd")
    units = home / ".config" / "systemd" / "user"
    checked = subprocess.run(
        ["systemd-analyze", "calendar", "*:0/15"], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    verified = subprocess.run(
        ["systemd-analyze", "verify", str(units / "wellbeing-remind.timer")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stderr


def test_uninstall_removes_the_timer_and_its_enabling_link(
    db_url: str, clock: FrozenClock, home: Path
) -> None:
    remind(db_url, clock, "--install", "--method", "systemd")
    units = home / ".config" / "systemd" / "user"
    wants = units / "timers.target.wants"
    wants.mkdir()
    (wants / "wellbeing-remind.timer").symlink_to(units / "wellbeing-remind.timer")
    assert remind(db_url, clock, "--uninstall", "--method", "systemd") == 0
    assert sorted(p.name for p in units.rglob("*")) == ["timers.target.wants"]


def test_without_systemd_install_prints_the_cron_line(
    db_url: str, clock: FrozenClock, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert remind(db_url, clock, "--install", "--method", "cron") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("*/15 * * * * ")
    assert out[-1].endswith(f"--db {db_url} --as agent remind >/dev/null 2>&1")
    assert not (home / ".config").exists()


def test_the_cron_line_reminds_the_person_it_was_installed_for_from_that_database(
    tmp_path: Path, clock: FrozenClock, home: Path
) -> None:
    database = tmp_path / "team b" / "bob's shifts.db"
    database.parent.mkdir()
    plan = tmp_path / "plan.csv"
    plan.write_bytes(DAY_SHIFT)
    given = ["--db", str(database), "--as", "bob"]
    assert run_in_process([*given, "schedule", "import", str(plan)]).returncode == 0
    save_settings(reminders=True)
    installed = run_in_process([*given, "remind", "--install", "--method", "cron"], clock=clock)
    line = installed.stdout.splitlines()[-1]
    command = line.removeprefix("*/15 * * * * ").removesuffix(" >/dev/null 2>&1")
    _program, *arguments = shlex.split(command)  # as cron's shell splits it
    assert arguments == [*given, "remind"]
    assert run_in_process(arguments, clock=clock).stdout == REMINDER


def test_a_database_given_by_a_relative_path_is_installed_as_the_file_it_means(
    tmp_path: Path, clock: FrozenClock, home: Path
) -> None:
    # The timer and cron start in the home folder, where "shifts.db" is another file.
    work = tmp_path / "work"
    work.mkdir()
    plan = tmp_path / "plan.csv"
    plan.write_bytes(DAY_SHIFT)
    given = ["--db", "shifts.db", "--as", "bob"]
    assert run_in_process([*given, "schedule", "import", str(plan)], cwd=work).returncode == 0
    save_settings(reminders=True)
    installed = run_in_process(
        [*given, "remind", "--install", "--method", "cron"], cwd=work, clock=clock
    )
    command = installed.stdout.splitlines()[-1].removeprefix("*/15 * * * * ")
    _program, *arguments = shlex.split(command.removesuffix(" >/dev/null 2>&1"))
    assert arguments == ["--db", str(work / "shifts.db"), "--as", "bob", "remind"]
    assert run_in_process(arguments, cwd=home, clock=clock).stdout == REMINDER


def test_an_unknown_install_method_is_refused_naming_the_option(
    db_url: str, clock: FrozenClock, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert remind(db_url, clock, "--install", "--method", "launchd") == 2
    assert capsys.readouterr().err.startswith("error: method: ")


def test_install_follows_xdg_config_home(
    db_url: str, clock: FrozenClock, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    remind(db_url, clock, "--install", "--method", "systemd")
    assert (tmp_path / "xdg" / "systemd" / "user" / "wellbeing-remind.timer").is_file()
    assert not (home / ".config").exists()


def test_uninstall_removes_a_systemd_timer_also_where_systemd_no_longer_runs(
    db_url: str,
    clock: FrozenClock,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    remind(db_url, clock, "--install", "--method", "systemd")
    monkeypatch.setattr("wellbeing.reminder_timer.systemd_runs", lambda: False)
    assert remind(db_url, clock, "--uninstall") == 0
    units = home / ".config" / "systemd" / "user"
    assert list(units.rglob("*")) == []
    out = capsys.readouterr().out
    assert "Removed " in out
    assert out.endswith("Remove the line with 'wellbeing' and 'remind' from 'crontab -e'.\n")


def test_the_cron_way_asked_for_does_not_say_systemd_is_missing(
    db_url: str, clock: FrozenClock, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    remind(db_url, clock, "--install", "--method", "cron")
    assert capsys.readouterr().out.splitlines()[0] == "Add this line with 'crontab -e':"


@pytest.mark.parametrize("on", [False, True], ids=["reminders off", "reminders on"])
def test_a_timer_running_before_anything_was_recorded_reminds_of_nothing_and_creates_nothing(
    tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str], on: bool
) -> None:
    if on:
        save_settings(
            reminders=True, remind_after_minutes=30, remind_from="08:00", remind_until="20:00"
        )
    missing = tmp_path / "not yet" / "wellbeing.db"
    assert remind(str(missing), clock) == 0
    assert not missing.parent.exists()
    out = capsys.readouterr().out
    assert ("Reminders are off" in out) is not on
    assert "no check-in yet" not in out
