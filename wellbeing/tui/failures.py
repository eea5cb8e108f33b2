"""Turning an unexpected exception into one line a person can read (never a traceback)."""

from __future__ import annotations

MAX_REASON = 160


def reason(exc: BaseException) -> str:
    """The first line of the exception's message, shortened; its type name if it has none."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"
