"""The Backups screen, the daily automatic backup and the main window's 2-day warning, driven through their
widgets. SQLite only (the backup folder is this PC's)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop import config
from desktop.services import backup
from desktop.services.admin import accounts
from desktop.services.admin import settings as settings_service
from tests.conftest import NOW, sign_in

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def screen(qtbot, admin_ctx):
    from desktop.ui.admin.area import AdminArea

    area = AdminArea(admin_ctx)
    qtbot.addWidget(area)
    area.resize(1300, 700)
    area.show()
    return area.show_screen("backup")


def _rows(model) -> list[str]:
    return [model.index(r, 3).data() for r in range(model.rowCount())]


def test_back_up_now_shows_the_new_backup_time_size_and_folder(qtbot, screen, admin_ctx):
    assert screen.last_time.text() == "No backup yet"
    assert screen.folder.text() == str(config.backup_dir())
    assert screen.model.rowCount() == 0
    qtbot.mouseClick(screen.backup_button, Qt.MouseButton.LeftButton)
    assert not screen.backup_button.isEnabled()  # one at a time, in the background
    qtbot.waitUntil(lambda: not screen.busy and screen.backup_button.isEnabled(), timeout=30_000)
    made = backup.last_backup(admin_ctx.db)
    assert made is not None and made.folder == config.backup_dir()
    assert screen.banner.kind == "ok" and str(made.path) in screen.banner.text()
    assert screen.last_time.text().startswith(NOW.strftime("%Y-%m-%d %H:%M"))
    assert f"{made.size:,}" in screen.last_size.text()
    assert screen.last_file.text() == made.path.name
    assert _rows(screen.model) == [made.path.name]


def test_a_failed_backup_is_shown_with_its_reason(qtbot, screen, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    config.save_settings({"backup_dir": str(blocker / "backups")})  # e.g. a removed second disk
    screen.refresh()
    qtbot.keyClick(screen, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.banner.kind == "error", timeout=30_000)
    assert "cannot be written" in screen.banner.text() and str(blocker / "backups") in screen.banner.text()
    assert screen.attempt.isVisibleTo(screen) and "cannot be written" in screen.attempt.text()


def test_retention_settings_are_saved(qtbot, screen, admin_ctx):
    assert (screen.keep_days.value(), screen.keep_months.value()) == (14, 12)
    screen.keep_days.setValue(30)
    screen.keep_months.setValue(24)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.banner.kind == "ok"
    values = settings_service.read_settings(admin_ctx.uow(read_only=True))
    assert (values["backup_keep_days"], values["backup_keep_months"]) == (30, 24)


def test_a_director_has_no_backup_screen(qtbot, admin_ctx):
    from desktop.ui.admin.area import AdminArea

    accounts.add_user(admin_ctx.uow(), username="director", full_name="陈立新", role="director",
                      password="pass1234")
    area = AdminArea(sign_in(admin_ctx, "director", "pass1234"))
    qtbot.addWidget(area)
    assert "backup" not in area.screens


def test_daily_backup_takes_one_at_start_and_then_only_when_a_day_has_passed(qtbot, ctx):
    from desktop.ui.daily_backup import DailyBackup

    daily = DailyBackup(ctx, delay_ms=0)
    with qtbot.waitSignal(daily.finished, timeout=30_000) as first:
        daily.start()
    assert first.args[0] is not None and backup.last_backup(ctx.db).time == NOW
    with qtbot.waitSignal(daily.finished, timeout=30_000) as again:
        daily.check()
    assert again.args[0] is None  # not a day yet
    ctx.clock.advance(days=1)
    with qtbot.waitSignal(daily.finished, timeout=30_000) as next_day:
        daily.check()
    assert next_day.args[0].backup.time == NOW + dt.timedelta(days=1)
    assert len(backup.list_backups()) == 2
    daily.timer.stop()


def test_main_window_warns_administrator_and_director_after_two_days(qtbot, admin_ctx):
    from desktop.ui.main_window import MainWindow

    accounts.add_user(admin_ctx.uow(), username="director", full_name="陈立新", role="director",
                      password="pass1234")
    accounts.add_user(admin_ctx.uow(), username="clerk03", full_name="王芳", role="clerk",
                      password="pass1234", window_no=3)
    admin = MainWindow(admin_ctx, "中心")
    qtbot.addWidget(admin)
    warning = admin.findChild(QLabel, "backup_warning")
    assert warning.isVisibleTo(admin) and warning.text().startswith("No backup of the database has been made yet.")

    backup.backup_database(admin_ctx)
    warning.refresh()
    assert not warning.isVisibleTo(admin)
    admin_ctx.clock.advance(days=1, hours=23)
    warning.refresh()
    assert not warning.isVisibleTo(admin)
    admin_ctx.clock.advance(hours=1)
    warning.refresh()
    assert warning.isVisibleTo(admin)
    assert warning.text() == ("No successful backup for 2 days (last: 2026-11-20 10:00). "
                              "See Administration → Backups.")

    director = MainWindow(sign_in(admin_ctx, "director", "pass1234"), "中心")
    qtbot.addWidget(director)
    shown = director.findChild(QLabel, "backup_warning")
    assert shown.isVisibleTo(director) and shown.text().endswith("Please tell the administrator.")
    clerk = MainWindow(sign_in(admin_ctx, "clerk03", "pass1234"), "中心")
    qtbot.addWidget(clerk)
    assert clerk.findChild(QLabel, "backup_warning") is None
