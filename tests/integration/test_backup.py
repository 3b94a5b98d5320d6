"""Backups: a backup taken while another process writes restores to a working database that holds every
write acknowledged before the backup began (SQLite online backup API; pg_dump/pg_restore on PostgreSQL);
restore refuses bad files and leaves the live database alone; retention keeps exactly the expected files;
the 2-day warning; the command line round trip."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import queue as queue_mod
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from desktop import config, migrations
from desktop.clock import FixedClock
from desktop.models import Ticket
from desktop.services import backup
from desktop.services import queue as q
from desktop.services.admin import center
from desktop.services.admin.settings import update_settings
from desktop.services.context import open_database
from tests.conftest import ADMIN_PASSWORD, NOW, fresh_pg_database

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _url(ctx) -> str:
    return ctx.db.url.render_as_string(hide_password=False)


def _bindir(request, db_url):
    """The test server's own client programs for pg_dump/pg_restore (None on SQLite)."""
    return request.getfixturevalue("pg_server").bindir if db_url.startswith("postgresql") else None


def _ticket_ids(url: str) -> set[int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.scalars(select(Ticket.id)))
    finally:
        engine.dispose()


def _writer(url: str, service_ids: list[int], acks, stop, errors) -> None:
    """Another process issuing tickets in a loop; each id is acknowledged after its commit returned."""
    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    try:
        i = 0
        while not stop.is_set() and i < 3000:
            issued = q.issue_ticket(ctx.uow(), service_id=service_ids[i % len(service_ids)])
            acks.put(issued.ticket.id)
            i += 1
    except Exception:
        errors.put(traceback.format_exc())
    finally:
        ctx.close()


