"""What a batch re-evaluation reads (whole histories of a group of people) and writes back.

Reading a million check-ins through the ORM would cost more than evaluating them, so whole
histories are read with a few Core queries per group of people and turned straight into the
domain types. The values were validated when they were written, so they are built without
validating them again. On SQLite a moment is stored as UTC text, which `datetime.fromisoformat`
reads several times faster than the generic converter; that shortcut is taken only after
checking that both give the same moments.

Results replace the group's flags and weekly levels in the caller's transaction, through
executemany with values converted once (`wellbeing.store.bulk`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    Connection,
    Dialect,
    String,
    Text,
    bindparam,
    cast,
    delete,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from wellbeing.domain.checkin import Break, Checkin, Shift
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.flag_history import Kept
from wellbeing.domain.flags import OpenFlag
from wellbeing.domain.surveys import SurveyResult
from wellbeing.store import bulk, shift_findings
from wellbeing.store.models import (
    BreakRow,
    CheckinRow,
    FlagRow,
    PersonRow,
    ShiftFindingRow,
    ShiftRow,
    SurveyResponseRow,
    WeeklyLevelRow,
)
from wellbeing.store.tables import table_of
from wellbeing.store.types import UTCDateTime

_FLAGS = table_of(FlagRow)
_LEVELS = table_of(WeeklyLevelRow)
_SHIFT_FINDINGS = table_of(ShiftFindingRow)


@dataclass
class History:
    """Everything the rules read about one person, and the flags they have set aside
    (acknowledged or snoozed)."""

    checkins: list[Checkin] = field(default_factory=list)
    surveys: list[SurveyResult] = field(default_factory=list)
    set_aside: list[Kept] = field(default_factory=list)


def person_ids(session: Session) -> list[int]:
    """Every person, in id order: the units the re-evaluation is chunked by."""
    return list(session.scalars(select(PersonRow.id).order_by(PersonRow.id)))


def checkin_count(session: Session) -> int:
    """How many check-ins there are: what a re-evaluation has to judge."""
    return session.scalar(select(func.count()).select_from(CheckinRow)) or 0


def fingerprint(session: Session, people: Sequence[int]) -> tuple[Any, ...]:
    """Counts and highest ids of the people's check-ins, questionnaires and flags (and how
    many flags are acknowledged or snoozed): any write in between changes one of them."""
    wanted = list(people)
    checkins = session.execute(
        select(func.count(CheckinRow.id), func.max(CheckinRow.id)).where(
            CheckinRow.person_id.in_(wanted)
        )
    ).one()
    surveys = session.execute(
        select(func.count(SurveyResponseRow.id), func.max(SurveyResponseRow.id)).where(
            SurveyResponseRow.person_id.in_(wanted)
        )
    ).one()
    flags = session.execute(
        select(
            func.count(FlagRow.id),
            func.max(FlagRow.id),
            func.count(FlagRow.acknowledged_at),
            func.count(FlagRow.snoozed_until),
        ).where(FlagRow.person_id.in_(wanted))
    ).one()
    return (*checkins, *surveys, *flags)


# --- reading moments fast ----------------------------------------------------------------

_MOMENT_SAMPLES = (
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 30, 0, 123456, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 0, 1, 7, tzinfo=UTC),
)


def _from_utc_text(value: str | None) -> datetime | None:
    if value is None:
        return None
    # Parsing the offset gives the very UTC object, faster than replacing the zone after.
    return datetime.fromisoformat(value + "+00:00")


@lru_cache(maxsize=8)
def _moment_reader(dialect: Dialect) -> Callable[[Any], datetime | None] | None:
    """A fast reader of stored moments for this dialect, or None to let SQLAlchemy convert.

    Taken only on SQLite, and only when it reads back exactly what the column type writes.
    """
    if dialect.name != "sqlite":
        return None
    column = UTCDateTime()
    write = column.dialect_impl(dialect).bind_processor(dialect)
    read = column.dialect_impl(dialect).result_processor(dialect, None)
    for sample in _MOMENT_SAMPLES:
        stored = write(sample) if write else sample
        generic = column.process_result_value(read(stored) if read else stored, dialect)
        if not isinstance(stored, str):  # stored in another form: let SQLAlchemy read it
            return None
        try:
            fast = _from_utc_text(stored)
        except (TypeError, ValueError):  # stored in another form: let SQLAlchemy read it
            return None
        if fast != generic or fast is None or fast.tzinfo is not UTC:
            return None
    return _from_utc_text


def _moments(reader: Callable[[Any], datetime | None] | None, *columns: Any) -> list[Any]:
    """The columns as selected: raw text when `reader` will convert them, else typed."""
    return [type_coerce(col, String) if reader else col for col in columns]


# --- building domain objects fast ---------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


def _trusted(model: type[M]) -> Callable[[dict[str, Any]], M]:
    """`model.model_construct(**values)` for values that give every field, in field order.

    model_construct looks every field up among aliases and defaults; rows give them all, so
    this only sets what it would set. Models with hooks that construct runs fall back to it.
    """
    fields = model.__pydantic_fields__
    plain = (
        not model.__pydantic_post_init__
        and not model.__pydantic_root_model__
        and model.model_config.get("extra") != "allow"
        and all(f.alias is None and f.validation_alias is None for f in fields.values())
    )
    if not plain:
        return lambda values: model.model_construct(**values)
    new, assign = model.__new__, object.__setattr__

    def build(values: dict[str, Any]) -> M:
        made = new(model)
        assign(made, "__dict__", values)
        assign(made, "__pydantic_fields_set__", set(values))
        assign(made, "__pydantic_extra__", None)
        assign(made, "__pydantic_private__", None)
        return made

    return build


_break = _trusted(Break)
_shift = _trusted(Shift)
_checkin = _trusted(Checkin)


# --- reading histories -------------------------------------------------------------------


def window(session: Session, person_id: int, since: datetime) -> list[Checkin]:
    """The person's check-ins whose shift started at or after `since`: what the rules read
    after a check-in, found through the (person, start) index and built without the ORM."""
    found = _checkins(session, "window", {"person": person_id, "since": since})
    return [checkin for _, checkin in found]


def _filter(kind: str) -> list[Any]:
    """The shifts a read chooses, with bound parameters: one person's since a moment
    ("window"), or every shift of a group of people ("people")."""
    if kind == "window":
        return [ShiftRow.person_id == bindparam("person"), ShiftRow.start_at >= bindparam("since")]
    return [ShiftRow.person_id.in_(bindparam("people", expanding=True))]


@lru_cache(maxsize=8)
def _statements(kind: str, fast: bool) -> tuple[Any, Any]:
    """The two reads of `_checkins` (breaks, then check-ins with their shifts), built once:
    building a statement costs about as much as running it on a check-in's window."""
    reader = _from_utc_text if fast else None
    shifts = _filter(kind)
    break_start, break_end = _moments(reader, BreakRow.start_at, BreakRow.end_at)
    breaks = (
        select(BreakRow.shift_id, break_start, break_end, BreakRow.kind)
        .join(ShiftRow, ShiftRow.id == BreakRow.shift_id)
        .where(*shifts)
        .order_by(BreakRow.shift_id, BreakRow.start_at)
    )
    start_at, end_at, recorded_at = _moments(
        reader, ShiftRow.start_at, ShiftRow.end_at, CheckinRow.recorded_at
    )
    checkins = (
        select(
            CheckinRow.person_id,
            CheckinRow.id,
            CheckinRow.stress,
            CheckinRow.energy,
            CheckinRow.support,
            recorded_at,
            ShiftRow.id,
            start_at,
            end_at,
            ShiftRow.contacts,
            ShiftRow.difficult,
            ShiftRow.occupancy,
        )
        .select_from(ShiftRow)
        .join(CheckinRow, CheckinRow.shift_id == ShiftRow.id)
        .where(*shifts)
    )
    return breaks, checkins


