"""A throwaway PostgreSQL server for the test run: initdb + pg_ctl in a temporary directory, on a free
loopback port, as user ``postgres`` when the tests run as root. Stopped and deleted at the end."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """``settings`` are extra server settings (``-c name=value``, e.g. ssl); ``hba`` replaces pg_hba.conf."""

    def __init__(self, bindir: Path, *, settings: dict[str, str] | None = None, hba: str | None = None):
        self.settings = dict(settings or {})
        self.hba = hba
        self.bindir = bindir
        self.tmp = Path(tempfile.mkdtemp(prefix="onestop-pg-"))
        self.data = self.tmp / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.tmp, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.tmp)

    def start(self) -> PgServer:
        self._run("initdb", "-D", str(self.data), "-U", "onestop", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        if self.hba is not None:
            (self.data / "pg_hba.conf").write_text(self.hba)
        self._start_server()
        return self

    def _start_server(self) -> None:
        opts = (f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=120")
        opts += "".join(f" -c {name}={value}" for name, value in self.settings.items())
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.tmp / "log"), "-w", "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://onestop@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database on this server (optionally copied from ``template``); returns its URL."""
        from sqlalchemy import create_engine, text

        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")))
        admin.dispose()
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def restart(self) -> None:
        """Stop and start the same cluster (fault tests)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "restart")

    def halt(self) -> None:
        """Stop the server but keep the cluster, so ``resume`` can start it again (fault tests)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self._start_server()
