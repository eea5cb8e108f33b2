"""break.legal (Labour Act art. 38quater) and break.recovery (UK HSE LAC 94/1)."""

from __future__ import annotations

from tests.support.rules_builders import context, found, make_checkin
from wellbeing.domain.findings import Level

DAY = "2026-11-27"


def _legal(end: str, breaks: list[tuple[str, str]] | None = None) -> list:
    pauses = [(f"{DAY}T{b}", f"{DAY}T{e}") for b, e in breaks or []]
    return found("break.legal", context([make_checkin(f"{DAY}T08:00", f"{DAY}T{end}", pauses)]))


def test_six_hours_of_work_without_a_break_fire_nothing() -> None:
    assert _legal("14:00") == []


def test_six_hours_ten_without_a_break_fire_break_legal() -> None:
    [finding] = _legal("14:10")
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "6 h 10" in text
    assert "15 minutes" in text
    assert "6 h 00" in text
    assert "38quater" in text


def test_break_that_begins_after_six_hours_of_work_does_not_count() -> None:
    [finding] = _legal("14:30", [("14:05", "14:20")])
    assert finding.rule_id == "break.legal"
    assert "6 h 15" in finding.explain("en")


def test_break_that_begins_at_five_hours_fifty_satisfies_the_law() -> None:
    assert _legal("14:30", [("13:50", "14:05")]) == []


def test_break_that_begins_exactly_at_six_hours_satisfies_the_law() -> None:
    assert _legal("14:30", [("14:00", "14:15")]) == []


def test_break_of_fourteen_minutes_is_too_short() -> None:
    [finding] = _legal("14:30", [("12:00", "12:14")])
    assert finding.params["min_break"] == 15


def test_break_of_sixteen_minutes_is_enough() -> None:
    assert _legal("14:30", [("12:00", "12:16")]) == []


def _recovery(end: str, breaks: list[tuple[str, str]]) -> list:
    pauses = [(f"{DAY}T{b}", f"{DAY}T{e}") for b, e in breaks]
    return found("break.recovery", context([make_checkin(f"{DAY}T08:00", f"{DAY}T{end}", pauses)]))


def test_two_hours_of_work_in_a_row_fire_nothing() -> None:
    assert _recovery("12:00", [("10:00", "10:05")]) == []


def test_two_hours_and_one_minute_in_a_row_fire_break_recovery() -> None:
    [finding] = _recovery("12:00", [("10:01", "10:06")])
    assert finding.level is Level.WATCH
    text = finding.explain("en")
    assert "2 h 01" in text
    assert "5 minutes" in text
    assert "LAC 94/1" in text


def test_pause_of_four_minutes_does_not_interrupt_a_stretch() -> None:
    [finding] = _recovery("12:04", [("10:00", "10:04")])
    assert finding.params["stretch_minutes"] == 240


def test_pause_of_five_minutes_interrupts_a_stretch() -> None:
    assert _recovery("12:05", [("10:00", "10:05")]) == []
