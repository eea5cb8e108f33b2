"""Every shift judged at its own time: late, corrected and deleted shifts, in any order."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.clock import FrozenClock
from wellbeing.domain.findings import Level
from wellbeing.domain.localtime import to_local
from wellbeing.reevaluation import reevaluate_history
from wellbeing.services import Wellbeing
from wellbeing.store.database import Database


def shift(day: str, start: str, end: str, *, lunch: bool = True, **extra: object) -> dict:
    breaks = [{"start": f"{day}T12:00", "end": f"{day}T12:30"}] if lunch else []
    end_day = extra.pop("end_day", day)
    return {
        "start": f"{day}T{start}",
        "end": f"{end_day}T{end}",
        "breaks": breaks,
        "stress": 3,
        "energy": 6,
        **extra,
    }


def rules_of(findings: list) -> dict[str, Level]:
    return {f.rule_id: f.level for f in findings}


def test_a_backfilled_shift_is_judged_about_itself_not_the_newest(service: Wellbeing) -> None:
    service.check_in(shift("2026-11-20", "08:00", "18:00"))
    outcome = service.check_in(shift("2026-11-10", "08:00", "18:00", lunch=False))
    legal = [f for f in outcome.findings if f.rule_id == "break.legal"]
    assert legal and legal[0].params["date"] == "2026-11-10"
    assert all(f.params.get("date", "2026-11-10") == "2026-11-10" for f in outcome.findings)


def test_a_backfilled_late_shift_shortens_the_rest_before_the_next_one(
    service: Wellbeing,
) -> None:
    later = service.check_in(shift("2026-11-21", "06:00", "14:00")).checkin
    outcome = service.check_in(shift("2026-11-20", "14:00", "22:00", lunch=False))
    [neighbour] = outcome.neighbours
    assert neighbour.checkin.id == later.id
    assert rules_of(neighbour.findings)["rest.daily"] is Level.WARNING
    assert "rest.daily" in rules_of(service.shift_findings([later.id])[later.id])


def test_a_march_shift_recorded_today_gets_its_finding_but_opens_no_flag(
    service: Wellbeing,
) -> None:
    service.check_in(shift("2026-11-26", "08:00", "16:00"))
    outcome = service.check_in(shift("2026-03-10", "08:00", "16:00", lunch=False))
    assert rules_of(outcome.findings)["break.legal"] is Level.WARNING
    kept = service.shift_findings([outcome.checkin.id])[outcome.checkin.id]
    assert "break.legal" in rules_of(kept)
    assert "break.legal" not in {flag.rule_id for flag in service.flags().flags}


def test_deleting_a_shift_removes_its_findings_and_restores_the_neighbours(
    service: Wellbeing,
) -> None:
    later = service.check_in(shift("2026-11-21", "06:00", "14:00")).checkin
    before = rules_of(service.shift_findings([later.id])[later.id])
    late = service.check_in(shift("2026-11-20", "14:00", "22:00", lunch=False)).checkin
    changed = service.delete_checkin(late.id)
    assert [n.checkin.id for n in changed] == [later.id]
    assert rules_of(service.shift_findings([later.id])[later.id]) == before
    assert service.shift_findings([late.id]) == {late.id: []}


def test_correcting_a_shift_judges_it_and_its_neighbours_again(service: Wellbeing) -> None:
    later = service.check_in(shift("2026-11-21", "06:00", "14:00")).checkin
    late = service.check_in(shift("2026-11-20", "14:00", "22:00", lunch=False)).checkin
    outcome = service.update_checkin(late.id, shift("2026-11-20", "08:00", "16:00"))
    assert "break.legal" not in rules_of(outcome.findings)
    [neighbour] = outcome.neighbours
    assert neighbour.checkin.id == later.id
    assert "rest.daily" not in rules_of(neighbour.findings)


def test_reflect_counts_the_shifts_with_findings_per_week(service: Wellbeing) -> None:
    service.check_in(shift("2026-11-23", "08:00", "16:00", lunch=False))
    service.check_in(shift("2026-11-24", "08:00", "16:00", lunch=False))
    weeks = {week.week: week.with_findings for week in service.reflection(2).weeks}
    assert weeks["2026-W48"] == 2


# --- order does not matter ---------------------------------------------------------------

SHIFTS = [
    shift("2026-11-02", "08:00", "16:30"),
    shift("2026-11-03", "14:00", "22:00", lunch=False, stress=8),
    shift("2026-11-04", "06:00", "14:00", stress=8),
    shift("2026-11-05", "22:00", "06:00", lunch=False, end_day="2026-11-06", stress=8),
    shift("2026-11-06", "22:00", "06:00", lunch=False, end_day="2026-11-07", energy=2),
    shift("2026-11-07", "22:00", "06:00", lunch=False, end_day="2026-11-08", energy=2),
    shift("2026-11-08", "22:00", "06:00", lunch=False, end_day="2026-11-09", energy=2),
    shift("2026-11-12", "07:00", "19:00", contacts=40, difficult=4),
    shift("2026-11-16", "08:00", "16:00", contacts=8, difficult=1),
    shift("2026-11-17", "08:00", "18:30", stress=9),
]
_accounts = count()


def _record(database: Database, clock: FrozenClock, order: list[int]) -> Wellbeing:
    """Record SHIFTS in `order` for a new person."""
    me = Wellbeing(database, f"order-{next(_accounts)}", clock)
    for index in order:
        me.check_in(SHIFTS[index])
    return me


def _kept(me: Wellbeing) -> dict[str, object]:
    """What is kept about a person, independent of row ids: the findings per shift (by its
    start), every flag episode and every weekly level."""
    history = me.history()
    kept = me.shift_findings([c.id for c in history])
    data = me.export()["data"]
    return {
        "findings": {
            c.shift.start.astimezone(UTC).isoformat(): sorted(
                (f.rule_id, f.level.value, sorted(f.params.items())) for f in kept[c.id]
            )
            for c in history
        },
        "flags": sorted(
            (
                f["rule_id"],
                f["level"],
                str(f["raised_at"]),
                str(f["updated_at"]),
                str(f["resolved_at"]),
                json.dumps(f["numbers"], sort_keys=True),
            )
            for f in data["flags"]
        ),
        "weekly_levels": sorted((w["iso_week"], w["level"]) for w in data["weekly_levels"]),
    }


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(order=st.permutations(range(len(SHIFTS))))
def test_any_recording_order_keeps_the_same_findings_flags_and_weekly_levels(
    database: Database, order: list[int]
) -> None:
    clock = FrozenClock(datetime(2026, 11, 27, 17, 0, tzinfo=UTC))
    in_time_order = _kept(_record(database, clock, list(range(len(SHIFTS)))))
    assert in_time_order["flags"] and in_time_order["weekly_levels"]
    assert _kept(_record(database, clock, list(order))) == in_time_order


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(order=st.permutations(range(len(SHIFTS))))
def test_re_evaluating_keeps_what_recording_in_any_order_kept(
    database: Database, order: list[int]
) -> None:
    clock = FrozenClock(datetime(2026, 11, 27, 17, 0, tzinfo=UTC))
    me = _record(database, clock, list(order))
    recorded = _kept(me)
    reevaluate_history(database, me.rules, workers=0)
    assert _kept(me) == recorded


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    order=st.permutations(range(len(SHIFTS))),
    gone=st.sets(st.integers(0, len(SHIFTS) - 1), min_size=1, max_size=4),
)
def test_deleting_shifts_keeps_what_re_evaluating_the_rest_gives(
    database: Database, order: list[int], gone: set[int]
) -> None:
    clock = FrozenClock(datetime(2026, 11, 27, 17, 0, tzinfo=UTC))
    me = _record(database, clock, list(order))
    by_start = {c.shift.start: c.id for c in me.history()}
    for index in sorted(gone):
        start = datetime.fromisoformat(str(SHIFTS[index]["start"]))
        me.delete_checkin(
            next(i for s, i in by_start.items() if to_local(s).replace(tzinfo=None) == start)
        )
    followed = _kept(me)
    reevaluate_history(database, me.rules, workers=0)
    assert _kept(me) == followed


def test_a_flag_closes_when_its_evidence_leaves_the_rules_window(
    service: Wellbeing, clock: FrozenClock
) -> None:
    service.check_in(shift("2026-11-26", "08:00", "16:00", lunch=False))
    assert "break.legal" in {flag.rule_id for flag in service.flags().flags}
    clock.set(datetime(2026, 12, 11, 9, 0, tzinfo=UTC))  # 15 days on, nothing recorded since
    assert "break.legal" not in {flag.rule_id for flag in service.flags().flags}


def test_a_backfilled_shift_without_the_finding_closes_the_flag_of_the_shift_before(
    service: Wellbeing,
) -> None:
    service.check_in(shift("2026-11-24", "08:00", "16:00", lunch=False))
    service.check_in(shift("2026-11-26", "08:00", "16:00"))
    assert "break.legal" not in {flag.rule_id for flag in service.flags().flags}
    service.delete_checkin(service.history()[0].id)
    assert "break.legal" in {flag.rule_id for flag in service.flags().flags}


def test_a_corrected_shift_updates_its_weeks_level(service: Wellbeing) -> None:
    saved = service.check_in(shift("2026-11-10", "08:00", "16:00", lunch=False))
    levels = {w["iso_week"]: w["level"] for w in service.export()["data"]["weekly_levels"]}
    assert levels == {"2026-W46": "orange"}
    service.update_checkin(saved.checkin.id, shift("2026-11-17", "08:00", "16:00"))
    levels = {w["iso_week"]: w["level"] for w in service.export()["data"]["weekly_levels"]}
    assert levels == {"2026-W47": "green"}


def test_an_acknowledged_flag_stays_acknowledged_when_a_shift_is_backfilled_into_it(
    service: Wellbeing, clock: FrozenClock
) -> None:
    service.check_in(shift("2026-11-26", "08:00", "16:00", lunch=False))
    [flag] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    service.acknowledge_flag(flag.id)
    service.check_in(shift("2026-11-25", "08:00", "16:00", lunch=False))
    [seen] = [f for f in service.flags().flags if f.rule_id == "break.legal"]
    assert seen.id == flag.id and seen.acknowledged_at is not None


def test_checkin_json_lists_the_neighbours_whose_findings_changed(db_url: str) -> None:
    from tests.support.cli import run_cli

    first = run_cli(
        db_url,
        "checkin",
        "--start=2026-11-21T06:00",
        "--end=2026-11-21T11:00",
        "--stress=3",
        "--energy=6",
        "--json",
    )
    assert first.returncode == 0, first.stderr
    late = run_cli(
        db_url,
        "checkin",
        "--start=2026-11-20T14:00",
        "--end=2026-11-20T22:00",
        "--break=18:00-18:30",
        "--stress=3",
        "--energy=6",
        "--json",
    )
    assert late.returncode == 0, late.stderr
    saved = json.loads(late.stdout)
    [neighbour] = saved["neighbours"]
    assert neighbour["checkin_id"] == json.loads(first.stdout)["checkin"]["id"]
    assert "rest.daily" in [f["rule_id"] for f in neighbour["findings"]]
    assert "rest.daily" not in [f["rule_id"] for f in json.loads(first.stdout)["findings"]]
    # Brussels time with its offset, as the check-in itself is given (06:00 UTC would not do).
    assert (neighbour["start"], neighbour["end"]) == (
        "2026-11-21T06:00:00+01:00",
        "2026-11-21T11:00:00+01:00",
    )


def test_a_questionnaire_answered_before_a_shift_ends_counts_in_that_shifts_judgement(
    service: Wellbeing, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 24, 14, 50, tzinfo=UTC))  # 15:50 in Brussels
    for day in ("10", "11", "12", "17", "18", "19"):  # two weeks of low energy
        service.check_in(shift(f"2026-11-{day}", "08:00", "16:00", energy=2))
    # Still in its wrap-up: the shift ends at 16:00, ten minutes from now.
    ending = service.check_in(shift("2026-11-24", "08:00", "16:00", energy=7)).checkin
    assert "sustained" not in rules_of(service.shift_findings([ending.id])[ending.id])
    service.take_survey("who5", [2, 2, 2, 2, 2])  # low: this week brings strain as well
    assert "sustained" in rules_of(service.shift_findings([ending.id])[ending.id])


def _history(db_url: str, *args: str) -> str:
    from tests.support.cli import run_cli

    for day, lunch in (("2026-11-20", ["--break=12:00-12:30"]), ("2026-03-10", [])):
        saved = run_cli(
            db_url,
            "checkin",
            f"--start={day}T08:00",
            f"--end={day}T16:00",
            *lunch,
            "--stress=3",
            "--energy=6",
        )
        assert saved.returncode == 0, saved.stderr
    shown = run_cli(db_url, "history", *args)
    assert shown.returncode == 0, shown.stderr
    return shown.stdout


def test_history_names_the_rules_that_found_something_about_each_shift(db_url: str) -> None:
    november, march = _history(db_url).splitlines()[1:]
    assert november.startswith("2026-11-20") and november.split()[-1] == "break.recovery"
    assert march.startswith("2026-03-10") and march.endswith("break.legal, break.recovery")


def test_history_json_gives_each_check_in_its_findings(db_url: str) -> None:
    november, march = json.loads(_history(db_url, "--json"))["checkins"]
    assert [f["rule_id"] for f in november["findings"]] == ["break.recovery"]
    legal = march["findings"][0]
    assert (legal["rule_id"], legal["level"]) == ("break.legal", "warning")
    assert legal["params"]["date"] == "2026-03-10"
