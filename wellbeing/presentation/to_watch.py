"""What the overall level says about the findings shown under it: the same words in the app's
banner and on the command line's "Overall:" line.

The overall level is about now: the flags open now. Green stays green while nothing above
watch is open, yet above flags to keep an eye on it cannot say that nothing needs attention;
both interfaces then say that nothing is urgent and how many flags there are to watch, the
same count after a check-in as on the Flags screen (a clean check-in of a past shift shows
no finding, while flags raised by a later shift stay open).

Each shift is judged at its own time, so a check-in of a past shift (a forgotten day, a
correction) can show findings more serious than the overall level: a shift of last week
without its legal break is a warning about that shift, but its flag closed when the next
shift was judged without one. Those findings stay in that shift's history and count in its
week; a line above them says so, so that a green level above a warning is not a
contradiction.
"""

from __future__ import annotations

from collections.abc import Iterable

from wellbeing.i18n import N_

# The most serious level an open flag can have under each overall level.
_MOST_OPEN = {"green": 1, "orange": 2, "red": 3}
_RANKS = {"info": 0, "watch": 1, "warning": 2, "high": 3}

PAST_FINDINGS = N_(
    "Findings below that are more serious than this level are about a past shift: they stay "
    "in its history and leave no flag open now."
)


def count_to_watch(levels: Iterable[str]) -> int:
    """How many of these flags or findings are there to keep an eye on (the watch level)."""
    return sum(1 for level in levels if str(level) == "watch")


def shows_past_findings(overall: str, levels: Iterable[str]) -> bool:
    """Whether some of these findings are more serious than any flag open under `overall`
    can be, so they concern a past shift only."""
    most = _MOST_OPEN[str(overall)]
    return any(_RANKS[str(level)] > most for level in levels)
