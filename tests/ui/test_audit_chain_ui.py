"""The audit log screen's Verify button (issue 16, item 4): checks the hash chain in the background and says
whether the log is intact, or which entry was changed behind the application's back. SQLite only."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services import audit

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def screen(qtbot, admin_ctx):
    from desktop.ui.admin.area import AdminArea

    area = AdminArea(admin_ctx)
    qtbot.addWidget(area)
    area.resize(1200, 700)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is area)
    return area.show_screen("audit")


def _verify(qtbot, screen) -> str:
    qtbot.mouseClick(screen.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.verify_button.isEnabled(), timeout=30_000)
    return screen.chain_status.text()


def test_verify_says_intact_then_names_the_changed_entry(qtbot, screen, admin_ctx, db_url):
    total = audit.count_audit(admin_ctx.uow(), where=audit.AuditFilter())
    assert _verify(qtbot, screen) == (f"The log is intact: {total} entries, none changed, removed or inserted "
                                      f"(the chain ends at position {total}).")
    victim = audit.list_audit(admin_ctx.uow(), where=audit.AuditFilter(text="user.login"))[0]
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:  # behind the app's back
        db.execute("DROP TRIGGER audit_entry_no_update")
        db.execute("UPDATE audit_entry SET actor_name = 'nobody' WHERE id = ?", (victim.id,))
    text = _verify(qtbot, screen)
    assert text.startswith(f"The log was tampered with: entry #{victim.id} (") and "was changed" in text
    assert "Sign in" in text  # the action in words
