"""The feedback after a check-in gives each suggestion once, under the most serious finding."""

from __future__ import annotations

from wellbeing.domain import suggestions as tips
from wellbeing.domain.findings import Finding, Level
from wellbeing.tui.finding_views import feedback_view


def finding(rule_id: str, level: Level, *codes: str) -> Finding:
    return Finding(
        rule_id=rule_id,
        level=level,
        message="Something was found.",
        source="A source",
        suggestions=codes,
    )


def test_a_suggestion_shared_by_two_findings_is_shown_under_the_most_serious_only() -> None:
    view = feedback_view(
        "red",
        [
            finding("break.legal", Level.WARNING, tips.BREAK_LEGAL, tips.TALK_TEAMLEADER),
            finding("shift.long", Level.HIGH, tips.TALK_TEAMLEADER),
        ],
        "en",
    )
    shown = [(f.rule_id, [s.code for s in f.suggestions]) for f in view.findings]
    assert shown == [
        ("shift.long", [tips.TALK_TEAMLEADER]),
        ("break.legal", [tips.BREAK_LEGAL]),
    ]
