"""The backup folder, the backups' names and listing them: which backup is the newest, and whether the
daily backup or the warning is due."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from desktop import config, fileperms
from desktop.services.backup.dto import BackupInfo
from desktop.services.backup.errors import BackupFolderError

WARN_AFTER = dt.timedelta(days=2)  # the main window warns when no backup succeeded for this long
DAILY = dt.timedelta(days=1)
BEFORE_UPGRADE = "-before-upgrade-"
EXTENSIONS = {"sqlite": ".db", "postgresql": ".dump"}
_NAME = re.compile(r"^(?P<series>.+?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.(?P<ext>db|dump)$")


def backup_folder() -> Path:
    """The backup folder of this PC: ``backup_dir`` in settings.json, else <data dir>/backups."""
    chosen = config.load_settings().get("backup_dir")
    return Path(chosen) if chosen else config.backup_dir()


def set_backup_folder(path: str | Path | None) -> Path:
    """Remember another backup folder for this PC (None: back to the default). The folder must be
    writable; that is checked before it is saved."""
    if path in (None, ""):
        config.save_settings({"backup_dir": None})
        return backup_folder()
    folder = Path(path).expanduser().resolve()
    _writable(folder)
    config.save_settings({"backup_dir": str(folder)})
    return folder


def _writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=fileperms.PRIVATE_DIR)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise BackupFolderError(path=str(folder), detail=exc.strerror or str(exc)) from exc


def series_of(db) -> str:
    """The name part of a database's backups: the SQLite file's stem or the PostgreSQL database name."""
    if db.kind == "sqlite":
        return Path(db.sqlite_path).stem
    return db.url.database or "postgres"


def parse_name(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if m is None:
        return None
    try:
        at = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    kind = "sqlite" if m["ext"] == "db" else "postgresql"
    series = m["series"]
    before = BEFORE_UPGRADE in series
    if before:
        series = series.split(BEFORE_UPGRADE, 1)[0]
    return BackupInfo(path, at, size, kind, series, before)


def _order(b: BackupInfo):
    m = _NAME.match(b.path.name)
    return b.time, int(m["n"] or 0) if m else 0


def list_backups(folder: Path | None = None, *, series: str | None = None, kind: str | None = None,
                 include_upgrade_copies: bool = True) -> list[BackupInfo]:
    """The backups in the folder, newest first."""
    folder = Path(folder) if folder else backup_folder()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        info = parse_name(path) if path.is_file() else None
        if info is None or (series is not None and info.series != series) or (kind and info.kind != kind):
            continue
        if info.before_upgrade and not include_upgrade_copies:
            continue
        found.append(info)
    return sorted(found, key=_order, reverse=True)


def last_backup(db, folder: Path | None = None) -> BackupInfo | None:
    """The newest successful backup of this database (copies taken before an upgrade do not count)."""
    found = list_backups(folder, series=series_of(db), kind=db.kind, include_upgrade_copies=False)
    return found[0] if found else None


def backup_due(last: BackupInfo | None, now: dt.datetime) -> bool:
    """The automatic daily backup is due: none yet, or the newest is a day old."""
    return last is None or now - last.time >= DAILY


def warning_due(last: BackupInfo | None, now: dt.datetime) -> bool:
    """No successful backup for 2 days (or none at all)."""
    return last is None or now - last.time >= WARN_AFTER


def _new_name(folder: Path, series: str, ext: str, at: dt.datetime) -> Path:
    stamp = at.strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{series}-{stamp}{ext}"
    n = 1
    while dest.exists():
        dest = folder / f"{series}-{stamp}-{n}{ext}"
        n += 1
    return dest
