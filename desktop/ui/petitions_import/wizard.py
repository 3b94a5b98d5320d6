"""The import wizard of the Petitions area: 12345 work orders and grid reports from Excel or CSV files.

Four steps — the file and its source, the column mapping, the preview of every row (what will be created,
what is a repeat, what changed since the last import, what is wrong), and the import with its result.
Reading, checking and importing run on the thread pool with a progress bar and Cancel; a cancelled import
leaves nothing behind (one transaction per file). Shortcuts: Ctrl+O choose a file, Alt+N next, Ctrl+Return
import, Ctrl+E save the error report, Ctrl+R register a repeat as a new case, Ctrl+F the row filter.

This module holds the dialog: the steps line, the pages (file_page, mapping_page, preview_page, result_page),
the message line, the busy row (busy.py), the buttons, and the steps' work, which the pages hand on through
the wizard's ImportState (state.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from desktop.services import intake
from desktop.services.errors import ServiceError
from desktop.services.intake import files
from desktop.ui import ops
from desktop.ui.messages import describe, show_error
from desktop.ui.petitions_import.busy import BusyRow
from desktop.ui.petitions_import.file_page import FilePage
from desktop.ui.petitions_import.mapping_page import MappingPage
from desktop.ui.petitions_import.preview_page import PreviewPage, may_register_as_new
from desktop.ui.petitions_import.result_page import ResultPage
from desktop.ui.petitions_import.state import FILE, MAPPING, PREVIEW, RESULT, ImportState
from desktop.ui.petitions_import.tasks import IntakeJob, IntakeRun
from desktop.ui.petitions_import.widgets import shortcut_tip
from desktop.ui.tasks import Task, TaskRunner

__all__ = ["FILE", "MAPPING", "PREVIEW", "RESULT", "ImportWizard"]

ERROR_STYLE = "color: #b00020"
# the pages' widgets stay reachable as the wizard's own, as when it was one class (tests and callers use them)
EXPOSED = {
    "file_page": ("source_buttons", "path_edit", "sheet_combo", "auto_header", "header_spin", "history"),
    "mapping_page": ("file_info", "mapping_table", "combos", "remember", "synonyms_button", "unmapped"),
    "preview_page": ("summary", "filter_combo", "strict", "apply_updates", "new_case_button", "report_button",
                     "model", "table", "detail"),
    "result_page": ("result_text", "result_report", "another"),
    "busy_row": ("stage", "progress", "cancel_button"),
}


class ImportWizard(QDialog):
    """``ImportWizard(ctx, parent, source="hotline"|"grid", path=None)``; emits ``imported(ImportResult)``."""

    imported = Signal(object)

    def __init__(self, ctx, parent=None, *, source: str = intake.HOTLINE, path: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import work orders"))
        self.resize(1280, 720)
        self.state = ImportState()
        self.task: Task | None = None
        self.running: IntakeRun | None = None
        self.tasks = TaskRunner(self)
        self._close_when_done = False

        self.steps = QLabel()
        self.steps.setObjectName("steps")
        self.pages = QStackedWidget()
        self.file_page = FilePage(ctx, source, path, self.choose_file)
        self.mapping_page = MappingPage(ctx, self.state)
        self.preview_page = PreviewPage(self.toggle_new_case, self.save_error_report)
        self.result_page = ResultPage(self.save_error_report, self.restart)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.pages.addWidget(page)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.busy_row = BusyRow(self.error)
        self.busy_row.cancel_button.clicked.connect(self.cancel_task)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.busy_row)
        layout.addLayout(self._buttons())
        for keys, slot in (("Ctrl+O", self.choose_file), ("Ctrl+F", self.preview_page.filter_combo.setFocus),
                           ("Ctrl+R", self.toggle_new_case), ("Ctrl+E", self.save_error_report),
                           ("Ctrl+Return", self._import_shortcut), ("Ctrl+Enter", self._import_shortcut)):
            self._shortcut(keys, slot)
        for holder, names in EXPOSED.items():
            for name in names:
                setattr(self, name, getattr(getattr(self, holder), name))
        self.go(FILE)

    def _buttons(self) -> QHBoxLayout:
        self.back_button = QPushButton(self.tr("< &Back"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("&Next >"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(b)
        return buttons

    def _shortcut(self, keys: str, slot) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)

    @property
    def source(self) -> str:
        return self.file_page.source

    @property
    def register_as_new(self) -> set[int]:
        return self.state.register_as_new

    # ------------------------------------------------------------ navigation

    def go(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        names = [self.tr("1 File"), self.tr("2 Columns"), self.tr("3 Preview"), self.tr("4 Import")]
        self.steps.setText("  ›  ".join(f"<b>{n}</b>" if i == page else n for i, n in enumerate(names)))
        self.back_button.setVisible(page in (MAPPING, PREVIEW))
        self.next_button.setVisible(page != RESULT)
        if page == PREVIEW:
            self.next_button.setText(self.tr("&Import"))
            self.next_button.setToolTip(shortcut_tip(self.tr("Import the rows"), "Ctrl+Return"))
        else:
            self.next_button.setText(self.tr("&Next >"))
            self.next_button.setToolTip("")
        self.close_button.setText(self.tr("Close"))
        self.error.clear()

    def back(self) -> None:
        if self.task is None and self.pages.currentIndex() > FILE:
            self.go(self.pages.currentIndex() - 1)

    def next(self) -> None:
        if self.task is not None:
            return
        page = self.pages.currentIndex()
        if page == FILE:
            self.read_file()
        elif page == MAPPING:
            self.build_preview()
        elif page == PREVIEW:
            self.start_import()

    def _import_shortcut(self) -> None:
        if self.pages.currentIndex() == PREVIEW:
            self.next()

    def restart(self) -> None:
        self.state.clear()
        self.file_page.load_history()
        self.go(FILE)

    # ------------------------------------------------------------ background work

    def run(self, job: IntakeJob, done, stage_text: str, *, read_only: bool = True) -> None:
        """``job(uow, progress, cancelled)`` on the thread pool while the pages wait; ``done(result)`` after."""
        self.running = IntakeRun(self, self.ctx, job, read_only=read_only)
        self.running.progress.connect(self.busy_row.advanced)
        self.busy_row.started(stage_text)
        self.pages.setEnabled(False)
        for b in (self.back_button, self.next_button):
            b.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.task = self.running.start(self.tasks, "intake", success=lambda result: self._finished(done, result),
                                       failure=self._stopped)

    def _idle(self) -> None:
        self.task = None
        if self.running is not None:
            self.running.deleteLater()
            self.running = None
        self.busy_row.hide()
        self.pages.setEnabled(True)
        for b in (self.back_button, self.next_button):
            b.setEnabled(True)
        self.unsetCursor()
        if self._close_when_done:
            super().reject()

    def _finished(self, done, result) -> None:
        if self.running is not None and self.running.cancel_asked():  # finished after Cancel: as cancelled
            self._failed(files.Cancelled(stage="cancelled"))
            return
        self._idle()
        if not self._close_when_done:
            done(result)

    def _stopped(self, exc: Exception) -> None:
        if isinstance(exc, files.Cancelled) or (self.running is not None and self.running.cancel_asked()):
            exc = files.Cancelled(stage="cancelled")  # "Cancelled. Nothing was imported."
        self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        self._idle()
        if self._close_when_done:
            return
        if isinstance(exc, ServiceError):
            self.error.setText(describe(exc))
            if isinstance(exc, files.NoRecognisableHeaders):
                self.file_page.auto_header.setChecked(False)
                self.file_page.header_spin.setFocus()
            elif isinstance(exc, intake.MappingIncomplete) and exc.facts.get("missing"):
                self.mapping_page.combos[exc.facts["missing"][0]].setFocus()
        else:
            show_error(self, exc)

    def cancel_task(self) -> None:
        if self.task is not None:
            self.running.cancel()
            self.busy_row.cancelling()

    def reject(self) -> None:
        if self.task is not None:  # the work stops at its next step and rolls back; then the dialog closes
            self._close_when_done = True
            self.cancel_task()
            return
        super().reject()

    # ------------------------------------------------------------ step 1: the file

    def choose_file(self) -> None:
        if self.pages.currentIndex() == FILE and self.task is None:
            self.file_page.choose_file()

    def read_file(self) -> None:
        source, path, sheet, header_row = key = self.file_page.read_key()
        if not path:
            self.error.setText(self.tr("Choose a file first."))
            self.file_page.path_edit.setFocus()
            return
        if self.state.opened is not None and key == self.state.read_key:
            self.go(MAPPING)
            return

        def job(uow, progress, cancelled):
            return intake.open_work_order_file(uow, source=source, path=path, sheet=sheet, header_row=header_row,
                                               progress=progress, cancelled=cancelled)

        self.state.read_key = key
        self.run(job, self._file_read, self.tr("Reading the file…"))

    def _file_read(self, opened: intake.OpenedFile) -> None:
        state = self.state
        state.opened = opened
        state.preview = None
        state.register_as_new.clear()
        self.file_page.show_sheets(opened.sheet)
        if opened.sheet.sheets:  # the sheet now shown is the one read
            state.read_key = (*self.file_page.read_key()[:3], state.read_key[3])
        self.file_page.header_spin.setValue(opened.sheet.header_row)
        self.mapping_page.show_file(opened)
        self.go(MAPPING)

    # ------------------------------------------------------------ step 2: the mapping

    def build_preview(self) -> None:
        opened = self.state.opened
        if opened is None:
            return
        mapping = self.mapping_page.mapping()
        if ops.run(self, None, lambda: intake.check_mapping(opened.sheet, mapping), failure=self._failed).ok:
            self._start_preview(mapping)

    def _start_preview(self, mapping: dict[str, str]) -> None:
        source, sheet = self.source, self.state.opened.sheet
        chosen = frozenset(self.state.register_as_new)

        def job(uow, progress, cancelled):
            return intake.preview_import(uow, source=source, sheet=sheet, mapping=mapping, register_as_new=chosen,
                                         progress=progress, cancelled=cancelled)

        self.run(job, self._previewed, self.tr("Checking the rows…"))

    # ------------------------------------------------------------ step 3: the preview

    def _previewed(self, preview: intake.ImportPreview) -> None:
        self.state.preview = preview
        self.preview_page.show_preview(preview)
        self.go(PREVIEW)

    def toggle_new_case(self) -> None:
        if self.pages.currentIndex() != PREVIEW or self.task is not None:
            return
        r = self.preview_page.current_row()
        if r is None or not may_register_as_new(r):
            return
        self.state.register_as_new ^= {r.row_no}
        self._start_preview(dict(self.state.preview.mapping))

    def save_error_report(self) -> None:
        state = self.state
        rows = state.result.rejected_rows if state.result is not None else (
            state.preview.problems() if state.preview is not None else ())
        if not rows or state.opened is None:
            return
        sheet = state.opened.sheet
        default = str(Path(self.file_page.path_edit.text()).with_name(Path(sheet.file_name).stem + "_错误报告.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the error report"), default,
                                              self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        source, now = self.source, self.ctx.clock.now()
        if ops.run(self, None, lambda: intake.write_error_report(path, rows, sheet, source=source,
                                                                  generated_at=now)).ok:
            self.error.setStyleSheet("color: #1b7f3b")
            self.error.setText(self.tr("Error report saved: %1").replace("%1", path))

    # ------------------------------------------------------------ step 4: the import

    def start_import(self) -> None:
        preview, opened = self.state.preview, self.state.opened
        if preview is None or opened is None:
            return
        c = preview.counts
        apply_updates = self.preview_page.updates_chosen()
        if c.new + c.repeat == 0 and not apply_updates:
            self.error.setText(self.tr("There is nothing to import: every row was imported before or is rejected."))
            return
        source, sheet = self.source, opened.sheet
        mapping, chosen = dict(preview.mapping), frozenset(self.state.register_as_new)
        strict = self.preview_page.strict.isChecked()
        remember = self.mapping_page.remember.isChecked()
        if strict and c.rejected:
            QMessageBox.warning(self, self.windowTitle(), describe(
                intake.StrictImportRefused(rejected=c.rejected, total=c.total)))
            return

        def job(uow, progress, cancelled):
            return intake.import_work_orders(uow, source=source, sheet=sheet, mapping=mapping, strict=strict,
                                             apply_updates=apply_updates, register_as_new=chosen,
                                             remember_mapping=remember, progress=progress, cancelled=cancelled)

        self.run(job, self._imported, self.tr("Importing…"), read_only=False)

    def _imported(self, result: intake.ImportResult) -> None:
        self.state.result = result
        self.result_page.show_result(result)
        self.go(RESULT)
        self.imported.emit(result)
