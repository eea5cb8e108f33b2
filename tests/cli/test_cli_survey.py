"""`wellbeing survey`: WHO-5 and CBI answered on the command line, scored, stored and shown."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from tests.support.cli import run_cli, run_plain
from wellbeing.cli.survey import NOT_VALIDATED
from wellbeing.domain.instruments import load_instrument
from wellbeing.i18n import translate


def stored_surveys(db_url: str) -> list[tuple[str, str]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT instrument, answers FROM survey_responses ORDER BY id")
            )
            return [(row[0], str(row[1])) for row in rows]
    finally:
        engine.dispose()


def take(db_url: str, instrument: str, answers: str) -> dict[str, object]:
    result = run_cli(db_url, "survey", instrument, "--answers", answers, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rule_levels(outcome: dict[str, object]) -> dict[str, str]:
    findings = outcome["findings"]
    assert isinstance(findings, list)
    return {found["rule_id"]: found["level"] for found in findings}


def test_who5_all_threes_scores_60_percent_and_raises_nothing(db_url: str) -> None:
    result = run_cli(db_url, "survey", "who5", "--answers", "3,3,3,3,3")
    assert result.returncode == 0, result.stderr
    assert "WHO-5 well-being: 60 % (raw score 15 of 25): good well-being." in result.stdout
    assert "This questionnaire raised no flag." in result.stdout
    assert stored_surveys(db_url) and stored_surveys(db_url)[0][0] == "who5"


def test_who5_all_twos_scores_40_percent_and_raises_who5_low(db_url: str) -> None:
    outcome = take(db_url, "who5", "2,2,2,2,2")
    survey = outcome["survey"]
    assert isinstance(survey, dict)
    assert survey["scores"] == {"raw": 10.0, "percent": 40.0}
    assert survey["bands"] == {"percent": "low"}
    assert rule_levels(outcome) == {"who5.low": "warning"}
    assert outcome["overall"] == "orange"


def test_who5_of_28_percent_raises_who5_very_low_and_shows_the_support_lines(
    db_url: str,
) -> None:
    result = run_cli(db_url, "survey", "who5", "--answers", "1,1,1,2,2")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "WHO-5 well-being: 28 % (raw score 7 of 25): very low well-being." in out
    assert "[high] who5.very_low" in out
    assert "who5.low" not in out
    assert "Overall: red" in out
    for number in ("1813", "106", "107", "0800 32 123", "112"):
        assert number in out


def test_cbi_answers_are_option_positions_scored_per_scale(db_url: str) -> None:
    # Position 1 of 0-4 is "often" / "to a high degree": 75 points, except on the reversed
    # work item (energy for family and friends), where it scores 25.
    outcome = take(db_url, "cbi", ",".join(["1"] * 19))
    survey = outcome["survey"]
    assert isinstance(survey, dict)
    assert survey["scores"]["personal"] == 75.0
    assert survey["scores"]["client"] == 75.0
    assert survey["scores"]["work"] == pytest.approx((6 * 75 + 25) / 7)
    assert survey["bands"]["personal"] == "high"
    assert rule_levels(outcome) == {"cbi.high": "high"}


INVALID = [
    pytest.param("who5", "3,3,3", id="who5-too-few"),
    pytest.param("who5", "3,3,3,3,6", id="who5-above-5"),
    pytest.param("who5", "3,x,3,3,3", id="who5-not-a-number"),
    pytest.param("who5", "3,3,,3,3", id="who5-empty-answer"),
    pytest.param("who5", "", id="who5-nothing"),
    pytest.param("cbi", ",".join(["1"] * 18 + ["5"]), id="cbi-above-4"),
    pytest.param("cbi", ",".join(["1"] * 20), id="cbi-too-many"),
]


@pytest.mark.parametrize(("instrument", "answers"), INVALID)
def test_invalid_answers_exit_2_with_one_line_naming_answers_and_store_nothing(
    db_url: str, instrument: str, answers: str
) -> None:
    result = run_cli(db_url, "survey", instrument, "--answers", answers)
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: answers: ")
    assert stored_surveys(db_url) == []


def test_show_prints_every_item_with_its_options_credit_and_source() -> None:
    result = run_plain("survey", "show", "cbi", env={"WELLBEING_LANG": "en"})
    assert result.returncode == 0, result.stderr
    cbi = load_instrument("cbi")
    for number, item in enumerate(cbi.items, start=1):
        assert f"{number:>3}. {item.text.en}" in result.stdout
    assert "0 = Always  1 = Often  2 = Sometimes  3 = Seldom  4 = Never/almost never" in (
        result.stdout
    )
    assert cbi.credit.en in result.stdout
    assert f"Source: {cbi.source.en}" in result.stdout
    assert NOT_VALIDATED not in result.stdout


@pytest.mark.parametrize(
    ("instrument", "language", "validated"),
    [("who5", "nl", False), ("who5", "fr", True), ("cbi", "fr", False)],
)
def test_show_says_when_the_translation_is_not_validated(
    instrument: str, language: str, validated: bool
) -> None:
    result = run_plain("survey", "show", instrument, "--json", env={"WELLBEING_LANG": language})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    found = load_instrument(instrument)  # type: ignore[arg-type]
    assert shown["validated"] is validated
    assert shown["title"] == found.title.get(language)
    assert shown["items"][0]["text"] == found.items[0].text.get(language)
    assert shown["credit"] == found.credit.get(language)


def test_show_text_warns_that_the_dutch_who5_is_not_validated() -> None:
    result = run_plain("survey", "show", "who5", env={"WELLBEING_LANG": "nl"})
    assert result.returncode == 0, result.stderr
    title, warning = result.stdout.splitlines()[:2]
    assert title == load_instrument("who5").title.nl
    assert warning == translate(NOT_VALIDATED, "nl")


def test_show_of_an_unknown_questionnaire_exits_2_naming_instrument() -> None:
    result = run_plain("survey", "show", "bat")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: instrument: 'bat' is not a questionnaire; use who5, cbi"
    ]


@pytest.mark.parametrize("command", ["who5", "cbi", "show"])
def test_survey_commands_answer_help(command: str) -> None:
    result = run_plain("survey", command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: wellbeing survey {command}")
