"""The rules engine: thresholds from a validated file, pure rules, findings with sources.

Use: `config = load_rules(path)`, then `evaluate(RuleContext(...), config)` after each check-in
or survey; load at least `required_window(config)` of history; store `rules_checksum(config)`
to notice a changed rules file.
"""

from __future__ import annotations

from wellbeing.domain.rules.base import RuleSettings
from wellbeing.domain.rules.config import RulesConfig, load_rules, rules_checksum
from wellbeing.domain.rules.context import RuleContext
from wellbeing.domain.rules.engine import evaluate, required_window
from wellbeing.domain.rules.registry import RULE_IDS

__all__ = [
    "RULE_IDS",
    "RuleContext",
    "RuleSettings",
    "RulesConfig",
    "evaluate",
    "load_rules",
    "required_window",
    "rules_checksum",
]
