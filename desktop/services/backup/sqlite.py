"""SQLite: the consistent copy of a live database through the online backup API, checking a file as a
OneStop backup, the verified snapshot a backup is, and the copy the app takes before a schema upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop import fileperms
from desktop.clock import Clock
from desktop.services.backup._common import SQLITE_HEADER, _check_revision, _fsync, _header, _write_verified
from desktop.services.backup.errors import (
    BackupFailed,
    BackupFolderError,
    CorruptDatabase,
    FileMissing,
    NotADatabase,
    NotOneStopDatabase,
)
from desktop.services.backup.folder import BEFORE_UPGRADE, _new_name


def copy_sqlite(source: str | Path, dest: Path) -> None:
    """Copy a live SQLite database into the new file ``dest`` through the online backup API.

    All pages are copied in one step, inside one read transaction: the copy is the database as it was at
    one instant, while other processes keep writing (WAL lets them). The copy gets the rollback journal so
    it is one self-contained file.
    """
    source = Path(source)
    if not source.is_file():
        raise FileMissing(path=str(source))
    src = sqlite3.connect(source, timeout=30)
    try:
        fileperms.create_private(dest)  # the copy holds everything the database does: 0600 from the start
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
        finally:
            out.close()
    finally:
        src.close()
    _fsync(dest)


def _revision_of(conn: sqlite3.Connection, path: Path) -> str:
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError as exc:
        raise NotOneStopDatabase(path=str(path)) from exc
    if len(rows) != 1 or not rows[0][0]:
        raise NotOneStopDatabase(path=str(path))
    return rows[0][0]


def verify_sqlite(path: str | Path) -> str:
    """Check a SQLite file as a OneStop backup and return its schema revision.

    Raises NotADatabase, CorruptDatabase (integrity_check not ok), NotOneStopDatabase or UnknownRevision
    (written by a newer OneStop).
    """
    path = Path(path)
    if _header(path, len(SQLITE_HEADER)) != SQLITE_HEADER:
        raise NotADatabase(path=str(path))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CorruptDatabase(path=str(path), detail=str(exc)) from exc
    try:
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # "malformed", or garbage names in the message
            raise CorruptDatabase(path=str(path), detail=str(exc)) from exc
        if problems != ["ok"]:
            raise CorruptDatabase(path=str(path), detail="; ".join(problems[:3]))
        try:
            revision = _revision_of(conn, path)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise CorruptDatabase(path=str(path), detail=str(exc)) from exc
    finally:
        conn.close()
    return _check_revision(path, revision)


def snapshot_sqlite(source: str | Path, dest: Path) -> str:
    """Copy ``source`` to ``dest`` under a temporary name, verify the copy, then give it its name.
    Returns the copy's schema revision. A copy that fails is removed; ``dest`` then does not exist."""

    def write(tmp: Path) -> None:
        try:
            copy_sqlite(source, tmp)
        except sqlite3.Error as exc:
            if "full" in str(exc).lower():
                raise BackupFolderError(path=str(dest.parent), detail=str(exc)) from exc
            raise BackupFailed(path=str(source), detail=str(exc)) from exc

    return _write_verified(dest, write, verify_sqlite)


def copy_before_upgrade(path: str, dest_dir: Path, revision: str) -> Path:
    """The verified copy the app takes of an older SQLite database before it upgrades its schema."""
    dest_dir.mkdir(parents=True, exist_ok=True, mode=fileperms.PRIVATE_DIR)
    dest = _new_name(dest_dir, f"{Path(path).stem}{BEFORE_UPGRADE}{revision[:12]}", ".db", Clock().now())
    snapshot_sqlite(path, dest)
    return dest