def _checkins(session: Session, kind: str, values: dict[str, Any]) -> list[tuple[int, Checkin]]:
    """(person id, check-in) for the check-ins of the shifts chosen by `kind` (see `_filter`)
    with these `values`, each with its shift and breaks, as the rules read them."""
    reader = _moment_reader(session.get_bind().dialect)
    read = reader or (lambda value: value)
    breaks, checkins = _statements(kind, reader is not None)

    pauses: dict[int, list[Break]] = defaultdict(list)
    connection = session.connection()
    # All rows at once: fetching them one at a time costs a call per row.
    for shift_id, start, end, kind_of_break in connection.execute(breaks, values).all():
        pauses[shift_id].append(
            _break({"start": read(start), "end": read(end), "kind": kind_of_break})
        )

    found: list[tuple[int, Checkin]] = []
    for row in connection.execute(checkins, values).all():
        person, checkin_id, stress, energy, support, recorded, shift_id = row[:7]
        shift = _shift(
            {
                "id": shift_id,
                "start": read(row[7]),
                "end": read(row[8]),
                "breaks": tuple(pauses.get(shift_id, ())),
                "contacts": row[9],
                "difficult": row[10],
                "occupancy": row[11],
            }
        )
        checkin = _checkin(
            {
                "id": checkin_id,
                "shift": shift,
                "stress": stress,
                "energy": energy,
                "support": support,
                "note": None,  # private, and no rule reads it
                "channels": {},  # no rule reads it
                "recorded_at": read(recorded),
            }
        )
        found.append((person, checkin))
    return found


