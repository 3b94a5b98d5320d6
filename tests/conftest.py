"""Shared fixtures. Integration tests take ``db_url`` (or ``ctx``) and run once on a SQLite file and once
on the throwaway PostgreSQL server; UI tests run offscreen."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The personal data keys of every test database (desktop.crypto) go to one key file of this test session,
# outside every data folder, never to the developer's keyring or key file. Child processes inherit it (a
# spawned worker that imports this module again keeps its parent's file); each pytest-xdist worker has its own.
_KEYS_OWNER = os.environ.get("PYTEST_XDIST_WORKER", "main")
if os.environ.get("ONESTOP_TEST_KEYS") != _KEYS_OWNER:
    os.environ["ONESTOP_KEY_FILE"] = os.path.join(__import__("tempfile").mkdtemp(prefix="onestop-keys-"), "datakey")
    os.environ["ONESTOP_TEST_KEYS"] = _KEYS_OWNER

import pytest  # noqa: E402

from desktop.clock import FixedClock  # noqa: E402
from tests.pg import PgServer, find_bindir  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 10, 0)  # a Friday, inside opening hours
ADMIN_PASSWORD = "Hall2026pw"
_counter = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own data directory; nothing touches the developer's real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ONESTOP_HOME", str(home))
    monkeypatch.delenv("ONESTOP_DB_URL", raising=False)
    return home


@pytest.fixture(scope="session")
def pg_server():
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: install the postgresql package")
    server = PgServer(bindir).start()
    yield server
    server.stop()


def _migrate(url: str) -> None:
    from desktop import migrations
    from desktop.db import Database

    db = Database(url)
    migrations.upgrade(db)
    db.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server):
    _migrate(pg_server.create_database("onestop_tpl"))
    return "onestop_tpl"


def fresh_pg_database(pg_server, template: str | None = None) -> str:
    return pg_server.create_database(f"t{os.getpid()}_{next(_counter)}", template)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A migrated, empty database on each engine."""
    if request.param == "sqlite":
        path = tmp_path / "onestop.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    server = request.getfixturevalue("pg_server")
    return fresh_pg_database(server, request.getfixturevalue("pg_template"))


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def ctx(db_url, clock):
    """An open context on a migrated database with the center set up from the seed data; system actor."""
    from desktop.services.admin import center
    from desktop.services.context import open_database

    context = open_database(db_url, clock=clock)
    center.setup_center(context.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                        admin_full_name="系统管理员", admin_password=ADMIN_PASSWORD)
    yield context
    context.close()


def sign_in(ctx, username: str, password: str):
    from desktop.services.admin.accounts import authenticate

    return ctx.as_user(authenticate(ctx.uow(), username=username, password=password))


@pytest.fixture
def admin_ctx(ctx):
    return sign_in(ctx, "admin", ADMIN_PASSWORD)


def pytest_terminal_summary(terminalreporter):
    """Say plainly whether the PostgreSQL half of the integration tests ran."""
    stats = terminalreporter.stats
    ran = sum(1 for key in ("passed", "failed", "error") for r in stats.get(key, [])
              if "postgresql" in getattr(r, "nodeid", ""))
    skipped = sum(1 for r in stats.get("skipped", []) if "postgresql" in getattr(r, "nodeid", ""))
    terminalreporter.write_line(f"PostgreSQL integration tests: {ran} ran, {skipped} skipped")
