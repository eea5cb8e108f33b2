"""Which schema revision this package ships, known without importing Alembic or SQLAlchemy.

The quick read path (`wellbeing.store.reads`) compares it with the revision a database holds
before reading; `wellbeing.store.migrate` upgrades a database that holds another one.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from wellbeing.store.errors import StoreError


def _installed_migrations() -> Path:
    """The Alembic scripts, wherever the package lives: a checkout, an editable or a wheel install.

    setup.py maps the repository's `migrations/` folder to the subpackage `wellbeing.migrations`.
    """
    import wellbeing.migrations

    return Path(wellbeing.migrations.__file__).resolve().parent


MIGRATIONS = _installed_migrations()

# Alembic's table of the applied revision (its default name; env.py does not change it).
VERSION_TABLE = "alembic_version"
# A revision file: the revision id, four digits, then what it does ("0007_shift_findings.py").
_REVISION_FILE = re.compile(r"([0-9]{4})_\w+\.py", re.ASCII)


@functools.cache
def packaged_head() -> str:
    """The newest revision this package ships, from the names of the revision files alone.

    Each revision lives in `NNNN_what.py` with revision id NNNN and follows the one numbered
    before it (tests/store/test_fast_open.py holds every file to that), so the head is the
    highest number: a directory listing instead of importing Alembic and every script.
    """
    numbers = [
        found.group(1)
        for name in os.listdir(MIGRATIONS / "versions")
        if (found := _REVISION_FILE.fullmatch(name))
    ]
    if not numbers:
        raise StoreError(f"migrations: no revision files in {MIGRATIONS / 'versions'}")
    return max(numbers)
