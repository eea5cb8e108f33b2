"""The reflection screen's charts do not exaggerate: fixed scales, one week axis with labels,
gaps for weeks without check-ins, the week in progress marked, each check-in on its day.

The frozen clock stands on Friday 27 Nov 2026 (ISO week 2026-W48). The 4-week view runs from
Monday 2 Nov (W45) to Sunday 29 Nov with one column per day, so 27 Nov is column 25 and the
28th and 29th are still to come.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from tests.conftest import FrozenClock
from tests.support.pilot import app_on, settle
from wellbeing.i18n import LANGUAGES, set_language
from wellbeing.services import Wellbeing
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.reflect import ReflectScreen
from wellbeing.tui.widgets.scaled_chart import BARS, ScaledTrendRow

FIRST_DAY = date(2026, 11, 2)  # Monday of W45, the 4-week view's first column
TODAY = date(2026, 11, 27)


@pytest.fixture
def app(db_url: str, clock: FrozenClock) -> WellbeingApp:
    return app_on(db_url, clock)


@pytest.fixture
def english_afterwards() -> object:
    yield
    set_language("en")


def check_in(service: Wellbeing, day: str, stress: int, start: str = "08:00") -> None:
    end = f"{int(start[:2]) + 4:02d}{start[2:]}"
    service.record_checkin(
        {"start": f"{day}T{start}", "end": f"{day}T{end}", "stress": stress, "energy": 5}
    )


def column(day: date) -> int:
    return (day - FIRST_DAY).days


def week_columns(monday: date) -> slice:
    return slice(column(monday), column(monday) + 7)


async def open_reflect(pilot: Pilot[None]) -> ReflectScreen:
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReflectScreen)
    return screen


def chart(screen: ReflectScreen, key: str) -> str:
    return screen.query_one(f"#trend-{key}", ScaledTrendRow).chart


def text_of(screen: ReflectScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_a_weekly_mean_of_5_0_then_5_1_is_drawn_at_the_same_height_not_a_jump(
    app: WellbeingApp, service: Wellbeing
) -> None:
    check_in(service, "2026-11-17", 5)  # W47: mean 5.0
    for day in range(23, 28):  # W48: nine fives and one six, mean 5.1
        check_in(service, f"2026-11-{day}", 5, "06:00")
        check_in(service, f"2026-11-{day}", 6 if day == 27 else 5, "11:00")
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        drawn = chart(screen, "stress")
    w47 = drawn[week_columns(date(2026, 11, 16))]
    w48_so_far = drawn[column(date(2026, 11, 23)) : column(TODAY) + 1]
    assert set(w47) == set(w48_so_far) == {BARS[4]}  # half of the 0-10 scale, both weeks


async def test_a_week_without_checkins_is_a_gap_in_every_chart_not_a_zero(
    app: WellbeingApp, service: Wellbeing
) -> None:
    for day in ("2026-11-03", "2026-11-17", "2026-11-24"):  # nothing in W46
        check_in(service, day, 4)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        w46 = {
            key: chart(screen, key)[week_columns(date(2026, 11, 9))] for key in ("hours", "stress")
        }
    assert w46 == {"hours": " " * 7, "stress": " " * 7}


async def test_the_week_in_progress_is_marked_and_its_days_to_come_are_dotted(
    app: WellbeingApp, service: Wellbeing
) -> None:
    check_in(service, "2026-11-24", 6)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        hours = chart(screen, "hours")
        axis = text_of(screen, "#reflect-axis .trend-chart")
        note = text_of(screen, "#reflect-axis-note")
    assert hours[-2:] == "··"  # Saturday 28 and Sunday 29 November have not come yet
    assert hours[column(date(2026, 11, 23)) : column(TODAY) + 1] == BARS[1] * 5
    assert axis.endswith("W48*")
    assert note.startswith("W48* is this week, up to 27 November 2026; · marks the days to come.")


async def test_one_week_axis_with_labels_runs_under_every_chart(
    app: WellbeingApp, service: Wellbeing
) -> None:
    check_in(service, "2026-11-24", 6)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        axis_4 = text_of(screen, "#reflect-axis .trend-chart")
        widths_4 = {len(row.chart) for row in screen.query(ScaledTrendRow)}
        await pilot.press("w")
        await settle(pilot)
        axis_12 = text_of(screen, "#reflect-axis .trend-chart")
        widths_12 = {len(row.chart) for row in screen.query(ScaledTrendRow)}
    assert axis_4 == "W45    W46    W47    W48*"
    assert widths_4 == {28}  # every chart, each check-in's and each week's, 4 weeks × 7 days
    assert axis_12 == "  W38 W40 W42 W44 W46 W48*"  # every other week, back from W48
    assert widths_12 == {24}  # 12 weeks × 2 columns


async def test_each_checkin_stands_on_its_own_day_beside_the_weekly_mean(
    app: WellbeingApp, service: Wellbeing
) -> None:
    check_in(service, "2026-11-24", 7)
    check_in(service, "2026-11-26", 5)
    async with app.run_test() as pilot:
        screen = await open_reflect(pilot)
        each = chart(screen, "checkin-stress")
        weekly = chart(screen, "stress")
        latest = screen.query_one("#trend-checkin-stress", ScaledTrendRow).latest
    tuesday, thursday = column(date(2026, 11, 24)), column(date(2026, 11, 26))
    assert (each[tuesday], each[thursday]) == (BARS[5], BARS[4])  # 7 and 5 on a 0-10 scale
    assert each[tuesday + 1] == " "  # Wednesday: no check-in
    assert weekly[tuesday] == weekly[thursday] == BARS[4]  # the week's mean, 6
    assert latest == "5/10 on 26 Nov"


@pytest.mark.parametrize("weeks_view", [4, 12])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_chart_row_fits_the_screen_uncut_in_every_language(
    app: WellbeingApp,
    service: Wellbeing,
    english_afterwards: object,
    language: str,
    size: tuple[int, int],
    weeks_view: int,
) -> None:
    for day, stress in (("2026-11-03", 3), ("2026-11-17", 8), ("2026-11-24", 6)):
        check_in(service, day, stress)
    set_language(language)
    async with app.run_test(size=size) as pilot:
        screen = await open_reflect(pilot)
        if weeks_view == 12:
            await pilot.press("w")
            await settle(pilot)
        body = screen.query_one("#reflect-body").content_region
        cut = [
            str(label.render())
            for row in screen.query(ScaledTrendRow)
            for label in row.query(Label)
            if label.region.right > body.right
            or len(str(label.render())) > label.content_region.width
        ]
    assert cut == []
