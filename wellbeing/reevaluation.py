"""Re-applying the rules to everyone's whole history, after the rules file has changed.

Findings are kept per shift as the rules judged it at its own time, and flags and weekly levels
follow from them (`wellbeing.domain.flag_history`); once an organisation changes a threshold,
the stored ones no longer match what the new rules say. This use case judges every person's
shifts again, derives their flags and weekly levels as a check-in does, and puts them in place
of the stored ones, a group of people per transaction, so a run that stops part way leaves
every person either fully done or untouched. An acknowledgement or snooze stays with the
episode it was given on, unless its level rose above what the person had set aside.

Large runs replay in worker processes (one per core), each storing the groups it replayed in
short transactions of its own. A person who checks in while their group is being replayed is
not lost: the write transaction checks that the group's rows are still the ones that were
read, and replays the group again if not.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any, NamedTuple

from wellbeing.domain.flag_history import (
    SHIFT_RULE_IDS,
    SURVEY_RULE_IDS,
    Judged,
    episodes,
    matched,
    reaches,
    survey_levels,
    survey_moments,
    weekly_levels,
)
from wellbeing.domain.rules import RulesConfig, rules_checksum
from wellbeing.domain.rules.config import rules_from_tables
from wellbeing.domain.shift_judgement import judge_history, shift_levels
from wellbeing.store import reevaluation as store
from wellbeing.store.bulk import Converter
from wellbeing.store.database import Database, Session, make_engine
from wellbeing.store.evaluation import episode_columns

Progress = Callable[[int, int], None]  # (people done, people in all)

PEOPLE_PER_TRANSACTION = 40
# Starting a worker process costs about half a second of processor time (it imports the
# program): on 20,000 check-ins (2 s of judging) two workers made the run slower, on 125,000
# they took it from 16 s to 10 s (2-core machine).
PARALLEL_FROM_CHECKINS = 50_000
GROUPS_PER_WORKER = 5


class ReevaluationSummary(NamedTuple):
    """What a re-evaluation did, and with which rules (their checksum)."""

    people: int
    checkins: int
    surveys: int
    flags: int
    open_flags: int
    weekly_levels: int
    rules_checksum: str


class _Written(NamedTuple):
    """What storing one group's results wrote: counts only, cheap to send between processes."""

    people: int
    checkins: int
    surveys: int
    flags: int
    open_flags: int
    levels: int


class _Replayed(NamedTuple):
    """One group of people replayed: the rows to write, and what they were made from."""

    rows: store.ResultRows
    fingerprint: tuple[Any, ...]
    checkins: int
    surveys: int
    open_flags: int


