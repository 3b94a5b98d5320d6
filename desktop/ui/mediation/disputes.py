"""The dispute list: paged, searched in SQL (Chinese substring of case number, parties, subject or facts),
filtered by state, type and clock, with the deadline coloured like the petition lists."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.services import case_files, mediation
from desktop.services.admin import center
from desktop.services.mediation import DisputeFilter
from desktop.ui.form_widgets import button, shortcut, with_keys
from desktop.ui.mediation_labels import (
    AGREEMENT_FORMS,
    CLOCK_COLOURS,
    CLOCKS,
    DISPUTE_STATES,
    fmt_date,
    label,
)
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.widgets import table_view

OPEN = ("registered", "scheduled", "in_mediation")


class DisputeList(QWidget):
    open_requested = Signal(int)  # dispute id
    new_requested = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._make_filters(ctx)
        self.count = QLabel()
        self.count.setObjectName("count")
        new = button(self, self.tr("&Register dispute…"), self.new_requested.emit, "Ctrl+N")
        new.setObjectName("new_dispute")
        self._make_table()
        bar = QHBoxLayout()
        for w in (self.search, self.state, self.type, self.clock, self.mine):
            bar.addWidget(w)
        bar.setStretch(0, 1)
        bar.addWidget(new)
        self.export_button = button(self, self.tr("Export case files…"), self._export, "Ctrl+Shift+E",
                                    self.tr("Export the case files of every case closed in a date range"))
        self.export_button.setObjectName("export_case_files")
        self.export_button.setVisible(case_files.may_export(ctx.actor.role))
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self._connect()
        self._mediator_id = None
        self.reload()

    def _make_filters(self, ctx) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search: case number, party, subject or facts"))
        self.search.setToolTip(with_keys(self.tr("Search"), "Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.state.setObjectName("state_filter")
        self.state.addItem(self.tr("Open cases"), OPEN)
        self.state.addItem(self.tr("All states"), ())
        for code in DISPUTE_STATES:
            self.state.addItem(label(DISPUTE_STATES, code), (code,))
        self.type = QComboBox()
        self.type.addItem(self.tr("All types"), None)
        for t in center.list_dispute_types(ctx.uow()):
            self.type.addItem(t.name, t.id)
        self.clock = QComboBox()
        self.clock.addItem(self.tr("Any deadline"), None)
        self.clock.addItem(self.tr("Due soon"), "soon")
        self.clock.addItem(self.tr("Due today or overdue"), "late")
        self.mine = QCheckBox(self.tr("Only my cases"))
        self.mine.setVisible(ctx.actor.role == "mediator")

    def _make_table(self) -> None:
        columns = [
            Column(self.tr("Case number"), lambda r: r.case_no, "case_no"),
            Column(self.tr("Type"), lambda r: r.type_name, "type"),
            Column(self.tr("Subject"), lambda r: r.title, "title"),
            Column(self.tr("Parties"), lambda r: r.party_names),
            Column(self.tr("Mediators"), lambda r: r.mediator_names),
            Column(self.tr("State"), self._state, "state"),
            Column(self.tr("Registered"), lambda r: fmt_date(r.registered_at.date()), "registered_at"),
            Column(self.tr("Deadline"), self._deadline, "due_on", background=lambda r: CLOCK_COLOURS.get(r.clock),
                   tooltip=lambda r: label(CLOCKS, r.clock)),
        ]
        self.model = PagedTableModel(columns, self._fetch, page_size=100, parent=self)
        self.model.sort_key, self.model.descending = "case_no", True
        self.view = table_view(self.model)
        self.view.setObjectName("disputes")
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        for i, w in enumerate((170, 90, 170, 190, 110, 110, 96)):
            self.view.setColumnWidth(i, w)
        self.view.activated.connect(lambda index: self._open(index.row()))

    def _connect(self) -> None:
        """Typing searches after a pause; every other filter at once."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.state, self.type, self.clock):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.mine.toggled.connect(lambda _c: self.reload())
        shortcut(self, "Ctrl+F", lambda: (self.search.setFocus(), self.search.selectAll()))

    def _state(self, r) -> str:
        text = label(DISPUTE_STATES, r.state)
        if r.agreement_form:
            text += f"（{label(AGREEMENT_FORMS, r.agreement_form)}）"
        return text

    def _deadline(self, r) -> str:
        if r.clock == "none":
            return fmt_date(r.closed_on) if r.closed_on else ""
        if r.days_left is not None and r.days_left < 0:
            return self.tr("%1 (%2 days overdue)").replace("%1", fmt_date(r.due_on)).replace("%2", str(-r.days_left))
        return self.tr("%1 (%2 days left)").replace("%1", fmt_date(r.due_on)).replace("%2", str(r.days_left))

    def filter(self) -> DisputeFilter:
        mediator_id = None
        if self.mine.isChecked():
            if self._mediator_id is None:
                today = mediation.mediator_today(self.ctx.uow())
                self._mediator_id = today.mediator.id if today.mediator else -1
            mediator_id = self._mediator_id
        return DisputeFilter(text=self.search.text().strip(), states=self.state.currentData(),
                             type_id=self.type.currentData(), clock=self.clock.currentData(), mediator_id=mediator_id)

    def _export(self) -> None:
        from desktop.ui.documents import ExportDialog

        ExportDialog(self.ctx, self).exec()

    def _fetch(self, offset, limit, sort_key, descending):
        return mediation.list_disputes(self.ctx.uow(), where=self.filter(), offset=offset, limit=limit,
                                       sort_key=sort_key, descending=descending)

    def reload(self) -> None:
        self.model.reload()
        total = mediation.count_disputes(self.ctx.uow(), where=self.filter())
        self.count.setText(self.tr("%1 cases").replace("%1", str(total)))
        if self.model.rowCount():
            self.view.selectRow(0)

    def _open(self, row: int) -> None:
        r = self.model.row_at(row)
        if r is not None:
            self.open_requested.emit(r.id)

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        r = self.model.row_at(index.row()) if index.isValid() else None
        return r.id if r else None
