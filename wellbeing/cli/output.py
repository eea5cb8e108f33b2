"""How the command line shows what the rules found: the traffic light in words, then each
finding with its numbers, its source and what the person can do about it.

Shared by the commands (`checkin`, `survey`, `flags`, `history` and more), so a finding
reads the same wherever it appears.
Levels are passed as their plain names ("warning", "orange"), which is what the domain's
string enums are, so this module needs nothing heavier than Click at import time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import click

from wellbeing.i18n import N_, _, counted, current_language
from wellbeing.presentation.to_watch import (
    PAST_FINDINGS,
    count_to_watch,
    shows_past_findings,
)

if TYPE_CHECKING:
    from wellbeing.domain.checkin import Checkin
    from wellbeing.domain.findings import Finding

# Never colour alone (design.md, flow 1): the light is always said with what it means.
_OVERALL_MEANING = {
    "green": N_("green: nothing needs your attention now"),
    "orange": N_("orange: something needs your attention"),
    "red": N_("red: this needs attention soon; consider talking to someone"),
}
_LEVEL_NAMES = {
    "info": N_("info"),
    "watch": N_("watch"),
    "warning": N_("warning"),
    "high": N_("high"),
}
_SERIOUSNESS = ("high", "warning", "watch", "info")
INDENT = "    "


def overall_text(overall: str, to_watch: int = 0) -> str:
    """The overall level as a sentence, e.g. 'Overall: orange: something needs ...'.

    Green stays green while nothing above watch is open, yet above `to_watch` findings to keep
    an eye on it cannot say that nothing needs attention: it says that nothing is urgent and
    how many there are."""
    if str(overall) == "green" and to_watch:
        meaning = counted(
            "green: nothing urgent; {count} thing to keep an eye on",
            "green: nothing urgent; {count} things to keep an eye on",
            to_watch,
        )
    else:
        meaning = _(_OVERALL_MEANING[str(overall)])
    return _("Overall: {meaning}").format(meaning=meaning)


def level_name(level: str) -> str:
    return _(_LEVEL_NAMES[str(level)])


def most_serious_first(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda found: _SERIOUSNESS.index(str(found.level)))


def suggestions_json(codes: Sequence[str], language: str) -> list[dict[str, str]]:
    """The catalogue's suggestions for these codes; a code this version lacks is left out."""
    from wellbeing.domain.suggestions import SUGGESTIONS

    return [
        {"code": code, "title": found.title_in(language), "text": found.text_in(language)}
        for code in codes
        if (found := SUGGESTIONS.get(code)) is not None
    ]


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as data, in the current language, with the numbers that filled it."""
    language = current_language()
    return {
        "rule_id": finding.rule_id,
        "level": str(finding.level),
        "message": finding.message_in(language),
        "source": finding.source_in(language),
        "params": dict(finding.params),
        "suggestions": suggestions_json(finding.suggestions, language),
    }


def findings_json(overall: str, findings: Iterable[Finding]) -> dict[str, Any]:
    return {
        "overall": str(overall),
        "findings": [finding_json(found) for found in most_serious_first(findings)],
    }


def print_suggestions(codes: Sequence[str], indent: str = INDENT) -> None:
    """Suggestion titles; those whose text says whom to turn to also with that text, which
    their title lacks: the support lines' numbers, and for breaches of breaks, rest or hours
    the union delegate and the social-law inspectorate."""
    from wellbeing.domain.suggestions import LEGAL_BREACH, SUPPORT_LINES_CODE

    shown = suggestions_json(codes, current_language())
    if not shown:
        return
    click.echo(indent + _("What you can do:"))
    for suggestion in shown:
        click.echo(f"{indent}- {suggestion['title']}")
        if suggestion["code"] in (SUPPORT_LINES_CODE, LEGAL_BREACH):
            click.echo(f"{indent}  {suggestion['text']}")


def print_finding(finding: Finding, heading: str) -> None:
    """A heading line, then the explanation (numbers and source), then the suggestions."""
    click.echo(heading)
    click.echo(INDENT + finding.explain(current_language()))
    print_suggestions(finding.suggestions)


def finding_heading(finding: Finding) -> str:
    return _("[{level}] {rule}").format(level=level_name(finding.level), rule=finding.rule_id)


def print_findings(
    overall: str,
    findings: Sequence[Finding],
    nothing: str | None = None,
    *,
    open_levels: Iterable[str],
    shown_after: Iterable[Finding] = (),
) -> None:
    """The overall level, then every finding, most serious first (or `nothing` if none).
    `open_levels`: the levels of the flags open now, which the overall level is about, so its
    count of things to keep an eye on is theirs (as `flags` says). `shown_after`: findings
    the caller prints after these."""
    levels = [f.level for f in findings] + [f.level for f in shown_after]
    click.echo(overall_text(overall, count_to_watch(open_levels)))
    if shows_past_findings(overall, levels):
        click.echo(_(PAST_FINDINGS))
    if not findings:
        click.echo(nothing if nothing is not None else _("The rules found nothing to flag."))
        return
    for finding in most_serious_first(findings):
        print_finding(finding, finding_heading(finding))


class LazyProgress:
    """A progress bar on stderr that appears only once the work reports its size, so a run
    refused before it starts prints nothing but its error. Use it as the work's callback."""

    def __init__(self, stack: ExitStack, label: str) -> None:
        self._stack = stack
        self._label = label
        self._bar: Any = None
        self._shown = 0

    @property
    def started(self) -> bool:
        return self._bar is not None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = self._stack.enter_context(
                click.progressbar(length=total, label=self._label, file=sys.stderr)
            )
        self._bar.update(done - self._shown)
        self._shown = done


def local(moment: datetime) -> datetime:
    """A moment in Brussels time, as every time on the command line is shown."""
    from wellbeing.domain.localtime import to_local

    return to_local(moment)


def minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


def span_text(start: datetime, end: datetime) -> str:
    """'2026-11-26 08:00-16:30', with the end's day too when it is another day."""
    first, last = local(start), local(end)
    if first.date() == last.date():
        return f"{first:%Y-%m-%d %H:%M}-{last:%H:%M}"
    return f"{first:%Y-%m-%d %H:%M}-{last:%Y-%m-%d %H:%M}"


def checkin_json(checkin: Checkin) -> dict[str, Any]:
    """A check-in as the person's own data: local times with their offset, and the note."""
    shift = checkin.shift
    return {
        "id": checkin.id,
        "start": local(shift.start).isoformat(),
        "end": local(shift.end).isoformat(),
        "worked_minutes": minutes(shift.worked),
        "break_minutes": minutes(shift.break_time),
        "breaks": [
            {
                "start": local(pause.start).isoformat(),
                "end": local(pause.end).isoformat(),
                "kind": pause.kind,
                "minutes": minutes(pause.duration),
            }
            for pause in shift.breaks
        ],
        "contacts": shift.contacts,
        "difficult": shift.difficult,
        "channels": dict(checkin.channels),
        "occupancy": shift.occupancy,
        "stress": checkin.stress,
        "energy": checkin.energy,
        "support": checkin.support,
        "note": checkin.note,
        "recorded_at": local(checkin.recorded_at).isoformat(),
    }
