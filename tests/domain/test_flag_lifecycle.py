"""Flags: one episode while the shifts judged in time order keep finding the same thing,
closed by the next shift that does not or when the evidence leaves the rule's window;
acknowledged or snoozed by the person, and shown again when their level rises."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.rules_builders import NOW
from wellbeing.domain.errors import InputError
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.flag_history import Judged, Kept, episodes, matched
from wellbeing.domain.flags import OpenFlag, Visibility, acknowledge, snooze, visibility
from wellbeing.domain.rules.sources import LONG_SHIFT

LATER = NOW + timedelta(days=1)
REACH = {"shift.long": timedelta(days=14)}
RULES = {"shift.long"}


def _long_shift(level: Level, worked: str = "10 h 30") -> Finding:
    return Finding(
        rule_id="shift.long",
        level=level,
        message="On {date} you worked {worked}.",
        params={"date": "2026-11-27", "worked": worked},
        source=LONG_SHIFT,
    )


def _shift(days: int, *findings: Finding) -> Judged:
    """A shift ending `days` after NOW (started 8 hours before) and what was found about it."""
    end = NOW + timedelta(days=days)
    return Judged(end, end - timedelta(hours=8), findings)


def _open(level: Level, **changes: object) -> OpenFlag:
    return OpenFlag(id=1, rule_id="shift.long", level=level, raised_at=NOW).model_copy(
        update=changes
    )


def test_first_finding_raises_a_flag_at_the_end_of_its_shift() -> None:
    [episode] = episodes([_shift(0, _long_shift(Level.WARNING))], REACH, RULES)
    assert episode.rule_id == "shift.long" and episode.raised_at == NOW


def test_a_flag_is_raised_once_per_episode_and_carries_the_latest_evidence() -> None:
    [episode] = episodes(
        [_shift(0, _long_shift(Level.WARNING)), _shift(1, _long_shift(Level.WARNING, "10 h 45"))],
        REACH,
        RULES,
    )
    assert episode.finding.params["worked"] == "10 h 45"
    assert episode.updated_at == LATER


def test_a_flag_resolves_at_the_next_shift_that_does_not_find_it() -> None:
    [episode] = episodes([_shift(0, _long_shift(Level.WARNING)), _shift(1)], REACH, RULES)
    assert episode.resolved_at == LATER
    assert not episode.open_at(LATER)


def test_a_flag_resolves_when_its_evidence_leaves_the_rules_window() -> None:
    [episode] = episodes([_shift(0, _long_shift(Level.WARNING))], REACH, RULES)
    assert episode.resolved_at == NOW - timedelta(hours=8) + timedelta(days=14)
    assert episode.open_at(NOW + timedelta(days=13))
    assert not episode.open_at(NOW + timedelta(days=14))


def test_a_new_episode_after_resolution_raises_a_new_flag() -> None:
    found = episodes(
        [_shift(0, _long_shift(Level.WARNING)), _shift(1), _shift(2, _long_shift(Level.WARNING))],
        REACH,
        RULES,
    )
    assert [e.raised_at for e in found] == [NOW, NOW + timedelta(days=2)]


def test_the_order_the_shifts_come_in_does_not_matter() -> None:
    shifts = [_shift(2, _long_shift(Level.HIGH)), _shift(0, _long_shift(Level.WARNING)), _shift(1)]
    assert episodes(shifts, REACH, RULES) == episodes(
        sorted(shifts, key=lambda j: j.at), REACH, RULES
    )


def test_a_new_flag_is_shown_as_new() -> None:
    assert visibility(_open(Level.WARNING), NOW) is Visibility.NEW


def test_an_acknowledged_flag_stays_acknowledged_while_its_episode_goes_on() -> None:
    flag = acknowledge(_open(Level.WARNING), NOW)
    [(kept, _, attention)] = matched(
        [Kept(flag, None)], episodes([_shift(0, _long_shift(Level.WARNING))], REACH, RULES)
    )
    assert kept is not None and kept.flag.id == 1
    assert attention.acknowledged_level is Level.WARNING


def test_an_acknowledged_flag_returns_as_new_when_its_level_rises() -> None:
    flag = acknowledge(_open(Level.WARNING), NOW)
    [(_, episode, attention)] = matched(
        [Kept(flag, None)], episodes([_shift(0, _long_shift(Level.HIGH))], REACH, RULES)
    )
    assert episode.level is Level.HIGH
    assert attention.acknowledged_at is None and attention.snoozed_until is None


def test_an_acknowledged_flag_back_at_its_acknowledged_level_stays_seen() -> None:
    flag = acknowledge(_open(Level.HIGH), NOW).model_copy(update={"level": Level.WARNING})
    [(_, _, attention)] = matched(
        [Kept(flag, None)], episodes([_shift(0, _long_shift(Level.HIGH))], REACH, RULES)
    )
    assert attention.acknowledged_at == NOW


def test_attention_does_not_pass_to_a_later_episode() -> None:
    flag = acknowledge(_open(Level.WARNING), NOW)
    later = episodes([_shift(20, _long_shift(Level.WARNING))], REACH, RULES)
    [(kept, _, attention)] = matched([Kept(flag, NOW + timedelta(days=1))], later)
    assert kept is None and attention.acknowledged_at is None


def test_a_snoozed_flag_is_hidden_until_its_date() -> None:
    flag = snooze(_open(Level.WARNING), NOW + timedelta(days=7), NOW)
    assert visibility(flag, NOW + timedelta(days=6)) is Visibility.HIDDEN
    assert visibility(flag, NOW + timedelta(days=7)) is Visibility.NEW


def test_a_snoozed_flag_returns_when_its_level_rises() -> None:
    flag = snooze(_open(Level.WARNING), NOW + timedelta(days=7), NOW)
    [(_, _, attention)] = matched(
        [Kept(flag, None)], episodes([_shift(0, _long_shift(Level.HIGH))], REACH, RULES)
    )
    assert attention.snoozed_until is None


def test_snoozing_into_the_past_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        snooze(_open(Level.WARNING), NOW - timedelta(hours=1), NOW)
    assert caught.value.field == "until"


def test_snoozing_longer_than_four_weeks_is_refused() -> None:
    with pytest.raises(InputError, match="at most 28 days"):
        snooze(_open(Level.WARNING), NOW + timedelta(days=29), NOW)
