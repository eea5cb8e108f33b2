"""The team table fits 80 terminal columns in every language: its headers go on two lines."""

from __future__ import annotations

import pytest

from tests.conftest import FrozenClock
from tests.support.team_screen import app_for, open_team, organisation  # noqa: F401 (fixture)
from wellbeing.i18n import set_language
from wellbeing.presentation.team_legend import two_lines
from wellbeing.tui.screens.team import TeamTable


def test_a_header_breaks_where_its_longer_line_is_shortest() -> None:
    assert two_lines("Heures/personne") == "Heures/\npersonne"
    assert two_lines("Korte rust") == "Korte\nrust"
    assert two_lines("Quick returns") == "Quick\nreturns"
    assert two_lines("Week") == "Week"


@pytest.mark.usefixtures("organisation")
@pytest.mark.parametrize("language", ["en", "nl", "fr"])
async def test_the_team_table_fits_80_columns_without_scrolling_sideways(
    db_url: str, clock: FrozenClock, language: str
) -> None:
    set_language(language)
    try:
        app = app_for(db_url, "lead", clock)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_team(pilot)
            table = screen.query_one(TeamTable)
            needed, shown = table.virtual_size.width, table.scrollable_content_region.width
    finally:
        set_language("en")
    assert needed <= shown
