"""The personal data key on screen (desktop.services.data_keys):

- ``DataKeyDialog``, shown at start when this PC does not have the database's key (a new PC, or a database
  restored from elsewhere): says so, and lets the administrator type the key from the recovery sheet; it is
  checked against the database before it is kept;
- ``DataKeyBox``, on the administrator's backup screen: which key encrypts the ID numbers and phones, and a
  button that saves its recovery sheet as a PDF to print and lock away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.services import data_keys, errors
from desktop.ui.data_key_texts import REASONS
from desktop.ui.messages import describe
from desktop.ui.text import translator

_t = translator("DataKey")


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
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Save the key on this PC"))
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
        try:
            data_keys.enter_key(self.url, self.edit.text())
        except errors.ServiceError as exc:
            self.status.setText(describe(exc))
            self.edit.setFocus()
            return
        self.accept()


class DataKeyBox(QGroupBox):
    """The data key on the backup screen, with "Save the recovery sheet…"."""

    def __init__(self, ctx, banner, parent=None):
        super().__init__(self.tr("Personal data key"), parent)
        self.ctx, self.banner = ctx, banner
        self.setObjectName("data_key_box")
        self.text = QLabel()
        self.text.setObjectName("data_key_text")
        self.text.setWordWrap(True)
        self.sheet_button = QPushButton(self.tr("Save the recovery shee&t…"))
        self.sheet_button.setObjectName("recovery_sheet")
        self.sheet_button.setToolTip(self.tr("A PDF with the key, to print and lock away, apart from the backups"))
        self.sheet_button.clicked.connect(self.save_sheet)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.sheet_button)
        self.refresh()

    def refresh(self) -> None:
        try:
            state = data_keys.key_info(self.ctx.uow(read_only=True))
        except errors.ServiceError as exc:
            self.text.setText(describe(exc))
            self.sheet_button.setEnabled(False)
            return
        if state.key_id is None:
            self.text.setText(_t(REASONS["not_encrypted"]))
            self.sheet_button.setEnabled(False)
            return
        made = state.created_at.strftime("%Y-%m-%d") if state.created_at else "—"
        self.text.setText(self.tr(
            "ID numbers and phone numbers are stored encrypted with the data key %1 (made %2). Save its recovery "
            "sheet, print it and lock it away: without the key they cannot be read on another PC, nor here if "
            "this PC's copy of the key is lost.").replace("%1", state.key_id).replace("%2", made))

    def save_sheet(self) -> None:
        from desktop import fileperms
        from desktop.documents.key_recovery_sheet import KeySheet, write_pdf
        state = data_keys.key_info(self.ctx.uow(read_only=True))
        default = str(Path.home() / f"数据密钥恢复单-{state.key_id}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the recovery sheet"), default, "PDF (*.pdf)")
        if not path:
            return
        try:
            s = data_keys.recovery_sheet(self.ctx.uow())
        except errors.ServiceError as exc:
            self.banner.error(describe(exc))
            return
        try:
            write_pdf(KeySheet(s.center_name, s.database, s.key_id, s.created_at, s.lines, s.printed_at,
                               s.printed_by), path)
        except OSError as exc:
            self.banner.error(self.tr("Could not write %1: %2").replace("%1", path).replace("%2", str(exc)))
            return
        fileperms.make_private(path)
        self.banner.ok(self.tr("The recovery sheet is saved as %1. Print it, lock it away, then delete the file.")
                       .replace("%1", path))
