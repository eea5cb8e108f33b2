"""Numbers, dates and durations are written the way a reader of each language writes them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from wellbeing.i18n.formats import date_time, decimal, duration, long_date, percent, text_value

DAY = date(2026, 11, 2)
EVENING = datetime(2026, 11, 2, 18, 30)


@pytest.mark.parametrize(("language", "expected"), [("nl", "6,5"), ("fr", "6,5"), ("en", "6.5")])
def test_a_decimal_uses_the_languages_decimal_sign(language: str, expected: str) -> None:
    assert decimal(6.5, language) == expected


@pytest.mark.parametrize(("language", "expected"), [("nl", "8,50"), ("fr", "8,50"), ("en", "8.50")])
def test_a_table_figure_keeps_its_fixed_decimals(language: str, expected: str) -> None:
    assert decimal(8.5, language, digits=2, fixed=True) == expected


def test_a_whole_number_has_no_trailing_decimal() -> None:
    assert decimal(6.0, "nl") == "6"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "2 november 2026"), ("fr", "2 novembre 2026"), ("en", "2 November 2026")],
)
def test_a_date_in_a_sentence_is_written_out(language: str, expected: str) -> None:
    assert long_date(DAY, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "1 december 2026"), ("fr", "1er décembre 2026"), ("en", "1 December 2026")],
)
def test_the_first_of_a_month_is_written_as_each_language_writes_it(
    language: str, expected: str
) -> None:
    assert long_date(date(2026, 12, 1), language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "18:30 op 2 november 2026"),
        ("fr", "18:30 le 2 novembre 2026"),
        ("en", "18:30 on 2 November 2026"),
    ],
)
def test_a_moment_in_a_sentence_gives_time_then_date(language: str, expected: str) -> None:
    assert date_time(EVENING, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("nl", "10 u 30"), ("fr", "10 h 30"), ("en", "10 h 30")]
)
def test_a_duration_uses_the_languages_hour_sign(language: str, expected: str) -> None:
    assert duration(timedelta(hours=10, minutes=30), language) == expected


@pytest.mark.parametrize(("language", "expected"), [("nl", "58 %"), ("fr", "58 %"), ("en", "58%")])
def test_a_share_is_a_whole_percentage(language: str, expected: str) -> None:
    assert percent(0.583, language).replace("\u00a0", " ").replace("\u202f", " ") == expected


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2026-11-02", "2 novembre 2026"),
        ("2026-11-02 18:30", "18:30 le 2 novembre 2026"),
        ("10 h 30", "10 h 30"),
    ],
)
def test_a_stored_date_or_duration_is_shown_in_the_readers_format(
    stored: str, expected: str
) -> None:
    assert text_value(stored, "fr") == expected


def test_a_stored_duration_is_written_with_u_in_dutch() -> None:
    assert text_value("7 h 05", "nl") == "7 u 05"


def test_other_stored_text_is_left_as_it_is() -> None:
    assert text_value("6, 7, 8", "nl") == "6, 7, 8"
