"""Levels, the overall traffic light and explanations in the reader's language."""

from __future__ import annotations

from wellbeing.domain.findings import Finding, Level, Overall, overall
from wellbeing.i18n import N_


def _finding(level: Level, rule_id: str = "stress.high") -> Finding:
    return Finding(
        rule_id=rule_id,
        level=level,
        message=N_(
            "{count} of your last {total} check-ins had stress {threshold} or more: {values}."
        ),
        params={"count": 3, "total": 5, "threshold": 7, "values": "7, 8, 7"},
        source=N_("Lesage & Berjot, Occupational Medicine 2011"),
    )


def test_levels_are_ordered_from_info_to_high() -> None:
    assert Level.INFO < Level.WATCH < Level.WARNING < Level.HIGH
    assert max([Level.WARNING, Level.HIGH, Level.WATCH]) is Level.HIGH


def test_levels_read_back_from_their_stored_text() -> None:
    assert Level("warning") is Level.WARNING
    assert Overall("orange") is Overall.ORANGE


def test_overall_is_green_without_findings() -> None:
    assert overall([]) is Overall.GREEN


def test_overall_stays_green_with_watch_findings_only() -> None:
    assert overall([_finding(Level.WATCH), _finding(Level.INFO)]) is Overall.GREEN


def test_overall_is_orange_when_the_highest_is_a_warning() -> None:
    assert overall([_finding(Level.WATCH), _finding(Level.WARNING)]) is Overall.ORANGE


def test_overall_is_red_when_any_finding_is_high() -> None:
    assert overall([_finding(Level.WARNING), _finding(Level.HIGH)]) is Overall.RED


def test_explanation_fills_the_numbers_and_names_the_source() -> None:
    text = _finding(Level.WARNING).explain("en")
    assert text == (
        "3 of your last 5 check-ins had stress 7 or more: 7, 8, 7. "
        "Source: Lesage & Berjot, Occupational Medicine 2011."
    )


def test_explanation_writes_decimals_the_belgian_way_in_dutch_and_french() -> None:
    finding = Finding(
        rule_id="cbi.elevated",
        level=Level.WARNING,
        message=N_("Score {score}."),
        params={"score": 58.3},
        source="Kristensen et al. 2005",
    )
    assert "58,3" in finding.explain("nl")
    assert "58,3" in finding.explain("fr")
    assert "58.3" in finding.explain("en")


def test_a_finding_round_trips_through_its_stored_form() -> None:
    finding = _finding(Level.HIGH)
    assert Finding.model_validate_json(finding.model_dump_json()) == finding