def histories(session: Session, people: Sequence[int]) -> dict[int, History]:
    """The check-ins (with shifts and breaks), questionnaires and set-aside flags of `people`."""
    found: dict[int, History] = {person: History() for person in people}
    wanted = list(people)
    for person, checkin in _checkins(session, "people", {"people": wanted}):
        found[person].checkins.append(checkin)

    for survey in session.scalars(
        select(SurveyResponseRow).where(SurveyResponseRow.person_id.in_(wanted))
    ):
        found[survey.person_id].surveys.append(
            SurveyResult(
                id=survey.id,
                instrument=survey.instrument,
                taken_at=survey.taken_at,
                answers=tuple(survey.answers),
                scores={key: float(value) for key, value in survey.scores.items()},
            )
        )

    for flag in session.scalars(
        select(FlagRow).where(
            FlagRow.person_id.in_(wanted),
            or_(FlagRow.acknowledged_at.is_not(None), FlagRow.snoozed_until.is_not(None)),
        )
    ):
        found[flag.person_id].set_aside.append(
            Kept(
                OpenFlag(
                    id=flag.id,
                    rule_id=flag.rule_id,
                    level=Level(flag.level),
                    raised_at=flag.raised_at,
                    acknowledged_at=flag.acknowledged_at,
                    acknowledged_level=(
                        Level(flag.acknowledged_level) if flag.acknowledged_level else None
                    ),
                    snoozed_until=flag.snoozed_until,
                ),
                flag.resolved_at,
            )
        )
    return found


# --- writing results ---------------------------------------------------------------------


@dataclass
class ResultRows:
    """Flags, weekly levels and findings kept per shift of a group of people (with the
    statements those findings make), converted for the DBAPI.

    Plain lists of plain values, so a group replayed in a worker process pickles cheaply.
    """

    people: list[int]
    flags: dict[str, list[Any]]
    levels: dict[str, list[Any]]
    findings: dict[str, list[Any]]
    statements: dict[str, list[Any]]

    @property
    def flag_count(self) -> int:
        return len(self.flags["person_id"])

    @property
    def level_count(self) -> int:
        return len(self.levels["person_id"])


# Each remembered finding's numbers are a JSON document of a hundred bytes or so.
_MOST_STATED = 1 << 15


