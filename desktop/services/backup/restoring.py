"""Restoring a backup: describing a file before the question, then replacing the live database with it
after checking it. SQLite: the checked copy is swapped in and the replaced file kept beside it.
PostgreSQL: ``pg_restore --clean`` in a single transaction."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from desktop import fileperms, migrations
from desktop.clock import Clock
from desktop.services.backup._common import PGDUMP_HEADER, SQLITE_HEADER, _fsync_dir, _header
from desktop.services.backup.dto import FileDescription, RestoreResult
from desktop.services.backup.errors import (
    BackupFolderError,
    CorruptDatabase,
    DatabaseInUse,
    FileMissing,
    NotADatabase,
    NotAnArchive,
    NotOneStopDatabase,
    RestoreNeedsOwner,
    ToolMissing,
    UnknownRevision,
)
from desktop.services.backup.postgresql import (
    PG_CLIENT_PACKAGE,
    _archive_tables,
    _pg_connection,
    _run_tool,
    _shown,
    archive_revision,
    find_pg_tool,
)
from desktop.services.backup.sqlite import copy_sqlite, verify_sqlite

log = logging.getLogger(__name__)


def describe_file(path: str | Path) -> FileDescription:
    """What a backup file is (SQLite database or pg_dump archive) and its revision when cheaply readable;
    for the question before a restore. The restore itself checks everything."""
    path = Path(path)
    head = _header(path, 16)
    size = path.stat().st_size
    if head == SQLITE_HEADER:
        revision = None
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            finally:
                conn.close()
        except (sqlite3.Error, TypeError):
            pass
        return FileDescription(path, "sqlite", size, revision)
    if head.startswith(PGDUMP_HEADER):
        return FileDescription(path, "postgresql", size, None)
    raise NotADatabase(path=str(path))


def restore(url: str, file: str | Path, *, clock: Clock | None = None, pg_bindir: str | Path | None = None
            ) -> RestoreResult:
    """Replace the database at ``url`` with the backup ``file`` after checking it. Every OneStop program
    using the database must be closed first."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise FileMissing(path=str(parsed.database))
        return restore_sqlite(parsed.database, file, clock=clock)
    return restore_postgresql(parsed, file, bindir=pg_bindir)


def _retire_live(live: Path) -> None:
    """Make sure no other program has the live file open, and fold its write-ahead log into it.

    Leaving WAL mode needs the database to ourselves: another open connection makes it fail. Afterwards
    the -wal and -shm files are gone (SQLite removes them), so none can be applied to the new file."""
    try:
        conn = sqlite3.connect(live, timeout=2, isolation_level=None)
    except sqlite3.Error as exc:
        raise CorruptDatabase(path=str(live), detail=str(exc)) from exc
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseInUse(path=str(live)) from exc
        raise CorruptDatabase(path=str(live), detail=str(exc)) from exc
    except (sqlite3.DatabaseError, UnicodeDecodeError):  # a damaged live file: it is replaced anyway, and kept as it is
        mode = "delete"
    finally:
        conn.close()
    if str(mode).lower() != "delete":
        raise DatabaseInUse(path=str(live))
    for suffix in ("-wal", "-shm"):
        side = live.with_name(live.name + suffix)
        if side.exists():
            if suffix == "-wal" and side.stat().st_size > 0:
                raise DatabaseInUse(path=str(live))
            side.unlink()


