"""The command line, run as a real process on a real database. Commands that change or export data run as a
signed-in user (issue 16, attack 4): without one they exit 4 and change nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.db import Database
from desktop.models import AuditEntry, Petition, User
from desktop.services.admin import accounts, center
from desktop.services.context import open_database
from tests.conftest import ADMIN_PASSWORD

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "intake"
NOT_SIGNED_IN = 4


def onestop(*args, home, db_url=None, input_=None, user=None, password=None):
    env = {**os.environ, "ONESTOP_HOME": str(home)}
    for name in ("ONESTOP_DB_URL", "ONESTOP_USER", "ONESTOP_PASSWORD"):
        env.pop(name, None)
    if db_url:
        env["ONESTOP_DB_URL"] = db_url
    if user:
        env["ONESTOP_USER"] = user
    if password is not None:
        env["ONESTOP_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env, capture_output=True, text=True,
                          input=input_, timeout=120)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


def test_db_check_passes_when_models_and_migrations_agree(home):
    result = onestop("db", "check", home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "agree" in result.stdout


def test_user_add_for_scripts_and_duplicate_refused(db_url, home, clock):
    ctx = open_database(db_url, clock=clock)
    center.setup_center(ctx.uow(), name="测试中心", case_abbr="测", admin_username="admin",
                        admin_full_name="管理员", admin_password="Hall2026pw")
    ctx.close()
    ok = onestop("user", "add", "wangfang", "--name", "王芳", "--role", "clerk", "--window", "3",
                 "--password", "pass1234", home=home, db_url=db_url, user="admin", password="Hall2026pw")
    assert ok.returncode == 0, ok.stderr
    again = onestop("user", "add", "wangfang", "--name", "王芳", "--role", "clerk", "--password", "pass1234",
                    home=home, db_url=db_url, user="admin", password="Hall2026pw")
    assert again.returncode == 1 and "Duplicate" in again.stderr
    from desktop.services.admin.accounts import authenticate
    ctx = open_database(db_url)
    actor = authenticate(ctx.uow(), username="wangfang", password="pass1234")
    ctx.close()
    assert actor.window_no == 3 and actor.full_name == "王芳"


def test_unreachable_database_on_the_command_line_says_how_to_fix_it(home):
    result = onestop("db", "upgrade", "--db", "postgresql://x@127.0.0.1:1/none", home=home)
    assert result.returncode == 2
    assert "cannot open" in result.stderr and "onestop db use URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_creates_a_new_sqlite_file_at_head(home):
    result = onestop("db", "upgrade", home=home)
    assert result.returncode == 0, result.stderr
    from desktop import migrations
    db = Database(f"sqlite:///{home / 'onestop.db'}")
    assert migrations.current_revision(db) == migrations.head_revision()
    db.dispose()


# ---------------------------------------------------------------- signed-in commands (issue 16)

def _counts(url: str) -> dict:
    ctx = open_database(url, upgrade=False)
    try:
        with ctx.uow() as uow:
            return {"users": uow.session.scalar(select(func.count(User.id))),
                    "petitions": uow.session.scalar(select(func.count(Petition.id))),
                    "audit": uow.session.scalar(select(func.count(AuditEntry.id)))}
    finally:
        ctx.close()


def _audited(url: str, action: str) -> list[str]:
    """The names of the actors of the audit entries with ``action``."""
    ctx = open_database(url, upgrade=False)
    try:
        with ctx.uow() as uow:
            return list(uow.session.scalars(select(AuditEntry.actor_name).where(AuditEntry.action == action)))
    finally:
        ctx.close()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_every_protected_command_refuses_without_a_signed_in_user_and_changes_nothing(ctx, db_url, tmp_path):
    from desktop.services import backup

    accounts.add_user(ctx.uow(), username="wangfang", full_name="王芳", role="clerk", password="pass1234",
                      window_no=3)
    kept = tmp_path / "kept.db"
    if db_url.startswith("sqlite"):  # any SQLite backup file: the refusal comes before the file is used
        backup.snapshot_sqlite(ctx.db.sqlite_path, kept)
    else:
        kept.write_bytes(backup.SQLITE_HEADER + bytes(100))
    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir()
    before = _counts(db_url)
    commands = {
        "user add": ["user", "add", "intruder", "--name", "入侵者", "--role", "admin", "--password", "Intrude2026"],
        "import": ["import", "12345", str(FIX / "dates_and_phones.xlsx")],
        "export": ["export", "12345", "--since", "2026-11-01", "--out", str(out / "export.xlsx")],
        "report": ["report", "daily", "--date", "2026-11-19", "--out", str(out)],
        "backup": ["backup", "--to", str(out / "backups")],
        "restore": ["restore", str(kept), "--yes"],
        "calendar import-notice": ["calendar", "import-notice", str(tmp_path / "notice.txt")],
    }
    for what, args in commands.items():
        refused = onestop(*args, home=home, db_url=db_url, input_="")
        assert refused.returncode == NOT_SIGNED_IN, (what, refused.stdout, refused.stderr)
        assert "needs a signed-in user" in refused.stderr and "Traceback" not in refused.stderr, what
    # a wrong password, and a user whose role may not do it, are refused the same way
    wrong = onestop(*commands["user add"], home=home, db_url=db_url, user="admin", password="guess1234")
    assert wrong.returncode == NOT_SIGNED_IN and "wrong user name or password" in wrong.stderr
    clerk = onestop(*commands["user add"], home=home, db_url=db_url, user="wangfang", password="pass1234")
    assert clerk.returncode == NOT_SIGNED_IN and "wangfang (clerk) may not" in clerk.stderr
    clerk_backup = onestop(*commands["backup"], home=home, db_url=db_url, user="wangfang", password="pass1234")
    assert clerk_backup.returncode == NOT_SIGNED_IN and "may not" in clerk_backup.stderr

    after = _counts(db_url)
    assert after["users"] == before["users"] and after["petitions"] == before["petitions"] == 0
    assert _files(out) == []  # no export, no report, no backup
    assert _audited(db_url, "user.add") == ["system"]  # wangfang, added by the test; no intruder
    # the audit gained only the refused sign-ins: the wrong password and the clerk's two sign-ins
    assert _audited(db_url, "user.login_failed") == ["system"]
    assert after["audit"] - before["audit"] == 3


def test_signed_in_commands_run_with_the_users_role_and_the_audit_names_the_user(ctx, db_url, tmp_path):
    accounts.add_user(ctx.uow(), username="wangfang", full_name="王芳", role="clerk", password="pass1234",
                      window_no=3)
    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir()
    added = onestop("user", "add", "lina", "--name", "李娜", "--role", "clerk", "--window", "2",
                    "--password", "Hall2027pw", home=home, db_url=db_url, user="admin", password=ADMIN_PASSWORD)
    assert added.returncode == 0, added.stderr
    assert _audited(db_url, "user.add")[-1] == "admin"

    imported = onestop("import", "12345", str(FIX / "hotline_basic.xlsx"), home=home, db_url=db_url,
                       user="wangfang", password="pass1234")
    assert imported.returncode in (0, 3), imported.stderr
    assert _counts(db_url)["petitions"] > 0
    petition_actors = set(_audited(db_url, "intake.import"))
    assert petition_actors == {"wangfang"}, petition_actors

    exported = onestop("export", "12345", "--since", "2026-11-01", "--out", str(out / "results.csv"),
                       home=home, db_url=db_url, user="wangfang", password="pass1234")
    assert exported.returncode == 0, exported.stderr
    assert _audited(db_url, "intake.export") == ["wangfang"]

    backed_up = onestop("backup", "--to", str(out / "backups"), home=home, db_url=db_url, user="admin",
                        password=ADMIN_PASSWORD)
    assert backed_up.returncode == 0, backed_up.stderr
    assert _audited(db_url, "database.backup") == ["admin"]


def test_the_password_can_be_typed_at_the_prompt(ctx, db_url, tmp_path):
    # no terminal here: getpass reads the line from standard input
    added = onestop("user", "add", "lina", "--name", "李娜", "--role", "clerk", "--password", "Hall2027pw",
                    "--user", "admin", home=tmp_path / "home", db_url=db_url, input_=ADMIN_PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert _audited(db_url, "user.add")[-1] == "admin"
    empty = onestop("user", "add", "zhao", "--name", "赵", "--role", "clerk", "--password", "Zhao2026pw",
                    "--user", "admin", home=tmp_path / "home", db_url=db_url, input_="")
    assert empty.returncode == NOT_SIGNED_IN and "no password given" in empty.stderr


def test_the_first_administrator_needs_no_sign_in_only_while_no_account_exists(tmp_path):
    home = tmp_path / "home"
    clerk_first = onestop("user", "add", "wangfang", "--name", "王芳", "--role", "clerk", "--password",
                          "pass1234", home=home)
    assert clerk_first.returncode == NOT_SIGNED_IN  # the first account is an administrator
    first = onestop("user", "add", "boss", "--name", "周建国", "--role", "admin", "--password", "Zhou2026pw",
                    home=home)
    assert first.returncode == 0, first.stderr
    assert "first administrator" in first.stderr
    url = f"sqlite:///{home / 'onestop.db'}"
    assert _audited(url, "user.add_first_admin") == ["system"]
    second = onestop("user", "add", "intruder", "--name", "入侵者", "--role", "admin", "--password",
                     "Intrude2026", home=home)
    assert second.returncode == NOT_SIGNED_IN and "needs a signed-in user" in second.stderr
    assert _counts(url)["users"] == 1
    ok = onestop("user", "add", "intruder2", "--name", "新管理员", "--role", "admin", "--password", "Admin2026pw",
                 home=home, user="boss", password="Zhou2026pw")
    assert ok.returncode == 0, ok.stderr
    assert _audited(url, "user.add") == ["boss"]


def test_read_only_checks_need_no_sign_in(ctx, db_url, tmp_path):
    home = tmp_path / "home"
    for args in (["--version"], ["db", "check"], ["db", "current"], ["calendar", "status"]):
        result = onestop(*args, home=home, db_url=db_url)
        assert result.returncode == 0, (args, result.stderr)


def test_restore_over_an_unreadable_database_signs_in_against_the_backup(tmp_path):
    """A damaged database cannot check a password: an administrator of the backup signs in instead (the
    damaged file could be replaced by hand anyway); a wrong password still changes nothing."""
    from desktop.services import backup

    home = tmp_path / "home"
    live = tmp_path / "live.db"
    url = f"sqlite:///{live}"
    ctx = open_database(url)
    center.setup_center(ctx.uow(), name="测试中心", case_abbr="测", admin_username="admin",
                        admin_full_name="管理员", admin_password=ADMIN_PASSWORD)
    ctx.close()
    kept = tmp_path / "kept.db"
    backup.snapshot_sqlite(live, kept)
    for side in ("-wal", "-shm"):
        Path(f"{live}{side}").unlink(missing_ok=True)
    live.write_bytes(b"this is not a database any more" * 100)

    wrong = onestop("restore", str(kept), "--yes", home=home, db_url=url, user="admin", password="guess1234")
    assert wrong.returncode == NOT_SIGNED_IN and "administrator of the backup" in wrong.stderr
    assert live.read_bytes().startswith(b"this is not a database")
    done = onestop("restore", str(kept), "--yes", home=home, db_url=url, user="admin", password=ADMIN_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert _audited(url, "database.restore") == ["admin"]
    assert _counts(url)["users"] == 1


def test_restore_into_a_database_without_accounts_needs_no_sign_in(ctx, tmp_path):
    """Restoring onto a new, empty database (a new PC or server) is the first run: nothing to protect."""
    from desktop.services import backup

    if ctx.db_kind != "sqlite":
        pytest.skip("SQLite files only")
    kept = tmp_path / "kept.db"
    backup.snapshot_sqlite(ctx.db.sqlite_path, kept)
    url = f"sqlite:///{tmp_path / 'new' / 'onestop.db'}"
    done = onestop("restore", str(kept), "--yes", home=tmp_path / "home", db_url=url)
    assert done.returncode == 0, done.stderr
    assert _counts(url)["users"] == 1 and _audited(url, "database.restore") == ["system"]
