"""Importing one's own schedule: iCalendar, NICE IEX and CSV, in Brussels time, all or nothing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.clock import FrozenClock
from tests.support.schedule_samples import CSV_PLAN, GENESYS_ICS, IEX_EXPORT, write
from wellbeing.cli import run
from wellbeing.domain.localtime import BRUSSELS, to_local
from wellbeing.domain.schedule_files import MAX_BYTES, ScheduleError
from wellbeing.services import Wellbeing
from wellbeing.store.database import Database

FAR = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 12, 31, tzinfo=UTC))


def plan(service: Wellbeing) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The stored plan as local 'YYYY-MM-DD HH:MM' strings, breaks as 'HH:MM'."""
    return [
        (
            f"{to_local(r.shift.start):%Y-%m-%d %H:%M}",
            f"{to_local(r.shift.end):%Y-%m-%d %H:%M}",
            [(f"{to_local(b.start):%H:%M}", f"{to_local(b.end):%H:%M}") for b in r.shift.breaks],
        )
        for r in service.planned_shifts(*FAR)
    ]


def cli(db_url: str, clock: FrozenClock, *args: str) -> int:
    return run(["--db", db_url, "--as", "agent", *args], clock=clock)


def test_a_weekly_genesys_shift_keeps_its_brussels_hours_across_the_october_clock_change(
    service: Wellbeing, tmp_path: Path
) -> None:
    service.import_schedule(GENESYS_ICS.encode(), "schedule.ics")
    weekly = [r for r in service.planned_shifts(*FAR) if to_local(r.shift.start).month == 10]
    assert [f"{to_local(r.shift.start):%m-%d %H:%M}" for r in weekly] == [
        "10-14 08:00",
        "10-21 08:00",
        "10-28 08:00",
    ]
    # Summer time before the 25th, winter time after: the same local hour, a different UTC one.
    assert [r.shift.start.astimezone(UTC).hour for r in weekly] == [6, 6, 7]


def test_a_genesys_calendar_gives_each_shift_its_planned_break_and_lunch(
    service: Wellbeing,
) -> None:
    service.import_schedule(GENESYS_ICS.encode(), "schedule.ics")
    assert plan(service) == [
        *[
            (f"2026-{day} 08:00", f"2026-{day} 16:30", [("10:30", "10:45"), ("12:30", "13:00")])
            for day in ("10-14", "10-21", "10-28", "11-04")
        ],
        ("2026-11-24 08:00", "2026-11-24 16:30", []),
    ]


def test_a_meeting_inside_a_shift_is_part_of_it_not_a_second_shift(service: Wellbeing) -> None:
    meeting = (
        "BEGIN:VEVENT\r\nUID:m1@wfm\r\nDTSTAMP:20261001T120000Z\r\n"
        "DTSTART;TZID=Europe/Brussels:20261124T140000\r\n"
        "DTEND;TZID=Europe/Brussels:20261124T150000\r\nSUMMARY:Team meeting\r\nEND:VEVENT\r\n"
    )
    calendar = GENESYS_ICS.replace("END:VCALENDAR", meeting + "END:VCALENDAR")
    service.import_schedule(calendar.encode(), "schedule.ics")
    assert plan(service)[-1] == ("2026-11-24 08:00", "2026-11-24 16:30", [])
    assert len(plan(service)) == 5


def test_an_iex_export_keeps_only_the_persons_own_shifts(service: Wellbeing) -> None:
    service.import_schedule(IEX_EXPORT.encode(), "team.txt", agent_id="4711")
    assert plan(service) == [
        ("2026-11-23 08:00", "2026-11-23 16:30", [("10:30", "10:45"), ("12:30", "13:00")]),
        ("2026-11-24 22:00", "2026-11-25 06:00", []),
    ]


def test_no_name_agent_id_or_national_number_from_an_iex_export_is_stored(
    service: Wellbeing,
) -> None:
    service.import_schedule(IEX_EXPORT.encode(), "team.txt", agent_id="4711")
    exported = json.dumps(service.export()["data"])
    for identifier in ("Peeters", "Dubois", "85.07.30-033.61", "4711", "4712"):
        assert identifier not in exported


def test_a_csv_plan_imports_with_its_breaks_and_a_night_shift(service: Wellbeing) -> None:
    service.import_schedule(CSV_PLAN.encode(), "plan.csv")
    assert plan(service) == [
        ("2026-11-30 08:00", "2026-11-30 16:30", [("10:30", "10:45"), ("12:30", "13:00")]),
        ("2026-12-01 22:00", "2026-12-02 06:00", [("02:00", "02:30")]),
    ]


def test_a_weekly_series_without_an_end_is_imported_up_to_a_year_ahead(
    service: Wellbeing,
) -> None:
    # Every Monday from 30 November 2026, with neither COUNT nor UNTIL.
    endless = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:monday\r\n"
        "DTSTART;TZID=Europe/Brussels:20261130T080000\r\n"
        "DTEND;TZID=Europe/Brussels:20261130T163000\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO\r\nSUMMARY:Shift\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    service.import_schedule(endless.encode(), "schedule.ics")
    days = [start for start, _end, _breaks in plan(service)]
    # The Mondays before 28 November 2027, 366 days after "now" (27 November 2026).
    assert (len(days), days[0], days[-1]) == (52, "2026-11-30 08:00", "2027-11-22 08:00")


def test_importing_the_same_file_again_changes_nothing(service: Wellbeing) -> None:
    service.import_schedule(GENESYS_ICS.encode(), "schedule.ics")
    before = service.planned_shifts(*FAR)
    again = service.import_schedule(GENESYS_ICS.encode(), "schedule.ics")
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 5, 0)
    assert service.planned_shifts(*FAR) == before