def restore_sqlite(live: str | Path, file: str | Path, *, clock: Clock | None = None) -> RestoreResult:
    """Verify ``file`` (copied beside the live database first, so exactly the checked bytes go live), then
    swap it in. The replaced database is kept as ``<name>.replaced-YYYYmmdd-HHMMSS``. An older schema is
    upgraded by the normal path when OneStop next opens the database."""
    live, file = Path(live).resolve(), Path(file).resolve()
    if not file.is_file():
        raise FileMissing(path=str(file))
    if _header(file, len(SQLITE_HEADER)) != SQLITE_HEADER:
        raise NotADatabase(path=str(file))
    if file == live:
        raise DatabaseInUse(path=str(live))
    live.parent.mkdir(parents=True, exist_ok=True, mode=fileperms.PRIVATE_DIR)
    tmp = live.with_name(f".{live.name}.restoring-{os.getpid()}")
    try:
        try:
            copy_sqlite(file, tmp)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # a garbled schema name in SQLite's message
            raise CorruptDatabase(path=str(file), detail=str(exc)) from exc
        try:
            revision = verify_sqlite(tmp)
        except (CorruptDatabase, NotOneStopDatabase, UnknownRevision, NotADatabase) as exc:
            raise type(exc)(**{**exc.facts, "path": str(file)}) from exc
        replaced = None
        if live.exists():
            _retire_live(live)
            stamp = (clock or Clock()).now().strftime("%Y%m%d-%H%M%S")
            replaced = live.with_name(f"{live.name}.replaced-{stamp}")
            n = 1
            while replaced.exists():
                replaced = live.with_name(f"{live.name}.replaced-{stamp}-{n}")
                n += 1
            try:
                os.link(live, replaced)  # the old file keeps a second name; the live name never disappears
                os.replace(tmp, live)
            except OSError:
                if not replaced.exists():
                    os.replace(live, replaced)
                os.replace(tmp, live)
            fileperms.make_private(replaced)
        else:
            os.replace(tmp, live)
        _fsync_dir(live.parent)
    except OSError as exc:
        raise BackupFolderError(path=str(live.parent), detail=exc.strerror or str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    log.info("restored %s from %s (revision %s); replaced file kept as %s", live, file, revision, replaced)
    return RestoreResult(str(live), file, revision, migrations.head_revision(), replaced)


def pg_restore_command(url, file: str | Path, tool: str = "pg_restore") -> list[str]:
    args, _env = _pg_connection(url)
    return [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", *args,
            str(file)]


def restore_postgresql(url, file: str | Path, *, bindir: str | Path | None = None) -> RestoreResult:
    """pg_restore --clean of a checked pg_dump archive into the configured database, in one transaction:
    it is all restored or nothing changes. Tables of a newer schema that the archive lacks are dropped
    afterwards, so the next start upgrades the restored schema cleanly."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import DBAPIError

    from desktop import pg_setup

    file = Path(file).resolve()
    if not file.is_file():
        raise FileMissing(path=str(file))
    if _header(file, len(PGDUMP_HEADER)) != PGDUMP_HEADER:
        raise NotAnArchive(path=str(file))
    tool = find_pg_tool("pg_restore", bindir)
    if tool is None:
        hidden = url.set(password=None) if url.password else url
        raise ToolMissing(tool="pg_restore", package=PG_CLIENT_PACKAGE,
                          command=_shown(pg_restore_command(hidden, file)))
    revision = archive_revision(file, bindir=tool.parent)
    tables = _archive_tables(tool, file)
    cmd = pg_restore_command(url, file, str(tool))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url)
    try:
        # a server set up with an owner role (desktop.pg_setup): the restored tables must be the owner's, so a
        # member of it (an administrator) restores as it; the application role may not restore at all
        try:
            with engine.connect() as conn:
                me, owner = pg_setup.schema_owner(conn)
                allowed = me == owner or pg_setup.may_migrate(conn)
        except DBAPIError:  # unreachable: pg_restore says so in its words below
            me = owner = None
            allowed = True
        if not allowed:
            raise RestoreNeedsOwner(owner=owner, user=me)
        if me != owner:
            cmd[1:1] = [f"--role={owner}"]
        _args, env = _pg_connection(url)
        _run_tool(cmd, env)
        with engine.begin() as conn:
            extra = [t for t in inspect(conn).get_table_names() if t not in tables]
            pg_setup.become_owner(conn)
            for name in extra:
                conn.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
            pg_setup.refresh_grants(conn)  # the application role's rights, whatever the archive held
    finally:
        engine.dispose()
    log.info("restored %s from %s (revision %s)", url.render_as_string(hide_password=True), file, revision)
    return RestoreResult(url.render_as_string(hide_password=True), file, revision, migrations.head_revision(),
                         None)
