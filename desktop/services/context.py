"""The application context the UI and the command line hold: an open database, the clock, and who is
signed in. ``ctx.uow()`` hands out one unit of work per user action."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from desktop import config, crypto, migrations, pg_setup
from desktop.clock import Clock
from desktop.db import Actor, Database, UnitOfWork
from desktop.services import backup
from desktop.services.errors import (
    DatabaseTooNew,
    DatabaseUnavailable,
    DataKeyMissing,
    SchemaNeedsUpgrade,
    WrongDataKey,
)

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    db: Database
    clock: Clock = field(default_factory=Clock)
    actor: Actor = field(default_factory=Actor.system)

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self.db, actor=self.actor, clock=self.clock, read_only=read_only)

    def as_user(self, actor: Actor) -> AppContext:
        return replace(self, actor=actor)

    @property
    def db_kind(self) -> str:
        return self.db.kind

    @property
    def db_display(self) -> str:
        return self.db.display_url

    def close(self) -> None:
        self.db.dispose()


def open_database(url: str, *, upgrade: bool = True, backup_dir: Path | None = None,
                  clock: Clock | None = None, data_key: bool = True) -> AppContext:
    """Open (and by default upgrade) the database at ``url``.

    Raises DatabaseUnavailable with the driver's message when it can't be reached, and DatabaseTooNew when
    a newer OneStop wrote it — the app must refuse to touch such a database. On PostgreSQL only the
    schema's owner migrates: connected as the application role to an older schema, SchemaNeedsUpgrade.
    The personal data key is loaded (desktop.crypto): DataKeyMissing when this PC does not have it,
    WrongDataKey when the one it has does not fit; ``data_key=False`` opens without it (to enter the key).
    """
    try:
        db = Database(url)
    except Exception as exc:  # a malformed URL or an unknown driver
        raise DatabaseUnavailable(url=url, detail=str(exc)) from exc
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        if upgrade:
            dest = backup_dir or config.backup_dir()
            result = migrations.upgrade(db, copy_first=lambda path, rev: backup.copy_before_upgrade(path, dest, rev))
            if result.from_revision != result.to_revision:
                log.info("database upgraded %s -> %s (backup: %s)", result.from_revision,
                         result.to_revision, result.backup)
        elif migrations.needs_upgrade(db):
            log.warning("database schema is not current")
        if data_key:
            with db.engine.connect() as conn:
                crypto.load_key(conn)
    except crypto.DataKeyMissing as exc:
        db.dispose()
        raise DataKeyMissing(key_id=exc.key_id, url=db.display_url) from exc
    except crypto.WrongDataKey as exc:
        db.dispose()
        raise WrongDataKey(key_id=exc.key_id, given_id=exc.given_id) from exc
    except migrations.DatabaseTooNew as exc:
        db.dispose()
        raise DatabaseTooNew(revision=exc.revision) from exc
    except pg_setup.OwnerRequired as exc:  # the application role never migrates
        revision = migrations.current_revision(db)
        db.dispose()
        raise SchemaNeedsUpgrade(revision=revision, head=migrations.head_revision(), owner=exc.owner,
                                 user=exc.user) from exc
    except (OperationalError, DBAPIError) as exc:
        db.dispose()
        raise DatabaseUnavailable(url=db.display_url, detail=str(exc.orig or exc).strip()) from exc
    return AppContext(db=db, clock=clock or Clock())
