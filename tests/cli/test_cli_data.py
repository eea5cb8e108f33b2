"""Data rights on the command line: export (JSON, CSV), erase, and the retention purge."""

from __future__ import annotations

import csv
import json
import os
import pty
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.cli import ACCOUNT, EXECUTABLE, run_cli, run_plain
from wellbeing.domain.localtime import BRUSSELS
from wellbeing.services import Wellbeing, open_database

OTHER = "colleague"
OTHER_NOTE = "colleague's private note about a hard call"
# Each table, and how to find the rows about one person in it.
ABOUT = {
    "people": "SELECT count(*) FROM people WHERE os_account = :a",
    "shifts": "SELECT count(*) FROM shifts WHERE person_id = ({id})",
    "breaks": "SELECT count(*) FROM breaks WHERE shift_id IN "
    "(SELECT id FROM shifts WHERE person_id = ({id}))",
    "checkins": "SELECT count(*) FROM checkins WHERE person_id = ({id})",
    "survey_responses": "SELECT count(*) FROM survey_responses WHERE person_id = ({id})",
    "flags": "SELECT count(*) FROM flags WHERE person_id = ({id})",
    "weekly_levels": "SELECT count(*) FROM weekly_levels WHERE person_id = ({id})",
    "team_leaders": "SELECT count(*) FROM team_leaders WHERE person_id = ({id})",
}
PERSON_ID = "SELECT id FROM people WHERE os_account = :a"


