"""A check-in writer process for concurrency and crash tests.

Usage: python -m tests.support.writer DB_URL ACCOUNT COUNT [FIRST_DAY_OFFSET]

Records COUNT daily check-ins for ACCOUNT and prints "done N" on its own line only after the
N-th check-in's transaction has committed, so a harness knows what was acknowledged.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from wellbeing.services import Wellbeing, open_database

FIRST_DAY = datetime(2020, 1, 6, 7, 0, tzinfo=UTC)
AFTER_EVERY_DAY = datetime(2099, 12, 31, tzinfo=UTC)


def checkin_for(day: int) -> dict[str, object]:
    start = FIRST_DAY + timedelta(days=day)
    return {
        "start": start,
        "end": start + timedelta(hours=8),
        "breaks": [
            {"start": start + timedelta(hours=3), "end": start + timedelta(hours=3, minutes=30)}
        ],
        "stress": day % 11,
        "energy": (day * 7) % 11,
        "contacts": 40 + day % 20,
        "difficult": day % 4,
        "note": f"writer note {day}",
    }


def main(argv: list[str]) -> int:
    url, account, count = argv[0], argv[1], int(argv[2])
    offset = int(argv[3]) if len(argv) > 3 else 0
    # Blocks of days reach decades ahead; a check-in must come after its shift, so the
    # writer's clock stands after the last day any harness writes.
    service = Wellbeing(open_database(url), account, clock=lambda: AFTER_EVERY_DAY)
    for index in range(count):
        service.record_checkin(checkin_for(offset + index))
        print(f"done {offset + index}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
