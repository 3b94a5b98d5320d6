"""The import wizard of the Petitions area: 12345 work orders and grid reports from Excel or CSV files.

Four steps — the file and its source, the column mapping, the preview of every row (what will be created,
what is a repeat, what changed since the last import, what is wrong), and the import with its result.
Reading, checking and importing run on the thread pool with a progress bar and Cancel; a cancelled import
leaves nothing behind (one transaction per file). Shortcuts: Ctrl+O choose a file, Alt+N next, Ctrl+Return
import, Ctrl+E save the error report, Ctrl+R register a repeat as a new case, Ctrl+F the row filter.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services import intake
from desktop.services.errors import ServiceError
from desktop.services.intake import files
from desktop.services.permissions import Permission, can
from desktop.ui.messages import describe, show_error
from desktop.ui.petitions_import import texts
from desktop.ui.petitions_import.synonyms import SynonymEditor
from desktop.ui.petitions_import.tasks import intake_task
from desktop.ui.petitions_import.widgets import shortcut_tip
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.tasks import Task, TaskRunner

ERROR_STYLE = "color: #b00020"
FILE, MAPPING, PREVIEW, RESULT = range(4)
FILTERS = ("all", "rejected", "new", "repeat", "changed", "unchanged", "other")


def may_configure(ctx) -> bool:
    return ctx.actor.role == "system" or can(ctx.actor.role, Permission.CONFIGURE_CENTER)


class ImportWizard(QDialog):
    """``ImportWizard(ctx, parent, source="hotline"|"grid", path=None)``; emits ``imported(ImportResult)``."""

    imported = Signal(object)

    def __init__(self, ctx, parent=None, *, source: str = intake.HOTLINE, path: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import work orders"))
        self.resize(1280, 720)
        self.opened: intake.OpenedFile | None = None
        self.read_key: tuple | None = None
        self.preview: intake.ImportPreview | None = None
        self.result: intake.ImportResult | None = None
        self.register_as_new: set[int] = set()
        self.task: Task | None = None
        self.tasks = TaskRunner(self)
        self._close_when_done = False

        self.steps = QLabel()
        self.steps.setObjectName("steps")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page(source, path))
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._result_page())

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.stage = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(shortcut_tip(self.tr("Stop; nothing is imported"), "Esc"))
        self.cancel_button.clicked.connect(self.cancel_task)
        busy = QHBoxLayout()
        busy.addWidget(self.stage)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        self.busy_row = QWidget()
        self.busy_row.setLayout(busy)
        self.busy_row.hide()

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

        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.busy_row)
        layout.addLayout(buttons)
        self._shortcut("Ctrl+Return", self._import_shortcut)
        self._shortcut("Ctrl+Enter", self._import_shortcut)
        self.go(FILE)

    # ------------------------------------------------------------ building the pages

    def _shortcut(self, keys: str, slot) -> None:
        from PySide6.QtGui import QAction

        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)

    def _file_page(self, source: str, path: str | None) -> QWidget:
        page = QWidget()
        self.source_group = QButtonGroup(page)
        self.source_buttons = {}
        sources = QHBoxLayout()
        for code in intake.SOURCES:
            button = QRadioButton(texts.source_label(code))
            button.setObjectName(f"source_{code}")
            self.source_group.addButton(button)
            self.source_buttons[code] = button
            sources.addWidget(button)
        sources.addStretch(1)
        self.source_buttons.get(intake.source_code(source), self.source_buttons[intake.HOTLINE]).setChecked(True)
        self.path_edit = QLineEdit(path or "")
        self.path_edit.setObjectName("path")
        self.path_edit.setPlaceholderText(self.tr("An .xlsx, .xls or .csv file exported from the platform"))
        browse = QPushButton(self.tr("&Choose…"))
        browse.setToolTip(shortcut_tip(self.tr("Choose the file"), "Ctrl+O"))
        browse.clicked.connect(self.choose_file)
        self._shortcut("Ctrl+O", self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheet")
        self.sheet_combo.addItem(self.tr("The first sheet with data"), None)
        self.auto_header = QCheckBox(self.tr("Find the header row by its names"))
        self.auto_header.setChecked(True)
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("header_row")
        self.header_spin.setRange(1, files.HEADER_SCAN_ROWS)
        self.header_spin.setPrefix(self.tr("Row "))
        self.header_spin.setSuffix(self.tr(" ", "after the number of the header row"))
        self.header_spin.setEnabled(False)
        self.auto_header.toggled.connect(lambda on: self.header_spin.setEnabled(not on))
        header_row = QHBoxLayout()
        header_row.addWidget(self.auto_header)
        header_row.addWidget(self.header_spin)
        header_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Source:"), sources)
        form.addRow(self.tr("File:"), file_row)
        form.addRow(self.tr("Sheet:"), self.sheet_combo)
        form.addRow(self.tr("Header:"), header_row)
        hint = QLabel(self.tr(
            "Excel workbooks (.xlsx, .xls) and CSV files (UTF-8 or GBK) are read. Work orders imported before are "
            "recognised by their number and are not created twice."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        self.history = QTableWidget(0, 6)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels([self.tr("Imported"), self.tr("Source"), self.tr("File"),
                                                self.tr("Created"), self.tr("Repeats"), self.tr("Rejected")])
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.setColumnWidth(0, 140)
        self.history.setColumnWidth(1, 130)
        self.history.setWordWrap(False)
        box = QGroupBox(self.tr("Recent imports"))
        QVBoxLayout(box).addWidget(self.history)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(box, 1)
        self._load_history()
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.file_info = QLabel()
        self.file_info.setObjectName("file_info")
        self.file_info.setWordWrap(True)
        self.mapping_table = QTableWidget(len(files.FIELDS), 3)
        self.mapping_table.setObjectName("mapping")
        self.mapping_table.setHorizontalHeaderLabels([self.tr("Our field"), self.tr("Column in the file"),
                                                      self.tr("First values in that column")])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setColumnWidth(0, 180)
        self.mapping_table.setColumnWidth(1, 300)
        self.mapping_table.verticalHeader().setDefaultSectionSize(34)
        self.combos: dict[str, QComboBox] = {}
        for i, field in enumerate(files.FIELDS):
            label = texts.field_label(field) + (" *" if field in files.REQUIRED else "")
            item = QTableWidgetItem(label)
            if field in files.REQUIRED:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.mapping_table.setItem(i, 0, item)
            combo = QComboBox()
            combo.setObjectName(f"map_{field}")
            combo.currentIndexChanged.connect(lambda _i, f=field: self._show_samples(f))
            self.combos[field] = combo
            self.mapping_table.setCellWidget(i, 1, combo)
            self.mapping_table.setItem(i, 2, QTableWidgetItem(""))
        self.remember = QCheckBox(self.tr("Remember this mapping for the source"))
        self.remember.setObjectName("remember")
        self.remember.setChecked(True)
        self.synonyms_button = QPushButton(self.tr("Category &synonyms…"))
        self.synonyms_button.setToolTip(self.tr("Which of our categories the platform's category names mean"))
        self.synonyms_button.clicked.connect(self.edit_synonyms)
        self.synonyms_button.setVisible(may_configure(self.ctx))
        bottom = QHBoxLayout()
        bottom.addWidget(self.remember)
        bottom.addStretch(1)
        bottom.addWidget(self.synonyms_button)
        note = QLabel(self.tr("Fields marked * are required. A column left out is not imported."))
        note.setStyleSheet("color: #555")
        self.unmapped = QLabel()
        self.unmapped.setObjectName("unmapped")
        self.unmapped.setWordWrap(True)
        self.unmapped.setStyleSheet("color: #555")
        layout = QVBoxLayout(page)
        layout.addWidget(self.file_info)
        layout.addWidget(self.mapping_table, 1)
        layout.addWidget(self.unmapped)
        layout.addWidget(note)
        layout.addLayout(bottom)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("filter")
        for key, label in zip(FILTERS, (self.tr("All rows"), self.tr("Rejected rows"), self.tr("New cases"),
                                        self.tr("Repeats"), self.tr("Changed since last import"),
                                        self.tr("Unchanged"), self.tr("Category went to 其他")), strict=True):
            self.filter_combo.addItem(label, key)
        self.filter_combo.setToolTip(shortcut_tip(self.tr("Which rows to show"), "Ctrl+F"))
        self.filter_combo.currentIndexChanged.connect(lambda _i: self._refilter())
        self._shortcut("Ctrl+F", self.filter_combo.setFocus)
        self.strict = QCheckBox(self.tr("&Strict: import nothing if any row is invalid"))
        self.strict.setObjectName("strict")
        self.apply_updates = QCheckBox()
        self.apply_updates.setObjectName("apply_updates")
        self.new_case_button = QPushButton(self.tr("&Register as new case"))
        self.new_case_button.setToolTip(shortcut_tip(
            self.tr("The selected repeat is a different matter: register it as a new case (again: undo)"),
            "Ctrl+R"))
        self.new_case_button.clicked.connect(self.toggle_new_case)
        self._shortcut("Ctrl+R", self.toggle_new_case)
        self.report_button = QPushButton(self.tr("Save &error report…"))
        self.report_button.setToolTip(shortcut_tip(self.tr("The rejected rows and their reasons, as Excel"),
                                                   "Ctrl+E"))
        self.report_button.clicked.connect(self.save_error_report)
        self._shortcut("Ctrl+E", self.save_error_report)
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("Show:")))
        tools.addWidget(self.filter_combo)
        tools.addSpacing(16)
        tools.addWidget(self.strict)
        tools.addWidget(self.apply_updates)
        tools.addStretch(1)
        tools.addWidget(self.new_case_button)
        tools.addWidget(self.report_button)

        self.rows: list[intake.PreviewRow] = []
        self.model = PagedTableModel(self._columns(), self._fetch, parent=self)
        self.table = QTableView()
        self.table.setObjectName("preview")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the file's order
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for i, width in enumerate((48, 64, 150, 120, 70, 110, 90, 170, 260)):
            self.table.setColumnWidth(i, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_row())
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        self.result_text = QLabel()
        self.result_text.setObjectName("result")
        self.result_text.setTextFormat(Qt.TextFormat.RichText)
        self.result_text.setWordWrap(True)
        self.result_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result_report = QPushButton(self.tr("Save &error report…"))
        self.result_report.clicked.connect(self.save_error_report)
        self.another = QPushButton(self.tr("Import &another file"))
        self.another.clicked.connect(self.restart)
        row = QHBoxLayout()
        row.addWidget(self.result_report)
        row.addWidget(self.another)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_text)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------ navigation

    @property
    def source(self) -> str:
        return next(code for code, b in self.source_buttons.items() if b.isChecked())

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
        self.opened = self.preview = self.result = None
        self.read_key = None
        self.register_as_new.clear()
        self._load_history()
        self.go(FILE)

    # ------------------------------------------------------------ background work

    def _run(self, job, done, stage_text: str) -> None:
        self.task = intake_task(job)
        self.task.signals.progress.connect(lambda d, total, stage: self._progress(stage, d, total))
        self.task.signals.finished.connect(lambda result: self._finished(done, result))
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        self.error.clear()
        self.stage.setText(stage_text)
        self.progress.setRange(0, 0)
        self.busy_row.show()
        self.cancel_button.setEnabled(True)
        self.pages.setEnabled(False)
        for b in (self.back_button, self.next_button):
            b.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.tasks.start("intake", self.task)

    def _progress(self, stage: str, done: int, total: int) -> None:
        words = {"read": self.tr("Reading the file…"), "check": self.tr("Checking the rows…"),
                 "write": self.tr("Importing…"), "done": self.tr("Done")}
        self.stage.setText(words.get(stage, stage))
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress.setFormat(f"{min(done, total):,} / {total:,}")
        else:
            self.progress.setRange(0, 0)

    def _idle(self) -> None:
        self.task = None
        self.busy_row.hide()
        self.pages.setEnabled(True)
        for b in (self.back_button, self.next_button):
            b.setEnabled(True)
        self.unsetCursor()
        if self._close_when_done:
            super().reject()

    def _finished(self, done, result) -> None:
        self._idle()
        if not self._close_when_done:
            done(result)

    def _failed(self, exc: Exception) -> None:
        self._idle()
        if self._close_when_done:
            return
        if isinstance(exc, ServiceError):
            self.error.setText(describe(exc))
            if isinstance(exc, files.NoRecognisableHeaders):
                self.auto_header.setChecked(False)
                self.header_spin.setFocus()
            elif isinstance(exc, intake.MappingIncomplete) and exc.facts.get("missing"):
                self.combos[exc.facts["missing"][0]].setFocus()
        else:
            show_error(self, exc)

    def _cancelled(self) -> None:
        self._failed(files.Cancelled(stage="cancelled"))  # "Cancelled. Nothing was imported."

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(self.tr("Cancelling…"))

    def reject(self) -> None:
        if self.task is not None:  # the work stops at its next step and rolls back; then the dialog closes
            self._close_when_done = True
            self.cancel_task()
            return
        super().reject()

    # ------------------------------------------------------------ step 1: the file

    def choose_file(self) -> None:
        if self.pages.currentIndex() != FILE or self.task is not None:
            return
        start = self.path_edit.text().strip() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the work-order file"), start,
                                              self.tr("Work orders (*.xlsx *.xls *.csv);;All files (*)"))
        if path:
            self.path_edit.setText(path)

    def _load_history(self) -> None:
        try:
            batches = intake.list_batches(self.ctx.uow(read_only=True), limit=8)
        except ServiceError:
            batches = []
        self.history.setRowCount(len(batches))
        for i, b in enumerate(batches):
            values = [b.imported_at.strftime("%Y-%m-%d %H:%M"), texts.source_label(b.source), b.file_name,
                      str(b.created), str(b.repeats), str(b.rejected)]
            for j, v in enumerate(values):
                self.history.setItem(i, j, QTableWidgetItem(v))

    def read_file(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            self.error.setText(self.tr("Choose a file first."))
            self.path_edit.setFocus()
            return
        sheet = self.sheet_combo.currentData()
        header_row = None if self.auto_header.isChecked() else self.header_spin.value()
        source = self.source
        key = (source, path, sheet, header_row)
        if self.opened is not None and key == self.read_key:
            self.go(MAPPING)
            return
        ctx = self.ctx

        def job(progress, cancelled):
            return intake.open_work_order_file(ctx.uow(read_only=True), source=source, path=path, sheet=sheet,
                                               header_row=header_row, progress=progress, cancelled=cancelled)

        self.read_key = key
        self._run(job, self._file_read, self.tr("Reading the file…"))

    def _file_read(self, opened: intake.OpenedFile) -> None:
        self.opened = opened
        self.preview = None
        self.register_as_new.clear()
        sheet = opened.sheet
        if sheet.sheets:
            current = self.sheet_combo.currentData()
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.clear()
            self.sheet_combo.addItem(self.tr("The first sheet with data"), None)
            for name in sheet.sheets:
                self.sheet_combo.addItem(name, name)
            index = self.sheet_combo.findData(current)
            self.sheet_combo.setCurrentIndex(max(index, 0))
            self.sheet_combo.blockSignals(False)
            self.read_key = (self.source, self.path_edit.text().strip(), self.sheet_combo.currentData(),
                             self.read_key[3])
        self.header_spin.setValue(sheet.header_row)
        origin = {"remembered": self.tr("the mapping remembered for this source"),
                  "mixed": self.tr("the remembered mapping, completed by the header names"),
                  "detected": self.tr("the header names")}[opened.origin]
        where = self.tr("sheet “%1”, ").replace("%1", sheet.sheet) if sheet.sheet else ""
        encoding = f" ({sheet.encoding.upper()})" if sheet.encoding else ""
        self.file_info.setText(self.tr("<b>%1</b>%2: %3header in row %4, %5 data rows, %6 empty rows skipped. "
                                       "Columns proposed from %7.")
                               .replace("%1", html.escape(sheet.file_name)).replace("%2", encoding)
                               .replace("%3", html.escape(where)).replace("%4", str(sheet.header_row))
                               .replace("%5", f"{len(sheet.rows):,}").replace("%6", str(sheet.empty_rows))
                               .replace("%7", origin))
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(not in the file)"), "")
            for header in sheet.headers:
                if header:
                    combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(opened.mapping.get(field, "")), 0))
            combo.blockSignals(False)
            self._show_samples(field)
        self.go(MAPPING)

    # ------------------------------------------------------------ step 2: the mapping

    def _show_samples(self, field: str) -> None:
        if self.opened is None:
            return
        header = self.combos[field].currentData() or ""
        samples = self.opened.sheet.samples(header) if header else []
        row = files.FIELDS.index(field)
        self.mapping_table.item(row, 2).setText("  |  ".join(s.replace("\n", " ")[:40] for s in samples))
        used = set(self.mapping().values())
        left = [h for h in self.opened.sheet.headers if h and h not in used]
        self.unmapped.setText(self.tr("Columns of the file not imported: %1").replace("%1", "、".join(left))
                              if left else "")

    def mapping(self) -> dict[str, str]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData()}

    def edit_synonyms(self) -> None:
        SynonymEditor(self.ctx, self).exec()
        self.preview = None  # the categories may match differently now

    def build_preview(self) -> None:
        if self.opened is None:
            return
        mapping = self.mapping()
        try:
            intake.check_mapping(self.opened.sheet, mapping)
        except ServiceError as exc:
            self._failed(exc)
            return
        self._start_preview(mapping)

    def _start_preview(self, mapping: dict[str, str]) -> None:
        ctx, source, sheet = self.ctx, self.source, self.opened.sheet
        chosen = frozenset(self.register_as_new)

        def job(progress, cancelled):
            return intake.preview_import(ctx.uow(read_only=True), source=source, sheet=sheet, mapping=mapping,
                                         register_as_new=chosen, progress=progress, cancelled=cancelled)

        self._run(job, self._previewed, self.tr("Checking the rows…"))

    # ------------------------------------------------------------ step 3: the preview

    def _columns(self) -> list[Column]:
        def category(r):
            if r.category_matched:
                return r.category if r.category_text in ("", r.category) else f"{r.category_text} → {r.category}"
            return f"{r.category_text or '—'} → {r.category} ⚠"

        return [
            Column(self.tr("Row"), lambda r: r.row_no, "row", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            Column(self.tr("Status"), lambda r: texts.status_label(r.status), "status",
                   background=lambda r: texts.STATUS_COLOURS.get(r.status)),
            Column(self.tr("Work order"), lambda r: r.work_order_no, "work_order_no"),
            Column(self.tr("Received"), lambda r: r.received_at.strftime("%Y-%m-%d %H:%M") if r.received_at else "",
                   "received"),
            Column(self.tr("Caller"), lambda r: r.caller_name),
            Column(self.tr("Phone"), lambda r: r.phone_masked,
                   foreground=lambda r: "#b00020" if any(p.field == "phone" for p in r.problems) else None,
                   tooltip=lambda r: self.tr("The leading zero lost in Excel was restored")
                   if r.phone_fixed else None),
            Column(self.tr("Village"), lambda r: r.village),
            Column(self.tr("Category"), category,
                   foreground=lambda r: "#a15c00" if not r.category_matched else None,
                   tooltip=lambda r: None if r.category_matched else
                   self.tr("No category of ours has this name: the row goes to 其他")),
            Column(self.tr("Content"), lambda r: r.content.replace("\n", " ")[:60], tooltip=lambda r: r.content),
            Column(self.tr("Notes"), self._note, foreground=lambda r: "#b00020" if r.problems else None),
        ]

    def _note(self, r: intake.PreviewRow) -> str:
        if r.problems:
            return "；".join(texts.problem_text(p) for p in r.problems)
        if r.status == intake.REPEAT:
            if r.repeat_of_row is not None:
                text = self.tr("Same matter as row %1 (%2% alike): a repeat visit").replace(
                    "%1", str(r.repeat_of_row)).replace("%2", str(r.similarity))
            else:
                text = self.tr("Same matter as %1 in progress (%2% alike): a repeat visit").replace(
                    "%1", r.case_no).replace("%2", str(r.similarity))
            if r.final:
                text = self.tr("Settled by 复核 (%1): recorded as a repeat visit, not accepted again").replace(
                    "%1", r.case_no)
            return text
        if r.status == intake.CHANGED:
            changed = "、".join(texts.field_label(c.field) for c in r.changes)
            if r.update_blocked:
                return self.tr("Changed: %1 — case %2 is closed, the change cannot be applied").replace(
                    "%1", changed).replace("%2", r.case_no)
            return self.tr("Changed since the last import: %1 (%2)").replace("%1", changed).replace("%2", r.case_no)
        if r.status == intake.UNCHANGED:
            return self.tr("Imported before as %1").replace("%1", r.case_no)
        notes = []
        if r.registered_as_new:
            notes.append(self.tr("Registered as a new case by your choice"))
        if r.open_cases:
            notes.append(self.tr("Caller has cases in progress: %1").replace("%1", "、".join(r.open_cases)))
        if r.phone_fixed:
            notes.append(self.tr("Leading zero of the phone restored"))
        return "；".join(notes)

    def _visible_rows(self) -> list[intake.PreviewRow]:
        key = self.filter_combo.currentData()
        if key == "all":
            return self.rows
        if key == "other":
            return [r for r in self.rows if not r.category_matched and r.status != intake.REJECTED]
        return [r for r in self.rows if r.status == key]

    def _fetch(self, offset: int, limit: int, sort_key, descending: bool):
        rows = self._visible_rows()
        if sort_key:
            order = {"row": lambda r: r.row_no, "status": lambda r: intake.ROW_STATUSES.index(r.status),
                     "work_order_no": lambda r: r.work_order_no,
                     "received": lambda r: (r.received_at is None, r.received_at or 0)}[sort_key]
            rows = sorted(rows, key=order, reverse=descending)
        return rows[offset:offset + limit]

    def _refilter(self) -> None:
        self.model.reload()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def _previewed(self, preview: intake.ImportPreview) -> None:
        self.preview = preview
        self.rows = list(preview.rows)
        c = preview.counts
        parts = [
            self.tr("<b>%1</b> rows: ").replace("%1", f"{c.total:,}"),
            self._chip("new", self.tr("%1 new cases").replace("%1", f"{c.new:,}")),
            self._chip("repeat", self.tr("%1 repeats").replace("%1", f"{c.repeat:,}")),
            self._chip("changed", self.tr("%1 changed").replace("%1", f"{c.changed:,}")),
            self._chip("unchanged", self.tr("%1 unchanged").replace("%1", f"{c.unchanged:,}")),
            self._chip("rejected", self.tr("%1 rejected").replace("%1", f"{c.rejected:,}")),
        ]
        extra = []
        if c.other_category:
            extra.append(self.tr("%1 new cases go to the category 其他 (names not recognised: %2)").replace(
                "%1", str(c.other_category)).replace(
                "%2", html.escape("、".join(preview.unmatched_categories[:6]) or "—")))
        if c.empty_rows:
            extra.append(self.tr("%1 empty rows skipped").replace("%1", str(c.empty_rows)))
        self.summary.setText(" ".join(parts) + ("<br>" + "；".join(extra) if extra else ""))
        blocked = sum(1 for r in self.rows if r.status == intake.CHANGED and r.update_blocked)
        self.apply_updates.setText(self.tr("Apply the changes of %1 work orders imported before").replace(
            "%1", str(c.changed - blocked)))
        self.apply_updates.setEnabled(c.changed - blocked > 0)
        self.apply_updates.setChecked(False)
        self.report_button.setEnabled(c.rejected > 0)
        if self.filter_combo.currentData() != "all":
            self.filter_combo.setCurrentIndex(0)
        self._refilter()
        self.go(PREVIEW)

    @staticmethod
    def _chip(status: str, text: str) -> str:
        return (f'<span style="background-color:{texts.STATUS_COLOURS[status]}">&nbsp;{html.escape(text)}&nbsp;'
                f"</span>")

    def current_row(self) -> intake.PreviewRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_row(self) -> None:
        r = self.current_row()
        self.new_case_button.setEnabled(r is not None and (
            (r.status == intake.REPEAT and not r.final) or r.registered_as_new))
        if r is None:
            self.detail.clear()
            return
        e = html.escape
        title = self.tr("Row %1").replace("%1", str(r.row_no))
        lines = [f"<b>{e(title)}</b> · {e(texts.status_label(r.status))} · {e(r.work_order_no)}"]
        if r.problems:
            lines.append("<span style='color:#b00020'>" + "<br>".join(e(texts.problem_text(p)) for p in r.problems)
                         + "</span>")
        note = self._note(r)
        if note and not r.problems:
            lines.append(e(note))
        for change in r.changes:
            lines.append(f"{e(texts.field_label(change.field))}：<s>{e(change.old) or '—'}</s> → {e(change.new) or '—'}")
        facts = [(texts.field_label("caller_name"), r.caller_name), (texts.field_label("phone"), r.phone_masked),
                 (texts.field_label("address"), r.address), (texts.field_label("village"), r.village),
                 (texts.field_label("grid"), r.grid),
                 (texts.field_label("requested_deadline"),
                  r.requested_due_on.isoformat() if r.requested_due_on else "")]
        lines.append(" · ".join(f"{e(k)}：{e(v)}" for k, v in facts if v))
        lines.append(e(r.content).replace("\n", "<br>"))
        self.detail.setHtml("<br>".join(lines))

    def toggle_new_case(self) -> None:
        if self.pages.currentIndex() != PREVIEW or self.task is not None:
            return
        r = self.current_row()
        if r is None or not ((r.status == intake.REPEAT and not r.final) or r.registered_as_new):
            return
        self.register_as_new ^= {r.row_no}
        self._start_preview(dict(self.preview.mapping))

    def save_error_report(self) -> None:
        rows = self.result.rejected_rows if self.result is not None else (
            self.preview.problems() if self.preview is not None else ())
        if not rows or self.opened is None:
            return
        default = str(Path(self.path_edit.text()).with_name(Path(self.opened.sheet.file_name).stem + "_错误报告.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the error report"), default,
                                              self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            intake.write_error_report(path, rows, self.opened.sheet, source=self.source,
                                      generated_at=self.ctx.clock.now())
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.error.setStyleSheet("color: #1b7f3b")
        self.error.setText(self.tr("Error report saved: %1").replace("%1", path))

    # ------------------------------------------------------------ step 4: the import

    def start_import(self) -> None:
        if self.preview is None or self.opened is None:
            return
        c = self.preview.counts
        if c.new + c.repeat == 0 and not (self.apply_updates.isChecked() and self.apply_updates.isEnabled()):
            self.error.setText(self.tr("There is nothing to import: every row was imported before or is rejected."))
            return
        ctx, source, sheet = self.ctx, self.source, self.opened.sheet
        mapping, chosen = dict(self.preview.mapping), frozenset(self.register_as_new)
        strict = self.strict.isChecked()
        apply_updates = self.apply_updates.isChecked() and self.apply_updates.isEnabled()
        remember = self.remember.isChecked()
        if strict and c.rejected:
            QMessageBox.warning(self, self.windowTitle(), describe(
                intake.StrictImportRefused(rejected=c.rejected, total=c.total)))
            return

        def job(progress, cancelled):
            return intake.import_work_orders(ctx.uow(), source=source, sheet=sheet, mapping=mapping, strict=strict,
                                             apply_updates=apply_updates, register_as_new=chosen,
                                             remember_mapping=remember, progress=progress, cancelled=cancelled)

        self._run(job, self._imported, self.tr("Importing…"))

    def _imported(self, result: intake.ImportResult) -> None:
        self.result = result
        c = result.counts
        lines = [self.tr("<h3>Imported</h3>"),
                 self.tr("%1 new cases registered%2.").replace("%1", str(result.created)).replace(
                     "%2", self.tr(": %1 … %2").replace("%1", result.first_case_no).replace("%2", result.last_case_no)
                     if result.created else ""),
                 self.tr("%1 repeat visits recorded on cases in progress.").replace("%1", str(result.repeats)),
                 self.tr("%1 of %2 changed work orders updated (written to the audit log).").replace(
                     "%1", str(result.updated)).replace("%2", str(c.changed)),
                 self.tr("%1 work orders were imported before and unchanged.").replace("%1", str(c.unchanged)),
                 self.tr("%1 rows rejected.").replace("%1", str(c.rejected))]
        if c.other_category:
            lines.append(self.tr("%1 cases went to the category 其他.").replace("%1", str(c.other_category)))
        self.result_text.setText("<br>".join(lines))
        self.result_report.setVisible(c.rejected > 0)
        self.go(RESULT)
        self.imported.emit(result)
