"""The Administration area: one tab per screen the signed-in role may use. An administrator gets the
configuration screens, the staff accounts and the audit log; a director only the audit log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.services.permissions import Permission, can
from desktop.ui.admin.auditlog import AuditScreen
from desktop.ui.admin.backup import BackupScreen
from desktop.ui.admin.categories import CategoriesScreen
from desktop.ui.admin.center import CenterScreen
from desktop.ui.admin.common import make_action
from desktop.ui.admin.departments import DepartmentsScreen
from desktop.ui.admin.hall_voice import HallDevicesScreen
from desktop.ui.admin.rooms import RoomsScreen
from desktop.ui.admin.users import UsersScreen
from desktop.ui.admin.windows import WindowsScreen
from desktop.ui.admin.workcalendar import CalendarScreen


class AdminArea(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        role = ctx.actor.role
        configure = can(role, Permission.CONFIGURE_CENTER)
        screens = [
            # key, title, class, allowed
            ("center", self.tr("Center"), CenterScreen, configure),
            ("windows", self.tr("Windows && services"), WindowsScreen, configure),
            ("rooms", self.tr("Rooms"), RoomsScreen, configure),
            ("departments", self.tr("Departments"), DepartmentsScreen, configure),
            ("categories", self.tr("Categories && dispute types"), CategoriesScreen, configure),
            ("calendar", self.tr("Working-day calendar"), CalendarScreen, configure),
            ("users", self.tr("Users"), UsersScreen, can(role, Permission.MANAGE_USERS)),
            ("audit", self.tr("Audit log"), AuditScreen, can(role, Permission.VIEW_AUDIT)),
            ("backup", self.tr("Backups"), BackupScreen, configure),
            # last, so the Alt+digit of the screens before it stay as they were
            ("hall", self.tr("Hall voice && printer"), HallDevicesScreen, configure),
        ]
        self.tabs = QTabWidget()
        self.tabs.setObjectName("admin_tabs")
        self.tabs.setDocumentMode(True)
        self.screens: dict[str, QWidget] = {}
        for key, title, cls, allowed in screens:
            if allowed:
                widget = cls(ctx, self)
                widget.setObjectName(f"admin_{key}")
                self.screens[key] = widget
                self.tabs.addTab(widget, title)
        for i in range(min(9, self.tabs.count())):
            self.tabs.setTabToolTip(i, f"{self.tabs.tabText(i).replace('&&', '&')} (Alt+{i + 1})")
        self.tabs.currentChanged.connect(self._refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self._add_tab_shortcuts()
        self._refresh(self.tabs.currentIndex())

    def _add_tab_shortcuts(self) -> None:
        for i in range(min(9, self.tabs.count())):
            make_action(self, f"Alt+{i + 1}", lambda i=i: self.tabs.setCurrentIndex(i),
                        Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def screen(self, key: str) -> QWidget:
        return self.screens[key]

    def show_screen(self, key: str) -> QWidget:
        widget = self.screens[key]
        self.tabs.setCurrentWidget(widget)
        return widget

    def _refresh(self, index: int) -> None:
        """A screen reloads when it comes to the front, so it shows what other screens (or PCs) changed."""
        widget = self.tabs.widget(index)
        if widget is not None:
            widget.refresh()
            if not self.tabs.tabBar().hasFocus():  # keep arrow-key navigation on the tab bar working
                widget.primary.setFocus()
