"""Generate a standard report (一日一快报, 一周一通报, monthly, yearly) as PDF or Excel. The work runs in the
background with a progress dialog that can cancel it; the finished file opens in the system's viewer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desktop import config
from desktop.services import reports
from desktop.ui.messages import show_error
from desktop.ui.tasks import Task, TaskRunner

SETTING_DIR = "reports_dir"


def default_folder() -> str:
    saved = config.load_settings().get(SETTING_DIR)
    if saved and Path(saved).is_dir():
        return saved
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


class GenerateDialog(QDialog):
    """Choose the report, the day, the format and the file; ``generate()`` starts the background task."""

    def __init__(self, ctx, day: dt.date, kind: str = "daily", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.task: Task | None = None
        self.progress: QProgressDialog | None = None
        self.result: reports.ReportFile | None = None
        self.setWindowTitle(self.tr("Generate report"))
        self.kind = QComboBox()
        self.kind.setObjectName("report_kind")
        for key, text in (("daily", self.tr("Daily brief (一日一快报)")), ("weekly", self.tr("Weekly bulletin (一周一通报)")),
                          ("monthly", self.tr("Monthly report")), ("yearly", self.tr("Yearly report"))):
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setObjectName("report_day")
        self.day.setCalendarPopup(True)
        today = ctx.clock.today()
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.pdf = QRadioButton(self.tr("&PDF (to print)"))
        self.pdf.setChecked(True)
        self.xlsx = QRadioButton(self.tr("E&xcel workbook"))
        formats = QHBoxLayout()
        formats.addWidget(self.pdf)
        formats.addWidget(self.xlsx)
        formats.addStretch(1)
        self.path = QLineEdit()
        self.path.setObjectName("report_path")
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.open_when_done = QCheckBox(self.tr("&Open the report when it is ready"))
        self.open_when_done.setChecked(True)
        self.message = QLabel()
        self.message.setObjectName("report_message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = buttons.addButton(self.tr("&Generate"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("report_generate")
        self.go.setDefault(True)
        buttons.accepted.connect(self.generate)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Report:"), self.kind)
        form.addRow(self.tr("A day of the period:"), self.day)
        form.addRow(self.tr("Format:"), _wrap(formats))
        form.addRow(self.tr("Save as:"), _wrap(where))
        form.addRow(self.open_when_done)
        form.addRow(self.message)
        form.addRow(buttons)
        self.resize(620, self.sizeHint().height())
        self._folder = default_folder()
        for signal in (self.kind.currentIndexChanged, self.day.dateChanged, self.pdf.toggled):
            signal.connect(self._suggest)
        self._suggest()

    # ------------------------------------------------------------------ choices
    def chosen(self) -> tuple[str, dt.date, str]:
        d = self.day.date()
        return self.kind.currentData(), dt.date(d.year(), d.month(), d.day()), "pdf" if self.pdf.isChecked() else "xlsx"

    def _suggest(self, *_args) -> None:
        kind, day, fmt = self.chosen()
        current = Path(self.path.text()) if self.path.text() else None
        folder = str(current.parent) if current and current.parent.is_dir() else self._folder
        self.path.setText(str(Path(folder) / reports.default_file_name(kind, day, fmt)))

    def browse(self) -> None:
        kind, day, fmt = self.chosen()
        pattern = self.tr("PDF files (*.pdf)") if fmt == "pdf" else self.tr("Excel workbooks (*.xlsx)")
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Save the report as"), self.path.text(), pattern)
        if path:
            if not path.endswith("." + fmt):
                path += "." + fmt
            self.path.setText(path)

    # ------------------------------------------------------------------ the background work
    def generate(self) -> None:
        kind, day, fmt = self.chosen()
        out = self.path.text().strip() or self._folder
        ctx = self.ctx
        self.go.setEnabled(False)
        self.message.setText("")

        def work(progress, cancelled):
            return reports.generate_report(ctx.uow(read_only=True), kind=kind, day=day, fmt=fmt, out=out,
                                           progress=progress, cancelled=cancelled)

        self.task = Task(work, cancel_error=reports.ReportCancelled)
        self.task.signals.progress.connect(self._progress)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        self.progress = QProgressDialog(self.tr("Preparing the report…"), self.tr("Cancel"), 0, 0, self)
        self.progress.setObjectName("report_progress")
        self.progress.setWindowTitle(self.tr("Generating report"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.progress.show()
        self.runner.start("generate", self.task)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            if self.progress is not None:
                self.progress.setLabelText(self.tr("Stopping…"))

    def _progress(self, done: int, total: int, what: str) -> None:
        dialog = self.progress
        if dialog is None:
            return
        dialog.setMaximum(total)
        # a window-modal progress dialog processes events in setValue(): the task's last signal may arrive and
        # close the dialog right there, so the rest only touches a dialog that is still showing
        dialog.setValue(min(done, total))
        if what and self.progress is dialog:
            dialog.setLabelText(self.tr("Preparing: %1").replace("%1", what) if done < total else
                                self.tr("Saving the file…"))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress = None
        self.go.setEnabled(True)

    def _finished(self, result: reports.ReportFile) -> None:
        self._close_progress()
        self.result = result
        config.save_settings({SETTING_DIR: str(result.path.parent)})
        if result.empty:
            QMessageBox.information(self, self.tr("Report ready"), self.tr(
                "The period had no business at all; the report says so.\n%1").replace("%1", str(result.path)))
        if self.open_when_done.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        self.accept()

    def _failed(self, exc) -> None:
        self._close_progress()
        show_error(self, exc)

    def _cancelled(self) -> None:
        self._close_progress()
        self.message.setText(self.tr("The report was cancelled; no file was written."))


def _wrap(layout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w
