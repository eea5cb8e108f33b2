"""Batch re-evaluation gives the flags and weekly levels that recording live would have given."""

from __future__ import annotations

import gc
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select, text

from tests.support.cli import Ran, run_plain
from tests.support.clock import FrozenClock
from wellbeing import reevaluation
from wellbeing.domain.checkin import Break, Checkin, Shift
from wellbeing.domain.rules import RulesConfig, load_rules
from wellbeing.reevaluation import _replay_group, _write, reevaluate_history
from wellbeing.services import Organisation, Wellbeing
from wellbeing.store import reevaluation as store
from wellbeing.store.bulk import Converter
from wellbeing.store.database import Database
from wellbeing.store.models import (
    CheckinRow,
    FindingStatementRow,
    FlagRow,
    PersonRow,
    ShiftFindingRow,
    ShiftRow,
    WeeklyLevelRow,
)

FIRST_DAY = datetime(2026, 9, 7, tzinfo=UTC)  # a Monday
DEFAULTS = load_rules()
STRICT_TOML = """
[rules.stress.high]
min_stress = 5

[rules.shift.long]
max_worked_hours = 7.5
"""


def strict_rules(tmp_path: Path) -> RulesConfig:
    path = tmp_path / "strict.toml"
    path.write_text(STRICT_TOML)
    return load_rules(path)


def history_plan() -> list[tuple[str, dict[str, object] | list[int], datetime]]:
    """Ten weeks of shifts that raise and clear several flags, with two WHO-5 answers."""
    plan: list[tuple[str, dict[str, object] | list[int], datetime]] = []
    for week in range(10):
        for weekday in range(6 if week in (3, 4) else 5):
            day = FIRST_DAY + timedelta(weeks=week, days=weekday)
            start = day.replace(hour=6 if weekday % 2 else 7)
            hours = 10 if (week + weekday) % 4 == 0 else 8
            end = start + timedelta(hours=hours)
            breaks = (
                []
                if (week * 5 + weekday) % 6 == 0
                else [
                    {
                        "start": start + timedelta(hours=3),
                        "end": start + timedelta(hours=3, minutes=30),
                    }
                ]
            )
            stress = 8 if 4 <= week <= 6 else 3 + weekday % 3
            energy = 2 if week == 5 else 6
            form = {
                "start": start,
                "end": end,
                "breaks": breaks,
                "stress": stress,
                "energy": energy,
                "contacts": 40,
                "difficult": 4 if weekday == 2 else 1,
                "occupancy": 92.5 if week == 7 else None,
            }
            plan.append(("checkin", form, end + timedelta(minutes=10 + weekday)))
        if week in (2, 5):
            answers = [4, 4, 3, 4, 4] if week == 2 else [1, 1, 2, 1, 2]
            plan.append(("who5", answers, FIRST_DAY + timedelta(weeks=week, days=6, hours=10)))
    return plan


def record_live(database: Database, account: str, rules: RulesConfig) -> None:
    clock = FrozenClock()
    service = Wellbeing(database, account, clock, rules=rules)
    for kind, data, moment in history_plan():
        clock.set(moment)
        if kind == "checkin":
            service.check_in(data)  # type: ignore[arg-type]
        else:
            service.take_survey(kind, data)  # type: ignore[arg-type]


def stored(database: Database, account: str) -> tuple[list[tuple[object, ...]], ...]:
    """The person's flags (without ids), weekly levels and the findings kept per shift, in a
    stable order."""
    with database.reading() as session:
        person = session.scalar(select(PersonRow.id).where(PersonRow.os_account == account))
        flags = sorted(
            (
                row.rule_id,
                row.level,
                row.evidence,
                json.dumps(row.numbers, sort_keys=True),
                row.source,
                tuple(row.suggestions),
                row.raised_at,
                row.updated_at,
                row.resolved_at,
                row.acknowledged_at,
                row.acknowledged_level,
                row.snoozed_until,
            )
            for row in session.scalars(select(FlagRow).where(FlagRow.person_id == person))
        )
        levels = sorted(
            (row.iso_week, row.level)
            for row in session.scalars(
                select(WeeklyLevelRow).where(WeeklyLevelRow.person_id == person)
            )
        )
        kept = sorted(
            (
                row.shift_start,
                row.rule_id,
                row.level,
                said.message,
                json.dumps(row.numbers, sort_keys=True),
                said.source,
                tuple(said.suggestions),
            )
            for row, said in session.execute(
                select(ShiftFindingRow, FindingStatementRow)
                .join(FindingStatementRow, FindingStatementRow.id == ShiftFindingRow.statement_id)
                .where(ShiftFindingRow.person_id == person)
            )
        )
    return flags, levels, kept


