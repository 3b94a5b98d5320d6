"""Taking a backup: the verified copy of the context's database (SQLite snapshot or pg_dump archive) into
the backup folder, retention afterwards, the outcome recorded in backup-status.json with the audit chain
head the backup holds; and the GUI's automatic daily backup."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from desktop.db import Actor
from desktop.services.admin.settings import get_setting
from desktop.services.backup.dto import BackupResult
from desktop.services.backup.errors import BackupCancelled, BackupError
from desktop.services.backup.folder import (
    EXTENSIONS,
    _new_name,
    _writable,
    backup_due,
    backup_folder,
    last_backup,
    parse_name,
    series_of,
)
from desktop.services.backup.postgresql import _backup_postgresql
from desktop.services.backup.retention import prune
from desktop.services.backup.sqlite import snapshot_sqlite
from desktop.services.backup.status import _write_status
from desktop.services.errors import ServiceError
from desktop.services.permissions import Permission, require

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


def _settings(ctx) -> tuple[int, int]:
    with ctx.uow(read_only=True) as uow:
        require(uow, Permission.CONFIGURE_CENTER)
        return int(get_setting(uow, "backup_keep_days")), int(get_setting(uow, "backup_keep_months"))


def backup_database(ctx, *, folder: str | Path | None = None, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None, pg_bindir: str | Path | None = None
                    ) -> BackupResult:
    """Take a verified backup of the context's database into ``folder`` (default: the backup folder),
    then apply retention to the older backups of the same database. Administrators (and the command line)
    only. Raises a BackupError subclass; a failure is recorded in backup-status.json."""
    started = time.monotonic()
    keep_days, keep_months = _settings(ctx)
    db = ctx.db
    folder = Path(folder).expanduser() if folder else backup_folder()
    series, ext = series_of(db), EXTENSIONS[db.kind]
    now = ctx.clock.now()
    step = progress or (lambda *_: None)
    stop = cancelled or (lambda: False)
    dest = None
    try:
        _writable(folder)
        dest = _new_name(folder, series, ext, now)
        step(0, 3, "copy")
        if db.kind == "sqlite":
            if stop():
                raise BackupCancelled()
            revision = snapshot_sqlite(db.sqlite_path, dest)
            head = _audit_head_of_copy(dest)
        else:
            head = _audit_head_now(ctx)  # before the dump: the archive holds at least these entries
            revision = _backup_postgresql(db, dest, bindir=pg_bindir, cancelled=stop)
        step(2, 3, "prune")
        removed = prune(folder, series=series, kind=db.kind, keep_days=keep_days, keep_months=keep_months)
        step(3, 3, "done")
    except BackupError as exc:
        _write_status(series + ext, at=now, ok=False, error=exc, path=str(dest or ""))
        log.warning("backup of %s failed: %r", db.display_url, exc)
        raise
    _write_status(series + ext, at=now, ok=True, path=str(dest), audit_head=head)
    info = parse_name(dest)
    seconds = time.monotonic() - started
    log.info("backup %s (%d bytes, %.1f s); retention removed %d; audit chain head %s", dest, info.size, seconds,
             len(removed), f"{head[0]}:{head[1]}" if head else "-")
    return BackupResult(info, revision, tuple(removed), seconds, head)


def _audit_head_of_copy(path: Path) -> tuple[int, str] | None:
    """The audit chain head stored in a SQLite backup (None: a schema without the chain)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT seq, hash FROM audit_chain_head WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return (int(row[0]), str(row[1])) if row else None


def _audit_head_now(ctx) -> tuple[int, str] | None:
    from desktop.services.audit_chain import chain_head

    try:
        head = chain_head(ctx.uow(read_only=True))
    except ServiceError:
        return None
    return head.seq, head.hash


def automatic_backup(ctx, *, folder: str | Path | None = None, force: bool = False) -> BackupResult | None:
    """The daily backup the GUI takes on SQLite: runs as the system (whoever is signed in), only when the
    newest backup is a day old (or ``force``). Returns None when none was due."""
    system = replace(ctx, actor=Actor.system("backup"))
    if not force and not backup_due(last_backup(ctx.db, folder), ctx.clock.now()):
        return None
    return backup_database(system, folder=folder)
