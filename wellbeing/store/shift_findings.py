"""The findings kept per shift: written when a shift is judged, read by History and Reflect."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Dialect, bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from wellbeing.domain.checkin import MAX_SPAN, Checkin
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.flag_history import Judged
from wellbeing.domain.worktime import shift_iso_week
from wellbeing.store import bulk
from wellbeing.store.evaluation import MESSAGE
from wellbeing.store.models import CheckinRow, FindingStatementRow, ShiftFindingRow, ShiftRow
from wellbeing.store.tables import table_of

_TABLE = table_of(ShiftFindingRow)
STATEMENTS = table_of(FindingStatementRow)

# A statement as it is kept: (id, message, source, suggestions).
Statement = tuple[str, str, str, tuple[str, ...]]


def statement_id(message: str, source: str, suggestions: Sequence[str]) -> str:
    """The id of what a finding states: the first 16 hex digits of the SHA-256 of its message
    template, source and suggestions as a JSON array. The same in every process, so a writer
    knows it without asking the database; 64 bits, so the few statements the rules make never
    share one. PostgreSQL works out the same digest from the stored columns and refuses a row
    whose id is not its own (revision 0011), so no login can put other words under an id the
    rules use: JSON as `jsonb` prints it (", " between items, UTF-8 kept)."""
    text = json.dumps([message, source, list(suggestions)], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@lru_cache(maxsize=256)
def _statement(message: str, source: str, suggestions: tuple[str, ...]) -> Statement:
    """A statement with its id, made once: the rules state the same few again and again."""
    return statement_id(message, source, suggestions), message, source, suggestions


def statement_of(finding: Finding) -> Statement:
    """What a finding states, with its id."""
    return _statement(finding.message, finding.source, tuple(finding.suggestions))


def _finding(
    rule_id: str,
    level: str,
    numbers: dict[str, object] | None,
    message: str,
    source: str,
    suggestions: list[str] | None,
) -> Finding:
    return Finding(
        rule_id=rule_id,
        level=Level(level),
        message=message,
        params=dict(numbers or {}),
        source=source,
        suggestions=tuple(suggestions or ()),
    )


# A kept finding's columns with its statement's, in `_finding`'s order after the check-in.
_READ = (
    select(
        _TABLE.c.checkin_id,
        _TABLE.c.rule_id,
        _TABLE.c.level,
        _TABLE.c.numbers,
        STATEMENTS.c.message,
        STATEMENTS.c.source,
        STATEMENTS.c.suggestions,
    )
    .select_from(_TABLE)
    .join(STATEMENTS, STATEMENTS.c.id == _TABLE.c.statement_id)
)


def stored(
    session: Session, person_id: int, checkin_ids: Iterable[int]
) -> dict[int, list[Finding]]:
    """The kept findings of these check-ins (an empty list for one without findings)."""
    ids = list(checkin_ids)
    found: dict[int, list[Finding]] = {checkin_id: [] for checkin_id in ids}
    if not ids:
        return found
    # Plain rows, not ORM objects, by a statement built once: a check-in reads these on
    # every save.
    rows = session.connection().execute(_READ_SOME, {"person": person_id, "ids": ids})
    for checkin_id, *columns in rows:
        found[checkin_id].append(_finding(*columns))
    return found


# The columns of an export's kept finding, in order: an export with none still names them.
EXPORTED_COLUMNS = (
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


def exported(session: Session, person_id: int) -> list[dict[str, Any]]:
    """The person's kept findings as an export has always shown them, in the order of the
    table's key: with the evidence (the message filled in, in English), the numbers with the
    message, the source and the suggestions."""
    rows = session.execute(
        _READ.add_columns(_TABLE.c.iso_week, _TABLE.c.shift_start)
        .where(_TABLE.c.person_id == person_id)
        .order_by(_TABLE.c.checkin_id, _TABLE.c.rule_id)
    )
    found = []
    for checkin_id, rule_id, level, *stated_as, week, start in rows:
        finding = _finding(rule_id, level, *stated_as)
        values = (
            checkin_id,
            rule_id,
            person_id,
            week,
            start,
            level,
            finding.message_in("en"),
            {**finding.params, MESSAGE: finding.message},
            finding.source,
            list(finding.suggestions),
        )
        found.append(dict(zip(EXPORTED_COLUMNS, values, strict=True)))
    return found


def replace(
    session: Session,
    person_id: int,
    judged: Mapping[int, tuple[Checkin, list[Finding]]],
    before: Mapping[int, Sequence[Finding]] | None = None,
) -> None:
    """Keep exactly these findings for these check-ins. `before`: the findings kept for them
    as read earlier in this transaction, when known (a check-in read without any has nothing
    to delete, and a statement one of them makes is already stored)."""
    if not judged:
        return
    connection = session.connection()
    # Core statements built once: the ORM's delete would look for loaded rows to update, and
    # a check-in runs this every time.
    held = list(judged) if before is None else [i for i in judged if before.get(i, True)]
    if held:
        connection.execute(_DELETE, {"person": person_id, "ids": held})
    statements: dict[str, Statement] = {}

    def state(finding: Finding) -> tuple[str, dict[str, object]]:
        statement = statement_of(finding)
        statements[statement[0]] = statement
        return statement[0], dict(finding.params)

    rows = list(finding_values(person_id, judged.values(), state))
    if not rows:
        return
    if before is not None:
        for findings in before.values():
            for finding in findings:
                statements.pop(statement_of(finding)[0], None)
    if statements:
        said = statement_columns(_converter(connection.dialect), statements.values())
        bulk.insert_missing(connection, STATEMENTS, said)
    connection.execute(_INSERT, [dict(zip(COLUMNS, row, strict=True)) for row in rows])


# Some check-ins' findings, found through the table's key. The person is compared as an
# expression (person_id + 0), which SQLite cannot look up in an index: given the bare column
# it chose the (person_id, iso_week) index and read every finding of the person's history
# (0.3 ms a statement on three years) to keep the few asked for. The person still filters.
_SOME = (
    _TABLE.c.checkin_id.in_(bindparam("ids", expanding=True)),
    _TABLE.c.person_id + 0 == bindparam("person"),
)
_READ_SOME = _READ.where(*_SOME)
_DELETE = delete(_TABLE).where(*_SOME)
_INSERT = insert(_TABLE)


@lru_cache(maxsize=8)
def _converter(dialect: Dialect) -> bulk.Converter:
    return bulk.Converter(dialect)


def statement_columns(
    converter: bulk.Converter, statements: Iterable[Statement]
) -> dict[str, list[Any]]:
    """Statements as columns of values converted for the DBAPI, in the order of their ids:
    writers in parallel that store some of the same ones then wait for each other in the same
    order (on PostgreSQL), never in a circle."""
    kept = sorted(statements)
    return converter.columns(
        STATEMENTS,
        {
            "id": [statement[0] for statement in kept],
            "message": [statement[1] for statement in kept],
            "source": [statement[2] for statement in kept],
            "suggestions": [statement[3] for statement in kept],
        },
    )


# The columns of a kept finding, in the order `finding_values` gives them.
COLUMNS = (
    "checkin_id",
    "rule_id",
    "person_id",
    "iso_week",
    "shift_start",
    "level",
    "statement_id",
    "numbers",
)


def finding_values(
    person_id: int,
    judged: Iterable[tuple[Checkin, list[Finding]]],
    state: Callable[[Finding], tuple[str, Any]],
) -> Iterator[tuple[Any, ...]]:
    """The values of the rows that keep these findings, in `COLUMNS` order (one per shift and
    rule, the strongest). `state` gives the id of a finding's statement, which the caller
    stores, and its numbers (a bulk writer gives them already converted)."""
    for checkin, findings in judged:
        if not findings:
            continue
        shift = checkin.shift
        week = shift_iso_week(shift)
        for finding in findings if len(findings) == 1 else _one_per_rule(findings):
            statement, numbers = state(finding)
            yield (
                checkin.id,
                finding.rule_id,
                person_id,
                week,
                shift.start,
                finding.level._value_,  # the member's own value, without the enum's property
                statement,
                numbers,
            )


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
