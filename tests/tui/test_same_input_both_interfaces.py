"""The check-in form and `wellbeing checkin` read typed text with one parser: whatever the
one accepts the other accepts with the same value, and whatever the one refuses the other
refuses naming the same field. Non-ASCII digits ("٣", "²", "１") are refused by both."""

from __future__ import annotations

import click
from hypothesis import given, settings
from hypothesis import strategies as st

from wellbeing.cli.checkin import checkin_command, checkin_input
from wellbeing.domain.checkin import CheckinInput
from wellbeing.domain.errors import InputError
from wellbeing.tui.form_parsing import FormRefused, form_field, to_checkin_input
from wellbeing.tui.form_values import FormValues

DAY, START, END = "2026-11-26", "08:00", "16:30"
BASE = {"stress": "5", "energy": "5", "contacts": "2000", "difficult": "0"}
ODD_DIGITS = ["٣", "²", "１", "٠", "߂", "³"]
# Pieces of what a person might type into a number or a break field.
PIECES = st.sampled_from(
    [
        "0",
        "1",
        "2",
        "5",
        "9",
        "10",
        "12",
        "30",
        "2000",
        "2001",
        "+",
        "-",
        " ",
        ".",
        ":",
        "h",
        "x",
        "%",
        "e",
        "_",
        *ODD_DIGITS,
    ]
)
TYPED = st.one_of(
    st.lists(PIECES, min_size=1, max_size=4).map("".join),
    st.tuples(
        st.sampled_from(["", "+", "-", " ", "٣"]),
        st.integers(0, 2100).map(str),
        st.sampled_from(["", " ", "%", ".0", "²"]),
    ).map("".join),
    st.integers(-3, 2100).map(str),
    st.sampled_from(ODD_DIGITS),
).filter(lambda text: text.strip() != "")  # an empty field is an option not given


def _by_the_form(fields: dict[str, str], breaks: str = "") -> CheckinInput | str:
    values = FormValues(date=DAY, start=START, end=END, breaks=breaks, **fields)
    try:
        return to_checkin_input(values)
    except FormRefused as refused:
        return refused.errors[0].field


def _by_the_command_line(fields: dict[str, str], breaks: str = "") -> CheckinInput | str:
    arguments = [f"--start={DAY}T{START}", f"--end={DAY}T{END}"]
    arguments += [f"--{name}={text}" for name, text in fields.items()]
    arguments += [f"--break={breaks}"] if breaks else []
    try:
        with checkin_command().make_context("checkin", arguments) as context:
            options = context.params
        return checkin_input(
            start=options["start"],
            end=options["end"],
            breaks=options["breaks"],
            numbers={name: options[name] for name in BASE},
            channels={},
            occupancy=None,
            note=None,
        )
    except InputError as refused:
        return form_field(refused.field)
    except click.UsageError as refused:  # never expected: would mean Click refused it
        return f"usage: {refused}"


def _same(first: CheckinInput | str, second: CheckinInput | str) -> bool:
    if isinstance(first, str) or isinstance(second, str):
        return first == second
    return first.model_dump() == second.model_dump()


@settings(max_examples=150, deadline=None)
@given(field=st.sampled_from(sorted(BASE)), typed=TYPED)
def test_a_number_field_is_read_alike_by_the_form_and_the_command_line(
    field: str, typed: str
) -> None:
    fields = BASE | {field: typed}
    by_form, by_command_line = _by_the_form(fields), _by_the_command_line(fields)
    assert _same(by_form, by_command_line), (by_form, by_command_line)


CLOCKS = st.one_of(
    st.sampled_from(["12:00", "12:30", "9:05", "08:00", "23:59", "24:00", "12:60"]),
    st.builds(
        lambda hour, minute: f"{hour}:{minute}",
        st.sampled_from(["12", "1٢", "١٢", "1²", "１２", "7"]),
        st.sampled_from(["00", "3٠", "³0", "15"]),
    ),
)


@settings(max_examples=100, deadline=None)
@given(first=CLOCKS, last=CLOCKS, spaces=st.sampled_from(["", " "]))
def test_a_break_is_read_alike_by_the_form_and_the_command_line(
    first: str, last: str, spaces: str
) -> None:
    typed = f"{first}{spaces}-{spaces}{last}"
    by_form = _by_the_form(BASE, breaks=typed)
    by_command_line = _by_the_command_line(BASE, breaks=typed)
    assert _same(by_form, by_command_line), (by_form, by_command_line)


def test_digits_other_than_ascii_are_refused_by_both_naming_the_field() -> None:
    for odd in ODD_DIGITS:
        fields = BASE | {"stress": odd}
        assert _by_the_form(fields) == _by_the_command_line(fields) == "stress"
    assert _by_the_form(BASE, "1٢:00-12:30") == _by_the_command_line(BASE, "1٢:00-12:30")
    assert _by_the_form(BASE, "1٢:00-12:30") == "breaks"
