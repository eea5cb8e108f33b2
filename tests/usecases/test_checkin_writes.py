"""What saving a check-in sends to the database: only the writes its changes need.

A check-in runs about twenty statements in one transaction, and each costs more in the program
than in the database. These tests record what the engine sends while one check-in is saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from wellbeing.services import Wellbeing
from wellbeing.store.database import Database


def shift(day: str, **extra: object) -> dict[str, object]:
    """08:00-17:00 with half an hour's lunch at noon: four hours in one stretch, which
    break.recovery finds every time in the same words."""
    return {
        "start": f"{day}T08:00",
        "end": f"{day}T17:00",
        "breaks": [{"start": f"{day}T12:00", "end": f"{day}T12:30"}],
        "stress": 3,
        "energy": 6,
        **extra,
    }


@contextmanager
def sent(database: Database) -> Iterator[list[tuple[str, Any]]]:
    """Each statement the engine sends while the block runs, with its parameters (a list of
    them when one statement is run for several rows)."""
    found: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        found.append((" ".join(statement.split()), parameters))

    event.listen(database.engine, "before_cursor_execute", remember)
    try:
        yield found
    finally:
        event.remove(database.engine, "before_cursor_execute", remember)


def starting(statements: list[tuple[str, Any]], prefix: str) -> list[tuple[str, Any]]:
    return [(sql, params) for sql, params in statements if sql.upper().startswith(prefix)]


def test_a_new_shift_deletes_no_kept_findings(service: Wellbeing, database: Database) -> None:
    service.check_in(shift("2026-11-23"))
    with sent(database) as statements:
        outcome = service.check_in(shift("2026-11-24"))

    assert "break.recovery" in {f.rule_id for f in outcome.findings}
    assert starting(statements, "DELETE FROM SHIFT_FINDINGS") == []
    assert starting(statements, "INSERT INTO SHIFT_FINDINGS") != []


def test_a_statement_kept_for_an_earlier_shift_is_not_stored_again(
    service: Wellbeing, database: Database
) -> None:
    service.check_in(shift("2026-11-23"))
    with sent(database) as statements:
        service.check_in(shift("2026-11-24"))

    assert starting(statements, "INSERT INTO FINDING_STATEMENTS") == []
    stated = database.engine.connect().exec_driver_sql("SELECT count(*) FROM finding_statements")
    assert stated.scalar() >= 1


def test_a_new_statement_is_stored_with_the_findings_that_make_it(
    service: Wellbeing, database: Database
) -> None:
    service.check_in(shift("2026-11-23"))
    with sent(database) as statements:
        outcome = service.check_in(shift("2026-11-24", breaks=[]))

    assert "break.legal" in {f.rule_id for f in outcome.findings}
    assert len(starting(statements, "INSERT INTO FINDING_STATEMENTS")) == 1
    assert service.shift_findings([outcome.checkin.id])[outcome.checkin.id] == outcome.findings


def test_correcting_a_shift_replaces_the_findings_kept_for_it(
    service: Wellbeing, database: Database
) -> None:
    saved = service.check_in(shift("2026-11-24", breaks=[]))
    corrected = service.update_checkin(saved.checkin.id, shift("2026-11-24"))

    # The corrected check-in may take the old one's id: break.legal must not be left on it.
    assert {f.rule_id for f in saved.findings} == {"break.legal", "break.recovery"}
    kept = service.shift_findings([saved.checkin.id, corrected.checkin.id])
    assert {f.rule_id for f in kept[corrected.checkin.id]} == {"break.recovery"}
    assert saved.checkin.id == corrected.checkin.id or kept[saved.checkin.id] == []


def test_flags_a_shift_carries_on_are_updated_in_one_statement(
    service: Wellbeing, database: Database
) -> None:
    tense = {"stress": 8, "difficult": 4, "contacts": 20}
    for day in ("2026-11-23", "2026-11-24"):
        service.check_in(shift(day, **tense))
    with sent(database) as statements:
        service.check_in(shift("2026-11-25", **tense))

    [(_, rows)] = starting(statements, "UPDATE FLAGS")
    assert isinstance(rows, list) and len(rows) >= 2
