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

A whole history evaluates the same check-ins over and over, and most findings are replaced
by the next step's. So by default each step is judged by `_Judge`: facts about each check-in
are worked out once, most rules give only their level, and a rule makes its finding only when
a flag keeps it. `plain=True` evaluates every step exactly as the live use case does (and is
what a replay falls back to should a shortcut ever disagree with its rule).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import fmean
from typing import Any

from wellbeing.domain import worktime
from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Finding, Level, Overall, overall
from wellbeing.domain.flags import OpenFlag, plan_flags
from wellbeing.domain.localtime import iso_week, iso_week_label, to_local
from wellbeing.domain.rules import RuleContext, RulesConfig, evaluate, required_window
from wellbeing.domain.rules.registry import RULE_IDS, RULES, SUSTAINED
from wellbeing.domain.rules.rest import is_night
from wellbeing.domain.rules.sustained import MAX_WEEKS as MAX_SUSTAINED_WEEKS
from wellbeing.domain.surveys import SurveyResult
from wellbeing.domain.worktime import Interval, shift_day

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
    checkins: Iterable[Checkin],
    surveys: Iterable[SurveyResult],
    config: RulesConfig,
    *,
    plain: bool = False,
) -> Replay:
    """Evaluate at every check-in (at its recorded time) and questionnaire (when taken).

    Entries are taken in the order they were recorded; at the same moment check-ins come
    before questionnaires, and lower ids first, as they were written. `plain` runs `evaluate`
    and `plan_flags` at every step instead of the faster `_Judge` (same results).
    """
    checkins, surveys = list(checkins), list(surveys)
    if not plain:
        try:
            return _replay(checkins, surveys, config, _Judge(config, checkins))
        except _Diverged:  # a shortcut disagreed with its rule: the plain way is the truth
            pass
    return _replay(checkins, surveys, config, None)


def _replay(
    checkins: list[Checkin], surveys: list[SurveyResult], config: RulesConfig, judge: _Judge | None
) -> Replay:
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
    open_rules: dict[str, int] = {}  # the same for the judge: rule id -> episode index
    weeks_of: dict[str, list[str]] = {}

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
        )
        if judge is None:
            findings = evaluate(context, config)
            _apply(replay, open_flags, findings, now)
            level = overall(findings)
        else:
            findings = judge.findings(context, replay.weekly_levels.get(week, Overall.GREEN))
            _apply_judged(replay.flags, open_rules, findings, now)
            level = _OVERALL[max((_RANK[found.level] for found in findings), default=0)]
        known = replay.weekly_levels.get(week)
        if known is None or level > known:
            replay.weekly_levels[week] = level
        replay.evaluations += 1
    for flag in replay.flags:
        if isinstance(flag.finding, _Pending):
            flag.finding = flag.finding.made()
    return replay


# --- the judge: the same rules, without the work a whole history repeats ------------------

_RANK = {level: index for index, level in enumerate(Level)}
_OVERALL = {
    _RANK[Level.INFO]: Overall.GREEN,
    _RANK[Level.WATCH]: Overall.GREEN,
    _RANK[Level.WARNING]: Overall.ORANGE,
    _RANK[Level.HIGH]: Overall.RED,
}
_ORDER = {rule_id: index for index, rule_id in enumerate(RULE_IDS)}
_NOTHING: list[Finding] = []
_ONE_DAY = timedelta(days=1)
_ZERO = timedelta()
_SURVEY_RULES = frozenset(
    ("who5.low", "who5.very_low", "who5.item_low", "who5.drop", "cbi.elevated", "cbi.high")
)


class _Diverged(Exception):
    """A shortcut of the judge gave another level than its rule: a bug, never a result."""


class _Pending:
    """A finding known by its rule and level only; the rule makes it if it is ever kept.

    Most findings are replaced by the next evaluation's, so only the last one of each flag
    episode is made, by the rule itself, over the context it was found in.
    """

    __slots__ = ("check", "context", "level", "rule_id")

    def __init__(self, rule_id: str, level: Level, check: Check, context: RuleContext) -> None:
        self.rule_id, self.level, self.check, self.context = rule_id, level, check, context

    def made(self) -> Finding:
        found = [f for f in self.check(self.context) if f.rule_id == self.rule_id]
        strongest = max(found, key=lambda f: _RANK[f.level], default=None)
        if strongest is None or strongest.level is not self.level:
            raise _Diverged(self.rule_id)
        return strongest


