"""The store's error for problems a person can act on, importable without SQLAlchemy."""

from __future__ import annotations

from wellbeing.domain.errors import WellbeingError


class StoreError(WellbeingError, RuntimeError):
    """A problem with the database that a person can act on; the message says what to do."""
