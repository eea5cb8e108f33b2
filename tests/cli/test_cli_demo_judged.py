"""`wellbeing demo` judges what it generates, as recording each check-in would have: its
people have findings, flags and weekly levels from the start, so team trends count them."""

from __future__ import annotations

import json

from tests.support.cli import Ran, run_cli

DEMO = ("demo", "--agents=8", "--days=40", "--end=2026-11-26", "--seed=3", "--json")


def demo(db_url: str, *extra: str) -> dict[str, object]:
    made = run_cli(db_url, *DEMO, *extra)
    assert made.returncode == 0, made.stderr
    return json.loads(made.stdout)


def findings_of_every_agent(db_url: str) -> list[str]:
    found: list[str] = []
    for number in range(1, 9):
        shown: Ran = run_cli(db_url, "history", "--json", account=f"demo-{number:04d}")
        assert shown.returncode == 0, shown.stderr
        for checkin in json.loads(shown.stdout)["checkins"]:
            found += [finding["rule_id"] for finding in checkin["findings"]]
    return found


def test_the_demo_judges_its_check_ins_with_the_rules(db_url: str) -> None:
    judged = demo(db_url)["judged"]
    assert isinstance(judged, dict)
    assert judged["checkins"] > 0 and judged["flags"] > 0 and judged["weekly_levels"] > 0
    assert findings_of_every_agent(db_url) != []


def test_judging_the_demo_again_finds_what_the_demo_stored(db_url: str) -> None:
    judged = demo(db_url)["judged"]
    again = run_cli(db_url, "db", "reevaluate", "--json", account="demo-admin")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == judged


def test_an_unjudged_demo_has_no_findings_until_it_is_reevaluated(db_url: str) -> None:
    assert demo(db_url, "--unjudged")["judged"] is None
    assert findings_of_every_agent(db_url) == []
    run_cli(db_url, "db", "reevaluate", account="demo-admin")
    assert findings_of_every_agent(db_url) != []


def test_the_demo_says_what_judging_found_in_words(db_url: str) -> None:
    made = run_cli(db_url, *DEMO[:-1], env={"WELLBEING_LANG": "nl"})
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[1].startswith("Beoordeeld met de geldende regels: ")
