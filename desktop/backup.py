"""Backups of the OneStop database and restoring one. No Qt: the command line and the GUI both use it.

- **SQLite**: a copy through SQLite's online backup API, which is one consistent snapshot while the clerk
  app, the kiosk and the hall display keep writing. The copy is written under a temporary name, checked
  (``PRAGMA integrity_check`` and a readable, known schema revision) and only then renamed to its final name,
  so every file carrying a backup name is a good backup.
- **PostgreSQL**: ``pg_dump -Fc`` (a custom-format archive), password passed in ``PGPASSWORD``, never on the
  command line; restored with ``pg_restore --clean`` in a single transaction.

Files live in the backup folder (``backup_dir`` in this PC's settings.json, else ``<data dir>/backups``) as
``<series>-YYYYmmdd-HHMMSS.db`` or ``.dump``; the series is the database file's stem (``onestop``) or the
PostgreSQL database's name. ``backup-status.json`` in the data directory records this PC's last attempt
for each database and its failure, for the administrator's screen (it is kept outside the backup folder so
that a folder which cannot be written can still be reported). Copies taken before a schema upgrade are named
``<series>-before-upgrade-<revision>-<stamp>.db``; retention never removes them.

Retention (declared settings ``backup_keep_days`` and ``backup_keep_months``): the newest backup of each of
the last N days on which a backup was made, and the newest backup of each of the last M months, are kept;
the others of the series are removed, and only after a new backup succeeded.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from desktop import config, fileperms, migrations
from desktop.clock import Clock
from desktop.db import Actor
from desktop.services.errors import ServiceError
from desktop.services.permissions import Permission, require
from desktop.services.settings import get_setting

log = logging.getLogger(__name__)


SQLITE_HEADER = b"SQLite format 3\x00"
PGDUMP_HEADER = b"PGDMP"
STATUS_FILE = "backup-status.json"
WARN_AFTER = dt.timedelta(days=2)  # the main window warns when no backup succeeded for this long
DAILY = dt.timedelta(days=1)
BEFORE_UPGRADE = "-before-upgrade-"
EXTENSIONS = {"sqlite": ".db", "postgresql": ".dump"}
_NAME = re.compile(r"^(?P<series>.+?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.(?P<ext>db|dump)$")
PG_CLIENT_PACKAGE = ("the PostgreSQL client programs: on Debian/Ubuntu 'apt install postgresql-client', "
                     "on Windows the 'Command Line Tools' of the PostgreSQL installer")

Progress = Callable[[int, int, str], None]


# ---------------------------------------------------------------- failures (facts only)

class BackupError(ServiceError):
    """Base of the backup and restore failures."""


class BackupFolderError(BackupError):
    """The backup folder cannot be created or written (missing drive, no permission, disk full).
    facts: path, detail."""


class BackupFailed(BackupError):
    """The copy could not be made or did not verify; nothing was counted as a backup. facts: path, detail."""


class BackupCancelled(BackupError):
    """The user cancelled the backup; the partial copy was removed."""


class FileMissing(BackupError):
    """facts: path."""


class NotADatabase(BackupError):
    """The file is not a SQLite database (nor a pg_dump archive for PostgreSQL). facts: path."""


class NotAnArchive(BackupError):
    """The file is not a pg_dump custom-format archive. facts: path."""


class CorruptDatabase(BackupError):
    """The file is a damaged SQLite database. facts: path, detail."""


class NotOneStopDatabase(BackupError):
    """The file is a database but holds no OneStop schema revision. facts: path."""


class UnknownRevision(BackupError):
    """The file was written by a newer OneStop (its revision is unknown to this one). facts: path, revision,
    head."""


class DatabaseInUse(BackupError):
    """The live database is open in another program (OneStop, kiosk, hall display). facts: path."""


class ToolMissing(BackupError):
    """A PostgreSQL client program is not installed. facts: tool, package, command (what to run by hand)."""


class ToolFailed(BackupError):
    """pg_dump or pg_restore ended with an error. facts: tool, returncode, detail."""


class RestoreNeedsOwner(BackupError):
    """A restore replaces every table, the audit log too: on a server set up with an owner role only it (or
    a member) may, never the application role. facts: owner, user."""


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class BackupInfo:
    path: Path
    time: dt.datetime  # when it was taken (the center's local time, from its name)
    size: int
    kind: str  # "sqlite" or "postgresql"
    series: str
    before_upgrade: bool = False

    @property
    def folder(self) -> Path:
        return self.path.parent


@dataclass(frozen=True)
class BackupResult:
    backup: BackupInfo
    revision: str
    removed: tuple[Path, ...]  # older backups removed by retention
    seconds: float
    audit_head: tuple[int, str] | None = None  # the audit log's chain head (seq, hash) the backup holds


@dataclass(frozen=True)
class AttemptInfo:
    """The last attempt of a series, from backup-status.json."""
    time: dt.datetime
    ok: bool
    error: str  # the failure's class name ("" when it succeeded)
    facts: dict
    path: str

    def exception(self) -> BackupError | None:
        """The failure rebuilt from its facts, so a screen can word it in its language."""
        kind = globals().get(self.error)
        if not (isinstance(kind, type) and issubclass(kind, BackupError)):
            return None
        return kind(**self.facts)


@dataclass(frozen=True)
class RestoreResult:
    target: str  # the live database (file path or URL without password)
    source: Path
    revision: str  # the restored schema revision
    head: str  # this OneStop's revision; an older file is upgraded on the next start
    replaced: Path | None  # where the replaced SQLite file is kept (None: there was none, or PostgreSQL)

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != self.head


@dataclass(frozen=True)
class FileDescription:
    """What a backup file is, read cheaply (no integrity check) to ask the user before a restore."""
    path: Path
    kind: str
    size: int
    revision: str | None


# ---------------------------------------------------------------- folder, names, listing

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


def last_attempt(db) -> AttemptInfo | None:
    """The last attempt on this PC to back up the database (wherever it was written to)."""
    entry = _read_status().get(f"{series_of(db)}{EXTENSIONS[db.kind]}")
    if not entry:
        return None
    try:
        return AttemptInfo(dt.datetime.fromisoformat(entry["time"]), bool(entry["ok"]), entry.get("error", ""),
                           dict(entry.get("facts") or {}), entry.get("path", ""))
    except (KeyError, ValueError, TypeError):
        return None


def _status_path() -> Path:
    return config.data_dir() / STATUS_FILE


def _read_status() -> dict:
    try:
        data = json.loads(_status_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_status(key: str, *, at: dt.datetime, ok: bool, error: BackupError | None = None, path: str = "",
                  audit_head: tuple[int, str] | None = None) -> None:
    """Best effort: a status that cannot be written (disk full) must not hide the real outcome."""
    target = _status_path()
    try:
        status = _read_status()
        status[key] = {"time": at.isoformat(), "ok": ok, "error": type(error).__name__ if error else "",
                       "facts": {k: str(v) for k, v in error.facts.items()} if error else {}, "path": path}
        if audit_head is not None:  # the chain head this backup holds: `onestop audit verify --expect SEQ:HASH`
            status[key]["audit_head"] = {"seq": audit_head[0], "hash": audit_head[1]}
        fileperms.write_private(target, json.dumps(status, ensure_ascii=False, indent=2))
    except OSError as exc:
        log.warning("could not write %s: %s", target, exc)


def _new_name(folder: Path, series: str, ext: str, at: dt.datetime) -> Path:
    stamp = at.strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{series}-{stamp}{ext}"
    n = 1
    while dest.exists():
        dest = folder / f"{series}-{stamp}-{n}{ext}"
        n += 1
    return dest


def _temp_of(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}.partial")


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if sys.platform != "win32":
        _fsync(folder)


# ---------------------------------------------------------------- SQLite: copy and verify

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


def _header(path: Path, size: int) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except FileNotFoundError as exc:
        raise FileMissing(path=str(path)) from exc
    except OSError as exc:
        raise BackupFailed(path=str(path), detail=exc.strerror or str(exc)) from exc


def _revision_of(conn: sqlite3.Connection, path: Path) -> str:
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError as exc:
        raise NotOneStopDatabase(path=str(path)) from exc
    if len(rows) != 1 or not rows[0][0]:
        raise NotOneStopDatabase(path=str(path))
    return rows[0][0]


def _check_revision(path: Path, revision: str) -> str:
    if not migrations._known(revision):
        raise UnknownRevision(path=str(path), revision=revision, head=migrations.head_revision())
    return revision


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
        except sqlite3.DatabaseError as exc:  # "database disk image is malformed", "file is not a database"
            raise CorruptDatabase(path=str(path), detail=str(exc)) from exc
        if problems != ["ok"]:
            raise CorruptDatabase(path=str(path), detail="; ".join(problems[:3]))
        try:
            revision = _revision_of(conn, path)
        except sqlite3.DatabaseError as exc:
            raise CorruptDatabase(path=str(path), detail=str(exc)) from exc
    finally:
        conn.close()
    return _check_revision(path, revision)


def snapshot_sqlite(source: str | Path, dest: Path) -> str:
    """Copy ``source`` to ``dest`` under a temporary name, verify the copy, then give it its name.
    Returns the copy's schema revision. A copy that fails is removed; ``dest`` then does not exist."""
    tmp = _temp_of(dest)
    try:
        try:
            copy_sqlite(source, tmp)
        except sqlite3.Error as exc:
            if "full" in str(exc).lower():
                raise BackupFolderError(path=str(dest.parent), detail=str(exc)) from exc
            raise BackupFailed(path=str(source), detail=str(exc)) from exc
        revision = verify_sqlite(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
        return revision
    except OSError as exc:
        raise BackupFolderError(path=str(dest.parent), detail=exc.strerror or str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)


def copy_before_upgrade(path: str, dest_dir: Path, revision: str) -> Path:
    """The verified copy the app takes of an older SQLite database before it upgrades its schema."""
    dest_dir.mkdir(parents=True, exist_ok=True, mode=fileperms.PRIVATE_DIR)
    dest = _new_name(dest_dir, f"{Path(path).stem}{BEFORE_UPGRADE}{revision[:12]}", ".db", Clock().now())
    snapshot_sqlite(path, dest)
    return dest


# ---------------------------------------------------------------- PostgreSQL: pg_dump, pg_restore

def _version_key(path: str) -> tuple:
    m = re.search(r"(\d+)(?:\.(\d+))?", Path(path).parent.parent.name)
    return (int(m[1]), int(m[2] or 0)) if m else (0, 0)


def find_pg_tool(name: str, bindir: str | Path | None = None) -> Path | None:
    """A PostgreSQL client program: in ``bindir`` when given, else the newest of the versioned install
    folders (a newer pg_dump reads every older server), else on PATH."""
    exe = f"{name}.exe" if sys.platform == "win32" else name
    if bindir is not None:
        candidate = Path(bindir) / exe
        return candidate if candidate.exists() else None
    patterns = [f"/usr/lib/postgresql/*/bin/{exe}", f"/usr/pgsql-*/bin/{exe}",
                f"/opt/homebrew/opt/postgresql@*/bin/{exe}", f"C:/Program Files/PostgreSQL/*/bin/{exe}"]
    found = [p for pattern in patterns for p in glob.glob(pattern)]
    if found:
        return Path(max(found, key=_version_key))
    on_path = shutil.which(name)
    return Path(on_path) if on_path else None


def _pg_connection(url) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the client programs, and the environment carrying the password."""
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432), "--dbname", url.database or ""]
    if url.username:
        args[4:4] = ["--username", url.username]
    env = dict(os.environ)
    env["PGAPPNAME"] = "onestop-backup"
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    # TLS: the URL's parameters reach pg_dump/pg_restore as libpq's environment (verify-full with the
    # center's CA file must hold for backups too)
    for param, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                       ("sslkey", "PGSSLKEY"), ("sslcrl", "PGSSLCRL")):
        value = url.query.get(param)
        if value:
            env[var] = value if isinstance(value, str) else value[0]
    return args, env


def _shown(cmd: list[str]) -> str:
    return " ".join(f'"{c}"' if " " in c else c for c in cmd)


def _run_tool(cmd: list[str], env: dict, cancelled: Callable[[], bool] | None = None) -> str:
    """Run a client program; its standard output is returned. Cancelling ends it."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", errors="replace")
    while True:
        try:
            out, err = proc.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if cancelled is not None and cancelled():
                proc.kill()
                proc.communicate()
                raise BackupCancelled() from None
    if proc.returncode != 0:
        detail = " ".join(line for line in err.strip().splitlines()[-3:])
        raise ToolFailed(tool=Path(cmd[0]).name, returncode=proc.returncode, detail=detail)
    return out


