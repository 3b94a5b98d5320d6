"""The idle screen lock of the workbench.

After ``idle_lock_minutes`` (a center setting, default 10; 0 never locks) without keyboard or mouse input
anywhere in the application, a lock screen covers the screen of the main window (and blank covers every other
screen). It names who is signed in and asks for that user's password again; the check runs on the thread pool
through the accounts service, so wrong passwords count toward the lockout and every lock, unlock and failed
attempt is audited. "Sign out" is offered instead.

Nothing typed is lost: the lock hides nothing and closes nothing. Open dialogs, modal or not, stay as they are
under the cover; while locked, an application-wide event filter drops every key, mouse and shortcut event
meant for any window but the lock screen, and a modal dialog that opens while locked (a late error message,
say) is put back under the lock, so no open form can be used until the password is given. Only the main window
installs the lock: the kiosk and the hall display (separate processes and classes) never lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import config
from desktop.services.admin import accounts
from desktop.services.errors import ServiceError
from desktop.ui.messages import describe
from desktop.ui.roles import role_name
from desktop.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

# Input that counts as activity (and that nobody may send to the covered windows while locked).
ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TabletPress, QEvent.Type.TabletMove,
})
BLOCKED_WHILE_LOCKED = ACTIVITY | {QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride, QEvent.Type.ContextMenu,
                                   QEvent.Type.HoverEnter, QEvent.Type.HoverMove}
_COVER_FLAGS = Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint


def _within(widget: QObject | None, ancestor: QWidget) -> bool:
    """Whether ``widget`` is ``ancestor`` or belongs to it, across window boundaries. Input from the window
    system reaches the filter first addressed to the top-level ``QWindow``, which has no parent: that is the
    ancestor's own window handle, or a popup (a context menu, a completer) opened from it."""
    if isinstance(widget, QWindow):
        handle = ancestor.windowHandle()
        while widget is not None:
            if widget is handle:
                return True
            widget = widget.transientParent()
        return False
    while widget is not None:
        if widget is ancestor:
            return True
        widget = widget.parent()
    return False


class _Cover(QWidget):
    """A blank cover for a screen the main window is not on."""

    def __init__(self, screen):
        super().__init__(None, _COVER_FLAGS)
        self.setObjectName("lock_cover")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setStyleSheet("background: #1f3a5f")
        self.setGeometry(screen.geometry())


