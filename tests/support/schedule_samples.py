"""Realistic schedule files as agents get them, written by the tests that import them."""

from __future__ import annotations

from pathlib import Path

BRUSSELS_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Brussels
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""

# As Genesys Cloud's "add schedule to calendar" publishes it: a weekly shift with its break
# and lunch, across the night of 25 October 2026 when the clocks go back, a one-off shift in
# UTC, and a day off that is not a shift.
GENESYS_ICS = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Genesys//Workforce Management Schedule//EN
CALSCALE:GREGORIAN
X-WR-CALNAME:My schedule
{BRUSSELS_VTIMEZONE}
BEGIN:VEVENT
UID:8f1c-shift@wfm.mypurecloud.de
DTSTAMP:20261001T120000Z
DTSTART;TZID=Europe/Brussels:20261014T080000
DTEND;TZID=Europe/Brussels:20261014T163000
RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=4
SUMMARY:Scheduled shift
END:VEVENT
BEGIN:VEVENT
UID:8f1c-break@wfm.mypurecloud.de
DTSTAMP:20261001T120000Z
DTSTART;TZID=Europe/Brussels:20261014T103000
DTEND;TZID=Europe/Brussels:20261014T104500
RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=4
SUMMARY:Break
END:VEVENT
BEGIN:VEVENT
UID:8f1c-lunch@wfm.mypurecloud.de
DTSTAMP:20261001T120000Z
DTSTART;TZID=Europe/Brussels:20261014T123000
DTEND;TZID=Europe/Brussels:20261014T130000
RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=4
SUMMARY:Lunch
END:VEVENT
BEGIN:VEVENT
UID:9a2d-shift@wfm.mypurecloud.de
DTSTAMP:20261001T120000Z
DTSTART:20261124T070000Z
DTEND:20261124T153000Z
SUMMARY:Scheduled shift
END:VEVENT
BEGIN:VEVENT
UID:9a2d-off@wfm.mypurecloud.de
DTSTAMP:20261001T120000Z
DTSTART;VALUE=DATE:20261125
DTEND;VALUE=DATE:20261126
SUMMARY:Day off
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")

# A NICE IEX agent schedule export of a whole team: the person is agent 4711. The export
# carries names and national numbers, which must never be stored.
IEX_EXPORT = """#IEX TotalView agent schedule export 2026-11-20
#fields:agent_id|agent_name|rrn|date|start|end|activity
4711|Peeters, An|85.07.30-033.61|2026-11-23|08:00|10:30|Open
4711|Peeters, An|85.07.30-033.61|2026-11-23|10:30|10:45|Break
4711|Peeters, An|85.07.30-033.61|2026-11-23|10:45|12:30|Open
4711|Peeters, An|85.07.30-033.61|2026-11-23|12:30|13:00|Lunch
4711|Peeters, An|85.07.30-033.61|2026-11-23|13:00|16:30|Open
4712|Dubois, Marc|90.01.15-123.45|2026-11-23|09:00|17:30|Open
4712|Dubois, Marc|90.01.15-123.45|2026-11-23|12:00|12:30|Lunch
4711|Peeters, An|85.07.30-033.61|2026-11-24|22:00|06:00|Open
4711|Peeters, An|85.07.30-033.61|2026-11-25|00:00|00:00|Off
4713|Janssens, Els|88.12.01-222.11|2026-11-24|08:00|16:00|Open
"""

CSV_PLAN = """start,end,breaks
2026-11-30T08:00,2026-11-30T16:30,10:30-10:45;12:30-13:00
2026-12-01T22:00,2026-12-02T06:00,02:00-02:30
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path
