"""Export back to the platform: the handling results of imported work orders (work-order number, result, time
concluded, satisfaction …) in the columns and header names the platform expects. The layout is kept per
source, like the import mapping. Writing runs on the thread pool."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.services import intake
from desktop.services.errors import ServiceError
from desktop.ui import ops
from desktop.ui.messages import describe, show_error
from desktop.ui.petitions_import import texts
from desktop.ui.petitions_import.widgets import shortcut_tip
from desktop.ui.tasks import Task, TaskRunner


class ExportDialog(QDialog):
    def __init__(self, ctx, parent=None, *, source: str = intake.HOTLINE):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.tasks = TaskRunner(self)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export handling results"))
        self.resize(760, 560)
        self.source = QComboBox()
        self.source.setObjectName("export_source")
        for code in intake.SOURCES:
            self.source.addItem(texts.source_label(code), code)
        self.source.setCurrentIndex(max(self.source.findData(intake.source_code(source)), 0))
        self.source.currentIndexChanged.connect(lambda _i: self.load_layout())
        period, layout_row = self._period(), self._columns_row()
        fmt_row, path_row = self._format_row(), self._path_row()
        form = QFormLayout()
        form.addRow(self.tr("Source:"), self.source)
        form.addRow(self.tr("Concluded between:"), period)
        form.addRow(self.tr("Columns:"), layout_row)
        form.addRow(self.tr("Time format:"), fmt_row)
        form.addRow(self.tr("File:"), path_row)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = self._buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.load_layout()

    def _period(self) -> QHBoxLayout:
        today = self.ctx.clock.now().date()
        self.since = QDateEdit(QDate(today.year, today.month, 1))
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        period = QHBoxLayout()
        period.addWidget(self.since)
        period.addWidget(QLabel("—"))
        period.addWidget(self.until)
        period.addStretch(1)
        return period

    def _columns_row(self) -> QHBoxLayout:
        self.columns = QTableWidget(0, 2)
        self.columns.setObjectName("export_columns")
        self.columns.setHorizontalHeaderLabels([self.tr("Our field"), self.tr("Header in the file")])
        self.columns.verticalHeader().setVisible(False)
        self.columns.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.columns.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns.setColumnWidth(0, 220)
        add, remove = QPushButton(self.tr("&Add column")), QPushButton(self.tr("&Remove column"))
        up, down = QPushButton(self.tr("Move &up")), QPushButton(self.tr("Move &down"))
        up.setToolTip(shortcut_tip(self.tr("Move the column left in the file"), "Alt+U"))
        add.clicked.connect(lambda: self._add_row("result", ""))
        remove.clicked.connect(self._remove_row)
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        column_buttons = QVBoxLayout()
        for b in (add, remove, up, down):
            column_buttons.addWidget(b)
        column_buttons.addStretch(1)
        layout_row = QHBoxLayout()
        layout_row.addWidget(self.columns, 1)
        layout_row.addLayout(column_buttons)
        return layout_row

    def _format_row(self) -> QHBoxLayout:
        self.time_format = QComboBox()
        self.time_format.setObjectName("time_format")
        self.time_format.setEditable(True)
        self.time_format.addItems(list(intake.DATETIME_FORMATS))
        self.save_layout_button = QPushButton(self.tr("&Save layout"))
        self.save_layout_button.setToolTip(self.tr("Keep these columns for the next export of this source"))
        self.save_layout_button.clicked.connect(self.save_layout)
        fmt_row = QHBoxLayout()
        fmt_row.addWidget(self.time_format, 1)
        fmt_row.addWidget(self.save_layout_button)
        return fmt_row

    def _path_row(self) -> QHBoxLayout:
        self.path = QLineEdit()
        self.path.setObjectName("export_path")
        browse = QPushButton(self.tr("C&hoose…"))
        browse.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        return path_row

    def _buttons(self) -> QHBoxLayout:
        self.export_button = QPushButton(self.tr("&Export"))
        self.export_button.setDefault(True)
        self.export_button.setToolTip(shortcut_tip(self.tr("Write the file"), "Ctrl+Return"))
        self.export_button.setShortcut("Ctrl+Return")
        self.export_button.clicked.connect(self.export)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        return buttons

    # ------------------------------------------------------------ the layout

    def _add_row(self, field: str, header: str) -> None:
        row = self.columns.rowCount()
        self.columns.insertRow(row)
        combo = QComboBox()
        for f in intake.EXPORT_FIELDS:
            combo.addItem(texts.export_field_label(f), f)
        combo.setCurrentIndex(max(combo.findData(field), 0))
        self.columns.setCellWidget(row, 0, combo)
        self.columns.setItem(row, 1, QTableWidgetItem(header))

    def _remove_row(self) -> None:
        row = self.columns.currentRow()
        if row >= 0:
            self.columns.removeRow(row)

    def _move(self, step: int) -> None:
        row = self.columns.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.columns.rowCount():
            return
        layout = self.layout_value().columns
        items = list(layout)
        items[row], items[target] = items[target], items[row]
        self._fill(items)
        self.columns.selectRow(target)

    def _fill(self, columns) -> None:
        self.columns.setRowCount(0)
        for c in columns:
            self._add_row(c.field, c.header)

    def load_layout(self) -> None:
        source = self.source.currentData()
        loaded = ops.run(self, self.ctx, lambda uow: intake.get_export_layout(uow, source=source), read_only=True)
        if loaded.ok:
            self._fill(loaded.value.columns)
            self.time_format.setCurrentText(loaded.value.datetime_format)

    def layout_value(self) -> intake.ExportLayout:
        columns = []
        for row in range(self.columns.rowCount()):
            combo = self.columns.cellWidget(row, 0)
            item = self.columns.item(row, 1)
            columns.append(intake.ExportColumn(combo.currentData(), item.text() if item else ""))
        return intake.ExportLayout(tuple(columns), self.time_format.currentText().strip())

    def save_layout(self) -> None:
        source, layout = self.source.currentData(), self.layout_value()
        if ops.run(self, self.ctx, lambda uow: intake.save_export_layout(uow, source=source, layout=layout),
                   failure=lambda exc: self._say(describe(exc), error=True)).ok:
            self._say(self.tr("Layout saved."))

    # ------------------------------------------------------------ writing

    def choose_path(self) -> None:
        start = self.path.text().strip() or str(Path.home() / f"办理结果_{self.ctx.clock.now():%Y%m%d}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), start,
                                              self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
        if path:
            self.path.setText(path)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020" if error else "color: #1b7f3b")
        self.message.setText(text)

    def export(self) -> None:
        if self.task is not None:
            return
        path = self.path.text().strip()
        if not path:
            self._say(self.tr("Choose the file to write."), error=True)
            self.path.setFocus()
            return
        ctx, source, layout = self.ctx, self.source.currentData(), self.layout_value()
        since = self.since.date().toPython()
        until = self.until.date().toPython()

        def job(uow) -> intake.ExportResult:  # on the thread pool
            return intake.export_results(uow, source=source, since=since, until=until, out=path, layout=layout)

        self.export_button.setEnabled(False)
        self._say(self.tr("Exporting…"))
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.task = ops.Op(self, ctx, job).success(self._done).failure(self._failed).run_in_background(
            self.tasks, "export")

    def _idle(self) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        self.unsetCursor()

    def _done(self, result: intake.ExportResult) -> None:
        self._idle()
        self._say(self.tr("%1 work orders written to %2.").replace("%1", str(result.rows)).replace(
            "%2", str(result.path)))

    def _failed(self, exc: Exception) -> None:  # a bug in the background comes here too: shown as an error
        self._idle()
        if isinstance(exc, ServiceError):
            self._say(describe(exc), error=True)
        else:
            show_error(self, exc)

    def reject(self) -> None:
        if self.task is None:
            super().reject()

