"""The application context the UI and the command line hold: an open database, the clock, and who is
signed in. ``ctx.uow()`` hands out one unit of work per user action."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from desktop import config, migrations, pg_setup
from desktop.clock import Clock
from desktop.db import Actor, Database, UnitOfWork
from desktop.services.errors import DatabaseTooNew, DatabaseUnavailable, SchemaNeedsUpgrade

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
                  clock: Clock | None = None) -> AppContext:
    """Open (and by default upgrade) the database at ``url``.

    Raises DatabaseUnavailable with the driver's message when it can't be reached, and DatabaseTooNew when
    a newer OneStop wrote it — the app must refuse to touch such a database. On PostgreSQL only the
    schema's owner migrates: connected as the application role to an older schema, SchemaNeedsUpgrade.
    """
    try:
        db = Database(url)
    except Exception as exc:  # a malformed URL or an unknown driver
        raise DatabaseUnavailable(url=url, detail=str(exc)) from exc
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        if upgrade:
            result = migrations.upgrade(db, backup_dir=backup_dir or config.backup_dir())
            if result.from_revision != result.to_revision:
                log.info("database upgraded %s -> %s (backup: %s)", result.from_revision,
                         result.to_revision, result.backup)
        elif migrations.needs_upgrade(db):
            log.warning("database schema is not current")
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