class KeptFindings:
    """The findings kept per shift of a group of people, as values ready for the DBAPI, and
    the statements they make.

    A re-evaluation meets the same numbers again and again (the same rule with the same date
    and numbers for many people) and the same dozen statements: the JSON of each distinct set
    of numbers and the id of each statement are made once per converter.
    """

    def __init__(self, converter: bulk.Converter) -> None:
        self.rows: list[tuple[Any, ...]] = []
        # The statements this group makes, by their words: one lookup a finding.
        self.statements: dict[tuple[str, str, tuple[str, ...]], shift_findings.Statement] = {}
        self._convert = converter.processor(_SHIFT_FINDINGS, "numbers")
        self._numbers = converter.remembered(_SHIFT_FINDINGS, "numbers", most=_MOST_STATED)
        self._stated = converter.remembered(shift_findings.STATEMENTS, "id")

    def add(self, person_id: int, judged: Iterable[tuple[Checkin, list[Finding]]]) -> None:
        self.rows += shift_findings.finding_values(person_id, judged, self._state)

    def _state(self, finding: Finding) -> tuple[str, Any]:
        said = (finding.message, finding.source, finding.suggestions)
        statement = self.statements.get(said)
        if statement is None:
            statement = self._stated.get(said)
            if statement is None:
                statement = self._stated[said] = shift_findings.statement_of(finding)
            self.statements[said] = statement
        # The numbers' names, types and values: what `typed_params` tells, flat (its length
        # gives the count), which is quicker to build and hash than nested.
        params = finding.params
        values = params.values()
        key = (*params, *map(type, values), *values)
        numbers = self._numbers.get(key)
        if numbers is None:
            if len(self._numbers) >= _MOST_STATED:
                self._numbers.clear()
            numbers = self._numbers[key] = self._convert(dict(params))
        return statement[0], numbers


def result_rows(
    converter: bulk.Converter,
    people: Sequence[int],
    flags: Sequence[Mapping[str, Any]],
    levels: Sequence[tuple[int, str, str]],
    findings: KeptFindings | None = None,
) -> ResultRows:
    """Convert flag rows (FlagRow's columns, `person_id` included), weekly levels given as
    (person_id, iso_week, level) and the findings kept per shift."""
    names = [column.name for column in _FLAGS.columns if column.name != "id"]
    flag_columns = {name: [row.get(name) for row in flags] for name in names}
    level_columns: dict[str, list[Any]] = {
        "person_id": [person for person, _, _ in levels],
        "iso_week": [week for _, week, _ in levels],
        "level": [level for _, _, level in levels],
    }
    kept = findings.rows if findings is not None else []
    finding_columns = {
        name: list(values)
        for name, values in zip(
            shift_findings.COLUMNS,
            zip(*kept, strict=True) if kept else ([] for _ in shift_findings.COLUMNS),
            strict=True,
        )
    }
    converted = finding_columns.pop("numbers")  # converted as the rows were made
    statements = findings.statements.values() if findings is not None else ()
    return ResultRows(
        people=list(people),
        flags=converter.columns(_FLAGS, flag_columns),
        levels=converter.columns(_LEVELS, level_columns),
        findings={**converter.columns(_SHIFT_FINDINGS, finding_columns), "numbers": converted},
        statements=shift_findings.statement_columns(converter, statements),
    )


# SQLite's page cache while a group's results are written: 64 MB held most of the pages a
# group touches on the organisation benchmark (2 µs a check-in saved; 256 MB saved 1 µs more).
REEVALUATION_CACHE_KIB = 64 * 1024


def replace_results(session: Session, rows: ResultRows) -> None:
    """Put the group's replayed flags, weekly levels and findings in place of the ones stored.

    Kept findings that are stored already, value for value, are left as they are: they are
    most of a group's rows after a rules change, and their key, by check-in, spreads a
    group's rows over every page of its index, so rewriting them wrote about the whole index
    again for every group.
    """
    connection = session.connection()
    # The findings' key and the flags' indexes take a group's rows from all over the file.
    bulk.widen_page_cache(connection, REEVALUATION_CACHE_KIB)
    _replace_flags(connection, rows)
    session.execute(delete(WeeklyLevelRow).where(WeeklyLevelRow.person_id.in_(rows.people)))
    bulk.insert_columns(connection, _LEVELS, rows.levels)
    computed = list(zip(*(rows.findings[name] for name in shift_findings.COLUMNS), strict=True))
    reader = _moment_reader(connection.dialect)
    stored = {
        (row[0], row[1]): tuple(row)
        for row in connection.execute(
            _stored_rows(_SHIFT_FINDINGS, shift_findings.COLUMNS, reader is not None),
            {"people": rows.people},
        ).all()
    }
    changed = []
    numbers = [shift_findings.COLUMNS.index("numbers")]
    for row in computed:
        before = stored.pop((row[0], row[1]), None)
        if before != _as_stored(row, numbers):
            changed.append(row)
            if before is not None:
                stored[(row[0], row[1])] = before  # replaced: deleted first
    if stored:
        connection.execute(_DELETE_FINDING, [{"checkin": c, "rule": r} for c, r in stored])
    if changed:
        bulk.insert_missing(connection, shift_findings.STATEMENTS, rows.statements)
        bulk.insert_columns(
            connection,
            _SHIFT_FINDINGS,
            dict(zip(shift_findings.COLUMNS, map(list, zip(*changed, strict=True)), strict=True)),
        )


