"""The team screen (F9): a teamleader's anonymised weekly figures; refused to anyone else.

Team Alpha has six agents. In 2026-W44 only three of them check in (hidden: fewer than 5
people); in W45, W46 and W47 all six work a Tuesday 08:00 shift: a1-a3 until 16:00 without a
break (8 h of work and no legal break: orange), a4-a6 until 16:30 with a break at noon. Each
check-in is evaluated at the end of its own shift, as it would be in real life. Expected
figures are worked out here from that plan.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from tests.support.broken_database import move_table_away
from tests.support.cli import run_cli
from tests.support.clock import FrozenClock
from tests.support.notices import notices_into
from tests.support.pilot import settle
from tests.support.screen_text import screen_lines
from tests.support.team_screen import (  # noqa: F401  (organisation: a fixture)
    AGENTS,
    ENERGY,
    SIZE,
    STRESS,
    TUESDAYS,
    app_for,
    check_in,
    check_in_as,
    open_team,
    organisation,
)
from wellbeing.i18n import set_language
from wellbeing.services import Organisation
from wellbeing.store.database import Database
from wellbeing.tui.screens.checkin import CheckinScreen
from wellbeing.tui.screens.privacy import PrivacyScreen
from wellbeing.tui.screens.team import TeamPreviewScreen, TeamScreen, TeamTable
from wellbeing.tui.widgets.scaled_chart import ScaledTrendRow


def rows_of(screen: TeamScreen) -> list[list[str]]:
    table = screen.query_one(TeamTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


@pytest.mark.usefixtures("organisation")
async def test_a_teamleader_sees_weekly_figures_of_the_team(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        rows = rows_of(screen)
        heading = str(screen.query_one(".team-heading").render())
    assert heading == (
        "Team Alpha, ISO weeks 2026-W36 to 2026-W47 (each figure covers at least 5 people)"
    )
    # One decimal everywhere; nobody had a quick return: shown as the band "10 % or less".
    assert rows[-3:] == [
        ["2026-W45", "6", "4.0", "6.0", "50 %", "≤10 %", "50 %", "8.0"],
        ["2026-W46", "6", "4.0", "6.0", "50 %", "≤10 %", "50 %", "8.0"],
        ["2026-W47", "6", "4.0", "6.0", "50 %", "≤10 %", "50 %", "8.0"],
    ]


@pytest.mark.usefixtures("organisation")
async def test_a_week_with_fewer_than_five_people_is_hidden_and_explained(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        week_44 = next(row for row in rows_of(screen) if row[0] == "2026-W44")
        notes = str(screen.query_one("#team-0-hidden").render())
    assert week_44 == ["2026-W44", "hidden", "·", "·", "·", "·", "·", "·"]
    assert notes.endswith("\n2026-W44: fewer than 5 people checked in: hidden to protect them")


NOBODY = {
    "en": ("nobody", "2026-W36 to 2026-W43: nobody in the team checked in"),
    "nl": ("niemand", "2026-W36 tot 2026-W43: niemand van het team deed een check-in"),
    "fr": ("personne", "2026-W36 à 2026-W43 : personne de l'équipe n'a fait de bilan"),
}


@pytest.mark.usefixtures("organisation")
@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_the_table_has_a_row_for_every_week_its_heading_names(
    db_url: str, clock: FrozenClock, language: str
) -> None:
    set_language(language)
    try:
        app = app_for(db_url, "lead", clock)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_team(pilot)
            heading = str(screen.query_one(".team-heading").render())
            rows = rows_of(screen)
            notes = str(screen.query_one("#team-0-hidden").render()).splitlines()
    finally:
        set_language("en")
    nobody, why = NOBODY[language]
    assert "2026-W36" in heading and "2026-W47" in heading
    assert [row[0] for row in rows] == [f"2026-W{week}" for week in range(36, 48)]
    # Nobody in the team checked in from W36 to W43: no figure, and the reason below.
    assert all(row[1:] == [nobody, "·", "·", "·", "·", "·", "·"] for row in rows[:8])
    assert notes[0] == why
    assert len(notes) == 2  # and W44, hidden: fewer than 5 people


LEFT_OUT = {
    "en": [
        "2026-W36 to 2026-W44: no team's figures can be shown here, so neither can the "
        "organisation's",
        "2026-W45: 1 team hidden (fewer than 5 people checked in per team), not in these figures",
    ],
    "nl": [
        "2026-W36 tot 2026-W44: de cijfers van geen enkel team kunnen hier getoond worden, dus "
        "die van de organisatie ook niet",
        "2026-W45: 1 team verborgen (minder dan 5 personen per team deden een check-in), niet in "
        "deze cijfers",
    ],
    "fr": [
        "2026-W36 à 2026-W44 : aucun chiffre d'équipe ne peut être affiché ici, donc ceux de "
        "l'organisation non plus",
        "2026-W45 : 1 équipe masquée (moins de 5 personnes par équipe ont fait un bilan), hors "
        "de ces chiffres",
    ],
}


@pytest.mark.usefixtures("organisation")
@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_the_organisations_weeks_say_which_hidden_teams_they_leave_out(
    database: Database, db_url: str, clock: FrozenClock, language: str
) -> None:
    # Team Bravo: two people check in in 2026-W45, fewer than 5, so Bravo is hidden and the
    # organisation's W45 is Alpha's six alone.
    admin = Organisation(database, "admin", clock)
    admin.create_team("Bravo")
    for account in ("b1", "b2"):
        admin.add_person(account, "Bravo")
        check_in_as(database, account, TUESDAYS["2026-W45"])
    set_language(language)
    try:
        app = app_for(db_url, "lead", clock)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_team(pilot)
            organisation = screen.query_one("#team-0-organisation", TeamTable)
            week_45 = [str(cell) for cell in organisation.get_row_at(9)]
            notes = screen.query_one("#team-0-organisation-notes")
            lines = str(notes.render()).splitlines()
            notes.scroll_visible(animate=False)
            await settle(pilot)
            shown = " ".join(" ".join(screen_lines(app)).split())
    finally:
        set_language("en")
    assert week_45[:2] == ["2026-W45", "6"]
    assert lines == LEFT_OUT[language]
    assert all(line in shown for line in lines)  # whole on the screen, wrapped at 80 columns


@pytest.mark.usefixtures("organisation")
async def test_charts_have_a_column_per_week_and_a_gap_where_a_week_has_no_figure(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        trends = {row.label: row.points for row in screen.query(ScaledTrendRow)}
    gaps = (None,) * 9  # W36-W43 nobody checked in, W44 hidden
    assert trends == {
        "Stress": (*gaps, 4.0, 4.0, 4.0),
        "Energy": (*gaps, 6.0, 6.0, 6.0),
        "Breaks ok": (*gaps, 50, 50, 50),
        "Quick returns": (*gaps, 10, 10, 10),
        "Orange/red": (*gaps, 50, 50, 50),
        "Hours/person": (*gaps, 8.0, 8.0, 8.0),
    }


@pytest.mark.usefixtures("organisation")
async def test_charts_are_drawn_on_the_whole_scale_not_between_their_own_extremes(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        rows = {row.label: row for row in screen.query(ScaledTrendRow)}
        charts = {label: row.chart for label, row in rows.items()}
        scales = {label: row.scale_text for label, row in rows.items()}
    # Stress 4 of 10 is a bar at four tenths of the height, not a full one.
    assert charts["Stress"] == " " * 9 + "▄▄▄"
    assert charts["Energy"] == " " * 9 + "▅▅▅"
    assert charts["Hours/person"] == " " * 9 + "▂▂▂"  # 8 h on 0-40 h
    assert scales == {
        "Stress": "0-10",
        "Energy": "0-10",
        "Breaks ok": "0-100 %",
        "Quick returns": "0-100 %",
        "Orange/red": "0-100 %",
        "Hours/person": "0-40 h",
    }


@pytest.mark.usefixtures("organisation")
async def test_the_charts_are_labelled_with_their_first_and_last_week(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        axis = str(screen.query_one(".team-axis .trend-chart").render())
    assert axis == "W36      W47"


@pytest.mark.usefixtures("organisation")
async def test_the_organisation_is_shown_beside_the_team_for_comparison(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        table = screen.query_one("#team-0-organisation", TeamTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    # Alpha is the only team shown, so the organisation's weeks are Alpha's; before W45 no
    # team's figures can be shown, and so neither can the organisation's.
    assert [row[:2] for row in rows[:9]] == [[f"2026-W{week}", "hidden"] for week in range(36, 45)]
    assert rows[9:] == [
        ["2026-W45", "6", "4.0", "6.0", "50 %", "≤10 %", "50 %", "8.0"],
        ["2026-W46", "6", "4.0", "6.0", "50 %", "≤10 %", "50 %", "8.0"],
        ["2026-W47", "6", "4.0", "6.0", "50 %", "≤10 %", "50 %", "8.0"],
    ]


@pytest.mark.usefixtures("organisation")
async def test_a_legend_says_how_to_read_the_figures_and_the_bands(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        legend = str(screen.query_one("#team-0-legend").render())
    assert "People: the people who checked in that week." in legend
    assert "≤ and ≥: a figure near the end of its scale is shown as a band" in legend


async def test_a_team_hidden_every_week_says_why_there_are_no_suggestions(
    database: Database, db_url: str, clock: FrozenClock
) -> None:
    admin = Organisation(database, "admin", clock)
    admin.bootstrap()
    admin.create_team("Small")
    for account in ("s1", "s2", "s3"):
        admin.add_person(account, "Small")
        check_in_as(database, account, TUESDAYS["2026-W46"])
    admin.add_person("lead")
    admin.grant("lead", "teamleader", "Small")
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        suggestions = str(screen.query_one("#team-0-suggestions").render())
    assert "None" not in suggestions
    assert suggestions == (
        "No suggestions: every week of this team is hidden, so there is nothing to base them "
        "on. They appear once 5 or more people check in in a week."
    )


@pytest.mark.usefixtures("organisation")
async def test_team_suggestions_are_shown(db_url: str, clock: FrozenClock) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        suggestions = str(screen.query_one("#team-0-suggestions").render()).splitlines()
    assert suggestions == [
        "• Break compliance was under 80 % for 2 weeks in a row (latest: 50 %). Talk with "
        "the team about how breaks are planned.",
        "• 50 % of the people who checked in were at orange or red (30 % or more). Consider "
        "the team's workload.",
    ]


@pytest.mark.usefixtures("organisation")
async def test_a_team_without_members_says_there_is_nothing_to_show(
    db_url: str, clock: FrozenClock
) -> None:
    app = app_for(db_url, "solo", clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        text = str(screen.query_one(".team-empty").render())
        tables = len(screen.query(TeamTable))
    assert text == "Nobody in team Empty checked in during these weeks: there is nothing to show."
    assert tables == 0


@pytest.mark.usefixtures("organisation")
async def test_the_team_key_is_shown_to_a_teamleader(db_url: str, clock: FrozenClock) -> None:
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {a.binding.id for a in app.screen.active_bindings.values() if a.binding.show}
        commands = {command.title for command in app.get_system_commands(app.screen)}
    assert "show.team" in shown
    assert "Team" in commands


@pytest.mark.usefixtures("organisation")
async def test_an_agent_cannot_open_the_team_screen_and_is_told_why(
    db_url: str, clock: FrozenClock
) -> None:
    notices: list[str] = []

    def hear(message: Message) -> None:
        if isinstance(message, Notify):
            notices.append(message.notification.message)

    app = app_for(db_url, "agent", clock)
    async with app.run_test(size=SIZE, message_hook=hear) as pilot:
        await settle(pilot)
        shown = {a.binding.id for a in app.screen.active_bindings.values() if a.binding.show}
        commands = {command.title for command in app.get_system_commands(app.screen)}
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
    assert isinstance(screen, CheckinScreen)
    assert "show.team" not in shown
    assert "Team" not in commands
    assert notices == ["The team screen is only for teamleaders: you do not lead a team."]


async def open_preview(pilot: Pilot[None]) -> TeamPreviewScreen:
    """Settings (F8), the privacy page, then "What my teamleader sees"."""
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    pilot.app.screen.query_one("#privacy").focus()
    await pilot.press("enter")
    await settle(pilot)
    pilot.app.screen.query_one("#teamleader-preview").focus()
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TeamPreviewScreen)
    return screen


def shown(screen: TeamScreen) -> dict[str, object]:
    """Everything the team section shows: heading, tables, notes, charts, suggestions."""
    section = screen.query_one("#team-0")
    return {
        "heading": str(section.query_one(".team-heading").render()),
        "rows": rows_of(screen),
        "organisation": [
            [str(cell) for cell in table.get_row_at(i)]
            for table in section.query("#team-0-organisation").results(TeamTable)
            for i in range(table.row_count)
        ],
        "hidden": str(section.query_one("#team-0-hidden").render()),
        "charts": [(row.label, row.points, row.latest) for row in section.query(ScaledTrendRow)],
        "suggestions": str(section.query_one("#team-0-suggestions").render()),
    }


@pytest.mark.usefixtures("organisation")
async def test_an_agents_preview_from_the_privacy_page_equals_the_teamleaders_screen(
    db_url: str, clock: FrozenClock
) -> None:
    async with app_for(db_url, "lead", clock).run_test(size=SIZE) as pilot:
        leader_sees = shown(await open_team(pilot))
    async with app_for(db_url, "agent", clock).run_test(size=SIZE) as pilot:
        preview = await open_preview(pilot)
        agent_sees = shown(preview)
        introduction = str(preview.query_one("#team-introduction").render())
        await pilot.press("escape")
        await settle(pilot)
        back = pilot.app.screen
    assert agent_sees == leader_sees
    assert introduction.startswith("This is exactly what your teamleader sees of your team")
    assert isinstance(back, PrivacyScreen)


async def test_someone_in_no_team_is_told_no_teamleader_sees_figures_about_them(
    database: Database, db_url: str, clock: FrozenClock
) -> None:
    admin = Organisation(database, "admin", clock)
    admin.bootstrap()
    admin.add_person("loner")
    async with app_for(db_url, "loner", clock).run_test(size=SIZE) as pilot:
        preview = await open_preview(pilot)
        text = str(preview.query_one("#team-refused").render())
    assert text == "You do not belong to a team, so no teamleader sees team figures about you."


@pytest.mark.usefixtures("organisation")
async def test_team_trends_that_cannot_be_read_are_reported_not_raised(
    db_url: str, clock: FrozenClock
) -> None:
    move_table_away(db_url, "published_cells")
    notices: list[str] = []
    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=SIZE, message_hook=notices_into(notices)) as pilot:
        await open_team(pilot)
        running = app.is_running
    assert running
    assert any(notice.startswith("The team trends could not be read: ") for notice in notices)


@pytest.mark.usefixtures("organisation")
async def test_weeks_published_before_an_admin_set_k_20_are_described_by_their_own_k(
    database: Database, db_url: str, clock: FrozenClock
) -> None:
    # The teamleader looks once: 2026-W36 to W47 are published under k = 5.
    async with app_for(db_url, "lead", clock).run_test(size=(80, 24)) as pilot:
        await open_team(pilot)
    said = run_cli(db_url, "admin", "set", "k", "20", account="admin", clock=clock)
    assert said.returncode == 0, said.stderr
    # All six check in in 2026-W48, which settles and is published under k = 20.
    for account in AGENTS:
        check_in(database, account, date(2026, 11, 24))
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))

    app = app_for(db_url, "lead", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_team(pilot)
        heading = str(screen.query_one(".team-heading").render())
        notes = str(screen.query_one("#team-0-hidden").render())
        rows = {row[0]: row[1:] for row in rows_of(screen)}
        legend = str(screen.query_one("#team-0-legend").render())
        shown = " ".join(" ".join(screen_lines(app)).split())
    assert heading.splitlines() == [
        "Team Alpha, ISO weeks 2026-W37 to 2026-W48",
        "k is now 20: figures published from now on cover at least 20 people each.",
        "2026-W37 to 2026-W47: published under k = 5, at least 5 people per figure",
        "2026-W48: published under k = 20, at least 20 people per figure",
    ]
    for line in heading.splitlines():  # on the screen, wrapped to its 80 columns
        assert line in shown
    assert notes.splitlines() == [
        "2026-W37 to 2026-W43: nobody in the team checked in",
        "2026-W44: fewer than 5 people checked in: hidden to protect them",
        "2026-W48: fewer than 20 people checked in: hidden to protect them",
    ]
    # The weeks shown before keep their figures; the six of 2026-W48 are fewer than 20.
    assert rows["2026-W47"] == ["6", "4.0", "6.0", "50 %", "≤10 %", "50 %", "8.0"]
    assert rows["2026-W48"] == ["hidden", "·", "·", "·", "·", "·", "·"]
    assert "fewer people worked one than the k of the week" in legend
