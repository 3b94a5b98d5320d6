"""Least privilege on PostgreSQL (issue 16, attack 5): ``onestop db setup-server`` makes an owner role that
migrates and an application role every PC uses. As the application role the audit log cannot be silenced
(DISABLE TRIGGER, UPDATE, DELETE, TRUNCATE, DROP refused), nothing can be created, and the app still
works; the app never migrates as it. Run on the real throwaway server."""

from __future__ import annotations

import argparse
import os
import subprocess
from itertools import count

import psycopg
import pytest
from sqlalchemy import create_engine, func, select, text

from desktop import migrations, pg_setup
from desktop.models import AuditEntry
from desktop.services import audit
from desktop.services import queue as q
from desktop.services.admin import accounts, center
from desktop.services.context import open_database
from desktop.services.errors import SchemaNeedsUpgrade
from tests.conftest import ADMIN_PASSWORD, sign_in
from tests.integration.test_cli import onestop
from tests.integration.test_petition_helpers import make_staff, register

pytestmark = pytest.mark.postgres

OWNER_PW, APP_PW = "Owner-pw-2026", "App-pw-2026x"
_n = count()

# What an attacker holding the PC's password tries; every one must be refused for lack of privilege.
ATTACKS = [
    "ALTER TABLE audit_entry DISABLE TRIGGER USER",
    "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only",
    "DROP TRIGGER audit_entry_append_only ON audit_entry",
    "UPDATE audit_entry SET actor_name = 'nobody'",
    "DELETE FROM audit_entry",
    "TRUNCATE audit_entry",
    "DROP TABLE audit_entry",
    "DROP TABLE audit_entry CASCADE",
    "ALTER TABLE audit_entry RENAME TO audit_old",
    "ALTER TABLE audit_entry OWNER TO CURRENT_USER",
    "DROP FUNCTION onestop_audit_append_only() CASCADE",
    "CREATE OR REPLACE FUNCTION onestop_audit_append_only() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN RETURN OLD; END $$",
    "SELECT setval(pg_get_serial_sequence('audit_entry', 'id'), 1)",
    "CREATE TABLE evil (id int)",
    "CREATE TEMP TABLE evil (id int)",
    "CREATE SCHEMA evil",
    "ALTER TABLE petition ADD COLUMN evil int",
    "CREATE INDEX evil ON petition (id)",
    "UPDATE alembic_version SET version_num = '0001_foundation'",
    "UPDATE data_key SET key_check = repeat('0', 64)",
    "DELETE FROM data_key",
    "INSERT INTO data_key (key_check, created_at) VALUES (repeat('0', 64), now())",
]


def _names():
    base = f"lp{os.getpid()}_{next(_n)}"
    return pg_setup.RolePlan.for_database(base)


def _url(server, plan, role, password):
    return f"postgresql+psycopg://{role}:{password}@127.0.0.1:{server.port}/{plan.database}"


def _audit_count(ctx) -> int:
    with ctx.uow(read_only=True) as uow:
        return uow.session.scalar(select(func.count(AuditEntry.id)))


def _refused(url: str, statement: str) -> str:
    """The SQLSTATE the server answers ``statement`` with, sent as an attacker would (psql-like, straight
    through the driver, none of the app's code in between)."""
    with psycopg.connect(url.replace("+psycopg", "")) as conn, pytest.raises(psycopg.Error) as refused:
        conn.execute(statement)
    return refused.value.sqlstate


def _owned_by(server, plan) -> dict[str, int]:
    admin = create_engine(server.url(plan.database))
    with admin.connect() as c:
        rows = c.execute(text(
            "SELECT pg_get_userbyid(relowner), count(*) FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S', 'v', 'i') GROUP BY 1")).all()
    admin.dispose()
    return dict(rows)


