"""Run every enabled rule over one person's context and collect what they find."""

from __future__ import annotations

from datetime import timedelta

from wellbeing.domain.findings import Finding, overall
from wellbeing.domain.rules.config import RulesConfig
from wellbeing.domain.rules.context import RuleContext
from wellbeing.domain.rules.registry import RULE_IDS, RULES, SUSTAINED

# Shift-based rules look back from the latest shift, which is usually recorded the same day;
# this floor keeps the shift before it in reach even when every windowed rule is disabled.
MINIMUM_WINDOW = timedelta(days=14)


def required_window(config: RulesConfig) -> timedelta:
    """How far back from now the rules read check-ins and surveys: the longest rule window.

    `sustained` reads the stored weekly levels instead, so it adds nothing here.
    """
    windows = [rule.window(config[rule.id]) for rule in RULES if config.enabled(rule.id)]
    return max([MINIMUM_WINDOW, *windows])


def evaluate(context: RuleContext, config: RulesConfig) -> list[Finding]:
    """All findings for this context, most serious first, then in the rules table's order.

    Rows older than the required window are ignored, so the result does not depend on how
    much history the caller loaded.
    """
    context = context.trimmed(required_window(config))
    findings = [
        found
        for rule in RULES
        if config.enabled(rule.id)
        for found in rule.check(context, config[rule.id])
    ]
    if config.enabled(SUSTAINED.id):
        findings += SUSTAINED.check(context, config[SUSTAINED.id], overall(findings))
    order = {rule_id: index for index, rule_id in enumerate(RULE_IDS)}
    return sorted(findings, key=lambda f: (-f.level.rank, order[f.rule_id]))