Judged = Finding | _Pending
Check = Callable[[RuleContext], list[Finding]]
Judge = Callable[[RuleContext], list[Judged]]


class _Judge:
    """`evaluate` for one person's replay: the same findings, in the same order.

    Most rules are judged by their level alone, with the rule's own arithmetic over facts
    remembered per check-in (merged breaks, time worked, night or not, work inside a week),
    after a cheap bound has ruled out most steps where they cannot fire. The finding itself is
    made by the rule, over the same context, only for the last step of each flag episode
    (`_Pending`). Rules without a shortcut run as they are; questionnaire rules only when the
    window holds a questionnaire. tests/test_replay_judge.py compares this with the plain
    replay for any history and thresholds.
    """

    def __init__(self, config: RulesConfig, checkins: Sequence[Checkin]) -> None:
        self.ends = {c.id: _utc(c.shift.end) for c in checkins}
        # No shift lasts longer than this, so one that started earlier ends earlier too.
        self.longest = max(
            (self.ends[c.id] - _utc(c.shift.start) for c in checkins), default=timedelta()
        )
        self.worked: dict[int, timedelta] = {}
        self.periods: dict[int, list[tuple[datetime, datetime]]] = {}
        self.checks: list[Judge] = []
        self.survey_checks: list[Judge] = []  # these find nothing without a questionnaire
        for rule in RULES:
            if config.enabled(rule.id):
                checks = self.survey_checks if rule.id in _SURVEY_RULES else self.checks
                checks.append(self._check(rule.id, rule.check, config[rule.id]))
        self.sustained = config[SUSTAINED.id] if config.enabled(SUSTAINED.id) else None
        self.orange = _RANK[Level.WARNING]

    def findings(self, context: RuleContext, this_week: Overall) -> list[Judged]:
        """What `evaluate(context, config)` gives, for a context made by `replay_history`
        (some findings still to be made)."""
        # The order the rules run in does not matter: findings are sorted as evaluate sorts.
        findings = [found for check in self.checks for found in check(context)]
        if context.surveys:
            findings += [found for check in self.survey_checks for found in check(context)]
        if self.sustained is not None:
            highest = max((_RANK[found.level] for found in findings), default=0)
            # sustained needs this week orange or worse, counting what is found now.
            if highest >= self.orange or this_week is not Overall.GREEN:
                findings += SUSTAINED.check(context, self.sustained, _OVERALL[highest])
        if len(findings) > 1:
            findings.sort(key=lambda f: (-_RANK[f.level], _ORDER[f.rule_id]))
        return findings

    def _check(self, rule_id: str, check: Callable[..., list[Finding]], settings: Any) -> Judge:
        def plain(context: RuleContext) -> list[Finding]:
            return check(context, settings)

        shortcut = getattr(self, "_" + rule_id.replace(".", "_"), None)
        if shortcut is None:
            return plain  # type: ignore[return-value]
        return shortcut(plain, settings)  # type: ignore[no-any-return]

    @staticmethod
    def _level_only(
        rule_id: str, plain: Check, level_of: Callable[[RuleContext], Level | None]
    ) -> Judge:
        """A rule judged by its level alone, its finding made only if it is kept."""

        def check(context: RuleContext) -> list[Judged]:
            level = level_of(context)
            return [] if level is None else [_Pending(rule_id, level, plain, context)]

        return check

    def _periods(self, checkin: Checkin) -> list[tuple[datetime, datetime]]:
        periods = self.periods.get(checkin.id)
        if periods is None:
            periods = self.periods[checkin.id] = worktime.break_periods(checkin.shift)
        return periods

    def _break_legal(self, plain: Check, settings: Any) -> Judge:
        after = timedelta(hours=settings.after_hours)
        minimum = timedelta(minutes=settings.min_break_minutes)
        late: dict[int, bool] = {}

        def missed(latest: Checkin) -> bool:
            if self._worked(latest) <= after:
                return False
            periods = self._periods(latest)
            # Work is done `after` past the start at the earliest, so a long enough break that
            # began by then began before the deadline: no need to work the deadline out.
            soon = _utc(latest.shift.start) + after
            if any(end - begin >= minimum and begin <= soon for begin, end in periods):
                return False
            deadline = worktime.moment_worked(latest.shift, after)
            if deadline is None:
                return False
            return not any(end - begin >= minimum and begin <= deadline for begin, end in periods)

        def level_of(context: RuleContext) -> Level | None:
            if not context.ordered:
                return None
            latest = context.ordered[-1]
            known = late.get(latest.id)
            if known is None:
                known = late[latest.id] = missed(latest)
            return Level.WARNING if known else None

        return self._level_only("break.legal", plain, level_of)

    def _break_recovery(self, plain: Check, settings: Any) -> Judge:
        limit = timedelta(minutes=settings.max_work_minutes)
        pause = timedelta(minutes=settings.min_break_minutes)
        tiring: dict[int, bool] = {}

        def level_of(context: RuleContext) -> Level | None:
            if not context.ordered:
                return None
            latest = context.ordered[-1]
            known = tiring.get(latest.id)
            if known is None:
                known = tiring[latest.id] = self._longest_stretch(latest, pause) > limit
            return Level.WATCH if known else None

        return self._level_only("break.recovery", plain, level_of)

    def _longest_stretch(self, checkin: Checkin, pause: timedelta) -> timedelta:
        """`worktime.longest_stretch`, over the breaks already merged for this check-in."""
        longest = current = timedelta()
        cursor = _utc(checkin.shift.start)
        for begin, finish in self._periods(checkin):
            current += begin - cursor
            if finish - begin >= pause:
                longest, current = max(longest, current), timedelta()
            cursor = finish
        current += self.ends[checkin.id] - cursor
        return max(longest, current)

    def _worked(self, checkin: Checkin) -> timedelta:
        """`worktime.worked_time`: the span less the merged breaks, which lie inside it."""
        worked = self.worked.get(checkin.id)
        if worked is None:
            worked = self.ends[checkin.id] - _utc(checkin.shift.start)
            for begin, end in self._periods(checkin):
                worked -= end - begin
            self.worked[checkin.id] = worked
        return worked

    def _shift_long(self, plain: Check, settings: Any) -> Judge:
        max_span = timedelta(hours=settings.max_span_hours)
        max_worked = timedelta(hours=settings.max_worked_hours)

        def level_of(context: RuleContext) -> Level | None:
            days = context.days
            if not days:
                return None
            today = context.ordered[_first_of_day(days) :]
            span = max(self.ends[c.id] for c in today) - min(_utc(c.shift.start) for c in today)
            if span > max_span:
                return Level.HIGH
            worked = sum((self._worked(c) for c in today), timedelta())
            return Level.WARNING if worked > max_worked else None

        return self._level_only("shift.long", plain, level_of)

    def _contacts_difficult(self, plain: Check, settings: Any) -> Judge:
        within = timedelta(days=settings.window_days)

        def level_of(context: RuleContext) -> Level | None:
            if not context.ordered:
                return None
            if context.ordered[-1].shift.difficult >= settings.per_shift:
                return Level.WATCH
            window = context.since(within)
            contacts = sum(c.shift.contacts for c in window)
            if not contacts:
                return None
            share = 100 * sum(c.shift.difficult for c in window) / contacts
            return Level.WATCH if round(share, 6) >= settings.share_percent else None

        return self._level_only("contacts.difficult", plain, level_of)

    def _occupancy_high(self, plain: Check, settings: Any) -> Judge:
        within = timedelta(days=settings.within_days)

        def level_of(context: RuleContext) -> Level | None:
            if not context.ordered:
                return None
            recent = context.last(settings.last_count, within)
            over = 0
            for checkin in recent:
                occupancy = checkin.shift.occupancy
                if occupancy is not None and occupancy > settings.warning_percent:
                    over += 1
            if over >= settings.warning_count:
                return Level.WARNING
            occupancy = context.ordered[-1].shift.occupancy
            return None if occupancy is None or occupancy <= settings.watch_percent else Level.WATCH

        return self._level_only("occupancy.high", plain, level_of)

    def _stress_count(self, rule_id: str, level: Level, plain: Check, settings: Any) -> Judge:
        within = timedelta(days=settings.within_days)

        def level_of(context: RuleContext) -> Level | None:
            recent = context.last(settings.last_count, within)
            high = 0
            for checkin in recent:
                if checkin.stress >= settings.min_stress:
                    high += 1
            return level if high >= settings.min_count else None

        return self._level_only(rule_id, plain, level_of)

    def _energy_low(self, plain: Check, settings: Any) -> Judge:
        within = timedelta(days=settings.within_days)

        def level_of(context: RuleContext) -> Level | None:
            recent = context.last(settings.in_a_row, within)
            if len(recent) < settings.in_a_row:
                return None
            for checkin in recent:
                if checkin.energy > settings.max_energy:
                    return None
            return Level.WARNING

        return self._level_only("energy.low", plain, level_of)

    def _stress_high(self, plain: Check, settings: Any) -> Judge:
        return self._stress_count("stress.high", Level.WARNING, plain, settings)

    def _stress_urgent(self, plain: Check, settings: Any) -> Judge:
        return self._stress_count("stress.urgent", Level.HIGH, plain, settings)

    def _rest_daily(self, plain: Check, settings: Any) -> Judge:
        minimum = timedelta(hours=settings.min_rest_hours)
        ends, longest = self.ends, self.longest

        def level_of(context: RuleContext) -> Level | None:
            days = context.days
            if not days:
                return None
            first = _first_of_day(days)
            starts, ordered = context.starts, context.ordered
            # Too little rest needs a shift of an earlier day that ended after this bound; one
            # that started before `earliest` ended before it, so the latest end is found here.
            bound = starts[first] - minimum
            earliest = bound - longest
            latest_end = None
            at = first - 1
            while at >= 0 and starts[at] >= earliest:
                end = ends[ordered[at].id]
                if latest_end is None or end > latest_end:
                    latest_end = end
                at -= 1
            if latest_end is None or latest_end <= bound:
                return None
            rest = starts[first] - latest_end
            return Level.WARNING if _ZERO <= rest < minimum else None

        return self._level_only("rest.daily", plain, level_of)

    def _days_consecutive(self, plain: Check, settings: Any) -> Judge:
        def level_of(context: RuleContext) -> Level | None:
            days = context.days
            if not days:
                return None
            day, run = days[-1], 1
            for earlier in reversed(days):
                if earlier == day:
                    continue
                if earlier != day - _ONE_DAY:
                    break
                day, run = earlier, run + 1
            return Level.WARNING if run >= settings.min_days else None

        return self._level_only("days.consecutive", plain, level_of)

    def _night_consecutive(self, plain: Check, settings: Any) -> Judge:
        night: dict[int, bool] = {}

        evening = time(settings.night_start_hour)
        morning = time(settings.night_end_hour)

        def at_night(checkin: Checkin) -> bool:
            known = night.get(checkin.id)
            if known is None:
                start, end = to_local(checkin.shift.start), to_local(checkin.shift.end)
                # Between the night's end and the next night's start on one day: no night
                # work at all (these hours are far from the hour the clocks change).
                daytime = (
                    start.date() == end.date() and start.time() >= morning and end.time() <= evening
                )
                known = night[checkin.id] = not daytime and is_night(checkin, settings)
            return known

        def level_of(context: RuleContext) -> Level | None:
            ordered, days = context.ordered, context.days
            if not ordered or not at_night(ordered[-1]):
                return None
            # The same walk as the rule's, over remembered answers.
            day, run = days[-1], 1
            for at in range(len(ordered) - 2, -1, -1):
                if not at_night(ordered[at]):
                    break
                if days[at] == day:
                    continue
                if days[at] != day - _ONE_DAY:
                    break
                day, run = days[at], run + 1
            return Level.WARNING if run >= settings.min_nights else None

        return self._level_only("night.consecutive", plain, level_of)

    def _week_hours(self, plain: Check, settings: Any) -> Judge:
        limit = timedelta(hours=settings.max_hours)
        weeks: dict[date, tuple[str, Interval, datetime, datetime]] = {}
        inside: dict[tuple[int, str], timedelta] = {}  # work of a shift inside a week

        def level_of(context: RuleContext) -> Level | None:
            ordered = context.ordered
            if not ordered:
                return None
            day = context.days[-1]
            week = weeks.get(day)
            if week is None:
                label = worktime.shift_iso_week(ordered[-1].shift)
                bounds = worktime.iso_week_bounds(label)
                first, last = (moment.astimezone(UTC) for moment in bounds)
                week = weeks[day] = (label, bounds, first, last)
            label, bounds, first, last = week
            # A shift that started `longest` before the week ended before it.
            starts = context.starts
            maybe = ordered[
                bisect.bisect_left(starts, first - self.longest) : bisect.bisect_left(starts, last)
            ]
            worked = self._worked
            if sum([worked(c) for c in maybe], _ZERO) <= limit:
                return None  # all their work is not enough, let alone the part inside the week
            total = _ZERO
            for checkin in maybe:
                if self.ends[checkin.id] > first:
                    key = (checkin.id, label)
                    part = inside.get(key)
                    if part is None:
                        part = inside[key] = worktime.worked_within(checkin.shift, [bounds])
                    total += part
            return Level.WARNING if total > limit else None

        return self._level_only("week.hours", plain, level_of)

    def _stress_rising(self, plain: Check, settings: Any) -> Judge:
        recent_days = timedelta(days=settings.recent_days)
        baseline_weeks = timedelta(weeks=settings.baseline_weeks)
        margin = 1e-3  # the rule rounds the rise; a bound this loose cannot skip a finding

        def level_of(context: RuleContext) -> Level | None:
            recent_from = context.now - recent_days
            starts, ordered = context.starts, context.ordered
            split = bisect.bisect_left(starts, recent_from)
            begin = bisect.bisect_left(starts, recent_from - baseline_weeks)
            baseline, recent = split - begin, len(ordered) - split
            if baseline < settings.min_baseline_checkins or recent < settings.min_recent_checkins:
                return None
            recent_stress = [c.stress for c in ordered[split:]]
            baseline_stress = [c.stress for c in ordered[begin:split]]
            if sum(recent_stress) / recent - sum(baseline_stress) / baseline < (
                settings.min_rise - margin
            ):
                return None
            # The rule's own arithmetic, over the same values in the same order.
            rise = fmean(recent_stress) - fmean(baseline_stress)
            return Level.WATCH if round(rise, 6) >= settings.min_rise else None

        return self._level_only("stress.rising", plain, level_of)


