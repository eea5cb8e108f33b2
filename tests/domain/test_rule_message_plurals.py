"""Rule messages that count ("{count} of your last {total} …") take the singular or the plural
their language asks for, in English, Dutch and French, with a count of 1 and of 2.

The rules run on real check-ins with thresholds set so that exactly one or two of them count.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.rules_builders import context, day_shift, days_before
from wellbeing.domain.checkin import Checkin
from wellbeing.domain.findings import Finding
from wellbeing.domain.rules.contacts import OccupancyHighSettings, occupancy_high
from wellbeing.domain.rules.stress import (
    EnergyLowSettings,
    StressHighSettings,
    energy_low,
    stress_high,
)

LAST = date(2026, 11, 27)


def shifts(**series: list) -> list[Checkin]:
    """One shift a day up to LAST, the i-th taking the i-th value of each series."""
    count = len(next(iter(series.values())))
    return [
        day_shift(day, **{name: values[n] for name, values in series.items()})
        for n, day in enumerate(days_before(LAST, count))
    ]


def stress_finding(min_count: int) -> Finding:
    settings = StressHighSettings(
        enabled=True, min_stress=7, min_count=min_count, last_count=5, within_days=28
    )
    stress = [7, 2, 3, 3, 3] if min_count == 1 else [7, 2, 8, 3, 3]
    [finding] = stress_high(context(shifts(stress=stress)), settings)
    return finding


def occupancy_finding(count: int) -> Finding:
    settings = OccupancyHighSettings(
        enabled=True,
        watch_percent=85,
        warning_percent=90,
        warning_count=count,
        last_count=5,
        within_days=28,
    )
    occupancy = [95.0, 80.0, 80.0, 80.0, 80.0] if count == 1 else [95.0, 80.0, 92.0, 80.0, 80.0]
    [finding] = occupancy_high(context(shifts(occupancy=occupancy)), settings)
    return finding


def energy_finding(in_a_row: int) -> Finding:
    settings = EnergyLowSettings(enabled=True, max_energy=3, in_a_row=in_a_row, within_days=28)
    [finding] = energy_low(context(shifts(energy=[6, 6, 3, 2][-max(in_a_row, 2) :])), settings)
    return finding


STRESS = {
    ("en", 1): "1 check-in of your last 5 had stress 7 or more: 7.",
    ("en", 2): "2 of your last 5 check-ins had stress 7 or more: 7, 8.",
    ("nl", 1): "1 van je laatste 5 check-ins had stress 7 of meer: 7.",
    ("nl", 2): "2 van je laatste 5 check-ins hadden stress 7 of meer: 7, 8.",
    ("fr", 1): "1 de vos 5 derniers bilans indiquait un stress de 7 ou plus : 7.",
    ("fr", 2): "2 de vos 5 derniers bilans indiquaient un stress de 7 ou plus : 7, 8.",
}

OCCUPANCY = {
    ("en", 1): "1 shift of your last 5 had an occupancy above 90 %: 95.",
    ("en", 2): "2 of your last 5 shifts had an occupancy above 90 %: 95, 92.",
    ("nl", 1): "1 van je laatste 5 shifts had een bezettingsgraad boven 90 %: 95.",
    ("nl", 2): "2 van je laatste 5 shifts hadden een bezettingsgraad boven 90 %: 95, 92.",
    ("fr", 1): "1 de vos 5 derniers services avait un taux d'occupation supérieur à 90 % : 95.",
    ("fr", 2): (
        "2 de vos 5 derniers services avaient un taux d'occupation supérieur à 90 % : 95, 92."
    ),
}

ENERGY = {
    ("en", 1): "Your energy was 3 or lower in your last check-in: 2.",
    ("en", 2): "Your energy was 3 or lower in your last 2 check-ins in a row: 3, 2.",
    ("nl", 1): "Je energie was 3 of lager in je laatste check-in: 2.",
    ("nl", 2): "Je energie was 3 of lager in je laatste 2 check-ins na elkaar: 3, 2.",
    ("fr", 1): "Votre énergie était de 3 ou moins lors de votre dernier bilan : 2.",
    ("fr", 2): "Votre énergie était de 3 ou moins lors de vos 2 derniers bilans d'affilée : 3, 2.",
}


@pytest.mark.parametrize(("language", "count"), list(STRESS))
def test_stress_count_message_agrees_with_its_count(language: str, count: int) -> None:
    assert stress_finding(count).message_in(language) == STRESS[language, count]


@pytest.mark.parametrize(("language", "count"), list(OCCUPANCY))
def test_occupancy_count_message_agrees_with_its_count(language: str, count: int) -> None:
    assert occupancy_finding(count).message_in(language) == OCCUPANCY[language, count]


@pytest.mark.parametrize(("language", "count"), list(ENERGY))
def test_energy_in_a_row_message_agrees_with_its_count(language: str, count: int) -> None:
    assert energy_finding(count).message_in(language) == ENERGY[language, count]


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_a_finding_stored_under_the_old_plural_wording_shows_the_singular_for_one(
    language: str,
) -> None:
    stored = stress_finding(1).model_copy(
        update={
            "message": "{count} of your last {total} check-ins had stress {threshold} or more: "
            "{values}."
        }
    )
    assert stored.message_in(language) == STRESS[language, 1]
