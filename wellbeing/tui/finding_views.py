"""What the screens show of findings and flags, as plain text built in a worker thread.

Explanations are filled in the person's language where the domain objects are at hand (in
the worker), so widgets only ever receive strings and numbers. Levels travel as their plain
names ("warning", "orange"): importing this module loads neither pydantic nor the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from wellbeing.domain.localtime import to_local
from wellbeing.i18n import N_, _, counted, current_language
from wellbeing.i18n.formats import date_time, long_date
from wellbeing.presentation.clock_spans import clock_span
from wellbeing.presentation.to_watch import count_to_watch, shows_past_findings

if TYPE_CHECKING:
    from wellbeing.domain.findings import Finding
    from wellbeing.domain.flag_record import FlagRecord
    from wellbeing.services import CheckinOutcome

LEVEL_WORDS = {
    "info": N_("Info"),
    "watch": N_("Watch"),
    "warning": N_("Warning"),
    "high": N_("High"),
}
LEVEL_ORDER = ("info", "watch", "warning", "high")

# The traffic light is always said in words as well as shown in colour (design.md, flow 1).
OVERALL_WORDS = {
    "green": N_("Green — nothing needs attention"),
    "orange": N_("Orange — something needs your attention"),
    "red": N_("Red — this needs attention soon; consider talking to someone"),
}

FLAG_STATES = {
    "new": N_("New"),
    "seen": N_("Seen"),
    "hidden": N_("Snoozed"),
}


def level_word(level: str) -> str:
    """The translated word for a finding's level (never shown as a colour alone)."""
    return _(LEVEL_WORDS[level])


def overall_words(overall: str, to_watch: int = 0) -> str:
    """The translated traffic light with what it means, e.g. 'Green — nothing needs attention'.

    Green stays green while nothing above watch is open, yet above `to_watch` findings to keep
    an eye on it cannot say that nothing needs attention: it says that nothing is urgent and
    how many there are to keep an eye on."""
    if overall == "green" and to_watch:
        return counted(
            "Green — nothing urgent; {count} thing to keep an eye on",
            "Green — nothing urgent; {count} things to keep an eye on",
            to_watch,
        )
    return _(OVERALL_WORDS[overall])


@dataclass(frozen=True)
class SuggestionView:
    """A suggestion's title and text; `pause_minutes` is set when it can start a guided pause."""

    code: str
    title: str
    text: str
    pause_minutes: int | None = None


@dataclass(frozen=True)
class FindingView:
    """One finding as read: level, the message with its numbers, its source, suggestions."""

    rule_id: str
    level: str
    message: str
    source: str
    suggestions: tuple[SuggestionView, ...] = ()

    @property
    def pause_minutes(self) -> int | None:
        """Minutes of the first suggestion that is a guided pause, if any."""
        return next((s.pause_minutes for s in self.suggestions if s.pause_minutes), None)


@dataclass(frozen=True)
class NeighbourView:
    """Another recorded shift whose findings a check-in changed, and what is found now."""

    shift: str  # "21 November 2026, 22:00-06:00+1", Brussels time
    findings: tuple[FindingView, ...]
    gone: tuple[str, ...] = ()  # the rules that no longer find anything about it


@dataclass(frozen=True)
class FeedbackView:
    """The overall level and the findings, most serious first, then the changed neighbours."""

    overall: str
    findings: tuple[FindingView, ...]
    neighbours: tuple[NeighbourView, ...] = ()
    plan: tuple[str, ...] = ()  # the shift against its planned shift
    # The levels of the flags open now, which the overall level is about.
    open_levels: tuple[str, ...] = ()

    @property
    def pause_minutes(self) -> int | None:
        return next((f.pause_minutes for f in self.findings if f.pause_minutes), None)

    @property
    def levels(self) -> list[str]:
        """The levels of every finding shown, this shift's and the changed neighbours'."""
        return [
            *(f.level for f in self.findings),
            *(f.level for neighbour in self.neighbours for f in neighbour.findings),
        ]

    @property
    def to_watch(self) -> int:
        """How many things there are to keep an eye on now: the open flags at the watch
        level, as the Flags screen counts them."""
        return count_to_watch(self.open_levels)

    @property
    def past_findings(self) -> bool:
        """Whether some findings shown are more serious than the overall level: they are
        about a past shift and leave no flag open now."""
        return shows_past_findings(self.overall, self.levels)


@dataclass(frozen=True)
class FlagView:
    """An open flag: its finding, when it was raised and whether it is new, seen or snoozed."""

    flag_id: int
    finding: FindingView
    raised: str
    state: str
    snoozed_until: str = ""
    since: str = ""
    """The day it was raised, given (with `latest`) only when its latest finding came on a
    later day: a shift recorded late can raise a flag before the finding it now shows."""
    latest: str = ""

    @property
    def state_words(self) -> str:
        if self.state == "hidden" and self.snoozed_until:
            return _("Snoozed until {day}").format(day=self.snoozed_until)
        return _(FLAG_STATES[self.state])


