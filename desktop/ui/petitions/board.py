"""The director's board: which departments have cases overdue, due today or due soon; the overdue cases
themselves (oldest deadline first); dissatisfied follow-ups; open 督办 notes; extension requests waiting
for a decision; how many handed-over matters nobody received in time (首问负责, the matter register). Enter
opens a case, where the director supervises or decides."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import matters
from desktop.services import petitions as pt
from desktop.services.errors import ServiceError
from desktop.services.permissions import Permission, can
from desktop.ui.deadline_changes import DeadlineChangesDialog
from desktop.ui.petitions.case_table import PAGE, case_columns, case_table
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.widgets import CLOCK_COLOURS, button, fmt_date, fmt_datetime, shortcut
from desktop.ui.tablemodel import PagedTableModel


def _bold(text: str) -> QLabel:
    return QLabel(f"<b>{text}</b>")


class DirectorBoard(QWidget):
    open_requested = Signal(int)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.department: pt.DepartmentLoad | None = None  # the row chosen on the left, if any
        self._build_load()
        self._build_tabs(ctx)
        self._build_layout()

    def _build_load(self) -> None:
        """The load of each department (overdue, due today, due soon, oldest deadline); a row filters the lists."""
        self.load = QTableWidget(0, 5)
        self.load.setObjectName("department_load")
        self.load.setHorizontalHeaderLabels([self.tr("Department"), self.tr("Overdue"), self.tr("Due today"),
                                             self.tr("Due soon"), self.tr("Oldest deadline")])
        self.load.verticalHeader().setVisible(False)
        self.load.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.load.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.load.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.load.horizontalHeader().setStretchLastSection(True)
        self.load.setColumnWidth(0, 120)
        for i in (1, 2, 3):
            self.load.setColumnWidth(i, 56)
        self.load.itemSelectionChanged.connect(self._department_chosen)
        self._loads: list[pt.DepartmentLoad] = []

    def _build_tabs(self, ctx) -> None:
        """A tab for each list of cases, and the extension requests for those who decide them."""
        self.tabs = QTabWidget()
        self.tabs.setObjectName("board_tabs")
        self.lists: dict[str, tuple[PagedTableModel, object]] = {}
        for view, title in (("overdue", self.tr("Overdue")), ("due_soon", self.tr("Due soon")),
                            ("dissatisfied", self.tr("Dissatisfied follow-ups")),
                            ("supervised", self.tr("Open supervision notes"))):
            columns = [c for i, c in enumerate(case_columns()) if i not in (2, 3, 6)]  # no date, source, village
            model = PagedTableModel(columns, lambda o, n, k, d, v=view: self._fetch(v, o, n, k, d),
                                    page_size=PAGE, parent=self)
            table = case_table(model)
            for i, width in enumerate((84, 152, 100, 150, 84, 56, 92, 120)):
                table.setColumnWidth(i, width)
            table.setObjectName(f"board_{view}")
            table.activated.connect(lambda index, m=model: self._open(m, index))
            self.lists[view] = (model, table)
            self.tabs.addTab(table, title)
        self.extensions = QTableWidget(0, 5)
        self.extensions.setObjectName("pending_extensions")
        self.extensions.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Days"), self.tr("Reason"),
                                                   self.tr("Requested by"), self.tr("Requested")])
        self.extensions.verticalHeader().setVisible(False)
        self.extensions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.extensions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.extensions.horizontalHeader().setStretchLastSection(True)
        self.extensions.cellActivated.connect(lambda row, _c: self._open_extension(row))
        self._pending: list = []
        self.may_decide = ctx.actor.role == "system" or can(ctx.actor.role, Permission.APPROVE_EXTENSION)
        if self.may_decide:
            self.tabs.addTab(self.extensions, self.tr("Extension requests"))

    def _build_layout(self) -> None:
        """The summary and the buttons above, the departments beside the tabs; Esc shows every department."""
        self.summary = QLabel()
        self.summary.setObjectName("board_summary")
        self.late_handovers = QLabel()
        self.late_handovers.setObjectName("late_handovers")
        self.late_handovers.setStyleSheet("color: #a50e0e; font-weight: bold;")
        self.late_handovers.hide()
        refresh = button(self, self.tr("Refresh"), self.reload, "F5")
        open_button = button(self, self.tr("Open case"), self._open_current, tip=self.tr("Open the selected case "
                                                                                           "(Enter)"))
        changes = button(self, self.tr("Deadline changes…"), self.show_deadline_changes,
                         tip=self.tr("The deadlines the working-day calendar has moved: case, deadline, old and "
                                     "new date"), name="board_deadline_changes")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.late_handovers)
        top.addWidget(changes)
        top.addWidget(open_button)
        top.addWidget(refresh)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(_bold(self.tr("By department")))
        ll.addWidget(self.load)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 980])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        shortcut(self, "Escape", self._clear_department)

    def _fetch(self, view, offset, limit, sort_key, descending):
        d = self.department
        filters = pt.PetitionFilter(department_id=d.department_id if d else None,
                                    unassigned=d is not None and d.department_id is None)
        return pt.list_petitions(self.ctx.uow(read_only=True), view=view, filters=filters, offset=offset,
                                 limit=limit, sort_key=sort_key, descending=descending)

    def reload(self) -> None:
        try:
            self._loads = pt.department_load(self.ctx.uow(read_only=True))
            self._pending = pt.pending_extensions(self.ctx.uow(read_only=True)) if self.may_decide else []
            late = matters.count_late_handovers(self.ctx.uow(read_only=True))
        except ServiceError as exc:
            self.summary.setText(describe(exc))
            return
        self.late_handovers.setText(self.tr("%1 handed-over matters not received in time").replace("%1", str(late)))
        self.late_handovers.setVisible(late > 0)
        self.load.blockSignals(True)
        self.load.setRowCount(len(self._loads))
        for r, d in enumerate(self._loads):
            values = [d.department or self.tr("Center (not yet assigned)"), str(d.overdue), str(d.due_today),
                      str(d.due_soon), fmt_date(d.oldest_due_on)]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                state = "overdue" if c == 1 and d.overdue else "today" if c == 2 and d.due_today else \
                    "soon" if c == 3 and d.due_soon else None
                if state:
                    item.setBackground(QColor(CLOCK_COLOURS[state][0]))
                self.load.setItem(r, c, item)
        self.load.blockSignals(False)
        self._fit_load()
        self.extensions.setRowCount(len(self._pending))
        for r, e in enumerate(self._pending):
            for c, value in enumerate((e.case_no, str(e.days), e.reason, e.requested_by_name,
                                       fmt_datetime(e.requested_at))):
                self.extensions.setItem(r, c, QTableWidgetItem(value))
        if self.may_decide:
            index = self.tabs.indexOf(self.extensions)
            self.tabs.setTabText(index, self.tr("Extension requests (%1)").replace("%1", str(len(self._pending))))
        self._reload_lists()

    def _fit_load(self) -> None:
        """The department table shows all its columns: as wide as its contents (at most half the screen)."""
        header = self.load.horizontalHeader()
        widths = [max(self.load.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.load.columnCount())]
        for c, width in enumerate(widths):  # the last too: stretched, it never shrinks below its last width
            self.load.setColumnWidth(c, width)
        total = sum(widths) + 2 * self.load.frameWidth() + self.load.verticalScrollBar().sizeHint().width()
        screen = self.screen().availableGeometry().width() if self.screen() else 1366
        self.load.setMinimumWidth(min(total, screen // 2))

    def _reload_lists(self) -> None:
        for model, _table in self.lists.values():
            model.reload()
        overdue = sum(d.overdue for d in self._loads)
        who = "" if self.department is None else (self.department.department or
                                                  self.tr("Center (not yet assigned)"))
        text = self.tr("%1 cases overdue, %2 due today, %3 due soon.").replace("%1", str(overdue)).replace(
            "%2", str(sum(d.due_today for d in self._loads))).replace("%3", str(sum(d.due_soon for d in self._loads)))
        if who:
            text += " " + self.tr("Showing %1 (Esc shows all).").replace("%1", who)
        self.summary.setText(text)

    def show_deadline_changes(self) -> DeadlineChangesDialog:
        self.changes_dialog = DeadlineChangesDialog(self.ctx, None, self)
        self.changes_dialog.open()
        return self.changes_dialog

    def _department_chosen(self) -> None:
        row = self.load.currentRow()
        if 0 <= row < len(self._loads):
            self.department = self._loads[row]
            self._reload_lists()

    def _clear_department(self) -> None:
        self.department = None
        self.load.clearSelection()
        self._reload_lists()

    def _open(self, model, index: QModelIndex) -> None:
        row = model.row_at(index.row())
        if row is not None:
            self.open_requested.emit(row.id)

    def _open_current(self) -> None:
        widget = self.tabs.currentWidget()
        if widget is self.extensions:
            self._open_extension(self.extensions.currentRow())
            return
        for model, table in self.lists.values():
            if table is widget and table.currentIndex().isValid():
                self._open(model, table.currentIndex())

    def _open_extension(self, row: int) -> None:
        if 0 <= row < len(self._pending):
            self.open_requested.emit(self._pending[row].case_id)