class LockScreen(QWidget):
    """The lock over the main window's screen. ``unlocked`` after the right password, ``sign_out_requested``
    when the user (or someone else) chooses to sign out instead."""

    unlocked = Signal(int)  # the idle minutes now configured (re-read on every unlock)
    sign_out_requested = Signal()

    def __init__(self, ctx, parent_window: QWidget):
        super().__init__(None, _COVER_FLAGS)
        self.ctx = ctx
        self.setObjectName("lock_screen")
        self.setWindowTitle(self.tr("OneStop — Locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setStyleSheet("#lock_screen { background: #1f3a5f; } #lock_panel { background: white; "
                           "border-radius: 10px; }")
        self.tasks = TaskRunner(self)
        self._confirm_sign_out = False
        actor = ctx.actor

        panel = QFrame()
        panel.setObjectName("lock_panel")
        panel.setFixedWidth(480)
        heading = self._heading(actor)
        buttons = self._password_row()
        self._place(panel, heading, buttons)
        screen = parent_window.screen() or QGuiApplication.primaryScreen()
        self.setGeometry(screen.geometry())

    def _heading(self, actor) -> tuple[QLabel, ...]:
        """The icon, the title, who is signed in, since when, and what to do."""
        icon = QLabel()
        icon.setPixmap(QIcon(str(config.resources_dir() / "icons" / "onestop.svg")).pixmap(56, 56))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("The screen is locked"))
        title.setObjectName("lock_title")
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = self.tr("Signed in: %1 (%2)").replace("%1", actor.full_name or actor.username).replace(
            "%2", role_name(actor.role))
        if actor.window_no:
            who += " · " + self.tr("Window %1").replace("%1", str(actor.window_no))
        self.who = QLabel(who)
        self.who.setObjectName("lock_user")
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.since = QLabel()
        self.since.setObjectName("lock_since")
        self.since.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.since.setStyleSheet("color: #555")
        hint = QLabel(self.tr("Enter the password of %1 to go on. Open forms keep what was typed.").replace(
            "%1", actor.username))
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return icon, title, self.who, self.since, hint

    def _password_row(self) -> QHBoxLayout:
        """The password, its error line and progress, and the Sign out / Unlock buttons."""
        self.password = QLineEdit()
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setMinimumHeight(34)
        self.password.returnPressed.connect(self.try_unlock)
        self.error = QLabel()
        self.error.setObjectName("lock_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setObjectName("lock_unlock")
        self.unlock_button.setToolTip(self.tr("Check the password and return to work (Enter)"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.sign_out_button = QPushButton(self.tr("Sign &out…"))
        self.sign_out_button.setObjectName("lock_sign_out")
        self.sign_out_button.setToolTip(self.tr("Sign out instead; forms still open are closed without saving"))
        self.sign_out_button.clicked.connect(self.sign_out)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        return buttons

    def _place(self, panel: QFrame, heading: tuple[QLabel, ...], buttons: QHBoxLayout) -> None:
        """The panel in the upper middle of the screen."""
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(28, 24, 28, 20)
        inner.setSpacing(10)
        for widget in (*heading, self.password, self.error, self.progress):
            inner.addWidget(widget)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    @property
    def busy(self) -> bool:
        return self.tasks.is_running("unlock")

    def reset(self, *, by_hand: bool = False) -> None:
        self.password.clear()
        self.error.clear()
        self._confirm_sign_out = False
        self.sign_out_button.setText(self.tr("Sign &out…"))
        since = self.tr("Locked at %1.") if by_hand else self.tr("Locked at %1 after a time without input.")
        self.since.setText(since.replace("%1", self.ctx.clock.now().strftime("%H:%M")))

    def try_unlock(self) -> None:
        if self.busy:
            return
        uow, check_uow, password = self.ctx.uow(), self.ctx.uow(), self.password.text()

        def check() -> int:
            accounts.unlock_screen(uow, password=password)
            return accounts.idle_lock_minutes(check_uow)

        task = Task(check, plain=True)
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._refused)
        self._set_busy(True)
        self.tasks.start("unlock", task)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for widget in (self.password, self.unlock_button, self.sign_out_button):
            widget.setEnabled(not busy)
        if busy:
            self.error.setStyleSheet("color: #555")
            self.error.setText(self.tr("Checking the password…"))
        else:
            self.error.setStyleSheet("color: #b00020")

    def _done(self, minutes: int) -> None:
        self._set_busy(False)
        self.error.clear()
        self.password.clear()
        self.unlocked.emit(int(minutes))

    def _refused(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, ServiceError):
            self.error.setText(describe(exc))
        else:  # the database went away, say: keep the screen locked and say why
            log.warning("unlocking failed", exc_info=exc)
            self.error.setText(self.tr("The password could not be checked: %1").replace("%1", str(exc)))
        self.password.selectAll()
        self.password.setFocus()

    def sign_out(self) -> None:
        if self.busy:
            return
        if not self._confirm_sign_out:
            self._confirm_sign_out = True
            self.sign_out_button.setText(self.tr("Sign &out now"))
            self.error.setStyleSheet("color: #8a5a00")
            self.error.setText(self.tr("Forms still open will be closed without saving. "
                                       "Click “Sign out now” to confirm."))
            return
        self.sign_out_requested.emit()

    def keyPressEvent(self, event) -> None:  # Escape must not close the lock
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # nor Alt+F4; only unlocking or signing out ends it
        if getattr(self, "_may_close", False):
            super().closeEvent(event)
        else:
            event.ignore()


class IdleLock(QObject):
    """Watches the whole application's input for the main window ``window`` and locks after the idle time.
    ``sign_out`` is the main window's own sign-out."""

    locked_changed = Signal(bool)

    def __init__(self, window: QWidget, ctx, sign_out: Callable[[], None], minutes: int | None = None):
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self._sign_out = sign_out
        self.screen: LockScreen | None = None
        self.covers: list[_Cover] = []
        self._restore_focus: QWidget | None = None
        self.tasks = TaskRunner(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.minutes = 0
        self.set_minutes(accounts.idle_lock_minutes(ctx.uow()) if minutes is None else minutes)
        QApplication.instance().installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.screen is not None and self.screen.isVisible()

    def set_minutes(self, minutes: int) -> None:
        """0 turns the lock off."""
        self.minutes = max(0, int(minutes))
        if self.minutes:
            self.timer.setInterval(self.minutes * 60_000)
            if not self.locked:
                self.timer.start()
        else:
            self.timer.stop()

    # ------------------------------------------------------------------ watching

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if self.locked:
            if kind in BLOCKED_WHILE_LOCKED and not _within(obj, self.screen):
                return True  # nobody uses a covered window
            if kind == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow() and obj.isModal() \
                    and obj is not self.screen and not _within(obj, self.screen):
                QTimer.singleShot(0, self._raise_screen)  # a modal window opened while locked goes under
            return False
        if kind in ACTIVITY and self.minutes:
            self.timer.start()
        return False

    # ------------------------------------------------------------------ locking

    def lock(self, *, by_hand: bool = False) -> None:
        """Covers the screen; ``by_hand`` when the user locked it on leaving the desk (Ctrl+L)."""
        if self.locked or not self.window.isVisible():  # signed out (closed) or not shown yet
            return
        self.timer.stop()
        self._restore_focus = QApplication.focusWidget()
        if self.screen is None:
            self.screen = LockScreen(self.ctx, self.window)
            self.screen.unlocked.connect(self._unlocked)
            self.screen.sign_out_requested.connect(self.sign_out)
        self.screen.reset(by_hand=by_hand)
        home = self.window.screen() or QGuiApplication.primaryScreen()
        # the whole screen, and the whole main window even where it reaches beyond the screen
        self.screen.setGeometry(home.geometry().united(self.window.frameGeometry()))
        for other in QGuiApplication.screens():
            if other is not home:
                cover = _Cover(other)
                cover.show()
                self.covers.append(cover)
        self.screen.show()
        self._raise_screen()
        self.locked_changed.emit(True)
        uow, minutes = self.ctx.uow(), 0 if by_hand else self.minutes
        task = Task(lambda: accounts.record_screen_lock(uow, idle_minutes=minutes), plain=True)
        task.signals.failed.connect(lambda exc: log.warning("the screen lock was not audited: %s", exc))
        self.tasks.start("record_lock", task)

    def _raise_screen(self) -> None:
        if not self.locked:
            return
        # showing it again puts it on top of the modal stack, above a modal dialog that opened meanwhile
        self.screen.hide()
        self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        self.screen.password.setFocus()

    def _take_down(self) -> None:
        for cover in self.covers:
            cover.close()
        self.covers.clear()
        if self.screen is not None:
            self.screen.hide()

    def _unlocked(self, minutes: int) -> None:
        self._take_down()
        self.locked_changed.emit(False)
        focus, self._restore_focus = self._restore_focus, None
        if focus is not None:
            focus.window().activateWindow()
            focus.setFocus()
        self.set_minutes(minutes)  # an administrator may have changed it meanwhile

    def sign_out(self) -> None:
        """Sign out from the lock: forms still open are closed (the user confirmed), then the main window's
        own sign-out runs."""
        self._take_down()
        self.timer.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not self.screen:
                widget.reject()
                if widget.isVisible():  # a dialog that refuses while busy: hiding ends its exec() too
                    widget.hide()
        self.locked_changed.emit(False)
        self._sign_out()

    def shutdown(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.timer.stop()
        if self.screen is not None:
            self.screen._may_close = True
            self.screen.close()
            self.screen.deleteLater()
            self.screen = None
