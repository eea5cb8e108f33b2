"""A settings value that cannot be accepted, from the environment or the settings file: one
line in the person's language that names the setting as the person set it (the environment
variable, else the key of the settings file and the file) and says what it allows; exit code
2, and nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.cli import refused_field, run_executable, run_in_process
from tests.support.clock import FrozenClock

LOCALES = {"en": "C.UTF-8", "nl": "nl_BE.UTF-8", "fr": "fr_BE.UTF-8"}
CHECKIN = ["checkin", "--start=2026-11-26T08:00", "--end=2026-11-26T16:30"]
CHECKIN += ["--stress=5", "--energy=5"]

# (environment, language, the line on stderr), one per kind of value a setting takes.
FROM_THE_ENVIRONMENT = {
    "time": (
        {"WELLBEING_REMINDERS": "true", "WELLBEING_REMIND_FROM": "25:00"},
        "nl",
        "fout: WELLBEING_REMIND_FROM: moet een tijd UU:MM van 00:00 tot 23:59 zijn, niet '25:00'",
    ),
    "true or false": (
        {"WELLBEING_REMINDERS": "oui"},
        "fr",
        "erreur : WELLBEING_REMINDERS : doit valoir true ou false, pas 'oui'",
    ),
    "a day that is not one": (
        {"WELLBEING_DAYS_OFF": '["donderdag"]'},
        "nl",
        "fout: WELLBEING_DAYS_OFF: moet een lijst van dagnamen uit mon, tue, wed, thu, fri, "
        'sat en sun zijn, zoals ["sat", "sun"], niet \'donderdag\'',
    ),
    "days that are no list": (
        {"WELLBEING_DAYS_OFF": "sat,sun"},
        "en",
        "error: WELLBEING_DAYS_OFF: must be a list of day names from mon, tue, wed, thu, fri, "
        'sat and sun, such as ["sat", "sun"], not \'sat,sun\'',
    ),
    "months": (
        {"WELLBEING_RETENTION_MONTHS": "many"},
        "en",
        "error: WELLBEING_RETENTION_MONTHS: must be a whole number of months from 1 to 600, "
        "not 'many'",
    ),
    "minutes": (
        {"WELLBEING_REMIND_AFTER_MINUTES": "2"},
        "fr",
        "erreur : WELLBEING_REMIND_AFTER_MINUTES : doit être un nombre entier de minutes de 5 "
        "à 720, pas '2'",
    ),
    "rules file left empty": (
        {"WELLBEING_RULES_FILE": ""},
        "fr",
        "erreur : WELLBEING_RULES_FILE : doit être le chemin d'un fichier de règles, pas ''",
    ),
    "language": (
        {"WELLBEING_LANG": "de"},
        "nl",
        "fout: WELLBEING_LANG: moet nl, fr of en zijn, niet 'de'",
    ),
    "agent id": (
        {"WELLBEING_WFM_AGENT_ID": ""},
        "fr",
        "erreur : WELLBEING_WFM_AGENT_ID : doit être votre identifiant d'agent, de 1 à 64 "
        "caractères, pas ''",
    ),
}

# (a line of the settings file, language, the line on stderr before " (in FILE)").
FROM_THE_FILE = {
    "time": (
        'remind_until = "20:75"',
        "fr",
        "erreur : settings.remind_until : doit être une heure HH:MM de 00:00 à 23:59, "
        "pas '20:75' (dans {file})",
    ),
    "time without quotes": (
        "remind_from = 08:00:00",
        "nl",
        "fout: settings.remind_from: moet een tijd UU:MM van 00:00 tot 23:59 zijn, tussen "
        "aanhalingstekens geschreven, niet 08:00:00 (in {file})",
    ),
    "true or false": (
        'privacy_notice_seen = "maybe"',
        "en",
        "error: settings.privacy_notice_seen: must be true or false, not 'maybe' (in {file})",
    ),
    "days": (
        'days_off = ["sat", "zondag"]',
        "en",
        "error: settings.days_off: must be a list of day names from mon, tue, wed, thu, fri, "
        'sat and sun, such as ["sat", "sun"], not \'zondag\' (in {file})',
    ),
    "whole number": (
        "retention_months = 1.5",
        "nl",
        "fout: settings.retention_months: moet een geheel aantal maanden van 1 tot 600 zijn, "
        "niet 1.5 (in {file})",
    ),
    "usual time": (
        "usual_start = 8",
        "en",
        "error: settings.usual_start: must be a time HH:MM, such as 08:00, written in quotes, "
        "not 8 (in {file})",
    ),
    "database": (
        "db_url = 5",
        "fr",
        "erreur : settings.db_url : doit être un chemin de fichier ou une URL de base de "
        "données, écrit entre guillemets, pas 5 (dans {file})",
    ),
    "rules file": (
        "rules_file = [1]",
        "nl",
        "fout: settings.rules_file: moet het pad van een regelbestand zijn, niet [1] (in {file})",
    ),
}


def settings_file(line: str) -> Path:
    path = Path(os.environ["WELLBEING_CONFIG_DIR"]) / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(line + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", sorted(FROM_THE_ENVIRONMENT))
def test_a_value_from_the_environment_is_refused_naming_the_variable_in_ones_language(
    kind: str, tmp_path: Path, clock: FrozenClock
) -> None:
    environment, language, line = FROM_THE_ENVIRONMENT[kind]
    database = tmp_path / "wellbeing.db"
    ran = run_in_process(
        ["--db", str(database), *CHECKIN],
        env={**environment, "LANG": LOCALES[language]},
        clock=clock,
    )
    assert ran.returncode == 2
    assert ran.stderr == line + "\n"
    assert not database.exists()


@pytest.mark.parametrize("kind", sorted(FROM_THE_FILE))
def test_a_value_from_the_settings_file_is_refused_naming_its_key_and_the_file(
    kind: str, tmp_path: Path, clock: FrozenClock
) -> None:
    written, language, line = FROM_THE_FILE[kind]
    path = settings_file(written)
    database = tmp_path / "wellbeing.db"
    ran = run_in_process(
        ["--db", str(database), *CHECKIN], env={"LANG": LOCALES[language]}, clock=clock
    )
    assert ran.returncode == 2
    assert ran.stderr == line.format(file=path) + "\n"
    assert not database.exists()
    assert path.read_text(encoding="utf-8") == written + "\n"


def test_the_variable_is_named_as_it_is_spelt_in_the_environment(tmp_path: Path) -> None:
    ran = run_in_process(
        ["--db", str(tmp_path / "wellbeing.db"), "history"], env={"wellbeing_remind_until": "9"}
    )
    assert ran.returncode == 2
    assert refused_field(ran.stderr) == "wellbeing_remind_until"


def test_the_environment_is_named_when_it_overrides_a_good_value_in_the_file(
    tmp_path: Path,
) -> None:
    settings_file('remind_from = "08:00"')
    ran = run_in_process(
        ["--db", str(tmp_path / "wellbeing.db"), "history"],
        env={"WELLBEING_REMIND_FROM": "8"},
    )
    assert refused_field(ran.stderr) == "WELLBEING_REMIND_FROM"


def test_the_k_seed_is_refused_in_ones_language_naming_the_variable(tmp_path: Path) -> None:
    database = tmp_path / "wellbeing.db"
    ran = run_in_process(
        ["--db", str(database), "--as", "admin", "admin", "bootstrap"],
        env={"WELLBEING_K_THRESHOLD": "2", "LANG": LOCALES["nl"]},
    )
    assert ran.returncode == 2
    assert ran.stderr == (
        "fout: WELLBEING_K_THRESHOLD: moet een geheel getal van 3 tot 100 zijn, niet '2'\n"
    )
    assert not database.exists()


@pytest.mark.parametrize(
    ("language", "line"),
    [
        (
            "nl",
            "fout: WELLBEING_REMIND_FROM: moet een tijd UU:MM van 00:00 tot 23:59 zijn, "
            "niet '25:00'",
        ),
        (
            "fr",
            "erreur : WELLBEING_REMIND_FROM : doit être une heure HH:MM de 00:00 à 23:59, "
            "pas '25:00'",
        ),
    ],
)
def test_the_installed_command_says_it_in_one_line_without_a_traceback(
    language: str, line: str, tmp_path: Path
) -> None:
    database = tmp_path / "c.db"
    done = run_executable(
        "--db",
        str(database),
        "remind",
        "--terminal",
        env={
            "LANG": LOCALES[language],
            "WELLBEING_REMINDERS": "true",
            "WELLBEING_REMIND_FROM": "25:00",
        },
    )
    assert done.returncode == 2
    assert done.stderr == line + "\n"
    assert done.stdout == ""
    assert not database.exists()