def test_reevaluating_unchanged_rules_keeps_the_flags_and_levels_recorded_live(
    database: Database,
) -> None:
    record_live(database, "agent", DEFAULTS)
    live = stored(database, "agent")
    assert len(live[0]) >= 5 and any(flag[8] is not None for flag in live[0])
    assert live[2]

    reevaluate_history(database, DEFAULTS, workers=0)

    assert stored(database, "agent") == live


def test_reevaluating_under_new_rules_gives_what_recording_under_them_gives(
    database: Database, tmp_path: Path
) -> None:
    strict = strict_rules(tmp_path)
    record_live(database, "agent", DEFAULTS)
    record_live(database, "twin", strict)
    before = stored(database, "agent")

    summary = reevaluate_history(database, strict, workers=0)

    after = stored(database, "agent")
    assert after != before
    assert after == stored(database, "twin")
    assert summary.checkins == 2 * sum(1 for kind, _, _ in history_plan() if kind == "checkin")
    assert summary.surveys == 4


def kept_rows(database: Database) -> dict[tuple[int, str], int]:
    """Each kept finding's SQLite rowid, by (check-in, rule): a row written again gets a new one."""
    with database.reading() as session:
        rows = session.execute(text("SELECT checkin_id, rule_id, rowid FROM shift_findings"))
        return {(checkin, rule): rowid for checkin, rule, rowid in rows}


def test_reevaluating_under_new_rules_rewrites_only_the_kept_findings_that_changed(
    database: Database, tmp_path: Path
) -> None:
    if database.engine.dialect.name != "sqlite":
        pytest.skip("rows are told apart by SQLite's rowid")
    record_live(database, "agent", DEFAULTS)
    before = kept_rows(database)

    reevaluate_history(database, strict_rules(tmp_path), workers=0)

    after = kept_rows(database)
    untouched = {key: row for key, row in before.items() if key[1].startswith("break.")}
    assert untouched and all(after[key] == row for key, row in untouched.items())
    new_long = {key for key in after if key[1] == "shift.long"} - set(before)
    assert new_long and all(after[key] > max(before.values()) for key in new_long)
    assert {key for key in before if key[1] == "stress.high"} != {
        key for key in after if key[1] == "stress.high"
    }


def flag_ids(database: Database) -> dict[tuple[str, datetime], int]:
    """Each flag's id, by its rule and the start of its episode."""
    return {key: flag_id for key, (flag_id, _) in flag_rows(database).items()}


def flag_rows(database: Database) -> dict[tuple[str, datetime], tuple[int, tuple[object, ...]]]:
    """Each flag's id and what it says, by its rule and the start of its episode."""
    with database.reading() as session:
        rows = session.scalars(select(FlagRow))
        return {
            (row.rule_id, row.raised_at): (
                row.id,
                (row.level, row.evidence, row.numbers, row.updated_at, row.resolved_at),
            )
            for row in rows
        }


