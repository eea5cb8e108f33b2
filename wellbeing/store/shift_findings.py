"""The findings kept per shift: written when a shift is judged, read by History and Reflect."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.worktime import shift_iso_week
from wellbeing.store.evaluation import MESSAGE
from wellbeing.store.models import CheckinRow, ShiftFindingRow, ShiftRow
from wellbeing.store.tables import table_of

_TABLE = table_of(ShiftFindingRow)


def _finding(row: ShiftFindingRow) -> Finding:
    numbers = dict(row.numbers or {})
    message = str(numbers.pop(MESSAGE, row.evidence))
    return Finding(
        rule_id=row.rule_id,
        level=Level(row.level),
        message=message,
        params=numbers,
        source=row.source,
        suggestions=tuple(row.suggestions or ()),
    )


def stored(
    session: Session, person_id: int, checkin_ids: Iterable[int]
) -> dict[int, list[Finding]]:
    """The kept findings of these check-ins (an empty list for one without findings)."""
    ids = list(checkin_ids)
    found: dict[int, list[Finding]] = {checkin_id: [] for checkin_id in ids}
    if not ids:
        return found
    rows = session.scalars(
        select(ShiftFindingRow).where(
            ShiftFindingRow.person_id == person_id, ShiftFindingRow.checkin_id.in_(ids)
        )
    )
    for row in rows:
        found[row.checkin_id].append(_finding(row))
    return found


def replace(
    session: Session, person_id: int, judged: Mapping[int, tuple[Checkin, list[Finding]]]
) -> None:
    """Keep exactly these findings for these check-ins."""
    if not judged:
        return
    session.execute(
        delete(ShiftFindingRow).where(
            ShiftFindingRow.person_id == person_id, ShiftFindingRow.checkin_id.in_(list(judged))
        )
    )
    rows = finding_rows(person_id, judged.values())
    if rows:
        session.execute(insert(_TABLE), rows)


def finding_rows(
    person_id: int, judged: Iterable[tuple[Checkin, list[Finding]]]
) -> list[dict[str, object]]:
    """The rows that keep these findings (one per shift and rule, the strongest)."""
    return [
        {
            "checkin_id": checkin.id,
            "rule_id": finding.rule_id,
            "person_id": person_id,
            "iso_week": shift_iso_week(checkin.shift),
            "shift_start": checkin.shift.start,
            "level": finding.level.value,
            "evidence": finding.message_in("en"),
            "numbers": {**finding.params, MESSAGE: finding.message},
            "source": finding.source,
            "suggestions": list(finding.suggestions),
        }
        for checkin, findings in judged
        for finding in _one_per_rule(findings)
    ]


def _one_per_rule(findings: list[Finding]) -> list[Finding]:
    """The strongest finding of each rule (findings come most serious first)."""
    kept: dict[str, Finding] = {}
    for finding in findings:
        kept.setdefault(finding.rule_id, finding)
    return list(kept.values())


def counts_by_week(session: Session, person_id: int, weeks: Iterable[str]) -> dict[str, int]:
    """How many shifts had findings, per ISO week."""
    labels = list(weeks)
    rows = session.execute(
        select(ShiftFindingRow.iso_week, func.count(func.distinct(ShiftFindingRow.checkin_id)))
        .where(ShiftFindingRow.person_id == person_id, ShiftFindingRow.iso_week.in_(labels))
        .group_by(ShiftFindingRow.iso_week)
    )
    counts: dict[str, int] = defaultdict(int)
    for week, count in rows:
        counts[week] = int(count)
    return dict(counts)


def checkin_start(session: Session, person_id: int, checkin_id: int) -> datetime | None:
    """When the shift of one of the person's check-ins started (None if there is none)."""
    return session.scalar(
        select(ShiftRow.start_at)
        .join(CheckinRow, CheckinRow.shift_id == ShiftRow.id)
        .where(CheckinRow.id == checkin_id, CheckinRow.person_id == person_id)
    )
