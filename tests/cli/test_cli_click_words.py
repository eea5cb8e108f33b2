"""Click's own words on the command line -- the headings and help option of every `--help`,
its complaints about a command line it cannot read -- speak the person's language, like
everything else the command line says."""

from __future__ import annotations

import gettext
import os
from pathlib import Path

import click
import pytest
from babel.messages.pofile import read_po

from tests.support.cli import run_executable, run_plain
from wellbeing.cli import build_cli
from wellbeing.cli.click_words import CLICK_PLURALS, CLICK_WORDS
from wellbeing.i18n import LOCALE_DIR, translate

CLICK_ENGLISH = (
    "Usage:",
    "Commands:",
    "[required]",
    "Show this message and exit.",
    "Show the version and exit.",
)


def command_paths() -> list[list[str]]:
    """Every command and group, as the words typed after `wellbeing`."""
    paths: list[list[str]] = [[]]

    def walk(group: click.Group, path: list[str]) -> None:
        context = click.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None
            paths.append([*path, name])
            if isinstance(command, click.Group):
                walk(command, [*path, name])

    walk(build_cli(), [])
    return paths


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_no_help_page_shows_clicks_english_words(language: str) -> None:
    for path in command_paths():
        ran = run_plain(*path, "--help", env={"WELLBEING_LANG": language})
        assert ran.returncode == 0, (path, ran.stderr)
        assert ran.stdout.startswith(f"{translate('Usage:', language)} wellbeing"), path
        assert translate("Show this message and exit.", language) in ran.stdout, path
        left = [word for word in CLICK_ENGLISH if word in ran.stdout]
        assert left == [], (path, left)


def test_a_required_option_says_so_in_dutch() -> None:
    ran = run_plain("checkin", "--help", env={"WELLBEING_LANG": "nl"})
    start = next(line for line in ran.stdout.splitlines() if "--start" in line)
    assert start.endswith("[verplicht]")


def test_an_unknown_command_is_refused_in_dutch() -> None:
    ran = run_plain("hist", env={"WELLBEING_LANG": "nl"})
    assert ran.returncode == 2
    assert ran.stderr.splitlines()[0] == "fout: Opdracht 'hist' bestaat niet."


def test_extra_arguments_are_refused_in_french_in_the_plural() -> None:
    ran = run_plain("help-lines", "un", "deux", env={"WELLBEING_LANG": "fr"})
    assert ran.returncode == 2
    assert ran.stderr.splitlines()[0] == "erreur : Arguments en trop inattendus (un deux)"


def test_an_option_without_its_value_is_refused_in_french() -> None:
    ran = run_plain("checkin", "--start", env={"WELLBEING_LANG": "fr"})
    assert ran.returncode == 2
    assert ran.stderr.splitlines()[0] == "erreur : L'option '--start' demande une valeur."


def test_english_keeps_clicks_own_words() -> None:
    ran = run_plain("flags", "--help", env={"WELLBEING_LANG": "en"})
    assert ran.stdout.startswith("Usage: wellbeing flags")
    assert "Show this message and exit." in ran.stdout


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_word_of_click_the_command_line_shows_is_translated(language: str) -> None:
    path = Path(LOCALE_DIR) / language / "LC_MESSAGES" / "wellbeing.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    for word in (*CLICK_WORDS, *CLICK_PLURALS):
        message = catalog.get(word)
        assert message is not None, word
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms) and not message.fuzzy, word


def test_a_run_gives_the_standard_domain_and_language_back() -> None:
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    run_plain("--help", env={"WELLBEING_LANG": "fr"})
    assert gettext.textdomain() == domain
    assert os.environ.get("LANGUAGE") == language


def test_the_installed_executable_speaks_french_in_its_help() -> None:
    done = run_executable("--help", env={"WELLBEING_LANG": "fr"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Utilisation : wellbeing")
    assert "Commandes:" in done.stdout
    assert "Afficher cette aide et quitter." in done.stdout