def _first_of_day(days: Sequence[date]) -> int:
    """Where the check-ins of the latest one's day begin (days never decrease in order)."""
    first, day = len(days) - 1, days[-1]
    while first > 0 and days[first - 1] == day:
        first -= 1
    return first


def _apply_judged(
    flags: list[ReplayedFlag],
    open_rules: dict[str, int],
    findings: Sequence[Finding],
    now: datetime,
) -> None:
    """`_apply` for the judge: the same plan as `plan_flags` makes, without building it.

    A replay never acknowledges or snoozes, so an open flag's level matters to nothing but
    its finding; the strongest finding per rule (the first of the strongest) is kept.
    """
    strongest: dict[str, Judged] = {}
    for found in findings:
        known = strongest.get(found.rule_id)
        if known is None or _RANK[found.level] > _RANK[known.level]:
            strongest[found.rule_id] = found
    for rule_id, episode in list(open_rules.items()):
        flag = flags[episode]
        flag.updated_at = now
        latest = strongest.get(rule_id)
        if latest is None:
            flag.resolved_at = now
            del open_rules[rule_id]
        else:
            flag.finding = latest  # type: ignore[assignment]
    for rule_id, found in strongest.items():
        if rule_id not in open_rules:
            open_rules[rule_id] = len(flags)
            flags.append(ReplayedFlag(rule_id, found, raised_at=now, updated_at=now))  # type: ignore[arg-type]


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
