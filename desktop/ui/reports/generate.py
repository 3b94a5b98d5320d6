"""Generate a standard report (一日一快报, 一周一通报, monthly, yearly) as PDF or Excel. The period is chosen the
way the report names it (a day, a week, a month, a year). The work runs in the background with a progress
dialog that can cancel it; the dialog then says where the file is, offers to open it or its folder, and opens
it in the system's viewer when asked (and says so when no program could)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desktop import config
from desktop.services import reports
from desktop.ui.documents import copy_to_clipboard, open_file
from desktop.ui.messages import show_error
from desktop.ui.reports.period_picker import PeriodPicker
from desktop.ui.tasks import Task, TaskRunner

SETTING_DIR = "reports_dir"
OK_STYLE = "color: #1b7f3b;"
WARN_STYLE = "color: #8a5a00;"


def reports_folder() -> Path:
    """Where reports go unless the director chose a folder: 「OneStop报表」 in the documents folder. It need not
    exist yet; it is made when the first report is saved there."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return Path(docs) / QCoreApplication.translate("GenerateDialog", "OneStop reports")


def default_folder() -> str:
    """The folder used last, while it exists; otherwise reports_folder()."""
    saved = config.load_settings().get(SETTING_DIR)
    if saved and Path(saved).is_dir():
        return saved
    return str(reports_folder())


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
        formats, where = self._build_choices(day, kind)
        done = self._build_result()
        self._lay_out(formats, where, done)

    def _build_choices(self, day: dt.date, kind: str) -> tuple[QHBoxLayout, QHBoxLayout]:
        self.kind = QComboBox()
        self.kind.setObjectName("report_kind")
        for key, text in (("daily", self.tr("Daily brief (一日一快报)")), ("weekly", self.tr("Weekly bulletin (一周一通报)")),
                          ("monthly", self.tr("Monthly report")), ("yearly", self.tr("Yearly report"))):
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        today = self.ctx.clock.today()
        self.period = PeriodPicker(today, reports.default_period_kind(self.kind.currentData()), min(day, today))
        self.period_label = QLabel()
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
        return formats, where

    def _build_result(self) -> QHBoxLayout:
        self.open_when_done = QCheckBox(self.tr("&Open the report when it is ready"))
        self.open_when_done.setChecked(True)
        self.message = QLabel()
        self.message.setObjectName("report_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # what can be done with the finished file; shown once there is one
        self.open_report = QPushButton(self.tr("&Open the report"))
        self.open_report.setObjectName("report_open")
        self.open_report.clicked.connect(self.open_result)
        self.open_folder = QPushButton(self.tr("Open the &folder"))
        self.open_folder.setObjectName("report_open_folder")
        self.open_folder.clicked.connect(self.open_result_folder)
        self.copy_path = QPushButton(self.tr("&Copy the path"))
        self.copy_path.setObjectName("report_copy_path")
        self.copy_path.clicked.connect(lambda: self.result and copy_to_clipboard(str(self.result.path)))
        done = QHBoxLayout()
        for b in (self.open_report, self.open_folder, self.copy_path):
            done.addWidget(b)
            b.setVisible(False)
        done.addStretch(1)
        return done

    def _lay_out(self, formats: QHBoxLayout, where: QHBoxLayout, done: QHBoxLayout) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setObjectName("report_close")
        self.go = buttons.addButton(self.tr("&Generate"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("report_generate")
        self.go.setDefault(True)
        buttons.accepted.connect(self.generate)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Report:"), self.kind)
        form.addRow(self.period_label, self.period)
        form.addRow(self.tr("Format:"), _wrap(formats))
        form.addRow(self.tr("Save as:"), _wrap(where))
        form.addRow(self.open_when_done)
        form.addRow(self.message)
        form.addRow(_wrap(done))
        form.addRow(buttons)
        self.resize(640, self.sizeHint().height())
        self._folder = default_folder()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (self.period.changed, self.pdf.toggled):
            signal.connect(self._suggest)
        self._kind_changed()

    # ------------------------------------------------------------------ choices
    def chosen(self) -> tuple[str, dt.date, str]:
        return self.kind.currentData(), self.period.day(), "pdf" if self.pdf.isChecked() else "xlsx"

    def _kind_changed(self, *_args) -> None:
        period_kind = reports.default_period_kind(self.kind.currentData())
        self.period_label.setText({"day": self.tr("Day:"), "week": self.tr("Week:"), "month": self.tr("Month:"),
                                   "year": self.tr("Year:")}[period_kind])
        self.period.set_kind(period_kind)
        self._suggest()

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
        self._make_default_folder(Path(out).expanduser())
        self.go.setEnabled(False)
        self._say("")
        for b in (self.open_report, self.open_folder, self.copy_path):
            b.setVisible(False)

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

    def _make_default_folder(self, out: Path) -> None:
        """The default reports folder is made on demand; a folder the director typed is not (a typing mistake
        would otherwise leave folders about): the service then says it does not exist."""
        folder = out if out.suffix == "" else out.parent
        if folder == reports_folder() and not folder.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass  # the service names the reason

    def _say(self, text: str, style: str = "") -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self._fit()

    def _fit(self) -> None:
        """Grow to show the whole message (a wrapped label does not make a shown dialog taller by itself)."""
        layout = self.layout()
        layout.activate()
        wanted = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _finished(self, result: reports.ReportFile) -> None:
        self._close_progress()
        self.result = result
        config.save_settings({SETTING_DIR: str(result.path.parent)})
        self._folder = str(result.path.parent)
        text = self.tr("The report is ready: %1").replace("%1", str(result.path))
        if result.empty:
            text += "\n" + self.tr("The period had no business at all; the report says so.")
        style = OK_STYLE
        if self.open_when_done.isChecked():
            if open_file(result.path):
                text += "\n" + self.tr("It has been opened.")
            else:
                text += "\n" + self.tr("No program on this computer could open it: use the file from its folder "
                                        "or copy it to another computer.")
                style = WARN_STYLE
        self._say(text, style)
        for b in (self.open_report, self.open_folder, self.copy_path):
            b.setVisible(True)
        self._fit()
        self.open_report.setText(self.tr("&Open the report") if result.fmt == "pdf" else
                                 self.tr("&Open the workbook"))

    def open_result(self) -> None:
        if self.result is not None and not open_file(self.result.path):
            self._say(self.tr("No program on this computer could open %1.").replace("%1", str(self.result.path)),
                      WARN_STYLE)

    def open_result_folder(self) -> None:
        if self.result is not None and not open_file(self.result.path.parent):
            copy_to_clipboard(str(self.result.path.parent))
            self._say(self.tr("No file manager could be started. The folder is %1 (the path is on the "
                              "clipboard).").replace("%1", str(self.result.path.parent)), WARN_STYLE)

    def _failed(self, exc) -> None:
        self._close_progress()
        show_error(self, exc)

    def _cancelled(self) -> None:
        self._close_progress()
        self._say(self.tr("The report was cancelled; no file was written."))


def _wrap(layout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w