def _replace_flags(connection: Connection, rows: ResultRows) -> None:
    """Put the group's replayed flags in place of the stored ones. An episode stored already
    (same person, rule and start) keeps its row and id, written again only when a value
    differs; stored episodes no longer found are deleted, new ones inserted. So a flag's id,
    which a person may have noted to acknowledge it, survives a re-evaluation, and one that
    changes nothing writes no flag."""
    names = tuple(rows.flags)
    computed = list(zip(*rows.flags.values(), strict=True))
    texts = [i for i, name in enumerate(names) if isinstance(_FLAGS.c[name].type, JSON)]
    key = [names.index(name) for name in ("person_id", "rule_id", "raised_at")]
    fast = _moment_reader(connection.dialect) is not None
    stored: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    gone: list[int] = []
    for flag_id, *values in connection.execute(
        _stored_rows(_FLAGS, ("id", *names), fast), {"people": rows.people}
    ):
        found = tuple(values)
        if stored.setdefault(tuple(found[i] for i in key), (flag_id, found))[0] != flag_id:
            gone.append(flag_id)  # a second stored episode with the same start
    fresh: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []  # the id first: written again under it
    for row in computed:
        before = stored.pop(tuple(row[i] for i in key), None)
        if before is None:
            fresh.append(row)
        elif before[1] != _as_stored(row, texts):
            changed.append((before[0], *row))
            gone.append(before[0])
    gone += [flag_id for flag_id, _ in stored.values()]
    if gone:
        connection.execute(_DELETE_FLAG, [{"flag": flag_id} for flag_id in gone])
    for made, columns in ((fresh, names), (changed, ("id", *names))):
        if made:
            lists = map(list, zip(*made, strict=True))
            bulk.insert_columns(connection, _FLAGS, dict(zip(columns, lists, strict=True)))


def _as_stored(row: tuple[Any, ...], texts: list[int]) -> tuple[Any, ...]:
    """A converted row with its JSON values as the text the database keeps: SQLite's driver
    is given that text already, psycopg a wrapper (`Json`) that makes it with json.dumps
    unless told otherwise (PostgreSQL's `json` type keeps the text as given). A value of
    another form is left as it is, so the row counts as changed and is written again."""
    if all(isinstance(row[i], str) or row[i] is None for i in texts):
        return row
    values = list(row)
    for i in texts:
        value = values[i]
        if hasattr(value, "obj"):
            values[i] = (getattr(value, "dumps", None) or json.dumps)(value.obj)
    return tuple(values)


_DELETE_FLAG = delete(_FLAGS).where(_FLAGS.c.id == bindparam("flag"))


_DELETE_FINDING = delete(_SHIFT_FINDINGS).where(
    _SHIFT_FINDINGS.c.checkin_id == bindparam("checkin"),
    _SHIFT_FINDINGS.c.rule_id == bindparam("rule"),
)


@lru_cache(maxsize=8)
def _stored_rows(table: Any, names: tuple[str, ...], fast: bool) -> Any:
    """These columns of a group of people's rows as the DBAPI gives them, to compare with the
    values a `bulk.Converter` makes: moments as stored text when `fast`, JSON as text."""
    reader = _from_utc_text if fast else None
    columns: list[Any] = []
    for name in names:
        column: Any = table.c[name]
        if isinstance(column.type, JSON):
            column = cast(column, Text)
        elif isinstance(column.type, UTCDateTime):
            (column,) = _moments(reader, column)
        columns.append(column)
    return select(*columns).where(table.c.person_id.in_(bindparam("people", expanding=True)))
