"""``onestop calendar ...`` as a real process: 2027 provisional on a new database, official after
``import-notice`` of a notice (the made-up 2027 fixture), refused without saving anything on unreadable text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.admin import center
from desktop.services.context import open_database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "calendar"
PASSWORD = "Hall2026pw"


def onestop(*args, home, db_url, user: str | None = None):
    env = {**os.environ, "ONESTOP_HOME": str(home), "ONESTOP_DB_URL": db_url}
    env.pop("ONESTOP_USER", None)
    if user:
        env.update(ONESTOP_USER=user, ONESTOP_PASSWORD=PASSWORD)
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


def _line(output: str, year: int) -> str:
    return next(line for line in output.splitlines() if line.startswith(f"{year} "))


def test_status_shows_2027_provisional_then_official_after_import_notice(db_url, home, clock, tmp_path):
    ctx = open_database(db_url, clock=clock)
    center.setup_center(ctx.uow(), name="测试中心", case_abbr="测", admin_username="admin",
                        admin_full_name="管理员", admin_password=PASSWORD)
    ctx.close()
    status = onestop("calendar", "status", home=home, db_url=db_url)
    assert status.returncode == 0, status.stderr
    assert _line(status.stdout, 2026).split()[:2] == ["2026", "official"]
    assert "chinesecalendar 1.11.0" in _line(status.stdout, 2026)
    line = _line(status.stdout, 2027)
    assert line.split()[:2] == ["2027", "provisional"] and "import-notice" in line

    broken = tmp_path / "broken.txt"
    broken.write_text((FIXTURES / "notice_2027_FICTIONAL_test_only.txt").read_text(encoding="utf-8").replace(
        "共7天", "共8天"), encoding="utf-8")
    refused = onestop("calendar", "import-notice", str(broken), home=home, db_url=db_url, user="admin")
    assert refused.returncode == 1
    assert "line 7" in refused.stderr and "Nothing was saved" in refused.stderr
    assert _line(onestop("calendar", "status", home=home, db_url=db_url).stdout, 2027).split()[1] == "provisional"

    dry = onestop("calendar", "import-notice", str(FIXTURES / "notice_2027_FICTIONAL_test_only.txt"), "--dry-run",
                  home=home, db_url=db_url, user="admin")
    assert dry.returncode == 0 and "nothing saved" in dry.stdout
    assert "2027-02-05  day off      春节" in dry.stdout

    done = onestop("calendar", "import-notice", str(FIXTURES / "notice_2027_FICTIONAL_test_only.txt"),
                   home=home, db_url=db_url, user="admin")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2027 is official: 23 days saved")
    line = _line(onestop("calendar", "status", home=home, db_url=db_url).stdout, 2027)
    assert line.split()[:2] == ["2027", "official"]
    assert "State Council notice: 国务院办公厅关于2027年部分节假日安排的通知" in line and "by 管理员" in line
    changes = onestop("calendar", "changes", home=home, db_url=db_url)
    assert changes.returncode == 0 and "has not moved any deadline" in changes.stdout
