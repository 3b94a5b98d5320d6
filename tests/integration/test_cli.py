"""The command line, run as a real process on a real database."""

import os
import subprocess
import sys

import pytest

from desktop.db import Database
from desktop.services import center
from desktop.services.context import open_database


def onestop(*args, home, db_url=None, input_=None):
    env = {**os.environ, "ONESTOP_HOME": str(home)}
    env.pop("ONESTOP_DB_URL", None)
    if db_url:
        env["ONESTOP_DB_URL"] = db_url
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
                 "--password", "pass1234", home=home, db_url=db_url)
    assert ok.returncode == 0, ok.stderr
    again = onestop("user", "add", "wangfang", "--name", "王芳", "--role", "clerk", "--password", "pass1234",
                    home=home, db_url=db_url)
    assert again.returncode == 1 and "Duplicate" in again.stderr
    from desktop.services.accounts import authenticate
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
