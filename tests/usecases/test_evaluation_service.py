"""After each check-in and questionnaire the rules run, and their flags are kept per episode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from tests.support.clock import FrozenClock
from wellbeing.domain.errors import InputError
from wellbeing.domain.findings import Level, Overall
from wellbeing.domain.flags import Visibility
from wellbeing.services import Wellbeing
from wellbeing.store.database import Database


def shift(day: str, start: str = "08:00", end: str = "15:00", **extra: object) -> dict:
    return {"start": f"{day}T{start}", "end": f"{day}T{end}", "stress": 3, "energy": 6, **extra}


def lunch(day: str) -> list[dict[str, str]]:
    return [{"start": f"{day}T11:30", "end": f"{day}T12:00"}]


def open_rules(service: Wellbeing) -> dict[str, Level]:
    return {flag.rule_id: flag.level for flag in service.flags().flags}


def test_a_seven_hour_shift_without_a_break_raises_the_legal_break_flag(
    service: Wellbeing,
) -> None:
    outcome = service.check_in(shift("2026-11-26"))
    legal = [f for f in outcome.findings if f.rule_id == "break.legal"]
    assert legal and legal[0].level is Level.WARNING
    assert "7" in legal[0].explain("en")
    assert outcome.overall is Overall.ORANGE
    assert open_rules(service)["break.legal"] is Level.WARNING


def test_a_flag_is_raised_once_per_episode(service: Wellbeing) -> None:
    service.check_in(shift("2026-11-24"))
    service.check_in(shift("2026-11-25"))
    flags = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    assert len(flags) == 1


def test_a_flag_resolves_itself_when_its_condition_clears(service: Wellbeing) -> None:
    service.check_in(shift("2026-11-25"))
    service.check_in(shift("2026-11-26", breaks=lunch("2026-11-26")))
    assert "break.legal" not in open_rules(service)


def test_an_acknowledged_flag_stays_open_but_is_no_longer_new(
    service: Wellbeing, clock: FrozenClock
) -> None:
    service.check_in(shift("2026-11-26"))
    [flag] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    service.acknowledge_flag(flag.id)
    [seen] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    assert seen.visibility(clock()) is Visibility.SEEN


def test_a_snoozed_flag_is_hidden_until_its_date(service: Wellbeing, clock: FrozenClock) -> None:
    service.check_in(shift("2026-11-26"))
    [flag] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    until = service.snooze_flag(flag.id, days=3)
    assert until == clock() + timedelta(days=3)
    [hidden] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    assert hidden.visibility(clock()) is Visibility.HIDDEN
    assert hidden.visibility(clock() + timedelta(days=4)) is Visibility.NEW


def test_a_snoozed_flag_comes_back_when_its_level_rises(
    service: Wellbeing, clock: FrozenClock
) -> None:
    service.check_in(shift("2026-11-24", "06:30", "17:15", breaks=lunch("2026-11-24")))
    [long] = [f for f in service.flags().flags if f.rule_id == "shift.long"]
    assert long.level is Level.WARNING
    service.snooze_flag(long.id, days=7)
    service.check_in(shift("2026-11-26", "06:00", "19:00", breaks=lunch("2026-11-26")))
    [risen] = [f for f in service.flags().flags if f.rule_id == "shift.long"]
    assert risen.level is Level.HIGH
    assert risen.visibility(clock()) is Visibility.NEW


def test_snoozing_for_zero_days_is_refused(service: Wellbeing) -> None:
    service.check_in(shift("2026-11-26"))
    [flag] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    with pytest.raises(ValueError, match="days"):
        service.snooze_flag(flag.id, days=0)


def test_a_very_low_who5_raises_a_high_flag_with_the_support_lines(service: Wellbeing) -> None:
    outcome = service.take_survey("who5", [1, 1, 1, 2, 2])
    assert outcome.result.scores["percent"] == 28
    [very_low] = [f for f in outcome.findings if f.rule_id == "who5.very_low"]
    assert very_low.level is Level.HIGH
    assert "support.lines" in very_low.suggestions
    assert outcome.overall is Overall.RED


def test_a_who5_result_is_stored_and_read_back(service: Wellbeing) -> None:
    service.take_survey("who5", [3, 3, 3, 3, 3])
    stored = service.last_survey("who5")
    assert stored is not None and stored.scores["percent"] == 60


def test_three_weeks_of_stress_raise_the_sustained_rule(
    service: Wellbeing, clock: FrozenClock
) -> None:
    for day in ("09", "10", "11", "16", "17", "18", "23", "24", "25"):
        clock.set(datetime.fromisoformat(f"2026-11-{day}T18:00").replace(tzinfo=UTC))
        worked = shift(f"2026-11-{day}", breaks=lunch(f"2026-11-{day}"))
        outcome = service.check_in({**worked, "stress": 7})
    assert any(f.rule_id == "sustained" for f in outcome.findings)


def test_a_who5_of_48_percent_and_three_healthy_weeks_never_go_red(
    service: Wellbeing, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 2, 7, 0, tzinfo=UTC))
    assert service.take_survey("who5", [3, 2, 2, 3, 2]).overall is Overall.ORANGE
    levels = []
    for week in (2, 9, 16):
        for weekday in range(5):
            day = f"2026-11-{week + weekday:02d}"
            clock.set(datetime.fromisoformat(f"{day}T16:00").replace(tzinfo=UTC))
            breaks = [
                {"start": f"{day}T10:00", "end": f"{day}T10:10"},
                *lunch(day),
                {"start": f"{day}T13:30", "end": f"{day}T13:40"},
            ]
            healthy = {**shift(day, breaks=breaks), "stress": 3, "energy": 7}
            outcome = service.check_in(healthy)
            levels.append(outcome.overall)
            assert not any(f.rule_id == "sustained" for f in outcome.findings)
    assert Overall.RED not in levels


def test_three_orange_weeks_of_missed_breaks_alone_do_not_raise_sustained(
    service: Wellbeing, clock: FrozenClock
) -> None:
    for day in ("2026-11-10", "2026-11-17", "2026-11-24"):
        clock.set(datetime.fromisoformat(f"{day}T18:00").replace(tzinfo=UTC))
        outcome = service.check_in(shift(day))
    assert outcome.overall is Overall.ORANGE
    assert not any(f.rule_id == "sustained" for f in outcome.findings)


def statements_for_one_checkin(database: Database, service: Wellbeing) -> int:
    issued: list[str] = []

    def count(*args: object) -> None:
        issued.append(str(args[2]))

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        service.check_in(shift("2026-11-26", breaks=lunch("2026-11-26")))
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    return len(issued)


def fill_history(service: Wellbeing, first: datetime, step: timedelta) -> None:
    """Check-ins from `first` in steps, then the same daily month before the measured one."""
    recent = datetime(2026, 10, 27, tzinfo=UTC)
    day = first
    while day < recent:
        service.record_checkin(shift(day.date().isoformat(), breaks=lunch(day.date().isoformat())))
        day += step
    for offset in range(30):
        iso = (recent + timedelta(days=offset)).date().isoformat()
        service.record_checkin(shift(iso, breaks=lunch(iso)))


def test_evaluation_reads_the_same_number_of_queries_after_a_month_or_three_years(
    database: Database, clock: FrozenClock
) -> None:
    month = Wellbeing(database, "one-month", clock)
    years = Wellbeing(database, "three-years", clock)
    fill_history(month, datetime(2026, 10, 27, tzinfo=UTC), timedelta(days=7))
    fill_history(years, datetime(2023, 11, 1, tzinfo=UTC), timedelta(days=5))
    assert len(years.history()) > 5 * len(month.history())
    assert statements_for_one_checkin(database, month) == statements_for_one_checkin(
        database, years
    )


def test_correcting_a_checkin_replaces_it_and_runs_the_rules_again(service: Wellbeing) -> None:
    first = service.check_in(shift("2026-11-26"))
    assert any(f.rule_id == "break.legal" for f in first.findings)
    fixed = service.update_checkin(
        first.checkin.id, shift("2026-11-26", breaks=lunch("2026-11-26"))
    )
    assert [c.id for c in service.history()] == [fixed.checkin.id]
    assert "break.legal" not in open_rules(service)


def test_a_correction_that_would_overlap_another_shift_changes_nothing(
    service: Wellbeing,
) -> None:
    service.check_in(shift("2026-11-25", "08:00", "15:00"))
    second = service.check_in(shift("2026-11-26", "08:00", "15:00"))
    with pytest.raises(ValueError, match="overlaps"):
        service.update_checkin(second.checkin.id, shift("2026-11-25", "10:00", "12:00"))
    assert len(service.history()) == 2


def test_reflection_gives_weekly_figures_and_a_baseline(service: Wellbeing) -> None:
    for day in ("2026-11-16", "2026-11-17", "2026-11-24", "2026-11-25"):
        service.check_in(shift(day, breaks=lunch(day), stress=4 if day < "2026-11-20" else 7))
    reflection = service.reflection(weeks=4)
    assert [w.checkins for w in reflection.weeks] == [0, 0, 2, 2]
    assert reflection.weeks[-1].mean_stress == 7
    assert reflection.weeks[-1].hours_worked == 13
    assert any("higher than last week" in line for line in reflection.summary)


def test_surveys_are_due_until_taken(service: Wellbeing) -> None:
    assert service.surveys_due() == {"who5": True, "cbi": True}
    service.take_survey("who5", [3, 3, 3, 3, 3])
    assert service.surveys_due() == {"who5": False, "cbi": True}


def test_snoozing_beyond_the_longest_snooze_is_refused_and_keeps_the_flag(
    service: Wellbeing,
) -> None:
    service.check_in(shift("2026-11-26"))
    [flag] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    with pytest.raises(ValueError, match="days"):
        service.snooze_flag(flag.id, days=2_912_113)
    [still] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    assert still.snoozed_until is None


def test_a_flag_id_that_is_not_a_number_is_refused_in_one_line(service: Wellbeing) -> None:
    with pytest.raises(InputError) as refused:
        service.acknowledge_flag("\n")  # type: ignore[arg-type]
    assert refused.value.field == "flag" and "\n" not in str(refused.value)
