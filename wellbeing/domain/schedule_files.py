"""Reading a person's own schedule from the files workforce-management systems give them.

Three formats: iCalendar (a personal calendar as Genesys Cloud, Outlook or another WFM
publishes it; recurring events and time zones included), a NICE IEX agent schedule export
(pipe-delimited, with a `#fields` header line, holding many agents of whom only the person's
own rows are kept), and a plain CSV of `start,end[,breaks]`. Times without a zone are Brussels
local time. A file is read whole before anything is stored: its first problem is reported as
one line naming the row, and nothing is imported. Only times are kept; names, agent ids and
any other identifier in the file (a national number, say) never leave this module.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import ValidationError

from wellbeing.domain.checkin import resolve_break
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import BRUSSELS, LocalTimeError, localize, parse_moment
from wellbeing.domain.schedule import PlannedBreak, PlannedShift, find_overlap
from wellbeing.i18n import _

MAX_BYTES = 2_000_000  # a year of a personal calendar is some 100 kB
MAX_SHIFTS = 1000
MAX_EVENTS = 4 * MAX_SHIFTS  # shifts with their breaks and lunches
# Recurring events are expanded over this window around today: enough to catch up on missed
# check-ins and to plan ahead, without an endless series filling the table.
LOOK_BACK = timedelta(days=92)
LOOK_AHEAD = timedelta(days=366)
FORMATS = ("ics", "iex", "csv")
# Activity names that mark a break (en, nl, fr) in a calendar's summary or an IEX code.
_BREAK_WORDS = re.compile(r"break|pause|pauze|lunch|meal|repas|middag|d[eé]jeuner", re.I)
# IEX codes and calendar summaries for a day that is not worked.
_OFF_WORDS = re.compile(
    r"^\s*(off|day ?off|vac|vacation|holiday|verlof|cong[eé]|sick|ziek|malad)", re.I
)
_IEX_FIELDS = {
    "agent": ("agent_id", "agentid", "id", "agent", "logon_id", "logonid", "emp_id", "empid"),
    "date": ("date", "sched_date", "schedule_date", "day"),
    "start": ("start", "start_time", "starttime", "begin"),
    "end": ("end", "end_time", "endtime", "stop", "stop_time"),
    "activity": ("activity", "code", "activity_code", "segment", "exception", "type"),
}


class ScheduleError(InputError):
    """A schedule file that cannot be imported; the field names the row (or the file)."""


@dataclass
class _Draft:
    """A shift as read, before it is checked: where it came from, for the message."""

    where: str
    start: datetime
    end: datetime
    breaks: list[tuple[datetime, datetime]] = field(default_factory=list)


def detect_format(name: str, text: str) -> str:
    """The format from the file's name, else from its first line."""
    lowered = name.lower()
    if lowered.endswith((".ics", ".ical", ".ifb")):
        return "ics"
    head = text.lstrip()[:200].lower()
    if head.startswith("begin:vcalendar"):
        return "ics"
    if any(line.startswith("#fields") for line in head.splitlines()):
        return "iex"
    return "csv"


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without its byte-order mark), within the size limit."""
    if len(data) > MAX_BYTES:
        raise ScheduleError(
            "file",
            _("is {size} bytes; a schedule file may hold at most {most}").format(
                size=len(data), most=MAX_BYTES
            ),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScheduleError(
            _("row {row}").format(row=line),
            _("is not UTF-8 text; save the file as UTF-8 and import it again"),
        ) from None


def read_limited(path: str) -> bytes:
    """A schedule file's bytes, refusing a huge one before it is read whole."""
    from pathlib import Path

    try:
        with Path(path).expanduser().open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScheduleError(
            "file",
            _("{path} cannot be read: {problem}").format(
                path=path, problem=exc.strerror or type(exc).__name__
            ),
        ) from None
    if len(data) > MAX_BYTES:
        raise ScheduleError(
            "file", _("is larger than {most} bytes; is it a schedule?").format(most=MAX_BYTES)
        )
    return data


def read_schedule(
    data: bytes,
    name: str,
    *,
    now: datetime,
    agent_id: str | None = None,
    kind: str | None = None,
) -> list[PlannedShift]:
    """Every planned shift in the file, oldest first, or a ScheduleError naming the row."""
    text = decode(data)
    chosen = kind or detect_format(name, text)
    if chosen == "ics":
        drafts = _read_ics(text, now)
    elif chosen == "iex":
        if not agent_id or not agent_id.strip():
            raise ScheduleError(
                "agent-id",
                _("an IEX export holds many agents; say which one you are with --agent-id"),
            )
        drafts = _read_iex(text, agent_id.strip())
    else:
        drafts = _read_csv(text)
    if len(drafts) > MAX_SHIFTS:
        raise ScheduleError(
            "file",
            _("holds {count} shifts; import at most {most} at a time").format(
                count=len(drafts), most=MAX_SHIFTS
            ),
        )
    return _checked(drafts)


