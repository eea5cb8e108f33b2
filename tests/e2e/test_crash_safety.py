"""Writers killed with SIGKILL at random moments never leave a half-written check-in."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.backend import BACKEND
from tests.support.writer import checkin_for
from wellbeing.store.database import Database, sqlite_path
from wellbeing.store.models import CheckinRow, PersonRow, ShiftRow

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 26  # two writers at a time: 52 kills
BLOCK = 1000  # each run writes days offset .. offset + BLOCK, so runs never overlap


def start_writer(db_url: str, account: str, offset: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.writer", db_url, account, str(BLOCK), str(offset)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@pytest.mark.stress
@pytest.mark.skipif(BACKEND != "sqlite", reason="the crash harness targets the SQLite file")
def test_killed_writers_lose_no_acknowledged_checkin(db_url: str, database: Database) -> None:
    rng = random.Random(20261127)
    acknowledged: dict[str, set[int]] = {"crash-a": set(), "crash-b": set()}
    kills = 0
    for round_number in range(ROUNDS):
        writers = {
            account: start_writer(db_url, account, round_number * BLOCK) for account in acknowledged
        }
        time.sleep(rng.uniform(0.6, 2.0))
        for account, writer in writers.items():
            writer.send_signal(signal.SIGKILL)
            out, _ = writer.communicate()
            kills += writer.returncode == -signal.SIGKILL
            acknowledged[account].update(
                int(line.split()[1]) for line in out.splitlines() if line.startswith("done ")
            )
    total = sum(len(days) for days in acknowledged.values())
    print(f"crash harness: {kills} kills, {total} acknowledged check-ins")  # shown with -s
    assert kills >= 50
    assert total > 0

    path = sqlite_path(db_url)
    assert path is not None
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []

    with database.reading() as session:
        for account, days in acknowledged.items():
            starts = set(
                session.scalars(
                    select(ShiftRow.start_at)
                    .join(PersonRow, PersonRow.id == ShiftRow.person_id)
                    .where(PersonRow.os_account == account)
                )
            )
            assert {checkin_for(day)["start"] for day in days} <= starts
        shifts = session.scalars(select(ShiftRow)).all()
        with_checkin = set(session.scalars(select(CheckinRow.shift_id)))
        assert all(shift.id in with_checkin for shift in shifts)
        assert all(len(shift.breaks) == 1 for shift in shifts)
