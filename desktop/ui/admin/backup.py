"""Backups in the GUI: the administrator's Backups screen (last backup, the files, Back up now, retention),
and the texts of the backup failures. The daily automatic backup and the main window's warning are
desktop.ui.daily_backup. The work itself is desktop.services.backup (no Qt); it runs in the background Task."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import backup
from desktop.services.admin import settings as settings_service
from desktop.ui import ops
from desktop.ui.admin.common import make_action, with_shortcut
from desktop.ui.daily_backup import BACKUP
from desktop.ui.message_registry import register, register_fields
from desktop.ui.messages import describe
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.tasks import Task, TaskRunner
from desktop.ui.text import translator
from desktop.ui.widgets import Banner, table_view

log = logging.getLogger(__name__)


_t = translator("BackupMessages")


# ---------------------------------------------------------------- messages for the backup failures

def _tool_missing(f: dict) -> str:
    text = _t(QT_TRANSLATE_NOOP("BackupMessages", "%1 was not found. Install the PostgreSQL client programs "
                                                  "(Debian/Ubuntu: postgresql-client; Windows: the "
                                                  "Command Line Tools of the PostgreSQL installer).")).replace(
        "%1", str(f.get("tool")))
    if f.get("command"):
        text += "\n" + _t(QT_TRANSLATE_NOOP("BackupMessages", "Or run by hand, with PGPASSWORD set: %1")).replace(
            "%1", str(f.get("command")))
    return text


MESSAGES = [
    (backup.BackupFolderError, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "The backup folder %1 cannot be written: %2")).replace("%1", str(f.get("path"))).replace(
        "%2", str(f.get("detail")))),
    (backup.BackupCancelled, lambda f: _t(QT_TRANSLATE_NOOP("BackupMessages", "The backup was cancelled."))),
    (backup.BackupFailed, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "The backup could not be made: %1")).replace("%1", str(f.get("detail")))),
    (backup.FileMissing, lambda f: _t(QT_TRANSLATE_NOOP("BackupMessages", "%1 does not exist.")).replace(
        "%1", str(f.get("path")))),
    (backup.NotADatabase, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "%1 is not a SQLite database.")).replace("%1", str(f.get("path")))),
    (backup.NotAnArchive, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "%1 is not a pg_dump archive.")).replace("%1", str(f.get("path")))),
    (backup.CorruptDatabase, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "%1 is damaged and cannot be used (%2).")).replace("%1", str(f.get("path"))).replace(
        "%2", str(f.get("detail")))),
    (backup.NotOneStopDatabase, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "%1 is not a OneStop database.")).replace("%1", str(f.get("path")))),
    (backup.UnknownRevision, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "%1 was written by a newer version of OneStop (schema %2).")).replace(
        "%1", str(f.get("path"))).replace("%2", str(f.get("revision")))),
    (backup.DatabaseInUse, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "The database is open in another program. Close OneStop, the kiosk and the hall "
                          "display first."))),
    (backup.ToolMissing, _tool_missing),
    (backup.ToolFailed, lambda f: _t(QT_TRANSLATE_NOOP(
        "BackupMessages", "%1 failed: %2")).replace("%1", str(f.get("tool"))).replace("%2", str(f.get("detail")))),
]
register(MESSAGES)
register_fields({"backup_keep_days": QT_TRANSLATE_NOOP("Fields", "Daily backups kept (days)"),
                 "backup_keep_months": QT_TRANSLATE_NOOP("Fields", "Monthly backups kept (months)")}, replace=False)


def human_size(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def age_text(then: dt.datetime, now: dt.datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 3600:
        return _t(QT_TRANSLATE_NOOP("BackupMessages", "%1 minutes ago")).replace("%1", str(seconds // 60))
    if seconds < 2 * 86400:
        return _t(QT_TRANSLATE_NOOP("BackupMessages", "%1 hours ago")).replace("%1", str(seconds // 3600))
    return _t(QT_TRANSLATE_NOOP("BackupMessages", "%1 days ago")).replace("%1", str(seconds // 86400))


# ---------------------------------------------------------------- the Backups screen

class BackupScreen(QWidget):
    """Last backup (time, size, folder), the backups in the folder, Back up now, and retention."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.banner = Banner()
        self.banner.setObjectName("backup_banner")
        summary = self._build_summary()
        actions = self._build_actions()
        retention = self._build_retention()
        restore_hint = QLabel(self.tr("To restore a backup, close OneStop, the kiosk and the hall display on "
                                      "this PC, then run:\n    onestop restore FILE\nThe backup is checked "
                                      "first; the replaced database is kept beside it."))
        restore_hint.setObjectName("restore_hint")
        restore_hint.setWordWrap(True)
        restore_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        restore_hint.setStyleSheet("color: #555")
        self._build_files()
        self._lay_out(summary, actions, retention, restore_hint)

    def _build_summary(self) -> QGroupBox:
        # --- last backup
        summary = QGroupBox(self.tr("Last backup"))
        form = QFormLayout(summary)
        self.last_time = QLabel()
        self.last_time.setObjectName("last_time")
        self.last_size = QLabel()
        self.last_size.setObjectName("last_size")
        self.last_file = QLabel()
        self.last_file.setObjectName("last_file")
        self.last_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder = QLabel()
        self.folder.setObjectName("folder")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attempt = QLabel()
        self.attempt.setObjectName("attempt")
        self.attempt.setWordWrap(True)
        self.attempt.setStyleSheet("color: #a50e0e")
        self.automatic = QLabel()
        self.automatic.setObjectName("automatic")
        self.automatic.setWordWrap(True)
        form.addRow(self.tr("Time:"), self.last_time)
        form.addRow(self.tr("Size:"), self.last_size)
        form.addRow(self.tr("File:"), self.last_file)
        form.addRow(self.tr("Folder:"), self.folder)
        form.addRow(self.tr("Automatic:"), self.automatic)
        form.addRow(self.attempt)
        return summary

    def _build_actions(self) -> QHBoxLayout:
        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.backup_button.setObjectName("backup_now")
        self.backup_button.setToolTip(with_shortcut(self.tr("Back up the database now"), "Ctrl+B"))
        self.backup_button.clicked.connect(self.back_up_now)
        make_action(self, "Ctrl+B", lambda: self.backup_button.isEnabled() and self.back_up_now())
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("backup_progress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.open_button = QPushButton(self.tr("&Open folder"))
        self.open_button.setToolTip(self.tr("Show the backup folder in the file manager"))
        self.open_button.clicked.connect(self.open_folder)
        self.change_button = QPushButton(self.tr("C&hange folder…"))
        self.change_button.setToolTip(self.tr("Keep the backups in another folder, e.g. on a second disk"))
        self.change_button.clicked.connect(self.change_folder)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.progress)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.change_button)
        return actions

    def _build_retention(self) -> QGroupBox:
        # --- retention
        retention = QGroupBox(self.tr("Retention"))
        keep = QFormLayout(retention)
        self.keep_days = QSpinBox()
        self.keep_days.setObjectName("keep_days")
        declared = settings_service.DECLARED
        self.keep_days.setRange(declared["backup_keep_days"].minimum, declared["backup_keep_days"].maximum)
        self.keep_months = QSpinBox()
        self.keep_months.setObjectName("keep_months")
        self.keep_months.setRange(declared["backup_keep_months"].minimum, declared["backup_keep_months"].maximum)
        keep.addRow(self.tr("Daily backups kept (days):"), self.keep_days)
        keep.addRow(self.tr("Monthly backups kept (months):"), self.keep_months)
        explain = QLabel(self.tr("The newest backup of each day and of each month is kept for this long; older "
                                 "ones are removed after the next successful backup. Copies taken before a "
                                 "version upgrade are never removed."))
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555")
        keep.addRow(explain)
        self.save_button = QPushButton(self.tr("&Save retention"))
        self.save_button.setObjectName("save_retention")
        self.save_button.setToolTip(with_shortcut(self.tr("Save the retention settings"), "Ctrl+S"))
        self.save_button.clicked.connect(self.save_retention)
        make_action(retention, "Ctrl+S", self.save_retention)
        keep.addRow(self.save_button)
        return retention

    def _build_files(self) -> None:
        # --- the files
        self.model = PagedTableModel([
            Column(self.tr("Taken"), lambda b: b.time.strftime("%Y-%m-%d %H:%M:%S")),
            Column(self.tr("Size"), lambda b: human_size(b.size),
                   align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            Column(self.tr("Kind"), self._kind_text),
            Column(self.tr("File"), lambda b: b.path.name, tooltip=lambda b: str(b.path)),
        ], self._fetch, parent=self)
        self.view = table_view(self.model)
        self.view.setObjectName("backup_list")
        header = self.view.horizontalHeader()
        for i, width in enumerate((170, 90, 170)):
            self.view.setColumnWidth(i, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.primary = self.backup_button

    def _lay_out(self, summary: QGroupBox, actions: QHBoxLayout, retention: QGroupBox, restore_hint: QLabel) -> None:
        left = QVBoxLayout()
        left.addWidget(summary)
        left.addLayout(actions)
        left.addWidget(QLabel("<b>" + self.tr("Backups in the folder") + "</b>"))
        left.addWidget(self.view, 1)
        right = QVBoxLayout()
        right.addWidget(retention)
        right.addWidget(restore_hint)
        from desktop.ui.data_key import DataKeyBox

        self.data_key = DataKeyBox(self.ctx, self.banner)  # the key of the ID numbers and phones: its recovery sheet
        right.addWidget(self.data_key)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        ops.changes().changed.connect(self._area_changed)

    def _area_changed(self, area: str) -> None:
        if area == BACKUP:
            self.refresh()

    def _kind_text(self, b) -> str:
        if b.before_upgrade:
            return self.tr("Before an upgrade")
        return self.tr("SQLite copy") if b.kind == "sqlite" else self.tr("pg_dump archive")

    def _fetch(self, offset: int, limit: int, _key, _descending) -> list:
        if offset:
            return []
        return backup.list_backups(backup.backup_folder(), series=backup.series_of(self.ctx.db))

    # --- loading
    def refresh(self) -> None:
        db = self.ctx.db
        now = self.ctx.clock.now()
        folder = backup.backup_folder()
        last = backup.last_backup(db, folder)
        if last is None:
            self.last_time.setText(self.tr("No backup yet"))
            self.last_size.setText("—")
            self.last_file.setText("—")
        else:
            self.last_time.setText(f"{last.time:%Y-%m-%d %H:%M} ({age_text(last.time, now)})")
            self.last_size.setText(f"{human_size(last.size)} ({last.size:,} " + self.tr("bytes") + ")")
            self.last_file.setText(last.path.name)
        self.last_time.setStyleSheet("color: #a50e0e; font-weight: bold" if backup.warning_due(last, now) else "")
        self.folder.setText(str(folder))
        if self.ctx.db_kind == "sqlite":
            self.automatic.setText(self.tr("Every day while OneStop runs on this PC (SQLite online backup)."))
        else:
            self.automatic.setText(self.tr("None for a PostgreSQL server: schedule “onestop backup” (pg_dump) "
                                           "on one PC every day."))
        attempt = backup.last_attempt(db)
        if attempt is not None and not attempt.ok:
            failure = attempt.exception()
            self.attempt.setText(self.tr("The last attempt failed (%1): %2").replace(
                "%1", f"{attempt.time:%Y-%m-%d %H:%M}").replace(
                "%2", describe(failure) if failure is not None else attempt.error))
            self.attempt.show()
        else:
            self.attempt.hide()
        self.model.reload()
        values = settings_service.read_settings(self.ctx.uow(read_only=True))
        self.keep_days.setValue(int(values["backup_keep_days"]))
        self.keep_months.setValue(int(values["backup_keep_months"]))

    # --- actions
    @property
    def busy(self) -> bool:
        return not self.backup_button.isEnabled()

    def back_up_now(self) -> None:
        if self.busy:
            return
        ctx = self.ctx
        task = Task(lambda progress, cancelled: backup.backup_database(ctx, progress=progress, cancelled=cancelled),
                    cancel_error=backup.BackupCancelled)
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._failed)
        task.signals.cancelled.connect(self._cancelled)
        self._set_busy(True)
        self.banner.info(self.tr("Backing up…"))
        self.runner.start("backup", task)

    def cancel(self) -> None:
        task = self.runner.running.get("backup")
        if task is not None:
            task.cancel()

    def _progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if what == "copy":
            self.banner.info(self.tr("Copying and checking the database…"))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.backup_button.setEnabled(not busy)
        self.change_button.setEnabled(not busy)

    def _done(self, result) -> None:
        self._set_busy(False)
        text = self.tr("Backup done: %1 (%2).").replace("%1", str(result.backup.path)).replace(
            "%2", human_size(result.backup.size))
        if result.removed:
            text += " " + self.tr("%1 older backups removed by retention.").replace("%1", str(len(result.removed)))
        self.banner.ok(text)
        ops.changes().changed.emit(BACKUP)  # refreshes this screen and the main window's warning

    def _failed(self, exc) -> None:
        self._set_busy(False)
        self.banner.error(describe(exc))
        ops.changes().changed.emit(BACKUP)

    def _cancelled(self) -> None:
        self._set_busy(False)
        self.banner.info(self.tr("The backup was cancelled; nothing was kept."))
        self.refresh()

    def open_folder(self) -> None:
        folder = backup.backup_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def change_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), str(backup.backup_folder()))
        if not chosen:
            return
        outcome = ops.run(self, None, lambda: backup.set_backup_folder(chosen),
                          failure=lambda exc: self.banner.error(describe(exc)))
        if not outcome.ok:
            return
        folder = outcome.value
        self.banner.ok(self.tr("Backups now go to %1.").replace("%1", str(folder)))
        self.refresh()

    def save_retention(self) -> None:
        values = {"backup_keep_days": self.keep_days.value(), "backup_keep_months": self.keep_months.value()}
        outcome = ops.run(self, self.ctx, lambda uow: settings_service.update_settings(uow, values=values),
                          failure=lambda exc: self.banner.error(describe(exc)), area="admin")
        if not outcome.ok:
            return
        self.banner.ok(self.tr("Retention saved: %1 days, %2 months.").replace(
            "%1", str(values["backup_keep_days"])).replace("%2", str(values["backup_keep_months"])))
