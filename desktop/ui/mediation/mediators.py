"""The mediator roster: staff mediators (every user with the mediator role) and external volunteer
mediators with their organisation, who can be assigned to disputes and booked for sessions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services import mediation
from desktop.ui import ops
from desktop.ui.form_widgets import Banner, button, current_data, fill, table
from desktop.ui.messages import describe


class MediatorsPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.list = table([self.tr("Name"), self.tr("Kind"), self.tr("Organisation"), self.tr("Title"),
                           self.tr("Phone"), self.tr("Active")], stretch=2)
        self.list.setObjectName("mediators")
        self.list.doubleClicked.connect(lambda _i: self.edit())
        self.status = Banner()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Staff mediators are the users with the mediator role; volunteer mediators "
                                     "come from the village committees, the justice office or law firms.")), 1)
        bar.addWidget(button(self, self.tr("&New volunteer…"), self.new, "Ctrl+Shift+M"))
        bar.addWidget(button(self, self.tr("&Edit…"), self.edit, "F2"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.reload()

    def reload(self) -> None:
        outcome = ops.run(self, self.ctx, lambda uow: mediation.list_mediators(uow, active_only=False),
                          failure=lambda exc: self.status.error(describe(exc)))
        if not outcome.ok:
            return
        rows = outcome.value
        kinds = {"staff": self.tr("Staff"), "volunteer": self.tr("Volunteer")}
        fill(self.list, [[m.name, kinds.get(m.kind, m.kind), m.organisation, m.title, m.phone_masked,
                          self.tr("yes") if m.active else self.tr("no")] for m in rows], rows)

    def new(self) -> None:
        self._edit(None)

    def edit(self) -> None:
        m = current_data(self.list)
        if m is not None:
            self._edit(m)

    def _edit(self, m) -> None:
        dialog = MediatorDialog(self.ctx, self, mediator=m)
        if dialog.exec():
            self.reload()
            self.status.ok(self.tr("Saved: %1.").replace("%1", dialog.saved.name))


class MediatorDialog(QDialog):
    def __init__(self, ctx, parent=None, *, mediator=None):
        super().__init__(parent)
        self.ctx, self.mediator = ctx, mediator
        self.saved = None
        self.setWindowTitle(self.tr("Mediator"))
        self.setMinimumWidth(420)
        staff = mediator is not None and mediator.kind == "staff"
        self.name = QLineEdit(mediator.name if mediator else "")
        self.name.setObjectName("name")
        self.organisation = QLineEdit(mediator.organisation if mediator else "")
        self.title = QLineEdit(mediator.title if mediator else "")
        self.title.setPlaceholderText(self.tr("e.g. 兼职调解员"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(mediator.phone_masked if mediator else "")
        self.active = QCheckBox(self.tr("Active"))
        self.active.setChecked(mediator.active if mediator else True)
        self.status = Banner()
        form = QFormLayout(self)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Organisation:"), self.organisation)
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow("", self.active)
        if staff:
            self.name.setReadOnly(True)
            form.addRow(QLabel(self.tr("The name of a staff mediator comes from the user account.")))
        form.addRow(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        m = self.mediator
        phone = self.phone.text().strip()
        saved = ops.run(self, self.ctx, lambda uow: mediation.save_mediator(
            uow, id=m.id if m else None, kind=m.kind if m else "volunteer", name=self.name.text(),
            organisation=self.organisation.text(), title=self.title.text(), user_id=m.user_id if m else None,
            active=self.active.isChecked(), phone=phone if phone or m is None else None),
            failure=lambda exc: self.status.error(describe(exc)), area="mediation")
        if not saved.ok:
            return
        self.saved = saved.value
        self.accept()
