"""Small building blocks of the mediation and schedule screens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.ui.mediation.common import fmt_hm

ERROR_STYLE = "QLabel { color: #a50e0e; background: #fce8e6; border: 1px solid #f4c7c3; padding: 6px; }"
OK_STYLE = "QLabel { color: #0d652d; background: #e6f4ea; border: 1px solid #ceead6; padding: 6px; }"
INFO_STYLE = "QLabel { color: #202124; background: #f1f3f4; border: 1px solid #dadce0; padding: 6px; }"


def with_keys(text: str, keys: str) -> str:
    native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({native})"


def shortcut(parent: QWidget, keys: str, slot: Callable[[], object],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> QAction:
    action = QAction(parent)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(context)
    action.triggered.connect(lambda _=False: slot())
    parent.addAction(action)
    return action


def button(parent: QWidget, text: str, slot: Callable[[], object], keys: str | None = None,
           tip: str | None = None, name: str | None = None) -> QPushButton:
    """A push button whose shortcut works anywhere inside ``parent`` and shows in its tooltip."""
    b = QPushButton(text)
    b.clicked.connect(lambda _=False: slot())
    if keys:
        shortcut(parent, keys, lambda: b.isEnabled() and b.isVisible() and slot())
        b.setToolTip(with_keys(tip or text.replace("&", "").rstrip("…"), keys))
    elif tip:
        b.setToolTip(tip)
    if name:
        b.setObjectName(name)
    return b


class Banner(QLabel):
    """A message line: red for refusals, green for done, grey for hints; empty hides it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def error(self, text: str) -> None:
        self._show(text, ERROR_STYLE)

    def ok(self, text: str) -> None:
        self._show(text, OK_STYLE)

    def info(self, text: str) -> None:
        self._show(text, INFO_STYLE)

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    def _show(self, text: str, style: str) -> None:
        self.setStyleSheet(style)
        self.setText(text)
        self.setVisible(bool(text))

    @property
    def kind(self) -> str:
        style = self.styleSheet()
        return "error" if style == ERROR_STYLE else "ok" if style == OK_STYLE else "info"


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
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            combo.setCurrentIndex(i)
            return
    combo.addItem(fmt_hm(value), value)
    combo.setCurrentIndex(combo.count() - 1)


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
