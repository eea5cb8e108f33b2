"""The Table behind a mapped class, typed as what it is.

SQLAlchemy types `Model.__table__` as the wider FromClause, which has neither `update()` nor
`name`; every mapped class here is declared with a plain Table, which this checks once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Result, Table

from wellbeing.store.models import Base


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    if not isinstance(table, Table):  # pragma: no cover - every model maps one Table
        raise TypeError(f"{model.__name__} is not mapped to a Table")
    return table


def rows_changed(result: Result[Any]) -> int:
    """The rows an INSERT, UPDATE or DELETE touched (a Session types its result generically)."""
    if not isinstance(result, CursorResult):  # pragma: no cover - a DML statement's result
        raise TypeError("not the result of a data-changing statement")
    return result.rowcount or 0
