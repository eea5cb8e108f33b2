"""Where each threshold comes from, as the person reads it (domain.md; translatable)."""

from __future__ import annotations

from wellbeing.i18n import N_

LEGAL_BREAK = N_(
    "Belgian Labour Act of 16 March 1971, art. 38quater: more than 6 hours of work must be "
    "interrupted by a break of at least 15 minutes, at the latest when 6 hours are reached"
)
RECOVERY_BREAK = N_(
    "UK HSE guidance for call handlers (LAC 94/1): at least 5 minutes an hour or 15 minutes "
    "per 2 hours; micro-breaks reduce fatigue (Albulescu et al., PLoS One 2022)"
)
DAILY_REST = N_(
    "Belgian Labour Act of 16 March 1971, art. 38ter: at least 11 consecutive hours of rest "
    "between two working days; quick returns raise sleepiness (Öster et al., SJWEH 2024)"
)
LONG_SHIFT = N_(
    "Law of 3 October 2022 on various labour provisions (four-day week): a full-time week "
    "may be worked in four days of up to 9.5 hours, or 10 hours under a sector agreement; UK "
    "HSE HSG256 (2006): shifts of at most 12 hours including overtime. More than 11 hours "
    "worked, and leaving breaks of 3 hours or longer out of the span, are this app's defaults"
)
CONSECUTIVE_DAYS = N_(
    "UK HSE HSG256 (2006): at most 5 to 7 consecutive working days; Belgian Labour Act, "
    "art. 11: Sunday is a rest day in principle"
)
CONSECUTIVE_NIGHTS = N_(
    "EU Working Time Directive 2003/88/EC, art. 2: night time includes 00:00-05:00 and a night "
    "worker works at least 3 hours of the daily working time at night; collective agreement "
    "(CAO/CCT) no. 46 leaves out work between 06:00 and 24:00 in shift work; UK HSE HSG256 "
    "(2006): at most 2 to 3 night shifts in a row. A night shift here has at least 3 hours "
    "worked between 23:00 and 06:00"
)
WEEK_HOURS = N_(
    "Belgian Labour Act of 16 March 1971: 38 hours a week on average, at most 45 hours in a "
    "week under flexible schedules"
)
STRESS_HIGH = N_(
    "Lesage & Berjot, Occupational Medicine 2011: 7 or more on a 0-10 stress scale is high stress"
)
STRESS_URGENT = N_(
    "Dutheil et al., PLoS One 2017: on a 0-10 stress scale, about 8 and above called for "
    "urgent action"
)
STRESS_RISING = N_(
    "Single-item stress ratings are valid for following change (Elo, Leppänen & Jahkola, "
    "SJWEH 2003); a rise of 2 points over your own 8-week baseline is this app's default"
)
ENERGY_LOW = N_(
    "Job Demands-Resources model (Demerouti et al. 2001): lasting low energy is a sign of "
    "exhaustion; 3 or lower three times in a row is this app's default"
)
DIFFICULT_CONTACTS = N_(
    "Customer aggression leads to emotional exhaustion (Deery, Iverson & Walsh 2002; Molino "
    "et al., Frontiers in Psychology 2016); 3 a shift, or a share of 10 % when there are at "
    "least 30 contacts, are this app's defaults"
)
OCCUPANCY = N_(
    "Contact-centre workforce planning consensus (Call Centre Helper, WFM Labs): occupancy "
    "above 85 % is pressure, above 90 % is the burnout zone"
)
WHO5 = N_(
    "WHO-5 Well-Being Index (Topp et al., Psychotherapy and Psychosomatics 2015): 50 % or "
    "lower is poor well-being, 28 % or lower suggests seeking professional help, any item at "
    "0 or 1 is a reason to talk, a change of 10 points is meaningful. This is not a diagnosis"
)
CBI = N_(
    "Copenhagen Burnout Inventory (Kristensen et al., Work & Stress 2005): by common convention "
    "a scale score of 50-74 is moderate, 75-99 high and 100 severe; the author warns against "
    "hard cut-points, so read it as an indication, not a diagnosis"
)
SUSTAINED = N_(
    "A green, orange and red traffic light as in the Burnout Assessment Tool (Schaufeli et "
    "al., SJWEH 2023); three ISO weeks in a row, each with new signs of strain from that week "
    "(stress, energy, difficult contacts, or a low questionnaire answered that week), is this "
    "app's default"
)
