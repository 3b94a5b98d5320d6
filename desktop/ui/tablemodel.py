"""One table model for every list screen: columns declared as data, rows are service DTOs fetched a
page at a time (``canFetchMore``/``fetchMore``), sorting done by the service in SQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor


@dataclass(frozen=True)
class Column:
    title: str  # already translated by the screen (self.tr)
    value: Callable[[Any], Any]  # row -> displayed value
    sort_key: str | None = None  # handed to the fetch function; None = not sortable
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    background: Callable[[Any], str | None] | None = None  # row -> colour name (clock states etc.)
    foreground: Callable[[Any], str | None] | None = None
    tooltip: Callable[[Any], str | None] | None = None


# fetch(offset, limit, sort_key, descending) -> list of rows
Fetch = Callable[[int, int, str | None, bool], Sequence[Any]]


class PagedTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], fetch: Fetch, *, page_size: int = 200, parent=None):
        super().__init__(parent)
        self.columns = columns
        self._fetch = fetch
        self.page_size = page_size
        self.rows: list[Any] = []
        self._more = True
        self.sort_key: str | None = None
        self.descending = False

    # --- loading
    def reload(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._more = True
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def set_rows(self, rows: Sequence[Any]) -> None:
        """For small lists that are loaded whole (windows, rooms)."""
        self.beginResetModel()
        self.rows = list(rows)
        self._more = False
        self.endResetModel()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if parent.isValid():
            return
        page = list(self._fetch(len(self.rows), self.page_size, self.sort_key, self.descending))
        self._more = len(page) == self.page_size
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    # --- Qt model interface
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows) or index.column() >= len(self.columns):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.BackgroundRole and column.background:
            colour = column.background(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            colour = column.foreground(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            return
        self.sort_key, self.descending = key, order == Qt.SortOrder.DescendingOrder
        if self._fetch is not None and self._more is not None:
            self.reload()

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None