def test_a_changed_shift_in_a_new_export_updates_the_plan(service: Wellbeing) -> None:
    service.import_schedule(CSV_PLAN.encode(), "plan.csv")
    moved = CSV_PLAN.replace("2026-11-30T16:30", "2026-11-30T17:00")
    result = service.import_schedule(moved.encode(), "plan.csv")
    assert (result.added, result.updated, result.unchanged) == (0, 1, 1)
    assert plan(service)[0][:2] == ("2026-11-30 08:00", "2026-11-30 17:00")


def test_the_cli_imports_an_iex_export_with_the_agent_id_option(
    db_url: str, clock: FrozenClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "team.txt", IEX_EXPORT)
    assert cli(db_url, clock, "schedule", "import", str(path), "--agent-id", "4711") == 0
    assert "Imported 2 planned shifts: 2 new" in capsys.readouterr().out


def test_an_iex_export_without_an_agent_id_is_refused_naming_the_option(
    db_url: str, clock: FrozenClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "team.txt", IEX_EXPORT)
    assert cli(db_url, clock, "schedule", "import", str(path)) == 2
    assert capsys.readouterr().err.startswith("error: agent-id: ")


HOSTILE = {
    "bad encoding": (
        "plan.csv",
        b"2026-11-30T08:00,2026-11-30T16:30\n" + b"2026-12-01T08:00,caf\xe9\n",
        "error: row 2: is not UTF-8 text",
    ),
    "huge": ("plan.csv", b"2026-11-30T08:00,2026-11-30T16:30\n" * 70_000, "error: file: "),
    "wrong columns": (
        "plan.csv",
        b"start,end\n2026-11-30T08:00,2026-11-30T16:30\n2026-12-01T08:00\n",
        "error: row 3: has 1 columns; expected start,end[,breaks]",
    ),
    "overlapping shifts": (
        "plan.csv",
        b"2026-11-30T08:00,2026-11-30T16:30\n2026-11-30T16:00,2026-11-30T22:00\n",
        "error: row 2: overlaps the shift of row 1",
    ),
    "iex without fields": ("team.txt", b"#fields:name|when\n1|2\n", "error: row 1: the #fields"),
    "broken calendar": ("schedule.ics", b"BEGIN:VCALENDAR\nBEGIN:VEVENT\n", "error: file: "),
    "endless series": (
        "schedule.ics",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        b"DTSTART:20261101T080000Z\r\nDTEND:20261101T080100Z\r\n"
        b"RRULE:FREQ=MINUTELY\r\nSUMMARY:Shift\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "error: file: repeats more than 4000 times",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_file_is_refused_in_one_line_exit_2_and_nothing_is_imported(
    case: str,
    db_url: str,
    clock: FrozenClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    service: Wellbeing,
) -> None:
    name, content, message = HOSTILE[case]
    path = write(tmp_path, name, content)
    assert cli(db_url, clock, "schedule", "import", str(path), "--agent-id", "1") == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert service.planned_shifts(*FAR) == []


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read_whole(
    service: Wellbeing,
) -> None:
    with pytest.raises(ScheduleError, match=r"^file: "):
        service.import_schedule(b"x" * (MAX_BYTES + 1), "plan.csv")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    "2026-11-30T08:00,2026-11-30T16:30",
                    "2026-11-30T12:00,2026-11-30T20:00",
                    "2026-12-01T08:00,2026-12-01T07:00",
                    "2026-12-02T08:00,2026-12-02T16:00,12:00-12:30",
                    "2026-12-02T08:00,2026-12-02T16:00,18:00-18:30",
                    "2026-10-25T02:30,2026-10-25T09:00",
                    "a,b,c,d",
                    "#fields:agent_id|date|start|end",
                    "BEGIN:VCALENDAR",
                    "",
                ]
            ),
            max_size=6,
        ).map(lambda lines: "\n".join(lines).encode()),
    ),
    name=st.sampled_from(["plan.csv", "team.txt", "schedule.ics"]),
)
def test_any_file_is_either_imported_whole_or_refused_with_nothing_written(
    service: Wellbeing, content: bytes, name: str
) -> None:
    before = service.planned_shifts(*FAR)
    try:
        service.import_schedule(content, name, agent_id="4711")
    except ScheduleError as exc:
        assert "\n" not in str(exc)
        assert service.planned_shifts(*FAR) == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    spans=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=3),  # day
            st.integers(min_value=0, max_value=20),  # start hour
            st.integers(min_value=1, max_value=12),  # hours
        ),
        min_size=1,
        max_size=5,
    )
)
def test_shifts_that_overlap_are_refused_and_others_imported_whole(
    database: Database, clock: FrozenClock, spans: list[tuple[int, int, int]]
) -> None:
    account = f"agent-{uuid.uuid4().hex[:8]}"  # a fresh person per example
    service = Wellbeing(database, account, clock)
    base = datetime(2026, 11, 30, tzinfo=BRUSSELS)
    shifts = [
        (base + timedelta(days=day, hours=hour), base + timedelta(days=day, hours=hour + length))
        for day, hour, length in spans
    ]
    rows = "\n".join(f"{s.isoformat()},{e.isoformat()}" for s, e in shifts).encode()
    ordered = sorted(shifts)
    overlapping = any(later[0] < earlier[1] for earlier, later in pairwise(ordered))
    if overlapping:
        with pytest.raises(ScheduleError, match="overlaps the shift of row"):
            service.import_schedule(rows, "plan.csv")
        assert service.planned_shifts(*FAR) == []
    else:
        service.import_schedule(rows, "plan.csv")
        assert [(r.shift.start, r.shift.end) for r in service.planned_shifts(*FAR)] == ordered
