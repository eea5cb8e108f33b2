"""The arithmetic of a guided pause: countdown, breathing rhythm, prompts, the logged break.

Pure functions of the elapsed time, so the screen only has to read a clock; tests move the
clock instead of waiting minutes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from wellbeing.domain.localtime import to_local
from wellbeing.i18n import N_, _

PAUSE_CHOICES = (2, 5, 10)
"""Micro-breaks of up to 10 minutes raise vigour and reduce fatigue (Albulescu et al., PLoS One
2022, meta-analysis; domain.md §5)."""

# Slow breathing at about six breaths a minute (a 10-second cycle) is the pace most studies of
# slow breathing use (Zaccaro et al., Front Hum Neurosci 2018, systematic review); a longer
# out-breath than in-breath is the usual calming pattern.
BREATH_IN_SECONDS = 4
BREATH_OUT_SECONDS = 6
BREATH_SECONDS = BREATH_IN_SECONDS + BREATH_OUT_SECONDS
BREATHS_PER_PROMPT = 3

PROMPTS = (
    N_("Sit back, let your shoulders drop and follow your breath."),
    N_("Look away from the screen at something far away; let your eyes rest."),
    N_("Roll your shoulders slowly backwards, then forwards."),
    N_("Stand up and stretch your arms above your head."),
    N_("Unclench your jaw and relax your hands in your lap."),
    N_("Turn your head slowly to the left, then to the right."),
    N_("Notice your feet on the floor; breathe out a little longer than you breathe in."),
)


def breath_phase(elapsed: timedelta) -> str:
    """'Breathe in' for the first four seconds of each ten, 'breathe out' for the rest."""
    into_breath = elapsed.total_seconds() % BREATH_SECONDS
    return _("Breathe in…") if into_breath < BREATH_IN_SECONDS else _("Breathe out…")


def prompt_at(elapsed: timedelta) -> str:
    """The guidance shown now; it changes every few breaths and starts over when all are used."""
    index = int(elapsed.total_seconds() // (BREATH_SECONDS * BREATHS_PER_PROMPT))
    return _(PROMPTS[index % len(PROMPTS)])


def countdown(remaining: timedelta) -> str:
    """Minutes and seconds left, rounded up so the display reads 0:00 only at the end."""
    seconds = max(0, int(-(-remaining.total_seconds() // 1)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def whole_minute(moment: datetime) -> datetime:
    """The nearest whole minute, as a break is written HH:MM (rounded in UTC, whose minutes
    are Brussels minutes too)."""
    rounded = moment + timedelta(seconds=30)
    return rounded.replace(second=0, microsecond=0)


def break_span(started: datetime, ended: datetime) -> str | None:
    """The pause as the check-in form writes a break, 'HH:MM-HH:MM' in Brussels time.

    None when it lasted less than a whole minute on the clock: such a break cannot be written.
    """
    start, end = to_local(whole_minute(started)), to_local(whole_minute(ended))
    if end <= start:
        return None
    return f"{start:%H:%M}-{end:%H:%M}"
