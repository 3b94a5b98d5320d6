"""The daily automatic backup the app takes on SQLite, and the warning in the main window's status bar when
no backup has succeeded for 2 days. The work itself is desktop.services.backup (no Qt); it runs in a background
Task. A backup taken or failed in this process is told to every open screen as ``ops.changes().changed("backup")``
(the Backups screen, desktop.ui.admin.backup, and the warning listen)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from desktop.services import backup
from desktop.ui import ops
from desktop.ui.tasks import Task, TaskRunner

__all__ = ["BACKUP", "BackupWarning", "DailyBackup", "add_backup_warning", "start_daily_backup"]

log = logging.getLogger(__name__)
BACKUP = "backup"  # the area of ops.changes() for backups
CHECK_INTERVAL_MS = 60 * 60 * 1000  # the daily backup looks every hour whether a day has passed
START_DELAY_MS = 20_000  # the first look waits until the app has started and the clerk has signed in
WARNING_INTERVAL_MS = 10 * 60 * 1000


class DailyBackup(QObject):
    """The automatic daily backup of a SQLite database: at start when the newest backup is a day old, then
    each hour it looks again. It runs in the background; a failure is logged and recorded in the backup
    folder (the administrator sees it, and the warning follows after 2 days)."""

    finished = Signal(object)  # BackupResult, or None when none was due
    failed = Signal(object)

    def __init__(self, ctx, parent=None, *, interval_ms: int = CHECK_INTERVAL_MS, delay_ms: int = START_DELAY_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.delay_ms = delay_ms

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(self.delay_ms, self, self.check)

    def check(self) -> None:
        if self.busy:
            return
        task = Task(lambda: backup.automatic_backup(self.ctx), plain=True)
        task.signals.finished.connect(self._finished)
        task.signals.failed.connect(self._failed)
        self.busy = True
        self.runner.start("daily", task)

    busy = False

    def _finished(self, result) -> None:
        self.busy = False
        self.finished.emit(result)
        if result is not None:
            ops.changes().changed.emit(BACKUP)

    def _failed(self, exc) -> None:
        self.busy = False
        log.warning("automatic backup failed: %r", exc)
        self.failed.emit(exc)
        ops.changes().changed.emit(BACKUP)


def start_daily_backup(ctx, parent=None) -> DailyBackup | None:
    """Started by the app on SQLite; a PostgreSQL server is backed up with ``onestop backup`` (pg_dump) on
    a schedule instead."""
    if ctx.db_kind != "sqlite":
        return None
    daily = DailyBackup(ctx, parent)
    daily.start()
    return daily


class BackupWarning(QLabel):
    """Red text in the status bar while no backup has succeeded for 2 days (administrators and directors).
    On PostgreSQL it speaks only on a PC that keeps the backups in its folder."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backup_warning")
        self.setStyleSheet("QLabel { color: #a50e0e; background: #fce8e6; padding: 2px 8px; font-weight: bold; }")
        self.timer = QTimer(self)
        self.timer.setInterval(WARNING_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        ops.changes().changed.connect(self._area_changed)
        self.refresh()

    def _area_changed(self, area: str) -> None:
        if area == BACKUP:
            self.refresh()

    def refresh(self) -> None:
        last = backup.last_backup(self.ctx.db)
        now = self.ctx.clock.now()
        due = backup.warning_due(last, now) and (self.ctx.db_kind == "sqlite" or last is not None)
        if not due:
            self.setText("")
            self.hide()
            return
        if last is None:
            text = self.tr("No backup of the database has been made yet.")
        else:
            text = self.tr("No successful backup for %1 days (last: %2).").replace(
                "%1", str((now - last.time).days)).replace("%2", last.time.strftime("%Y-%m-%d %H:%M"))
        if self.ctx.actor.role == "admin":
            text += " " + self.tr("See Administration → Backups.")
        else:
            text += " " + self.tr("Please tell the administrator.")
        self.setText(text)
        self.setToolTip(str(backup.backup_folder()))
        self.show()


def add_backup_warning(window) -> BackupWarning | None:
    """Put the warning into a main window's status bar for an administrator or director."""
    if window.ctx.actor.role not in ("admin", "director"):
        return None
    warning = BackupWarning(window.ctx, window)
    window.statusBar().addWidget(warning)
    window.backup_warning = warning
    return warning
