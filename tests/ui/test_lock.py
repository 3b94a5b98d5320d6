"""The idle screen lock and the sign-in off the main thread, driven like a user would. The idle time is not
waited for: the tests fire the lock's timer slot (or set its interval to a few milliseconds). SQLite only: the
account services under them are tested on both databases in tests/integration."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from desktop.models import User
from desktop.services import audit as audit_service
from desktop.services.admin import accounts, settings
from desktop.ui.lock import IdleLock, LockScreen
from tests.conftest import sign_in

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WAIT = 10000


@pytest.fixture
def clerk(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="clerk03", full_name="王芳", role="clerk", password="pass1234",
                      window_no=3)
    return sign_in(admin_ctx, "clerk03", "pass1234")


@pytest.fixture
def window(qtbot, clerk):
    from desktop.ui.main_window import MainWindow

    w = MainWindow(clerk, "虎丘镇一站式综合服务中心")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.idle_lock.shutdown()


def _actions(ctx) -> list[str]:
    return [e.action for e in audit_service.list_audit(ctx.uow()) if e.action.startswith("session.")]


def _failed_logins(ctx, username) -> int:
    with ctx.uow() as uow:
        return uow.session.query(User).filter_by(username=username).one().failed_logins


def _unlock(qtbot, lock: IdleLock, password: str) -> None:
    lock.screen.password.setText(password)
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.screen.busy, timeout=WAIT)


def _form(parent, text: str) -> tuple[QDialog, QLineEdit]:
    dialog = QDialog(parent)
    edit = QLineEdit()
    layout = QVBoxLayout(dialog)
    layout.addWidget(edit)
    edit.setText(text)
    return dialog, edit


def test_the_lock_uses_the_setting_and_input_restarts_the_idle_time(window, qtbot):
    lock = window.idle_lock
    assert lock.minutes == 10 and lock.timer.isActive() and lock.timer.interval() == 600_000
    lock.timer.stop()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)  # any input anywhere in the application
    assert lock.timer.isActive()
    lock.timer.stop()
    qtbot.mouseMove(window.nav)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton)
    assert lock.timer.isActive() and not lock.locked


def test_setting_zero_never_locks(admin_ctx, clerk, qtbot):
    from desktop.ui.main_window import MainWindow

    settings.update_settings(admin_ctx.uow(), values={"idle_lock_minutes": 0})
    w = MainWindow(clerk, "中心")
    qtbot.addWidget(w)
    w.show()
    qtbot.keyClick(w.nav, Qt.Key.Key_Down)
    assert w.idle_lock.minutes == 0 and not w.idle_lock.timer.isActive()
    w.idle_lock.shutdown()


def test_after_the_idle_time_the_lock_covers_the_window_and_names_the_user(window, admin_ctx, qtbot):
    lock = window.idle_lock
    lock.timer.setInterval(5)  # the real interval is minutes; the slot is the same
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=WAIT)
    screen = lock.screen
    assert isinstance(screen, LockScreen) and screen.isVisible()
    assert screen.geometry().contains(window.frameGeometry())  # the main window is covered
    assert QApplication.activeModalWidget() is screen
    assert screen.who.text() == "Signed in: 王芳 (Window clerk) · Window 3"
    qtbot.waitUntil(lambda: "session.lock" in _actions(admin_ctx), timeout=WAIT)  # audited, in the background
    # nothing reaches the covered window while locked, not even its shortcuts
    row = window.nav.currentRow()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == row
    qtbot.keyClick(screen, Qt.Key.Key_Escape)  # Escape does not close the lock
    screen.close()
    assert lock.locked


def test_a_wrong_password_counts_toward_the_lockout_and_the_right_one_unlocks(window, clerk, admin_ctx, qtbot):
    lock = window.idle_lock
    lock.lock()
    _unlock(qtbot, lock, "wrong-password1")
    assert lock.locked
    assert lock.screen.error.text() == "Wrong user name or password. 4 attempts left before the account is locked."
    assert _failed_logins(admin_ctx, "clerk03") == 1
    _unlock(qtbot, lock, "pass1234")
    assert not lock.locked and not lock.screen.isVisible()
    assert lock.timer.isActive()  # watching again
    assert _failed_logins(admin_ctx, "clerk03") == 0
    # the lock is audited in the background: under load its entry can come after the unlock's
    qtbot.waitUntil(lambda: {"session.lock", "session.unlock_failed", "session.unlock"} <= set(_actions(admin_ctx)),
                    timeout=WAIT)


def test_too_many_wrong_passwords_lock_the_account_and_sign_out_remains(window, clerk, admin_ctx, qtbot):
    settings.update_settings(admin_ctx.uow(), values={"lockout_attempts": 3})
    lock = window.idle_lock
    lock.lock()
    for _ in range(3):
        _unlock(qtbot, lock, "wrong-password1")
    assert lock.screen.error.text().startswith("This account is locked after too many wrong passwords.")
    _unlock(qtbot, lock, "pass1234")  # the right password no longer helps until the lockout ends
    assert lock.locked and lock.screen.error.text().startswith("This account is locked")
    with qtbot.waitSignal(window.signed_out, timeout=WAIT):
        qtbot.mouseClick(lock.screen.sign_out_button, Qt.MouseButton.LeftButton)  # asks first
        assert lock.locked and "closed without saving" in lock.screen.error.text()
        qtbot.mouseClick(lock.screen.sign_out_button, Qt.MouseButton.LeftButton)
    assert not lock.locked and not window.isVisible()


def test_open_dialogs_keep_their_input_and_cannot_be_used_while_locked(window, qtbot):
    lock = window.idle_lock
    plain, plain_edit = _form(window, "张三 13812345678")
    plain.show()
    modal, modal_edit = _form(window, "已经输入的调解记录")
    modal.open()  # window-modal, like the forms of the areas
    qtbot.waitExposed(modal)
    lock.lock()
    assert QApplication.activeModalWidget() is lock.screen
    qtbot.keyClicks(modal_edit, "XYZ")
    qtbot.keyClicks(plain_edit, "XYZ")
    assert (plain_edit.text(), modal_edit.text()) == ("张三 13812345678", "已经输入的调解记录")
    assert plain.isVisible() and modal.isVisible()  # covered, not closed: nothing typed is lost
    _unlock(qtbot, lock, "pass1234")
    assert not lock.locked and plain.isVisible() and modal.isVisible()
    assert QApplication.activeModalWidget() is modal
    qtbot.keyClicks(modal_edit, "!")
    assert modal_edit.text() == "已经输入的调解记录!"
    modal.reject()
    plain.close()


def test_a_modal_dialog_opened_while_locked_goes_under_the_lock(window, qtbot):
    lock = window.idle_lock
    lock.lock()
    late, _ = _form(window, "")
    late.setModal(True)
    late.show()  # e.g. an error message of a background task that ends while locked
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is lock.screen, timeout=WAIT)
    assert late.isVisible() and lock.locked
    late.reject()


def test_signing_out_from_the_lock_closes_the_modal_dialog_of_an_exec_loop(window, qtbot):
    lock = window.idle_lock
    results = []

    def while_dialog_runs():
        lock.lock()
        lock.screen.sign_out()
        lock.screen.sign_out()  # confirmed

    dialog, _ = _form(window, "unsaved")
    QTimer.singleShot(50, while_dialog_runs)
    with qtbot.waitSignal(window.signed_out, timeout=WAIT):
        results.append(dialog.exec())  # returns once the sign-out closed it
    assert results == [QDialog.DialogCode.Rejected] and not lock.locked


def test_the_kiosk_and_the_hall_display_never_lock(ctx, qtbot):
    from desktop.services import queue as queue_live
    from desktop.ui.display import HallDisplay
    from desktop.ui.kiosk import KioskWindow

    kiosk = KioskWindow(queue_live.as_screen(ctx, "kiosk"), size=(1366, 768), printer_name="")
    qtbot.addWidget(kiosk)
    display = HallDisplay(queue_live.as_screen(ctx, "display"), size=(1366, 768))
    qtbot.addWidget(display)
    assert not kiosk.findChildren(IdleLock) and not display.findChildren(IdleLock)
    assert not any(isinstance(o, IdleLock) for o in QApplication.instance().children())


def test_sign_in_checks_the_password_in_the_background_with_a_busy_state(qtbot, ctx):
    from desktop.ui.login import LoginDialog

    dialog = LoginDialog(ctx, "中心")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("admin")
    dialog.password.setText("Hall2026pw")
    dialog.try_sign_in()
    assert dialog.busy and not dialog.password.isEnabled() and dialog.progress.isVisible()
    dialog.reject()  # refused while the check runs: its result must not land in a closed dialog
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor.username == "admin"


def test_input_addressed_to_the_lock_screens_own_window_reaches_it(window, qtbot):
    """The window system delivers keys and clicks to the top-level QWindow first (it has no parent), so the
    filter must let input for the lock's own window through: typing the password must work."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QKeyEvent, QMouseEvent

    lock = window.idle_lock
    lock.lock()
    qtbot.waitUntil(lambda: lock.locked, timeout=WAIT)
    handle = lock.screen.windowHandle()
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    assert not lock.eventFilter(handle, key)  # passed on, not dropped
    press = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.LeftButton,
                        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert not lock.eventFilter(handle, press)
    assert lock.eventFilter(window.windowHandle(), key)  # the covered main window still gets nothing


def test_ctrl_l_locks_the_screen_by_hand(window, admin_ctx, qtbot):
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=WAIT)
    assert "时间无操作" not in window.idle_lock.screen.since.text() and "without input" not in \
        window.idle_lock.screen.since.text()
