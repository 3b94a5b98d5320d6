"""The window clerk's call panel (叫号面板): the current ticket with its waiting time, the waiting list of
the window's services, the calling buttons with their keys, a short service record, and the rating step.

Everything works from the keyboard: F1 call next, F2 recall, F3 no-show, F4 transfer, F5 finish, F6 pause
or resume, F7 the visitor has arrived (service starts), Ctrl+R re-queue a late arrival, Ctrl+B book an
appointment, Ctrl+M register a window matter, Ctrl+Shift+M print its slip, Ctrl+H a person's matters, Ctrl+J
receive a handed-over matter.
The panel follows the queue live and keeps its last state while the database is away.

This module holds the panel (its layout, state and calling actions, each run through desktop.ui.ops); its
parts live beside it: clerk_ticket (the current-ticket box), clerk_waiting (the waiting list), and the
mixins clerk_forms (the actions that ask in a dialog first), clerk_matters (the matter register: its form,
handovers and a person's matters), clerk_rating (the rating step) and clerk_connection (the database being away).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import queue
from desktop.services.errors import DatabaseUnavailable
from desktop.services.permissions import Permission, can
from desktop.services.queue import NoShowTooEarly, NoWindow, RecallLimit, RecallTooSoon
from desktop.ui import ops
from desktop.ui.messages import describe, show_error
from desktop.ui.queue import labels
from desktop.ui.queue.clerk_connection import Connection
from desktop.ui.queue.clerk_forms import FormActions
from desktop.ui.queue.clerk_matters import MatterActions
from desktop.ui.queue.clerk_rating import RatingStep
from desktop.ui.queue.clerk_ticket import show_ticket, show_times, ticket_card
from desktop.ui.queue.clerk_waiting import waiting_list
from desktop.ui.queue.labels import ERROR, INFO, WARN
from desktop.ui.queue.poller import QueuePoller
from desktop.ui.queue.rating import RatingWindow
from desktop.ui.widgets import styled_label

log = logging.getLogger(__name__)
# refusals said in the panel's message line instead of a dialog (the clerk keeps typing): a recall or a
# no-show asked for too early
SAID_INLINE = (RecallLimit, RecallTooSoon, NoShowTooEarly)


class ClerkPanel(FormActions, MatterActions, RatingStep, Connection, QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.status: queue.WindowStatus | None = None
        self.rating: RatingWindow | None = None
        self.online = True
        self.actions: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.tips: dict[str, str] = {}
        self._build()
        self.poller = QueuePoller(ctx, interval_ms=1500, retry_ms=3000, parent=self)
        self.poller.polled.connect(self._polled)
        self.poller.connection.connect(self._connection)
        self.tick = QTimer(self)
        self.tick.timeout.connect(self._show_times)
        self.tick.start(1000)
        self.start()

    # ------------------------------------------------------------ layout
    def _action(self, key: str, text: str, shortcut: str, slot, tip: str) -> QPushButton:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        self.actions[key] = action
        button = QPushButton(f"{text}\n{shortcut}")
        button.setObjectName(f"btn_{key}")
        button.setMinimumHeight(64)
        button.setToolTip(f"{tip} ({shortcut})")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the record; buttons are for the mouse
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        self.buttons[key] = button
        self.tips[key] = tip
        return button

    def _build(self) -> None:
        self.setStyleSheet("QPushButton { font-size: 15px; font-weight: bold; }")
        top = self._build_top()
        card = ticket_card(self)
        buttons = self._build_buttons()
        left = self._build_left(card, buttons)
        right = waiting_list(self)
        if self._may(Permission.REGISTER_MATTER):
            right.addWidget(self.handover_box())
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addSpacing(12)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def _build_top(self) -> QHBoxLayout:
        """The window, its state, the reconnecting notice and today's count."""
        self.window_label = styled_label("window_label", "font-size: 20px; font-weight: bold;")
        self.state_label = styled_label("state_label", "font-size: 16px; padding: 3px 10px; border-radius: 6px;")
        self.counts_label = styled_label("counts_label", "font-size: 15px;")
        self.offline_label = styled_label("offline", "background: #b3261e; color: white; padding: 3px 10px; font-weight: bold;",
                                          self.tr("Database unreachable — reconnecting…"))
        self.offline_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.window_label)
        top.addWidget(self.state_label)
        top.addStretch(1)
        top.addWidget(self.offline_label)
        top.addWidget(self.counts_label)
        return top

    def _build_buttons(self) -> QGridLayout:
        """The calling buttons with their keys, five a row (the registrations only for those who may)."""
        buttons = QGridLayout()
        buttons.setSpacing(8)
        specs = [
            ("call", self.tr("Call next"), "F1", self.call_next, self.tr("Call the next visitor")),
            ("recall", self.tr("Recall"), "F2", self.recall, self.tr("Call the current ticket again")),
            ("no_show", self.tr("No-show"), "F3", self.no_show, self.tr("The visitor did not come after the last call")),
            ("transfer", self.tr("Transfer"), "F4", self.transfer, self.tr("Send the visitor to another service or window")),
            ("finish", self.tr("Finish"), "F5", self.finish, self.tr("Finish with the service record, then rating")),
            ("pause", self.tr("Pause"), "F6", self.toggle_pause, self.tr("Pause or resume calling at this window")),
            ("start", self.tr("Visitor arrived"), "F7", self.start_service, self.tr("Service time starts now")),
            ("requeue", self.tr("Re-queue late arrival"), "Ctrl+R", self.requeue, self.tr("A no-show ticket joins the line again")),
            ("book", self.tr("Book appointment"), "Ctrl+B", self.book, self.tr("Book a visit with a check-in code")),
            ("petition", self.tr("Register petition"), "Ctrl+P", self.register_petition,
             self.tr("Register a petition for the current visitor (pre-filled from the ticket)")),
            ("dispute", self.tr("Register dispute"), "Ctrl+D", self.register_dispute,
             self.tr("Register a dispute for mediation for the current visitor")),
            ("matter", self.tr("Register matter"), "Ctrl+M", self.register_matter,
             self.tr("Register the visitor's matter (linked to the current ticket): conclude, hand over or keep it")),
            ("history", self.tr("Person's matters"), "Ctrl+H", self.person_history,
             self.tr("Every matter of a person, found by ID number or phone")),
            ("slip", self.tr("Print matter slip"), "Ctrl+Shift+M", self.print_matter_slip,
             self.tr("Print the ticket again with its matter's code and QR: the visitor looks up progress at the kiosk")),
        ]
        allowed = {"petition": Permission.REGISTER_PETITION, "dispute": Permission.MANAGE_DISPUTES,
                   "matter": Permission.REGISTER_MATTER, "history": Permission.REGISTER_MATTER,
                   "slip": Permission.REGISTER_MATTER}
        specs = [s for s in specs if s[0] not in allowed or self._may(allowed[s[0]])]
        for i, spec in enumerate(specs):
            buttons.addWidget(self._action(*spec), i // 5, i % 5)
        return buttons

    def _may(self, permission: Permission) -> bool:
        role = self.ctx.actor.role
        return role == "system" or can(role, permission)

    def _build_left(self, card, buttons: QGridLayout) -> QVBoxLayout:
        """The ticket box, the buttons, the service record and the message line."""
        self.record = QPlainTextEdit()
        self.record.setObjectName("record")
        self.record.setPlaceholderText(self.tr("Service record: what was done (at most 500 characters)"))
        self.record.setMaximumHeight(110)
        self.record.setTabChangesFocus(True)
        self.record.textChanged.connect(self._record_count)
        self.record_count = QLabel()
        self.record_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 15px; font-weight: bold;")

        left = QVBoxLayout()
        left.addWidget(card)
        left.addLayout(buttons)
        left.addWidget(QLabel(self.tr("Service record:")))
        left.addWidget(self.record)
        left.addWidget(self.record_count)
        left.addWidget(self.message)
        left.addStretch(1)
        return left

    # ------------------------------------------------------------ state
    def start(self) -> None:
        """Sign in at the window and load its state."""
        signed_in = ops.Op(self, self.ctx, queue.sign_in_window).failure(
            self._start_failed).run()
        if not signed_in.ok:
            return
        self.status = signed_in.value
        if not self.online:
            self._set_online()
            self._say(self.tr("The connection is back. The window shows what is stored in the database."))
        self._show_status()
        self.model.reload()
        self.poller.start(0)
        self.record.setFocus()

    def _start_failed(self, exc: Exception) -> None:
        if isinstance(exc, NoWindow):
            self._no_window()
            return
        self._say(describe(exc), ERROR)
        if isinstance(exc, DatabaseUnavailable):
            self._set_offline()
            QTimer.singleShot(3000, self.start)

    def _no_window(self) -> None:
        self.window_label.setText(self.tr("No window is assigned to your account. Ask an administrator to "
                                          "assign one."))
        for action in self.actions.values():
            action.setEnabled(False)

    def refresh(self) -> None:
        if not self.online:
            return  # the poller reloads the window's state as soon as the database answers again
        status = ops.Op(self, self.ctx, queue.window_status).lost(lambda _exc: self._lost()).failure(
            lambda exc: self._say(describe(exc), ERROR)).run()
        if not status.ok:
            return
        self.status = status.value
        self._show_status()
        self.model.reload()

    def current(self) -> queue.TicketInfo | None:
        return self.status.ticket if self.status else None

    def _show_status(self) -> None:
        s = self.status
        self.window_label.setText(self.tr("Window %1 · %2 · serves %3").replace("%1", str(s.number)).replace(
            "%2", s.name).replace("%3", " ".join(s.service_letters)))
        state = labels.window_state(s)
        self.state_label.setText(labels.label(labels.WINDOW_STATES, state))
        self.state_label.setStyleSheet("font-size: 16px; padding: 3px 10px; border-radius: 6px; "
                                       f"background: {labels.WINDOW_STATE_COLOURS.get(state, '#eee')};")
        self.waiting_title.setText(self.tr("Waiting for this window"))
        self.actions["pause"].setText(self.tr("Resume") if s.paused else self.tr("Pause"))
        for button in self.findChildren(QPushButton, "btn_pause"):
            button.setText(f"{self.actions['pause'].text()}\nF6")
        t = s.ticket
        held = t is not None
        self.actions["call"].setEnabled(not held and not s.paused)
        self.actions["start"].setEnabled(held and t.status == "called")
        self.actions["transfer"].setEnabled(held)
        self.actions["finish"].setEnabled(held)
        if "slip" in self.actions:
            self.actions["slip"].setEnabled(held)
        show_ticket(self, s)
        self.counts_label.setText(self.tr("Served today: %1").replace("%1", str(s.served_today)))
        self._show_times()

    def _show_times(self) -> None:
        show_times(self)

    def _record_count(self) -> None:
        n = len(self.record.toPlainText().strip())
        self.record_count.setText(f"{n}/{queue.RECORD_MAX}")
        self.record_count.setStyleSheet("color: #b3261e;" if n > queue.RECORD_MAX else "color: #666;")

    def _say(self, text: str, colour: str = INFO) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"font-size: 15px; font-weight: bold; color: {colour};")

    def _polled(self, poll) -> None:
        if not poll.events or self.status is None:
            return
        mine = set(self.status.service_ids)
        if any(e.window_no == self.status.number or e.service_id in mine or e.kind == "transferred"
               for e in poll.events):
            self.refresh()

    def _refused(self, exc: Exception) -> None:
        """A typed failure of an action changes nothing: it is said (SAID_INLINE in the message line, the rest
        in a dialog) and the window's state is read again. The database being away is the ``lost`` of each
        operation: the panel goes offline until the poller finds it back."""
        if isinstance(exc, SAID_INLINE):
            self._say(describe(exc), WARN)
        else:
            show_error(self, exc)
        self.refresh()

    # ------------------------------------------------------------ actions
    def call_next(self) -> None:
        called = ops.Op(self, self.ctx, queue.call_next, area="queue").lost(self._lost).failure(self._refused).run()
        self.refresh()
        if called.value is None:  # refused, or nobody waiting
            if self.status is not None and self.status.ticket is None and self.online:
                self._say(self.tr("Nobody is waiting for this window."), WARN)
            return
        self._say(self.tr("Called %1.").replace("%1", called.value.ticket.number))
        self.record.clear()
        self.record.setFocus()

    def recall(self) -> None:
        t = self.current()
        if t is None:
            return
        called = ops.Op(self, self.ctx, lambda uow: queue.recall(uow, ticket_id=t.id), area="queue").lost(
            self._lost).failure(self._refused).run()
        if called.ok:
            self._say(self.tr("Called %1 again (call %2 of %3).").replace("%1", t.number).replace(
                "%2", str(called.value.call_count)).replace("%3", str(self.status.max_calls)))
        self.refresh()

    def no_show(self) -> None:
        t = self.current()
        if t is None:
            return
        if ops.Op(self, self.ctx, lambda uow: queue.mark_no_show(uow, ticket_id=t.id), area="queue").lost(
                self._lost).failure(self._refused).run().ok:
            self._say(self.tr("%1 marked as no-show. Ctrl+R re-queues a late arrival.").replace("%1", t.number))
            self.record.clear()
        self.refresh()

    def start_service(self) -> None:
        t = self.current()
        if t is None:
            return
        ops.Op(self, self.ctx, lambda uow: queue.start_service(uow, ticket_id=t.id), area="queue").lost(
            self._lost).failure(self._refused).run()
        self.refresh()
        self.record.setFocus()

    def finish(self) -> None:
        t = self.current()
        if t is None:
            return
        done = ops.Op(self, self.ctx, lambda uow: queue.finish_service(
            uow, ticket_id=t.id, record=self.record.toPlainText()), area="queue").lost(self._lost).failure(
            self._refused).run()
        self.refresh()
        if not done.ok:
            return
        self.record.clear()
        self.ask_rating(done.value)

    def _focus_record(self) -> None:
        """Keys go back to the service record, unless a dialog (a registration, the rating) has them now."""
        if QApplication.activeModalWidget() is None:
            self.record.setFocus()

    def toggle_pause(self) -> None:
        if self.status is None:
            return
        paused = not self.status.paused
        if ops.Op(self, self.ctx, lambda uow: queue.set_paused(uow, paused=paused), area="queue").lost(
                self._lost).failure(self._refused).run().ok:
            self._say(self.tr("The window is paused.") if paused else self.tr("The window calls again."))
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.record.setFocus()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Leaving the panel (sign-out, quitting): the window shows nobody signed in."""
        self.poller.stop()
        if self.rating is not None:  # a rating window on the visitor's screen has no parent: close it
            self.rating.close()
        if self.status is not None:
            number = self.status.number
            ops.run(self, self.ctx, queue.sign_out_window,
                    failure=lambda _exc: log.warning("could not sign out of window %s", number))
            self.status = None
