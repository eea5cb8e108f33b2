"""A shift's hours as both interfaces write them: "22:00-06:00+1"."""

from __future__ import annotations

from datetime import datetime

from wellbeing.domain.localtime import to_local


def clock_span(start: datetime, end: datetime) -> str:
    """Local start and end, with +1 (or +n) when the shift ends on a later calendar day."""
    local_start, local_end = to_local(start), to_local(end)
    days_later = (local_end.date() - local_start.date()).days
    suffix = f"+{days_later}" if days_later else ""
    return f"{local_start:%H:%M}-{local_end:%H:%M}{suffix}"
