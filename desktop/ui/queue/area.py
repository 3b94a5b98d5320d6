"""The Queue area: a window clerk (or mediator at a window) gets the call panel; the director and
supervisors get the live view; a role with both sees both as tabs."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.services.permissions import Permission, can


class QueueArea(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.panel = None
        self.live = None
        role = ctx.actor.role
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets = []
        if can(role, Permission.SERVE_WINDOW):
            from desktop.ui.queue.clerk_panel import ClerkPanel

            self.panel = ClerkPanel(ctx, self)
            widgets.append((self.panel, self.tr("My window")))
        if can(role, Permission.VIEW_LIVE_QUEUE):
            from desktop.ui.queue.live_view import LiveQueueView

            self.live = LiveQueueView(ctx, self)
            widgets.append((self.live, self.tr("Live queue")))
        if len(widgets) == 1:
            layout.addWidget(widgets[0][0])
        else:
            tabs = QTabWidget()
            for widget, title in widgets:
                tabs.addTab(widget, title)
            layout.addWidget(tabs)
        if parent is not None and self.panel is not None:
            parent.window().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # the main window closes (quit or sign-out): the window no longer shows this clerk
        if event.type() == QEvent.Type.Close and self.panel is not None:
            self.panel.shutdown()
        return False
