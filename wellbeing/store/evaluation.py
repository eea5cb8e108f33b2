"""What the rules read (a bounded window of one person's rows) and what they write (flags)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wellbeing.domain.findings import Finding, Level, Overall
from wellbeing.domain.flag_record import FlagRecord
from wellbeing.domain.flags import FlagPlan
from wellbeing.domain.surveys import SurveyResult
from wellbeing.store.models import FlagRow, SurveyResponseRow, WeeklyLevelRow
from wellbeing.store.tables import rows_changed, table_of

MESSAGE = "message"  # key of the untranslated template inside FlagRow.numbers
_FLAGS = table_of(FlagRow)


def _record(row: FlagRow) -> FlagRecord:
    numbers = dict(row.numbers or {})
    message = str(numbers.pop(MESSAGE, row.evidence))
    return FlagRecord(
        id=row.id,
        rule_id=row.rule_id,
        level=Level(row.level),
        message=message,
        params=numbers,
        source=row.source,
        suggestions=tuple(row.suggestions or ()),
        raised_at=row.raised_at,
        updated_at=row.updated_at,
        acknowledged_at=row.acknowledged_at,
        acknowledged_level=Level(row.acknowledged_level) if row.acknowledged_level else None,
        snoozed_until=row.snoozed_until,
        resolved_at=row.resolved_at,
    )


def open_flags(session: Session, person_id: int) -> list[FlagRecord]:
    rows = session.scalars(
        select(FlagRow)
        .where(FlagRow.person_id == person_id, FlagRow.resolved_at.is_(None))
        .order_by(FlagRow.raised_at, FlagRow.id)
    )
    return [_record(row) for row in rows]


def get_flag(session: Session, person_id: int, flag_id: int) -> FlagRecord | None:
    row = session.scalar(
        select(FlagRow).where(FlagRow.id == flag_id, FlagRow.person_id == person_id)
    )
    return _record(row) if row else None


def finding_columns(finding: Finding) -> dict[str, object]:
    """The flag columns that hold a finding, as the live lifecycle and a replay store them."""
    return _finding_columns(finding)


def _finding_columns(finding: Finding) -> dict[str, object]:
    return {
        "level": finding.level.value,
        "evidence": finding.message_in("en"),
        "numbers": {**finding.params, MESSAGE: finding.message},
        "source": finding.source,
        "suggestions": list(finding.suggestions),
    }


def apply_plan(session: Session, person_id: int, plan: FlagPlan) -> None:
    """Write a flag plan: insert new episodes, refresh open ones, close cleared ones."""
    for finding in plan.raised:
        session.add(
            FlagRow(
                person_id=person_id,
                rule_id=finding.rule_id,
                raised_at=plan.at,
                updated_at=plan.at,
                **_finding_columns(finding),
            )
        )
    for change in plan.updated:
        values: dict[str, object] = {"updated_at": plan.at, **_finding_columns(change.finding)}
        if change.resurfaced:
            values.update(acknowledged_at=None, acknowledged_level=None, snoozed_until=None)
        # On the table, not the ORM class: a check-in refreshes every open flag, and the ORM's
        # bulk-update bookkeeping would cost more than the UPDATE itself.
        session.connection().execute(
            update(_FLAGS)
            .where(_FLAGS.c.id == change.flag.id, _FLAGS.c.person_id == person_id)
            .values(**values)
        )
    closed = [flag.id for flag in plan.resolved if flag.id is not None]
    if closed:
        session.connection().execute(
            update(_FLAGS)
            .where(_FLAGS.c.id.in_(closed), _FLAGS.c.person_id == person_id)
            .values(resolved_at=plan.at, updated_at=plan.at)
        )


def set_flag_attention(
    session: Session,
    person_id: int,
    flag_id: int,
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
            FlagRow.resolved_at.is_(None),
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


def raise_weekly_level(session: Session, person_id: int, week: str, level: Overall) -> None:
    """Record the week's overall level, keeping the highest one reached that week."""
    row = session.get(WeeklyLevelRow, {"person_id": person_id, "iso_week": week})
    if row is None:
        session.add(WeeklyLevelRow(person_id=person_id, iso_week=week, level=level.value))
    elif level > Overall(row.level):
        row.level = level.value


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
