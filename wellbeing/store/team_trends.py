"""The per-person weekly rows that team trends are built from, read in one aggregate query.

The query groups by the `iso_week` stored with every shift, so it needs no time-zone
arithmetic in SQL and runs the same on SQLite and PostgreSQL. It starts from the index
`ix_shifts_week_person` (iso_week, person_id), and reaches check-ins, people and weekly
levels through their unique keys: a 12-week request reads only those weeks' shifts, however
large the database. Each person counts in the team they belong to now (`people.team_id`),
so in any week a person counts in exactly one team; people without a team are left out.

The rows carry a person key only so that the domain can count distinct people; they never
leave `wellbeing.domain.team_trends`, and no note, time of day or shift id is read at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session

from wellbeing.domain.team_trends import PersonSegment
from wellbeing.store.models import CheckinRow, PersonRow, ShiftRow, WeeklyLevelRow

QUICK_RETURN_MINUTES = 11 * 60  # daily rest shorter than 11 h (art. 38ter Arbeidswet)
ORANGE_OR_RED = ("orange", "red")


def _one_when(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 where `condition` holds, else 0: a portable way to count rows inside a group."""
    return case((condition, 1), else_=0)


def person_week_query(weeks: Sequence[str]) -> Select[Any]:
    """The aggregate statement behind `person_weeks`, exposed so tests can read its plan."""
    checkins = func.count(CheckinRow.id)
    return (
        select(
            ShiftRow.iso_week,
            ShiftRow.person_id,
            PersonRow.team_id,
            func.avg(CheckinRow.stress).label("mean_stress"),
            func.avg(CheckinRow.energy).label("mean_energy"),
            func.count(ShiftRow.id).label("shifts"),
            func.count(ShiftRow.legal_break_ok).label("break_due"),
            func.sum(_one_when(ShiftRow.legal_break_ok.is_(True))).label("break_taken"),
            func.sum(_one_when(ShiftRow.rest_before_minutes < QUICK_RETURN_MINUTES)).label(
                "quick_returns"
            ),
            func.sum(ShiftRow.worked_minutes).label("worked_minutes"),
            func.max(_one_when(WeeklyLevelRow.level.in_(ORANGE_OR_RED))).label("orange_or_red"),
        )
        .join(PersonRow, PersonRow.id == ShiftRow.person_id)
        .outerjoin(CheckinRow, CheckinRow.shift_id == ShiftRow.id)
        .outerjoin(
            WeeklyLevelRow,
            and_(
                WeeklyLevelRow.person_id == ShiftRow.person_id,
                WeeklyLevelRow.iso_week == ShiftRow.iso_week,
            ),
        )
        .where(ShiftRow.iso_week.in_(list(weeks)), PersonRow.team_id.is_not(None))
        .group_by(ShiftRow.iso_week, ShiftRow.person_id, PersonRow.team_id)
        .having(checkins > 0)
    )


def person_weeks(session: Session, weeks: Sequence[str]) -> list[PersonSegment]:
    """One row per person and ISO week in `weeks` for everyone in a team who checked in.

    Means are over the person's check-ins; counts are over all their shifts that week, so a
    shift logged without a check-in still counts towards breaks, rest and hours.
    """
    if not weeks:
        return []
    return [
        PersonSegment(
            person_key=str(row.person_id),
            team_id=row.team_id,
            segment=row.iso_week,
            mean_stress=float(row.mean_stress),
            mean_energy=float(row.mean_energy),
            shifts=int(row.shifts),
            shifts_break_due=int(row.break_due),
            shifts_with_legal_break=int(row.break_taken or 0),
            shifts_after_quick_return=int(row.quick_returns or 0),
            hours_worked=int(row.worked_minutes or 0) / 60,
            overall_level_orange_or_red=bool(row.orange_or_red),
        )
        for row in session.execute(person_week_query(weeks))
    ]


def teams_with_members(session: Session) -> list[int]:
    """Ids of every team that has at least one member: the leaves of the suppression tree.

    A team nobody belongs to is left out, since an always-empty group would only make the
    policy hide figures of other teams without protecting anyone.
    """
    return list(
        session.scalars(
            select(PersonRow.team_id)
            .distinct()
            .where(PersonRow.team_id.is_not(None))
            .order_by(PersonRow.team_id)
        )
    )
