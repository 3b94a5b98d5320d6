"""PostgreSQL: finding the client programs, their connection arguments (the password travels in the
environment, never on the command line), running them, reading an archive's schema revision and tables,
and taking a ``pg_dump -Fc`` backup."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from desktop import fileperms
from desktop.services.backup._common import PGDUMP_HEADER, _check_revision, _fsync, _header, _write_verified
from desktop.services.backup.errors import (
    BackupCancelled,
    NotAnArchive,
    NotOneStopDatabase,
    ToolFailed,
    ToolMissing,
)

PG_CLIENT_PACKAGE = ("the PostgreSQL client programs: on Debian/Ubuntu 'apt install postgresql-client', "
                     "on Windows the 'Command Line Tools' of the PostgreSQL installer")


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

    def write(tmp: Path) -> None:
        fileperms.create_private(tmp)  # pg_dump overwrites the file and keeps its mode 0600
        _run_tool([str(tool), "--format=custom", "--file", str(tmp), *args], env, cancelled)
        _fsync(tmp)

    return _write_verified(dest, write, lambda tmp: archive_revision(tmp, bindir=bindir or tool.parent))
