"""Small building blocks of the mediation and schedule screens: times of day in quarter hours, check lists and
compact tables (the buttons, shortcuts and banner come from desktop.ui.widgets)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.ui.mediation_labels import fmt_hm
from desktop.ui.widgets import ERROR_STYLE, INFO_STYLE, OK_STYLE, Banner, button, shortcut, with_keys  # noqa: F401


def time_combo(first: dt.time = dt.time(7, 0), last: dt.time = dt.time(21, 0)) -> QComboBox:
    """Times of day in quarter hours; typing 9:30 or 0930 jumps there."""
    combo = QComboBox()
    t = dt.datetime.combine(dt.date.min, first)
    end = dt.datetime.combine(dt.date.min, last)
    while t <= end:
        combo.addItem(fmt_hm(t), t.time())
        t += dt.timedelta(minutes=15)
    combo.setMaxVisibleItems(16)
    return combo


def set_time(combo: QComboBox, value: dt.time) -> None:
    """Select ``value`` (in whole minutes: a clock's seconds are dropped), adding it if it is off the grid."""
    value = value.replace(second=0, microsecond=0)
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            combo.setCurrentIndex(i)
            return
    at = next((i for i in range(combo.count()) if combo.itemData(i) > value), combo.count())
    combo.insertItem(at, fmt_hm(value), value)
    combo.setCurrentIndex(at)


def check_list() -> QListWidget:
    w = QListWidget()
    w.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return w


def add_check(w: QListWidget, text: str, data, checked: bool) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    w.addItem(item)
    return item


def checked(w: QListWidget) -> list:
    return [w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
            if w.item(i).checkState() == Qt.CheckState.Checked]


def table(headers: list[str], stretch: int | None = None) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(26)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    header = t.horizontalHeader()
    header.setHighlightSections(False)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return t


def fill(t: QTableWidget, rows: list[list[str]], data: list | None = None,
         backgrounds: list[dict[int, str]] | None = None) -> None:
    from PySide6.QtGui import QBrush, QColor

    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            if backgrounds and c in backgrounds[r]:
                item.setBackground(QBrush(QColor(backgrounds[r][c])))
            t.setItem(r, c, item)
    t.resizeColumnsToContents()
    for c in range(t.columnCount()):
        t.setColumnWidth(c, min(max(t.columnWidth(c), 48), 280))


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose &-mnemonic focuses ``widget``."""
    w = QLabel(text)
    w.setBuddy(widget)
    return w


def current_data(t: QTableWidget):
    row = t.currentRow()
    if row < 0 or t.item(row, 0) is None:
        return None
    return t.item(row, 0).data(Qt.ItemDataRole.UserRole)


def fit_rows(t: QTableWidget, minimum: int = 1, maximum: int = 8) -> None:
    """Make a short table as tall as its rows (between ``minimum`` and ``maximum`` rows)."""
    rows = max(minimum, min(t.rowCount(), maximum))
    height = t.horizontalHeader().height() + rows * t.verticalHeader().defaultSectionSize() + 2 * t.frameWidth()
    if t.horizontalScrollBar().isVisible():
        height += t.horizontalScrollBar().height()
    t.setFixedHeight(height + 2)
