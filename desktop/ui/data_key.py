"""Shown at start when this PC does not have the database's personal data key (a new PC, or a database
restored from elsewhere): says so, and lets the administrator type the key from the recovery sheet. The key
is checked against the database before it is kept (desktop.services.data_keys)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from desktop.services import data_keys, errors


def _t(text: str) -> str:
    return QCoreApplication.translate("DataKey", text)


REASONS = {
    "length": QT_TRANSLATE_NOOP("DataKey", "That is not a whole key: a key has 14 groups of 4 characters."),
    "characters": QT_TRANSLATE_NOOP("DataKey", "A key has only the letters A–Z and the digits 2–7."),
    "checksum": QT_TRANSLATE_NOOP("DataKey", "The key has a typing mistake: its check characters do not match. "
                                             "Compare it group by group with the sheet."),
    "not_encrypted": QT_TRANSLATE_NOOP("DataKey", "This database has no data key yet."),
}

MESSAGES: list = [
    (errors.DataKeyMissing, lambda f: _t(QT_TRANSLATE_NOOP(
        "DataKey", "The ID numbers and phone numbers in this database are encrypted with the data key %1, which "
        "this PC does not have. The administrator types it from the recovery sheet.")).replace(
        "%1", str(f.get("key_id") or ""))),
    (errors.WrongDataKey, lambda f: _t(QT_TRANSLATE_NOOP(
        "DataKey", "This is the data key %1, but the database's key is %2: the sheet belongs to another "
        "database. Nothing was kept.")).replace("%1", str(f.get("given_id") or "")).replace(
        "%2", str(f.get("key_id") or ""))),
    (data_keys.InvalidDataKey, lambda f: _t(REASONS.get(f.get("reason"), REASONS["length"]))),
]


class DataKeyDialog(QDialog):
    """Accepted once the typed key fits the database at ``url`` and is kept on this PC."""

    def __init__(self, url: str, problem: str, key_id: str | None, parent=None):
        super().__init__(parent)
        self.url = url
        self.setWindowTitle(self.tr("OneStop — Data key"))
        self.setMinimumWidth(640)
        detail = QLabel(problem)
        detail.setObjectName("problem")
        detail.setWordWrap(True)
        detail.setStyleSheet("color: #b00020")
        help_ = QLabel(self.tr("Key id on the sheet: %1\nType the key as printed: spaces and upper or lower case "
                               "do not matter.").replace("%1", key_id or "—"))
        help_.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setObjectName("data_key")
        self.edit.setPlaceholderText("ABCD EFGH …")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.edit.setFont(mono)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Keep the key on this PC"))
        buttons.accepted.connect(self.enter)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(detail)
        layout.addWidget(help_)
        label = QLabel(self.tr("&Key:"))
        label.setBuddy(self.edit)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def enter(self) -> None:
        from desktop.ui.messages import describe

        try:
            data_keys.enter_key(self.url, self.edit.text())
        except errors.ServiceError as exc:
            self.status.setText(describe(exc))
            self.edit.setFocus()
            return
        self.accept()
