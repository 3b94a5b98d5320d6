"""The main window: navigation of the areas the role may use, the status bar, and the menus."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
)

from desktop import __version__, config
from desktop.services.admin import accounts
from desktop.ui import ops
from desktop.ui.areas import areas_for
from desktop.ui.calendar_banner import add_calendar_banner
from desktop.ui.daily_backup import add_backup_warning
from desktop.ui.i18n import LANGUAGES, current_language
from desktop.ui.lock import IdleLock
from desktop.ui.messages import describe
from desktop.ui.roles import role_name


class MainWindow(QMainWindow):
    signed_out = Signal()

    def __init__(self, ctx, center_name: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("%1 — OneStop").replace("%1", center_name))
        self.resize(1366, 768)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(28, 28))
        self.nav.setMaximumWidth(190)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 10px 6px; }")
        self.stack = QStackedWidget()
        self.areas = areas_for(ctx.actor.role)
        self._widgets: dict[str, object] = {}
        icons = config.resources_dir() / "icons"
        for i, area in enumerate(self.areas):
            item = QListWidgetItem(QIcon(str(icons / area.icon)), area.label())
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            item.setToolTip(f"{area.label()} (Ctrl+{i + 1})")
            self.nav.addItem(item)
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            shortcut.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            self.addAction(shortcut)
        self.nav.currentRowChanged.connect(self._show_area)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([190, 1176])  # the navigation keeps its width; the area gets the rest
        self.setCentralWidget(splitter)
        if not self.areas:
            self.nav.hide()
            empty = QLabel(self.tr("No area of OneStop is available to your role (%1) yet. "
                                   "Ask an administrator if you need access.").replace("%1", role_name(
                                       ctx.actor.role)))
            empty.setObjectName("no_areas")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty.setWordWrap(True)
            empty.setStyleSheet("font-size: 16px; color: #555")
            self.stack.addWidget(empty)
        self._build_menus()
        self._build_status()
        if self.areas:
            self.nav.setCurrentRow(0)
        self.idle_lock = IdleLock(self, ctx, self._sign_out)  # idle_lock_minutes without input: lock screen

    def area_widget(self, key: str):
        """The area's widget, created on first use."""
        if key not in self._widgets:
            area = next(a for a in self.areas if a.key == key)
            widget = area.factory(self.ctx, self)
            self._widgets[key] = widget
            self.stack.addWidget(widget)
        return self._widgets[key]

    def _show_area(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentWidget(self.area_widget(self.areas[row].key))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        change = file_menu.addAction(self.tr("Change &password…"))
        change.triggered.connect(self.change_password)
        lock = file_menu.addAction(self.tr("&Lock the screen"))
        lock.setObjectName("action_lock")
        lock.setShortcut(QKeySequence("Ctrl+L"))  # on leaving the desk; unlocking asks for the password
        lock.setToolTip(self.tr("Lock the screen now (Ctrl+L)"))
        lock.triggered.connect(lambda: self.idle_lock.lock(by_hand=True))
        sign_out = file_menu.addAction(self.tr("Sign &out"))
        sign_out.setShortcut(QKeySequence("Ctrl+Shift+L"))
        sign_out.triggered.connect(self._sign_out)
        file_menu.addSeparator()
        quit_ = file_menu.addAction(self.tr("&Quit"))
        quit_.setShortcut(QKeySequence.StandardKey.Quit)
        quit_.triggered.connect(self.close)
        lang_menu = self.menuBar().addMenu(self.tr("&Language"))
        for code, name in LANGUAGES.items():
            action = lang_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&About OneStop"), self._about)

    def _build_status(self) -> None:
        actor = self.ctx.actor
        user = QLabel(self.tr("User: %1 (%2)").replace("%1", actor.full_name or actor.username).replace(
            "%2", role_name(actor.role)))
        user.setObjectName("status_user")
        self.statusBar().addWidget(user)
        if actor.window_no:
            window = QLabel(self.tr("Window %1").replace("%1", str(actor.window_no)))
            window.setObjectName("status_window")
            self.statusBar().addWidget(window)
        kind = {"sqlite": self.tr("Local database (SQLite)"),
                "postgresql": self.tr("Server database (PostgreSQL)")}[self.ctx.db_kind]
        db = QLabel(kind)
        db.setObjectName("status_db")
        db.setToolTip(self.ctx.db_display)
        self.statusBar().addPermanentWidget(db)
        add_backup_warning(self)  # administrators and directors: no successful backup for 2 days
        add_calendar_banner(self)  # administrators and directors: next year's holidays are not official yet

    def _sign_out(self) -> None:
        self.idle_lock.shutdown()
        self.signed_out.emit()
        self.close()

    def _set_language(self, code: str) -> None:
        config.save_settings({"language": code})
        QMessageBox.information(self, self.tr("Language"),
                                self.tr("The new language is used from the next start of OneStop."))

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About OneStop"), self.tr(
            "OneStop %1\nWorkbench of the one-stop comprehensive service center.\n\nData: %2\nLogs: %3").replace(
            "%1", __version__).replace("%2", str(config.data_dir())).replace("%3", str(config.log_dir())))

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.ctx, self)
        dialog.exec()


class ChangePasswordDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Change password"))
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.confirm = QLineEdit()
        for edit in (self.old, self.new, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(self.tr("Current password:"), self.old)
        form.addRow(self.tr("New password:"), self.new)
        form.addRow(self.tr("Confirm new password:"), self.confirm)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        if self.new.text() != self.confirm.text():
            self.error.setText(self.tr("The two passwords differ."))
            return
        if not ops.run(self, self.ctx, lambda uow: accounts.change_own_password(
                uow, old_password=self.old.text(), new_password=self.new.text()),
                failure=lambda exc: self.error.setText(describe(exc))).ok:
            return
        self.accept()
