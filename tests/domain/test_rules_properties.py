"""Properties that must hold for any history: order does not matter, more stress never
makes the overall level better, and working time always adds up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.rules_builders import DEFAULTS, NOW, context
from wellbeing.domain import worktime
from wellbeing.domain.checkin import Break, Checkin, Shift
from wellbeing.domain.findings import Finding, overall
from wellbeing.domain.rules import evaluate

MINUTE = timedelta(minutes=1)


@st.composite
def shifts(draw: st.DrawFn, identity: int, day_start: datetime) -> Shift:
    """A shift of 1-13 h starting some time on the day, with up to three breaks inside it."""
    start = day_start + draw(st.integers(0, 23 * 60)) * MINUTE
    length = draw(st.integers(60, 13 * 60))
    breaks: list[Break] = []
    cursor = 0
    for _ in range(draw(st.integers(0, 3))):
        gap, duration = draw(st.integers(1, 240)), draw(st.integers(1, 45))
        if cursor + gap + duration >= length:
            break
        begin = start + (cursor + gap) * MINUTE
        breaks.append(Break(start=begin, end=begin + duration * MINUTE))
        cursor += gap + duration
    return Shift(
        id=identity,
        start=start,
        end=start + length * MINUTE,
        breaks=tuple(breaks),
        contacts=(contacts := draw(st.integers(0, 120))),
        difficult=draw(st.integers(0, min(contacts, 8))),
        occupancy=draw(st.none() | st.floats(50, 100, allow_nan=False)),
    )


@st.composite
def histories(draw: st.DrawFn) -> list[Checkin]:
    """Check-ins on distinct days of the 70 days before the frozen now."""
    days = draw(st.lists(st.integers(1, 70), min_size=1, max_size=20, unique=True))
    midnight = NOW.replace(hour=0, minute=0)
    return [
        Checkin(
            id=1000 + n,
            shift=draw(shifts(n, midnight - timedelta(days=back))),
            stress=draw(st.integers(0, 10)),
            energy=draw(st.integers(0, 10)),
            recorded_at=NOW,
        )
        for n, back in enumerate(sorted(days))
    ]


@settings(max_examples=60, deadline=None)
@given(history=histories(), data=st.data())
def test_findings_do_not_depend_on_the_order_shifts_are_given(
    history: list[Checkin], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(history))
    assert evaluate(context(shuffled), DEFAULTS) == evaluate(context(history), DEFAULTS)


@settings(max_examples=60, deadline=None)
@given(history=histories())
def test_every_finding_a_rule_makes_is_what_validating_its_values_gives(
    history: list[Checkin],
) -> None:
    # Rules build their findings without validating them again (Finding.of).
    for finding in evaluate(context(history), DEFAULTS):
        validated = Finding.model_validate(finding.model_dump())
        assert validated == finding
        assert [type(value) for value in validated.params.values()] == [
            type(value) for value in finding.params.values()
        ]
        assert type(validated.suggestions) is type(finding.suggestions)


@settings(max_examples=60, deadline=None)
@given(history=histories(), data=st.data())
def test_raising_a_stress_value_never_lowers_the_overall_level(
    history: list[Checkin], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(history) - 1))
    target = history[index]
    raised = target.model_copy(update={"stress": data.draw(st.integers(target.stress, 10))})
    worse = [*history[:index], raised, *history[index + 1 :]]
    before = overall(evaluate(context(history), DEFAULTS))
    after = overall(evaluate(context(worse), DEFAULTS))
    assert after >= before


# Days around both 2026 clock changes, where wall-clock arithmetic would be an hour off.
DST_DAYS = st.sampled_from(
    [datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 10, 24, tzinfo=UTC), NOW.replace(hour=0)]
)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), day=DST_DAYS)
def test_worked_time_and_breaks_add_up_to_the_span(data: st.DataObject, day: datetime) -> None:
    shift = data.draw(shifts(1, day))
    assert worktime.worked_time(shift) + shift.break_time == worktime.span(shift)
    assert worktime.night_time(shift) <= worktime.worked_time(shift)
    assert worktime.longest_stretch(shift, 5 * MINUTE) <= worktime.worked_time(shift)
