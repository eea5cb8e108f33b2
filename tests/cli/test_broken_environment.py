"""A broken environment: what is given as the database is not one, cannot be written, is
missing, or the disk is full. Each ends in one clear line (exit 1 for the environment, 2 for
a settings file that cannot be read), never a traceback, and the person's file is never
overwritten or deleted: its bytes are compared before and after.

A file of zero bytes is not refused by a command that records: SQLite treats an empty file as
an empty database, and it holds nothing that could be lost, so it becomes the wellbeing
database. A command that only reads takes it for a database that is not there, and leaves it
at zero bytes.

SQLite files only (a server that cannot be reached is checked too). The command line runs in
this process, except in the read-only cases, which need a process that file permissions bind:
as root the command runs without the capabilities that override them (setpriv). A full disk
is a real 1 MiB tmpfs where this process may mount one (skipped elsewhere), and everywhere a
file capped with SQLite's `max_page_count`, which fails a write that needs a new page the
same way (SQLITE_FULL).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from tests.support.backend import BACKEND
from tests.support.broken_settings import BROKEN_SETTINGS
from tests.support.cli import Ran, refused_field, run_in_process
from tests.support.clock import FrozenClock
from wellbeing.cli import run
from wellbeing.services import Wellbeing, open_database
from wellbeing.store.database import StoreError, make_engine
from wellbeing.store.migrate import alembic_config, upgrade

# Every case here is about a file (or a server that is not there): the backend under test
# does not change them, so they run once, with the SQLite run.
pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="files, not a database server")

EXECUTABLE = Path(sys.executable).parent / "wellbeing"
ACCOUNT = "agent"
FIRST = {"start": "2026-11-20T08:00", "end": "2026-11-20T12:00", "stress": 4, "energy": 6}
CHECKIN = [
    "checkin",
    "--start=2026-11-21T08:00",
    "--end=2026-11-21T12:00",
    "--stress=5",
    "--energy=5",
    "--note=" + "n" * 1500,
]
AS_ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")


def wellbeing(*args: str, env: dict[str, str] | None = None) -> Ran:
    """`wellbeing --as agent ARGS...` through the command line in this process."""
    return run_in_process(["--as", ACCOUNT, *args], env=env)


def bound_by_permissions(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command as a process that file modes bind (root would override them)."""
    prefix = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    return subprocess.run(
        [*(prefix if AS_ROOT else []), str(EXECUTABLE), "--as", ACCOUNT, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


needs_permissions = pytest.mark.skipif(
    AS_ROOT and SETPRIV is None, reason="as root, file modes bind only without capabilities"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names_in(folder: Path) -> list[str]:
    return sorted(found.name for found in folder.iterdir())


def failure_line(result: Ran | subprocess.CompletedProcess[str]) -> str:
    """The one line a failed command printed; fails on a traceback or a second line."""
    assert result.returncode == 1, result.stderr
    assert refused_field(result.stderr) == "database"
    return result.stderr.strip()


def checkins_in(path: Path) -> int:
    """Check-ins in the file, read with a plain connection that changes nothing."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM checkins").fetchone()[0])
    finally:
        connection.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def wellbeing_file(tmp_path: Path) -> Path:
    """A wellbeing database in its own folder, holding one check-in of the agent."""
    folder = tmp_path / "data"
    folder.mkdir()
    return _prepare_on(folder)


# --- something that is not a wellbeing database --------------------------------------------


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(16 * 1024))


def _text(path: Path) -> None:
    path.write_text("Monday: call the plumber\nTuesday: dentist at 9\n" * 100, encoding="utf-8")


def _damaged_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.executemany("INSERT INTO notes VALUES (?)", [("x" * 500,)] * 50)
    connection.commit()
    connection.close()
    content = bytearray(path.read_bytes())
    content[100:] = b"\xa5" * (len(content) - 100)  # the header survives, every page is garbage
    path.write_bytes(bytes(content))


def _other_programs_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('waterzooi')")
    connection.commit()
    connection.close()


def _other_programs_wal_database(path: Path) -> None:
    _other_programs_database(path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()


NOT_WELLBEING = {
    "random-bytes": (_random_bytes, "not a database file"),
    "text-file": (_text, "not a database file"),
    "damaged-database": (_damaged_database, "cannot open"),
    "another-programs-database": (_other_programs_database, "not wellbeing's"),
    "another-programs-wal-database": (_other_programs_wal_database, "not wellbeing's"),
}


@pytest.mark.parametrize("kind", sorted(NOT_WELLBEING))
def test_a_file_that_is_not_a_wellbeing_database_is_refused_and_left_byte_for_byte(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = NOT_WELLBEING[kind]
    path = tmp_path / "mine.db"
    make(path)
    before, listing = digest(path), names_in(tmp_path)
    line = failure_line(wellbeing("--db", str(path), *CHECKIN))
    assert str(path) in line and words in line
    for args in (["history"], ["db", "upgrade"], ["export"]):
        assert run(["--db", str(path), "--as", ACCOUNT, *args]) == 1
        err = capsys.readouterr().err
        assert refused_field(err) == "database" and words in err
    assert digest(path) == before
    assert names_in(tmp_path) == listing


@pytest.mark.parametrize("kind", sorted(NOT_WELLBEING))
def test_opening_a_file_that_is_not_a_wellbeing_database_raises_store_error_only(
    tmp_path: Path, kind: str
) -> None:
    make, words = NOT_WELLBEING[kind]
    path = tmp_path / "mine.db"
    make(path)
    before = digest(path)
    with pytest.raises(StoreError, match=words):
        open_database(str(path))
    assert digest(path) == before
    assert names_in(tmp_path) == ["mine.db"]


def test_an_empty_file_becomes_the_database_since_it_holds_nothing_to_lose(
    tmp_path: Path,
) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert wellbeing("--db", str(path), *CHECKIN).returncode == 0
    assert checkins_in(path) == 1
    assert integrity(path) == "ok"


def test_a_folder_given_as_the_database_is_refused_and_left_empty(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    line = failure_line(wellbeing("--db", str(folder), *CHECKIN))
    assert "is a folder" in line
    assert names_in(folder) == []


def test_a_named_pipe_given_as_the_database_is_refused_without_waiting_on_it(
    tmp_path: Path,
) -> None:
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    with pytest.raises(StoreError, match="not a regular file"):
        open_database(str(pipe))
    line = failure_line(wellbeing("--db", str(pipe), "history"))
    assert "not a regular file" in line
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_server_that_cannot_be_reached_is_named_without_its_password() -> None:
    result = wellbeing("--db", "postgresql://agent:s3cret@127.0.0.1:1/wellbeing", "history")
    line = failure_line(result)
    assert "127.0.0.1:1" in line
    assert "s3cret" not in result.stderr


@pytest.mark.parametrize("url", ["postgresql+psycopg://", "postgresql://agent@127.0.0.1:5432/"])
def test_a_postgresql_url_without_a_database_is_refused_before_connecting(url: str) -> None:
    # libpq would pick the database named as the login, and install the schema there.
    result = wellbeing("--db", url, "history", env={"PGDATABASE": ""})
    assert result.returncode == 2
    assert refused_field(result.stderr) == "db"
    assert "names no database" in result.stderr


@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_db_option_is_refused_instead_of_meaning_the_default_database(
    given: str, tmp_path: Path
) -> None:
    default = tmp_path / "data"  # the isolated environment's data directory
    result = wellbeing("--db", given, "checkin", "--start=2026-11-20T08:00",
                       "--end=2026-11-20T16:00", "--stress=3", "--energy=5")  # fmt: skip
    assert result.returncode == 2
    assert refused_field(result.stderr) == "db"
    assert not default.exists() or list(default.iterdir()) == []


def test_a_database_url_whose_driver_is_not_installed_is_refused_on_db() -> None:
    result = wellbeing("--db", "mysql://agent@127.0.0.1/wellbeing", "history")
    assert result.returncode == 2
    assert refused_field(result.stderr) == "db"
    assert "'mysql' is not a database this app can use" in result.stderr


# --- read-only ------------------------------------------------------------------------------


@needs_permissions
def test_a_read_only_file_refuses_a_check_in_in_one_line_and_stays_as_it_was(
    wellbeing_file: Path,
) -> None:
    wellbeing_file.chmod(0o400)
    before, listing = digest(wellbeing_file), names_in(wellbeing_file.parent)
    line = failure_line(bound_by_permissions("--db", str(wellbeing_file), *CHECKIN))
    assert "cannot write to" in line and "read-only" in line and "nothing was saved" in line
    assert digest(wellbeing_file) == before
    assert names_in(wellbeing_file.parent) == listing


@needs_permissions
def test_a_read_only_file_still_shows_its_history(wellbeing_file: Path) -> None:
    wellbeing_file.chmod(0o400)
    before = digest(wellbeing_file)
    result = bound_by_permissions("--db", str(wellbeing_file), "history", "--json")
    assert result.returncode == 0, result.stderr
    assert '"start": "2026-11-20T08:00:00+01:00"' in result.stdout
    assert digest(wellbeing_file) == before
    assert names_in(wellbeing_file.parent) == ["wellbeing.db"]


@needs_permissions
def test_a_file_made_writable_again_takes_check_ins_again(wellbeing_file: Path) -> None:
    wellbeing_file.chmod(0o400)
    bound_by_permissions("--db", str(wellbeing_file), "history")
    bound_by_permissions("--db", str(wellbeing_file), *CHECKIN)
    wellbeing_file.chmod(0o600)
    result = bound_by_permissions("--db", str(wellbeing_file), *CHECKIN)
    assert result.returncode == 0, result.stderr
    assert checkins_in(wellbeing_file) == 2


@needs_permissions
def test_a_read_only_folder_refuses_a_check_in_and_still_shows_the_history(
    wellbeing_file: Path,
) -> None:
    folder = wellbeing_file.parent
    before = digest(wellbeing_file)
    folder.chmod(0o500)
    try:
        line = failure_line(bound_by_permissions("--db", str(wellbeing_file), *CHECKIN))
        shown = bound_by_permissions("--db", str(wellbeing_file), "history")
    finally:
        folder.chmod(0o700)
    assert "cannot write to" in line
    assert shown.returncode == 0, shown.stderr
    assert "2026-11-20" in shown.stdout
    assert digest(wellbeing_file) == before
    assert names_in(folder) == ["wellbeing.db"]


@needs_permissions
def test_a_read_only_file_of_an_older_schema_is_refused_without_a_backup_left_behind(
    tmp_path: Path,
) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    [first] = script.get_bases()
    path = tmp_path / "old.db"
    engine = make_engine(path)
    upgrade(engine, first)
    engine.dispose()
    path.chmod(0o400)
    before = digest(path)
    line = failure_line(bound_by_permissions("--db", str(path), "history"))
    assert "needs an upgrade" in line and "nothing was changed" in line
    assert digest(path) == before
    assert names_in(tmp_path) == ["old.db"]


@needs_permissions
def test_a_database_that_cannot_be_created_is_refused_naming_the_path(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    try:
        line = failure_line(bound_by_permissions("--db", str(folder / "sub" / "new.db"), *CHECKIN))
    finally:
        folder.chmod(0o700)
    assert f"cannot create {folder / 'sub' / 'new.db'}" in line
    assert names_in(folder) == []


# --- a database that is not there --------------------------------------------------------------

# Every command that only reads or changes what a database already holds, with arguments that
# are otherwise valid, so that the missing file is the only thing wrong.
READING_COMMANDS = {
    "history": ["history", "--json"],
    "flags": ["flags"],
    "flags-ack": ["flags", "ack", "1"],
    "flags-snooze": ["flags", "snooze", "1", "--days", "3"],
    "export": ["export", "--format", "json"],
    "export-csv": ["export", "--format", "csv"],
    "erase": ["erase", "--yes"],
    "missing": ["missing"],
    "team-trends": ["team", "trends", "--team", "Sales"],
    "org-trends": ["org", "trends", "--months", "3"],
    "db-purge": ["db", "purge"],
    "db-reevaluate": ["db", "reevaluate"],
    "admin-audit": ["admin", "audit"],
    "admin-team-list": ["admin", "team", "list"],
    "admin-team-create": ["admin", "team", "create", "Sales"],
    "admin-person-add": ["admin", "person", "add", "an"],
    "admin-person-move": ["admin", "person", "move", "an", "--no-team"],
    "admin-grant": ["admin", "grant", "an", "admin"],
    "admin-set-k": ["admin", "set", "k", "5"],
}
# Commands that record something: a database that is not there is created for them.
RECORDING_COMMANDS = {
    "checkin": CHECKIN,
    "survey": ["survey", "who5", "--answers", "3,3,3,3,3"],
    "admin-bootstrap": ["admin", "bootstrap"],
}


@pytest.mark.parametrize("command", sorted(READING_COMMANDS))
def test_a_command_that_only_reads_refuses_a_database_that_is_not_there_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # where a CSV export would make its folder
    missing = tmp_path / "missing" / "dir" / "x.db"
    result = wellbeing("--db", str(missing), *READING_COMMANDS[command])
    assert result.returncode == 2, result.stderr
    assert refused_field(result.stderr) == "db"
    assert f"{missing} does not exist" in result.stderr and "--db" in result.stderr
    assert result.stdout == ""
    assert names_in(tmp_path) == ["work"]  # no folder, no file, no data directory
    assert names_in(work) == []


@pytest.mark.parametrize("command", sorted(READING_COMMANDS))
def test_a_command_that_only_reads_refuses_an_empty_file_as_no_database_and_leaves_it_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # where a CSV export would make its folder
    empty = tmp_path / "empty.db"
    empty.touch()
    result = wellbeing("--db", str(empty), *READING_COMMANDS[command])
    assert result.returncode == 2, result.stderr
    assert refused_field(result.stderr) == "db"
    assert f"{empty} is empty" in result.stderr and "--db" in result.stderr
    assert result.stdout == ""
    assert empty.stat().st_size == 0
    assert names_in(tmp_path) == ["empty.db", "work"]  # no -wal or -shm file beside it
    assert names_in(work) == []


def test_a_read_of_a_file_missing_beside_others_leaves_the_folder_as_it_was(
    wellbeing_file: Path,
) -> None:
    folder = wellbeing_file.parent
    listing = names_in(folder)
    result = wellbeing("--db", str(folder / "typo.db"), "db", "reevaluate")
    assert result.returncode == 2
    assert refused_field(result.stderr) == "db"
    assert names_in(folder) == listing


def test_the_real_executable_refuses_a_history_of_the_default_database_before_it_exists(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"  # the isolated environment's data directory
    result = subprocess.run(
        [str(EXECUTABLE), "--as", ACCOUNT, "history"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert result.returncode == 2
    assert refused_field(result.stderr) == "db"
    assert str(data / "wellbeing.db") in result.stderr
    assert not data.exists()


@pytest.mark.parametrize("command", sorted(RECORDING_COMMANDS))
def test_a_command_that_records_makes_an_empty_file_the_database(
    tmp_path: Path, command: str
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = wellbeing("--db", str(empty), *RECORDING_COMMANDS[command])
    assert result.returncode == 0, result.stderr
    assert integrity(empty) == "ok" and empty.stat().st_size > 0


@pytest.mark.parametrize("command", sorted(RECORDING_COMMANDS))
def test_a_command_that_records_creates_a_database_that_is_not_there(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "new" / "dir" / "x.db"
    result = wellbeing("--db", str(path), *RECORDING_COMMANDS[command])
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert wellbeing("--db", str(path), "history").returncode == 0


# --- a missing data directory ----------------------------------------------------------------


def test_a_missing_data_directory_is_created_private_and_the_check_in_stored(
    tmp_path: Path,
) -> None:
    data = tmp_path / "nested" / "deeper" / "wellbeing-data"
    env = {**os.environ, "WELLBEING_DATA_DIR": str(data)}
    result = wellbeing(*CHECKIN, env=env)
    assert result.returncode == 0, result.stderr
    path = data / "wellbeing.db"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert checkins_in(path) == 1


# --- a settings file that cannot be read -----------------------------------------------------


@pytest.mark.parametrize("kind", sorted(BROKEN_SETTINGS))
def test_a_settings_file_that_cannot_be_read_is_named_in_one_line(
    kind: str, wellbeing_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Path(os.environ["WELLBEING_CONFIG_DIR"]) / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_bytes(BROKEN_SETTINGS[kind])
    before = digest(wellbeing_file)
    code = run(["--db", str(wellbeing_file), "--as", ACCOUNT, *CHECKIN])
    err = capsys.readouterr().err
    assert code == 2
    assert refused_field(err).startswith("settings")
    assert digest(wellbeing_file) == before
    assert settings.read_bytes() == BROKEN_SETTINGS[kind]


def test_the_real_executable_names_a_settings_file_nested_too_deeply(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_bytes(BROKEN_SETTINGS["nested-too-deeply"])
    result = wellbeing("history", env={**os.environ, "WELLBEING_CONFIG_DIR": str(config)})
    assert result.returncode == 2
    assert refused_field(result.stderr) == "settings"
    assert "too deeply" in result.stderr


# --- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB filesystem (tmpfs), or a skip where this process may not mount one."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small filesystem is not allowed here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the disk holding `folder` has no room left."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(descriptor)
    return filler


def _prepare_on(folder: Path) -> Path:
    path = folder / "wellbeing.db"
    database = open_database(str(path))
    try:
        Wellbeing(database, ACCOUNT, FrozenClock()).record_checkin(FIRST)
    finally:
        database.dispose()
    return path


def test_a_full_disk_refuses_a_check_in_in_one_line_and_keeps_the_earlier_rows(
    small_disk: Path,
) -> None:
    path = _prepare_on(small_disk)
    before = digest(path)
    filler = fill(small_disk)
    line = failure_line(wellbeing("--db", str(path), *CHECKIN))
    assert "the disk is full" in line and "nothing was saved" in line
    assert digest(path) == before
    filler.unlink()
    assert integrity(path) == "ok"
    assert checkins_in(path) == 1
    assert wellbeing("--db", str(path), *CHECKIN).returncode == 0
    assert checkins_in(path) == 2


def test_a_disk_that_fills_while_the_database_is_open_refuses_the_write_and_recovers(
    small_disk: Path,
) -> None:
    path = _prepare_on(small_disk)
    database = open_database(str(path))
    try:
        agent = Wellbeing(database, ACCOUNT, FrozenClock())
        assert len(agent.history()) == 1
        filler = fill(small_disk)
        with pytest.raises(StoreError, match="the disk is full"):
            agent.record_checkin(
                {
                    **FIRST,
                    "start": "2026-11-21T08:00",
                    "end": "2026-11-21T12:00",
                    "note": "n" * 2000,
                }
            )
        assert len(agent.history()) == 1
        filler.unlink()
        agent.record_checkin({**FIRST, "start": "2026-11-22T08:00", "end": "2026-11-22T12:00"})
        assert len(agent.history()) == 2
    finally:
        database.dispose()
    assert integrity(path) == "ok"


@pytest.fixture
def capped_files() -> Iterator[set[str]]:
    """Cap the SQLite files named in the returned set at their current size, for every
    connection this process opens: a write that needs a new page fails with SQLITE_FULL."""
    capped: set[str] = set()

    def cap(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            name = cursor.execute("PRAGMA database_list").fetchone()[2]
            if name in capped:
                pages = cursor.execute("PRAGMA page_count").fetchone()[0]
                cursor.execute(f"PRAGMA max_page_count = {int(pages)}")
        finally:
            cursor.close()

    sa.event.listen(sa.Engine, "connect", cap)
    try:
        yield capped
    finally:
        sa.event.remove(sa.Engine, "connect", cap)


def test_a_database_that_may_not_grow_refuses_a_check_in_as_a_full_disk(
    wellbeing_file: Path, capped_files: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # No free pages left inside the file either, as on a disk that filled up long ago
    # (migrations that rebuild a table leave a few behind).
    with closing(sqlite3.connect(wellbeing_file)) as connection:
        connection.execute("VACUUM")
        assert connection.execute("PRAGMA freelist_count").fetchone()[0] == 0
    capped_files.add(str(wellbeing_file.resolve()))
    before = digest(wellbeing_file)
    # 2000 four-byte characters are more than a page holds: the note needs new pages.
    code = run(
        ["--db", str(wellbeing_file), "--as", ACCOUNT, *CHECKIN[:-1], "--note=" + "😀" * 2000]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert refused_field(err) == "database"
    assert "the disk is full" in err
    assert digest(wellbeing_file) == before
    assert integrity(wellbeing_file) == "ok"
    assert checkins_in(wellbeing_file) == 1
