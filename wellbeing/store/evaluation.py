"""What the rules read (a bounded window of one person's rows) and what they write (flags)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from wellbeing.domain.findings import Finding, Level, Overall
from wellbeing.domain.flag_history import Attention, Episode, Kept
from wellbeing.domain.flag_record import FlagRecord
from wellbeing.domain.surveys import SurveyResult
from wellbeing.store import reads
from wellbeing.store.models import FlagRow, SurveyResponseRow, WeeklyLevelRow
from wellbeing.store.reads import MESSAGE
from wellbeing.store.tables import rows_changed, table_of

_FLAGS = table_of(FlagRow)


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


def kept_since(
    session: Session, person_id: int, since: datetime, rule_ids: Collection[str]
) -> list[Kept]:
    """The person's episodes of these rules still open at `since`: those a change to what
    was judged from `since` on can alter."""
    rows = session.scalars(
        select(FlagRow).where(
            FlagRow.person_id == person_id, _open_at(since), FlagRow.rule_id.in_(list(rule_ids))
        )
    )
    records = [_record(row) for row in rows]
    return [Kept(r.open_flag(), r.resolved_at, r.finding()) for r in records]


def write_episodes(
    session: Session,
    person_id: int,
    stored: Sequence[Kept],
    pairs: Sequence[tuple[Kept | None, Episode, Attention]],
) -> None:
    """Put the recomputed episodes in place of `stored`: a continued episode keeps its row
    (and id), a new one is inserted, a stored one that no longer exists is deleted."""
    used = {kept.flag.id for kept, _, _ in pairs if kept is not None}
    gone = [kept.flag.id for kept in stored if kept.flag.id not in used]
    if gone:
        session.execute(delete(FlagRow).where(FlagRow.person_id == person_id, FlagRow.id.in_(gone)))
    fresh = []
    for kept, episode, attention in pairs:
        values = episode_columns(episode, attention)
        if kept is None:
            fresh.append({"person_id": person_id, **values})
            continue
        session.connection().execute(
            update(_FLAGS)
            .where(_FLAGS.c.id == kept.flag.id, _FLAGS.c.person_id == person_id)
            .values(**values)
        )
    if fresh:
        session.execute(insert(_FLAGS), fresh)


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
    """Keep exactly `levels` for these weeks: a week without a level loses its row."""
    session.execute(
        delete(WeeklyLevelRow).where(
            WeeklyLevelRow.person_id == person_id, WeeklyLevelRow.iso_week.in_(list(weeks))
        )
    )
    rows = [
        {"person_id": person_id, "iso_week": week, "level": level.value}
        for week, level in levels.items()
        if week in weeks
    ]
    if rows:
        session.execute(insert(table_of(WeeklyLevelRow)), rows)


def surveys_between(
    session: Session, person_id: int, since: datetime, until: datetime
) -> list[SurveyResult]:
    rows = session.scalars(
        select(SurveyResponseRow)
        .where(
            SurveyResponseRow.person_id == person_id,
            SurveyResponseRow.taken_at >= since,
            SurveyResponseRow.taken_at < until,
        )
        .order_by(SurveyResponseRow.taken_at)
    )
    return [_survey(row) for row in rows]


def _survey(row: SurveyResponseRow) -> SurveyResult:
    return SurveyResult(
        id=row.id,
        instrument=row.instrument,
        taken_at=row.taken_at,
        answers=tuple(row.answers),
        scores={key: float(value) for key, value in row.scores.items()},
    )


def surveys_since(session: Session, person_id: int, since: datetime) -> list[SurveyResult]:
    rows = session.scalars(
        select(SurveyResponseRow)
        .where(SurveyResponseRow.person_id == person_id, SurveyResponseRow.taken_at >= since)
        .order_by(SurveyResponseRow.taken_at)
    )
    return [_survey(row) for row in rows]


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
