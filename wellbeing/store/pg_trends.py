"""Team trends as PostgreSQL computes them for the login that asks (revision 0003; revision
0017 returns each cell's k).

On PostgreSQL a teamleader's login cannot read raw rows, so the aggregation and the
suppression happen inside the database, in `wellbeing_team_trends(weeks, k)`. This module
calls it and turns its rows into the domain `TeamTrends`: the same cells that
`build_team_trends` and `AnonymityPolicy` give in Python, narrowed to the teams the login
leads (every team for the database owner). The input is checked here first, so that a person
gets a translated message; the database checks it again, since it cannot trust its callers.
A login other than the database owner must ask with the organisation's own k (5 unless an
admin set another with `admin set k`; see migration 0008). Settled weeks come from the cells
the function published the first time they were asked for, never recomputed, each with the k it
was published under: after an admin changes k, only weeks published from then on use the new
one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from wellbeing.domain.anonymity import (
    DEFAULT_K,
    MAX_SEGMENTS,
    AnonymityPolicy,
    SuppressionReason,
)
from wellbeing.domain.errors import InputError
from wellbeing.domain.team_trends import TeamTrends, TrendCell, TrendFigures
from wellbeing.i18n import _
from wellbeing.store.database import StoreError

_QUERY = text(
    "SELECT iso_week, team_id, contributors, mean_stress, mean_energy, "
    "break_compliance_percent, quick_return_percent, orange_or_red_percent, "
    "hours_per_person, hidden, k "
    "FROM wellbeing_team_trends(CAST(:weeks AS text[]), :k)"
)

# SQLSTATEs the function raises on purpose.
_INSUFFICIENT_PRIVILEGE = "42501"
_NOT_SETTLED = "55000"
_INVALID_PARAMETER = "22023"


def read_team_trends(session: Session, weeks: Sequence[str], k: int = DEFAULT_K) -> TeamTrends:
    """The team trend cells this database login may see, for closed ISO weeks.

    Suppression is decided over the whole organisation inside the database, so the cells
    equal `build_team_trends(...).for_teams(led)` for the same data.
    """
    if session.get_bind().dialect.name != "postgresql":
        raise StoreError(_("team trends computed in the database need PostgreSQL"))
    labels = _week_labels(weeks, AnonymityPolicy(k=k))
    try:
        rows = session.execute(_QUERY, {"weeks": labels, "k": k}).all()
    except DBAPIError as exc:
        raise _refusal(exc) from None
    teams: list[TrendCell] = []
    organisation: list[TrendCell] = []
    for row in rows:
        cell = _cell(row)
        (organisation if cell.team_id is None else teams).append(cell)
    teams.sort(key=lambda cell: (cell.team_id, cell.segment))
    return TeamTrends(
        k=k,
        segment_kind="week",
        segments=tuple(labels),
        teams=tuple(teams),
        organisation=tuple(organisation),
    )


def _week_labels(weeks: Sequence[str], policy: AnonymityPolicy) -> list[str]:
    labels: list[str] = []
    for week in weeks:
        label = policy.segment(week).label
        if label in labels:
            raise InputError("weeks", _("{label} is asked for twice").format(label=label))
        labels.append(label)
    if not labels:
        raise InputError("weeks", _("ask for at least one week"))
    if len(labels) > MAX_SEGMENTS:
        raise InputError(
            "weeks", _("ask for at most {count} weeks at a time").format(count=MAX_SEGMENTS)
        )
    return sorted(labels)


def _cell(row: Row[Any]) -> TrendCell:
    values = row._mapping
    k = int(values["k"])  # the cell's own k: a published week keeps the k of its day
    if values["hidden"] is not None:
        return TrendCell(
            segment=values["iso_week"],
            team_id=values["team_id"],
            k=k,
            hidden=SuppressionReason(values["hidden"]),
        )
    return TrendCell(
        segment=values["iso_week"],
        team_id=values["team_id"],
        k=k,
        figures=TrendFigures(
            contributors=values["contributors"],
            mean_stress=float(values["mean_stress"]),
            mean_energy=float(values["mean_energy"]),
            break_compliance_percent=values["break_compliance_percent"],
            quick_return_percent=values["quick_return_percent"],
            orange_or_red_percent=values["orange_or_red_percent"],
            hours_per_person=float(values["hours_per_person"]),
        ),
    )


def _refusal(exc: DBAPIError) -> Exception:
    """The database's refusal as a message a person can act on; anything else as it is."""
    state = getattr(exc.orig, "sqlstate", None)
    diag = getattr(exc.orig, "diag", None)
    column = getattr(diag, "column_name", None)
    detail = getattr(diag, "message_detail", None) or ""
    if state == _INSUFFICIENT_PRIVILEGE and column == "k" and detail:
        return InputError(
            "k",
            _(
                "this organisation shows team trends with k = {k} only: one week seen with "
                "two thresholds could single a person out"
            ).format(k=detail),
        )
    if state == _INSUFFICIENT_PRIVILEGE and column == "k":
        return InputError(
            "k",
            _(
                "must be at least {minimum} for a teamleader: smaller groups are too easy to "
                "pick one person out of"
            ).format(minimum=DEFAULT_K),
        )
    if state == _INSUFFICIENT_PRIVILEGE:
        return StoreError(
            _(
                "this database login may not read team trends; an admin can grant it the "
                "teamleader role"
            )
        )
    if state == _NOT_SETTLED:
        return InputError(
            "weeks", _("{label} is shown once it has ended and settled").format(label=detail)
        )
    if state == _INVALID_PARAMETER and column:
        return InputError(
            column, _("was refused by the database ({detail})").format(detail=detail or column)
        )
    return exc
