"""The records behind one figure: the tickets, cases, bookings… a value was computed from, listed in a dialog
that can be sorted and exported to Excel. The list loads in the background; the dialog opens at once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.services import reports
from desktop.ui.messages import show_error
from desktop.ui.reports.labels import label
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.tasks import Task, TaskRunner

NUMERIC = ("int", "minutes", "rate", "number", "change")


class RecordsDialog(QDialog):
    """Opened with what to list; ``load(fetch)`` runs ``fetch()`` (a service call) in the background."""

    def __init__(self, title: str, subtitle: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Records behind the figure"))
        self.resize(1100, 560)
        self.records: reports.Records | None = None
        self.runner = TaskRunner(self)
        heading = QLabel(f"<b>{title}</b>")
        heading.setObjectName("records_title")
        self.subtitle = QLabel(subtitle)
        self.count = QLabel(self.tr("Loading…"))
        self.count.setObjectName("records_count")
        self.model = PagedTableModel([], self._fetch, parent=self)
        self.view = QTableView()
        self.view.setObjectName("records_table")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.export_button = QPushButton(self.tr("&Export to Excel…"))
        self.export_button.setToolTip(self.tr("Save this list as an Excel workbook (Ctrl+E)"))
        self.export_button.setShortcut("Ctrl+E")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.view)
        layout.addLayout(bottom)

    def load(self, fetch) -> Task:
        task = Task(fetch, plain=True)
        task.signals.finished.connect(self.show_records)
        task.signals.failed.connect(self._failed)
        return self.runner.start("records", task)

    def _failed(self, exc) -> None:
        self.count.setText(self.tr("The list could not be loaded."))
        show_error(self, exc)

    def show_records(self, records: reports.Records) -> None:
        self.records = records
        self._order = list(range(len(records.frame)))
        columns = []
        for c in records.columns:
            if c.hidden:
                continue
            align = (Qt.AlignmentFlag.AlignRight if c.kind in NUMERIC else Qt.AlignmentFlag.AlignLeft) | \
                Qt.AlignmentFlag.AlignVCenter
            columns.append(Column(label(c.label), lambda i, k=c.key: records.text(i, k), sort_key=c.key, align=align))
        self.model.columns = columns
        self.model.reload()
        self.view.resizeColumnsToContents()
        for i in range(len(columns)):
            self.view.setColumnWidth(i, min(self.view.columnWidth(i), 260))
        self.count.setText(self.tr("%n record(s)", "", len(records.frame)))
        self.export_button.setEnabled(len(records.frame) > 0)

    def _fetch(self, offset: int, limit: int, sort_key: str | None, descending: bool):
        if self.records is None:
            return []
        if sort_key is not None:
            series = self.records.frame[sort_key]
            keys = pd.Series(range(len(series)))
            ordered = sorted(keys, key=lambda i: _sort_value(series.iloc[i]), reverse=descending)
            self._order = list(ordered)
        return self._order[offset:offset + limit]

    def export(self) -> None:
        if self.records is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"{self.records.title}-{self.records.period.start.isoformat()}.xlsx".replace("/", "_")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export to Excel"), str(Path(folder) / name),
                                                    self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        if not path.endswith(".xlsx"):
            path += ".xlsx"
        records = self.records
        task = Task(lambda: reports.export_records(records, path), plain=True)
        task.signals.finished.connect(self._exported)
        task.signals.failed.connect(self._export_failed)
        self.runner.start("export", task)

    def _exported(self, path) -> None:
        self.count.setText(self.tr("Saved to %1").replace("%1", str(path)))

    def _export_failed(self, exc) -> None:
        show_error(self, exc)


def _sort_value(v):
    """Missing values sort last; everything else by its natural order (text as text)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return (1, "")
    if isinstance(v, (int, float)):
        return (0, float(v))
    return (0, str(v))
