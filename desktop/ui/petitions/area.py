"""The Petitions area: the case lists (mine, my department's, due soon, overdue, all) with filters, search
and the clock of every case; the director's board; and one case at a time in full.

Lists page from the database through desktop.services.petition_lists. The first page of a list (and a
search) is fetched on the thread pool, so typing in the search box never freezes the window; a newer
request makes an older answer void (Esc cancels a running search)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import case_files
from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.permissions import Permission, can
from desktop.services.petitions import SOURCES, STATUSES
from desktop.ui.petitions.case_table import PAGE, CaseTableModel, case_columns, case_table
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.widgets import (
    SOURCE,
    STATUS,
    button,
    label,
    shortcut,
)
from desktop.ui.tasks import Task, TaskRunner


class CaseList(QWidget):
    """One list of cases with search and filters; ``view`` is one of desktop.services.petition_lists.VIEWS."""

    open_requested = Signal(int)
    register_requested = Signal()
    counts_changed = Signal(dict)  # {"due_soon": n, "overdue": n}

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.view_key = "all"
        self.runner = TaskRunner(self)  # "load": a newer search replaces a running one
        role = ctx.actor.role
        refresh = self._build_search(role)
        self._build_filters(ctx)
        self.model = CaseTableModel(case_columns(), self._fetch, self.reload, parent=self)
        self.table = case_table(self.model)
        self.table.setObjectName("cases")
        self.table.activated.connect(self._open_index)
        self._build_layout(ctx, role, refresh)
        self._connect()

    def _build_search(self, role: str) -> QPushButton:
        """Register, the search box, Filters and Refresh (returned), the busy and status labels."""
        self.register = button(self, self.tr("&Register…"), self.register_requested.emit, "Ctrl+N",
                               self.tr("Register a new petition"))
        self.register.setVisible(can(role, Permission.REGISTER_PETITION) or role == "system")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search case number, names, content (3+ characters; 2 characters: "
                                               "names that start with them)"))
        self.search.setToolTip(self.tr("Search (Ctrl+F); Esc cancels a running search"))
        self.filters_button = button(self, self.tr("&Filters"), self._toggle_filters, "Ctrl+Shift+F",
                                     self.tr("Show or hide the filters"))
        self.filters_button.setCheckable(True)
        refresh = button(self, self.tr("Refresh"), self.reload, "F5")
        self.busy = QLabel()
        self.busy.setObjectName("busy")
        self.status = QLabel()
        self.status.setObjectName("list_status")
        return refresh

    def _build_filters(self, ctx) -> None:
        """The filters: status, category, source, department, village and a range of reception dates."""
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Any status"), None)
        for key in STATUSES:
            self.status_combo.addItem(label(STATUS, key), key)
        self.category_combo = QComboBox()
        self.category_combo.addItem(self.tr("Any category"), None)
        for c in center.list_categories(ctx.uow(read_only=True)):
            self.category_combo.addItem(c.name if c.parent_id is None else "    " + c.name, c.id)
        self.source_combo = QComboBox()
        self.source_combo.addItem(self.tr("Any source"), None)
        for key in SOURCES:
            self.source_combo.addItem(label(SOURCE, key), key)
        self.department_combo = QComboBox()
        self.department_combo.addItem(self.tr("Any department"), None)
        for d in center.list_departments(ctx.uow(read_only=True)):
            self.department_combo.addItem(d.name, d.id)
        self.village = QLineEdit()
        self.village.setPlaceholderText(self.tr("Village / community"))
        self.village.setMaximumWidth(150)
        self.dated = QCheckBox(self.tr("Received"))
        today = ctx.clock.today()
        self.date_from = QDateEdit(QDate(today.year, 1, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.dated.toggled.connect(self.date_from.setEnabled)
        self.dated.toggled.connect(self.date_to.setEnabled)

    def _build_layout(self, ctx, role: str, refresh: QPushButton) -> None:
        """The bar (with the intake actions and the case-file export), the filter row, the table, the status."""
        bar = QHBoxLayout()
        bar.addWidget(self.register)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.filters_button)
        bar.addWidget(refresh)
        from desktop.ui.intake_actions import intake_actions  # 12345 / grid files

        for action in intake_actions(ctx, self, on_imported=lambda _result: self.reload()):
            tool = QToolButton()
            tool.setDefaultAction(action)
            bar.addWidget(tool)
        self.export_button = button(self, self.tr("Export case files…"), self.export_case_files, "Ctrl+Shift+E",
                                    self.tr("Export the case files of every case closed in a date range"),
                                    name="export_case_files")
        self.export_button.setVisible(case_files.may_export(role))
        bar.addWidget(self.export_button)
        self.filter_row = QWidget()
        row = QHBoxLayout(self.filter_row)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.status_combo, self.category_combo, self.source_combo, self.department_combo, self.village,
                  self.dated, self.date_from, QLabel("–"), self.date_to):
            row.addWidget(w)
        row.addStretch(1)
        self.filter_row.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        """Typing searches after a pause, a changed filter at once; Ctrl+F to search, Esc to cancel."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(350)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.status_combo, self.category_combo, self.source_combo, self.department_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.village.editingFinished.connect(self.reload)
        self.dated.toggled.connect(lambda _c: self.reload())
        self.date_from.dateChanged.connect(lambda _d: self.dated.isChecked() and self.reload())
        self.date_to.dateChanged.connect(lambda _d: self.dated.isChecked() and self.reload())
        shortcut(self, "Ctrl+F", lambda: (self.search.setFocus(), self.search.selectAll()))
        shortcut(self.search, "Escape", self.cancel, Qt.ShortcutContext.WidgetShortcut)

    def export_case_files(self) -> None:
        from desktop.ui.documents import ExportDialog

        ExportDialog(self.ctx, self).exec()

    # --- what to show
    def set_view(self, view: str) -> None:
        self.view_key = view
        self.reload()

    def filters(self) -> pt.PetitionFilter:
        return pt.PetitionFilter(
            status=self.status_combo.currentData(), category_id=self.category_combo.currentData(),
            source=self.source_combo.currentData(), department_id=self.department_combo.currentData(),
            village=self.village.text().strip(),
            received_from=self.date_from.date().toPython() if self.dated.isChecked() else None,
            received_to=self.date_to.date().toPython() if self.dated.isChecked() else None,
            text=self.search.text().strip())

    def _toggle_filters(self) -> None:
        self.filter_row.setVisible(not self.filter_row.isVisible())
        self.filters_button.setChecked(self.filter_row.isVisible())

    # --- loading
    def _fetch(self, offset, limit, sort_key, descending):
        return pt.list_petitions(self.ctx.uow(read_only=True), view=self.view_key, filters=self.filters(),
                                 offset=offset, limit=limit, sort_key=sort_key, descending=descending)

    def reload(self) -> None:
        """Fetch the first page (and the clock counts) on the thread pool."""
        self._timer.stop()
        view, filters = self.view_key, self.filters()
        sort_key, descending = self.model.sort_key, self.model.descending
        ctx = self.ctx

        def work():
            rows = pt.list_petitions(ctx.uow(read_only=True), view=view, filters=filters, offset=0, limit=PAGE,
                                     sort_key=sort_key, descending=descending)
            counts = {v: pt.count_petitions(ctx.uow(read_only=True), view=v) for v in pt.CLOCK_VIEWS}
            return rows, counts

        task = Task(work, plain=True)
        task.signals.finished.connect(self._loaded)
        task.signals.failed.connect(self._load_failed)
        self.busy.setText(self.tr("Searching…") if filters.text else self.tr("Loading…"))
        self.runner.start("load", task)

    def load_now(self) -> None:
        """The first page on the calling thread (tests, and after a change the user just made)."""
        self.runner.cancel_all()  # a running answer would be older than this one
        self.model.show_first_page(self._fetch(0, PAGE, self.model.sort_key, self.model.descending))
        self._after_load()

    def cancel(self) -> None:
        if self.busy.text():
            self.runner.cancel_all()  # the running answer will be dropped
            self.busy.setText("")
            self.status.setText(self.tr("Search cancelled."))
        else:
            self.search.clear()

    def _load_failed(self, error) -> None:
        self.busy.setText("")
        self.status.setText(describe(error))

    def _loaded(self, result) -> None:
        self.busy.setText("")
        rows, counts = result
        self.model.show_first_page(rows)
        self.counts_changed.emit(counts)
        self._after_load()

    def _after_load(self) -> None:
        n = self.model.rowCount()
        more = self.model.canFetchMore(QModelIndex())
        self.status.setText(self.tr("%1 cases shown").replace("%1", f"{n}+" if more else str(n)))
        if n and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _open_index(self, index) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_requested.emit(row.id)

    def current_id(self) -> int | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.id if row is not None else None


