"""Step 1 of the import wizard: the source, the file, its sheet and header row, and the recent imports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import intake
from desktop.services.intake import files
from desktop.ui import ops
from desktop.ui.petitions_import import texts
from desktop.ui.petitions_import.widgets import shortcut_tip

translate = QCoreApplication.translate  # in the context ImportWizard (see state.py)


class FilePage(QWidget):
    """``FilePage(ctx, source, path, choose)``: ``choose`` is the wizard's Choose… (it checks the page is the
    one shown and nothing runs)."""

    def __init__(self, ctx, source: str, path: str | None, choose):
        super().__init__()
        self.ctx = ctx
        form = QFormLayout()
        form.addRow(translate("ImportWizard", "Source:"), self._sources(source))
        form.addRow(translate("ImportWizard", "File:"), self._file_row(path, choose))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheet")
        self.sheet_combo.addItem(translate("ImportWizard", "The first sheet with data"), None)
        form.addRow(translate("ImportWizard", "Sheet:"), self.sheet_combo)
        form.addRow(translate("ImportWizard", "Header:"), self._header_row())
        hint = QLabel(translate(
            "ImportWizard",
            "Excel workbooks (.xlsx, .xls) and CSV files (UTF-8 or GBK) are read. Work orders imported before are "
            "recognised by their number and are not created twice."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        box = self._history_box()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(box, 1)
        self.load_history()

    def _sources(self, source: str) -> QHBoxLayout:
        self.source_group = QButtonGroup(self)
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
        return sources

    def _file_row(self, path: str | None, choose) -> QHBoxLayout:
        self.path_edit = QLineEdit(path or "")
        self.path_edit.setObjectName("path")
        self.path_edit.setPlaceholderText(translate("ImportWizard",
                                                    "An .xlsx, .xls or .csv file exported from the platform"))
        browse = QPushButton(translate("ImportWizard", "&Choose…"))
        browse.setToolTip(shortcut_tip(translate("ImportWizard", "Choose the file"), "Ctrl+O"))
        browse.clicked.connect(choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        return file_row

    def _header_row(self) -> QHBoxLayout:
        self.auto_header = QCheckBox(translate("ImportWizard", "Find the header row by its names"))
        self.auto_header.setChecked(True)
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("header_row")
        self.header_spin.setRange(1, files.HEADER_SCAN_ROWS)
        self.header_spin.setPrefix(translate("ImportWizard", "Row "))
        self.header_spin.setSuffix(translate("ImportWizard", " ", "after the number of the header row"))
        self.header_spin.setEnabled(False)
        self.auto_header.toggled.connect(lambda on: self.header_spin.setEnabled(not on))
        header_row = QHBoxLayout()
        header_row.addWidget(self.auto_header)
        header_row.addWidget(self.header_spin)
        header_row.addStretch(1)
        return header_row

    def _history_box(self) -> QGroupBox:
        self.history = QTableWidget(0, 7)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels([
            translate("ImportWizard", "Imported"), translate("ImportWizard", "Source"),
            translate("ImportWizard", "File"), translate("ImportWizard", "Created"),
            translate("ImportWizard", "Repeats"), translate("ImportWizard", "Rejected"),
            translate("ImportWizard", "State")])
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.setColumnWidth(0, 140)
        self.history.setColumnWidth(1, 130)
        self.history.setWordWrap(False)
        box = QGroupBox(translate("ImportWizard", "Recent imports"))
        QVBoxLayout(box).addWidget(self.history)
        return box

    # ------------------------------------------------------------ reading the page

    @property
    def source(self) -> str:
        return next(code for code, b in self.source_buttons.items() if b.isChecked())

    def read_key(self) -> tuple:
        """(source, path, sheet, header_row) as chosen on the page; header_row None: found by its names."""
        header_row = None if self.auto_header.isChecked() else self.header_spin.value()
        return self.source, self.path_edit.text().strip(), self.sheet_combo.currentData(), header_row

    def choose_file(self) -> None:
        start = self.path_edit.text().strip() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self.window(), translate("ImportWizard", "Choose the work-order file"), start,
            translate("ImportWizard", "Work orders (*.xlsx *.xls *.csv);;All files (*)"))
        if path:
            self.path_edit.setText(path)

    def load_history(self) -> None:
        outcome = ops.run(self, self.ctx, lambda uow: intake.list_batches(uow, limit=8), read_only=True,
                          failure=lambda _exc: None)  # no history shown rather than an error before the first step
        batches = outcome.value if outcome.ok else []
        self.history.setRowCount(len(batches))
        for i, b in enumerate(batches):
            values = [b.imported_at.strftime("%Y-%m-%d %H:%M"), texts.source_label(b.source), b.file_name,
                      str(b.created), str(b.repeats), str(b.rejected),
                      texts.batch_state_label(b.state, b.rows_done, b.rows_total)]
            for j, v in enumerate(values):
                self.history.setItem(i, j, QTableWidgetItem(v))

    def show_sheets(self, sheet: files.SheetData) -> None:
        """The file was read: a workbook's sheets in the combo, the chosen one kept."""
        if not sheet.sheets:
            return
        current = self.sheet_combo.currentData()
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItem(translate("ImportWizard", "The first sheet with data"), None)
        for name in sheet.sheets:
            self.sheet_combo.addItem(name, name)
        index = self.sheet_combo.findData(current)
        self.sheet_combo.setCurrentIndex(max(index, 0))
        self.sheet_combo.blockSignals(False)
