"""Builders shared by the rules tests: shifts and check-ins from Brussels local times.

This module holds no tests; the rules tests import it so each test reads as its scenario.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from wellbeing.domain.checkin import Break, Checkin, Shift
from wellbeing.domain.findings import Finding, Overall
from wellbeing.domain.localtime import parse_moment
from wellbeing.domain.rules import RuleContext, RulesConfig, evaluate, load_rules
from wellbeing.domain.surveys import SurveyResult

# Friday 27 November 2026, 18:00 in Brussels (the frozen "now" of the test suite).
NOW = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
DEFAULTS = load_rules()

_ids = itertools.count(1)


def at(local: str) -> datetime:
    """A Brussels local time such as "2026-11-27T08:00" (or with an explicit offset)."""
    return parse_moment(local)


def make_shift(
    start: str,
    end: str,
    breaks: Sequence[tuple[str, str]] = (),
    *,
    contacts: int = 0,
    difficult: int = 0,
    occupancy: float | None = None,
) -> Shift:
    return Shift(
        id=next(_ids),
        start=at(start),
        end=at(end),
        breaks=tuple(Break(start=at(b), end=at(e)) for b, e in breaks),
        contacts=contacts,
        difficult=difficult,
        occupancy=occupancy,
    )


def make_checkin(
    start: str,
    end: str,
    breaks: Sequence[tuple[str, str]] = (),
    *,
    stress: int = 3,
    energy: int = 6,
    contacts: int = 0,
    difficult: int = 0,
    occupancy: float | None = None,
) -> Checkin:
    shift = make_shift(
        start, end, breaks, contacts=contacts, difficult=difficult, occupancy=occupancy
    )
    return Checkin(id=next(_ids), shift=shift, stress=stress, energy=energy, recorded_at=shift.end)


def day_shift(day: date, **values: object) -> Checkin:
    """An ordinary 08:00-16:30 shift with breaks that meet every rule (7 h 40 worked)."""
    iso = day.isoformat()
    breaks = [("10:00", "10:10"), ("12:00", "12:30"), ("14:30", "14:40")]
    return make_checkin(
        f"{iso}T08:00",
        f"{iso}T16:30",
        [(f"{iso}T{b}", f"{iso}T{e}") for b, e in breaks],
        **values,  # type: ignore[arg-type]
    )


def days_before(last: date, count: int) -> list[date]:
    """`count` consecutive days ending with `last`, oldest first."""
    return [last - timedelta(days=n) for n in range(count - 1, -1, -1)]


def who5(answers: Sequence[int], taken_at: datetime = NOW) -> SurveyResult:
    raw = sum(answers)
    return SurveyResult(
        instrument="who5",
        taken_at=taken_at,
        answers=tuple(answers),
        scores={"raw": float(raw), "percent": float(raw * 4)},
    )


def cbi(personal: float, work: float, client: float, taken_at: datetime = NOW) -> SurveyResult:
    return SurveyResult(
        instrument="cbi",
        taken_at=taken_at,
        answers=(2,) * 19,
        scores={"personal": personal, "work": work, "client": client},
    )


def context(
    checkins: Iterable[Checkin] = (),
    *,
    now: datetime = NOW,
    surveys: Iterable[SurveyResult] = (),
    weekly_levels: Mapping[str, Overall] | None = None,
) -> RuleContext:
    return RuleContext(
        checkins=list(checkins),
        surveys=list(surveys),
        weekly_levels=dict(weekly_levels or {}),
        now=now,
    )


def found(rule_id: str, ctx: RuleContext, config: RulesConfig = DEFAULTS) -> list[Finding]:
    """What evaluating the context finds for one rule."""
    return [f for f in evaluate(ctx, config) if f.rule_id == rule_id]
