"""The batch export of case files (卷宗): the cases closed in a period, each finalised case file written as a PDF
into a folder, in the background with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop.services import case_files as cf
from desktop.ui.document_files import describe
from desktop.ui.tasks import Task, TaskRunner


class ExportDialog(QDialog):
    """Export every case closed in a date range to a folder, in the background, with progress and Cancel."""

    def __init__(self, ctx, parent=None, *, folder: str | None = None):
        super().__init__(parent)
        self.setObjectName("case_file_export")
        self.setWindowTitle(self.tr("Export case files"))
        self.setMinimumWidth(560)
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.task: Task | None = None
        self.result: cf.ExportResult | None = None
        today = ctx.clock.today()
        first = today.replace(day=1)
        self.start = QDateEdit(QDate(first.year, first.month, first.day))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.folder = QLineEdit(folder or str(Path.home() / "卷宗导出"))
        self.folder.setObjectName("export_folder")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Closed from:"), self.start)
        form.addRow(self.tr("Closed to:"), self.end)
        form.addRow(self.tr("Folder:"), folder_row)
        intro = QLabel(self.tr("One PDF per closed petition or dispute (the stored version; cases not yet finalised "
                               "are finalised now), and manifest.csv with each file's SHA-256."))
        intro.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("export_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.what = QLabel()
        self.what.setObjectName("export_status")
        self.what.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.go = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("export_start")
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("export_cancel")
        self.go.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.what)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"), self.folder.text())
        if path:
            self.folder.setText(path)

    def running(self) -> bool:
        return self.task is not None

    def start_export(self) -> None:
        if self.running():
            return
        start, end = self.start.date().toPython(), self.end.date().toPython()
        folder = self.folder.text().strip()
        if not folder:
            self.what.setText(self.tr("Choose a folder."))
            return
        ctx = self.ctx

        def work(progress, cancelled):
            return cf.export_case_files(ctx.uow, start=start, end=end, folder=folder, progress=progress,
                                        cancelled=cancelled)

        self.task = Task(work, cancel_error=cf.ExportCancelled)
        self.task.signals.progress.connect(self._progress)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        self.go.setEnabled(False)
        for w in (self.start, self.end, self.folder):
            w.setEnabled(False)
        self.progress.setRange(0, 0)
        self.what.setText(self.tr("Looking for closed cases…"))
        self.runner.start("export", self.task)

    def _progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.what.setText(self.tr("%1 of %2 case files written%3").replace("%1", str(done)).replace(
            "%2", str(total)).replace("%3", f"：{what}" if what else ""))

    def _settle(self) -> None:
        self.task = None
        self.go.setEnabled(True)
        for w in (self.start, self.end, self.folder):
            w.setEnabled(True)
        self.cancel_button.setText(self.tr("Close"))

    def _finished(self, result: cf.ExportResult) -> None:
        self.result = result
        self._settle()
        self.progress.setRange(0, max(len(result.files), 1))
        self.progress.setValue(len(result.files))
        self.what.setText(self.tr("%1 case files exported to %2 (%3 finalised now); manifest.csv lists them.")
                          .replace("%1", str(len(result.files))).replace("%2", result.folder)
                          .replace("%3", str(result.finalised)))

    def _failed(self, exc: Exception) -> None:
        self._settle()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.what.setText(describe(exc))

    def _cancelled(self) -> None:
        self._settle()
        self.what.setText(self.tr("Export cancelled. The files already written are complete; no manifest was "
                                  "written."))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.what.setText(self.tr("Stopping after the current file…"))
            return
        self.reject()

    def reject(self) -> None:
        if self.task is not None:  # Escape while running: cancel first, close when it has stopped
            self.cancel()
            return
        super().reject()