def _checked(drafts: list[_Draft]) -> list[PlannedShift]:
    shifts: list[PlannedShift] = []
    for draft in drafts:
        try:
            shifts.append(
                PlannedShift(
                    start=draft.start.astimezone(UTC),
                    end=draft.end.astimezone(UTC),
                    breaks=tuple(
                        PlannedBreak(start=s.astimezone(UTC), end=e.astimezone(UTC))
                        for s, e in sorted(draft.breaks)
                    ),
                )
            )
        except OverflowError:
            raise ScheduleError(draft.where, _("is too far in the past or the future")) from None
        except ValidationError as exc:
            message = str(exc.errors(include_url=False)[0].get("msg", ""))
            message = message.removeprefix("Value error, ")
            raise ScheduleError(draft.where, message) from None
    clash = find_overlap(shifts)
    if clash is not None:
        before, after = clash
        raise ScheduleError(
            drafts[after].where,
            _("overlaps the shift of {other} ({start}); fix the file and import it again").format(
                other=drafts[before].where, start=f"{_local(shifts[before].start):%Y-%m-%d %H:%M}"
            ),
        )
    return sorted(shifts, key=lambda shift: shift.start)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(BRUSSELS)


# --- iCalendar -----------------------------------------------------------------------------


def _aware(value: object, where: str) -> datetime | None:
    """A calendar moment as an aware datetime; None for an all-day date (not a shift)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            try:
                return localize(value)
            except LocalTimeError as exc:
                raise ScheduleError(where, str(exc)) from None
        return value
    if isinstance(value, date):
        return None
    raise ScheduleError(where, _("has no start time"))


def _occurrences(query: Any, now: datetime) -> list[Any]:
    """The events of the window, in order, refusing a series that would never end (an event
    repeating every minute would otherwise be expanded half a million times)."""
    found = []
    last = now + LOOK_AHEAD
    for event in query.after(now - LOOK_BACK):
        start = getattr(event.get("DTSTART"), "dt", None)
        if isinstance(start, datetime) and start.tzinfo is None:
            start = start.replace(tzinfo=BRUSSELS)
        elif isinstance(start, date) and not isinstance(start, datetime):
            start = datetime.combine(start, time(), BRUSSELS)
        if isinstance(start, datetime) and start >= last:
            break
        found.append(event)
        if len(found) > MAX_EVENTS:
            raise ScheduleError(
                "file",
                _(
                    "repeats more than {most} times in the weeks around today; is it a schedule?"
                ).format(most=MAX_EVENTS),
            )
    return found


def _read_ics(text: str, now: datetime) -> list[_Draft]:
    import icalendar
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(text)
        events = _occurrences(recurring_ical_events.of(calendar), now)
    except ScheduleError:
        raise
    except Exception as exc:
        raise ScheduleError(
            "file",
            _("is not a valid iCalendar file ({problem})").format(
                problem=str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            ),
        ) from None
    shifts: list[_Draft] = []
    breaks: list[tuple[str, datetime, datetime]] = []
    for event in events:
        summary = str(event.get("SUMMARY", "")).strip()
        where = _("event {summary!r}").format(summary=summary[:40])
        start_value = event.get("DTSTART")
        start = _aware(start_value.dt if start_value is not None else None, where)
        if start is None or _OFF_WORDS.match(summary):
            continue  # all-day events and days off are not shifts
        if event.get("DTEND") is not None:
            end = _aware(event["DTEND"].dt, where)
        elif event.get("DURATION") is not None:
            end = start + event["DURATION"].dt
        else:
            end = start
        if end is None:
            continue
        where = _("event {summary!r} of {start}").format(
            summary=summary[:40], start=f"{_local(start):%Y-%m-%d %H:%M}"
        )
        if _BREAK_WORDS.search(summary):
            breaks.append((where, start, end))
        else:
            shifts.append(_Draft(where, start, end))
            if len(shifts) > MAX_SHIFTS:
                break
    shifts = _without_activities(shifts)
    _attach(shifts, breaks)
    return sorted(shifts, key=lambda draft: draft.start)


def _without_activities(shifts: list[_Draft]) -> list[_Draft]:
    """Drop events that lie wholly inside another: a meeting or training the calendar shows
    within a shift is part of that shift, not a second one."""
    ordered = sorted(shifts, key=lambda draft: (draft.start, -(draft.end - draft.start)))
    kept: list[_Draft] = []
    for draft in ordered:
        if any(k.start <= draft.start and draft.end <= k.end for k in kept):
            continue
        kept.append(draft)
    return kept


def _attach(shifts: list[_Draft], breaks: Sequence[tuple[str, datetime, datetime]]) -> None:
    """Put each break into the shift it lies in; a break in no shift is a mistake."""
    for where, start, end in breaks:
        owner = next((s for s in shifts if s.start <= start and end <= s.end), None)
        if owner is None:
            raise ScheduleError(where, _("is a break outside every shift in the file"))
        owner.breaks.append((start, end))


# --- NICE IEX ------------------------------------------------------------------------------


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _iex_columns(header: str, row: int) -> dict[str, int]:
    names = [_normal(part) for part in header.split(":", 1)[-1].split("|")]
    if header.startswith("#fields") and ":" not in header:
        names = [_normal(part) for part in header[len("#fields") :].split("|")]
    found: dict[str, int] = {}
    for key, aliases in _IEX_FIELDS.items():
        index = next((i for i, name in enumerate(names) if name in aliases), None)
        if index is not None:
            found[key] = index
    missing = [key for key in ("agent", "date", "start", "end") if key not in found]
    if missing:
        raise ScheduleError(
            _("row {row}").format(row=row),
            _("the #fields line lacks {missing}; it needs agent id, date, start and end").format(
                missing=", ".join(missing)
            ),
        )
    return found


def _iex_day(text: str, where: str) -> date:
    value = text.strip()
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ScheduleError(where, _("{text!r} is not a date; use YYYY-MM-DD").format(text=value[:40]))


def _iex_time(text: str, where: str) -> time:
    value = text.strip()
    for pattern in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(value, pattern).time()
        except ValueError:
            continue
    raise ScheduleError(where, _("{text!r} is not a time; use HH:MM").format(text=value[:40]))


def _local_moment(day: date, clock: time, where: str) -> datetime:
    try:
        return localize(datetime.combine(day, clock)).astimezone(UTC)
    except LocalTimeError as exc:
        raise ScheduleError(where, str(exc)) from None
    except OverflowError:
        raise ScheduleError(where, _("is too far in the past or the future")) from None


def _read_iex(text: str, agent_id: str) -> list[_Draft]:
    columns: dict[str, int] | None = None
    # Segments of the person's days: (where, start, end, is_break), grouped by date.
    days: dict[date, list[tuple[str, datetime, datetime, bool]]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        where = _("row {row}").format(row=number)
        if not line.strip():
            continue
        if line.startswith("#fields"):
            columns = _iex_columns(line, number)
            continue
        if line.startswith("#"):
            continue
        if columns is None:
            raise ScheduleError(where, _("comes before the #fields header line"))
        cells = line.split("|")
        if len(cells) <= max(columns.values()):
            raise ScheduleError(
                where,
                _("has {found} fields where the #fields line names {expected}").format(
                    found=len(cells), expected=max(columns.values()) + 1
                ),
            )
        if cells[columns["agent"]].strip() != agent_id:
            continue  # a colleague's row: never read further, never kept
        activity = cells[columns["activity"]].strip() if "activity" in columns else ""
        if _OFF_WORDS.match(activity):
            continue
        day = _iex_day(cells[columns["date"]], where)
        start = _local_moment(day, _iex_time(cells[columns["start"]], where), where)
        end_clock = _iex_time(cells[columns["end"]], where)
        end_day = day + timedelta(days=1) if end_clock <= start.astimezone(BRUSSELS).time() else day
        end = _local_moment(end_day, end_clock, where)
        days.setdefault(day, []).append((where, start, end, bool(_BREAK_WORDS.search(activity))))
    if columns is None:
        raise ScheduleError("file", _("has no #fields header line; is it an IEX export?"))
    if not days:
        raise ScheduleError(
            "agent-id", _("the file has no shifts for agent {agent!r}").format(agent=agent_id)
        )
    drafts = []
    for day in sorted(days):
        segments = days[day]
        draft = _Draft(
            segments[0][0],
            min(segment[1] for segment in segments),
            max(segment[2] for segment in segments),
        )
        draft.breaks = [(s, e) for _w, s, e, is_break in segments if is_break]
        drafts.append(draft)
    return drafts


# --- CSV -----------------------------------------------------------------------------------


def _read_csv(text: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    try:
        lines = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ScheduleError("file", _("is not valid CSV ({problem})").format(problem=exc)) from None
    for number, cells in enumerate(lines, start=1):
        where = _("row {row}").format(row=number)
        if not cells or not "".join(cells).strip():
            continue
        if number == 1 and cells[0].strip().lower() == "start":
            continue  # the header
        if len(cells) not in (2, 3):
            raise ScheduleError(
                where,
                _("has {count} columns; expected start,end[,breaks]").format(count=len(cells)),
            )
        try:
            start = parse_moment(cells[0].strip())
            end = parse_moment(cells[1].strip())
        except LocalTimeError as exc:
            raise ScheduleError(where, str(exc)) from None
        draft = _Draft(where, start, end)
        if len(cells) == 3:
            for part in re.split(r"[;\s]+", cells[2].strip()):
                if not part:
                    continue
                try:
                    pause = resolve_break(part, start)
                except InputError as exc:
                    raise ScheduleError(where, exc.message) from None
                draft.breaks.append((pause["start"], pause["end"]))
        drafts.append(draft)
        if len(drafts) > MAX_SHIFTS:
            break
    return drafts
