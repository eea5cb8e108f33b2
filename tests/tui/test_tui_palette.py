"""The command palette finds every task under the words people type, in their language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.screen import Screen

from tests.support.clock import FrozenClock
from tests.support.pilot import app_on, settle
from wellbeing.i18n import set_language
from wellbeing.tui.app import WellbeingApp
from wellbeing.tui.screens.erase_confirm import EraseConfirmScreen
from wellbeing.tui.screens.privacy import PrivacyScreen
from wellbeing.tui.screens.settings import SettingsScreen
from wellbeing.tui.screens.surveys import SurveysScreen


@pytest.fixture(autouse=True)
def english_again() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def app(
    db_url: str, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> WellbeingApp:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "home" / "Documents"))
    return app_on(db_url, clock)


async def run_from_palette(app: WellbeingApp, typed: str) -> Screen[object]:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *typed)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        return app.screen


WORDS = {
    "erase": {"en": "erase", "nl": "wissen", "fr": "effacer"},
    "privacy": {"en": "privacy", "nl": "privacy", "fr": "confidentialit"},
    "survey": {"en": "survey", "nl": "vragenlijst", "fr": "questionnaire"},
}
OPENS = {"erase": EraseConfirmScreen, "privacy": PrivacyScreen, "survey": SurveysScreen}


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
@pytest.mark.parametrize("task", sorted(WORDS))
async def test_the_palette_finds_each_task_in_each_language(
    app: WellbeingApp, task: str, lang: str
) -> None:
    set_language(lang)
    screen = await run_from_palette(app, WORDS[task][lang])
    assert isinstance(screen, OPENS[task])


@pytest.mark.parametrize(
    ("lang", "typed"), [("en", "export"), ("nl", "exporteren"), ("fr", "exporter")]
)
async def test_the_palette_exports_my_data_in_each_language(
    app: WellbeingApp, tmp_path: Path, lang: str, typed: str
) -> None:
    set_language(lang)
    screen = await run_from_palette(app, typed)
    assert isinstance(screen, SettingsScreen)
    assert list((tmp_path / "home" / "Documents").glob("*/*.json"))


async def test_ctrl_c_says_how_to_quit_in_the_persons_language(app: WellbeingApp) -> None:
    set_language("nl")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        shown = [(n.title, n.message) for n in app._notifications]
    assert ("Wil je afsluiten?", "Druk op ctrl+q om af te sluiten.") in shown


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ("Zoek een opdracht…", "Niets gevonden")),
        ("fr", ("Chercher une commande…", "Aucun résultat")),
    ],
)
async def test_the_palettes_own_words_are_translated(
    app: WellbeingApp, lang: str, words: tuple[str, str]
) -> None:
    from textual.command import CommandInput, CommandList

    set_language(lang)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        placeholder = app.screen.query_one(CommandInput).placeholder
        await pilot.press(*"zzzqqq")
        await pilot.pause(1.0)
        commands = app.screen.query_one(CommandList)
        shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
    assert placeholder == words[0]
    assert any(words[1] in line for line in shown)


@pytest.mark.parametrize("lang", ["nl", "fr"])
async def test_textuals_system_commands_are_translated(app: WellbeingApp, lang: str) -> None:
    from wellbeing.i18n import _

    set_language(lang)
    async with app.run_test() as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        footer_palette = app.screen.active_bindings["ctrl+p"].binding.description
    english = {"Theme", "Quit", "Keys", "Screenshot"}
    assert titles.isdisjoint(english)
    assert {_(word) for word in english} <= titles
    assert footer_palette == _("palette") != "palette"
