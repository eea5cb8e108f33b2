"""Every rule by its id, in the order of the design's rules table."""

from __future__ import annotations

from typing import Any

from wellbeing.domain.rules import breaks, cbi, contacts, hours, rest, stress, sustained, who5
from wellbeing.domain.rules.base import FollowUpRule, Rule, no_history

# Annotated with Any: each Rule(...) call already checks that its settings fit its check.
RULES: tuple[Rule[Any], ...] = (
    Rule("break.legal", breaks.BreakLegalSettings, breaks.break_legal, no_history),
    Rule("break.recovery", breaks.BreakRecoverySettings, breaks.break_recovery, no_history),
    Rule("rest.daily", rest.RestDailySettings, rest.rest_daily, rest.rest_daily_window),
    Rule("shift.long", hours.ShiftLongSettings, hours.shift_long, no_history),
    Rule(
        "days.consecutive",
        rest.DaysConsecutiveSettings,
        rest.days_consecutive,
        rest.days_consecutive_window,
    ),
    Rule(
        "night.consecutive",
        rest.NightConsecutiveSettings,
        rest.night_consecutive,
        rest.night_consecutive_window,
    ),
    Rule("week.hours", hours.WeekHoursSettings, hours.week_hours, hours.week_hours_window),
    Rule("stress.high", stress.StressHighSettings, stress.stress_high, stress.within_days_window),
    Rule(
        "stress.urgent",
        stress.StressUrgentSettings,
        stress.stress_urgent,
        stress.within_days_window,
    ),
    Rule(
        "stress.rising",
        stress.StressRisingSettings,
        stress.stress_rising,
        stress.stress_rising_window,
    ),
    Rule("energy.low", stress.EnergyLowSettings, stress.energy_low, stress.within_days_window),
    Rule(
        "contacts.difficult",
        contacts.ContactsDifficultSettings,
        contacts.contacts_difficult,
        contacts.contacts_difficult_window,
    ),
    Rule(
        "occupancy.high",
        contacts.OccupancyHighSettings,
        contacts.occupancy_high,
        contacts.occupancy_window,
    ),
    Rule("who5.low", who5.Who5LowSettings, who5.who5_low, who5.valid_window),
    Rule("who5.very_low", who5.Who5VeryLowSettings, who5.who5_very_low, who5.valid_window),
    Rule("who5.item_low", who5.Who5ItemLowSettings, who5.who5_item_low, who5.valid_window),
    Rule("who5.drop", who5.Who5DropSettings, who5.who5_drop, who5.drop_window),
    Rule("cbi.elevated", cbi.CbiElevatedSettings, cbi.cbi_elevated, cbi.cbi_window),
    Rule("cbi.high", cbi.CbiHighSettings, cbi.cbi_high, cbi.cbi_window),
)

SUSTAINED: FollowUpRule[Any] = FollowUpRule(
    "sustained", sustained.SustainedSettings, sustained.sustained, sustained.sustained_window
)

# What makes a week count for `sustained`: strain found at a check-in of that week, or a low
# questionnaire answered that week. The planning rules (breaks, rest, hours, days, nights)
# are not here: they say what the schedule did, not how the person is.
CHECKIN_STRAIN_RULES = (
    "stress.high",
    "stress.urgent",
    "stress.rising",
    "energy.low",
    "contacts.difficult",
)
SURVEY_STRAIN_RULES = ("who5.low", "who5.very_low", "cbi.elevated", "cbi.high")
# The rules about questionnaires: judged when one is answered, not as part of a shift.
SURVEY_RULES = (*SURVEY_STRAIN_RULES, "who5.item_low", "who5.drop")

# One score, one finding: the lower band is not raised when the higher one is.
SUPERSEDED_BY = {"who5.low": "who5.very_low", "cbi.elevated": "cbi.high"}

RULE_IDS: tuple[str, ...] = (*(rule.id for rule in RULES), SUSTAINED.id)
SETTINGS = {rule.id: rule.settings for rule in RULES} | {SUSTAINED.id: SUSTAINED.settings}
