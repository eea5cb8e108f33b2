"""The reflection screen (F7): trends on fixed scales, the person's baseline and the summary.

Check-ins go in through the real service; the frozen clock stands on Friday 27 Nov 2026
(ISO week 2026-W48), so the last four weeks are W45 to W48. Expected figures are worked out
here from the shifts recorded, not read back from the code under test.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.support.broken_database import move_table_away
from tests.support.clock import FrozenClock
from tests.support.notices import notices_into
from tests.support.pilot import app_on, settle
from wellbeing.i18n import set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.reflect import ReflectScreen
from wellbeing.tui.widgets.scaled_chart import ScaledTrendRow

# One 08:00-16:30 shift with a 30-minute break (8 h worked) in each of the last four weeks,
# and one more in W40, inside the 12 weeks but outside the 4.
SHIFTS = (
    ("2026-09-29", 2, 8, 10, 0),
    ("2026-11-03", 3, 7, 40, 2),
    ("2026-11-10", 4, 6, 30, 0),
    ("2026-11-17", 6, 4, 50, 5),
    ("2026-11-24", 7, 3, 20, 1),
)
TRENDS = ("stress", "energy", "hours", "breaks", "contacts", "difficult")
# Columns per week: one a day over 4 weeks, two over 12.
PER_WEEK = {4: 7, 12: 2}


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


def record_weeks(service: Wellbeing) -> None:
    for day, stress, energy, contacts, difficult in SHIFTS:
        service.record_checkin(
            {
                "start": f"{day}T08:00",
                "end": f"{day}T16:30",
                "breaks": [{"start": f"{day}T12:00", "end": f"{day}T12:30"}],
                "stress": stress,
                "energy": energy,
                "contacts": contacts,
                "difficult": difficult,
            }
        )


async def open_reflect(pilot: Pilot[None]) -> ReflectScreen:
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReflectScreen)
    return screen


def points(screen: ReflectScreen, key: str) -> list[float | None]:
    """One value per week: the first column of each week (a week fills all its columns)."""
    row = screen.query_one(f"#trend-{key}", ScaledTrendRow)
    return list(row.points[:: PER_WEEK[screen.weeks]])


def text_of(screen: ReflectScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_each_trend_has_one_point_per_week_over_four_weeks(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_weeks(service)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        series = {key: points(screen, key) for key in TRENDS}
    assert series == {
        "stress": [3, 4, 6, 7],
        "energy": [7, 6, 4, 3],
        "hours": [8, 8, 8, 8],
        "breaks": [30, 30, 30, 30],
        "contacts": [40, 30, 50, 20],
        "difficult": [5, 0, 10, 5],  # percent of the week's contacts
    }


async def test_w_switches_to_twelve_weeks_and_back(app: WellbeingApp, service: Wellbeing) -> None:
    record_weeks(service)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        await pilot.press("w")
        await settle(pilot)
        hours_12, stress_12 = points(screen, "hours"), points(screen, "stress")
        period_12 = text_of(screen, "#reflect-period")
        await pilot.press("w")
        await settle(pilot)
        hours_4 = points(screen, "hours")
    # W37 to W48: a week without check-ins is a gap in every trend, never an invented zero.
    assert hours_12 == [None, None, None, 8, None, None, None, None, 8, 8, 8, 8]
    assert stress_12 == [None, None, None, 2, None, None, None, None, 3, 4, 6, 7]
    assert period_12 == "Your last 12 weeks, ISO weeks 2026-W37 to 2026-W48"
    assert len(hours_4) == 4


async def test_each_trend_shows_its_latest_value_and_scale(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_weeks(service)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        stress = screen.query_one("#trend-stress", ScaledTrendRow)
        contacts = screen.query_one("#trend-contacts", ScaledTrendRow)
        shown = (stress.latest, stress.scale_text, contacts.latest, contacts.scale_text)
    assert shown == ("7/10 in W48", "0-10", "20 in W48", "0-50")


async def test_the_weekly_summary_is_shown(app: WellbeingApp, service: Wellbeing) -> None:
    record_weeks(service)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        summary = text_of(screen, "#reflect-summary")
    assert summary.splitlines() == [
        "This week: 1 check-in, 8 hours worked, 30 minutes of breaks.",
        "Average stress 7/10 and energy 3/10.",
        "Stress is 1.0 points higher than last week.",
        "1 difficult contact out of 20.",
    ]


async def test_recent_stress_is_shown_beside_the_persons_baseline(
    app: WellbeingApp, service: Wellbeing
) -> None:
    record_weeks(service)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        baseline = text_of(screen, "#reflect-baseline").splitlines()
    # Last 7 days: the shift of 24 Nov. The 8 weeks before: 29 Sep to 17 Nov (stress 2, 3,
    # 4, 6: mean 3.75, shown as 3.8; energy 8, 7, 6, 4: mean 6.25, shown as 6.2).
    # Four check-ins are not yet a usual level: their mean is called what it is.
    assert baseline[0] == "Stress: last 7 days 7 · mean so far 3.8, from 4 check-ins"
    assert baseline[1] == "Energy: last 7 days 3 · mean so far 6.2, from 4 check-ins"
    assert baseline[2] == (
        "Your usual level needs 10 check-ins in the 8 weeks before the last 7 days; "
        "there are 4 so far."
    )


ONE_BEFORE = {
    "en": (
        "Stress: last 7 days 7 · mean so far 3, from 1 check-in",
        "Your usual level needs 10 check-ins in the 8 weeks before the last 7 days; "
        "there is 1 so far.",
    ),
    "nl": (
        "Stress: laatste 7 dagen 7 · gemiddelde tot nu toe 3, uit 1 check-in",
        "Voor je gebruikelijke niveau zijn 10 check-ins nodig in de 8 weken vóór de laatste "
        "7 dagen; er is er tot nu toe 1.",
    ),
    "fr": (
        "Stress : 7 derniers jours 7 · moyenne jusqu'ici 3, sur 1 bilan",
        "Votre niveau habituel demande 10 bilans dans les 8 semaines précédant les 7 derniers "
        "jours ; il y en a 1 pour l'instant.",
    ),
}
USUAL = {"en": "usual", "nl": "gewoonlijk", "fr": "habitude"}
"""The word each language uses for the person's usual level."""


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_a_single_earlier_checkin_is_not_called_the_persons_usual_level(
    app: WellbeingApp, service: Wellbeing, language: str
) -> None:
    for day, stress, energy in (("2026-11-10", 3, 6), ("2026-11-24", 7, 3)):
        service.record_checkin(
            {"start": f"{day}T08:00", "end": f"{day}T16:00", "stress": stress, "energy": energy}
        )
    set_language(language)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_reflect(pilot)
            baseline = text_of(screen, "#reflect-baseline").splitlines()
    finally:
        set_language("en")
    stress_line, count_line = ONE_BEFORE[language]
    assert baseline[0] == stress_line
    assert USUAL[language] not in " ".join(baseline[:2])
    assert baseline[2] == count_line