def _drain(acks, into: list[int], at_least: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(into) < at_least:
        try:
            into.append(acks.get(timeout=max(0.1, deadline - time.monotonic())))
        except queue_mod.Empty:
            if time.monotonic() > deadline:
                raise AssertionError(f"the writer acknowledged only {len(into)} tickets") from None
    while True:
        try:
            into.append(acks.get_nowait())
        except queue_mod.Empty:
            return


def test_backup_taken_while_another_process_writes_restores_to_a_working_database(ctx, request, tmp_path):
    url = _url(ctx)
    bindir = _bindir(request, url)
    services = [s.id for s in center.list_services(ctx.uow())]
    mp_ctx = mp.get_context("spawn")
    acks, errors, stop = mp_ctx.Queue(), mp_ctx.Queue(), mp_ctx.Event()
    writer = mp_ctx.Process(target=_writer, args=(url, services, acks, stop, errors))
    writer.start()
    try:
        acked: list[int] = []
        _drain(acks, acked, 25)
        before_backup = set(acked)  # acknowledged before the backup began
        result = backup.backup_database(ctx, folder=tmp_path / "backups", pg_bindir=bindir)
        after = len(acked)
        _drain(acks, acked, after + 25)  # the writer goes on after the backup
    finally:
        stop.set()
        writer.join(timeout=60)
    _drain(acks, acked, 0)
    assert errors.empty(), errors.get()
    assert writer.exitcode == 0
    all_acked = set(acked)
    assert result.backup.path.exists() and result.backup.size > 0
    assert result.revision == migrations.head_revision()
    ctx.close()

    restored = backup.restore(url, result.backup.path, pg_bindir=bindir)
    assert restored.revision == migrations.head_revision() and not restored.needs_upgrade
    if url.startswith("sqlite"):
        live = Path(ctx.db.sqlite_path)
        assert restored.replaced is not None and restored.replaced.exists()
        with sqlite3.connect(live) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert _ticket_ids(f"sqlite:///{restored.replaced}") == all_acked  # the replaced file is whole

    ids = _ticket_ids(url)
    assert before_backup <= ids  # every write acknowledged before the backup began
    assert ids <= all_acked  # nothing invented
    assert len(ids) < len(all_acked)  # the writes after the backup are not in it: it was really restored
    reopened = open_database(url, clock=FixedClock(NOW))
    try:
        assert migrations.current_revision(reopened.db) == migrations.head_revision()
        live_queue = q.live_queue(reopened.uow())
        assert sum(s.waiting for s in live_queue.services) == len(ids)
        issued = q.issue_ticket(reopened.uow(), service_id=services[0])  # and it takes new work
        assert issued.ticket.id not in ids
    finally:
        reopened.close()


# ---------------------------------------------------------------- SQLite restore refusals

@pytest.fixture
def sqlite_ctx(sqlite_template, tmp_path, clock):
    """Like ``ctx``, on a SQLite file only: these tests are about files."""
    path = tmp_path / "live" / "onestop.db"
    path.parent.mkdir()
    shutil.copy(sqlite_template, path)
    context = open_database(f"sqlite:///{path}", clock=clock)
    center.setup_center(context.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                        admin_full_name="系统管理员", admin_password=ADMIN_PASSWORD)
    yield context
    context.close()


def _issue(ctx) -> int:
    return q.issue_ticket(ctx.uow(), service_id=center.list_services(ctx.uow())[0].id).ticket.id


def _corrupt(src: Path, dest: Path) -> Path:
    data = bytearray(src.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for p in range(2, len(data) // page):  # every page after the first: b-trees full of garbage
        data[p * page + 100:p * page + 160] = b"\xa5" * 60
    dest.write_bytes(bytes(data))
    return dest


def test_restore_refuses_bad_files_and_leaves_the_live_database_alone(sqlite_ctx, tmp_path):
    ctx = sqlite_ctx
    first = _issue(ctx)
    good = backup.backup_database(ctx, folder=tmp_path / "b").backup.path
    second = _issue(ctx)  # only in the live database
    url = _url(ctx)
    live = Path(ctx.db.sqlite_path)

    newer = tmp_path / "newer.db"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (x)")
    text_file = tmp_path / "notes.txt"
    text_file.write_text("这不是数据库\n" * 100, encoding="utf-8")
    corrupt = _corrupt(good, tmp_path / "corrupt.db")

    ctx.close()
    cases = [(corrupt, backup.CorruptDatabase), (text_file, backup.NotADatabase),
             (newer, backup.UnknownRevision), (foreign, backup.NotOneStopDatabase),
             (tmp_path / "missing.db", backup.FileMissing)]
    for bad, error in cases:
        with pytest.raises(error) as err:
            backup.restore(url, bad)
        assert err.value.facts["path"] == str(bad.resolve())
    assert _ticket_ids(url) == {first, second}  # untouched
    assert sorted(p.name for p in live.parent.iterdir() if p.name.startswith(live.name) or
                  p.name.startswith("." + live.name)) == [live.name]  # nothing replaced, no leftovers
    newer_err = pytest.raises(backup.UnknownRevision, backup.verify_sqlite, newer)
    assert newer_err.value.facts["revision"] == "9999_future"
    assert newer_err.value.facts["head"] == migrations.head_revision()

    result = backup.restore(url, good, clock=FixedClock(NOW))
    assert result.replaced == live.with_name(f"{live.name}.replaced-20261120-100000")
    assert _ticket_ids(url) == {first}
    assert _ticket_ids(f"sqlite:///{result.replaced}") == {first, second}  # the replaced file is kept whole
    assert not live.with_name(live.name + "-wal").exists() and not live.with_name(live.name + "-shm").exists()
    assert good.exists()  # the backup itself is left as it was
    again = backup.restore(url, good, clock=FixedClock(NOW))  # a second restore in the same second
    assert again.replaced == live.with_name(f"{live.name}.replaced-20261120-100000-1")


def test_restore_refused_while_the_database_is_open_elsewhere(sqlite_ctx, tmp_path):
    ctx = sqlite_ctx
    good = backup.backup_database(ctx, folder=tmp_path / "b").backup.path
    ticket = _issue(ctx)  # the pool keeps a connection open, as a running OneStop does
    with pytest.raises(backup.DatabaseInUse):
        backup.restore(_url(ctx), good)
    assert ticket in _ticket_ids(_url(ctx))
    assert not list(Path(ctx.db.sqlite_path).parent.glob("*.replaced-*"))


def test_an_older_backup_is_upgraded_when_opened_after_restore(tmp_path):
    old = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(migrations._config(conn), "0004_mediation")
    engine.dispose()
    live = tmp_path / "live" / "onestop.db"
    result = backup.restore(f"sqlite:///{live}", old)
    assert result.replaced is None and result.revision == "0004_mediation" and result.needs_upgrade
    ctx = open_database(f"sqlite:///{live}", backup_dir=tmp_path / "b")
    try:
        assert migrations.current_revision(ctx.db) == migrations.head_revision()
    finally:
        ctx.close()
    copies = backup.list_backups(tmp_path / "b")
    assert len(copies) == 1 and copies[0].before_upgrade  # the normal path took its verified copy first
    assert backup.verify_sqlite(copies[0].path) == "0004_mediation"


# ---------------------------------------------------------------- retention, status, warning

def _touch(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"x" * 10)
    return path


def test_retention_keeps_the_newest_of_each_recent_day_and_month(tmp_path):
    names = ["onestop-20260915-100000.db", "onestop-20260930-100000.db", "onestop-20261010-100000.db",
             "onestop-20261031-090000.db", "onestop-20261031-180000.db", "onestop-20261118-100000.db",
             "onestop-20261119-080000.db", "onestop-20261119-200000.db", "onestop-20261120-100000.db",
             "onestop-20261120-100000-1.db"]
    for name in names:
        _touch(tmp_path, name)
    others = ["onestop-before-upgrade-0005_intake-20250101-100000.db", "other-20250101-100000.db",
              "onestop-20250101-100000.dump", "notes.txt"]
    for name in others:
        _touch(tmp_path, name)
    removed = backup.prune(tmp_path, series="onestop", kind="sqlite", keep_days=3, keep_months=2)
    assert sorted(p.name for p in removed) == [
        "onestop-20260915-100000.db", "onestop-20260930-100000.db", "onestop-20261010-100000.db",
        "onestop-20261031-090000.db", "onestop-20261119-080000.db", "onestop-20261120-100000.db"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(others + [
        "onestop-20261031-180000.db", "onestop-20261118-100000.db", "onestop-20261119-200000.db",
        "onestop-20261120-100000-1.db"])


def test_retention_runs_after_a_successful_backup_with_the_declared_settings(sqlite_ctx, tmp_path):
    ctx = sqlite_ctx
    folder = tmp_path / "b"
    folder.mkdir()
    old = [_touch(folder, f"onestop-202611{d:02d}-100000.db") for d in (10, 11, 12, 13)]
    update_settings(ctx.uow(), values={"backup_keep_days": 2, "backup_keep_months": 0})
    ctx.clock.advance(days=1)
    result = backup.backup_database(ctx, folder=folder)
    assert sorted(p.name for p in result.removed) == sorted(p.name for p in old[:3])
    assert [b.path.name for b in backup.list_backups(folder)] == ["onestop-20261121-100000.db",
                                                                  "onestop-20261113-100000.db"]


def test_a_copy_that_does_not_verify_is_not_a_backup_and_removes_nothing(sqlite_ctx, tmp_path, monkeypatch):
    ctx = sqlite_ctx
    folder = tmp_path / "b"
    folder.mkdir()
    olds = [_touch(folder, f"onestop-2025{m:02d}01-100000.db") for m in range(1, 13)]
    seen = []

    def damaged(path):
        seen.append(Path(path))
        assert Path(path).exists() and Path(path).name.endswith(".partial")  # checked under its temporary name
        raise backup.CorruptDatabase(path=str(path), detail="row 3 missing from index")

    monkeypatch.setattr("desktop.services.backup.sqlite.verify_sqlite", damaged)  # where the snapshot looks it up
    with pytest.raises(backup.CorruptDatabase):
        backup.backup_database(ctx, folder=folder)
    assert seen and not seen[0].exists()  # the bad copy is gone
    assert sorted(folder.iterdir()) == sorted(olds)
    assert all(p.exists() for p in olds)
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]
    attempt = backup.last_attempt(ctx.db)
    assert attempt is not None and not attempt.ok and attempt.time == NOW
    assert isinstance(attempt.exception(), backup.CorruptDatabase)
    assert attempt.exception().facts["detail"] == "row 3 missing from index"


def test_a_folder_that_cannot_be_written_is_a_clear_error(sqlite_ctx, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(backup.BackupFolderError) as err:
        backup.backup_database(sqlite_ctx, folder=blocker / "backups")
    assert err.value.facts["path"] == str(blocker / "backups")


def test_last_backup_reports_time_and_size_and_the_warning_after_two_days(ctx, request, tmp_path):
    folder = tmp_path / "b"
    bindir = _bindir(request, _url(ctx))
    assert backup.last_backup(ctx.db, folder) is None
    assert backup.warning_due(None, NOW)
    made = backup.backup_database(ctx, folder=folder, pg_bindir=bindir).backup
    last = backup.last_backup(ctx.db, folder)
    assert last == made
    assert last.time == NOW and last.size == made.path.stat().st_size > 0
    assert last.kind == ctx.db_kind
    assert not backup.warning_due(last, NOW + dt.timedelta(days=1, hours=23))
    assert backup.warning_due(last, NOW + dt.timedelta(days=2))
    assert not backup.backup_due(last, NOW + dt.timedelta(hours=23))
    assert backup.backup_due(last, NOW + dt.timedelta(days=1))
    attempt = backup.last_attempt(ctx.db)
    assert attempt.ok and attempt.path == str(made.path)


def test_automatic_backup_runs_once_a_day_as_the_system(sqlite_ctx, tmp_path, monkeypatch):
    ctx = sqlite_ctx
    monkeypatch.setattr(config, "backup_dir", lambda: tmp_path / "auto")
    clerk = ctx.as_user(ctx.actor.__class__(user_id=99, username="clerk", role="clerk"))
    first = backup.automatic_backup(clerk)  # a clerk is signed in: the backup still runs, as the system
    assert first is not None and first.backup.folder == tmp_path / "auto"
    ctx.clock.advance(hours=23)
    assert backup.automatic_backup(clerk) is None
    ctx.clock.advance(hours=1)
    assert backup.automatic_backup(clerk).backup.time == NOW + dt.timedelta(days=1)
    from desktop.services.errors import PermissionDenied

    with pytest.raises(PermissionDenied):  # taking one by hand is for administrators
        backup.backup_database(clerk, folder=tmp_path / "x")


def test_backup_folder_setting(tmp_path):
    assert backup.backup_folder() == config.backup_dir()
    chosen = backup.set_backup_folder(tmp_path / "second-disk")
    assert chosen == (tmp_path / "second-disk").resolve() and backup.backup_folder() == chosen
    assert config.load_settings()["backup_dir"] == str(chosen)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(backup.BackupFolderError):
        backup.set_backup_folder(blocker / "sub")
    assert backup.backup_folder() == chosen  # the refused folder was not saved
    backup.set_backup_folder(None)
    assert backup.backup_folder() == config.backup_dir()


# ---------------------------------------------------------------- PostgreSQL specifics

@pytest.mark.postgres
def test_pg_restore_refuses_a_sqlite_file_and_a_missing_tool_gives_the_command(pg_server, pg_template, clock,
                                                                               tmp_path):
    ctx = open_database(fresh_pg_database(pg_server, pg_template), clock=clock)
    bindir = pg_server.bindir
    made = backup.backup_database(ctx, folder=tmp_path, pg_bindir=bindir).backup
    assert made.path.read_bytes()[:5] == b"PGDMP" and made.path.suffix == ".dump"
    assert backup.archive_revision(made.path, bindir=bindir) == migrations.head_revision()
    sqlite_file = tmp_path / "x.db"
    with sqlite3.connect(sqlite_file) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(backup.NotAnArchive):
        backup.restore(_url(ctx), sqlite_file, pg_bindir=bindir)
    with pytest.raises(backup.ToolMissing) as err:
        backup.restore(_url(ctx), made.path, pg_bindir=tmp_path / "no-bin")
    command = err.value.facts["command"]
    assert command.startswith("pg_restore --clean --if-exists") and str(made.path) in command
    assert "PGPASSWORD" not in command and ":" not in command.split("--username")[1].split()[0]
    with pytest.raises(backup.ToolMissing):
        backup.backup_database(ctx, folder=tmp_path, pg_bindir=tmp_path / "no-bin")
    ctx.close()


def test_password_goes_in_the_environment_never_on_the_command_line():
    from sqlalchemy.engine import make_url

    url = make_url("postgresql+psycopg://clerk:s3cret@db.example:5433/onestop?sslmode=require")
    args, env = backup._pg_connection(url)
    assert args == ["--host", "db.example", "--port", "5433", "--username", "clerk", "--dbname", "onestop"]
    assert env["PGPASSWORD"] == "s3cret" and env["PGSSLMODE"] == "require"
    assert "s3cret" not in " ".join(backup.pg_restore_command(url, "/tmp/x.dump"))


# ---------------------------------------------------------------- command line

def onestop(*args, home, db_url, input_=None):
    env = {**os.environ, "ONESTOP_HOME": str(home), "ONESTOP_DB_URL": db_url,
           "ONESTOP_USER": "admin", "ONESTOP_PASSWORD": ADMIN_PASSWORD}  # backup and restore: an administrator
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env, capture_output=True, text=True,
                          input=input_, timeout=180)


def _audit_actors(url: str, action: str) -> list[str]:
    from desktop.models import AuditEntry

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(select(AuditEntry.actor_name).where(AuditEntry.action == action)))
    finally:
        engine.dispose()


def test_command_line_backup_and_restore_round_trip(ctx, tmp_path):
    url = _url(ctx)
    first = _issue(ctx)
    home = tmp_path / "home"
    made = onestop("backup", "--to", str(tmp_path / "out"), home=home, db_url=url)
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.split()[0])
    assert path.parent == tmp_path / "out" and path.exists()
    assert re.search(rf"\b{path.stat().st_size:,} bytes", made.stdout)
    second = _issue(ctx)
    ctx.close()

    refused = onestop("restore", str(path), home=home, db_url=url, input_="no\n")
    assert refused.returncode == 1 and "Nothing was changed" in refused.stderr
    assert _ticket_ids(url) == {first, second}
    bad = onestop("restore", str(tmp_path / "missing.db"), "--yes", home=home, db_url=url)
    assert bad.returncode == 1 and "does not exist" in bad.stderr and "Traceback" not in bad.stderr

    assert _audit_actors(url, "database.backup") == ["admin"]  # the signed-in administrator
    done = onestop("restore", str(path), home=home, db_url=url, input_="yes\n")
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stdout
    assert _ticket_ids(url) == {first}
    assert _audit_actors(url, "database.restore") == ["admin"]  # written into the restored database
    if url.startswith("sqlite"):
        kept = re.search(r"kept as (\S+)", done.stdout)[1]
        assert _ticket_ids(f"sqlite:///{kept}") == {first, second}


def test_command_line_backup_failure_exit_code(sqlite_ctx, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = onestop("backup", "--to", str(blocker / "b"), home=tmp_path / "home", db_url=_url(sqlite_ctx))
    assert result.returncode == 1
    assert "backup failed" in result.stderr and "cannot be written" in result.stderr
    assert "Traceback" not in result.stderr
