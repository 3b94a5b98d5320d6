"""Staff accounts: list, add and edit (role, window, department), reset a password, enable or disable,
and lift a lockout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin import accounts
from desktop.services.admin import center as center_service
from desktop.services.errors import Invalid
from desktop.services.permissions import Role
from desktop.ui import ops
from desktop.ui.admin.common import (
    EditDialog,
    ListPanel,
    grey_when_inactive,
    make_action,
    whole_list,
    with_shortcut,
    yes_no,
)
from desktop.ui.roles import role_name
from desktop.ui.tablemodel import Column

CENTERED = Qt.AlignmentFlag.AlignCenter
LOCKED_BG = "#fde0dc"


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class UsersScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: EditDialog | None = None
        self._departments: dict[int, str] = {}
        grey = grey_when_inactive
        self.users = ListPanel(
            self.tr("Staff accounts"),
            [Column(self.tr("User name"), lambda u: u.username, foreground=grey),
             Column(self.tr("Full name"), lambda u: u.full_name, foreground=grey),
             Column(self.tr("Role"), lambda u: role_name(u.role), foreground=grey),
             Column(self.tr("Window"), lambda u: u.window_no or "", align=CENTERED, foreground=grey),
             Column(self.tr("Department"), lambda u: self._departments.get(u.department_id, ""), foreground=grey),
             Column(self.tr("Active"), lambda u: yes_no(u.active), align=CENTERED, foreground=grey),
             Column(self.tr("Locked until"), lambda u: _when(self._locked(u)),
                    background=lambda u: LOCKED_BG if self._locked(u) else None),
             Column(self.tr("Last sign-in"), lambda u: _when(u.last_login_at), foreground=grey)],
            whole_list(self._load), new_text=self.tr("&New user…"), widths=(120, 100, 110, 60, 160, 60, 150, 150))
        self.users.new_requested.connect(lambda: self.edit_user(None))
        self.users.edit_requested.connect(self.edit_user)
        self.reset_button = QPushButton(self.tr("Reset &password…"))
        self.reset_button.setToolTip(with_shortcut(
            self.tr("Set a new password for the selected user; this also lifts a lockout"), "Ctrl+P"))
        self.reset_button.clicked.connect(self.reset_password)
        self.toggle_button = QPushButton(self.tr("&Disable"))
        self.toggle_button.setObjectName("toggle_active")
        self.toggle_button.setToolTip(with_shortcut(self.tr("Disable or enable the selected account"), "Ctrl+D"))
        self.toggle_button.clicked.connect(self.toggle_active)
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setToolTip(self.tr("Lift the lockout after too many wrong passwords"))
        self.unlock_button.clicked.connect(self.unlock)
        for button in (self.reset_button, self.toggle_button, self.unlock_button):
            self.users.add_button(button)
        make_action(self.users, "Ctrl+P", self.reset_password)
        make_action(self.users, "Ctrl+D", self.toggle_active)
        self.users.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.users.model.modelReset.connect(self._update_buttons)
        self.primary = self.users.view  # takes the focus when the tab opens
        self.message = QLabel()
        self.message.setObjectName("message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.users)
        layout.addWidget(self.message)
        self._update_buttons()

    def _load(self) -> list:
        self._departments = {d.id: d.name for d in center_service.list_departments(self.ctx.uow(read_only=True))}
        return accounts.list_users(self.ctx.uow(read_only=True))

    def _locked(self, user):
        now = self.ctx.clock.now()
        return user.locked_until if user.locked_until and user.locked_until > now else None

    def _update_buttons(self) -> None:
        user = self.users.current()
        for button in (self.reset_button, self.toggle_button):
            button.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and self._locked(user) is not None)
        self.toggle_button.setText(self.tr("Ena&ble") if user is not None and not user.active
                                   else self.tr("&Disable"))

    def refresh(self) -> None:
        self.users.reload()

    # --- actions
    def edit_user(self, user) -> None:
        windows = center_service.list_windows(self.ctx.uow(read_only=True))
        departments = center_service.list_departments(self.ctx.uow(read_only=True))
        dialog = self.dialog = UserDialog(self.ctx, windows, departments, user, self)
        dialog.accepted.connect(lambda: self._saved(dialog.result_value, self.tr("Saved.")))
        dialog.open()

    def reset_password(self) -> None:
        user = self.users.current()
        if user is None:
            return
        dialog = self.dialog = ResetPasswordDialog(self.ctx, user, self)
        dialog.accepted.connect(lambda: self._saved(user, self.tr("The password of %1 has been reset.").replace(
            "%1", user.username)))
        dialog.open()

    def toggle_active(self) -> None:
        user = self.users.current()
        if user is None:
            return
        outcome = ops.run(self, self.ctx, lambda uow: accounts.update_user(uow, user_id=user.id, full_name=user.full_name, role=user.role,
                                                                           window_no=user.window_no, department_id=user.department_id,
                                                                           phone=user.phone, active=not user.active),
                          area="admin")
        if not outcome.ok:
            return
        info = outcome.value
        self._saved(info, self.tr("%1 can sign in again.") if info.active else
                    self.tr("%1 can no longer sign in."))

    def unlock(self) -> None:
        user = self.users.current()
        if user is None:
            return
        outcome = ops.run(self, self.ctx, lambda uow: accounts.unlock_user(uow, user_id=user.id),
                          area="admin")
        if not outcome.ok:
            return
        info = outcome.value
        self._saved(info, self.tr("%1 is unlocked."))

    def _saved(self, info, message: str) -> None:
        self.users.reload(select=lambda u: u.id == info.id)
        self.message.setText(message.replace("%1", info.username))


class UserDialog(EditDialog):
    def __init__(self, ctx, windows, departments, user=None, parent=None):
        super().__init__(self.tr("New user") if user is None else self.tr("Edit user %1").replace(
            "%1", user.username), parent)
        self.ctx = ctx
        self.row = user
        self.background = user is None  # adding hashes the password
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(40)
        self.username.setToolTip(self.tr("Letters, digits, dot, dash and underscore; 2 to 40 characters"))
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.full_name.setMaxLength(40)
        self.role = QComboBox()
        self.role.setObjectName("role")
        for role in Role:
            self.role.addItem(role_name(role.value), role.value)
        self.window_combo = QComboBox()
        self.window_combo.setObjectName("window")
        self.window_combo.addItem(self.tr("— none —"), None)
        for w in windows:
            self.window_combo.addItem(self.tr("Window %1 %2").replace("%1", str(w.number)).replace("%2", w.name),
                                      w.number)
        self.department = QComboBox()
        self.department.setObjectName("department")
        self.department.addItem(self.tr("— none —"), None)
        for d in departments:
            if d.active or (user is not None and d.id == user.department_id):
                self.department.addItem(d.name, d.id)
        self.phone = QLineEdit()
        self.phone.setMaxLength(20)
        self.add_row(self.tr("&User name:"), self.username, "username")
        self.add_row(self.tr("Full &name:"), self.full_name, "full_name")
        self.add_row(self.tr("&Role:"), self.role, "role")
        self.add_row(self.tr("&Window:"), self.window_combo, "window_no")
        self.add_row(self.tr("&Department:"), self.department, "department_id")
        self.add_row(self.tr("P&hone:"), self.phone, "phone")
        if user is None:
            self.password = QLineEdit()
            self.password.setObjectName("password")
            self.password.setEchoMode(QLineEdit.EchoMode.Password)
            self.confirm = QLineEdit()
            self.confirm.setObjectName("confirm")
            self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
            self.add_row(self.tr("&Password:"), self.password, "password")
            self.add_row(self.tr("&Confirm password:"), self.confirm)
            self.role.setCurrentIndex(self.role.findData(Role.CLERK.value))
        else:
            self.username.setText(user.username)
            self.username.setReadOnly(True)
            self.full_name.setText(user.full_name)
            self.role.setCurrentIndex(self.role.findData(user.role))
            self.window_combo.setCurrentIndex(max(0, self.window_combo.findData(user.window_no)))
            self.department.setCurrentIndex(max(0, self.department.findData(user.department_id)))
            self.phone.setText(user.phone)
            self.active = QCheckBox(self.tr("&Active (may sign in)"))
            self.active.setChecked(user.active)
            self.add_row("", self.active)
        (self.username if user is None else self.full_name).setFocus()

    def save_job(self):
        """A new account: its password is hashed (about half a second), so the call runs in the background."""
        if self.password.text() != self.confirm.text():
            raise Invalid(field="password", reason="mismatch")
        values = dict(username=self.username.text(), full_name=self.full_name.text(),
                      role=self.role.currentData(), password=self.password.text(),
                      window_no=self.window_combo.currentData(), department_id=self.department.currentData(),
                      phone=self.phone.text().strip())
        return lambda uow: accounts.add_user(uow, **values)

    def save(self, uow):
        return accounts.update_user(
            uow, user_id=self.row.id, full_name=self.full_name.text(), role=self.role.currentData(),
            window_no=self.window_combo.currentData(), department_id=self.department.currentData(),
            phone=self.phone.text().strip(), active=self.active.isChecked())


class ResetPasswordDialog(EditDialog):
    def __init__(self, ctx, user, parent=None):
        super().__init__(self.tr("Reset password of %1").replace("%1", user.username), parent)
        self.ctx = ctx
        self.row = user
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_row(self.tr("&New password:"), self.password, "password")
        self.add_row(self.tr("&Confirm password:"), self.confirm)
        self.form.addRow(QLabel(self.tr("Tell the user the new password in person; they can change it "
                                        "under File › Change password.")))
        self.form.itemAt(self.form.rowCount() - 1, self.form.ItemRole.SpanningRole).widget().setWordWrap(True)
        self.password.setFocus()

    background = True  # hashing the password takes about half a second

    def save_job(self):
        if self.password.text() != self.confirm.text():
            raise Invalid(field="password", reason="mismatch")
        user, password = self.row, self.password.text()

        def job(uow):
            accounts.reset_password(uow, user_id=user.id, new_password=password)
            return user

        return job
