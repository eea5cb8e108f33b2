"""Counts on the command line take the form their number asks for, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import Ran, run_cli

# Four hours without a pause: one finding (break.recovery), so one flag and one weekly level.
ONE_FLAG = ("--start=2026-11-26T08:00", "--end=2026-11-26T12:00", "--stress=3", "--energy=6")


def reevaluate(db_url: str, language: str = "en") -> Ran:
    saved = run_cli(db_url, "checkin", *ONE_FLAG)
    assert saved.returncode == 0, saved.stderr
    done = run_cli(db_url, "db", "reevaluate", "--workers", "0", env={"WELLBEING_LANG": language})
    assert done.returncode == 0, done.stderr
    return done


def purge_one_month(db_url: str, language: str = "en") -> Ran:
    done = run_cli(db_url, "db", "purge", "--months", "1", env={"WELLBEING_LANG": language})
    assert done.returncode == 0, done.stderr
    return done


def test_reevaluating_one_check_in_of_one_person_speaks_in_the_singular(db_url: str) -> None:
    first = reevaluate(db_url).stdout.splitlines()[0]
    assert first == (
        "Re-evaluated 1 check-in and 0 questionnaires of 1 person: "
        "1 flag (1 open) and 1 weekly level."
    )


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "nl",
            "1 check-in en 0 vragenlijsten van 1 persoon opnieuw geëvalueerd: "
            "1 signaal (1 open) en 1 weekniveau.",
        ),
        (
            "fr",
            "Réévaluation de 1 bilan et 0 questionnaire de 1 personne : "
            "1 alerte (1 ouverte) et 1 niveau hebdomadaire.",
        ),
    ],
)
def test_reevaluating_one_check_in_speaks_in_the_singular_in_dutch_and_french(
    db_url: str, language: str, sentence: str
) -> None:
    assert reevaluate(db_url, language).stdout.splitlines()[0] == sentence


def test_a_purge_keeping_one_month_says_month_not_months(db_url: str) -> None:
    said = purge_one_month(db_url).stdout
    assert said.startswith("Removed 0 rows from before ")
    assert said.endswith(" (retention: 1 month).\n")


@pytest.mark.parametrize(
    ("language", "ending"),
    [("nl", " (bewaartermijn: 1 maand).\n"), ("fr", " (conservation : 1 mois).\n")],
)
def test_a_purge_keeping_one_month_says_so_in_dutch_and_french(
    db_url: str, language: str, ending: str
) -> None:
    assert purge_one_month(db_url, language).stdout.endswith(ending)


def test_a_purge_keeping_several_months_still_says_months(db_url: str) -> None:
    said = run_cli(db_url, "db", "purge", "--months", "2", env={"WELLBEING_LANG": "nl"}).stdout
    assert said.endswith(" (bewaartermijn: 2 maanden).\n")


def test_a_demo_of_one_agent_speaks_of_one_team_one_agent_and_one_team_leader(
    db_url: str,
) -> None:
    made = run_cli(db_url, "demo", "--agents", "1", "--days", "1", "--end", "2026-11-26")
    assert made.returncode == 0, made.stderr
    assert ": 1 team, 1 agent, 1 team leader, 1 shift with " in made.stdout


def test_an_export_of_one_row_says_row(db_url: str, tmp_path: Path) -> None:
    # Someone who only just became the first admin: their own row in people, nothing else.
    assert run_cli(db_url, "admin", "bootstrap").returncode == 0
    target = tmp_path / "export.json"
    done = run_cli(db_url, "export", "--out", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Exported 1 row to {target}\n"
