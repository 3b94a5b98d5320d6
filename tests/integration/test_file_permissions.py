"""Files and secrets (issue 16, attack 3): on Linux the data folder is 0700 and the database, settings, the
database password, backups, logs, reports and exports OneStop writes are 0600 whatever the umask; without a
system keyring ``onestop db use postgresql://u:PW@host/db`` leaves no password in settings.json."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD, NOW

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows keeps the profile's ACL")

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "intake"
NO_KEYRING = "keyring.backends.fail.Keyring"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _loose(root: Path) -> list[str]:
    """Everything under ``root`` (and ``root`` itself) that is not 0700 (folders) or 0600 (files)."""
    found = []
    for path in [root, *root.rglob("*")]:
        want = 0o700 if path.is_dir() else 0o600
        if _mode(path) != want:
            found.append(f"{path.relative_to(root.parent)} {_mode(path):o}")
    return found


def _umask_022():
    os.umask(0o022)


def onestop(*args, home: Path, user: str | None = None, password: str | None = None):
    env = {**os.environ, "ONESTOP_HOME": str(home), "PYTHON_KEYRING_BACKEND": NO_KEYRING}
    for name in ("ONESTOP_DB_URL", "ONESTOP_USER", "ONESTOP_PASSWORD"):
        env.pop(name, None)
    if user:
        env.update(ONESTOP_USER=user, ONESTOP_PASSWORD=password)
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env, capture_output=True, text=True,
                          timeout=300, preexec_fn=_umask_022)


@pytest.fixture
def umask_022():
    """This test process creates files as a session with umask 022 would (the usual default)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_command_line_with_umask_022_writes_only_private_files(tmp_path, umask_022):
    from desktop.services.admin import center
    from desktop.services.context import open_database

    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir()
    first = onestop("user", "add", "boss", "--name", "周建国", "--role", "admin", "--password", ADMIN_PASSWORD,
                    home=home)
    assert first.returncode == 0, first.stderr
    ctx = open_database(f"sqlite:///{home / 'onestop.db'}")
    center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                        admin_full_name="系统管理员", admin_password=ADMIN_PASSWORD)
    ctx.close()
    steps = [
        ["user", "add", "director", "--name", "陈立新", "--role", "director", "--password", "Chen2026pw"],
        ["import", "12345", str(FIX / "dates_and_phones.xlsx"), "--errors", str(out / "errors.xlsx")],
        ["export", "12345", "--since", "2026-01-01", "--out", str(out / "results.csv")],
        ["export", "12345", "--since", "2026-01-01", "--out", str(out / "results.xlsx")],
        ["backup"],
    ]
    for args in steps:
        done = onestop(*args, home=home, user="boss", password=ADMIN_PASSWORD)
        assert done.returncode in (0, 3), (args, done.stderr)  # 3: the import rejected some rows
    report = onestop("report", "daily", "--date", "2026-11-19", "--out", str(out), home=home, user="director",
                     password="Chen2026pw")
    assert report.returncode == 0, report.stderr
    use = onestop("db", "use", "postgresql://onestop:PW4secret@192.168.1.10:5432/onestop", home=home)
    assert use.returncode == 0, use.stderr
    assert "plain text" in use.stderr and "db-password.json" in use.stderr and "PW4secret" not in use.stderr

    names = {p.relative_to(home).as_posix() for p in home.rglob("*")}
    assert {"onestop.db", "settings.json", "db-password.json", "logs/onestop.log", "backup-status.json"} <= names
    assert any(n.startswith("backups/onestop-") and n.endswith(".db") for n in names)
    assert {"errors.xlsx", "results.csv", "results.xlsx"} <= {p.name for p in out.iterdir()}
    assert any(p.name.startswith("一日一快报") for p in out.iterdir())
    assert _loose(home) == []
    assert [f"{p.name} {_mode(p):o}" for p in out.iterdir() if _mode(p) != 0o600] == []

    settings = (home / "settings.json").read_text(encoding="utf-8")
    assert "PW4secret" not in settings
    assert json.loads(settings)["db_url"] == "postgresql://onestop@192.168.1.10:5432/onestop"
    assert json.loads((home / "db-password.json").read_text(encoding="utf-8")) == {
        "postgresql://onestop@192.168.1.10:5432/onestop": "PW4secret"}


