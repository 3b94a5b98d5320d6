"""The personal data key on screen: the dialog a PC without the key shows at start (refuses a mistyped key and
another database's sheet, keeps the right one), and the backup screen's box that saves the recovery sheet."""

from __future__ import annotations

import stat
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel
from sqlalchemy import select

from desktop import crypto
from desktop.models import AuditEntry
from desktop.services import data_keys
from desktop.services.context import open_database
from desktop.services.errors import DataKeyMissing

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_the_start_dialog_keeps_only_the_databases_key(qtbot, ctx, db_url, tmp_path, monkeypatch):
    from desktop.ui.data_key import DataKeyDialog
    from desktop.ui.messages import describe

    sheet = " ".join(data_keys.recovery_sheet(ctx.uow()).lines)
    ctx.close()
    monkeypatch.setenv(crypto.ENV_KEY_FILE, str(tmp_path / "new-pc" / "datakey"))
    with pytest.raises(DataKeyMissing) as missing:
        open_database(db_url)
    dialog = DataKeyDialog(db_url, describe(missing.value), missing.value.facts["key_id"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert missing.value.facts["key_id"] in dialog.findChild(QLabel, "problem").text()
    qtbot.keyClicks(dialog.edit, crypto.recovery_text(crypto.DataKey.new()))
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert "another database" in dialog.status.text() and dialog.result() == 0
    dialog.edit.setText(sheet[:-1] + ("A" if sheet[-1] != "A" else "B"))
    dialog.enter()
    assert "typing mistake" in dialog.status.text() and dialog.result() == 0
    dialog.edit.setText(sheet.lower())
    dialog.enter()
    assert dialog.result() == dialog.DialogCode.Accepted
    open_database(db_url).close()  # the key is on this PC now


def test_the_backup_screen_saves_the_recovery_sheet(qtbot, admin_ctx, tmp_path, monkeypatch):
    from desktop.ui.admin.area import AdminArea

    area = AdminArea(admin_ctx)
    qtbot.addWidget(area)
    area.resize(1300, 700)
    area.show()
    screen = area.show_screen("backup")
    box = screen.data_key
    key_id = data_keys.key_info(admin_ctx.uow()).key_id
    assert key_id in box.text.text() and box.sheet_button.isEnabled()
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    qtbot.mouseClick(box.sheet_button, Qt.MouseButton.LeftButton)
    assert screen.banner.kind == "ok" and str(target) in screen.banner.text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert key_id in text and "数据密钥恢复单" in text
    with admin_ctx.uow(read_only=True) as uow:
        assert uow.session.scalars(select(AuditEntry.actor_name).where(
            AuditEntry.action == "data_key.recovery_sheet")).all() == ["admin"]
