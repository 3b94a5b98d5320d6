"""Small forms for the steps of a case. A form stays open with everything typed when the service refuses
(a missing reason, a step someone else took first), and shows why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import Conflict
from desktop.ui.ops import Op
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.widgets import Banner


class FormDialog(QDialog):
    """A titled form; ``submit(values)`` calls the service. OK is Ctrl+Enter; the dialog closes only when
    the service accepted the values."""

    def __init__(self, title: str, submit: Callable[[dict], object], parent=None, *, intro: str = "",
                 width: int = 560):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self._submit = submit
        self._fields: dict[str, Callable[[], object]] = {}
        self.result_value = None
        self.conflict = False  # the service said someone else changed the record first
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.banner = Banner(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setShortcut("Ctrl+Return")
        ok.setToolTip(self.tr("Save (Ctrl+Enter)"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)

    # --- fields
    def add_widget(self, key: str, caption: str, widget: QWidget, value: Callable[[], object]) -> QWidget:
        widget.setObjectName(key)
        self.form.addRow(caption, widget)
        self._fields[key] = value
        return widget

    def add_line(self, key: str, caption: str, text: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        return self.add_widget(key, caption, edit, lambda: edit.text().strip())

    def add_text(self, key: str, caption: str, text: str = "", height: int = 90) -> QPlainTextEdit:
        edit = QPlainTextEdit(text)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(height)
        return self.add_widget(key, caption, edit, lambda: edit.toPlainText().strip())

    def add_combo(self, key: str, caption: str, items: Sequence[tuple[str, object]], current=None) -> QComboBox:
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))
        return self.add_widget(key, caption, combo, combo.currentData)

    def add_date(self, key: str, caption: str, value: dt.date, *, maximum: dt.date | None = None) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        if maximum is not None:
            edit.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
        return self.add_widget(key, caption, edit, lambda: edit.date().toPython())

    def add_spin(self, key: str, caption: str, value: int, minimum: int, maximum: int, suffix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(minimum, maximum)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return self.add_widget(key, caption, spin, spin.value)

    def add_table(self, key: str, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
                  editable_columns: Sequence[int]) -> QTableWidget:
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c not in editable_columns:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(r, c, item)
        table.setMinimumHeight(60 + 28 * max(1, len(rows)))

        def value():
            return [[(table.item(r, c).text() if table.item(r, c) else "") for c in range(table.columnCount())]
                    for r in range(table.rowCount())]
        return self.add_widget(key, caption, table, value)

    def values(self) -> dict:
        return {key: get() for key, get in self._fields.items()}

    def field(self, key: str) -> QWidget:
        return self.findChild(QWidget, key)

    # --- saving
    def save(self) -> None:
        values = self.values()
        # the submit callable opens its own unit of work, so Op opens none (ctx None)
        outcome = Op(self, None, lambda: self._submit(values)).failure(self._refused).run()
        if not outcome.ok:
            return
        self.result_value = outcome.value
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.conflict = self.conflict or isinstance(exc, Conflict)
        self.banner.error(describe(exc))