def reevaluate_history(
    db: Database,
    rules: RulesConfig,
    *,
    people_per_transaction: int = PEOPLE_PER_TRANSACTION,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ReevaluationSummary:
    """Replay every person's history under `rules` and store the flags and weekly levels.

    `people_per_transaction` is the most people per group; with workers, groups are made
    smaller when there would be fewer than `GROUPS_PER_WORKER` per worker.
    `workers`: processes that replay beside the writer (default: one per core once there
    are `PARALLEL_FROM_CHECKINS` check-ins; 0 replays in this process). People who appear after
    the run has started are left as they are: their check-ins were judged by these rules.
    """
    with db.reading() as session:
        everyone = store.person_ids(session)
        large = workers is None and store.checkin_count(session) >= PARALLEL_FROM_CHECKINS
    if workers is None:
        workers = (os.cpu_count() or 1) if large else 0
    size = max(1, people_per_transaction)
    if workers > 0:
        # Several groups per worker, so that none waits idle while another finishes the last
        # large group (216 people in groups of 40 left two workers with 3 groups each).
        size = max(1, min(size, len(everyone) // (GROUPS_PER_WORKER * workers)))
    groups = [everyone[first : first + size] for first in range(0, len(everyone), size)]
    if workers > 0 and len(groups) > 1:
        url = db.engine.url.render_as_string(hide_password=False)
        written: Iterator[_Written] = _written_elsewhere(url, rules, groups, workers)
    else:
        converter = Converter(db.engine.dialect)
        written = (_replay_and_write(db, converter, rules, group) for group in groups)

    checkins = surveys = flags = open_flags = levels = done = 0
    if progress is not None:
        progress(0, len(everyone))
    for group in written:
        checkins += group.checkins
        surveys += group.surveys
        flags += group.flags
        open_flags += group.open_flags
        levels += group.levels
        done += group.people
        if progress is not None:
            progress(done, len(everyone))
    return ReevaluationSummary(
        people=len(everyone),
        checkins=checkins,
        surveys=surveys,
        flags=flags,
        open_flags=open_flags,
        weekly_levels=levels,
        rules_checksum=rules_checksum(rules),
    )


def _write(
    session: Session,
    *,
    converter: Converter,
    rules: RulesConfig,
    group: list[int],
    result: _Replayed,
) -> _Replayed:
    """Store a replayed group, replaying it again first if its rows changed meanwhile."""
    if store.fingerprint(session, group) != result.fingerprint:
        result = _replay_in(session, converter, rules, group)
    store.replace_results(session, result.rows)
    return result


def _replay_and_write(
    db: Database, converter: Converter, rules: RulesConfig, group: list[int]
) -> _Written:
    """Replay a group in a read transaction, then store it in a short write transaction of
    its own (replaying again there if a check-in came in between)."""
    with _no_cycle_collection():
        replayed = _replay_group(db, converter, rules, group)
        result = db.write(
            partial(_write, converter=converter, rules=rules, group=group, result=replayed)
        )
        written = _Written(
            people=len(group),
            checkins=result.checkins,
            surveys=result.surveys,
            flags=result.rows.flag_count,
            open_flags=result.open_flags,
            levels=result.rows.level_count,
        )
        # Freed while the collector is still off, which would otherwise walk them all once.
        del replayed, result
    return written


def _replay_group(
    db: Database, converter: Converter, rules: RulesConfig, group: list[int]
) -> _Replayed:
    """Read a group in a short read transaction, then judge it outside any transaction
    (the caller leaves the cycle collector off, `_no_cycle_collection`).

    On SQLite a reader keeps the log of written pages (WAL) from starting over; while two
    workers held their reads through the judging, one was always reading when the other
    committed, and the log grew to the size of the database.
    """
    with db.reading() as session:
        fingerprint, histories = _read(session, group)
    return _replayed(converter, rules, group, fingerprint, histories)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Leave the cycle collector off while a group is replayed and stored.

    A replay makes many short-lived objects (findings, rows) that reference counting frees,
    while the collector would walk every long-lived one again and again (the per-shift
    caches of the rules among them): about a quarter of the replay's time on 200 agents.
    Storing is covered too: turned back on before the group's rows were written, the
    collector walked the millions of objects the replay had just made (a tenth of the time
    on the organisation database). What a group leaves in cycles is collected once the
    collector is back on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _replay_in(
    session: Session, converter: Converter, rules: RulesConfig, group: list[int]
) -> _Replayed:
    fingerprint, histories = _read(session, group)
    return _replayed(converter, rules, group, fingerprint, histories)


def _read(
    session: Session, group: list[int]
) -> tuple[tuple[Any, ...], dict[int, store.History]]:
    """The group's histories, with the fingerprint that tells whether they changed since."""
    return store.fingerprint(session, group), store.histories(session, group)


def _replayed(
    converter: Converter,
    rules: RulesConfig,
    group: list[int],
    fingerprint: tuple[Any, ...],
    histories: dict[int, store.History],
) -> _Replayed:
    flag_rows: list[dict[str, Any]] = []
    level_rows: list[tuple[int, str, str]] = []
    kept = store.KeptFindings(converter)
    checkins = surveys = still_open = 0
    reach = reaches(rules)
    now = datetime.now(UTC)
    for person in group:
        history = histories[person]
        checkins += len(history.checkins)
        surveys += len(history.surveys)
        judged = judge_history(history.checkins, history.surveys, rules)
        kept.add(person, judged)
        moments = [Judged(c.shift.end, c.shift.start, found) for c, found in judged]
        computed = episodes(moments, reach, SHIFT_RULE_IDS) + episodes(
            survey_moments(history.surveys, rules), reach, SURVEY_RULE_IDS
        )
        stored = history.set_aside
        for _, episode, attention in matched(stored, computed):
            still_open += episode.open_at(now)
            flag_rows.append({"person_id": person, **episode_columns(episode, attention)})
        levels = weekly_levels(shift_levels(judged), survey_levels(history.surveys, rules))
        level_rows += [(person, week, level.value) for week, level in levels.items()]
    rows = store.result_rows(converter, group, flag_rows, level_rows, kept)
    return _Replayed(rows, fingerprint, checkins, surveys, still_open)


def _raised(flag: Any) -> Any:
    return (flag.raised_at, flag.id or 0)


# --- worker processes ----------------------------------------------------------------------


def _written_elsewhere(
    url: str, rules: RulesConfig, groups: list[list[int]], workers: int
) -> Iterator[_Written]:
    """Replay and store the groups in worker processes, yielding each as it is done.

    Each worker writes its own groups in short transactions of their own (SQLite lets one
    writer at a time in while the others keep reading, in WAL mode), so this process does
    nothing serially and the results never travel between processes.
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(url, rules.as_dict()),
    )
    try:
        for done in as_completed([pool.submit(_replay_in_worker, group) for group in groups]):
            yield done.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_worker: tuple[Database, Converter, RulesConfig] | None = None


def _start_worker(url: str, rules: dict[str, dict[str, Any]]) -> None:
    global _worker
    # A worker lives for one re-evaluation, replaying group after group: the cycle collector
    # stays off for good. Turned back on between groups, it walked what the rules' caches had
    # kept (5-10 % of the time), to find about a hundred objects in cycles per group, which
    # the end of the process frees.
    gc.disable()
    db = Database(make_engine(url, create=False))
    _worker = (db, Converter(db.engine.dialect), rules_from_tables(rules))


def _replay_in_worker(group: list[int]) -> _Written:
    if _worker is None:
        raise RuntimeError("re-evaluation worker was not started with a database URL")
    db, converter, rules = _worker
    return _replay_and_write(db, converter, rules, group)
