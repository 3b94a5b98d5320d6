"""The case table shared by the case lists and the director's board: its columns (context "Petitions"),
the paged model whose first page arrives from a background task, and the view's look."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from desktop.ui.calendar_texts import provisional_mark, provisional_tip
from desktop.ui.petitions.widgets import (
    KIND,
    SATISFACTION,
    SOURCE,
    STATUS,
    clock_background,
    clock_foreground,
    clock_text,
    fmt_date,
    fmt_datetime,
    label,
    t,
)
from desktop.ui.tablemodel import Column, PagedTableModel

PAGE = 100
PROVISIONAL_FG = "#9a3412"


class CaseTableModel(PagedTableModel):
    """A paged model whose first page arrives from a background task (``show_first_page``); sorting asks the
    owner to reload the same way."""

    def __init__(self, columns, fetch, reload_requested, parent=None):
        super().__init__(columns, fetch, page_size=PAGE, parent=parent)
        self._reload_requested = reload_requested
        self._more = False  # the view must not fetch on the GUI thread before the first page arrives

    def reload(self) -> None:
        self._reload_requested()

    def show_first_page(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._more = len(self.rows) == self.page_size
        self.endResetModel()


def case_columns() -> list[Column]:
    """The columns of every case list (context "Petitions", shared by the lists and the board)."""
    return [
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Clock")), lambda r: clock_text(r.clock, r.days_left), "due",
               background=lambda r: clock_background(r.clock), foreground=lambda r: clock_foreground(r.clock)),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Case number")), lambda r: r.case_no, "case_no",
               tooltip=lambda r: label(KIND, r.kind) if r.kind != "petition" else None),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Received")), lambda r: fmt_date(r.received_at.date()), "received",
               tooltip=lambda r: fmt_datetime(r.received_at)),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Source")), lambda r: label(SOURCE, r.source)),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Petitioners")), lambda r: r.petitioner_names),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Category")),
               lambda r: f"{r.domain}／{r.category}" if r.domain else r.category),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Village")), lambda r: r.village),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Department")), lambda r: r.department),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Handler")), lambda r: r.handler),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Status")), lambda r: label(STATUS, r.status)),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Due")), _due, "due",
               foreground=lambda r: PROVISIONAL_FG if r.provisional else None,
               tooltip=lambda r: provisional_tip(r.due_on) if r.provisional else None),
        Column(t(QT_TRANSLATE_NOOP("Petitions", "Flags")), _flags),
    ]


def _due(r) -> str:
    """The running deadline; marked while it falls in a year without official holidays (it may move)."""
    return fmt_date(r.due_on) + (" " + provisional_mark() if r.provisional else "")


def _flags(r) -> str:
    out = []
    if r.kind != "petition":
        out.append(label(KIND, r.kind))
    if r.repeat_count:
        out.append(t(QT_TRANSLATE_NOOP("Petitions", "repeat ×%1")).replace("%1", str(r.repeat_count)))
    if r.supervised:
        out.append(t(QT_TRANSLATE_NOOP("Petitions", "supervised")))
    if r.dissatisfied:
        out.append(label(SATISFACTION, r.satisfaction))
    return " · ".join(out)


def case_table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the list's own order first
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    for i, width in enumerate((84, 152, 86, 60, 100, 150, 74, 84, 56, 92, 120)):
        view.setColumnWidth(i, width)
    return view
