"""The frozen clock every test starts from."""

from __future__ import annotations

from datetime import UTC, datetime

# 27 Nov 2026, 18:00 in Brussels: the frozen "now" of every test unless a test moves it.
FROZEN_NOW = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = FROZEN_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now