def suggestion_views(codes: Iterable[str], language: str) -> tuple[SuggestionView, ...]:
    """The catalogue's suggestions for these codes; a code this version lacks is skipped."""
    from wellbeing.domain.suggestions import SUGGESTIONS

    views = []
    for code in codes:
        found = SUGGESTIONS.get(code)
        if found is None:
            continue
        minutes = found.action.minutes if found.action and found.action.kind == "pause" else None
        views.append(
            SuggestionView(code, found.title_in(language), found.text_in(language), minutes)
        )
    return tuple(views)


def finding_view(finding: Finding, language: str | None = None) -> FindingView:
    language = language or current_language()
    return FindingView(
        rule_id=finding.rule_id,
        level=str(finding.level),
        message=finding.message_in(language),
        source=finding.source_in(language),
        suggestions=suggestion_views(finding.suggestions, language),
    )


def most_serious_first(views: Iterable[FindingView]) -> tuple[FindingView, ...]:
    return tuple(sorted(views, key=lambda view: -LEVEL_ORDER.index(view.level)))


def each_suggestion_once(views: Iterable[FindingView]) -> tuple[FindingView, ...]:
    """Each suggestion under the first finding that makes it only: the same advice repeated
    under several findings reads as noise and hides what differs."""
    shown: set[str] = set()
    kept = []
    for view in views:
        fresh = tuple(s for s in view.suggestions if s.code not in shown)
        shown.update(s.code for s in fresh)
        kept.append(replace(view, suggestions=fresh))
    return tuple(kept)


def feedback_view(
    overall: str,
    findings: Iterable[Finding],
    language: str | None = None,
    neighbours: Iterable[tuple[datetime, datetime, Iterable[Finding], Sequence[str]]] = (),
    plan: Iterable[str] = (),
    open_levels: Iterable[str] = (),
) -> FeedbackView:
    """What the person sees right after a check-in or a questionnaire; `neighbours` are the
    (start, end, findings, rules no longer found) of other shifts whose findings it
    changed, `open_levels` the
    levels of the flags open now."""
    return FeedbackView(
        overall=str(overall),
        findings=each_suggestion_once(
            most_serious_first(finding_view(f, language) for f in findings)
        ),
        neighbours=tuple(
            NeighbourView(
                neighbour_shift(start, end, language or current_language()),
                most_serious_first(finding_view(f, language) for f in found),
                tuple(gone),
            )
            for start, end, found, gone in neighbours
        ),
        plan=tuple(plan),
        open_levels=tuple(map(str, open_levels)),
    )


def neighbour_shift(start: datetime, end: datetime, language: str) -> str:
    """The shift as the saved check-in's headline names it: its day in words, then its hours
    with +1 when it ends the next day."""
    return f"{long_date(to_local(start).date(), language)}, {clock_span(start, end)}"


def checkin_feedback(outcome: CheckinOutcome, language: str | None = None) -> FeedbackView:
    """The feedback on a stored check-in, new or corrected alike: what was found about its
    shift, about each recorded shift whose findings it changed, and how it went against its
    plan."""
    return feedback_view(
        outcome.overall,
        outcome.findings,
        language,
        neighbours=[
            (n.checkin.shift.start, n.checkin.shift.end, n.findings, n.gone)
            for n in outcome.neighbours
        ],
        plan=outcome.plan,
        open_levels=outcome.open_levels,
    )


def local_moment(moment: datetime, language: str | None = None) -> str:
    """A moment inside a sentence, as the reader writes it: 18:30 op 2 november 2026."""
    return date_time(to_local(moment), language or current_language())


_STATE_ORDER = ("new", "seen", "hidden")


def flag_views(
    flags: Iterable[FlagRecord], now: datetime, language: str | None = None
) -> tuple[FlagView, ...]:
    """Open flags: new ones first, then seen, then snoozed; most serious first within each."""
    from wellbeing.presentation.flag_dates import episode_days

    language = language or current_language()
    views = []
    for flag in flags:
        state = str(flag.visibility(now))
        until = flag.snoozed_until
        days = episode_days(flag.raised_at, flag.updated_at, language)
        views.append(
            FlagView(
                flag_id=flag.id,
                finding=finding_view(flag.finding(), language),
                raised=local_moment(flag.raised_at, language),
                state=state,
                snoozed_until=local_moment(until, language)
                if state == "hidden" and until
                else "",
                since=days.since if days else "",
                latest=days.latest if days else "",
            )
        )
    return tuple(
        sorted(
            views,
            key=lambda v: (_STATE_ORDER.index(v.state), -LEVEL_ORDER.index(v.finding.level)),
        )
    )
