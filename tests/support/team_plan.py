"""An organisation of four teams (9, 6, 4 and 3 people) checking in over four closed ISO weeks,
and the figures a teamleader must see, worked out from the plan of shifts (each person's mean
first), never read back from the code under test."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import text

from tests.support.clock import FrozenClock
from wellbeing.domain.anonymity import AnonymityPolicy
from wellbeing.domain.localtime import to_local
from wellbeing.services import (
    Organisation,
    Wellbeing,
)
from wellbeing.store.database import Database
from wellbeing.store.models import WeeklyLevelRow

K = 5
NOTE = "SENTINEL-private-note-7f3a"
TEAMS = {"Alpha": 9, "Bravo": 6, "Charlie": 4, "Delta": 3}
LEADERS = {"Alpha": "lea", "Bravo": "ben", "Charlie": "cor", "Delta": "dina"}


@dataclass(frozen=True)
class Kind:
    """A kind of shift with the facts the law gives it (art. 38ter, 38quater Arbeidswet)."""

    start: str
    end: str
    breaks: tuple[tuple[str, str], ...]
    hours: float
    break_due: bool
    break_taken: bool


FULL = Kind("08:00", "16:30", (("12:00", "12:30"),), 8.0, True, True)
FULL_NO_BREAK = Kind("08:00", "16:00", (), 8.0, True, False)
SHORT = Kind("09:00", "13:00", (), 4.0, False, False)
LATE = Kind("14:00", "22:30", (("18:00", "18:30"),), 8.0, True, True)
EARLY = Kind("07:00", "11:00", (), 4.0, False, False)  # 8.5 h after a LATE: a quick return


@dataclass(frozen=True)
class Planned:
    account: str
    team: str
    week: str
    day: date
    kind: Kind
    stress: int
    energy: int
    quick_return: bool = False


@dataclass(frozen=True)
class Plan:
    """What everyone does in the four weeks, and who is orange or red when."""

    weeks: tuple[str, ...]
    shifts: tuple[Planned, ...]
    levels: dict[tuple[str, str], str]


def members(team: str) -> list[str]:
    return [f"{team.lower()}{number}" for number in range(1, TEAMS[team] + 1)]


def make_plan(mondays: list[date]) -> Plan:
    """Four closed weeks, oldest first:

    Alpha (9): three people skip the legal break in weeks 1, 3 and 4; week 2 has only short
    shifts (no break due); alpha1 also works a late shift followed by an early one in week 1,
    with high stress, so that per-person means differ from pooled means; three are orange or
    red in week 4. Bravo (6): only four check in in week 3. Charlie (4): never takes a break.
    Delta (3): nobody checks in in week 4.
    """
    weeks = tuple(f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}" for day in mondays)
    shifts: list[Planned] = []
    levels: dict[tuple[str, str], str] = {}
    for index, (week, monday) in enumerate(zip(weeks, mondays, strict=True)):
        for number, account in enumerate(members("Alpha")):
            kind = SHORT if index == 1 else (FULL_NO_BREAK if number < 3 else FULL)
            stress, energy = 3 + number % 4, 7 - number % 3
            shifts.append(Planned(account, "Alpha", week, monday, kind, stress, energy))
        for number, account in enumerate(members("Bravo")):
            if index == 2 and number >= 4:
                continue
            shifts.append(Planned(account, "Bravo", week, monday, FULL, 5, 5 + number % 2))
        for account in members("Charlie"):
            shifts.append(Planned(account, "Charlie", week, monday, FULL_NO_BREAK, 6, 4))
        if index < 3:
            for account in members("Delta"):
                shifts.append(Planned(account, "Delta", week, monday, FULL, 4, 6))
        for planned in shifts:
            if planned.week == week:
                levels[(planned.account, week)] = "green"
    first = weeks[0]
    shifts.append(Planned("alpha1", "Alpha", first, mondays[0] + timedelta(2), LATE, 9, 2))
    shifts.append(Planned("alpha1", "Alpha", first, mondays[0] + timedelta(3), EARLY, 9, 2, True))
    shifts.append(Planned("alpha1", "Alpha", weeks[1], mondays[1] + timedelta(1), SHORT, 4, 6))
    last = weeks[-1]
    levels.update({("alpha1", last): "orange", ("alpha2", last): "red"})
    levels[("alpha3", last)] = "orange"
    return Plan(weeks, tuple(shifts), levels)


def closed_weeks(now: datetime, count: int = 4) -> list[date]:
    """Mondays of the latest `count` ISO weeks a teamleader may see at `now`."""
    segments = AnonymityPolicy().recent_segments(to_local(now).date(), count)
    return [segment.first_day for segment in segments]


def build_organisation(database: Database, clock: FrozenClock | None = None) -> Plan:
    """Teams, members and teamleaders through the admin service, check-ins through the agents'
    own service, weekly levels written to the store as the rules engine would."""
    kwargs = {"clock": clock} if clock is not None else {}
    now = clock() if clock is not None else datetime.now().astimezone()
    plan = make_plan(closed_weeks(now))
    admin = Organisation(database, "boss", **kwargs)
    admin.bootstrap()
    for team in TEAMS:
        admin.create_team(team)
        for account in members(team):
            admin.add_person(account, team=team)
        admin.add_person(LEADERS[team])
        admin.grant(LEADERS[team], "teamleader", team=team)
    for planned in plan.shifts:
        day, kind = planned.day.isoformat(), planned.kind
        Wellbeing(database, planned.account, **kwargs).record_checkin(
            {
                "start": f"{day}T{kind.start}",
                "end": f"{day}T{kind.end}",
                "breaks": [
                    {"start": f"{day}T{start}", "end": f"{day}T{end}"} for start, end in kind.breaks
                ],
                "stress": planned.stress,
                "energy": planned.energy,
                "note": NOTE,
            }
        )
    set_weekly_levels(database, plan.levels)
    return plan


def set_weekly_levels(database: Database, levels: dict[tuple[str, str], str]) -> None:
    def work(session) -> None:  # type: ignore[no-untyped-def]
        ids = dict(session.execute(text("SELECT os_account, id FROM people")).all())
        for (account, week), level in levels.items():
            session.merge(WeeklyLevelRow(person_id=ids[account], iso_week=week, level=level))

    database.write(work)


def half_up(value: float, places: int = 0) -> float:
    """Round as people do (4.25 -> 4.3), unlike Python's round()."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def expected_figures(plan: Plan, team: str, week: str) -> dict[str, object]:
    """The figures design.md asks for, from the plan: each person's mean first."""
    shifts = [p for p in plan.shifts if p.team == team and p.week == week]
    people = sorted({p.account for p in shifts})
    own = {a: [p for p in shifts if p.account == a] for a in people}
    due = [p for p in shifts if p.kind.break_due]

    def mean_per_person(score: str) -> float:
        means = [sum(getattr(p, score) for p in own[a]) / len(own[a]) for a in people]
        return half_up(sum(means) / len(means), 1)

    def percent(part: int, whole: int) -> int:
        return int(half_up(100 * part / whole))

    at_risk = sum(plan.levels.get((a, week)) in ("orange", "red") for a in people)
    return banded(
        {
            "contributors": len(people),
            "mean_stress": mean_per_person("stress"),
            "mean_energy": mean_per_person("energy"),
            "break_compliance_percent": (
                percent(sum(p.kind.break_taken for p in due), len(due)) if due else None
            ),
            "quick_return_percent": percent(sum(p.quick_return for p in shifts), len(shifts)),
            "orange_or_red_percent": percent(at_risk, len(people)),
            "hours_per_person": half_up(sum(p.kind.hours for p in shifts) / len(people), 1),
        }
    )


def share_edge(name: str, contributors: int) -> int:
    """How near 0 or 100 % a share is shown as a band: 10 %, and for the share of people at
    orange or red at least one person's share."""
    if name != "orange_or_red_percent":
        return 10
    return max(10, math.ceil(100 / contributors))


def banded(figures: dict[str, Any]) -> dict[str, Any]:
    """Figures as they are shown: a mean within 0.5 of 0 or 10, or a share near 0 or 100 %,
    is held at its band's edge."""
    shown = dict(figures)
    for name in ("mean_stress", "mean_energy"):
        shown[name] = min(max(shown[name], 0.5), 9.5)
    for name in ("break_compliance_percent", "quick_return_percent", "orange_or_red_percent"):
        if shown[name] is not None:
            edge = share_edge(name, shown["contributors"])
            shown[name] = min(max(shown[name], edge), 100 - edge)
    return shown
