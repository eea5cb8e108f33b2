"""The team and organisation aggregates written by hand in SQL, through the standard library.

These are the yardsticks for the services: the same figures per team and for the whole
organisation (each person's mean first, then across people), with none of the layers around
them -- no ORM, no validation, no anonymity policy beyond what the organisation total must
leave out (the teams below k). The benchmark times them on the same file as the services and
checks that they agree on the cells the service shows.

There are two of each. The one the targets compare with reads the same table the services
read (`person_week_sums`), as anyone writing the query by hand today would. The other reads
the raw shifts and check-ins, as the services did before that table existed, and shows what
the table saves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from wellbeing.domain.anonymity import DEFAULT_K

# Per team and for everyone, from one row per person and segment (`per_person`).
_TOTALS = """
SELECT segment, team_id, count(*), avg(stress), avg(energy), sum(taken), sum(due),
       sum(quick), sum(shifts), avg(orange), sum(minutes) / 60.0 / count(*)
FROM per_person GROUP BY segment, team_id
UNION ALL
SELECT segment, NULL, count(*), avg(stress), avg(energy), sum(taken), sum(due),
       sum(quick), sum(shifts), avg(orange), sum(minutes) / 60.0 / count(*)
FROM per_person GROUP BY segment
"""

# One row per person and segment, then per team and for everyone. `{segment}` is the
# segment a shift belongs to, `{where}` chooses the shifts.
_PER_PERSON = (
    """
WITH per_person AS (
    SELECT {segment} AS segment, s.person_id, p.team_id,
           avg(c.stress) AS stress, avg(c.energy) AS energy, count(*) AS shifts,
           count(s.legal_break_ok) AS due, sum(s.legal_break_ok = 1) AS taken,
           sum(s.rest_before_minutes < 660) AS quick, sum(s.worked_minutes) AS minutes,
           max(coalesce(w.level IN ('orange', 'red'), 0)) AS orange
    FROM shifts AS s
    JOIN people AS p ON p.id = s.person_id
    LEFT JOIN checkins AS c ON c.shift_id = s.id
    LEFT JOIN weekly_levels AS w ON w.person_id = s.person_id AND w.iso_week = s.iso_week
    WHERE {where} AND p.team_id IS NOT NULL
    GROUP BY s.person_id, segment
    HAVING count(c.stress) > 0
)
"""
    + _TOTALS
)


# The same from the stored sums. A row of person_week_sums is one person's week already.
_PER_PERSON_FROM_WEEK_SUMS = (
    """
WITH per_person AS (
    SELECT s.iso_week AS segment, s.person_id, p.team_id,
           1.0 * s.stress_sum / s.checkins AS stress,
           1.0 * s.energy_sum / s.checkins AS energy,
           s.shifts AS shifts, s.break_due AS due, s.break_taken AS taken,
           s.quick_returns AS quick, s.worked_minutes AS minutes,
           coalesce(w.level IN ('orange', 'red'), 0) AS orange
    FROM person_week_sums AS s
    JOIN people AS p ON p.id = s.person_id
    LEFT JOIN weekly_levels AS w ON w.person_id = s.person_id AND w.iso_week = s.iso_week
    WHERE {where} AND s.checkins > 0 AND p.team_id IS NOT NULL
)
"""
    + _TOTALS
)

# A person has a row in person_month_sums per ISO week that touches the month.
_PER_PERSON_FROM_MONTH_SUMS = (
    """
WITH per_person AS (
    SELECT s.month AS segment, s.person_id, p.team_id,
           1.0 * sum(s.stress_sum) / sum(s.checkins) AS stress,
           1.0 * sum(s.energy_sum) / sum(s.checkins) AS energy,
           sum(s.shifts) AS shifts, sum(s.break_due) AS due, sum(s.break_taken) AS taken,
           sum(s.quick_returns) AS quick, sum(s.worked_minutes) AS minutes,
           max(coalesce(w.level IN ('orange', 'red'), 0)) AS orange
    FROM person_month_sums AS s
    JOIN people AS p ON p.id = s.person_id
    LEFT JOIN weekly_levels AS w ON w.person_id = s.person_id AND w.iso_week = s.iso_week
    WHERE {where} AND p.team_id IS NOT NULL
    GROUP BY s.person_id, s.month
    HAVING sum(s.checkins) > 0
)
"""
    + _TOTALS
)


def _cells(
    connection: sqlite3.Connection,
    template: str,
    segment: str,
    where: str,
    parameters: Sequence[object],
) -> list[tuple]:
    sql = template.format(segment=segment, where=where)
    return connection.execute(sql, tuple(parameters)).fetchall()


def team_trends_sql(
    connection: sqlite3.Connection, weeks: Sequence[str], team_id: int, *, raw: bool = False
) -> dict[str, tuple[int, float]]:
    """Every team's and the organisation's figures per ISO week; returns one team's
    (contributors, mean stress) per week. `raw`: from the shifts instead of the sums."""
    marks = ", ".join("?" for _ in weeks)
    template = _PER_PERSON if raw else _PER_PERSON_FROM_WEEK_SUMS
    rows = _cells(connection, template, "s.iso_week", f"s.iso_week IN ({marks})", weeks)
    return {row[0]: (row[2], row[3]) for row in rows if row[1] == team_id}


def monthly_totals_sql(
    connection: sqlite3.Connection, first_month: str, last_month: str, *, raw: bool = False
) -> dict[str, tuple[int, float]]:
    """Every team's and the organisation's figures per calendar month; returns the
    organisation's (contributors, mean stress) per month. `raw`: from the shifts."""
    if raw:
        rows = _cells(
            connection,
            _PER_PERSON,
            "substr(s.local_date, 1, 7)",
            "s.local_date >= ? AND s.local_date < ?",
            (f"{first_month}-01", _month_after(last_month)),
        )
    else:
        rows = _cells(
            connection,
            _PER_PERSON_FROM_MONTH_SUMS,
            "s.month",
            "s.month >= ? AND s.month <= ?",
            (first_month, last_month),
        )
    return _over_teams_shown(rows, _organisation_k(connection))


def _organisation_k(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT value FROM organisation_settings WHERE name = 'k'").fetchone()
    return int(row[0]) if row else DEFAULT_K


def _over_teams_shown(rows: Sequence[tuple], k: int) -> dict[str, tuple[int, float]]:
    """The organisation's (contributors, mean stress) per segment over the teams of at least
    `k` contributors: the service's organisation figures leave out the teams it hides, so
    that no total holds a hidden team."""
    totals: dict[str, list[float]] = {}
    for segment, team_id, people, stress, *_rest in rows:
        if team_id is not None and people >= k:
            total = totals.setdefault(segment, [0, 0.0])
            total[0] += people
            total[1] += stress * people
    return {segment: (int(n), weighted / n) for segment, (n, weighted) in totals.items()}


def _month_after(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return f"{year:04d}-{number:02d}-01"
