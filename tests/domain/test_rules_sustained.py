"""sustained: three ISO weeks in a row, each bringing new strain evidence of that week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.support.rules_builders import at, context, day_shift, days_before, found, who5
from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Level, Overall
from wellbeing.domain.rules import RuleContext, evaluate
from wellbeing.domain.rules.config import load_rules
from wellbeing.domain.surveys import SurveyResult

DEFAULTS = load_rules()
LAST = date(2026, 11, 27)  # a Friday in ISO week 2026-W48


def _stressful_week(friday: date) -> list[Checkin]:
    """Mon-Wed calm, Wed-Fri with stress 7: stress.high fires on a shift of that week."""
    return [day_shift(day, stress=7) for day in days_before(friday, 3)]


def _calm_week(friday: date) -> list[Checkin]:
    return [day_shift(day, stress=3, energy=7) for day in days_before(friday, 5)]


def test_three_strained_weeks_in_a_row_fire_sustained() -> None:
    shifts = [
        *_stressful_week(LAST - timedelta(weeks=2)),
        *_stressful_week(LAST - timedelta(weeks=1)),
    ]
    [finding] = found("sustained", context([*shifts, *_stressful_week(LAST)]))
    assert finding.level is Level.HIGH
    text = finding.explain("en")
    assert "last 3 ISO weeks, from 2026-W46 to 2026-W48" in text
    assert "Schaufeli" in text
    assert "care.occupational" in finding.suggestions


def test_two_strained_weeks_are_not_yet_sustained() -> None:
    shifts = [*_stressful_week(LAST - timedelta(weeks=1)), *_stressful_week(LAST)]
    assert found("sustained", context(shifts)) == []


def test_a_week_off_between_breaks_the_run() -> None:
    shifts = [
        *_stressful_week(LAST - timedelta(weeks=3)),
        *_stressful_week(LAST - timedelta(weeks=1)),
        *_stressful_week(LAST),
    ]
    assert found("sustained", context(shifts)) == []


def test_a_low_who5_carried_over_does_not_make_later_weeks_count() -> None:
    # WHO-5 of 48 % on Monday of W46, then three healthy weeks: who5.low stays orange for
    # 28 days, but only W46 brought a low result of its own.
    survey = who5([3, 2, 2, 3, 2], at("2026-11-09T09:00"))
    shifts = [
        *_calm_week(LAST - timedelta(weeks=2)),
        *_calm_week(LAST - timedelta(weeks=1)),
        *_calm_week(LAST),
    ]
    ctx = context(shifts, surveys=[survey])
    assert found("who5.low", ctx) != []
    assert found("sustained", ctx) == []


def test_a_low_questionnaire_answered_each_week_counts_each_week() -> None:
    surveys = [who5([2] * 5, at(f"2026-11-{day}T09:00")) for day in ("09", "16", "23")]
    assert found("sustained", context(_calm_week(LAST), surveys=surveys)) != []


def test_planning_rules_alone_do_not_make_a_week_count() -> None:
    # 11 h worked every day (shift.long high, no breaks) but calm and rested otherwise.
    def long_day(day: date) -> Checkin:
        from tests.support.rules_builders import make_checkin

        iso = day.isoformat()
        return make_checkin(f"{iso}T07:00", f"{iso}T19:00", stress=3, energy=7)

    shifts = [long_day(LAST - timedelta(days=n)) for n in range(0, 21, 2)]
    ctx = context(shifts)
    assert found("shift.long", ctx) != []
    assert found("sustained", ctx) == []


def test_weeks_run_across_the_new_year() -> None:
    fridays = [date(2026, 12, 25), date(2027, 1, 1), date(2027, 1, 8)]
    shifts = [checkin for friday in fridays for checkin in _stressful_week(friday)]
    [finding] = found("sustained", context(shifts, now=at("2027-01-08T18:00")))
    assert finding.params["first"] == "2026-W52"
    assert finding.params["last"] == "2027-W01"


def _at_each_moment(shifts: list[Checkin], surveys: list[SurveyResult]) -> list[Overall]:
    """The overall level at the end of every shift, as it was recorded."""
    from wellbeing.domain.findings import overall

    levels = []
    for index, checkin in enumerate(shifts):
        now = checkin.shift.end.astimezone(UTC)
        ctx = RuleContext(
            checkins=shifts[: index + 1],
            surveys=[s for s in surveys if s.taken_at <= now],
            now=now,
            checkin=checkin,
        )
        levels.append(overall(evaluate(ctx, DEFAULTS)))
    return levels


def test_who5_of_48_percent_and_three_healthy_weeks_are_never_red() -> None:
    survey = who5([3, 2, 2, 3, 2], datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    fridays = [LAST - timedelta(weeks=n) for n in (3, 2, 1, 0)]
    shifts = [checkin for friday in fridays for checkin in _calm_week(friday)]
    assert Overall.RED not in _at_each_moment(shifts, [survey])
