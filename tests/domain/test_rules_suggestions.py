"""The catalogue of suggestions: stable codes, where to turn in Belgium (domain.md §6)."""

from __future__ import annotations

from wellbeing.domain.suggestions import (
    EMERGENCY_NUMBER,
    PAUSE_MICRO,
    SUGGESTIONS,
    SUPPORT_LINES,
    SUPPORT_LINES_CODE,
    TALK_CONFIDANT,
    TALK_TEAMLEADER,
    suggestion,
)


def test_catalogue_holds_the_ten_designed_suggestions() -> None:
    assert set(SUGGESTIONS) == {
        "pause.micro",
        "break.legal",
        "rest.protect",
        "talk.teamleader",
        "talk.confidant",
        "care.doctor",
        "support.lines",
        "debrief.contacts",
        "care.occupational",
        "legal.breach",
    }


def test_rest_suggestion_speaks_of_the_workers_right() -> None:
    text = suggestion("rest.protect").text_in("en")
    assert "You have the right to at least 11 consecutive hours of rest" in text
    assert not text.startswith("Keep")


def test_breach_suggestion_names_the_union_delegate_and_the_inspectorate() -> None:
    text = suggestion("legal.breach").text_in("nl")
    assert "vakbondsafgevaardigde" in text
    assert "Toezicht op de Sociale Wetten" in text


def test_occupational_doctor_suggestion_offers_a_spontaneous_consultation() -> None:
    assert "spontaneous consultation" in suggestion("care.occupational").text_in("en")


def test_micro_pause_can_be_started_as_a_five_minute_timer() -> None:
    action = suggestion(PAUSE_MICRO).action
    assert action is not None
    assert (action.kind, action.minutes) == ("pause", 5)


def test_support_lines_text_gives_every_number_and_the_emergency_number() -> None:
    text = suggestion(SUPPORT_LINES_CODE).text_in("en")
    for number in ("1813", "106", "107", "0800 32 123", "108", "112"):
        assert number in text


def test_support_lines_are_also_listed_as_data() -> None:
    assert [line.number for line in SUPPORT_LINES] == ["1813", "106", "107", "0800 32 123", "108"]
    assert EMERGENCY_NUMBER == "112"


def test_confidant_suggestion_says_they_must_hear_you_within_ten_days() -> None:
    text = suggestion(TALK_CONFIDANT).text_in("en")
    assert "vertrouwenspersoon" in text
    assert "preventieadviseur psychosociale aspecten" in text
    assert "10 calendar days" in text


def test_teamleader_suggestion_offers_a_conversation_starter() -> None:
    assert '"' in suggestion(TALK_TEAMLEADER).text_in("en")


def test_findings_that_fit_suggest_the_occupational_doctor_and_breach_contacts() -> None:
    from datetime import date

    from tests.support.rules_builders import context, day_shift, days_before, found, make_checkin

    urgent = [day_shift(d, stress=9) for d in days_before(date(2026, 11, 27), 3)]
    [stress] = found("stress.urgent", context(urgent))
    assert "care.occupational" in stress.suggestions
    no_break = make_checkin("2026-11-27T08:00", "2026-11-27T15:00")
    [legal] = found("break.legal", context([no_break]))
    assert "legal.breach" in legal.suggestions
    short_rest = [
        make_checkin("2026-11-26T14:00", "2026-11-26T22:00"),
        make_checkin("2026-11-27T06:00", "2026-11-27T10:00"),
    ]
    [rest] = found("rest.daily", context(short_rest))
    assert "legal.breach" in rest.suggestions
