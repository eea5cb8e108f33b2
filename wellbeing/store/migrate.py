"""Schema upgrades through Alembic, run by the app at start-up and by `wellbeing db upgrade`.

An upgrade is all or nothing. Every pending revision runs in one transaction that holds the
write lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so two processes that
open an old database at once upgrade it once. PostgreSQL rolls DDL back with the transaction.
On SQLite a revision can still leave work behind that a rollback cannot undo (a statement
that ends the transaction, a table rebuild gone wrong), so before it changes a file that
already holds a schema, `upgrade` copies it with SQLite's online backup API to
`<name>.before-<revision>.bak` beside it (mode 0600), and writes that copy back if the
upgrade fails.

The copy is removed after a successful upgrade: it holds every check-in and note, and a
person who erases their data must not find it surviving in a forgotten file. After a failed
upgrade it is kept, and the error says where, since it is then the person's safety net.

Opening a database whose schema is already current -- every start but the first after an
update -- does not import Alembic: the stored revision is read with one query and compared
with the newest revision file this package ships (`packaged_head`). Alembic and the
migration scripts are loaded only when there is something to upgrade.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DBAPIError

from wellbeing.i18n import _
from wellbeing.store.database import (
    BUSY_TIMEOUT_MS,
    StoreError,
    database_problem,
    sqlite_path,
    writable,
)
from wellbeing.store.schema_head import MIGRATIONS as MIGRATIONS
from wellbeing.store.schema_head import VERSION_TABLE as VERSION_TABLE
from wellbeing.store.schema_head import packaged_head as packaged_head

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory


# Key of the PostgreSQL advisory lock that serialises upgrades of one database.
_UPGRADE_LOCK_KEY = 0x77656C6C

ScriptLocation = str | os.PathLike[str] | None


def alembic_config(script_location: ScriptLocation = None) -> Config:
    """Alembic's configuration; `script_location` points at another migrations directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", os.fspath(script_location or MIGRATIONS))
    return config


def _script(script_location: ScriptLocation) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(script_location))


def head_revision(script_location: ScriptLocation = None) -> str:
    """The head revision as Alembic finds it, by loading every migration script."""
    heads = _script(script_location).get_heads()
    if len(heads) != 1:
        raise StoreError(f"migrations: expected one head, found {len(heads)}")
    return heads[0]


def _where(engine: Engine) -> str:
    path = sqlite_path(engine.url.render_as_string(hide_password=True))
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)


def _reason(exc: BaseException) -> str:
    """The driver's own words, without SQLAlchemy's statement dump."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def current_revision(engine: Engine) -> str | None:
    """The database's revision, or None when it has no schema yet.

    A file that is not a database, or a server that cannot be reached, is a StoreError
    that says so rather than a driver traceback. Another program's SQLite file is refused
    before the engine connects, since connecting switches a file to WAL mode.
    """
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is not None:
        _refuse_foreign_file(path)
    try:
        with engine.connect() as connection:
            return _stored_revision(connection)
    except DBAPIError as exc:
        raise database_problem(exc, engine) or StoreError(
            _("database: cannot open {where}: {reason}").format(
                where=_where(engine), reason=_reason(exc)
            )
        ) from exc


def _stored_revision(connection: Connection) -> str | None:
    """The revision in Alembic's version table, read as Alembic reads it, without Alembic."""
    if not connection.dialect.has_table(connection, VERSION_TABLE):
        return None
    rows = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").all()
    if len(rows) > 1:
        raise StoreError(f"migrations: {VERSION_TABLE} holds {len(rows)} revisions; expected one")
    return str(rows[0][0]) if rows else None


def _known(script: ScriptDirectory, revision: str) -> bool:
    from alembic.util.exc import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _refuse_newer(engine: Engine, script: ScriptDirectory, current: str | None) -> None:
    if current is not None and not _known(script, current):
        raise StoreError(
            _(
                "database: {where} has schema revision {revision}, which is newer than this "
                "version of wellbeing knows; upgrade wellbeing before opening it"
            ).format(where=_where(engine), revision=current)
        )


def check_not_newer(engine: Engine, script_location: ScriptLocation = None) -> None:
    """Refuse a database written by a newer wellbeing: its schema is unknown to us."""
    _refuse_newer(engine, _script(script_location), current_revision(engine))


def _foreign(where: object, tables: list[str]) -> StoreError:
    return StoreError(
        _(
            "database: {where} holds tables that are not wellbeing's ({tables}); it was "
            "left untouched; give a new file or the wellbeing database"
        ).format(where=where, tables=", ".join(sorted(tables)[:3]))
    )


