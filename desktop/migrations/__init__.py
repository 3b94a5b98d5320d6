"""Running the shipped Alembic migrations: upgrade (with a backup first), version checks, drift check."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import MetaData, create_engine, inspect, text

from desktop.db import Database
from desktop.facts import DatabaseTooNew  # raised when the schema revision is unknown to this version

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic loads only when the schema is not current (an upgrade, a downgrade, a drift check): opening a current
# database is one query of alembic_version compared with newest_revision(), so start-up does not pay for it.

HERE = Path(__file__).resolve().parent
VERSIONS = HERE / "versions"


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def _config(connection=None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def newest_revision() -> str | None:
    """The head revision without loading Alembic: the chain is linear and its files are numbered in order
    (``0013_booking_whole_minutes.py``), so the head is the ``revision = '…'`` line of the highest-numbered file
    (tests/ui/test_startup_imports.py keeps this equal to head_revision()). None when it cannot be read (then
    the caller asks Alembic)."""
    files = sorted(VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    if not files:
        return None
    found = re.search(r"""^revision(?:\s*:\s*str)?\s*=\s*['"]([^'"]+)['"]""", files[-1].read_text(encoding="utf-8"),
                      re.MULTILINE)
    return found.group(1) if found else None


def current_revision(db: Database) -> str | None:
    """The revision stored in the database (None for an empty one): one query of alembic_version."""
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _is_current(revision: str | None) -> bool:
    return revision is not None and revision == newest_revision()


def _known(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:
        return False


def needs_upgrade(db: Database) -> bool:
    rev = current_revision(db)
    if _is_current(rev):
        return False
    if rev is not None and not _known(rev):
        raise DatabaseTooNew(revision=rev)
    return rev != head_revision()


def upgrade(db: Database, *, copy_first: Callable[[str, str], Path] | None = None) -> UpgradeResult:
    """Bring the schema to head. A SQLite file that already holds data is first copied by
    ``copy_first(path, old_revision)`` (the app passes desktop.services.backup.copy_before_upgrade), which
    returns where the copy is."""
    before = current_revision(db)
    if _is_current(before):  # the common case: nothing to do, and no need to load Alembic
        return UpgradeResult(before, before, None)
    if before is not None and not _known(before):
        raise DatabaseTooNew(revision=before)
    from alembic import command

    head = head_revision()
    backup = None
    if before != head and before is not None and db.sqlite_path and copy_first is not None:
        backup = copy_first(db.sqlite_path, before)
    if before != head:
        with db.engine.connect() as conn:
            # SQLite alters a table by copying it: its foreign keys must be off meanwhile (a DROP of the old
            # copy would otherwise delete or refuse the rows that refer to it), and are checked before COMMIT
            copies = db.kind == "sqlite" and _copies_tables(before)
            if copies:
                _sqlite_pragma(conn, "PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    if db.kind == "postgresql":
                        from desktop import pg_setup

                        # only the schema's owner migrates (an application role gets OwnerRequired, nothing
                        # changed); afterwards it grants the application role its rights on what it created
                        pg_setup.become_owner(conn)
                    command.upgrade(_config(conn), "head")
                    if db.kind == "postgresql":
                        pg_setup.refresh_grants(conn)
                    if copies:
                        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                        if broken:
                            raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
            finally:
                if copies:
                    _sqlite_pragma(conn, "PRAGMA foreign_keys=ON")
            if db.kind == "sqlite":  # old pages (plain values before 0011) do not stay behind in the -wal file
                _sqlite_pragma(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
    return UpgradeResult(before, head, backup)


def downgrade(db: Database, revision: str) -> None:
    """Take the schema back to ``revision`` (development and tests; the app never goes back). On SQLite with
    the foreign keys off while tables are copied, and checked before COMMIT, as in ``upgrade``."""
    from alembic import command

    with db.engine.connect() as conn:
        if db.kind == "sqlite":
            _sqlite_pragma(conn, "PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                command.downgrade(_config(conn), revision)
                if db.kind == "sqlite":
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
        finally:
            if db.kind == "sqlite":
                _sqlite_pragma(conn, "PRAGMA foreign_keys=ON")


COPYING_REVISIONS = {"0011_personal_data_encryption"}  # migrations that copy tables on SQLite


def _copies_tables(before: str | None) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return any(r.revision in COPYING_REVISIONS for r in script.iterate_revisions("head", before))


def _sqlite_pragma(conn, statement: str) -> None:
    """A PRAGMA outside any transaction (foreign_keys is ignored inside one), on the raw connection: the
    engine's begin hook would open one first."""
    conn.connection.driver_connection.execute(statement).fetchall()


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Leave engine-specific search structures out of autogenerate and the drift check: SQLite FTS5
    tables and their shadow tables (``*_fts``, ``*_fts_data`` …) and PostgreSQL trigram indexes
    (``*_trgm``). Migrations create them with dialect-specific operations; the models do not declare them."""
    if name is None:
        return True
    if type_ == "table":
        return not (name.endswith("_fts") or "_fts_" in name)
    if type_ == "index":
        return not name.endswith("_trgm")
    return True


def drift(metadata: MetaData | None = None) -> list:
    """Differences between the models and what the migrations build, on a scratch SQLite database."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import desktop.models  # noqa: F401
    from desktop.models.base import Base

    metadata = metadata if metadata is not None else Base.metadata
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        cfg = _config(conn)
        cfg.attributes["ephemeral_data_key"] = True  # a scratch database: its data key is kept nowhere
        command.upgrade(cfg, "head")
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diffs = compare_metadata(ctx, metadata)
    engine.dispose()
    return diffs


def drift_on(db: Database, metadata: MetaData | None = None) -> list:
    """Like drift(), against an already-upgraded real database (e.g. PostgreSQL)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import desktop.models  # noqa: F401
    from desktop.models.base import Base

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        return compare_metadata(ctx, metadata if metadata is not None else Base.metadata)