def test_setup_server_then_the_owner_migrates_and_the_app_role_cannot_silence_the_audit_log(pg_server, tmp_path,
                                                                                           clock, monkeypatch):
    plan = _names()
    monkeypatch.setenv("ONESTOP_OWNER_PASSWORD", OWNER_PW)
    monkeypatch.setenv("ONESTOP_APP_PASSWORD", APP_PW)
    made = onestop("db", "setup-server", "--admin-url", pg_server.url(), "--database", plan.database,
                   home=tmp_path / "admin")
    assert made.returncode == 0, made.stderr
    assert f"role {plan.owner} created" in made.stdout and f"role {plan.app} created" in made.stdout
    assert f"onestop db upgrade --owner-url postgresql+psycopg://{plan.owner}@127.0.0.1:{pg_server.port}/" \
           f"{plan.database}" in made.stdout
    app_url = _url(pg_server, plan, plan.app, APP_PW)

    # the app never migrates as the application role: it says who must
    with pytest.raises(SchemaNeedsUpgrade) as behind:
        open_database(app_url)
    assert (behind.value.owner, behind.value.user, behind.value.revision) == (plan.owner, plan.app, None)
    cli = onestop("user", "add", "x", "--name", "X", "--role", "clerk", "--password", "pass1234",
                  home=tmp_path / "pc", db_url=app_url)
    assert cli.returncode != 0 and "onestop db upgrade" in cli.stderr and "Traceback" not in cli.stderr

    # `onestop db upgrade` on a PC's URL switches to the owner role (password from the environment here)
    upgraded = onestop("db", "upgrade", home=tmp_path / "pc", db_url=app_url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"owner role {plan.owner}" in upgraded.stderr
    assert f"revision {migrations.head_revision()}" in upgraded.stdout
    owners = _owned_by(pg_server, plan)
    assert set(owners) == {plan.owner}, owners  # the application role owns nothing

    # the app works normally as the application role
    ctx = open_database(app_url, clock=clock)
    try:
        center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                            admin_full_name="系统管理员", admin_password=ADMIN_PASSWORD)
        admin = sign_in(ctx, "admin", ADMIN_PASSWORD)
        staff = make_staff(admin)  # adds users of every role
        assert {u.username for u in accounts.list_users(admin.uow())} >= {"clerk", "director", "mediator"}
        service = center.list_services(ctx.uow())[0]
        ticket = q.issue_ticket(ctx.uow(), service_id=service.id).ticket
        case = register(staff.clerk, staff)
        entries = audit.list_audit(staff.director.uow(), where=audit.AuditFilter(entity="petition"))
        assert ticket.number and case.case_no == "（2026）虎信字第001号"
        assert "petition.register" in {e.action for e in entries}
        before = _audit_count(ctx)

        # and cannot silence the audit log, nor create or alter anything
        states = {statement: _refused(app_url, statement) for statement in ATTACKS}
        assert set(states.values()) == {"42501"}, states  # insufficient_privilege, every one
        assert _audit_count(ctx) == before

        # a table a later migration creates (as the owner) is the application role's to use
        owner_url = _url(pg_server, plan, plan.owner, OWNER_PW)
        owner = create_engine(owner_url)
        with owner.begin() as conn:
            conn.execute(text("CREATE TABLE later_feature (id serial PRIMARY KEY, note text)"))
        app = create_engine(app_url)
        with app.begin() as conn:
            conn.execute(text("INSERT INTO later_feature (note) VALUES ('ok')"))
            assert conn.scalar(text("SELECT note FROM later_feature")) == "ok"
        # a too generous grant on the audit table (a recreated table) is taken back after a migration
        with owner.begin() as conn:
            conn.execute(text(f"GRANT UPDATE, DELETE, TRUNCATE ON audit_entry TO {plan.app}"))
        with owner.begin() as conn:
            assert pg_setup.refresh_grants(conn) == [plan.app]
        owner.dispose()
        app.dispose()
        assert _refused(app_url, "DELETE FROM audit_entry") == "42501"

        # the daily backup (pg_dump) runs as the application role
        from desktop.services import backup

        result = backup.backup_database(ctx, folder=str(tmp_path / "backups"))
        assert result.backup.size > 0
    finally:
        ctx.close()

    # a restore replaces the audit log too: the application role may not; the owner (or an administrator,
    # as the owner) may, and afterwards the tables are still the owner's and the grants the same
    with pytest.raises(backup.RestoreNeedsOwner) as refused:
        backup.restore(app_url, result.backup.path)
    assert refused.value.owner == plan.owner
    from desktop import cli_pg

    chosen = cli_pg.restore_url(app_url, argparse.Namespace(owner_url=None))  # password from the environment
    assert chosen == _url(pg_server, plan, plan.owner, OWNER_PW)
    for restorer in (chosen, pg_server.url(plan.database)):
        restored = backup.restore(restorer, result.backup.path)
        assert restored.revision == migrations.head_revision()
        assert set(_owned_by(pg_server, plan)) == {plan.owner}
        ctx = open_database(app_url, clock=clock)
        try:
            assert _audit_count(ctx) >= before and center.get_center(ctx.uow()).name.startswith("虎丘镇")
            sign_in(ctx, "clerk", "pass1234")
        finally:
            ctx.close()
        assert _refused(app_url, "DELETE FROM audit_entry") == "42501"
        assert _refused(app_url, "ALTER TABLE audit_entry DISABLE TRIGGER USER") == "42501"


def onestop_cmd():
    import sys

    return [sys.executable, "-m", "desktop"]


