"""The calendar banner above every area of an administrator's or director's main window: from the warning
day (setting calendar_warn_month/day, 1 November) until next year's holidays are official — or at once when
the year that has begun is still provisional. It says how many open deadlines are provisional and offers
the action that fixes it: the administrator imports the State Council's notice (or the holidays a newer
OneStop knows); the director sees the deadlines the calendar has moved.

Every change of the calendar is an operation of area "calendar" (desktop.ui.ops); the banner then looks again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.admin import calendar as calendar_service
from desktop.services.permissions import Permission, can
from desktop.ui import ops
from desktop.ui.admin.calendar_import import NoticeImportDialog
from desktop.ui.calendar_texts import join_sentences
from desktop.ui.deadline_changes import DeadlineChangesDialog
from desktop.ui.messages import describe

REFRESH_MS = 30 * 60 * 1000  # the warning day arrives while the app is open
ROLES = ("admin", "director")


class CalendarBanner(QFrame):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.warning: calendar_service.CalendarWarning | None = None
        self.may_import = ctx.actor.role == "system" or can(ctx.actor.role, Permission.CONFIGURE_CENTER)
        self.setObjectName("calendar_banner")
        self.setStyleSheet("QFrame#calendar_banner { background: #fff4e5; border-bottom: 2px solid #f0a030; }"
                           "QLabel { color: #5c3a00; font-size: 14px; }")
        self.text = QLabel()
        self.text.setObjectName("calendar_banner_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.action = QPushButton()
        self.action.setObjectName("calendar_banner_action")
        self.action.clicked.connect(self.act)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        icon = QLabel("⚠")
        icon.setStyleSheet("font-size: 22px; color: #c77700")
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignVCenter)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        ops.changes().changed.connect(self._area_changed)
        self.refresh()

    def refresh(self) -> None:
        # a failure leaves no warning: the status bar already says when the database is away
        warning = ops.run(self, self.ctx, calendar_service.calendar_warning, read_only=True, failure=lambda _exc: None)
        self.warning = warning.value if warning.ok else None
        w = self.warning
        self.setVisible(w is not None)
        if w is None:
            return
        year = str(w.year)
        if w.begun:
            text = self.tr("<b>The holidays of %1 are not official in OneStop.</b> Working days of %1 are counted "
                           "with weekends only, so deadlines can come out early or land on a holiday; they are "
                           "marked provisional.")
        else:
            text = self.tr("<b>The holidays of %1 are not official in OneStop yet.</b> Deadlines that reach into "
                           "%1 are counted with weekends only and marked provisional.")
        parts = [text.replace("%1", year)]
        if w.provisional_deadlines:
            parts.append(self.tr("Open cases with a provisional deadline: %1.").replace(
                "%1", str(w.provisional_deadlines)))
        if self.may_import:
            parts.append(self.tr("This version of OneStop knows them: import them now.") if w.package_knows else
                         self.tr("Import the State Council's notice 《国务院办公厅关于%1年部分节假日安排的通知》 as "
                                 "soon as it is published.").replace("%1", year))
            self.action.setText(self.tr("Import the %1 holidays").replace("%1", year) if w.package_knows else
                                self.tr("Import the %1 notice…").replace("%1", year))
        else:
            parts.append(self.tr("The administrator imports the State Council's notice once it is published; "
                                 "the deadlines it moves are listed for you."))
            self.action.setText(self.tr("Deadline changes…"))
        text = join_sentences(*parts)
        self.text.setText(text)

    def act(self) -> None:
        if not self.may_import:
            self.dialog = DeadlineChangesDialog(self.ctx, None, self.window())
            self.dialog.open()
            return
        if self.warning is not None and self.warning.package_knows:
            year = self.warning.year
            imported = ops.run(self, self.ctx, lambda uow: calendar_service.import_official(uow, since_year=year),
                               area="calendar", failure=lambda exc: self.text.setText(describe(exc)))
            if imported.ok:
                self._done(imported.value)
            return
        self.dialog = NoticeImportDialog(self.ctx, self.window())
        self.dialog.imported.connect(self._done)
        self.dialog.open()

    def _area_changed(self, area: str) -> None:
        if area == "calendar":
            self.refresh()

    def _done(self, result) -> None:
        self.changes = DeadlineChangesDialog(self.ctx, result.deadline_changes, self.window())
        self.changes.open()


def add_calendar_banner(window) -> CalendarBanner | None:
    """Put the banner above the main window's areas, for an administrator or a director."""
    if window.ctx.actor.role not in ROLES:
        return None
    central = window.takeCentralWidget()
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    banner = CalendarBanner(window.ctx, container)
    layout.addWidget(banner)
    layout.addWidget(central, 1)
    window.setCentralWidget(container)
    window.calendar_banner = banner
    return banner
