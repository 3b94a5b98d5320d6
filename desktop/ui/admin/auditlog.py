"""The audit log (操作日志): every change, newest first, paged from the service, with filters and the
before/after values of the selected entry side by side."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import audit, audit_chain
from desktop.ui.admin.audit_names import (
    CHANGED_BG,
    action_name,
    actor_label,
    detail_rows,
    entity_name,
    field_name,
    operation_name,
)
from desktop.ui.admin.common import make_action, with_shortcut
from desktop.ui.messages import describe
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.tasks import Task, TaskRunner
from desktop.ui.widgets import table_view, two_panes


class AuditScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.clock.now().date()
        filters = self._build_filters(today)
        self._connect_filters()
        self._build_list()
        detail_panel = self._build_detail()
        self._lay_out(filters, detail_panel)

    def _build_filters(self, today: dt.date) -> QHBoxLayout:
        # --- filters
        self.since = QDateEdit(QDate(today.year, today.month, today.day).addDays(-30))
        self.since.setObjectName("since")
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        self.until.setObjectName("until")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.user = QComboBox()
        self.user.setObjectName("user")
        self.user.setMinimumWidth(110)
        self.entity = QComboBox()
        self.entity.setObjectName("entity")
        self.entity.setMinimumWidth(130)
        self.text = QLineEdit()
        self.text.setObjectName("text")
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(self.tr("Record ID"))
        self.text.setToolTip(with_shortcut(self.tr("Shows the entries of one record: type its ID"), "Ctrl+F"))
        self.clear_button = QPushButton(self.tr("&Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.count = QLabel()
        self.count.setObjectName("count")
        # the hash chain (desktop.services.audit_chain): checked in the background on request
        self.chain_status = QLabel()
        self.chain_status.setObjectName("chain_status")
        self.chain_status.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("&Verify the log"))
        self.verify_button.setObjectName("verify_chain")
        self.verify_button.setToolTip(self.tr("Check that no entry was changed, removed or inserted behind "
                                              "the application's back"))
        self.verify_button.clicked.connect(self.verify_chain)
        self.runner = TaskRunner(self)
        filters = QHBoxLayout()
        for label, widget in ((self.tr("&From:"), self.since), (self.tr("&To:"), self.until),
                              (self.tr("&User:"), self.user), (self.tr("&Record:"), self.entity),
                              (self.tr("Te&xt:"), self.text)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1 if widget is self.text else 0)
        filters.addWidget(self.clear_button)
        return filters

    def _connect_filters(self) -> None:
        make_action(self, "Ctrl+F", self.text.setFocus)
        self._filling = False
        self._filter = audit.AuditFilter()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.apply_filters)
        self.text.textChanged.connect(lambda _: self._debounce.start())
        self.text.returnPressed.connect(self.apply_filters)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _: self._filling or self.apply_filters())
        self._filling = False
        self.user.currentIndexChanged.connect(lambda _: self._filling or self.apply_filters())
        self.entity.currentIndexChanged.connect(lambda _: self._filling or self.apply_filters())

    def _build_list(self) -> None:
        # --- list
        self.model = PagedTableModel(
            [Column(self.tr("Time"), lambda e: e.at.strftime("%Y-%m-%d %H:%M:%S")),
             Column(self.tr("User"), lambda e: actor_label(e.actor_name)),
             Column(self.tr("Action"), lambda e: action_name(e.action), tooltip=lambda e: e.action),
             Column(self.tr("Operation"), lambda e: operation_name(e.operation)),
             Column(self.tr("Record"), lambda e: entity_name(e.entity), tooltip=lambda e: e.entity),
             Column(self.tr("ID"), lambda e: e.entity_id)],
            self._fetch, page_size=200, parent=self)
        self.view = table_view(self.model)
        self.view.setObjectName("audit_list")
        for i, width in enumerate((145, 80, 130, 50, 90)):
            self.view.setColumnWidth(i, width)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _: self.show_entry(current.row()))

    def _build_detail(self) -> QWidget:
        # --- detail
        self.detail_title = QLabel()
        self.detail_title.setObjectName("detail_title")
        self.detail_title.setWordWrap(True)
        self.detail = PagedTableModel(
            [Column(self.tr("Field"), lambda r: field_name(r[0]), tooltip=lambda r: r[0]),
             Column(self.tr("Before"), lambda r: r[1], background=lambda r: CHANGED_BG if r[3] else None,
                    tooltip=lambda r: r[1] or None),
             Column(self.tr("After"), lambda r: r[2], background=lambda r: CHANGED_BG if r[3] else None,
                    tooltip=lambda r: r[2] or None)],
            lambda *_: [], parent=self)
        self.detail_view = table_view(self.detail)
        self.detail_view.setObjectName("audit_detail")
        header = self.detail_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        detail_panel = QWidget()
        detail_layout = QVBoxLayout(detail_panel)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_view)
        return detail_panel

    def _lay_out(self, filters: QHBoxLayout, detail_panel: QWidget) -> None:
        self.primary = self.view  # takes the focus when the tab opens
        splitter = two_panes(self.view, detail_panel, (3, 2))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addWidget(self.chain_status, 1)
        bottom.addWidget(self.verify_button)
        layout.addLayout(bottom)
        self.show_entry(-1)

    # --- data
    def current_filter(self) -> audit.AuditFilter:
        since, until = self.since.date(), self.until.date()
        return audit.AuditFilter(
            since=dt.datetime(since.year(), since.month(), since.day()),
            until=dt.datetime(until.year(), until.month(), until.day()) + dt.timedelta(days=1),
            actor=self.user.currentData() or "", entity=self.entity.currentData() or "",
            text=self.text.text().strip())

    def _fetch(self, offset, limit, _key, _descending):
        return audit.list_audit(self.ctx.uow(read_only=True), where=self._filter, offset=offset, limit=limit)

    def refresh(self) -> None:
        """Reload the filter choices and the list (the newest entries first)."""
        self._filling = True
        try:
            for combo, values, everything, label in (
                    (self.user, audit.audit_actors(self.ctx.uow(read_only=True)), self.tr("All users"),
                     actor_label),
                    (self.entity, audit.audit_entities(self.ctx.uow(read_only=True)), self.tr("All records"),
                     entity_name)):
                chosen = combo.currentData()
                combo.clear()
                combo.addItem(everything, "")
                for value in values:
                    combo.addItem(label(value), value)
                combo.setCurrentIndex(max(0, combo.findData(chosen)))
        finally:
            self._filling = False
        self.apply_filters()

    def apply_filters(self) -> None:
        self._debounce.stop()
        self._filter = self.current_filter()
        self.model.reload()
        total = audit.count_audit(self.ctx.uow(read_only=True), where=self._filter)
        self.count.setText(self.tr("%1 entries").replace("%1", str(total)))
        if self.model.rowCount():
            self.view.selectRow(0)
        else:
            self.show_entry(-1)

    def clear_filters(self) -> None:
        self._filling = True
        today = self.ctx.clock.now().date()
        self.since.setDate(QDate(today.year, today.month, today.day).addDays(-30))
        self.until.setDate(QDate(today.year, today.month, today.day))
        self.user.setCurrentIndex(0)
        self.entity.setCurrentIndex(0)
        self.text.clear()
        self._filling = False
        self.apply_filters()

    def verify_chain(self) -> None:
        ctx = self.ctx
        self.verify_button.setEnabled(False)
        self.chain_status.setStyleSheet("")
        self.chain_status.setText(self.tr("Checking every entry of the log…"))
        task = Task(lambda: audit_chain.verify_chain(ctx.uow(read_only=True)), plain=True)
        task.signals.finished.connect(self._chain_checked)
        task.signals.failed.connect(self._chain_failed)
        self.runner.start("verify", task)

    def _chain_checked(self, report) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            self.chain_status.setStyleSheet("color: #1b5e20;")
            self.chain_status.setText(self.tr("The log is intact: %1 entries, none changed, removed or inserted "
                                              "(the chain ends at position %2).").replace("%1", str(report.entries))
                                      .replace("%2", str(report.head_seq)))
            return
        self.chain_status.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.chain_status.setText(self.chain_problem_text(report.problem))

    def chain_problem_text(self, p) -> str:
        entry = self.tr("entry #%1 (%2, %3)").replace("%1", str(p.entry_id)).replace(
            "%2", p.at.strftime("%Y-%m-%d %H:%M:%S") if p.at else "—").replace("%3", action_name(p.action))
        if p.kind == audit_chain.CHANGED:
            text = self.tr("The log was tampered with: %1 was changed after it was written.")
        elif p.kind == audit_chain.INSERTED:
            text = self.tr("The log was tampered with: %1 was inserted out of order, not by OneStop.")
        elif p.kind == audit_chain.REWRITTEN:
            text = self.tr("The log was tampered with: it was rewritten up to %1.")
        elif p.entry_id is not None:
            text = self.tr("The log was tampered with: %2 entries were removed just before %1.")
        else:
            text = self.tr("The log was tampered with: its last %2 entries were removed.")
        count = (p.missing_to - p.missing_from + 1) if p.missing_from is not None else 0
        return text.replace("%1", entry).replace("%2", str(count))

    def _chain_failed(self, exc) -> None:
        self.verify_button.setEnabled(True)
        self.chain_status.setStyleSheet("color: #b71c1c;")
        self.chain_status.setText(describe(exc))

    def show_entry(self, row: int) -> None:
        entry = self.model.row_at(row)
        if entry is None:
            self.detail_title.setText(self.tr("Select an entry to see its values before and after."))
            self.detail.set_rows([])
            return
        self.detail_title.setText("<b>" + self.tr("#%1 %2 — %3 %4 by %5 at %6").replace(
            "%1", str(entry.id)).replace("%2", action_name(entry.action)).replace(
            "%3", entity_name(entry.entity)).replace("%4", entry.entity_id).replace(
            "%5", actor_label(entry.actor_name) or "—").replace("%6", entry.at.strftime("%Y-%m-%d %H:%M:%S")) + "</b>")
        self.detail.set_rows(detail_rows(entry))
