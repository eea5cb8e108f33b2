"""One person's whole history replayed through the rules, as if each entry had just been made.

When the rules file changes, the flags and weekly levels already stored were judged by the old
thresholds. Replaying walks the person's check-ins and questionnaires in the order they were
recorded and, at each one, evaluates exactly what the live use case would have evaluated at
that moment: the check-ins recorded so far whose shift started within `required_window`, the
questionnaires in that window, and the weekly levels of the weeks the `sustained` rule reads.
Flags follow the same lifecycle as live (`plan_flags`), so each episode keeps the moment it was
raised, last updated and resolved.

The check-ins seen so far are kept sorted by shift start, so each step finds its window by
bisection and hands the rules an already ordered context instead of sorting and copying it.
Every step runs the rules themselves (`evaluate`): there is one implementation of each rule.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Finding, Level, Overall, overall
from wellbeing.domain.flags import OpenFlag, plan_flags
from wellbeing.domain.localtime import iso_week, iso_week_label
from wellbeing.domain.rules import RuleContext, RulesConfig, evaluate, required_window
from wellbeing.domain.rules.sustained import MAX_WEEKS as MAX_SUSTAINED_WEEKS
from wellbeing.domain.surveys import SurveyResult
from wellbeing.domain.worktime import shift_day

# The weeks of stored levels the live use case hands the rules: this one and those before it,
# as many as the longest run the `sustained` rule may be set to.
LEVEL_WEEKS = MAX_SUSTAINED_WEEKS


@dataclass(slots=True)
class ReplayedFlag:
    """One flag episode as the replay leaves it: its latest evidence and its moments."""

    rule_id: str
    finding: Finding
    raised_at: datetime
    updated_at: datetime
    resolved_at: datetime | None = None

    @property
    def level(self) -> Level:
        return self.finding.level


@dataclass
class Replay:
    """What replaying one person's history leaves behind."""

    flags: list[ReplayedFlag] = field(default_factory=list)
    weekly_levels: dict[str, Overall] = field(default_factory=dict)
    evaluations: int = 0

    def open_flags(self) -> list[ReplayedFlag]:
        return [flag for flag in self.flags if flag.resolved_at is None]


def level_weeks(now: datetime) -> list[str]:
    """The ISO weeks whose stored levels an evaluation at `now` reads, newest first."""
    return [iso_week_label(*iso_week(now - timedelta(weeks=n))) for n in range(LEVEL_WEEKS)]


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def replay_history(
    checkins: Iterable[Checkin], surveys: Iterable[SurveyResult], config: RulesConfig
) -> Replay:
    """Evaluate at every check-in (at its recorded time) and questionnaire (when taken).

    Entries are taken in the order they were recorded; at the same moment check-ins come
    before questionnaires, and lower ids first, as they were written.
    """
    checkins, surveys = list(checkins), list(surveys)
    window = required_window(config)
    events: list[tuple[datetime, int, int, Checkin | SurveyResult]] = [
        (_utc(item.recorded_at), 0, item.id, item) for item in checkins
    ]
    events += [(_utc(item.taken_at), 1, item.id or 0, item) for item in surveys]
    events.sort(key=lambda event: event[:3])

    replay = Replay()
    seen: list[Checkin] = []  # by shift start, then id: the order RuleContext.ordered uses
    seen_keys: list[tuple[datetime, int]] = []
    seen_starts: list[datetime] = []
    seen_days: list[date] = []
    taken: list[SurveyResult] = []
    taken_at: list[datetime] = []  # in the order taken, as events come
    open_flags: dict[int, OpenFlag] = {}  # episode index -> the open flag as plan_flags sees it
    weeks_of: dict[str, list[str]] = {}
    strain_memo: dict[int, bool] = {}  # see RuleContext.strain_memo

    for now, _kind, _id, item in events:
        current: Checkin | None = None
        if isinstance(item, SurveyResult):
            taken.append(item)
            taken_at.append(now)
        else:
            current = item
            key = (_utc(item.shift.start), item.id)
            at = bisect.bisect_right(seen_keys, key)
            seen_keys.insert(at, key)
            seen.insert(at, item)
            seen_starts.insert(at, key[0])
            seen_days.insert(at, shift_day(item.shift))
            if at < len(seen) - 1:
                strain_memo.clear()  # a shift before others: their own-time histories changed
        since = now - window
        first = bisect.bisect_left(seen_keys, (since,))
        week = iso_week_label(*iso_week(now))
        labels = weeks_of.get(week)
        if labels is None:
            labels = weeks_of[week] = level_weeks(now)
        context = RuleContext.from_ordered(
            seen[first:],
            now=now,
            surveys=taken[bisect.bisect_left(taken_at, since) :],
            weekly_levels={
                label: replay.weekly_levels[label]
                for label in labels
                if label in replay.weekly_levels
            },
            checkin=current,
            starts=seen_starts[first:],
            days=seen_days[first:],
            strain_memo=strain_memo,
        )
        findings = evaluate(context, config)
        _apply(replay, open_flags, findings, now)
        level = overall(findings)
        known = replay.weekly_levels.get(week)
        if known is None or level > known:
            replay.weekly_levels[week] = level
        replay.evaluations += 1
    return replay


def _apply(
    replay: Replay, open_flags: dict[int, OpenFlag], findings: Sequence[Finding], now: datetime
) -> None:
    """Carry out a flag plan in memory, as `apply_plan` does in the store."""
    if not findings and not open_flags:
        return
    plan = plan_flags(open_flags.values(), findings, now)
    for change in plan.updated:
        episode = change.flag.id
        assert episode is not None
        flag = replay.flags[episode]
        flag.finding = change.finding
        flag.updated_at = now
        if change.level_changed:
            open_flags[episode] = change.flag.model_copy(update={"level": change.finding.level})
    for gone in plan.resolved:
        episode = gone.id
        assert episode is not None
        replay.flags[episode].resolved_at = now
        replay.flags[episode].updated_at = now
        del open_flags[episode]
    for found in plan.raised:
        episode = len(replay.flags)
        replay.flags.append(ReplayedFlag(found.rule_id, found, raised_at=now, updated_at=now))
        open_flags[episode] = OpenFlag(
            id=episode, rule_id=found.rule_id, level=found.level, raised_at=now
        )


@dataclass(frozen=True)
class Attention:
    """What a person did with an open flag: acknowledged it, snoozed it, or neither."""

    acknowledged_at: datetime | None = None
    acknowledged_level: Level | None = None
    snoozed_until: datetime | None = None


NO_ATTENTION = Attention()


def carried_attention(before: OpenFlag | None, after: ReplayedFlag) -> Attention:
    """Keep an acknowledgement or snooze on a flag that is still open after the replay.

    As in the live lifecycle, a flag whose level now rises above what the person had set
    aside comes back as new.
    """
    if before is None or after.resolved_at is not None or before.rule_id != after.rule_id:
        return NO_ATTENTION
    if before.acknowledged_at is None and before.snoozed_until is None:
        return NO_ATTENTION
    if after.level > before.seen_level():
        return NO_ATTENTION
    return Attention(before.acknowledged_at, before.acknowledged_level, before.snoozed_until)
