"""The clerk panel's waiting list: the tickets waiting for this window, coloured by kind (transferred to the
front, appointment, priority) with a note. The texts keep the translation context "ClerkPanel" of the panel
that showed this list first."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout

from desktop.services import queue
from desktop.services.errors import DatabaseUnavailable
from desktop.ui.queue import labels
from desktop.ui.tablemodel import Column, PagedTableModel


def waiting_list(panel) -> QVBoxLayout:
    """The list's column; sets on ``panel`` its title (waiting_title), model and table. Nothing is listed
    before the panel knows its window, nor while the database is away."""

    def fetch(offset: int, limit: int, _key, _desc):
        if panel.status is None:
            return []
        try:
            return queue.list_waiting(panel.ctx.uow(), offset=offset, limit=limit)
        except DatabaseUnavailable:
            return []

    panel.waiting_title = QLabel()
    panel.waiting_title.setStyleSheet("font-size: 16px; font-weight: bold;")
    panel.model = PagedTableModel([
        Column(QCoreApplication.translate("ClerkPanel", "Number"), lambda r: r.number, background=row_colour),
        Column(QCoreApplication.translate("ClerkPanel", "Service"), lambda r: f"{r.service_letter} {r.service_name}"),
        Column(QCoreApplication.translate("ClerkPanel", "Waiting"), lambda r: labels.duration(r.waited_seconds)),
        Column(QCoreApplication.translate("ClerkPanel", "Note"), row_note),
    ], fetch, page_size=100, parent=panel)
    panel.table = QTableView()
    panel.table.setObjectName("waiting")
    panel.table.setModel(panel.model)
    panel.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    panel.table.verticalHeader().hide()
    panel.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    panel.table.horizontalHeader().setStretchLastSection(True)
    panel.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
    column = QVBoxLayout()
    column.addWidget(panel.waiting_title)
    column.addWidget(panel.table, 1)
    return column


def row_colour(row) -> str | None:
    if row.front:
        return "#fff1b8"
    if row.appointment:
        return "#dbe9ff"
    if row.priority:
        return "#d8f0dd"
    return None


def row_note(row) -> str:
    notes = []
    if row.front:
        notes.append(QCoreApplication.translate("ClerkPanel", "Transferred, front"))
    elif row.transferred:
        notes.append(QCoreApplication.translate("ClerkPanel", "Transferred"))
    if row.target_window_no:
        notes.append(QCoreApplication.translate("ClerkPanel", "For this window"))
    if row.appointment:
        notes.append(QCoreApplication.translate("ClerkPanel", "Appointment")
                     + (f" {row.visitor_name}" if row.visitor_name else ""))
    if row.priority:
        notes.append(QCoreApplication.translate("ClerkPanel", "Priority"))
    return "，".join(notes)
