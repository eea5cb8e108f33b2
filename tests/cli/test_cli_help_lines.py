"""`wellbeing help-lines`: every support line and contact, in the person's language."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import Ran, run_plain

NUMBERS = ("1813", "106", "107", "0800 32 123", "108", "112")


def help_lines(*args: str, language: str = "en", db: str | None = None) -> Ran:
    prefix = ["--db", db] if db else []
    return run_plain(*prefix, "help-lines", *args, env={"WELLBEING_LANG": language})


def test_help_lines_give_every_belgian_number_with_when_to_call_it() -> None:
    result = help_lines()
    assert result.returncode == 0, result.stderr
    for number in NUMBERS:
        assert number in result.stdout
    assert "When a life is in danger right now" in result.stdout
    assert "When you think about suicide" in result.stdout


def test_help_lines_name_every_contact_at_work_and_for_breaches() -> None:
    out = help_lines().stdout
    for contact in (
        "Vertrouwenspersoon",
        "Prevention adviser for psychosocial aspects",
        "spontaneous consultation",
        "Family doctor",
        "Union delegate",
        "Toezicht op de Sociale Wetten",
    ):
        assert contact in out


def test_help_lines_speak_dutch() -> None:
    out = help_lines(language="nl").stdout
    assert "Hulplijnen: gratis en anoniem" in out
    assert "Als je aan zelfdoding denkt" in out
    assert "Vakbondsafgevaardigde" in out


def test_help_lines_speak_french() -> None:
    out = help_lines(language="fr").stdout
    assert "Lignes d'écoute : gratuites et anonymes" in out
    assert "Contrôle des lois sociales" in out
    assert "médecin du travail" in out


def test_french_help_lines_keep_a_no_break_space_before_each_colon() -> None:
    contacts = [line for line in help_lines(language="fr").stdout.splitlines() if line[:2] == "- "]
    assert contacts and all("\u00a0: " in line for line in contacts)
    assert not any(line.split("\u00a0: ")[0].endswith(":") for line in contacts)
    assert "Numéro d'urgence 112 (24 h/24, 7 j/7)\u00a0: Quand" in help_lines(language="fr").stdout


def test_help_lines_as_json_list_groups_with_numbers() -> None:
    shown = json.loads(help_lines("--json").stdout)
    numbers = [c["number"] for g in shown["groups"] for c in g["contacts"] if c["number"]]
    assert sorted(numbers) == sorted(NUMBERS)


def test_help_lines_need_no_database(tmp_path: Path) -> None:
    unreachable = str(tmp_path / "missing-dir" / "nested" / "wellbeing.db")
    result = help_lines(db=unreachable)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "missing-dir").exists()