def test_setup_server_takes_over_a_database_one_role_ran_before(pg_server, clock):
    """An existing center: one login role owned and migrated everything. setup-server gives every object to
    the owner role; the old role's tables keep their data; the application role works and is refused DDL."""
    plan = _names()
    old = f"{plan.database}_old"
    admin = create_engine(pg_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE ROLE {old} LOGIN"))
        c.execute(text(f"CREATE DATABASE {plan.database} OWNER {old}"))
    admin.dispose()
    old_url = _url(pg_server, plan, old, "x")
    ctx = open_database(old_url, clock=clock)  # the single role migrates its own database, as before
    center.setup_center(ctx.uow(), name="测试中心", case_abbr="测", admin_username="admin",
                        admin_full_name="管理员", admin_password=ADMIN_PASSWORD)
    entries = _audit_count(ctx)
    ctx.close()
    assert set(_owned_by(pg_server, plan)) == {old}
    # the attack of issue 16 works for such a role: it owns the table, so it may switch the guard off
    with psycopg.connect(old_url.replace("+psycopg", "")) as conn:
        conn.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER")
        assert conn.execute("DELETE FROM audit_entry").rowcount == entries
        conn.rollback()

    result = pg_setup.setup_server(pg_server.url(), plan, owner_password=OWNER_PW, app_password=APP_PW)
    assert result.previous_owner == old and not result.created_database
    assert set(_owned_by(pg_server, plan)) == {plan.owner}
    app_url = _url(pg_server, plan, plan.app, APP_PW)
    ctx = open_database(app_url, clock=clock)
    try:
        assert _audit_count(ctx) == entries
        assert center.get_center(ctx.uow()).name == "测试中心"
        sign_in(ctx, "admin", ADMIN_PASSWORD)
    finally:
        ctx.close()
    for statement in ("ALTER TABLE audit_entry DISABLE TRIGGER USER", "DELETE FROM audit_entry",
                      "CREATE TABLE evil (id int)"):
        assert _refused(app_url, statement) == "42501"
    # running it again changes nothing and keeps the passwords
    again = pg_setup.setup_server(pg_server.url(), plan)
    assert again.created_roles == () and again.passwords == {}


def test_the_printed_script_sets_up_the_same_roles_with_psql(pg_server, tmp_path):
    """--print-sql: the script a DBA runs with psql holds only SCRAM verifiers; the result is the same."""
    plan = _names()
    printed = subprocess.run([*onestop_cmd(), "db", "setup-server", "--print-sql", "--database", plan.database],
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "ONESTOP_HOME": str(tmp_path), "ONESTOP_APP_PASSWORD": APP_PW,
                                  "ONESTOP_OWNER_PASSWORD": OWNER_PW})
    assert printed.returncode == 0, printed.stderr
    assert APP_PW not in printed.stdout and OWNER_PW not in printed.stdout and "SCRAM-SHA-256$" in printed.stdout
    assert APP_PW in printed.stderr  # told to the administrator, not written into the script
    script = tmp_path / "setup.sql"
    script.write_text(printed.stdout)
    psql = subprocess.run([str(pg_server.bindir / "psql"), "-X", "-q", "-f", str(script),
                           f"postgresql://onestop@127.0.0.1:{pg_server.port}/postgres"],
                          capture_output=True, text=True, timeout=60)
    assert psql.returncode == 0, psql.stderr
    owner_url = _url(pg_server, plan, plan.owner, OWNER_PW)
    ctx = open_database(owner_url)  # the owner migrates
    ctx.close()
    app_url = _url(pg_server, plan, plan.app, APP_PW)
    ctx = open_database(app_url)
    try:
        assert not migrations.needs_upgrade(ctx.db)
    finally:
        ctx.close()
    for statement in ("ALTER TABLE audit_entry DISABLE TRIGGER USER", "TRUNCATE audit_entry",
                      "DROP TABLE audit_entry", "CREATE TABLE evil (id int)"):
        assert _refused(app_url, statement) == "42501"


def test_setup_server_refuses_bad_names_and_an_unprivileged_admin(pg_server, tmp_path):
    bad = onestop("db", "setup-server", "--admin-url", pg_server.url(), "--database", "On-Stop",
                  home=tmp_path)
    assert bad.returncode == 2 and "not a plain lower-case name" in bad.stderr
    plan = _names()
    pg_setup.setup_server(pg_server.url(), plan, owner_password=OWNER_PW, app_password=APP_PW)
    app_on_postgres = pg_setup.with_user(pg_server.url(), plan.app, APP_PW)
    as_app = onestop("db", "setup-server", "--admin-url", app_on_postgres, "--database", "other", home=tmp_path)
    assert as_app.returncode == 2 and "administrator" in as_app.stderr and "Traceback" not in as_app.stderr