def test_the_writers_make_private_files_without_the_command_line(tmp_path, umask_022, monkeypatch):
    """The same through the library calls the app makes (no umask set by ``main``)."""
    import keyring.core
    from keyring.backends.fail import Keyring as NoKeyring

    from desktop import applog, config
    from desktop.clock import FixedClock
    from desktop.services import backup, intake
    from desktop.services.admin import center
    from desktop.services.context import open_database
    from desktop.services.queue import save_ticket_pdf, tickets_dir

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", NO_KEYRING)
    # keyring keeps the backend it chose first in the process: an earlier test's choice must not leak in
    monkeypatch.setattr(keyring.core, "_keyring_backend", NoKeyring())
    home = Path(os.environ["ONESTOP_HOME"])
    ctx = open_database(config.default_sqlite_url(), clock=FixedClock(NOW))
    try:
        center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                            admin_full_name="系统管理员", admin_password=ADMIN_PASSWORD)
        backup.backup_database(ctx)
        opened = intake.open_work_order_file(ctx.uow(), source="12345", path=FIX / "dates_and_phones.xlsx")
        result = intake.import_work_orders(ctx.uow(), source="12345", sheet=opened.sheet, mapping=opened.mapping)
        intake.write_error_report(tmp_path / "errors.xlsx", result.rejected_rows, opened.sheet, source="12345",
                                  generated_at=NOW)
        for name in ("results.csv", "results.xlsx"):
            intake.export_results(ctx.uow(), source="12345", since=dt.date(2026, 1, 1), out=tmp_path / name)
    finally:
        ctx.close()
    config.save_db_url("postgresql://onestop:PW4secret@192.168.1.10:5432/onestop")

    from desktop.documents.ticket import TicketSlip

    save_ticket_pdf(TicketSlip(center_name="虎丘镇一站式综合服务中心", number="A012", service_name="综合受理",
                               waiting_ahead=3, issued_at=NOW, priority=False, appointment=False), tickets_dir())

    handler = applog.PrivateRotatingFileHandler(config.log_dir() / "rotating.log", maxBytes=200, backupCount=2)
    logger = logging.getLogger("test_file_permissions")
    logger.addHandler(handler)
    try:
        for i in range(20):
            logger.warning("line %d of a log that rotates", i)
    finally:
        logger.removeHandler(handler)
        handler.close()

    names = {p.relative_to(home).as_posix() for p in home.rglob("*")}
    assert {"onestop.db", "settings.json", "db-password.json", "backup-status.json", "logs/rotating.log",
            "logs/rotating.log.1"} <= names
    assert any(n.startswith("tickets/") for n in names) and any(n.startswith("backups/") for n in names)
    assert _loose(home) == []
    assert [f"{p.name} {_mode(p):o}" for p in tmp_path.iterdir() if p.is_file() and _mode(p) != 0o600] == []
    assert "PW4secret" not in (home / "settings.json").read_text(encoding="utf-8")


def test_a_database_and_folder_left_readable_by_an_older_version_are_tightened(tmp_path):
    from desktop import config
    from desktop.services.context import open_database

    home = Path(os.environ["ONESTOP_HOME"])
    ctx = open_database(config.default_sqlite_url())
    ctx.close()
    db = home / "onestop.db"
    os.chmod(home, 0o755)
    os.chmod(db, 0o644)
    config.save_settings({"language": "zh_CN"})
    os.chmod(home / "settings.json", 0o644)
    ctx = open_database(config.default_sqlite_url())
    ctx.close()
    config.save_settings({"language": "en"})
    assert _mode(home) == 0o700 and _mode(db) == 0o600 and _mode(home / "settings.json") == 0o600


def test_main_called_in_the_same_process_gives_the_umask_back(umask_022, capsys):
    """Tests (and any other caller) run ``main`` in their own process: the private umask is for the
    command's own work only, so files the caller makes later (for a server running as another user) are
    not suddenly unreadable."""
    from desktop.__main__ import main

    assert main(["db", "check"]) == 0
    assert os.umask(0o022) == 0o022