async def test_without_checkins_the_screen_says_how_to_record_one(app: WellbeingApp) -> None:
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        empty = screen.query_one("#reflect-empty")
        shown, text = empty.display, str(empty.render())
        stress_latest = screen.query_one("#trend-stress", ScaledTrendRow).latest
        stress_points = points(screen, "stress")
    assert shown
    assert text == "No check-ins in these weeks yet. Press F2 to record one."
    assert stress_latest == "no check-ins"
    assert stress_points == [None, None, None, None]


async def test_a_new_checkin_updates_the_open_trends(app: WellbeingApp, service: Wellbeing) -> None:
    record_weeks(service)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        service.record_checkin(
            {"start": "2026-11-26T08:00", "end": "2026-11-26T12:00", "stress": 9, "energy": 2}
        )
        app.data_version += 1
        await settle(pilot)
        hours = points(screen, "hours")
        stress = points(screen, "stress")
    assert hours == [8, 8, 8, 12]
    assert stress == [3, 4, 6, 8]


async def test_trends_that_cannot_be_read_are_reported_not_raised(
    app: WellbeingApp, db_url: str
) -> None:
    move_table_away(db_url, "people")
    notices: list[str] = []
    async with app.run_test(message_hook=notices_into(notices)) as pilot:
        await open_reflect(pilot)
        running = app.is_running
    assert running
    assert any(notice.startswith("Your trends could not be read: ") for notice in notices)
