"""Run every enabled rule over one person's context and collect what they find."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from wellbeing.domain.findings import Finding
from wellbeing.domain.rules.base import RuleSettings, StrainChecks
from wellbeing.domain.rules.config import RulesConfig
from wellbeing.domain.rules.context import RuleContext
from wellbeing.domain.rules.registry import (
    CHECKIN_STRAIN_RULES,
    RULES,
    SUPERSEDED_BY,
    SURVEY_STRAIN_RULES,
    SUSTAINED,
)

# Shift-based rules look back from the latest shift, which is usually recorded the same day;
# this floor keeps the shift before it in reach even when every windowed rule is disabled.
MINIMUM_WINDOW = timedelta(days=14)


def required_window(config: RulesConfig) -> timedelta:
    """How far back from now the rules read check-ins and surveys: the longest rule window,
    or `sustained`'s weeks plus the longest window of the rules it judges those weeks by."""
    return _prepared(config).window


def evaluate(
    context: RuleContext,
    config: RulesConfig,
    only: frozenset[str] | None = None,
    *,
    windowed: bool = False,
) -> list[Finding]:
    """All findings for this context, most serious first, then in the rules table's order.

    Rows older than the required window are ignored, so the result does not depend on how
    much history the caller loaded. `only`: run just these rules (a shift is judged without
    the questionnaire rules, a questionnaire without the shift rules), which gives the same
    findings as running all of them and keeping these. `windowed`: the caller has already
    left out every row older than `required_window(config)` (a judge of a whole history
    does, at every shift), so that need not be checked again.
    """
    prepared = _prepared(config)
    if not windowed:
        context = context.trimmed(prepared.window)
    checks, may_supersede = prepared.subset(only)
    findings = [found for check, settings in checks for found in check(context, settings)]
    if prepared.sustained is not None and (only is None or SUSTAINED.id in only):
        _remember_strain(context, findings)
        findings += SUSTAINED.check(context, prepared.sustained, prepared.strain)
    if len(findings) < 2:
        return findings  # nothing to supersede or to sort (most shifts)
    if may_supersede:
        found = {f.rule_id for f in findings}
        findings = [f for f in findings if SUPERSEDED_BY.get(f.rule_id) not in found]
    # The rules ran in the table's order (`sustained` last, as in RULE_IDS) and each finds
    # only about itself, so a stable sort by level keeps that order among equal levels.
    findings.sort(key=_descending_level)
    return findings


def _descending_level(finding: Finding) -> int:
    return -finding.level.rank


_CHECKIN_STRAIN = frozenset(CHECKIN_STRAIN_RULES)


def _remember_strain(context: RuleContext, findings: list[Finding]) -> None:
    """Note whether the check-in being judged showed strain, from the findings just made.

    `sustained` asks this of every check-in of a week judged at its own time; when this
    context is exactly that moment (the check-in is the latest and now is its end) the
    strain rules have just run on it, so running them again for the memo would repeat them.
    The strain rules read only check-ins, and the context holds every one within their
    windows, so the answer is the one `sustained` would work out.
    """
    memo, checkin = context.strain_memo, context.checkin
    if memo is None or checkin is None or checkin.id in memo:
        return
    if context.latest is not checkin or context.now != checkin.shift.end:
        return
    memo[checkin.id] = any(f.rule_id in _CHECKIN_STRAIN for f in findings)


@dataclass(frozen=True)
class _Prepared:
    """What `evaluate` needs of a configuration, worked out once per configuration."""

    window: timedelta
    checks: tuple[tuple[Callable[[RuleContext, Any], list[Finding]], RuleSettings], ...]
    sustained: RuleSettings | None
    strain: StrainChecks
    rule_ids: tuple[str, ...]
    subsets: dict[frozenset[str] | None, tuple[tuple[Any, ...], bool]]

    def subset(
        self, only: frozenset[str] | None
    ) -> tuple[tuple[tuple[Callable[[RuleContext, Any], list[Finding]], RuleSettings], ...], bool]:
        """The checks of the enabled rules among `only` (all when None), in the rules table's
        order, and whether one of their findings can supersede another's."""
        known = self.subsets.get(only)
        if known is None:
            chosen = [
                (rule_id, check)
                for rule_id, check in zip(self.rule_ids, self.checks, strict=True)
                if only is None or rule_id in only
            ]
            ids = {rule_id for rule_id, _ in chosen}
            may_supersede = any(SUPERSEDED_BY.get(rule_id) in ids for rule_id in ids)
            known = self.subsets[only] = (tuple(check for _, check in chosen), may_supersede)
        return known


# A RulesConfig cannot be hashed (it holds a mapping proxy), so this remembers by identity,
# keeping the configuration itself so that its id cannot be reused while it is remembered.
_PREPARED: dict[int, tuple[RulesConfig, _Prepared]] = {}
_MAX_PREPARED = 32


def _judge_with(
    check: Callable[[RuleContext, Any], list[Finding]], settings: Any, context: RuleContext
) -> list[Finding]:
    """A rule's check with its settings given first, so that `partial` can bind them (a
    partial of a module function, unlike a closure, can be sent to a worker process)."""
    return check(context, settings)


def _bound(config: RulesConfig, rule_ids: tuple[str, ...]) -> tuple[Callable[..., Any], ...]:
    """The checks of the enabled rules among `rule_ids`, each with its settings bound."""
    return tuple(
        partial(_judge_with, rule.check, config[rule.id])
        for rule in RULES
        if rule.id in rule_ids and config.enabled(rule.id)
    )


def _prepared(config: RulesConfig) -> _Prepared:
    known = _PREPARED.get(id(config))
    if known is not None and known[0] is config:
        return known[1]
    enabled = [rule for rule in RULES if config.enabled(rule.id)]
    windows = [rule.window(config[rule.id]) for rule in enabled]
    strain = StrainChecks(
        checkin=_bound(config, CHECKIN_STRAIN_RULES), survey=_bound(config, SURVEY_STRAIN_RULES)
    )
    sustained = config[SUSTAINED.id] if config.enabled(SUSTAINED.id) else None
    if sustained is not None:
        strain_windows = [r.window(config[r.id]) for r in enabled if r.id in CHECKIN_STRAIN_RULES]
        windows.append(SUSTAINED.window(sustained) + max([timedelta(), *strain_windows]))
    prepared = _Prepared(
        window=max([MINIMUM_WINDOW, *windows]),
        checks=tuple((rule.check, config[rule.id]) for rule in enabled),
        sustained=sustained,
        strain=strain,
        rule_ids=tuple(rule.id for rule in enabled),
        subsets={},
    )
    if len(_PREPARED) >= _MAX_PREPARED:
        _PREPARED.clear()
    _PREPARED[id(config)] = (config, prepared)
    return prepared
