"""Messages that thread workers post back to the UI thread when database work fails."""

from __future__ import annotations

from textual.message import Message


class DatabaseFailed(Message):
    """Database work did not succeed; `reason` is one readable line, never a traceback."""

    def __init__(self, task: str, reason: str) -> None:
        super().__init__()
        self.task = task
        self.reason = reason
