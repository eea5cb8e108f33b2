"""The legal daily rest has one home: the shipped default of the rest.daily rule."""

from __future__ import annotations

from datetime import timedelta

from tests.support.rules_builders import DEFAULTS
from wellbeing.domain.daily_rest import DAILY_REST_HOURS, QUICK_RETURN_MINUTES


def test_the_quick_return_line_is_the_rest_daily_rules_shipped_minimum() -> None:
    shipped = DEFAULTS["rest.daily"].model_dump()["min_rest_hours"]

    assert shipped == DAILY_REST_HOURS
    assert timedelta(minutes=QUICK_RETURN_MINUTES) == timedelta(hours=shipped)


def test_the_shipped_minimum_is_the_eleven_hours_of_the_labour_act() -> None:
    # Belgian Labour Act of 16 March 1971, art. 38ter.
    assert timedelta(hours=DAILY_REST_HOURS) == timedelta(hours=11)