class PetitionsArea(QWidget):
    """Tabs for the lists (and the director's board), a stack that shows one case in full."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        from desktop.ui.petitions.board import DirectorBoard
        from desktop.ui.petitions.case_view import CaseView

        self.ctx = ctx
        role = ctx.actor.role
        self.views: list[str] = ["mine"]
        titles = {"mine": self.tr("My cases"), "department": self.tr("My department"),
                  "due_soon": self.tr("Due soon"), "overdue": self.tr("Overdue"), "all": self.tr("All cases")}
        if ctx.actor.department_id is not None:
            self.views.append("department")
        self.views += ["due_soon", "overdue", "all"]
        self.titles = titles
        self.tabs = QTabBar()
        self.tabs.setObjectName("petition_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        for v in self.views:
            self.tabs.addTab(titles[v])
        self.board = None
        if can(role, Permission.SUPERVISE_CASES) or role == "system":
            self.board = DirectorBoard(ctx, self)
            self.board.open_requested.connect(self.open_case)
            self.tabs.addTab(self.tr("Director's board"))
        self.list = CaseList(ctx, self)
        self.list.open_requested.connect(self.open_case)
        self.list.register_requested.connect(self.register)
        self.list.counts_changed.connect(self._show_counts)
        self.case = CaseView(ctx, self)
        self.case.back_requested.connect(self.show_lists)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.list)
        if self.board is not None:
            self.pages.addWidget(self.board)
        lists = QWidget()
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addWidget(self.tabs)
        lists_layout.addWidget(self.pages, 1)
        for i in range(self.tabs.count()):  # on the lists page only: in a case, Alt+n takes its steps
            self.tabs.setTabToolTip(i, f"{self.tabs.tabText(i)} (Alt+{i + 1})")
            shortcut(lists, f"Alt+{i + 1}", lambda i=i: self.show_tab(i))
        self.stack = QStackedWidget()
        self.stack.addWidget(lists)
        self.stack.addWidget(self.case)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.stack)
        self.tabs.currentChanged.connect(self._tab_changed)
        start = self.views.index("all") if not can(role, Permission.REGISTER_PETITION) else 0
        if self.board is not None and role != "system":  # the director and supervisors chase cases: the board
            start = len(self.views)
            self.list.set_view("overdue")  # behind it, so the tabs show their counts
        self.tabs.setCurrentIndex(start)
        self._tab_changed(start)

    def show_tab(self, index: int) -> None:
        self.show_lists()
        self.tabs.setCurrentIndex(index)

    def _tab_changed(self, index: int) -> None:
        if index < len(self.views):
            self.pages.setCurrentWidget(self.list)
            self.list.set_view(self.views[index])
        elif self.board is not None:
            self.pages.setCurrentWidget(self.board)
            self.board.reload()

    def _show_counts(self, counts: dict) -> None:
        for view in ("due_soon", "overdue"):
            if view in self.views:
                n = counts.get(view, 0)
                self.tabs.setTabText(self.views.index(view), f"{self.titles[view]} ({n})" if n else self.titles[view])

    def open_case(self, case_id: int) -> None:
        self.case.set_case(case_id)
        self.stack.setCurrentWidget(self.case)
        self.case.setFocus()

    def show_lists(self) -> None:
        if self.stack.currentWidget() is self.case:
            self.stack.setCurrentWidget(self.stack.widget(0))
            self._tab_changed(self.tabs.currentIndex())

    def register(self, ticket=None) -> None:
        from desktop.ui.petitions.registration import RegistrationDialog

        dialog = RegistrationDialog(self.ctx, self, ticket=ticket)
        if dialog.exec() and dialog.case is not None:
            self.open_case(dialog.case.id)
            self.case.banner.ok(self.tr("Registered %1. Query code for the petitioner: %2").replace(
                "%1", dialog.case.case_no).replace("%2", dialog.case.query_code))
        elif dialog.repeat is not None:
            self.open_case(dialog.repeat.id)
            text = self.tr("Repeat visit recorded on %1 (visit %2).").replace("%1", dialog.repeat.case_no).replace(
                "%2", str(dialog.repeat.repeat_count))
            if dialog.repeat.final:
                text += " " + self.tr("The matter was settled by 复核 and is not accepted again.")
            self.case.banner.ok(text)
