"""Publishing settled weeks and months once, and serving them from then on.

A segment is *published* the first time anyone asks for it once it has settled: it ended
more than `AnonymityPolicy.settle_days` (two) full days before, in Brussels. Its cells --
every team that someone checked in for, and the organisation -- are then computed over the
whole organisation, suppressed together, stored (`wellbeing.store.published`) and served
from the store ever after. Check-ins added, corrected or deleted later, erasures, team moves
and retention purges change personal rows and weekly sums only; a figure once shown stays
as it was, so no two versions of one week can be subtracted. Each cell keeps the k it was
published under: after an admin changes k, weeks already published are still described by
theirs, and only weeks published from then on use the new one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from wellbeing.domain.anonymity import AnonymityPolicy, SuppressionReason
from wellbeing.domain.team_trends import (
    HiddenTeams,
    SegmentTotals,
    TeamTrends,
    TrendCell,
    build_team_trends_from_totals,
)
from wellbeing.store import published

Totals = Callable[[Any, Sequence[str]], list[SegmentTotals]]


def published_trends(
    session: Any,
    labels: Sequence[str],
    policy: AnonymityPolicy,
    as_of: date,
    totals: Totals,
    shown: Iterable[int],
    publish: bool = True,
) -> TeamTrends | None:
    """The cells of `labels` (settled segments) for the teams in `shown` and the
    organisation, publishing first whatever segment has not been published yet.

    With `publish` False (a read-only transaction) None is returned instead when some
    segment is not published yet.
    """
    wanted = set(shown)
    cells = published.read_cells(session, labels, wanted)
    missing = [label for label in labels if label not in cells]
    if missing and not publish:
        return None
    if missing:
        published.lock_segments(session, missing)
        cells = published.read_cells(session, labels, wanted)
        missing = [label for label in labels if label not in cells]
    if missing:
        fresh = [
            cell
            for label, found in _compute(session, missing, policy, as_of, totals)
            for cell in found
        ]
        published.store_cells(session, fresh, as_of)
        cells = published.read_cells(session, labels, wanted)
    ordered = sorted(labels)
    teams = sorted(
        (cell for label in ordered for cell in cells[label] if cell.team_id in wanted),
        key=lambda cell: (cell.team_id, cell.segment),
    )
    organisation = [cell for label in ordered for cell in cells[label] if cell.team_id is None]
    # How many teams each visible organisation figure leaves out, over every team: a count
    # of teams, never of people, and none for a hidden organisation cell.
    hidden_teams = published.hidden_team_counts(session, ordered)
    return TeamTrends(
        k=policy.k,
        segment_kind=policy.segment_kind,
        segments=tuple(ordered),
        teams=tuple(teams),
        organisation=tuple(organisation),
        teams_hidden=tuple(
            HiddenTeams(segment=cell.segment, teams=hidden_teams.get(cell.segment, 0))
            for cell in organisation
            if cell.visible
        ),
    )


def _compute(
    session: Any,
    labels: Sequence[str],
    policy: AnonymityPolicy,
    as_of: date,
    totals: Totals,
) -> list[tuple[str, list[TrendCell]]]:
    """Every cell of each segment, suppressed over the teams someone checked in for."""
    by_segment: dict[str, list[SegmentTotals]] = defaultdict(list)
    for row in totals(session, labels):
        by_segment[row.segment].append(row)
    found: list[tuple[str, list[TrendCell]]] = []
    for label in labels:
        rows = by_segment.get(label, [])
        if not rows:
            hidden = TrendCell(
                segment=label,
                team_id=None,
                k=policy.k,
                hidden=SuppressionReason.NO_TEAM_SHOWN,
            )
            found.append((label, [hidden]))
            continue
        trends = build_team_trends_from_totals(
            rows,
            teams=[row.team_id for row in rows],
            segments=[label],
            policy=policy,
            as_of=as_of,
        )
        found.append((label, [*trends.organisation, *trends.teams]))
    return found
