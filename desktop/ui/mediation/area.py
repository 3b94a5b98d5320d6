"""The Mediation area: the mediator's today view, the dispute list, the judicial-confirmation reminders, and
one dispute at a time in full."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.form_widgets import shortcut
from desktop.ui.mediation.disputes import DisputeList
from desktop.ui.mediation.mediators import MediatorsPanel
from desktop.ui.mediation.today import JudicialPanel, TodayPanel
from desktop.ui.mediation.view import DisputeView


class MediationArea(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.today = TodayPanel(ctx, self)
        self.disputes = DisputeList(ctx, self)
        self.judicial = JudicialPanel(ctx, self)
        self.mediators = MediatorsPanel(ctx, self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mediation_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.today, self.tr("Today"))
        self.tabs.addTab(self.disputes, self.tr("Disputes"))
        self.tabs.addTab(self.judicial, self.tr("Judicial confirmation"))
        self.tabs.addTab(self.mediators, self.tr("Mediators"))
        for i in range(self.tabs.count()):
            self.tabs.setTabToolTip(i, f"{self.tabs.tabText(i)} (Alt+{i + 1})")
            shortcut(self, f"Alt+{i + 1}", lambda i=i: self.show_tab(i))
        self.view = DisputeView(ctx, self)
        self.view.back_requested.connect(self.show_list)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.view)
        for panel in (self.today, self.disputes, self.judicial):
            panel.open_requested.connect(self.open_dispute)
        self.disputes.new_requested.connect(self.register)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.stack)
        shortcut(self, "Escape", self._escape, Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def show_tab(self, index: int) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(index)

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if hasattr(widget, "reload"):
            widget.reload()
        self._focus_panel()

    def _focus_panel(self) -> None:
        """Put the focus inside the panel shown, so its shortcuts (Ctrl+N registers a dispute) work at once
        after Alt+1…4 or Ctrl+2, not only after a click into it."""
        if self.stack.currentWidget() is not self.tabs:
            return
        panel = self.tabs.currentWidget()
        first = getattr(panel, "search", None) or next(
            (w for w in (getattr(panel, "sessions", None), getattr(panel, "list", None)) if w is not None), panel)
        first.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._focus_panel()

    def open_dispute(self, dispute_id: int) -> None:
        self.view.set_dispute(dispute_id)
        self.view.status.clear_message()
        self.stack.setCurrentWidget(self.view)
        self.view.tabs.setCurrentIndex(0)
        self.view.setFocus()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self._tab_changed(self.tabs.currentIndex())

    def _escape(self) -> None:
        if self.stack.currentWidget() is self.view:
            self.show_list()

    def register(self, ticket_id: int | None = None, visitor_name: str = "") -> None:
        """Register a dispute; ``ticket_id`` when the visitor came with a queue ticket."""
        from desktop.ui.mediation.register import RegistrationDialog

        dialog = RegistrationDialog(self.ctx, self, ticket_id=ticket_id, visitor_name=visitor_name)
        if dialog.exec() and dialog.saved is not None:
            self.disputes.reload()
            self.open_dispute(dialog.saved.id)
            self.view.status.ok(self.tr("Registered as %1.").replace("%1", dialog.saved.case_no))
