"""Batch re-evaluation and a check-in at scale, each beside a plain SQL baseline of the same run.

The absolute targets depend on the machine and its load, so each figure is also given as a
ratio to a baseline measured in the same run on the same database: for re-evaluation, a plain
SQL pass that reads every check-in with its shift and writes one row per check-in; for a
check-in, a plain SQL write of the same rows (every row the check-in stored: shift, break,
check-in, weekly and monthly sums, kept findings, flags, the week's level) in one committed
transaction. Re-evaluation is measured through the command line (wall time, and the processor
time of it and its workers) and inside this process without workers (processor time: what
other load on the machine does not inflate). `python benchmarks/judgement.py --agents 200
--days 180` runs it on a smaller organisation than `make bench` builds; `--database PATH`
measures a copy of a database built before (to compare two versions of the code on the same
data, run this script once with each on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

# Appended, so that a PYTHONPATH naming another version of the code still comes first.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from benchmarks.databases import AS_ADMIN, timed

WELLBEING = Path(sys.executable).parent / "wellbeing"
MEASURED = 60
WARM_UP = 5


def run(*args: str, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    began = time.perf_counter()
    done = subprocess.run(
        [str(WELLBEING), *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    return done, time.perf_counter() - began


# What both plain passes read: every check-in with its shift, in each person's time order.
READ_EVERY_CHECKIN = (
    "SELECT c.id, s.worked_minutes, c.stress, s.start_at, s.end_at FROM checkins AS c "
    "JOIN shifts AS s ON s.id = c.shift_id ORDER BY s.person_id, s.start_at"
)


def plain_sql_pass(path: Path) -> tuple[int, float, float]:
    """Read every check-in with its shift and write one row per check-in, in one transaction;
    the rows written, the wall time and the processor time."""
    connection = sqlite3.connect(path)
    try:
        began, processor = time.perf_counter(), time.process_time()
        connection.execute("CREATE TEMP TABLE baseline (checkin_id INTEGER, worked INTEGER)")
        rows = connection.execute(READ_EVERY_CHECKIN).fetchall()
        connection.executemany(
            "INSERT INTO baseline VALUES (?, ?)", [(row[0], row[1]) for row in rows]
        )
        connection.commit()
        return len(rows), time.perf_counter() - began, time.process_time() - processor
    finally:
        connection.close()


KEPT_BY_REEVALUATION = ("shift_findings", "flags", "weekly_levels")
APP_PRAGMAS = ("foreign_keys = ON", "synchronous = NORMAL", "secure_delete = ON")


def plain_sql_pass_of_kept_rows(path: Path) -> tuple[int, int, float, float]:
    """The plain SQL pass again, but writing the rows re-evaluation keeps instead of one row
    each: the findings kept per shift, the flags and the weekly levels that are in `path`
    after a re-evaluation, stored again by hand into their own tables (with their indexes) in
    one committed transaction, after reading every check-in with its shift. No rule is run,
    the other reads of re-evaluation (breaks, questionnaires) are left out, and the tables are
    emptied beforehand outside the timing: the fastest a re-evaluation that stores these rows
    could be. The check-ins read, the rows written, the wall time and the processor time."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in APP_PRAGMAS:
            connection.execute(f"PRAGMA {pragma}")
        kept = {
            table: connection.execute(f"SELECT * FROM {table}").fetchall()
            for table in KEPT_BY_REEVALUATION
        }
        connection.execute("BEGIN IMMEDIATE")
        for table in KEPT_BY_REEVALUATION:
            connection.execute(f"DELETE FROM {table}")
        connection.execute("COMMIT")
        began, processor = time.perf_counter(), time.process_time()
        connection.execute("BEGIN IMMEDIATE")
        checkins = connection.execute(READ_EVERY_CHECKIN).fetchall()
        for table, rows in kept.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        connection.execute("COMMIT")
        seconds, processor = time.perf_counter() - began, time.process_time() - processor
        return len(checkins), sum(map(len, kept.values())), seconds, processor
    finally:
        connection.close()


