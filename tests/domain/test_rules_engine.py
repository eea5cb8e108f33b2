"""evaluate() and required_window(): which rules run, over which rows, in which order."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.support.rules_builders import (
    DEFAULTS,
    NOW,
    context,
    day_shift,
    days_before,
    found,
    make_checkin,
    who5,
)
from wellbeing.domain.findings import Level
from wellbeing.domain.rules import RuleContext, evaluate, load_rules, required_window
from wellbeing.domain.suggestions import SUGGESTIONS

LAST = date(2026, 11, 27)


def _config(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def test_required_window_covers_sustained_weeks_judged_at_their_own_time() -> None:
    # sustained: 3 weeks and a day, each shift judged with stress.rising's 8 weeks and 7 days.
    assert required_window(DEFAULTS) == timedelta(weeks=3, days=1) + timedelta(weeks=8, days=7)


def test_required_window_covers_the_longest_rule_window_without_sustained(
    tmp_path: Path,
) -> None:
    # who5.drop: a result valid 28 days compared with one up to 42 days before it.
    config = _config(tmp_path, "[rules.sustained]\nenabled = false\n")
    assert required_window(config) == timedelta(days=70)


def test_required_window_covers_the_stress_baseline_when_surveys_are_off(tmp_path: Path) -> None:
    config = _config(
        tmp_path, "[rules.who5.drop]\nenabled = false\n[rules.sustained]\nenabled = false\n"
    )
    assert required_window(config) == timedelta(weeks=8, days=7)


def test_disabled_rule_fires_nothing(tmp_path: Path) -> None:
    config = _config(tmp_path, "[rules.break.legal]\nenabled = false\n")
    ctx = context([make_checkin("2026-11-27T08:00", "2026-11-27T16:00")])
    assert found("break.legal", ctx) != []
    assert found("break.legal", ctx, config) == []


def test_evaluation_after_a_survey_still_judges_the_latest_shift() -> None:
    ctx = context([make_checkin("2026-11-27T08:00", "2026-11-27T16:00")], surveys=[who5([3] * 5)])
    assert [f.rule_id for f in evaluate(ctx, DEFAULTS)].count("break.legal") == 1


def test_check_in_being_evaluated_counts_without_being_listed() -> None:
    ctx = RuleContext(
        checkins=[], checkin=make_checkin("2026-11-27T08:00", "2026-11-27T16:00"), now=NOW
    )
    assert "break.legal" in {f.rule_id for f in evaluate(ctx, DEFAULTS)}


def test_history_older_than_the_window_does_not_change_findings() -> None:
    recent = [day_shift(day, stress=7) for day in days_before(LAST, 3)]
    ancient = [day_shift(LAST - timedelta(days=80 + n), stress=1) for n in range(12)]
    assert evaluate(context(recent + ancient), DEFAULTS) == evaluate(context(recent), DEFAULTS)


def test_findings_come_most_serious_first() -> None:
    checkins = [day_shift(day, stress=8, energy=2) for day in days_before(LAST, 3)]
    levels = [f.level for f in evaluate(context(checkins), DEFAULTS)]
    assert levels[0] is Level.HIGH
    assert levels == sorted(levels, reverse=True)


def test_nothing_is_found_for_a_calm_week() -> None:
    assert evaluate(context([day_shift(d) for d in days_before(LAST, 5)]), DEFAULTS) == []


def test_every_finding_of_a_hard_month_has_a_source_and_known_suggestions() -> None:
    checkins = [
        make_checkin(
            f"{d.isoformat()}T07:00",
            f"{d.isoformat()}T19:30",
            stress=9,
            energy=1,
            contacts=50,
            difficult=6,
            occupancy=95,
        )
        for d in days_before(LAST, 8)
    ]
    findings = evaluate(context(checkins, surveys=[who5([1, 1, 1, 1, 1])]), DEFAULTS)
    assert len({f.rule_id for f in findings}) >= 10
    for finding in findings:
        assert finding.source
        assert finding.suggestions
        assert set(finding.suggestions) <= set(SUGGESTIONS)
        assert finding.explain("en").endswith(".")
