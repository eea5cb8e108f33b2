"""Use cases. Each owns its transaction; the UIs call these and nothing below them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from wellbeing.domain.checkin import Checkin, CheckinInput, validate_checkin
from wellbeing.domain.errors import InputError
from wellbeing.domain.localtime import to_local
from wellbeing.domain.people import Person
from wellbeing.store import repository as repo
from wellbeing.store.database import Database, make_engine
from wellbeing.store.migrate import upgrade

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def open_database(path_or_url: str) -> Database:
    """Open (creating if needed) and upgrade a database to the schema this version knows."""
    engine = make_engine(path_or_url)
    upgrade(engine)
    return Database(engine)


class NotFound(LookupError):
    """The thing asked for does not exist for this person."""


class Wellbeing:
    """The use cases of one acting person (their OS account) on one database."""

    def __init__(self, db: Database, account: str, clock: Clock = system_clock) -> None:
        self.db = db
        self.account = account
        self.clock = clock

    def me(self) -> Person:
        return self.db.write(lambda s: repo.ensure_person(s, self.account, self.clock()))

    def record_checkin(self, form: CheckinInput | Mapping[str, object]) -> Checkin:
        """Validate and store shift, breaks and check-in in one transaction."""
        checkin = form if isinstance(form, CheckinInput) else validate_checkin(dict(form))

        def work(session) -> Checkin:  # type: ignore[no-untyped-def]
            now = self.clock()
            person = repo.ensure_person(session, self.account, now)
            clash = repo.overlapping_shift(session, person.id, checkin.start, checkin.end)
            if clash is not None:
                start, end = to_local(clash.start), to_local(clash.end)
                raise InputError(
                    "start",
                    "this shift overlaps your shift of "
                    f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}; correct or delete that one first",
                )
            return repo.add_checkin(session, person.id, checkin, now)

        return self.db.write(work)

    def history(self, limit: int | None = None) -> list[Checkin]:
        with self.db.reading() as session:
            person = repo.find_person(session, self.account)
            if person is None:
                return []
            return repo.list_checkins(session, person.id, limit=limit)

    def delete_checkin(self, checkin_id: int) -> None:
        def work(session) -> None:  # type: ignore[no-untyped-def]
            person = repo.find_person(session, self.account)
            if person is None or not repo.delete_checkin(session, person.id, checkin_id):
                raise NotFound(f"check-in {checkin_id} does not exist")

        self.db.write(work)