def reevaluate_in_process(path: Path) -> tuple[int, float, float]:
    """Re-evaluate a copy of the database in this process without workers; the check-ins
    judged, the wall time and the processor time (judging, reading and writing only)."""
    from wellbeing.domain.rules import load_rules
    from wellbeing.reevaluation import reevaluate_history
    from wellbeing.services import open_database

    copy = path.with_name(f"in-process-{path.name}")
    shutil.copyfile(path, copy)
    database = open_database(str(copy))
    try:
        rules = load_rules()
        began, processor = time.perf_counter(), time.process_time()
        summary = reevaluate_history(database, rules, workers=0)
        return summary.checkins, time.perf_counter() - began, time.process_time() - processor
    finally:
        database.dispose()
        copy.unlink(missing_ok=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def checkins(path: Path, day: str) -> tuple[list[float], list[float]]:
    """Seconds per check-in through the use case, and per plain SQL write of the same rows."""
    from wellbeing.domain.rules import load_rules
    from wellbeing.services import Wellbeing, open_database

    before = path.with_name(f"before-checkins-{path.name}")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(path, before)
    rules = load_rules()
    database = open_database(str(path))
    recorder = WriteRecorder(database.engine)
    served: list[float] = []
    try:
        for number in range(1, WARM_UP + MEASURED + 1):
            saved_at = datetime.fromisoformat(f"{day}T22:10+01:00") + timedelta(seconds=number)
            service = Wellbeing(database, f"demo-{number:04d}", lambda at=saved_at: at, rules)
            form = {
                "start": f"{day}T14:00",
                "end": f"{day}T22:00",
                "breaks": [{"start": f"{day}T18:00", "end": f"{day}T18:30"}],
                "stress": number % 11,
                "energy": 10 - number % 11,
                "contacts": 60,
                "difficult": number % 4,
            }
            recorder.start()
            began = time.perf_counter()
            service.check_in(form)
            if number > WARM_UP:
                served.append(time.perf_counter() - began)
            recorder.stop(keep=True)
    finally:
        database.dispose()
    try:
        plain = plain_writes(before, recorder.recorded)[WARM_UP:]
        if last_rows(before) != last_rows(path):
            print("warning: the plain writes did not store the rows the check-ins stored")
    finally:
        before.unlink(missing_ok=True)
    return served, plain


# What a check-in writes, as the driver is given it: (SQL, parameters, many rows at once).
Writes = list[tuple[str, Any, bool]]
WRITING = ("INSERT", "UPDATE", "DELETE")


class WriteRecorder:
    """Notes the statements that write (INSERT, UPDATE, DELETE) while it is recording, with
    their parameters as SQLAlchemy hands them to `sqlite3`: the rows a check-in stores, which
    `plain_writes` then stores again by hand on a copy of the database as it was before."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.recorded: list[Writes] = []
        self._current: Writes | None = None
        event.listen(engine, "before_cursor_execute", self._noted)

    def _noted(
        self, _conn: Any, _cursor: Any, sql: str, parameters: Any, _context: Any, many: bool
    ) -> None:
        if self._current is not None and sql.lstrip()[:6].upper() in WRITING:
            self._current.append((sql, parameters, many))

    def start(self) -> None:
        self._current = []

    def stop(self, keep: bool) -> None:
        if keep and self._current is not None:
            self.recorded.append(self._current)
        self._current = None


def plain_writes(path: Path, recorded: list[Writes]) -> list[float]:
    """Seconds to store each check-in's rows again by hand: its own write statements and
    parameters, replayed through the standard library in one committed transaction each,
    with the connection settings the app gives SQLite (WAL, synchronous NORMAL, foreign keys,
    secure delete), on a copy of the database as it was before those check-ins: the
    yardstick of a check-in's own time. The replayed rows get the ids the check-ins got."""
    plain: list[float] = []
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in APP_PRAGMAS:
            connection.execute(f"PRAGMA {pragma}")
        for writes in recorded:
            began = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            for sql, parameters, many in writes:
                if many:
                    connection.executemany(sql, parameters)
                else:
                    connection.execute(sql, parameters).fetchall()
            connection.execute("COMMIT")
            plain.append(time.perf_counter() - began)
    finally:
        connection.close()
    return plain


def last_rows(path: Path) -> tuple[Any, ...]:
    """The newest ids of the tables a check-in writes to: after a replay they must be those
    the check-ins left, or the plain writes did not store the same rows."""
    with sqlite3.connect(path) as connection:
        return tuple(
            connection.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
            for table in ("shifts", "breaks", "checkins", "flags")
        )


def rows_written(recorded: list[Writes]) -> float:
    """Mean rows a recorded check-in wrote (a statement of many rows counts each)."""
    rows = sum(len(p) if many else 1 for writes in recorded for _, p, many in writes)
    return rows / len(recorded) if recorded else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument(
        "--database", type=Path, help="measure a copy of this demo database instead of a new one"
    )
    options = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="wellbeing-judgement-"))
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    os.environ.update(env)
    path = home / "organisation.db"
    if options.database:
        shutil.copyfile(options.database, path)
    else:
        end = "2026-11-26"
        demo = ["demo", "--agents", str(options.agents), "--days", str(options.days), "--unjudged"]
        run("--db", str(path), *demo, "--end", end, "--json", env=env)
    figures: dict[str, Any] = {"agents": options.agents, "days": options.days}
    if options.database:
        figures = {"database": str(options.database)}
    load_before = os.getloadavg()

    judged, inside, inside_processor = reevaluate_in_process(path)
    done, seconds, processor = timed(
        [str(WELLBEING), "--db", str(path), *AS_ADMIN, "db", "reevaluate", "--json"], env=env
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    summary = json.loads(done.stdout)
    rate = summary["checkins"] / seconds
    rows, baseline_seconds, baseline_processor = plain_sql_pass(path)
    baseline_rate = rows / baseline_seconds
    baseline_processor_rate = rows / baseline_processor if baseline_processor else float("inf")
    inside_processor_rate = judged / inside_processor
    read, kept, kept_seconds, kept_processor = plain_sql_pass_of_kept_rows(path)
    served, plain = checkins(path, "2026-11-27")
    p95, plain_p95 = percentile(served, 0.95) * 1000, percentile(plain, 0.95) * 1000
    figures |= {
        "checkins": summary["checkins"],
        "reevaluation_cli_seconds": round(seconds, 2),
        "reevaluation_cli_checkins_per_second": round(rate),
        "reevaluation_cli_checkins_per_processor_second": round(summary["checkins"] / processor),
        "reevaluation_in_process_checkins_per_second": round(judged / inside),
        "reevaluation_in_process_checkins_per_processor_second": round(inside_processor_rate),
        "reevaluation_processor_microseconds_per_checkin": round(1e6 / inside_processor_rate, 1),
        "plain_sql_pass_rows_per_second": round(baseline_rate),
        "plain_sql_pass_rows_per_processor_second": round(baseline_processor_rate),
        "reevaluation_cli_share_of_plain_sql": round(rate / baseline_rate, 4),
        "reevaluation_processor_share_of_plain_sql": round(
            inside_processor_rate / baseline_processor_rate, 4
        ),
        "kept_rows_per_checkin": round(kept / read, 2),
        "kept_rows_pass_checkins_per_second": round(read / kept_seconds),
        "kept_rows_pass_share_of_plain_sql": round(read / kept_seconds / baseline_rate, 4),
        "kept_rows_pass_processor_share_of_plain_sql": round(
            read / kept_processor / baseline_processor_rate, 4
        ),
        "reevaluation_cli_share_of_kept_rows_pass": round(rate / (read / kept_seconds), 4),
        "checkin_p50_ms": round(percentile(served, 0.5) * 1000, 2),
        "checkin_p95_ms": round(p95, 2),
        "plain_insert_p95_ms": round(plain_p95, 2),
        "checkin_p95_over_plain_insert": round(p95 / plain_p95, 2),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
