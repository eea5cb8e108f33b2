"""What the rules read (a bounded window of one person's rows) and what they write (flags)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    bindparam,
    delete,
    insert,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from wellbeing.domain.findings import Finding, Level, Overall
from wellbeing.domain.flag_history import Attention, Episode, Kept
from wellbeing.domain.flag_record import FlagRecord
from wellbeing.domain.surveys import SurveyResult
from wellbeing.store import reads
from wellbeing.store.models import FlagRow, SurveyResponseRow, WeeklyLevelRow
from wellbeing.store.read_sql import FLAG_COLUMNS
from wellbeing.store.reads import MESSAGE
from wellbeing.store.tables import rows_changed, table_of

_FLAGS = table_of(FlagRow)
_LEVELS = table_of(WeeklyLevelRow)
_SURVEYS = table_of(SurveyResponseRow)


def _record(row: FlagRow) -> FlagRecord:
    """A flag row as `wellbeing.store.reads` maps the columns of its flags query."""
    return reads.flag_of(
        (
            row.id,
            row.rule_id,
            row.level,
            row.evidence,
            row.numbers,
            row.source,
            row.suggestions,
            row.raised_at,
            row.updated_at,
            row.acknowledged_at,
            row.acknowledged_level,
            row.snoozed_until,
            row.resolved_at,
        )
    )


def _open_at(now: datetime) -> ColumnElement[bool]:
    """An episode is open until its resolution, which may lie ahead (its evidence is still
    in the rule's window); a flag of the old lifecycle has none until it is judged again."""
    return or_(FlagRow.resolved_at.is_(None), FlagRow.resolved_at > now)


def open_flags(session: Session, person_id: int, now: datetime) -> list[FlagRecord]:
    """The person's flags open at `now`: the query of `wellbeing.store.reads`."""
    return reads.open_flags(reads.session_reader(session), person_id, now)


class StoredFlags(NamedTuple):
    """A person's flags open at a moment: the episodes of the rules being followed, their
    columns as stored (by id), and the other rules' flags as (resolved_at, level)."""

    kept: list[Kept]
    columns: dict[int, dict[str, object]]
    others: list[tuple[datetime | None, Level]]


def flags_open_since(
    session: Session, person_id: int, since: datetime, rule_ids: Collection[str]
) -> StoredFlags:
    """Every flag of the person open at `since`, in one read: the episodes of `rule_ids`,
    which a change to what was judged from `since` on can alter, and the others, which it
    leaves as they are."""
    rows = session.connection().execute(
        _statements().open_since, {"person": person_id, "since": since}
    )
    found = StoredFlags([], {}, [])
    for row in rows:
        record = reads.flag_of(row)
        if record.rule_id not in rule_ids:
            found.others.append((record.resolved_at, record.level))
            continue
        found.kept.append(Kept(record.open_flag(), record.resolved_at, record.finding()))
        found.columns[record.id] = dict(zip(FLAG_COLUMNS[1:], row[1:], strict=True))
    return found


def write_episodes(
    session: Session,
    person_id: int,
    stored: Sequence[Kept],
    pairs: Sequence[tuple[Kept | None, Episode, Attention]],
    columns: Mapping[int, Mapping[str, object]] | None = None,
) -> None:
    """Put the recomputed episodes in place of `stored`: a continued episode keeps its row
    (and id), a new one is inserted, a stored one that no longer exists is deleted. A row
    whose stored `columns` already hold the episode is left as it is."""
    connection = session.connection()
    sql = _statements()
    used = {kept.flag.id for kept, _, _ in pairs if kept is not None}
    gone = [kept.flag.id for kept in stored if kept.flag.id not in used]
    if gone:
        connection.execute(sql.delete_flags, {"person": person_id, "ids": gone})
    fresh, changed = [], []
    for kept, episode, attention in pairs:
        values = episode_columns(episode, attention)
        if kept is None:
            fresh.append({"person_id": person_id, **values})
            continue
        known = columns.get(kept.flag.id) if columns and kept.flag.id is not None else None
        if _same_values(known, values):
            continue
        changed.append({"flag": kept.flag.id, "person": person_id, **_renamed(values)})
    if changed:  # one statement for all of them
        connection.execute(sql.update_flag, changed)
    if fresh:
        connection.execute(sql.insert_flags, fresh)


def _same_values(stored: Mapping[str, object] | None, values: Mapping[str, object]) -> bool:
    """Whether stored columns hold exactly these values: equal, and of the same types inside
    the JSON ones (1 and 1.0 are equal but read back differently)."""
    return stored is not None and all(
        _typed(stored.get(name)) == _typed(value) for name, value in values.items()
    )


def _typed(value: object) -> object:
    if isinstance(value, dict):
        return sorted((key, _typed(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return [_typed(item) for item in value]
    return (type(value), value) if isinstance(value, int | float) else value


def _renamed(values: Mapping[str, object]) -> dict[str, object]:
    """Episode columns as the update's parameters (a bound name may not be a column's)."""
    return {f"new_{name}": value for name, value in values.items()}


def episode_columns(episode: Episode, attention: Attention) -> dict[str, object]:
    """The flag columns of one episode and what the person did with it."""
    return {
        "rule_id": episode.rule_id,
        "raised_at": episode.raised_at,
        "updated_at": episode.updated_at,
        "resolved_at": episode.resolved_at,
        "acknowledged_at": attention.acknowledged_at,
        "acknowledged_level": (
            attention.acknowledged_level.value if attention.acknowledged_level else None
        ),
        "snoozed_until": attention.snoozed_until,
        **_finding_columns(episode.finding),
    }


def get_flag(session: Session, person_id: int, flag_id: int) -> FlagRecord | None:
    row = session.scalar(
        select(FlagRow).where(FlagRow.id == flag_id, FlagRow.person_id == person_id)
    )
    return _record(row) if row else None


def _finding_columns(finding: Finding) -> dict[str, object]:
    return {
        "level": finding.level.value,
        "evidence": finding.message_in("en"),
        "numbers": {**finding.params, MESSAGE: finding.message},
        "source": finding.source,
        "suggestions": list(finding.suggestions),
    }


def set_flag_attention(
    session: Session,
    person_id: int,
    flag_id: int,
    now: datetime,
    *,
    acknowledged_at: datetime | None,
    acknowledged_level: Level | None,
    snoozed_until: datetime | None,
) -> bool:
    result = session.execute(
        update(FlagRow)
        .where(
            FlagRow.id == flag_id,
            FlagRow.person_id == person_id,
            _open_at(now),
        )
        .values(
            acknowledged_at=acknowledged_at,
            acknowledged_level=acknowledged_level.value if acknowledged_level else None,
            snoozed_until=snoozed_until,
        )
    )
    return bool(rows_changed(result))


def weekly_levels(session: Session, person_id: int, weeks: list[str]) -> dict[str, Overall]:
    rows = session.execute(
        select(WeeklyLevelRow.iso_week, WeeklyLevelRow.level).where(
            WeeklyLevelRow.person_id == person_id, WeeklyLevelRow.iso_week.in_(weeks)
        )
    )
    return {week: Overall(level) for week, level in rows}


def set_weekly_levels(
    session: Session, person_id: int, weeks: Collection[str], levels: Mapping[str, Overall]
) -> None:
    """Keep exactly `levels` for these weeks: a week without a level loses its row. Rows that
    already hold their level are left as they are."""
    connection = session.connection()
    sql = _statements()
    wanted = {week: level.value for week, level in levels.items() if week in weeks}
    stored = dict(connection.execute(sql.levels, {"person": person_id, "weeks": list(weeks)}).all())
    stale = [week for week, level in stored.items() if wanted.get(week) != level]
    if stale:
        connection.execute(sql.delete_levels, {"person": person_id, "weeks": stale})
    rows = [
        {"person_id": person_id, "iso_week": week, "level": level}
        for week, level in wanted.items()
        if stored.get(week) != level
    ]
    if rows:
        connection.execute(sql.insert_levels, rows)


def surveys_between(
    session: Session, person_id: int, since: datetime, until: datetime
) -> list[SurveyResult]:
    return [s for s in surveys_since(session, person_id, since) if s.taken_at < until]


def survey_of(row: Sequence[Any]) -> SurveyResult:
    """A questionnaire from the columns the survey reads select (id, instrument, taken_at,
    answers, scores)."""
    survey_id, instrument, taken_at, answers, scores = row
    return SurveyResult(
        id=survey_id,
        instrument=instrument,
        taken_at=taken_at,
        answers=tuple(answers),
        scores={key: float(value) for key, value in scores.items()},
    )


def _survey(row: SurveyResponseRow) -> SurveyResult:
    return survey_of((row.id, row.instrument, row.taken_at, row.answers, row.scores))


def surveys_since(session: Session, person_id: int, since: datetime) -> list[SurveyResult]:
    """The person's questionnaires answered at or after `since`, oldest first."""
    rows = session.connection().execute(
        _statements().surveys_since, {"person": person_id, "since": since}
    )
    return [survey_of(row) for row in rows]


def latest_survey(session: Session, person_id: int, instrument: str) -> SurveyResult | None:
    row = session.scalar(
        select(SurveyResponseRow)
        .where(SurveyResponseRow.person_id == person_id, SurveyResponseRow.instrument == instrument)
        .order_by(SurveyResponseRow.taken_at.desc())
        .limit(1)
    )
    return _survey(row) if row else None


def add_survey(
    session: Session, person_id: int, result: SurveyResult, language: str | None
) -> SurveyResult:
    row = SurveyResponseRow(
        person_id=person_id,
        instrument=result.instrument,
        answers=list(result.answers),
        scores=dict(result.scores),
        language=language,
        taken_at=result.taken_at,
    )
    session.add(row)
    session.flush()
    return _survey(row)


class _Statements(NamedTuple):
    open_since: Any
    delete_flags: Any
    update_flag: Any
    insert_flags: Any
    levels: Any
    delete_levels: Any
    insert_levels: Any
    surveys_since: Any


@lru_cache(maxsize=1)
def _statements() -> _Statements:
    """The Core statements of a check-in's flags, levels and questionnaires, with bound
    parameters, built once: building one costs about as much as running it."""
    flags, levels, surveys = _FLAGS.c, _LEVELS.c, _SURVEYS.c
    person: BindParameter[int] = bindparam("person")
    weeks: BindParameter[list[str]] = bindparam("weeks", expanding=True)
    since: BindParameter[datetime] = bindparam("since")
    settable = [c.name for c in _FLAGS.columns if c.name not in ("id", "person_id")]
    # Open flags and flags resolved after `since` as two ranges of the (person_id,
    # resolved_at) index: written as one OR, SQLite read every flag of the person's history.
    columns = [flags[name] for name in FLAG_COLUMNS]
    open_since = union_all(
        select(*columns).where(flags.person_id == person, flags.resolved_at.is_(None)),
        select(*columns).where(flags.person_id == person, flags.resolved_at > since),
    )
    chosen = open_since.selected_columns
    return _Statements(
        open_since=open_since.order_by(chosen.raised_at, chosen.id),
        delete_flags=delete(_FLAGS).where(
            flags.person_id == person, flags.id.in_(bindparam("ids", expanding=True))
        ),
        update_flag=update(_FLAGS)
        .where(flags.id == bindparam("flag"), flags.person_id == person)
        .values({name: bindparam(f"new_{name}", type_=flags[name].type) for name in settable}),
        insert_flags=insert(_FLAGS),
        levels=select(levels.iso_week, levels.level).where(
            levels.person_id == person, levels.iso_week.in_(weeks)
        ),
        delete_levels=delete(_LEVELS).where(levels.person_id == person, levels.iso_week.in_(weeks)),
        insert_levels=insert(_LEVELS),
        surveys_since=select(
            surveys.id, surveys.instrument, surveys.taken_at, surveys.answers, surveys.scores
        )
        .where(surveys.person_id == person, surveys.taken_at >= since)
        .order_by(surveys.taken_at),
    )
