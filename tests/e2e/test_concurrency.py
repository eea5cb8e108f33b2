"""Many agents checking in at once from separate processes lose nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.support.backend import BACKEND
from wellbeing.store.database import Database
from wellbeing.store.models import BreakRow, CheckinRow, ShiftRow

ROOT = Path(__file__).resolve().parents[2]


def run_writers(db_url: str, processes: int, each: int) -> list[str]:
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.writer", db_url, f"agent{n:02d}", str(each)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    errors = []
    for writer in writers:
        out, err = writer.communicate(timeout=900)
        if writer.returncode != 0 or out.count("done") != each:
            errors.append(err[-2000:])
    return errors


def counts(database: Database) -> tuple[int, int, int]:
    with database.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(ShiftRow)) or 0,
            session.scalar(select(func.count()).select_from(BreakRow)) or 0,
            session.scalar(select(func.count()).select_from(CheckinRow)) or 0,
        )


@pytest.mark.stress
@pytest.mark.skipif(BACKEND != "sqlite", reason="the SQLite writers run in the SQLite pass")
def test_eight_processes_writing_one_sqlite_file_lose_nothing(
    db_url: str, database: Database
) -> None:
    errors = run_writers(db_url, processes=8, each=500)
    assert errors == []
    assert counts(database) == (4000, 4000, 4000)


@pytest.mark.stress
@pytest.mark.skipif(BACKEND != "postgresql", reason="the PostgreSQL writers run in its pass")
def test_twenty_processes_checking_in_on_postgresql_lose_nothing(
    db_url: str, database: Database
) -> None:
    errors = run_writers(db_url, processes=20, each=100)
    assert errors == []
    assert counts(database) == (2000, 2000, 2000)
