"""A replay's shortcuts (`_Judge`) give exactly what evaluating every step the live way gives.

The judge skips rules that provably find nothing, remembers per check-in what only depends on
it, and has most findings made only when a flag keeps them; any history and any thresholds
must still give the same flags, evidence, moments and weekly levels as the plain replay.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_rules_builders import DEFAULTS
from wellbeing.domain.checkin import Break, Checkin, Shift
from wellbeing.domain.replay import Replay, _Judge, _replay, replay_history
from wellbeing.domain.rules import RulesConfig
from wellbeing.domain.rules.config import rules_from_tables
from wellbeing.domain.surveys import SurveyResult

MINUTE = timedelta(minutes=1)
# Around both changes of the clocks in Brussels (29 March and 25 October 2026), and a plain time.
FIRST_DAYS = (
    datetime(2026, 3, 9, tzinfo=UTC),
    datetime(2026, 10, 5, tzinfo=UTC),
    datetime(2026, 6, 1, tzinfo=UTC),
)


@st.composite
def shifts(draw: st.DrawFn, identity: int, day: datetime) -> Shift:
    """A shift of 1-15 h at any hour, night shifts included, with up to four breaks."""
    start = day + draw(st.integers(0, 24 * 60 - 1)) * MINUTE
    length = draw(st.integers(60, 15 * 60))
    breaks: list[Break] = []
    cursor = 0
    for _ in range(draw(st.integers(0, 4))):
        gap, duration = draw(st.integers(0, 300)), draw(st.integers(1, 50))
        if cursor + gap + duration > length:
            break
        begin = start + (cursor + gap) * MINUTE
        breaks.append(Break(start=begin, end=begin + duration * MINUTE))
        cursor += gap + duration
    contacts = draw(st.integers(0, 80))
    return Shift(
        id=identity,
        start=start,
        end=start + length * MINUTE,
        breaks=tuple(breaks),
        contacts=contacts,
        difficult=draw(st.integers(0, min(contacts, 6))),
        occupancy=draw(st.none() | st.floats(60, 100, allow_nan=False)),
    )


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Checkin], list[SurveyResult]]:
    """Up to 90 days with zero to two shifts each; some recorded days late, out of order."""
    first = draw(st.sampled_from(FIRST_DAYS))
    checkins: list[Checkin] = []
    for day in range(draw(st.integers(1, 90))):
        for _ in range(draw(st.sampled_from((0, 1, 1, 1, 2)))):
            identity = len(checkins) + 1
            shift = draw(shifts(identity, first + timedelta(days=day)))
            late = draw(st.sampled_from((10, 10, 30, 600, 3 * 24 * 60)))
            checkins.append(
                Checkin(
                    id=identity,
                    shift=shift,
                    stress=draw(st.integers(0, 10)),
                    energy=draw(st.integers(0, 10)),
                    recorded_at=shift.end + late * MINUTE,
                )
            )
    surveys: list[SurveyResult] = []
    for number in range(draw(st.integers(0, 6))):
        taken_at = first + draw(st.integers(0, 95 * 24 * 60)) * MINUTE
        if draw(st.booleans()):
            answers = tuple(draw(st.lists(st.integers(0, 5), min_size=5, max_size=5)))
            scores = {"raw": float(sum(answers)), "percent": float(sum(answers) * 4)}
            surveys.append(
                SurveyResult(
                    id=number + 1,
                    instrument="who5",
                    taken_at=taken_at,
                    answers=answers,
                    scores=scores,
                )
            )
        else:
            scale = st.floats(0, 100, allow_nan=False)
            scores = {"personal": draw(scale), "work": draw(scale), "client": draw(scale)}
            surveys.append(
                SurveyResult(
                    id=number + 1,
                    instrument="cbi",
                    taken_at=taken_at,
                    answers=(2,) * 19,
                    scores=scores,
                )
            )
    return checkins, surveys


@st.composite
def rules(draw: st.DrawFn) -> RulesConfig:
    """The defaults with thresholds moved within their bounds, and some rules switched off."""
    tables: dict[str, dict[str, Any]] = DEFAULTS.as_dict()
    changes: dict[str, dict[str, Any]] = {
        "break.legal": {"after_hours": st.integers(3, 8), "min_break_minutes": st.integers(5, 30)},
        "break.recovery": {
            "max_work_minutes": st.integers(60, 240),
            "min_break_minutes": st.integers(1, 20),
        },
        "rest.daily": {"min_rest_hours": st.integers(6, 20)},
        "shift.long": {
            "max_worked_hours": st.integers(4, 11),
            "max_span_hours": st.integers(6, 14),
        },
        "days.consecutive": {"min_days": st.integers(1, 7)},
        "night.consecutive": {
            "min_nights": st.integers(1, 4),
            "min_night_hours": st.sampled_from((0.25, 1, 3, 5)),
            "night_start_hour": st.integers(18, 23),
            "night_end_hour": st.integers(4, 8),
        },
        "week.hours": {"max_hours": st.integers(10, 50)},
        "stress.high": {"min_stress": st.integers(3, 8), "min_count": st.integers(1, 3)},
        "stress.urgent": {"min_stress": st.integers(5, 9)},
        "stress.rising": {
            "min_rise": st.sampled_from((0.5, 1, 1.5, 2)),
            "min_baseline_checkins": st.integers(1, 10),
            "min_recent_checkins": st.integers(1, 3),
        },
        "energy.low": {"max_energy": st.integers(2, 7), "in_a_row": st.integers(1, 3)},
        "contacts.difficult": {"per_shift": st.integers(1, 5), "share_percent": st.integers(2, 30)},
        "occupancy.high": {
            "watch_percent": st.integers(60, 90),
            "warning_percent": st.integers(70, 95),
            "warning_count": st.integers(1, 3),
        },
        "who5.drop": {"min_drop": st.integers(4, 20)},
        "cbi.elevated": {"min_score": st.integers(20, 60)},
        "sustained": {"weeks": st.integers(2, 4)},
    }
    for rule_id, table in tables.items():
        if draw(st.integers(0, 9)) == 0:
            table["enabled"] = False
        if rule_id in changes and draw(st.booleans()):
            table.update({key: draw(values) for key, values in changes[rule_id].items()})
    return rules_from_tables(tables)


def outcome(replay: Replay) -> tuple[object, ...]:
    flags = [
        (flag.rule_id, flag.finding, flag.raised_at, flag.updated_at, flag.resolved_at)
        for flag in replay.flags
    ]
    return flags, replay.weekly_levels, replay.evaluations


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories(), config=rules())
def test_the_judge_gives_what_evaluating_every_step_gives(
    history: tuple[list[Checkin], list[SurveyResult]], config: RulesConfig
) -> None:
    checkins, surveys = history
    plain = _replay(checkins, surveys, config, None)
    # Called directly, a shortcut that disagrees with its rule raises instead of falling back.
    judged = _replay(checkins, surveys, config, _Judge(config, checkins))
    assert outcome(judged) == outcome(plain)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories())
def test_the_default_rules_judged_give_the_plain_replay(
    history: tuple[list[Checkin], list[SurveyResult]],
) -> None:
    checkins, surveys = history
    plain = replay_history(checkins, surveys, DEFAULTS, plain=True)
    assert outcome(_replay(checkins, surveys, DEFAULTS, _Judge(DEFAULTS, checkins))) == outcome(
        plain
    )
    assert outcome(replay_history(checkins, surveys, DEFAULTS)) == outcome(plain)


def boundary_week(extra_minutes: int) -> list[Checkin]:
    """Five 9-hour shifts without breaks, Monday to Friday, with 11 hours of rest between
    them; the fourth one longer by `extra_minutes`."""
    monday = datetime(2026, 11, 16, 7, tzinfo=UTC)
    checkins = []
    for day in range(5):
        start = monday + timedelta(days=day)
        end = start + timedelta(hours=9, minutes=extra_minutes if day == 3 else 0)
        shift = Shift(id=day + 1, start=start, end=end)
        checkins.append(Checkin(id=day + 1, shift=shift, stress=5, energy=5, recorded_at=end))
    return checkins


def test_thresholds_met_exactly_are_judged_as_the_rules_judge_them() -> None:
    """45 hours in a week is not more than 45, 15 hours of rest is not less than 15."""
    tables = DEFAULTS.as_dict()
    tables["rest.daily"]["min_rest_hours"] = 15
    tables["shift.long"]["max_worked_hours"] = 9
    config = rules_from_tables(tables)
    for extra, expected in ((0, set()), (1, {"week.hours", "shift.long", "rest.daily"})):
        checkins = boundary_week(extra)
        plain = _replay(checkins, [], config, None)
        judged = _replay(checkins, [], config, _Judge(config, checkins))
        assert outcome(judged) == outcome(plain)
        assert {f.rule_id for f in plain.flags} & {"week.hours", "shift.long", "rest.daily"} == (
            expected
        )


def test_work_inside_a_week_exactly_at_its_limit_is_not_more() -> None:
    """A Sunday night shift counts only its hours after midnight: 2 + 43 hours is 45."""
    sunday_night = datetime(2026, 11, 15, 21, tzinfo=UTC)  # 22:00 in Brussels, for 4 hours
    lengths = [(sunday_night, 4 * 60)]
    lengths += [(datetime(2026, 11, 17 + n, 7, tzinfo=UTC), 11 * 60) for n in range(3)]
    for extra, expected in ((0, False), (1, True)):
        friday = (datetime(2026, 11, 20, 7, tzinfo=UTC), 10 * 60 + extra)
        checkins = [
            Checkin(
                id=n + 1,
                shift=Shift(id=n + 1, start=start, end=start + minutes * MINUTE),
                stress=5,
                energy=5,
                recorded_at=start + minutes * MINUTE,
            )
            for n, (start, minutes) in enumerate([*lengths, friday])
        ]
        plain = _replay(checkins, [], DEFAULTS, None)
        judged = _replay(checkins, [], DEFAULTS, _Judge(DEFAULTS, checkins))
        assert outcome(judged) == outcome(plain)
        assert any(flag.rule_id == "week.hours" for flag in plain.flags) is expected
