"""The sign-in dialog."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop import config
from desktop.services import accounts
from desktop.services.errors import ServiceError
from desktop.ui.messages import describe


class LoginDialog(QDialog):
    """Asks for user name and password until they are right; ``actor`` holds who signed in."""

    def __init__(self, ctx, center_name: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.actor = None
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.username.setFocus()

    def try_sign_in(self) -> None:
        try:
            self.actor = accounts.authenticate(self.ctx.uow(), username=self.username.text(),
                                               password=self.password.text())
        except ServiceError as exc:
            self.error.setText(describe(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()
