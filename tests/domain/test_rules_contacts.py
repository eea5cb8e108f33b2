"""contacts.difficult (emotional labour) and occupancy.high (workforce planning consensus)."""

from __future__ import annotations

from datetime import date

from tests.support.rules_builders import context, day_shift, days_before, found
from wellbeing.domain.findings import Level
from wellbeing.domain.suggestions import DEBRIEF_CONTACTS

LAST = date(2026, 11, 27)


def test_two_difficult_contacts_in_a_shift_fire_nothing() -> None:
    ctx = context([day_shift(LAST, contacts=60, difficult=2)])
    assert found("contacts.difficult", ctx) == []


def test_three_difficult_contacts_in_a_shift_fire_contacts_difficult() -> None:
    [finding] = found("contacts.difficult", context([day_shift(LAST, contacts=60, difficult=3)]))
    assert finding.level is Level.WATCH
    text = finding.explain("en")
    assert "You had 3 difficult contacts on 27 November 2026" in text
    assert "Deery" in text
    assert finding.suggestions[0] == DEBRIEF_CONTACTS


def _week(difficult: list[int], contacts: int = 100) -> list:
    days = days_before(LAST, len(difficult))
    return found(
        "contacts.difficult",
        context(
            [
                day_shift(d, contacts=contacts, difficult=n)
                for d, n in zip(days, difficult, strict=True)
            ]
        ),
    )


def test_difficult_share_of_nine_percent_fires_nothing() -> None:
    assert _week([2, 2, 2, 2, 1], contacts=20) == []


def test_difficult_share_of_ten_percent_over_seven_days_fires() -> None:
    [finding] = _week([2, 2, 2, 2, 2], contacts=20)
    text = finding.explain("en")
    assert "10 of your 100 contacts in the last 7 days were difficult (10 %" in text


def test_both_a_hard_shift_and_a_high_share_are_explained_together() -> None:
    [finding] = _week([2, 2, 2, 2, 4], contacts=20)
    text = finding.explain("en")
    assert "You had 4 difficult contacts" in text
    assert "12 of your 100 contacts" in text


def test_one_difficult_email_out_of_eight_is_no_pattern() -> None:
    assert found("contacts.difficult", context([day_shift(LAST, contacts=8, difficult=1)])) == []


def test_a_share_over_fewer_than_thirty_contacts_fires_nothing() -> None:
    assert _week([1, 1, 1, 0, 0], contacts=5) == []


def test_a_share_over_exactly_thirty_contacts_fires() -> None:
    [finding] = _week([1, 1, 1, 0, 0], contacts=6)
    assert finding.params["contacts"] == 30
    assert "at least 30 contacts" in finding.explain("en")


def test_three_difficult_contacts_in_one_short_shift_still_fire() -> None:
    assert found("contacts.difficult", context([day_shift(LAST, contacts=5, difficult=3)])) != []


def test_contacts_older_than_seven_days_do_not_count_for_the_share() -> None:
    old = day_shift(date(2026, 11, 19), contacts=10, difficult=10)
    assert found("contacts.difficult", context([old, day_shift(LAST, contacts=90)])) == []


def _occupancy(values: list[float | None]) -> list:
    days = days_before(LAST, len(values))
    return found(
        "occupancy.high",
        context([day_shift(d, occupancy=v) for d, v in zip(days, values, strict=True)]),
    )


def test_occupancy_of_eighty_five_percent_fires_nothing() -> None:
    assert _occupancy([85]) == []


def test_occupancy_just_above_eighty_five_percent_is_a_watch() -> None:
    [finding] = _occupancy([85.5])
    assert finding.level is Level.WATCH
    text = finding.explain("en")
    assert "85.5 %" in text
    assert "above 85 %" in text
    assert "Call Centre Helper" in text


def test_occupancy_of_ninety_in_three_of_five_shifts_is_only_a_watch() -> None:
    [finding] = _occupancy([90, 90, 70, 90, 90])
    assert finding.level is Level.WATCH


def test_occupancy_above_ninety_in_three_of_five_shifts_is_a_warning() -> None:
    [finding] = _occupancy([91, 70, 95, None, 92.5])
    assert finding.level is Level.WARNING
    text = finding.explain("en")
    assert "3 of your last 5 shifts had an occupancy above 90 %: 91, 95, 92.5" in text


def test_occupancy_above_ninety_in_two_of_five_shifts_is_not_a_warning() -> None:
    [finding] = _occupancy([91, 70, 95, 80, 86])
    assert finding.level is Level.WATCH


def test_unknown_occupancy_fires_nothing() -> None:
    assert _occupancy([None, None, None]) == []