def rows_about(db_url: str, account: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return {
                table: int(
                    connection.execute(text(query.format(id=PERSON_ID)), {"a": account}).scalar()
                    or 0
                )
                for table, query in ABOUT.items()
            }
    finally:
        engine.dispose()


def _shift(day: datetime, note: str | None = None) -> dict[str, object]:
    local = day.astimezone(BRUSSELS).date()
    return {
        "start": f"{local}T08:00",
        "end": f"{local}T16:30",
        "breaks": [
            {"start": f"{local}T10:00", "end": f"{local}T10:15"},
            {"start": f"{local}T12:30", "end": f"{local}T13:00"},
        ],
        "stress": 5,
        "energy": 5,
        "note": note,
    }


def record(db_url: str, account: str, days_ago: int, note: str | None = None) -> None:
    """A check-in with two breaks `days_ago` days back, recorded that evening."""
    day = (datetime.now(UTC) - timedelta(days=days_ago)).astimezone(BRUSSELS)
    evening = day.replace(hour=18, minute=0, second=0, microsecond=0).astimezone(UTC)
    database = open_database(db_url)
    try:
        Wellbeing(database, account, clock=lambda: evening).check_in(_shift(evening, note))
    finally:
        database.dispose()


@pytest.fixture
def two_people(db_url: str) -> str:
    """The agent with three check-ins and a WHO-5; a colleague with a private note."""
    record(db_url, ACCOUNT, 3, note="=1+1 felt like a formula")
    record(db_url, ACCOUNT, 2, note="quiet day")
    record(db_url, ACCOUNT, 1)
    database = open_database(db_url)
    Wellbeing(database, ACCOUNT).take_survey("who5", [3, 3, 3, 3, 3], "en")
    database.dispose()
    record(db_url, OTHER, 1, note=OTHER_NOTE)
    return db_url


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_json_export_holds_every_row_about_me_and_nothing_about_anyone_else(
    two_people: str,
) -> None:
    result = run_cli(two_people, "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    counts = rows_about(two_people, ACCOUNT)
    for table in ("shifts", "breaks", "checkins", "survey_responses", "flags"):
        assert len(exported["data"][table]) == counts[table], table
        assert exported["manifest"]["tables"][table] == counts[table]
    assert {row["note"] for row in exported["data"]["checkins"]} == {
        "=1+1 felt like a formula",
        "quiet day",
        None,
    }
    assert exported["manifest"]["account"] == ACCOUNT
    assert OTHER_NOTE not in result.stdout
    assert OTHER not in result.stdout


def test_json_export_to_a_file_is_readable_by_its_owner_only(
    two_people: str, tmp_path: Path
) -> None:
    target = tmp_path / "mine.json"
    result = run_cli(two_people, "export", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert _mode(target) == 0o600
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported["data"]["checkins"]) == 3


def test_json_export_never_overwrites_an_existing_file(two_people: str, tmp_path: Path) -> None:
    target = tmp_path / "keep.json"
    target.write_text("precious", encoding="utf-8")
    result = run_cli(two_people, "export", "--out", str(target))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: out: ")
    assert target.read_text(encoding="utf-8") == "precious"


def test_json_export_into_a_folder_that_is_not_there_is_refused_on_out(
    two_people: str, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "me.json"
    result = run_cli(two_people, "export", "--out", str(target))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line == f"error: out: cannot create {target}: No such file or directory"


def test_csv_export_makes_a_private_folder_with_a_manifest_and_one_csv_per_table(
    two_people: str, tmp_path: Path
) -> None:
    result = run_cli(two_people, "export", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / f"wellbeing-export-{datetime.now(BRUSSELS):%Y%m%d}"
    assert _mode(folder) == 0o700
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    counts = rows_about(two_people, ACCOUNT)
    for table, name in manifest["files"].items():
        path = folder / name
        assert _mode(path) == 0o600
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == manifest["tables"][table]
        if table in counts:
            assert len(rows) == counts[table], table
        assert OTHER_NOTE not in path.read_text(encoding="utf-8")
    assert {"shifts", "breaks", "checkins"} <= set(manifest["files"])
    assert _mode(folder / "manifest.json") == 0o600


def test_csv_export_defuses_text_a_spreadsheet_would_run_as_a_formula(
    two_people: str, tmp_path: Path
) -> None:
    target = tmp_path / "export"
    result = run_cli(two_people, "export", "--format", "csv", "--out", str(target))
    assert result.returncode == 0, result.stderr
    with (target / "checkins.csv").open(encoding="utf-8", newline="") as handle:
        notes = {row["note"] for row in csv.DictReader(handle)}
    assert notes == {"'=1+1 felt like a formula", "quiet day", ""}


def _csv_lines(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_export_of_someone_with_no_rows_writes_every_tables_header(
    db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "export"
    result = run_cli(db_url, "export", "--format", "csv", "--out", str(target))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert {"people", "shifts", "breaks", "checkins", "shift_findings"} <= set(manifest["files"])
    for table, name in manifest["files"].items():
        assert _csv_lines(target / name) == [manifest["columns"][table]], table
    assert {"start_at", "end_at"} <= set(manifest["columns"]["shifts"])
    assert {"stress", "energy", "note"} <= set(manifest["columns"]["checkins"])


def test_csv_export_gives_a_table_without_rows_its_header_beside_full_ones(
    two_people: str, tmp_path: Path
) -> None:
    target = tmp_path / "export"
    result = run_cli(two_people, "export", "--format", "csv", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert _csv_lines(target / "team_leaders.csv") == [["team_id", "person_id"]]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["team_leaders"] == 0 and manifest["tables"]["checkins"] == 3
    for table, name in manifest["files"].items():
        lines = _csv_lines(target / name)
        assert lines[0] == manifest["columns"][table], table
        assert len(lines) == 1 + manifest["tables"][table], table


def test_export_in_an_unknown_format_exits_2_naming_format(db_url: str) -> None:
    result = run_cli(db_url, "export", "--format", "xml")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: format: 'xml' is not a format; use json or csv"]


def test_erase_with_yes_leaves_no_row_about_me_and_keeps_everyone_else(two_people: str) -> None:
    theirs = rows_about(two_people, OTHER)
    result = run_cli(two_people, "erase", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Erased ")
    assert set(rows_about(two_people, ACCOUNT).values()) == {0}
    assert rows_about(two_people, OTHER) == theirs


def test_erase_without_a_terminal_or_yes_refuses_and_erases_nothing(two_people: str) -> None:
    before = rows_about(two_people, ACCOUNT)
    result = run_cli(two_people, "erase")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: yes: ")
    assert "--yes" in line
    assert rows_about(two_people, ACCOUNT) == before


@pytest.mark.parametrize(("typed", "erased"), [(ACCOUNT, True), ("someone-else", False)])
def test_erase_at_a_terminal_needs_the_account_name_typed(
    two_people: str, typed: str, erased: bool
) -> None:
    before = rows_about(two_people, ACCOUNT)
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(EXECUTABLE), "--db", two_people, "--as", ACCOUNT, "erase"],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        os.write(controller, f"{typed}\n".encode())
        _, err = process.communicate(timeout=60)
    finally:
        os.close(terminal)
        os.close(controller)
    assert f"Type {ACCOUNT} to confirm" in err
    if erased:
        assert process.returncode == 0, err
        assert set(rows_about(two_people, ACCOUNT).values()) == {0}
    else:
        assert process.returncode == 2
        # The terminal, not stderr, echoes the typed line: the error follows the prompt.
        assert err.splitlines()[-1].endswith(
            f"error: confirmation: that is not {ACCOUNT}; nothing was erased"
        )
        assert rows_about(two_people, ACCOUNT) == before


@pytest.fixture
def old_and_new(db_url: str) -> str:
    """One check-in about 40 months old (past the default retention) and one from yesterday."""
    record(db_url, ACCOUNT, 40 * 31)
    record(db_url, ACCOUNT, 100)
    record(db_url, ACCOUNT, 1)
    return db_url


def _shift_days(db_url: str) -> int:
    return rows_about(db_url, ACCOUNT)["shifts"]


def test_db_purge_removes_rows_older_than_the_months_given(old_and_new: str) -> None:
    assert _shift_days(old_and_new) == 3
    result = run_cli(old_and_new, "db", "purge", "--months", "36", "--json")
    assert result.returncode == 0, result.stderr
    purged = json.loads(result.stdout)
    assert purged["months"] == 36
    # The old shift with its check-in and two breaks at least.
    assert purged["removed"] >= 4
    counts = rows_about(old_and_new, ACCOUNT)
    assert (counts["shifts"], counts["checkins"], counts["breaks"]) == (2, 2, 4)


def test_db_purge_defaults_to_the_retention_setting(old_and_new: str) -> None:
    result = run_cli(old_and_new, "db", "purge", env={"WELLBEING_RETENTION_MONTHS": "2"})
    assert result.returncode == 0, result.stderr
    assert "(retention: 2 months)" in result.stdout
    counts = rows_about(old_and_new, ACCOUNT)
    assert (counts["shifts"], counts["checkins"], counts["breaks"]) == (1, 1, 2)


@pytest.mark.parametrize("months", ["0", "601", "soon"])
def test_db_purge_with_a_bad_period_exits_2_naming_months(old_and_new: str, months: str) -> None:
    result = run_cli(old_and_new, "db", "purge", "--months", months)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: months: ")
    assert _shift_days(old_and_new) == 3


def test_opening_the_app_applies_the_retention_period(old_and_new: str) -> None:
    from wellbeing.tui.app import open_with_retention

    service = open_with_retention(old_and_new, ACCOUNT)
    service.db.dispose()
    assert _shift_days(old_and_new) == 2


@pytest.mark.parametrize("command", [["export"], ["erase"], ["db", "purge"]])
def test_data_commands_answer_help(command: list[str]) -> None:
    result = run_plain(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: wellbeing " + " ".join(command))
