"""Shown when the database can't be reached: says why, and lets the user fix the setting for this PC."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop import config, pg_setup
from desktop.services.context import open_database
from desktop.ui import ops
from desktop.ui.messages import describe


class DatabaseDialog(QDialog):
    """``url`` is the chosen URL after accept(); it has been saved to this PC's settings."""

    def __init__(self, url: str, problem: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.setWindowTitle(self.tr("OneStop — Database connection"))
        self.setMinimumWidth(620)
        intro = QLabel(self.tr("OneStop could not open its database."))
        detail = QLabel(problem)
        detail.setObjectName("problem")
        detail.setWordWrap(True)
        detail.setStyleSheet("color: #b00020")
        help_ = QLabel(self.tr(
            "For a center with several PCs, enter the PostgreSQL server, for example\n"
            "postgresql://onestop:PASSWORD@192.168.1.10:5432/onestop\n"
            "For a single PC, use the local database file."))
        help_.setWordWrap(True)
        self.edit = QLineEdit(url)
        self.edit.setObjectName("url")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("keyring_note")
        self.keyring_note.setWordWrap(True)
        self.edit.textChanged.connect(self._update_keyring_note)
        self._update_keyring_note()
        self.tls_note = QLabel()
        self.tls_note.setObjectName("tls_note")
        self.tls_note.setWordWrap(True)
        self.tls_note.setStyleSheet("color: #b00020; font-weight: bold")
        self.edit.textChanged.connect(self._update_tls_note)
        self._update_tls_note()
        test = QPushButton(self.tr("&Test connection"))
        test.clicked.connect(self.test)
        local = QPushButton(self.tr("Use the &local database on this PC"))
        local.clicked.connect(lambda: self.edit.setText(config.default_sqlite_url()))
        form = QFormLayout()
        form.addRow(self.tr("Database &URL:"), self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (intro, detail, help_):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.tls_note)
        layout.addWidget(test)
        layout.addWidget(local)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def test(self) -> bool:
        if not ops.run(self, None, lambda: open_database(self.edit.text().strip(), upgrade=False).close(),
                       failure=lambda exc: self.status.setText(describe(exc))).ok:
            return False
        self.status.setText(self.tr("Connection works."))
        return True

    def _update_keyring_note(self) -> None:
        """Says where a password in the URL will be kept: the system keyring, or (without one) a file of its own
        that only this user can read."""
        url = self.edit.text().strip()
        if not config.url_needs_keyring(url):
            self.keyring_note.clear()
            self.keyring_note.hide()
            return
        if config.usable_keyring() is not None:
            self.keyring_note.setStyleSheet("color: #1b7f3b")
            self.keyring_note.setText(self.tr("The password will be kept in the system keyring, "
                                              "not in the settings file."))
        else:
            self.keyring_note.setStyleSheet("color: #b00020")
            self.keyring_note.setText(self.tr("No system keyring is available on this PC: the password will be "
                                              "stored in plain text in %1, a file only this user account can "
                                              "read (not in the settings file).").replace(
                                                  "%1", str(config.password_file_path())))
        self.keyring_note.show()

    def _update_tls_note(self) -> None:
        """A server on another computer reached without TLS: said plainly, with the fix."""
        if not pg_setup.remote_without_tls(self.edit.text().strip()):
            self.tls_note.clear()
            self.tls_note.hide()
            return
        self.tls_note.setText(self.tr(
            "Warning: this server is on another computer and the connection is not encrypted, so passwords "
            "and personal data cross the network readable by anyone on it. Add "
            "?sslmode=verify-full&sslrootcert= and the path of the center's CA certificate to the URL."))
        self.tls_note.show()

    def save(self) -> None:
        url = self.edit.text().strip()
        self.saved = config.save_db_url(None if url == config.default_sqlite_url() else url)
        self.url = url
        self.accept()
