"""The findings kept per shift: written when a shift is judged, read by History and Reflect."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from wellbeing.domain.checkin import MAX_SPAN, Checkin
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.flag_history import Judged
from wellbeing.domain.worktime import shift_iso_week
from wellbeing.store.evaluation import MESSAGE
from wellbeing.store.models import CheckinRow, ShiftFindingRow, ShiftRow
from wellbeing.store.tables import table_of

_TABLE = table_of(ShiftFindingRow)


def _finding(
    rule_id: str,
    level: str,
    evidence: str,
    numbers: dict[str, object] | None,
    source: str,
    suggestions: list[str] | None,
) -> Finding:
    params = dict(numbers or {})
    message = str(params.pop(MESSAGE, evidence))
    return Finding(
        rule_id=rule_id,
        level=Level(level),
        message=message,
        params=params,
        source=source,
        suggestions=tuple(suggestions or ()),
    )


def stored(
    session: Session, person_id: int, checkin_ids: Iterable[int]
) -> dict[int, list[Finding]]:
    """The kept findings of these check-ins (an empty list for one without findings)."""
    ids = list(checkin_ids)
    found: dict[int, list[Finding]] = {checkin_id: [] for checkin_id in ids}
    if not ids:
        return found
    # Plain rows, not ORM objects: a check-in reads these on every save.
    rows = session.execute(
        select(
            _TABLE.c.checkin_id,
            _TABLE.c.rule_id,
            _TABLE.c.level,
            _TABLE.c.evidence,
            _TABLE.c.numbers,
            _TABLE.c.source,
            _TABLE.c.suggestions,
        ).where(_TABLE.c.person_id == person_id, _TABLE.c.checkin_id.in_(ids))
    )
    for checkin_id, *columns in rows:
        found[checkin_id].append(_finding(*columns))
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


# The columns of a kept finding, in the order `finding_values` gives them.
COLUMNS = (
    "checkin_id",
    "rule_id",
    "person_id",
    "iso_week",
    "shift_start",
    "level",
    "evidence",
    "numbers",
    "source",
    "suggestions",
)


def stated(finding: Finding) -> tuple[str, dict[str, object]]:
    """A finding's evidence (its message in English) and its numbers as they are kept."""
    return finding.message_in("en"), {**finding.params, MESSAGE: finding.message}


def finding_values(
    person_id: int,
    judged: Iterable[tuple[Checkin, list[Finding]]],
    state: Callable[[Finding], tuple[str, Any]] = stated,
) -> Iterator[tuple[Any, ...]]:
    """The values of the rows that keep these findings, in `COLUMNS` order (one per shift and
    rule, the strongest). `state` gives the evidence and numbers (see `stated`); a bulk
    writer may give them already converted. Suggestions are a tuple: the same JSON as a list."""
    for checkin, findings in judged:
        if not findings:
            continue
        shift = checkin.shift
        week = shift_iso_week(shift)
        for finding in findings if len(findings) == 1 else _one_per_rule(findings):
            evidence, numbers = state(finding)
            yield (
                checkin.id,
                finding.rule_id,
                person_id,
                week,
                shift.start,
                finding.level.value,
                evidence,
                numbers,
                finding.source,
                tuple(finding.suggestions),
            )


def finding_rows(
    person_id: int, judged: Iterable[tuple[Checkin, list[Finding]]]
) -> list[dict[str, object]]:
    """The rows that keep these findings (one per shift and rule, the strongest)."""
    return [dict(zip(COLUMNS, values, strict=True)) for values in finding_values(person_id, judged)]


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


def judged_since(session: Session, person_id: int, since: datetime) -> list[Judged]:
    """Every shift of the person judged at or after `since` (its end), with what was found
    about it (shifts without findings too: they close episodes)."""
    shifts = session.execute(
        select(CheckinRow.id, ShiftRow.start_at, ShiftRow.end_at)
        .join(CheckinRow, CheckinRow.shift_id == ShiftRow.id)
        # No shift spans more than MAX_SPAN: the bound keeps the search on the index.
        .where(ShiftRow.person_id == person_id, ShiftRow.start_at >= since - MAX_SPAN)
    ).all()
    wanted = [(checkin_id, start, end) for checkin_id, start, end in shifts if end >= since]
    found = stored(session, person_id, [checkin_id for checkin_id, _, _ in wanted])
    return [Judged(end, start, found[checkin_id]) for checkin_id, start, end in wanted]


def levels_by_week(
    session: Session, person_id: int, weeks: Iterable[str]
) -> dict[str, list[Level]]:
    """The levels kept about the person's shifts in these weeks; a week with shifts but no
    findings maps to an empty list, a week without shifts is left out."""
    rows = session.execute(
        select(ShiftRow.iso_week, ShiftFindingRow.level)
        .join(CheckinRow, CheckinRow.shift_id == ShiftRow.id)
        .outerjoin(ShiftFindingRow, ShiftFindingRow.checkin_id == CheckinRow.id)
        .where(ShiftRow.person_id == person_id, ShiftRow.iso_week.in_(list(weeks)))
    )
    found: dict[str, list[Level]] = {}
    for week, level in rows:
        levels = found.setdefault(week, [])
        if level is not None:
            levels.append(Level(level))
    return found


def first_start_ending_after(session: Session, person_id: int, moment: datetime) -> datetime | None:
    """The start of the person's first shift that ends after `moment` (None if none does)."""
    return session.scalar(
        select(func.min(ShiftRow.start_at)).where(
            ShiftRow.person_id == person_id,
            ShiftRow.end_at > moment,
            # No shift spans more than MAX_SPAN: the bound keeps the search on the index.
            ShiftRow.start_at > moment - MAX_SPAN,
        )
    )
