"""Flags: raised once per episode, resolved when the condition clears, acknowledged or
snoozed by the person, and shown again when their level rises."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.rules_builders import DEFAULTS, NOW, at, context, day_shift, days_before
from wellbeing.domain.errors import InputError
from wellbeing.domain.findings import Finding, Level, Overall, overall
from wellbeing.domain.flags import (
    OpenFlag,
    Visibility,
    acknowledge,
    open_after,
    plan_flags,
    snooze,
    visibility,
)
from wellbeing.domain.rules import evaluate
from wellbeing.domain.rules.sources import LONG_SHIFT

LATER = NOW + timedelta(days=1)


def _long_shift(level: Level, worked: str = "9 h 30") -> Finding:
    return Finding(
        rule_id="shift.long",
        level=level,
        message="On {date} you worked {worked}.",
        params={"date": "2026-11-27", "worked": worked},
        source=LONG_SHIFT,
    )


def _open(level: Level, **changes: object) -> OpenFlag:
    return OpenFlag(id=1, rule_id="shift.long", level=level, raised_at=NOW).model_copy(
        update=changes
    )


def test_first_finding_raises_a_flag() -> None:
    plan = plan_flags([], [_long_shift(Level.WARNING)], NOW)
    assert [f.rule_id for f in plan.raised] == ["shift.long"]
    assert plan.updated == () and plan.resolved == ()


def test_a_flag_is_raised_once_per_episode() -> None:
    flags = open_after(plan_flags([], [_long_shift(Level.WARNING)], NOW))
    plan = plan_flags(flags, [_long_shift(Level.WARNING, "9 h 45")], LATER)
    assert plan.raised == ()
    [update] = plan.updated
    assert update.finding.params["worked"] == "9 h 45"
    assert not update.level_changed


def test_a_flag_resolves_itself_when_its_condition_clears() -> None:
    flag = _open(Level.WARNING)
    plan = plan_flags([flag], [], LATER)
    assert plan.resolved == (flag,)
    assert open_after(plan) == []


def test_a_new_episode_after_resolution_raises_a_new_flag() -> None:
    flags = open_after(plan_flags([_open(Level.WARNING)], [], NOW))
    plan = plan_flags(flags, [_long_shift(Level.WARNING)], LATER)
    assert [f.rule_id for f in plan.raised] == ["shift.long"]


def test_a_new_flag_is_shown_as_new() -> None:
    assert visibility(_open(Level.WARNING), NOW) is Visibility.NEW


def test_an_acknowledged_flag_stays_open_but_is_not_new() -> None:
    flag = acknowledge(_open(Level.WARNING), NOW)
    plan = plan_flags([flag], [_long_shift(Level.WARNING)], LATER)
    [kept] = open_after(plan)
    assert kept.acknowledged_level is Level.WARNING
    assert visibility(kept, LATER) is Visibility.SEEN


def test_an_acknowledged_flag_returns_as_new_when_its_level_rises() -> None:
    flag = acknowledge(_open(Level.WARNING), NOW)
    plan = plan_flags([flag], [_long_shift(Level.HIGH)], LATER)
    assert plan.updated[0].resurfaced
    [kept] = open_after(plan)
    assert kept.level is Level.HIGH
    assert visibility(kept, LATER) is Visibility.NEW


def test_an_acknowledged_flag_back_at_its_acknowledged_level_stays_seen() -> None:
    flag = acknowledge(_open(Level.HIGH), NOW).model_copy(update={"level": Level.WARNING})
    plan = plan_flags([flag], [_long_shift(Level.HIGH)], LATER)
    assert not plan.updated[0].resurfaced
    assert visibility(open_after(plan)[0], LATER) is Visibility.SEEN


def test_a_snoozed_flag_is_hidden_until_its_date() -> None:
    flag = snooze(_open(Level.WARNING), NOW + timedelta(days=7), NOW)
    assert visibility(flag, NOW + timedelta(days=6)) is Visibility.HIDDEN
    assert visibility(flag, NOW + timedelta(days=7)) is Visibility.NEW


def test_a_snoozed_flag_stays_hidden_while_its_level_holds() -> None:
    flag = snooze(_open(Level.WARNING), NOW + timedelta(days=7), NOW)
    plan = plan_flags([flag], [_long_shift(Level.WARNING)], LATER)
    assert visibility(open_after(plan)[0], LATER) is Visibility.HIDDEN


def test_a_snoozed_flag_returns_when_its_level_rises() -> None:
    flag = snooze(_open(Level.WARNING), NOW + timedelta(days=7), NOW)
    plan = plan_flags([flag], [_long_shift(Level.HIGH)], LATER)
    [kept] = open_after(plan)
    assert kept.snoozed_until is None
    assert visibility(kept, LATER) is Visibility.NEW


def test_snoozing_into_the_past_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        snooze(_open(Level.WARNING), NOW - timedelta(hours=1), NOW)
    assert caught.value.field == "until"


def test_snoozing_longer_than_four_weeks_is_refused() -> None:
    with pytest.raises(InputError, match="at most 28 days"):
        snooze(_open(Level.WARNING), NOW + timedelta(days=29), NOW)


def test_a_second_open_flag_for_one_rule_is_closed() -> None:
    older = _open(Level.WARNING).model_copy(update={"id": 1, "raised_at": NOW - timedelta(days=3)})
    newer = _open(Level.WARNING).model_copy(update={"id": 2})
    plan = plan_flags([newer, older], [_long_shift(Level.WARNING)], LATER)
    assert plan.resolved == (older,)
    assert [u.flag.id for u in plan.updated] == [2]


def test_sustained_is_raised_after_three_strained_weeks() -> None:
    weekly: dict[str, Overall] = {}
    flags: list[OpenFlag] = []
    raised: list[list[str]] = []
    stressful: list = []
    for friday in (date(2026, 11, 13), date(2026, 11, 20), date(2026, 11, 27)):
        now = at(f"{friday.isoformat()}T18:00")
        stressful += [day_shift(day, stress=7) for day in days_before(friday, 3)]
        findings = evaluate(context(stressful, now=now), DEFAULTS)
        plan = plan_flags(flags, findings, now)
        flags = open_after(plan)
        raised.append([f.rule_id for f in plan.raised])
        year, week, _ = friday.isocalendar()
        weekly[f"{year}-W{week:02d}"] = overall(findings)
    assert raised[0] == ["stress.high"]
    assert raised[1] == []
    assert raised[2] == ["sustained"]
    assert weekly["2026-W48"] is Overall.RED