def test_reevaluating_unchanged_rules_writes_no_flag_and_no_kept_finding(
    database: Database,
) -> None:
    record_live(database, "agent", DEFAULTS)
    before = flag_ids(database)
    written: list[str] = []
    tables = ("FLAGS", "SHIFT_FINDINGS")
    writes = tuple(f"{verb} {table}" for verb in ("INSERT INTO", "DELETE FROM") for table in tables)

    def remember(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith(writes):
            written.append(statement)

    event.listen(database.engine, "before_cursor_execute", remember)
    try:
        reevaluate_history(database, DEFAULTS, workers=0)
    finally:
        event.remove(database.engine, "before_cursor_execute", remember)

    assert len(before) >= 5
    assert flag_ids(database) == before
    assert written == []


def test_reevaluating_under_new_rules_keeps_the_ids_of_the_episodes_it_keeps(
    database: Database, tmp_path: Path
) -> None:
    record_live(database, "agent", DEFAULTS)
    before = flag_rows(database)

    reevaluate_history(database, strict_rules(tmp_path), workers=0)

    after = flag_rows(database)
    kept = {key: row for key, row in before.items() if key[0].startswith("break.")}
    assert kept and {key: after[key] for key in kept} == kept
    rewritten = [key for key in before.keys() & after.keys() if before[key][1] != after[key][1]]
    assert rewritten and all(after[key][0] == before[key][0] for key in rewritten)
    new_long = {key for key in after if key[0] == "shift.long"}
    highest = max(flag_id for flag_id, _ in before.values())
    assert new_long and all(after[key][0] > highest for key in new_long)


def test_a_group_is_judged_with_no_transaction_open(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On SQLite an open read keeps the write-ahead log from starting over while the other
    # worker commits; the judging is most of a group's time.
    record_live(database, "agent", DEFAULTS)
    connections_in_use: list[int] = []
    judge = reevaluation.judge_history

    def watched(*args: object, **kwargs: object) -> object:
        connections_in_use.append(database.engine.pool.checkedout())
        return judge(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reevaluation, "judge_history", watched)
    reevaluate_history(database, DEFAULTS, workers=0)

    assert connections_in_use == [0]


def test_a_worker_keeps_the_cycle_collector_off(db_url: str) -> None:
    was_on = gc.isenabled()
    try:
        gc.enable()
        reevaluation._start_worker(db_url, DEFAULTS.as_dict())
        assert not gc.isenabled()
    finally:
        (gc.enable if was_on else gc.disable)()
        if reevaluation._worker is not None:
            reevaluation._worker[0].dispose()
            reevaluation._worker = None


def test_worker_processes_give_the_same_flags_as_one_process(
    database: Database, tmp_path: Path
) -> None:
    strict = strict_rules(tmp_path)
    record_live(database, "agent", DEFAULTS)
    record_live(database, "twin", DEFAULTS)
    reevaluate_history(database, strict, workers=0)
    in_process = [stored(database, account) for account in ("agent", "twin")]

    reevaluate_history(database, DEFAULTS, workers=0)
    reevaluate_history(database, strict, workers=2, people_per_transaction=1)

    assert [stored(database, account) for account in ("agent", "twin")] == in_process


def test_an_acknowledged_flag_that_stays_open_keeps_its_acknowledgement(
    database: Database,
) -> None:
    record_live(database, "agent", DEFAULTS)
    clock = FrozenClock(FIRST_DAY + timedelta(weeks=11))
    service = Wellbeing(database, "agent", clock, rules=DEFAULTS)
    flag = service.flags().flags[0]
    service.acknowledge_flag(flag.id)

    reevaluate_history(database, DEFAULTS, workers=0)

    [kept] = [found for found in service.flags().flags if found.rule_id == flag.rule_id]
    assert kept.acknowledged_at == clock.now
    assert kept.acknowledged_level == flag.level


def test_a_check_in_recorded_while_its_group_is_replayed_is_not_lost(
    database: Database,
) -> None:
    record_live(database, "agent", DEFAULTS)
    with database.reading() as session:
        people = list(session.scalars(select(PersonRow.id)))
    stale = _replay_group(database, Converter(database.engine.dialect), DEFAULTS, people)
    clock = FrozenClock(FIRST_DAY + timedelta(weeks=10, hours=20))
    Wellbeing(database, "agent", clock, rules=DEFAULTS).check_in(
        {
            "start": FIRST_DAY + timedelta(weeks=10, hours=6),
            "end": FIRST_DAY + timedelta(weeks=10, hours=19),
            "stress": 9,
            "energy": 1,
        }
    )
    live = stored(database, "agent")

    written = database.write(
        lambda session: _write(
            session,
            converter=Converter(database.engine.dialect),
            rules=DEFAULTS,
            group=people,
            result=stale,
        )
    )

    assert written.checkins == stale.checkins + 1
    assert stored(database, "agent") == live


def test_deleting_the_only_check_in_leaves_no_flags_and_re_evaluation_agrees(
    database: Database,
) -> None:
    service = Wellbeing(database, "solo", FrozenClock(), rules=DEFAULTS)
    saved = service.check_in(
        {"start": "2026-11-26T07:00", "end": "2026-11-26T17:00", "stress": 9, "energy": 2}
    )
    assert stored(database, "solo")[0]
    service.delete_checkin(saved.checkin.id)
    assert stored(database, "solo") == ([], [], [])

    reevaluate_history(database, DEFAULTS, workers=0)

    assert stored(database, "solo") == ([], [], [])


def run_cli(db_url: str, *args: str, rules_file: Path | None = None) -> Ran:
    """`wellbeing --db URL db reevaluate ARGS...`, with `rules_file` in force if given."""
    env = {"WELLBEING_RULES_FILE": str(rules_file)} if rules_file is not None else None
    return run_plain("--db", db_url, "db", "reevaluate", *args, env=env)


def test_the_command_reevaluates_with_the_rules_file_in_force(
    database: Database, db_url: str, tmp_path: Path
) -> None:
    record_live(database, "agent", DEFAULTS)
    record_live(database, "twin", strict_rules(tmp_path))
    rules_file = tmp_path / "strict.toml"

    done = run_cli(db_url, "--json", "--workers", "0", rules_file=rules_file)

    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["people"] == 2 and summary["surveys"] == 4
    assert stored(database, "agent") == stored(database, "twin")


def test_the_command_refuses_a_bad_rules_file_naming_the_field(
    database: Database, db_url: str, tmp_path: Path
) -> None:
    record_live(database, "agent", DEFAULTS)
    before = stored(database, "agent")
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.stress.high]\nmin_stress = 11\n")

    done = run_cli(db_url, "--rules-file", str(bad))

    assert done.returncode == 2
    assert "rules.stress.high.min_stress" in done.stderr
    assert "Traceback" not in done.stderr
    assert stored(database, "agent") == before


@pytest.mark.parametrize("workers", ["-1", "two", "65"])
def test_the_command_refuses_a_bad_number_of_workers(db_url: str, workers: str) -> None:
    done = run_cli(db_url, "--workers", workers)

    assert done.returncode == 2
    assert done.stderr.startswith("error: workers:")


def test_histories_are_built_as_model_construct_builds_them(database: Database) -> None:
    """The store builds stored check-ins without pydantic's per-field search; the objects
    must be the ones model_construct would give (fields, fields set, no extras)."""
    record_live(database, "agent", DEFAULTS)
    with database.reading() as session:
        [person] = session.scalars(select(PersonRow.id))
        history = store.histories(session, [person])[person]
    assert history.checkins and any(c.shift.breaks for c in history.checkins)
    for checkin in history.checkins:
        shift = checkin.shift
        built = [
            (checkin, Checkin.model_construct(**{**checkin.__dict__, "shift": shift})),
            (shift, Shift.model_construct(**shift.__dict__)),
            *((pause, Break.model_construct(**pause.__dict__)) for pause in shift.breaks),
        ]
        for fast, constructed in built:
            assert type(fast) is type(constructed)
            assert fast == constructed
            assert list(fast.__dict__.items()) == list(constructed.__dict__.items())
            assert fast.model_fields_set == constructed.model_fields_set
            assert fast.__pydantic_extra__ is None and fast.__pydantic_private__ is None
            assert fast.model_dump() == constructed.model_dump()
    with database.reading() as session:
        rows = {row.id: row for row in session.scalars(select(CheckinRow))}
        shifts = {row.id: row for row in session.scalars(select(ShiftRow))}
        for checkin in history.checkins:
            row, shift = rows[checkin.id], shifts[checkin.shift.id]
            assert checkin.recorded_at == row.recorded_at
            assert (checkin.shift.start, checkin.shift.end) == (shift.start_at, shift.end_at)
            assert all(
                moment.tzinfo is UTC
                for moment in (checkin.recorded_at, checkin.shift.start, checkin.shift.end)
            )


def test_a_sustained_run_longer_than_five_weeks_fires_live_and_on_replay(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "long.toml"
    path.write_text("[rules.sustained]\nweeks = 8\n[rules.stress.high]\nmin_stress = 5\n")
    long_run = load_rules(path)
    clock = FrozenClock()
    service = Wellbeing(database, "steady", clock, rules=long_run)
    fired = []
    for week in range(9):
        start = FIRST_DAY + timedelta(weeks=week, hours=7)
        for day in range(3):  # three stressful shifts a week: orange every week
            begin = start + timedelta(days=day)
            clock.set(begin + timedelta(hours=8, minutes=10))
            outcome = service.check_in(
                {
                    "start": begin,
                    "end": begin + timedelta(hours=8),
                    "breaks": [
                        {"start": begin + timedelta(hours=3), "end": begin + timedelta(hours=4)}
                    ],
                    "stress": 8,
                    "energy": 5,
                }
            )
        fired.append(any(found.rule_id == "sustained" for found in outcome.findings))
    assert fired == [False] * 7 + [True, True]
    live = stored(database, "steady")
    reevaluate_history(database, long_run, workers=0)
    assert stored(database, "steady") == live


def test_once_there_is_an_admin_an_agent_cannot_rejudge_everyone_on_sqlite(
    database: Database, db_url: str, tmp_path: Path
) -> None:
    if database.dialect != "sqlite":
        pytest.skip("on PostgreSQL each login re-judges only the rows it may write")
    Organisation(database, "boss", FrozenClock()).bootstrap()
    record_live(database, "agent", DEFAULTS)
    before = stored(database, "agent")

    done = run_plain("--db", db_url, "--as", "agent", "db", "reevaluate", "--workers", "0")

    assert done.returncode == 1
    assert done.stderr.strip() == "error: only an admin can do this; 'agent' is not an admin"
    assert stored(database, "agent") == before
    by_admin = run_plain("--db", db_url, "--as", "boss", "db", "reevaluate", "--workers", "0")
    assert by_admin.returncode == 0, by_admin.stderr