def archive_revision(path: str | Path, *, bindir: str | Path | None = None) -> str:
    """The OneStop schema revision stored in a pg_dump custom archive (read with pg_restore, without a
    database). Raises NotAnArchive, NotOneStopDatabase, UnknownRevision, ToolMissing."""
    path = Path(path)
    if _header(path, len(PGDUMP_HEADER)) != PGDUMP_HEADER:
        raise NotAnArchive(path=str(path))
    tool = find_pg_tool("pg_restore", bindir)
    if tool is None:
        raise ToolMissing(tool="pg_restore", package=PG_CLIENT_PACKAGE, command="")
    try:
        script = _run_tool([str(tool), "--data-only", "--table", "alembic_version", "--file", "-", str(path)],
                           dict(os.environ))
    except ToolFailed as exc:
        raise NotAnArchive(path=str(path)) from exc
    lines = script.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line:
            values = [v for v in lines[i + 1:] if v != "\\."][:1]
            if values and values[0].strip():
                return _check_revision(path, values[0].strip())
    raise NotOneStopDatabase(path=str(path))


def _archive_tables(tool: Path, path: Path) -> set[str]:
    listing = _run_tool([str(tool), "--list", str(path)], dict(os.environ))
    tables = set()
    for line in listing.splitlines():
        m = re.match(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", line)
        if m:
            tables.add(m[2])
    return tables


def _backup_postgresql(db, dest: Path, *, bindir, cancelled) -> str:
    tool = find_pg_tool("pg_dump", bindir)
    if tool is None:
        raise ToolMissing(tool="pg_dump", package=PG_CLIENT_PACKAGE, command="")
    args, env = _pg_connection(db.url)
    tmp = _temp_of(dest)
    try:
        fileperms.create_private(tmp)  # pg_dump overwrites the file and keeps its mode 0600
        _run_tool([str(tool), "--format=custom", "--file", str(tmp), *args], env, cancelled)
        _fsync(tmp)
        revision = archive_revision(tmp, bindir=bindir or tool.parent)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
        return revision
    except OSError as exc:
        raise BackupFolderError(path=str(dest.parent), detail=exc.strerror or str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------- taking a backup

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


def recorded_audit_head(db) -> tuple[int, str, dt.datetime] | None:
    """The audit chain head recorded by this PC's last successful backup of the database (seq, hash, time)."""
    entry = _read_status().get(f"{series_of(db)}{EXTENSIONS[db.kind]}") or {}
    head = entry.get("audit_head")
    try:
        return int(head["seq"]), str(head["hash"]), dt.datetime.fromisoformat(entry["time"])
    except (KeyError, TypeError, ValueError):
        return None


def automatic_backup(ctx, *, folder: str | Path | None = None, force: bool = False) -> BackupResult | None:
    """The daily backup the GUI takes on SQLite: runs as the system (whoever is signed in), only when the
    newest backup is a day old (or ``force``). Returns None when none was due."""
    system = replace(ctx, actor=Actor.system("backup"))
    if not force and not backup_due(last_backup(ctx.db, folder), ctx.clock.now()):
        return None
    return backup_database(system, folder=folder)


# ---------------------------------------------------------------- retention

def kept_by_retention(backups: list[BackupInfo], *, keep_days: int, keep_months: int) -> set[Path]:
    """The newest backup of each of the last ``keep_days`` days with a backup and of each of the last
    ``keep_months`` months with a backup; the newest backup of all is always kept."""
    ordered = sorted(backups, key=_order)
    per_day: dict[dt.date, BackupInfo] = {}
    per_month: dict[tuple[int, int], BackupInfo] = {}
    for b in ordered:  # later ones replace earlier ones: the newest of each day and month remain
        per_day[b.time.date()] = b
        per_month[(b.time.year, b.time.month)] = b
    kept = {per_day[d].path for d in sorted(per_day, reverse=True)[:keep_days]}
    kept |= {per_month[m].path for m in sorted(per_month, reverse=True)[:keep_months]}
    if ordered:
        kept.add(ordered[-1].path)
    return kept


def prune(folder: Path, *, series: str, kind: str, keep_days: int, keep_months: int) -> list[Path]:
    """Remove the backups of one database that retention does not keep. Copies taken before an upgrade
    and files of other databases are never touched."""
    backups = list_backups(folder, series=series, kind=kind, include_upgrade_copies=False)
    kept = kept_by_retention(backups, keep_days=keep_days, keep_months=keep_months)
    removed = []
    for b in backups:
        if b.path not in kept:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                log.warning("retention could not remove %s", b.path, exc_info=True)
    return removed


# ---------------------------------------------------------------- restore

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
    except sqlite3.DatabaseError:  # a damaged live file: it is replaced anyway, and kept as it is
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
        except sqlite3.DatabaseError as exc:
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


# ---------------------------------------------------------------- the command line's sentences

def explain(exc: BackupError) -> str:
    """An English sentence for the command line (the GUI words the same facts in its own language)."""
    f = exc.facts
    path = f.get("path", "")
    if isinstance(exc, BackupFolderError):
        return f"the backup folder {path} cannot be written: {f.get('detail')}"
    if isinstance(exc, FileMissing):
        return f"{path} does not exist"
    if isinstance(exc, NotADatabase):
        return (f"{path} is not a SQLite database (a PostgreSQL .dump archive can only be restored into a "
                "PostgreSQL database)")
    if isinstance(exc, NotAnArchive):
        return (f"{path} is not a pg_dump custom-format archive (a SQLite .db backup can only be restored "
                "into a SQLite database)")
    if isinstance(exc, CorruptDatabase):
        return f"{path} is damaged and cannot be used ({f.get('detail')})"
    if isinstance(exc, NotOneStopDatabase):
        return f"{path} is not a OneStop database (it has no schema revision)"
    if isinstance(exc, UnknownRevision):
        return (f"{path} was written by a newer OneStop (schema {f.get('revision')}; this OneStop knows up to "
                f"{f.get('head')}): install the newer OneStop to use it")
    if isinstance(exc, DatabaseInUse):
        return (f"the database {path} is open in another program: close OneStop, the kiosk and the hall display "
                "on this PC first")
    if isinstance(exc, ToolMissing):
        text = f"{f.get('tool')} was not found: install {f.get('package')}"
        if f.get("command"):
            text += f". Then run by hand (with PGPASSWORD set): {f.get('command')}"
        return text
    if isinstance(exc, ToolFailed):
        return f"{f.get('tool')} failed (exit code {f.get('returncode')}): {f.get('detail')}"
    if isinstance(exc, RestoreNeedsOwner):
        return (f"only the database owner role {f.get('owner')} may replace the database, not {f.get('user')}: "
                "restore with --owner-url, or give the owner's password when asked")
    if isinstance(exc, BackupCancelled):
        return "the backup was cancelled"
    if isinstance(exc, BackupFailed):
        return f"the copy of {path} failed: {f.get('detail')}"
    return str(exc)
