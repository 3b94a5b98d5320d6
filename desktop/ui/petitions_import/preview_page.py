"""Step 3 of the import wizard: the preview of every row (new case, repeat, changed since the last import,
unchanged, rejected) with a filter, the detail of the selected row, the strict and apply-updates choices,
Register as new case and Save error report."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services import intake
from desktop.ui.petitions_import import preview_rows
from desktop.ui.petitions_import.widgets import shortcut_tip
from desktop.ui.tablemodel import PagedTableModel

translate = QCoreApplication.translate  # in the context ImportWizard (see state.py)
FILTERS = ("all", "rejected", "new", "repeat", "changed", "unchanged", "other")


class PreviewPage(QWidget):
    """``PreviewPage(toggle_new_case, save_error_report)``: the wizard's actions behind the two buttons."""

    def __init__(self, toggle_new_case, save_error_report):
        super().__init__()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        tools = self._tools(toggle_new_case, save_error_report)
        self.rows: list[intake.PreviewRow] = []
        self.model = PagedTableModel(preview_rows.columns(), self._fetch, parent=self)
        self._table()
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(tools)
        layout.addWidget(split, 1)

    def _filter(self) -> QComboBox:
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("filter")
        labels = (translate("ImportWizard", "All rows"), translate("ImportWizard", "Rejected rows"),
                  translate("ImportWizard", "New cases"), translate("ImportWizard", "Repeats"),
                  translate("ImportWizard", "Changed since last import"), translate("ImportWizard", "Unchanged"),
                  translate("ImportWizard", "Category went to 其他"))
        for key, label in zip(FILTERS, labels, strict=True):
            self.filter_combo.addItem(label, key)
        self.filter_combo.setToolTip(shortcut_tip(translate("ImportWizard", "Which rows to show"), "Ctrl+F"))
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.refilter())
        return self.filter_combo

    def _tools(self, toggle_new_case, save_error_report) -> QHBoxLayout:
        self._filter()
        self.strict = QCheckBox(translate("ImportWizard", "&Strict: import nothing if any row is invalid"))
        self.strict.setObjectName("strict")
        self.apply_updates = QCheckBox()
        self.apply_updates.setObjectName("apply_updates")
        self.new_case_button = QPushButton(translate("ImportWizard", "&Register as new case"))
        self.new_case_button.setToolTip(shortcut_tip(translate(
            "ImportWizard", "The selected repeat is a different matter: register it as a new case (again: undo)"),
            "Ctrl+R"))
        self.new_case_button.clicked.connect(toggle_new_case)
        self.report_button = QPushButton(translate("ImportWizard", "Save &error report…"))
        self.report_button.setToolTip(shortcut_tip(
            translate("ImportWizard", "The rejected rows and their reasons, as Excel"), "Ctrl+E"))
        self.report_button.clicked.connect(save_error_report)
        tools = QHBoxLayout()
        tools.addWidget(QLabel(translate("ImportWizard", "Show:")))
        tools.addWidget(self.filter_combo)
        tools.addSpacing(16)
        tools.addWidget(self.strict)
        tools.addWidget(self.apply_updates)
        tools.addStretch(1)
        tools.addWidget(self.new_case_button)
        tools.addWidget(self.report_button)
        return tools

    def _table(self) -> None:
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

    # ------------------------------------------------------------ the rows

    def show_preview(self, preview: intake.ImportPreview) -> None:
        self.rows = list(preview.rows)
        c = preview.counts
        self.summary.setText(preview_rows.summary_html(preview))
        blocked = sum(1 for r in self.rows if r.status == intake.CHANGED and r.update_blocked)
        self.apply_updates.setText(translate("ImportWizard", "Apply the changes of %1 work orders imported before"
                                             ).replace("%1", str(c.changed - blocked)))
        self.apply_updates.setEnabled(c.changed - blocked > 0)
        self.apply_updates.setChecked(False)
        self.report_button.setEnabled(c.rejected > 0)
        if self.filter_combo.currentData() != "all":
            self.filter_combo.setCurrentIndex(0)
        self.refilter()

    def updates_chosen(self) -> bool:
        return self.apply_updates.isChecked() and self.apply_updates.isEnabled()

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

    def refilter(self) -> None:
        self.model.reload()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def current_row(self) -> intake.PreviewRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_row(self) -> None:
        r = self.current_row()
        self.new_case_button.setEnabled(r is not None and may_register_as_new(r))
        if r is None:
            self.detail.clear()
            return
        self.detail.setHtml(preview_rows.detail_html(r))


def may_register_as_new(r: intake.PreviewRow) -> bool:
    """A repeat not settled by 复核 may be registered as a new case; one so registered may be taken back."""
    return (r.status == intake.REPEAT and not r.final) or r.registered_as_new
