"""Building blocks of the administration screens: a list panel over PagedTableModel with New/Edit
actions and their shortcuts, and an edit dialog that keeps the user's input when the service refuses it.

The strings here use the explicit context "AdminCommon": PySide's ``self.tr`` looks up the runtime class
name, which would miss translations written for a base class."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ServiceError
from desktop.ui import ops
from desktop.ui.messages import describe, show_error
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.tasks import TaskRunner
from desktop.ui.text import translator
from desktop.ui.widgets import table_view

ERROR_STYLE = "color: #b00020"
OK_STYLE = "color: #1b7f3b"
INACTIVE_COLOUR = "#8a8a8a"


_t = translator("AdminCommon")


def yes_no(value: bool) -> str:
    return _t(QT_TRANSLATE_NOOP("AdminCommon", "Yes")) if value else _t(QT_TRANSLATE_NOOP("AdminCommon", "No"))


def with_shortcut(text: str, keys: str) -> str:
    """A tooltip naming the action's shortcut, e.g. "New (Ctrl+N)"."""
    native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({native})"


def make_action(parent: QWidget, keys: str | Sequence[str], slot: Callable[[], Any],
                context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> QAction:
    """A shortcut that only works while the focus is inside ``parent`` (several screens share Ctrl+N)."""
    action = QAction(parent)
    action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
    action.setShortcutContext(context)
    action.triggered.connect(lambda _=False: slot())
    parent.addAction(action)
    return action


def grey_when_inactive(row) -> str | None:
    return None if getattr(row, "active", True) else INACTIVE_COLOUR


class ListPanel(QWidget):
    """A titled list with New (Ctrl+N) and Edit (Enter, F2, double-click) over a PagedTableModel.

    ``fetch(offset, limit, sort_key, descending)`` pages the rows from a service; small configuration lists
    return everything on the first page.
    """

    new_requested = Signal()
    edit_requested = Signal(object)  # the row's DTO

    def __init__(self, title: str, columns: list[Column], fetch, *, new_text: str | None = None,
                 widths: Sequence[int] = (), stretch: int | None = None, parent=None):
        super().__init__(parent)
        self.model = PagedTableModel(columns, fetch, parent=self)
        self.view = table_view(self.model)
        for i, width in enumerate(widths):
            self.view.setColumnWidth(i, width)
        if stretch is not None:  # a text column takes the spare width instead of the last one (-1: none)
            header = self.view.horizontalHeader()
            header.setStretchLastSection(False)
            if stretch >= 0:
                header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.title = QLabel(f"<b>{title}</b>")
        self.new_button = QPushButton(new_text or _t(QT_TRANSLATE_NOOP("AdminCommon", "&New…")))
        self.new_button.setToolTip(with_shortcut(_t(QT_TRANSLATE_NOOP("AdminCommon", "Add a new entry")), "Ctrl+N"))
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button = QPushButton(_t(QT_TRANSLATE_NOOP("AdminCommon", "&Edit…")))
        self.edit_button.setToolTip(_t(QT_TRANSLATE_NOOP("AdminCommon", "Edit the selected entry (Enter, F2, double-click)")))
        self.edit_button.clicked.connect(self.edit_current)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.title)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.new_button)
        self.buttons.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view)
        self.view.activated.connect(lambda _index: self.edit_current())  # Enter and double-click
        make_action(self, "Ctrl+N", self.new_requested.emit)
        make_action(self.view, "F2", self.edit_current, Qt.ShortcutContext.WidgetShortcut)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def add_button(self, button: QPushButton) -> None:
        self.buttons.addWidget(button)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.current() is not None)

    def current(self):
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def edit_current(self) -> None:
        row = self.current()
        if row is not None:
            self.edit_requested.emit(row)

    def reload(self, select: Callable[[Any], bool] | None = None) -> None:
        """Reload the rows, keeping the selection on the same entry (or on the first ``select`` matches)."""
        previous = self.current()
        key = getattr(previous, "id", None)
        self.model.reload()
        match = select or (lambda row: key is not None and getattr(row, "id", None) == key)
        found = next((i for i, row in enumerate(self.model.rows) if match(row)), 0 if self.model.rows else None)
        if found is not None:
            self.select_row(found)
        self._update_buttons()

    def column_changed(self, column: int) -> None:
        """A column computed from other data (e.g. another list) has new values."""
        rows = self.model.rowCount()
        if rows:
            self.model.dataChanged.emit(self.model.index(0, column), self.model.index(rows - 1, column))

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0, QModelIndex())
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)


def whole_list(load: Callable[[], Sequence[Any]]):
    """A fetch function for a configuration list a service returns whole (windows, rooms …)."""

    def fetch(offset: int, limit: int, _key, _descending) -> list:
        return list(load())[offset:offset + limit] if offset == 0 else []

    return fetch


class EditDialog(QDialog):
    """A form saved by ``save()`` (a service call in the subclass). When the service refuses the input,
    the dialog stays open with everything the user typed, shows the reason and focuses the field at fault.
    ``result_value`` holds what ``save()`` returned.

    A dialog whose save takes long (hashing a password takes about half a second) sets ``background`` and
    implements ``save_job()`` instead: it reads the form on the GUI thread and returns the service call,
    which runs on the thread pool while the dialog shows a busy bar and takes no input."""

    background = False

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.result_value = None
        self.tasks = TaskRunner(self)
        self.fields: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the service call gives no steps
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(with_shortcut(_t(QT_TRANSLATE_NOOP("AdminCommon", "Save")), "Ctrl+S"))
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        make_action(self, "Ctrl+S", self.accept, Qt.ShortcutContext.WindowShortcut)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def add_row(self, label: str, widget: QWidget, field: str | None = None) -> QWidget:
        self.form.addRow(label, widget)
        if field:
            self.fields[field] = widget
        return widget

    def save(self, uow):  # pragma: no cover - every subclass implements it or save_job()
        raise NotImplementedError

    def save_job(self) -> Callable[[Any], Any]:  # pragma: no cover - background dialogs implement it
        """Read the form on the main thread; the returned ``job(uow)`` runs in the background."""
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        return self.tasks.is_running("save")

    def accept(self) -> None:
        if self.busy:
            return
        if self.background:
            job = ops.run(self, None, self.save_job, failure=self.show_error)
            if job.ok:
                self._start(job.value)
            return
        saved = ops.run(self, self.ctx, self.save, failure=self.show_error, area="admin")
        if not saved.ok:
            return
        self.result_value = saved.value
        super().accept()

    def reject(self) -> None:
        if not self.busy:  # the service call cannot be taken back halfway; it ends in a moment
            super().reject()

    def _start(self, job: Callable[[Any], Any]) -> None:
        self._set_busy(True)
        ops.Op(self, self.ctx, job, area="admin").success(self._finished).failure(self._failed).run_in_background(
            self.tasks, key="save")

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.error.setText(_t(QT_TRANSLATE_NOOP("AdminCommon", "Saving…")) if busy else self.error.text())
        self.error.setStyleSheet("" if busy else ERROR_STYLE)
        for i in range(self.form.count()):
            item = self.form.itemAt(i)
            if item.widget() is not None:
                item.widget().setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _finished(self, result) -> None:
        self._set_busy(False)
        self.result_value = result
        super().accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.error.clear()
        if isinstance(exc, ServiceError):
            self.show_error(exc)
        else:
            show_error(self, exc)

    def show_error(self, exc: ServiceError) -> None:
        self.error.setText(describe(exc))
        widget = self.fields.get(exc.facts.get("field", ""))
        if widget is not None:
            widget.setFocus()
            if hasattr(widget, "selectAll"):
                widget.selectAll()
