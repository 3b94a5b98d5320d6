"""Petition categories (two levels: a domain such as 民生保障 and the categories under it) and the
dispute types of mediation."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin import center as center_service
from desktop.ui.admin.common import (
    INACTIVE_COLOUR,
    EditDialog,
    ListPanel,
    grey_when_inactive,
    make_action,
    whole_list,
    with_shortcut,
    yes_no,
)
from desktop.ui.tablemodel import Column
from desktop.ui.widgets import two_panes

ROW = Qt.ItemDataRole.UserRole


class CategoriesScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: EditDialog | None = None
        self.categories: list = []
        tree_panel = self._build_tree_panel()
        self._build_dispute_types()
        self._lay_out(tree_panel)

    def _build_tree_panel(self) -> QWidget:
        # --- the category tree
        self.tree = QTreeWidget()
        self.tree.setObjectName("categories")
        self.tree.setHeaderLabels([self.tr("Petition category"), self.tr("Active")])
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(1, 70)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(lambda item, _col: self.edit_category(item.data(0, ROW)))
        self.new_domain_button = QPushButton(self.tr("New &domain…"))
        self.new_domain_button.setToolTip(with_shortcut(self.tr("Add a first-level domain"), "Ctrl+Shift+N"))
        self.new_domain_button.clicked.connect(self.new_domain)
        self.new_category_button = QPushButton(self.tr("&New category…"))
        self.new_category_button.setToolTip(with_shortcut(
            self.tr("Add a category under the selected domain"), "Ctrl+N"))
        self.new_category_button.clicked.connect(self.new_category)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setToolTip(self.tr("Edit the selected entry (Enter, F2, double-click)"))
        self.edit_button.clicked.connect(lambda: self.edit_category(self.current_category()))
        # names used by the 12345 and grid platforms, matched to these categories on import
        self.synonyms_button = QPushButton(self.tr("&Synonyms…"))
        self.synonyms_button.setObjectName("synonyms_button")
        self.synonyms_button.setToolTip(self.tr("Category names of the 12345 and grid platforms and the "
                                                "categories they are imported as"))
        self.synonyms_button.clicked.connect(self.edit_synonyms)
        tree_panel = QWidget()
        tree_panel.setObjectName("category_panel")
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("<b>" + self.tr("Petition categories") + "</b>"))
        buttons.addStretch(1)
        for button in (self.new_domain_button, self.new_category_button, self.edit_button, self.synonyms_button):
            buttons.addWidget(button)
        tree_layout = QVBoxLayout(tree_panel)
        tree_layout.setContentsMargins(0, 0, 0, 0)
        tree_layout.addLayout(buttons)
        tree_layout.addWidget(self.tree)
        make_action(tree_panel, "Ctrl+N", self.new_category)
        make_action(tree_panel, "Ctrl+Shift+N", self.new_domain)
        make_action(self.tree, "F2", lambda: self.edit_category(self.current_category()),
                    Qt.ShortcutContext.WidgetShortcut)
        return tree_panel

    def _build_dispute_types(self) -> None:
        # --- dispute types
        grey = grey_when_inactive
        self.dispute_types = ListPanel(
            self.tr("Dispute types (mediation)"),
            [Column(self.tr("Dispute type"), lambda t: t.name, foreground=grey),
             Column(self.tr("Order"), lambda t: t.sort_order, align=Qt.AlignmentFlag.AlignCenter, foreground=grey),
             Column(self.tr("Active"), lambda t: yes_no(t.active), align=Qt.AlignmentFlag.AlignCenter,
                    foreground=grey)],
            whole_list(lambda: center_service.list_dispute_types(self.ctx.uow(read_only=True))),
            new_text=self.tr("New &type…"), widths=(180, 60))
        self.dispute_types.new_requested.connect(lambda: self.edit_dispute_type(None))
        self.dispute_types.edit_requested.connect(self.edit_dispute_type)

    def _lay_out(self, tree_panel: QWidget) -> None:
        self.primary = self.tree  # takes the focus when the tab opens
        splitter = two_panes(tree_panel, self.dispute_types, (3, 2))
        QVBoxLayout(self).addWidget(splitter)

    # --- categories
    def refresh(self, select_id: int | None = None) -> None:
        current = self.current_category()
        select_id = select_id if select_id is not None else (current.id if current else None)
        expanded = {self.tree.topLevelItem(i).data(0, ROW).id for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        first_load = self.tree.topLevelItemCount() == 0
        self.categories = center_service.list_categories(self.ctx.uow(read_only=True))
        self.tree.clear()
        domains: dict[int, QTreeWidgetItem] = {}
        selected = None
        for cat in self.categories:
            parent = domains.get(cat.parent_id) if cat.parent_id is not None else None
            item = QTreeWidgetItem([cat.name, yes_no(cat.active)])
            item.setData(0, ROW, cat)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
            item.setSizeHint(0, QSize(0, 26))
            if not cat.active:
                for col in (0, 1):
                    item.setForeground(col, QBrush(QColor(INACTIVE_COLOUR)))
            if parent is None:
                self.tree.addTopLevelItem(item)
                domains[cat.id] = item
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            else:
                parent.addChild(item)
            if cat.id == select_id:
                selected = item
        for cat_id, item in domains.items():
            item.setExpanded(first_load or cat_id in expanded or (selected is not None and (
                selected.parent() is item)))
        if selected is None and self.tree.topLevelItemCount():
            selected = self.tree.topLevelItem(0)  # the keyboard has somewhere to start
        if selected is not None:
            self.tree.setCurrentItem(selected)
            self.tree.scrollToItem(selected)
        self.dispute_types.reload()

    def current_category(self):
        item = self.tree.currentItem()
        return item.data(0, ROW) if item is not None else None

    def domains(self) -> list:
        return [c for c in self.categories if c.parent_id is None]

    def new_domain(self) -> None:
        self._open_category(None, parent_id=None)

    def new_category(self) -> None:
        current = self.current_category()
        parent_id = None if current is None else (current.id if current.parent_id is None else current.parent_id)
        if parent_id is None and self.domains():
            parent_id = self.domains()[0].id
        self._open_category(None, parent_id=parent_id)

    def edit_category(self, category) -> None:
        if category is not None:
            self._open_category(category, parent_id=category.parent_id)

    def _open_category(self, category, parent_id) -> None:
        siblings = [c for c in self.categories if c.parent_id == parent_id]
        next_order = max((c.sort_order for c in siblings), default=-1) + 1
        dialog = self.dialog = CategoryDialog(self.ctx, self.domains(), category, parent_id, next_order, self)
        dialog.accepted.connect(lambda: self.refresh(select_id=dialog.result_value.id))
        dialog.open()

    # --- dispute types
    def edit_dispute_type(self, dispute_type) -> None:
        next_order = max((t.sort_order for t in self.dispute_types.model.rows), default=-1) + 1
        dialog = self.dialog = DisputeTypeDialog(self.ctx, dispute_type, next_order, self)
        dialog.accepted.connect(
            lambda: self.dispute_types.reload(select=lambda t: t.id == dialog.result_value.id))
        dialog.open()

    def edit_synonyms(self) -> None:
        from desktop.ui.category_synonyms import SynonymEditor

        SynonymEditor(self.ctx, self).exec()


class CategoryDialog(EditDialog):
    def __init__(self, ctx, domains, category=None, parent_id=None, next_order: int = 0, parent=None):
        title = (self.tr("Edit category") if category is not None else
                 self.tr("New domain") if parent_id is None else self.tr("New category"))
        super().__init__(title, parent)
        self.ctx = ctx
        self.row = category
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(60)
        self.level = QComboBox()
        self.level.setObjectName("level")
        self.level.addItem(self.tr("— first level (a domain) —"), None)
        for domain in domains:
            if category is None or domain.id != category.id:
                self.level.addItem(domain.name, domain.id)
        self.order = QSpinBox()
        self.order.setRange(0, 999)
        self.order.setMaximumWidth(100)
        self.active = QCheckBox(self.tr("In &use (offered when registering a petition)"))
        self.add_row(self.tr("&Name:"), self.name, "name")
        self.add_row(self.tr("Belongs &to:"), self.level, "parent_id")
        self.add_row(self.tr("&Order:"), self.order, "sort_order")
        self.add_row("", self.active)
        self.level.setCurrentIndex(max(0, self.level.findData(parent_id)))
        if category is None:
            self.order.setValue(next_order)
            self.active.setChecked(True)
        else:
            self.name.setText(category.name)
            self.order.setValue(category.sort_order)
            self.active.setChecked(category.active)

    def save(self, uow):
        return center_service.save_category(
            uow, id=self.row.id if self.row else None, name=self.name.text(),
            parent_id=self.level.currentData(), sort_order=self.order.value(), active=self.active.isChecked())


class DisputeTypeDialog(EditDialog):
    def __init__(self, ctx, dispute_type=None, next_order: int = 0, parent=None):
        super().__init__(self.tr("New dispute type") if dispute_type is None else self.tr("Edit dispute type"),
                         parent)
        self.ctx = ctx
        self.row = dispute_type
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(40)
        self.order = QSpinBox()
        self.order.setRange(0, 999)
        self.order.setMaximumWidth(100)
        self.active = QCheckBox(self.tr("In &use (offered when registering a dispute)"))
        self.add_row(self.tr("&Name:"), self.name, "name")
        self.add_row(self.tr("&Order:"), self.order, "sort_order")
        self.add_row("", self.active)
        if dispute_type is None:
            self.order.setValue(next_order)
            self.active.setChecked(True)
        else:
            self.name.setText(dispute_type.name)
            self.order.setValue(dispute_type.sort_order)
            self.active.setChecked(dispute_type.active)

    def save(self, uow):
        return center_service.save_dispute_type(
            uow, id=self.row.id if self.row else None, name=self.name.text(),
            sort_order=self.order.value(), active=self.active.isChecked())
