"""The legal daily rest, read from its one home: the shipped default of the rest.daily rule.

Belgian Labour Act of 16 March 1971, art. 38ter: at least 11 consecutive hours of rest
between two working days. `rules/defaults.toml` holds that number (`[rules.rest.daily]
min_rest_hours`), with its source, as it holds every threshold of the rules. An organisation
file may ask its rule for more, but team trends count a "quick return" against the law's
line, the same for every organisation, so they take the shipped default, never an
organisation's. Read with tomllib alone, so that the store and the migrations get the number
without loading the rules.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files


def _shipped_min_rest_hours() -> float:
    shipped = tomllib.loads(files("wellbeing.domain.rules").joinpath("defaults.toml").read_text())
    hours = shipped["rules"]["rest"]["daily"]["min_rest_hours"]
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= 24:
        raise ValueError(f"rules.rest.daily.min_rest_hours must be hours, not {hours!r}")
    return float(hours)


DAILY_REST_HOURS = _shipped_min_rest_hours()
# A shift that starts less than this after the previous one ended is a quick return.
QUICK_RETURN_MINUTES = round(DAILY_REST_HOURS * 60)
