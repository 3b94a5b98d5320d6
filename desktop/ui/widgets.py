"""Building blocks shared by the screens: buttons whose shortcut shows in their tooltip, a banner for the
outcome of the last action, and read-only tables."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QWidget,
)

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


def styled_label(name: str, style: str, text: str = "") -> QLabel:
    """A label the probe and tests find by ``name``, drawn with ``style`` (a style sheet's declarations)."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setStyleSheet(style)
    return label


def table_view(model) -> QTableView:
    """A read-only list of whole rows over a table model, one row selectable."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.setWordWrap(False)
    return view


def read_only_table(headers: list[str], *, word_wrap: bool = False) -> QTableWidget:
    """A small table of whole rows to read and pick from (versions, people, timeline steps)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(word_wrap)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def two_panes(first: QWidget, second: QWidget, stretch: tuple[int, int]) -> QSplitter:
    """The side-by-side splitter of a list and what goes with it, each pane growing by its stretch factor."""
    splitter = QSplitter()
    splitter.addWidget(first)
    splitter.addWidget(second)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    return splitter
