"""Departments (责任单位): the units petitions are assigned to, with a contact person and phone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from desktop.services.admin import center as center_service
from desktop.ui.admin.common import EditDialog, ListPanel, grey_when_inactive, whole_list, yes_no
from desktop.ui.tablemodel import Column

CENTERED = Qt.AlignmentFlag.AlignCenter


class DepartmentsScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: EditDialog | None = None
        grey = grey_when_inactive
        self.departments = ListPanel(
            self.tr("Responsible departments"),
            [Column(self.tr("Department"), lambda d: d.name, foreground=grey),
             Column(self.tr("Contact person"), lambda d: d.contact, foreground=grey),
             Column(self.tr("Phone"), lambda d: d.phone, foreground=grey),
             Column(self.tr("Order"), lambda d: d.sort_order, align=CENTERED, foreground=grey),
             Column(self.tr("Active"), lambda d: yes_no(d.active), align=CENTERED, foreground=grey)],
            whole_list(lambda: center_service.list_departments(self.ctx.uow(read_only=True))),
            new_text=self.tr("&New department…"), widths=(260, 160, 180, 80, 80), stretch=-1)
        self.departments.new_requested.connect(lambda: self.edit_department(None))
        self.departments.edit_requested.connect(self.edit_department)
        self.primary = self.departments.view  # takes the focus when the tab opens
        QVBoxLayout(self).addWidget(self.departments)

    def refresh(self) -> None:
        self.departments.reload()

    def edit_department(self, department) -> None:
        next_order = max((d.sort_order for d in self.departments.model.rows), default=-1) + 1
        dialog = self.dialog = DepartmentDialog(self.ctx, department, next_order, self)
        dialog.accepted.connect(
            lambda: self.departments.reload(select=lambda d: d.id == dialog.result_value.id))
        dialog.open()


class DepartmentDialog(EditDialog):
    def __init__(self, ctx, department=None, next_order: int = 0, parent=None):
        super().__init__(self.tr("New department") if department is None else self.tr("Edit department"),
                         parent)
        self.ctx = ctx
        self.row = department
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(80)
        self.contact = QLineEdit()
        self.contact.setMaxLength(40)
        self.phone = QLineEdit()
        self.phone.setMaxLength(40)
        self.order = QSpinBox()
        self.order.setRange(0, 999)
        self.order.setMaximumWidth(100)
        self.active = QCheckBox(self.tr("In &use (petitions can be assigned to it)"))
        self.add_row(self.tr("&Name:"), self.name, "name")
        self.add_row(self.tr("&Contact person:"), self.contact, "contact")
        self.add_row(self.tr("&Phone:"), self.phone, "phone")
        self.add_row(self.tr("&Order:"), self.order, "sort_order")
        self.add_row("", self.active)
        if department is None:
            self.order.setValue(next_order)
            self.active.setChecked(True)
        else:
            self.name.setText(department.name)
            self.contact.setText(department.contact)
            self.phone.setText(department.phone)
            self.order.setValue(department.sort_order)
            self.active.setChecked(department.active)

    def save(self, uow):
        return center_service.save_department(
            uow, id=self.row.id if self.row else None, name=self.name.text(),
            contact=self.contact.text().strip(), phone=self.phone.text().strip(), sort_order=self.order.value(),
            active=self.active.isChecked())
