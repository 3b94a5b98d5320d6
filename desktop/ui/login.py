"""The sign-in dialog. The password check (Argon2id, about half a second by design) runs on the thread pool
through desktop/ui/tasks.py, so the dialog keeps painting; it shows a busy bar and takes no input meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
)

from desktop import config
from desktop.services.admin import accounts
from desktop.services.errors import ServiceError
from desktop.ui.messages import describe, show_error
from desktop.ui.tasks import Task, TaskRunner


class LoginDialog(QDialog):
    """Asks for user name and password until they are right; ``actor`` holds who signed in."""

    def __init__(self, ctx, center_name: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.actor = None
        self.tasks = TaskRunner(self)
        self.setWindowTitle(self.tr("OneStop — Sign in"))
        self.setMinimumWidth(460)
        logo = QLabel()
        logo.setPixmap(QIcon(str(config.resources_dir() / "icons" / "onestop.svg")).pixmap(QSize(64, 64)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(center_name)
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(self.tr("One-stop comprehensive service center workbench"))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)
        self.progress = QProgressBar()
        self.progress.setObjectName("busy")
        self.progress.setRange(0, 0)  # busy: the check gives no steps
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.username.setFocus()

    @property
    def busy(self) -> bool:
        return self.tasks.is_running("sign_in")

    def try_sign_in(self) -> None:
        if self.busy:
            return
        uow, username, password = self.ctx.uow(), self.username.text(), self.password.text()
        task = Task(lambda: accounts.authenticate(uow, username=username, password=password), plain=True)
        task.signals.finished.connect(self._signed_in)
        task.signals.failed.connect(self._refused)
        self._set_busy(True)
        self.tasks.start("sign_in", task)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for widget in (self.username, self.password, self.buttons):
            widget.setEnabled(not busy)
        if busy:
            self.error.setText(self.tr("Checking the password…"))
            self.error.setStyleSheet("")
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.error.setStyleSheet("color: #b00020")
            self.unsetCursor()

    def _signed_in(self, actor) -> None:
        self._set_busy(False)
        self.error.clear()
        self.actor = actor
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self._set_busy(False)
        if not isinstance(exc, ServiceError):
            self.error.clear()
            show_error(self, exc)
            return
        self.error.setText(describe(exc))
        self.password.selectAll()
        self.password.setFocus()

    def reject(self) -> None:
        if not self.busy:  # the check ends in a moment; its result must not arrive at a closed dialog
            super().reject()
