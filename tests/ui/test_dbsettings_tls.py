"""The connection dialog warns, in red and in words, when the URL reaches a server on another computer without
TLS (issue 16, item 9); a verify-full URL, a local server or the local file get no warning."""

from __future__ import annotations

from desktop.ui.dbsettings import DatabaseDialog

PLAIN = "postgresql://onestop_app:pw@192.168.1.10:5432/onestop"
SECURE = PLAIN + "?sslmode=verify-full&sslrootcert=C:/OneStop/center-ca.crt"


def _note(dialog):
    return dialog.findChild(type(dialog.status), "tls_note")


def test_the_connection_dialog_warns_about_a_remote_server_without_tls(qtbot):
    dialog = DatabaseDialog(PLAIN, "unreachable")
    qtbot.addWidget(dialog)
    note = _note(dialog)
    assert note.isVisibleTo(dialog) and "not encrypted" in note.text() and "sslmode=verify-full" in note.text()
    dialog.edit.setText(SECURE)
    assert not note.isVisibleTo(dialog)
    dialog.edit.setText("postgresql://onestop_app:pw@127.0.0.1:5432/onestop")
    assert not note.isVisibleTo(dialog)
    dialog.edit.setText("postgresql://onestop_app:pw@db.center.local/onestop?sslmode=prefer")
    assert note.isVisibleTo(dialog)
