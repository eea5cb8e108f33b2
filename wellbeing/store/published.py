"""Published team and organisation cells: what was first shown of a settled week or month.

A cell is written once, when its segment is first asked for after it settled, and read back
ever after, so a figure someone has seen never changes (two versions of one week would differ
by one person's values). The rows are anonymous: a visible cell holds figures over at least k
people, a hidden one only its reason. They are not personal data and stay after erasures
and purges. On PostgreSQL a teamleader's login reaches them only through the trend function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Insert, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from wellbeing.domain.anonymity import SuppressionReason
from wellbeing.domain.team_trends import TrendCell, TrendFigures
from wellbeing.store.models import PublishedCellRow

ORGANISATION_GROUP = 0  # `group_id` of the organisation's cell; teams use their own id


def read_cells(
    session: Session, segments: Sequence[str], teams: Iterable[int]
) -> dict[str, list[TrendCell]]:
    """The published cells of these segments for the organisation and `teams`, by segment
    (a segment is absent when it is not published yet: every published segment has its
    organisation cell), each with the k it was published under."""
    found: dict[str, list[TrendCell]] = defaultdict(list)
    if not segments:
        return found
    table = PublishedCellRow.__table__
    groups = sorted({ORGANISATION_GROUP, *teams})
    rows = session.execute(
        select(*(table.c[name] for name in _COLUMNS))
        .where(table.c.segment.in_(list(segments)), table.c.group_id.in_(groups))
        .order_by(table.c.segment, table.c.group_id)
    )
    for row in rows:
        found[row.segment].append(_cell(row))
    return found


def hidden_team_counts(session: Session, segments: Sequence[str]) -> dict[str, int]:
    """How many teams' published cells of each segment are hidden because fewer than k
    people checked in, by segment (a segment with none is absent): the teams the
    organisation's figures of that segment leave out. Every team is counted, not only those
    the reader may see; no figure and no count of people is read."""
    if not segments:
        return {}
    table = PublishedCellRow.__table__
    rows = session.execute(
        select(table.c.segment, func.count())
        .where(
            table.c.segment.in_(list(segments)),
            table.c.group_id != ORGANISATION_GROUP,
            table.c.hidden == str(SuppressionReason.TOO_FEW_CONTRIBUTORS),
        )
        .group_by(table.c.segment)
    )
    return {segment: int(count) for segment, count in rows}


_COLUMNS = (
    "segment",
    "group_id",
    "k",
    "contributors",
    "stress_tenths",
    "energy_tenths",
    "break_compliance_percent",
    "quick_return_percent",
    "orange_or_red_percent",
    "hours_tenths",
    "hidden",
)


def lock_segments(session: Session, segments: Sequence[str]) -> None:
    """Wait until no other transaction is publishing these segments (PostgreSQL; SQLite has
    one writer at a time already), so a segment's cells come from one computation. The trend
    function of revision 0008 takes the same locks."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for segment in sorted(set(segments)):
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('published_cells'), hashtext(:segment))"),
            {"segment": segment},
        )


def store_cells(session: Session, cells: Iterable[TrendCell], today: date) -> None:
    """Publish cells, each with the k it was made under; a cell someone else published
    first is kept as it is."""
    values = [_values(cell, today) for cell in cells]
    if not values:
        return
    dialect = session.get_bind().dialect.name
    statement: Insert
    if dialect == "postgresql":
        statement = postgresql.insert(PublishedCellRow).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(PublishedCellRow).on_conflict_do_nothing()
    else:  # pragma: no cover - the two supported engines are above
        statement = insert(PublishedCellRow)
    session.execute(statement, values)


def _values(cell: TrendCell, today: date) -> dict[str, object]:
    figures = cell.figures
    return {
        "segment": cell.segment,
        "group_id": ORGANISATION_GROUP if cell.team_id is None else cell.team_id,
        "k": cell.k,
        "published_on": today,
        "contributors": figures.contributors if figures else None,
        "stress_tenths": round(figures.mean_stress * 10) if figures else None,
        "energy_tenths": round(figures.mean_energy * 10) if figures else None,
        "break_compliance_percent": figures.break_compliance_percent if figures else None,
        "quick_return_percent": figures.quick_return_percent if figures else None,
        "orange_or_red_percent": figures.orange_or_red_percent if figures else None,
        "hours_tenths": round(figures.hours_per_person * 10) if figures else None,
        "hidden": str(cell.hidden) if cell.hidden is not None else None,
    }


def _cell(row: Any) -> TrendCell:
    team_id = None if row.group_id == ORGANISATION_GROUP else row.group_id
    k = int(row.k)  # the k the cell was published under, not the organisation's k today
    if row.hidden is not None:
        return TrendCell(
            segment=row.segment, team_id=team_id, k=k, hidden=SuppressionReason(row.hidden)
        )
    return TrendCell(
        segment=row.segment,
        team_id=team_id,
        k=k,
        figures=TrendFigures(
            contributors=int(row.contributors or 0),
            mean_stress=int(row.stress_tenths or 0) / 10,
            mean_energy=int(row.energy_tenths or 0) / 10,
            break_compliance_percent=row.break_compliance_percent,
            quick_return_percent=int(row.quick_return_percent or 0),
            orange_or_red_percent=int(row.orange_or_red_percent or 0),
            hours_per_person=int(row.hours_tenths or 0) / 10,
        ),
    )
