"""Flags as a function of the findings kept at each judgement's own time.

A flag episode follows one rule through the moments it was judged, in the order of those
moments (a shift's end, a questionnaire's answer), not the order things were recorded in:

- a moment that finds the rule raises an episode, or keeps the open one with its evidence;
- the next moment that does not find it closes the episode at that moment;
- an episode whose latest evidence has left the rule's window closes when it leaves, even when
  nothing was judged since. That moment may lie ahead: the episode is open until then.

Shifts are judged at their own time (`shift_judgement`); questionnaires when they were answered,
and again when one of their results runs out of its rule's window, so a flag about a
questionnaire closes on the day the questionnaire stops counting. The same findings therefore
give the same episodes, however and in whichever order the shifts were recorded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from wellbeing.domain.findings import Finding, Level, Overall, overall_of
from wellbeing.domain.flags import OpenFlag
from wellbeing.domain.localtime import iso_week, iso_week_label
from wellbeing.domain.rules import RuleContext, RulesConfig, evaluate
from wellbeing.domain.rules.engine import MINIMUM_WINDOW
from wellbeing.domain.rules.registry import RULES, SURVEY_RULES, SUSTAINED
from wellbeing.domain.surveys import SurveyResult

SURVEY_RULE_IDS = frozenset(SURVEY_RULES)
SHIFT_RULE_IDS = frozenset(
    [rule.id for rule in RULES if rule.id not in SURVEY_RULE_IDS] + [SUSTAINED.id]
)
# A result that has just run out of its window is judged a moment after, when it no longer counts.
_PAST_WINDOW = timedelta(seconds=1)


def reaches(config: RulesConfig) -> dict[str, timedelta]:
    """How long a rule's finding keeps its flag open without new evidence: the rule's own
    window, at least the floor the engine keeps for rules that read only the latest shift."""
    found = {rule.id: rule.window(config[rule.id]) for rule in RULES}
    found[SUSTAINED.id] = SUSTAINED.window(config[SUSTAINED.id])
    return {rule_id: max(window, MINIMUM_WINDOW) for rule_id, window in found.items()}


class Judged(NamedTuple):
    """One judgement: when it was made (`at`), when its evidence began (`evidence`: a
    shift's start, a questionnaire's answer) and what it found. A named tuple: a
    re-evaluation makes one per shift, and a frozen dataclass costs several times as much
    to make."""

    at: datetime
    evidence: datetime
    findings: Sequence[Finding]


@dataclass(slots=True)
class Episode:
    """One flag episode; `resolved_at` may lie ahead (the episode is open until then)."""

    rule_id: str
    finding: Finding
    raised_at: datetime
    updated_at: datetime
    resolved_at: datetime
    expires_at: datetime = field(repr=False, default=datetime.max.replace(tzinfo=UTC))

    @property
    def level(self) -> Level:
        return self.finding.level

    def open_at(self, now: datetime) -> bool:
        return now < self.resolved_at

    def overlaps(self, start: datetime, end: datetime | None) -> bool:
        return self.raised_at < (end or datetime.max.replace(tzinfo=UTC)) and (
            start < self.resolved_at
        )


_NEVER = datetime.max.replace(tzinfo=UTC)


def episodes(
    moments: Iterable[Judged],
    reach: Mapping[str, timedelta],
    rule_ids: Collection[str],
    seeds: Iterable[Episode] = (),
) -> list[Episode]:
    """The episodes of the rules in `rule_ids` over these judgements, oldest raised first.

    `seeds` continue a computation from the episodes known to be running at the first of
    `moments` (each is picked up at its `raised_at`, keeping that moment; its expiry is
    replaced when its rule is found again, as it is at that first moment); this is how a change
    part way through a long history is followed without reading the history before it.
    """
    ordered = sorted(moments, key=lambda m: (m.at, m.evidence))
    waiting = sorted(
        (replace(seed, resolved_at=_NEVER) for seed in seeds),
        key=lambda e: e.raised_at,
        reverse=True,
    )
    running: dict[str, Episode] = {}
    done: list[Episode] = []
    for moment in ordered:
        while waiting and waiting[-1].raised_at <= moment.at:
            seed = waiting.pop()
            running.setdefault(seed.rule_id, seed)
        strongest: dict[str, Finding] = {}
        for found in moment.findings:
            if found.rule_id in rule_ids:
                known = strongest.get(found.rule_id)
                if known is None or found.level > known.level:
                    strongest[found.rule_id] = found
        for rule_id, episode in list(running.items()):
            if episode.expires_at <= moment.at:
                episode.resolved_at = episode.expires_at
            elif rule_id not in strongest:
                episode.resolved_at = moment.at
            else:
                continue
            done.append(running.pop(rule_id))
        for rule_id, found in strongest.items():
            # Moments come in time order and evidence with them, so the latest sets the expiry.
            expires = moment.evidence + reach.get(rule_id, MINIMUM_WINDOW)
            current = running.get(rule_id)
            if current is None:
                running[rule_id] = Episode(rule_id, found, moment.at, moment.at, _NEVER, expires)
            else:
                current.finding, current.updated_at = found, moment.at
                current.expires_at = expires
    for episode in running.values():
        episode.resolved_at = episode.expires_at
        done.append(episode)
    return sorted(done, key=lambda e: (e.raised_at, e.rule_id))


# --- questionnaires ----------------------------------------------------------------------


def survey_moments(
    surveys: Sequence[SurveyResult], config: RulesConfig, since: datetime | None = None
) -> list[Judged]:
    """The questionnaire rules judged when each questionnaire was answered and when each
    result runs out of a rule's window (from `since` on, if given); `surveys` should hold the
    earlier ones the rules compare with."""
    ordered = sorted(surveys, key=lambda s: (s.taken_at.astimezone(UTC), s.id or 0))
    taken = [s.taken_at.astimezone(UTC) for s in ordered]
    windows = {rule.window(config[rule.id]) for rule in RULES if rule.id in SURVEY_RULE_IDS}
    moments = set(taken) | {t + window + _PAST_WINDOW for t in taken for window in windows}
    if since is not None:
        moments = {m for m in moments if m >= since}
    return [
        Judged(
            moment, moment, judge_surveys(ordered[: bisect_right(taken, moment)], moment, config)
        )
        for moment in sorted(moments)
    ]


def judge_surveys(
    surveys: Sequence[SurveyResult], now: datetime, config: RulesConfig
) -> list[Finding]:
    """What the questionnaire rules find at `now` from the questionnaires answered by then."""
    context = RuleContext(checkins=(), surveys=surveys, now=now)
    return evaluate(context, config, only=SURVEY_RULE_IDS)


# --- weekly levels -----------------------------------------------------------------------


def week_of(moment: datetime) -> str:
    return iso_week_label(*iso_week(moment))


def weekly_levels(
    shift_levels: Mapping[str, Iterable[Level]], survey_levels: Mapping[str, Iterable[Level]]
) -> dict[str, Overall]:
    """Each week's overall level from what was found about it: its shifts, judged at their own
    time, and the questionnaires answered in it, judged when answered. A week with neither
    has no level."""
    weeks = set(shift_levels) | set(survey_levels)
    return {
        week: overall_of([*shift_levels.get(week, ()), *survey_levels.get(week, ())])
        for week in weeks
    }


def survey_levels(
    surveys: Sequence[SurveyResult], config: RulesConfig, weeks: Collection[str] | None = None
) -> dict[str, list[Level]]:
    """The levels found about each questionnaire when it was answered, by the ISO week it was
    answered in (only `weeks`, if given); `surveys` should hold the earlier ones too."""
    ordered = sorted(surveys, key=lambda s: (s.taken_at.astimezone(UTC), s.id or 0))
    found: dict[str, list[Level]] = {}
    for index, survey in enumerate(ordered):
        week = week_of(survey.taken_at)
        if weeks is not None and week not in weeks:
            continue
        judged = judge_surveys(ordered[: index + 1], survey.taken_at, config)
        found.setdefault(week, []).extend(f.level for f in judged)
    return found


# --- what a person did with a flag -------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    """What a person did with a flag: acknowledged it, snoozed it, or neither."""

    acknowledged_at: datetime | None = None
    acknowledged_level: Level | None = None
    snoozed_until: datetime | None = None


NO_ATTENTION = Attention()


@dataclass(frozen=True)
class Kept:
    """A stored episode as the recomputation needs it: its row, its span, its attention,
    and (to continue it) its finding."""

    flag: OpenFlag
    resolved_at: datetime | None
    finding: Finding | None = None

    def seed(self, since: datetime) -> Episode | None:
        """The episode to continue from, when its finding is known. Until evidence is found
        again it runs to its stored end; one of the old lifecycle, without an end, to `since`."""
        if self.finding is None:
            return None
        raised = self.flag.raised_at
        ends = self.resolved_at or since
        return Episode(self.flag.rule_id, self.finding, raised, raised, _NEVER, ends)


def matched(
    stored: Sequence[Kept], computed: Sequence[Episode]
) -> list[tuple[Kept | None, Episode, Attention]]:
    """Pair each computed episode with the stored one of its rule that it continues (their
    spans overlap), so the row and the person's acknowledgement or snooze stay with it. As in
    the live lifecycle, a flag whose level rises above what the person set aside comes back."""
    free = sorted(stored, key=lambda k: (k.flag.raised_at, k.flag.id or 0))
    pairs: list[tuple[Kept | None, Episode, Attention]] = []
    for episode in computed:
        partner = next(
            (
                kept
                for kept in reversed(free)
                if kept.flag.rule_id == episode.rule_id
                and episode.overlaps(kept.flag.raised_at, kept.resolved_at)
            ),
            None,
        )
        if partner is None:
            pairs.append((None, episode, NO_ATTENTION))
            continue
        free.remove(partner)
        pairs.append((partner, episode, _carried(partner.flag, episode)))
    return pairs


def _carried(before: OpenFlag, after: Episode) -> Attention:
    if before.acknowledged_at is None and before.snoozed_until is None:
        return NO_ATTENTION
    if after.level > before.seen_level():
        return NO_ATTENTION
    return Attention(before.acknowledged_at, before.acknowledged_level, before.snoozed_until)
