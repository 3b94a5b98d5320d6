"""The category synonym table, for administrators: which of our categories a platform's category name
means ("噪声扰民" is our 噪音扰民). The names that went to 其他 in recent imports are listed beside it, to be
added with a double-click. Ctrl+N add, Enter/F2 edit, Delete remove. Opened from the intake's mapping page and
actions and from the categories screen of the Administration area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.services import intake
from desktop.services.admin import center
from desktop.ui import ops
from desktop.ui.messages import describe
from desktop.ui.widgets import with_keys

ROW = Qt.ItemDataRole.UserRole


class SynonymDialog(QDialog):
    """One synonym: the platform's name and our level-two category."""

    def __init__(self, ctx, categories, parent=None, *, synonym: intake.SynonymInfo | None = None, name: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.synonym = synonym
        self.saved: intake.SynonymInfo | None = None
        self.setWindowTitle(self.tr("Category synonym"))
        self.setMinimumWidth(440)
        self.name = QLineEdit(synonym.name if synonym else name)
        self.name.setObjectName("synonym_name")
        self.category = QComboBox()
        self.category.setObjectName("synonym_category")
        domains = {c.id: c.name for c in categories if c.parent_id is None}
        for c in categories:
            if c.parent_id is not None and c.active:
                self.category.addItem(f"{domains.get(c.parent_id, '')} / {c.name}", c.id)
        if synonym is not None:
            self.category.setCurrentIndex(max(self.category.findData(synonym.category_id), 0))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name on the platform:"), self.name)
        form.addRow(self.tr("Our category:"), self.category)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        name, category_id = self.name.text(), self.category.currentData()
        synonym_id = self.synonym.id if self.synonym else None
        saved = ops.run(self, self.ctx, lambda uow: intake.save_synonym(uow, name=name, category_id=category_id,
                                                                        synonym_id=synonym_id),
                        failure=self._refused)
        if saved.ok:
            self.saved = saved.value
            super().accept()

    def _refused(self, exc: Exception) -> None:
        self.error.setText(describe(exc))
        self.name.setFocus()


class SynonymEditor(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("synonym_editor")
        self.setWindowTitle(self.tr("Category synonyms"))
        self.resize(900, 560)
        self.categories = center.list_categories(ctx.uow(read_only=True))
        self._synonym_table()
        left = QVBoxLayout()
        left.addLayout(self._buttons())
        left.addWidget(self.table)
        box = self._unmatched_box()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(close)
        self.reload()

    def _synonym_table(self) -> None:
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("synonyms")
        self.table.setHorizontalHeaderLabels([self.tr("Name on the platform"), self.tr("Our category"),
                                              self.tr("Domain")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self.edit())

    def _buttons(self) -> QHBoxLayout:
        add = QPushButton(self.tr("&Add…"))
        add.setToolTip(with_keys(self.tr("Add a synonym"), "Ctrl+N"))
        add.clicked.connect(lambda: self.add())
        edit = QPushButton(self.tr("&Edit…"))
        edit.setToolTip(self.tr("Edit the selected synonym (Enter, F2)"))
        edit.clicked.connect(self.edit)
        remove = QPushButton(self.tr("&Remove"))
        remove.setToolTip(with_keys(self.tr("Remove the selected synonym"), "Delete"))
        remove.clicked.connect(self.remove)
        for keys, slot in (("Ctrl+N", lambda: self.add()), ("F2", self.edit), ("Delete", self.remove)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _=False, slot=slot: slot())
            self.addAction(action)
        buttons = QHBoxLayout()
        for b in (add, edit, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        return buttons

    def _unmatched_box(self) -> QGroupBox:
        self.unmatched = QTableWidget(0, 2)
        self.unmatched.setObjectName("unmatched")
        self.unmatched.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Imports")])
        self.unmatched.verticalHeader().setVisible(False)
        self.unmatched.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unmatched.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.unmatched.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.unmatched.itemActivated.connect(
            lambda item: self.add(self.unmatched.item(item.row(), 0).text()))
        box = QGroupBox(self.tr("Names that went to 其他 in recent imports"))
        hint = QLabel(self.tr("Double-click a name to say which category it means."))
        hint.setWordWrap(True)
        side = QVBoxLayout(box)
        side.addWidget(hint)
        side.addWidget(self.unmatched)
        return box

    def reload(self, select_id: int | None = None) -> None:
        synonyms = intake.list_synonyms(self.ctx.uow(read_only=True))
        self.table.setRowCount(len(synonyms))
        for i, s in enumerate(synonyms):
            for j, v in enumerate((s.name, s.category, s.domain)):
                item = QTableWidgetItem(v)
                item.setData(ROW, s)
                self.table.setItem(i, j, item)
            if s.id == select_id:
                self.table.selectRow(i)
        names = intake.unmatched_category_names(self.ctx.uow(read_only=True))
        self.unmatched.setRowCount(len(names))
        for i, n in enumerate(names):
            self.unmatched.setItem(i, 0, QTableWidgetItem(n.name))
            self.unmatched.setItem(i, 1, QTableWidgetItem(str(n.rows)))

    def current(self) -> intake.SynonymInfo | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(ROW) if item is not None else None

    def add(self, name: str = "") -> None:
        dialog = SynonymDialog(self.ctx, self.categories, self, name=name)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(dialog.saved.id)

    def edit(self) -> None:
        current = self.current()
        if current is None:
            return
        dialog = SynonymDialog(self.ctx, self.categories, self, synonym=current)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(dialog.saved.id)

    def remove(self) -> None:
        current = self.current()
        if current is None:
            return
        answer = QMessageBox.question(self, self.windowTitle(), self.tr("Remove the synonym “%1”?").replace(
            "%1", current.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        # a refusal is shown in the error dialog (ops' default); the list is read again either way
        ops.run(self, self.ctx, lambda uow: intake.delete_synonym(uow, synonym_id=current.id))
        self.reload()
