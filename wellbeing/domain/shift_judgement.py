"""Every shift judged at its own time: the rules' windows end at the shift, however late it
was recorded, so any recording order gives the same findings.

A shift's judgement reads the check-ins whose shift started before it (and itself), and the
questionnaires answered by its end, as if it had been recorded right after it ended. A shift
recorded late, corrected or deleted changes the judgement of the recorded shifts after it,
as far as the longest rule window reaches. The questionnaire rules are left out: a
questionnaire is judged when it is answered, not as part of a shift.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Finding, Level
from wellbeing.domain.rules import RuleContext, RulesConfig, evaluate, required_window
from wellbeing.domain.rules.context import running_sums
from wellbeing.domain.rules.registry import RULE_IDS, SURVEY_RULES
from wellbeing.domain.surveys import SurveyResult
from wellbeing.domain.worktime import shift_iso_week, shift_work

_SHIFT_RULES = frozenset(RULE_IDS) - frozenset(SURVEY_RULES)


def _start(checkin: Checkin) -> datetime:
    return checkin.shift.start.astimezone(UTC)


def in_time_order(checkins: Iterable[Checkin]) -> list[Checkin]:
    """Check-ins by shift start, the id breaking ties: the order the rules read them in."""
    return sorted(checkins, key=lambda c: (_start(c), c.id))


class ShiftJudge:
    """Judges the shifts of one person's history, each at its own time."""

    def __init__(
        self, checkins: Iterable[Checkin], surveys: Iterable[SurveyResult], config: RulesConfig
    ) -> None:
        self.config = config
        # Tuples: a slice of one is handed to the rules' context without another copy.
        # Histories are usually read in this order already: then the sort is skipped.
        given = tuple(checkins)
        keys = [(_start(c), c.id) for c in given]
        if all(map(operator.le, keys, keys[1:])):
            self.ordered = given
            self.starts = tuple(start for start, _ in keys)
        else:
            self.ordered = tuple(in_time_order(given))
            self.starts = tuple(_start(c) for c in self.ordered)
        works = [shift_work(c.shift) for c in self.ordered]
        self.days = tuple(work.day for work in works)
        self.stress_sums = running_sums((c.stress for c in self.ordered), 0)
        self.span_sums = running_sums((work.span for work in works), timedelta())
        self.surveys = sorted(surveys, key=lambda s: (s.taken_at.astimezone(UTC), s.id or 0))
        self.taken = [s.taken_at.astimezone(UTC) for s in self.surveys]
        self.window = required_window(config)
        # The history is fixed here, so what each shift showed at its own time holds.
        self.strain_memo: dict[int, bool] = {}

    def judge(self, index: int) -> list[Finding]:
        """The findings about the shift at `index`, judged right after it ended."""
        checkin = self.ordered[index]
        end = checkin.shift.end
        now = end if end.tzinfo is UTC else end.astimezone(UTC)
        since = now - self.window
        first = bisect_left(self.starts, since)
        # Only what lies within the window: the engine would drop the rest, re-sorting.
        context = RuleContext.from_ordered(
            self.ordered[first : index + 1],
            now=now,
            surveys=self.surveys[bisect_left(self.taken, since) : bisect_right(self.taken, now)],
            checkin=checkin,
            starts=self.starts[first : index + 1],
            days=self.days[first : index + 1],
            strain_memo=self.strain_memo,
            stress_sums=(self.stress_sums, first),
            span_sums=(self.span_sums, first),
        )
        return evaluate(context, self.config, only=_SHIFT_RULES, windowed=True)

    def all(self) -> dict[int, list[Finding]]:
        """Every shift's findings, by check-in id."""
        return {checkin.id: self.judge(index) for index, checkin in enumerate(self.ordered)}

    def affected(self, since: datetime) -> list[int]:
        """Indexes of the shifts that a change to a shift starting at `since` can affect: those
        starting at or after it, within the longest rule window."""
        since = since.astimezone(UTC)
        return list(
            range(bisect_left(self.starts, since), bisect_right(self.starts, since + self.window))
        )


def judge_history(
    checkins: Iterable[Checkin], surveys: Iterable[SurveyResult], config: RulesConfig
) -> list[tuple[Checkin, list[Finding]]]:
    """Every shift of a whole history with its findings at its own time, in time order."""
    judge = ShiftJudge(checkins, surveys, config)
    return [(checkin, judge.judge(index)) for index, checkin in enumerate(judge.ordered)]


def shift_levels(judged: Iterable[tuple[Checkin, list[Finding]]]) -> dict[str, list[Level]]:
    """The levels found about the shifts of each ISO week (a week's shifts without findings
    give an empty list: the week has a level, green)."""
    found: dict[str, list[Level]] = {}
    for checkin, findings in judged:
        found.setdefault(shift_iso_week(checkin.shift), []).extend(f.level for f in findings)
    return found