def _refuse_foreign_sqlite(engine: Engine) -> None:
    """An SQLite file with tables but no wellbeing revision belongs to something else."""
    with engine.connect() as connection:
        tables = [
            name
            for name in inspect(connection).get_table_names()
            if name != "alembic_version" and not name.startswith("sqlite_")
        ]
    if tables:
        raise _foreign(_where(engine), tables)


# An SQLite file starts with this; bytes 18 and 19 are 1 in rollback mode, 2 in WAL mode.
_SQLITE_HEADER = b"SQLite format 3\x00"
_ROLLBACK_MODE = b"\x01\x01"


def _refuse_foreign_file(path: Path) -> None:
    """Refuse another program's rollback-mode SQLite file without changing a byte of it.

    Such a file has never been opened by wellbeing, which always switches to WAL. It is
    read through a read-only connection of its own, which creates no -wal or -shm file.
    A file in WAL mode is checked after connecting, by `upgrade`.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return  # missing or unreadable: connecting says what is wrong
    if not header.startswith(_SQLITE_HEADER) or header[18:20] != _ROLLBACK_MODE:
        return
    try:
        reader = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            rows = reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = [name for (name,) in rows if not name.startswith("sqlite_")]
        finally:
            reader.close()
    except sqlite3.Error:
        return  # damaged or locked: connecting says what is wrong
    if tables and "alembic_version" not in tables:
        raise _foreign(path, tables)


@dataclass
class _Backup:
    """Where the pre-upgrade copy of an SQLite file goes; `path` is set once it is whole."""

    database: Path
    revision: str
    path: Path | None = None

    def reserve(self) -> tuple[Path, int]:
        """A new owner-only file beside the database; an earlier copy is never overwritten."""
        for attempt in range(1, 1000):
            suffix = "" if attempt == 1 else f".{attempt}"
            candidate = self.database.with_name(
                f"{self.database.name}.before-{self.revision}{suffix}.bak"
            )
            try:
                fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                continue
            os.fchmod(fd, 0o600)
            return candidate, fd
        raise StoreError(
            _("database: too many earlier backups beside {where}").format(where=self.database)
        )

    def take(self) -> None:
        """Copy the database while the upgrading connection holds the write lock.

        The copy is read through a connection of its own: SQLite refuses to back up through
        a connection with an open write transaction, and while the lock is held (and nothing
        written yet) the last committed state is exactly what the upgrade starts from.
        """
        candidate, fd = self.reserve()
        os.close(fd)
        try:
            source = sqlite3.connect(self.database, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                target = sqlite3.connect(candidate)
                try:
                    source.backup(target)
                finally:
                    target.close()
            finally:
                source.close()
        except (sqlite3.Error, OSError) as exc:
            with suppress(OSError):
                candidate.unlink()
            raise StoreError(
                _(
                    "database: could not back up {where} before upgrading it ({reason}); "
                    "nothing was changed"
                ).format(where=self.database, reason=_reason(exc))
            ) from exc
        self.path = candidate

    def restore(self) -> None:
        """Write the copy back over the database, page by page, with the backup API.

        This runs after the failed transaction released the write lock; a commit by another
        process in that instant would be overwritten. Only a wellbeing too old to upgrade
        could be writing then, since every newer one waits for the upgrade's lock first.
        """
        assert self.path is not None
        source = sqlite3.connect(self.path)
        try:
            target = sqlite3.connect(self.database, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                source.backup(target)
                verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
        finally:
            source.close()
        if verdict != "ok":
            raise StoreError(f"integrity check after restoring: {verdict}")

    def discard(self) -> None:
        if self.path is not None:
            for leftover in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                with suppress(FileNotFoundError):
                    leftover.unlink()


@contextmanager
def migration_transaction(
    connection: Connection, backup: _Backup | None = None
) -> Iterator[Connection]:
    """One transaction for all pending revisions, holding the database's write lock.

    On SQLite, batch migrations rebuild tables; with foreign keys on, dropping the old copy
    of a parent table would cascade-delete its children. The pragma only takes effect
    outside a transaction, so it is switched off before BEGIN, the keys are checked before
    COMMIT, and the connection is thrown away afterwards rather than returned to the pool.
    """
    dialect = connection.dialect.name
    sqlite = dialect == "sqlite"
    if sqlite:
        raw = connection.connection.driver_connection
        assert raw is not None  # an open connection always has its driver's connection
        raw.execute("PRAGMA foreign_keys = OFF")
        connection.execution_options(wellbeing_write=True)
    try:
        with connection.begin():
            if dialect == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_UPGRADE_LOCK_KEY})")
            if backup is not None:
                backup.take()
            yield connection
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise StoreError(f"migrations: foreign key check failed on {broken[0]}")
    finally:
        if sqlite:
            connection.invalidate()


def _migrate(
    engine: Engine,
    config: Config,
    step: Callable[[Config], Any],
    backup: _Backup | None = None,
) -> None:
    with engine.connect() as connection, migration_transaction(connection, backup):
        config.attributes["connection"] = connection
        step(config)


def _pending(script: ScriptDirectory, target: str, current: str | None) -> bool:
    from alembic.util.exc import CommandError

    if current == target:
        return False
    try:
        return bool(list(script.iterate_revisions(target, current or "base")))
    except CommandError:
        # Not an ancestor of the target (a downgrade, a branch): let Alembic decide and say.
        return True


def upgrade(
    engine: Engine, revision: str = "head", *, script_location: ScriptLocation = None
) -> None:
    """Bring the schema to `revision` (default: head), all or nothing.

    Refuses a database newer than the known revisions and an SQLite file that holds
    someone else's tables. Does nothing (and takes no lock) when the schema is current; at
    the packaged head that is known without importing Alembic. On failure raises StoreError
    saying what happened: on PostgreSQL and on a new SQLite file the transaction left
    nothing behind; on an SQLite file that had a schema, the backup was written back and is
    kept, and the message names it.
    """
    current = current_revision(engine)
    if revision == "head" and script_location is None and current == packaged_head():
        return
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = alembic_config(script_location)
    script = ScriptDirectory.from_config(config)
    _refuse_newer(engine, script, current)
    try:
        target = script.as_revision_number(revision)
    except CommandError as exc:
        raise StoreError(f"migrations: {exc}") from exc
    if isinstance(target, tuple):
        raise StoreError(f"migrations: {revision} names {len(target)} revisions, not one")
    target = target or "base"
    if not _pending(script, target, current):
        return
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is not None and current is None:
        _refuse_foreign_sqlite(engine)
    if path is not None and current is not None and not writable(path):
        # Refused before the backup: a failed upgrade would try to write the backup back.
        raise StoreError(
            _(
                "database: {where} needs an upgrade to revision {revision} but cannot be "
                "written (check the permissions of the file and its folder); nothing was changed"
            ).format(where=path, revision=target)
        )
    backup = _Backup(path, target) if path is not None and current is not None else None
    try:
        _migrate(engine, config, lambda c: command.upgrade(c, revision), backup)
    except Exception as exc:
        raise _failure(engine, target, exc, backup) from exc
    if backup is not None:
        backup.discard()


def _failure(engine: Engine, target: str, exc: Exception, backup: _Backup | None) -> StoreError:
    """The one message a person sees when an upgrade fails, after putting things right."""
    reason = _reason(exc)
    if backup is None or backup.path is None:
        if isinstance(exc, StoreError) and backup is not None:
            return exc  # the backup itself failed, before anything was changed
        return StoreError(
            _(
                "database: upgrading {where} to revision {revision} failed ({reason}); "
                "nothing was changed"
            ).format(where=_where(engine), revision=target, reason=reason)
        )
    engine.dispose()
    try:
        backup.restore()
    except (sqlite3.Error, OSError, StoreError) as restore_exc:
        return StoreError(
            _(
                "database: upgrading {where} to revision {revision} failed ({reason}) and "
                "putting it back failed too ({restore_reason}); your data is safe in "
                "{backup}: copy that file over {where} before opening it again"
            ).format(
                where=backup.database,
                revision=target,
                reason=reason,
                restore_reason=_reason(restore_exc),
                backup=backup.path,
            )
        )
    return StoreError(
        _(
            "database: upgrading {where} to revision {revision} failed ({reason}); it was "
            "put back as it was before, and a copy from before the upgrade is kept at {backup}"
        ).format(where=backup.database, revision=target, reason=reason, backup=backup.path)
    )


def downgrade(engine: Engine, revision: str, *, script_location: ScriptLocation = None) -> None:
    """Step the schema back to `revision`, for developers and tests; no backup is taken."""
    from alembic import command

    _migrate(engine, alembic_config(script_location), lambda c: command.downgrade(c, revision))


def is_current(engine: Engine, script_location: ScriptLocation = None) -> bool:
    head = packaged_head() if script_location is None else head_revision(script_location)
    return current_revision(engine) == head
