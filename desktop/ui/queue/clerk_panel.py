"""The window clerk's call panel (叫号面板): the current ticket with its waiting time, the waiting list of
the window's services, the calling buttons with their keys, a short service record, and the rating step.

Everything works from the keyboard: F1 call next, F2 recall, F3 no-show, F4 transfer, F5 finish, F6 pause
or resume, F7 the visitor has arrived (service starts), Ctrl+R re-queue a late arrival, Ctrl+B book an
appointment. The panel follows the queue live and keeps its last state while the database is away.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import center, queue
from desktop.services.errors import DatabaseUnavailable, ServiceError
from desktop.services.permissions import Permission, can
from desktop.services.queue import NoShowTooEarly, NoWindow, RecallLimit, RecallTooSoon
from desktop.ui import ops
from desktop.ui.messages import describe, show_error
from desktop.ui.queue import labels
from desktop.ui.queue.dialogs import AppointmentDialog, RequeueDialog, TransferDialog
from desktop.ui.queue.poller import QueuePoller
from desktop.ui.queue.rating import TIMEOUT_S, RatingWindow
from desktop.ui.tablemodel import Column, PagedTableModel

log = logging.getLogger(__name__)
INFO, WARN, ERROR = "#1f4e9c", "#b26a00", "#b3261e"
# what waits while the database is away: the window's real state is read back first
NEEDS_DATABASE = ("call", "recall", "no_show", "transfer", "finish", "pause", "start", "requeue")


class ClerkPanel(QWidget):
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

    def _tip(self, key: str, text: str | None = None) -> None:
        """The button's tooltip: why it is off (or what it does) and its key."""
        shortcut = self.actions[key].shortcut().toString()
        self.buttons[key].setToolTip(f"{text or self.tips[key]} ({shortcut})")

    def _build(self) -> None:
        self.setStyleSheet("QPushButton { font-size: 15px; font-weight: bold; }")
        self.window_label = QLabel()
        self.window_label.setObjectName("window_label")
        self.window_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.state_label = QLabel()
        self.state_label.setObjectName("state_label")
        self.state_label.setStyleSheet("font-size: 16px; padding: 3px 10px; border-radius: 6px;")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        self.counts_label.setStyleSheet("font-size: 15px;")
        self.offline_label = QLabel(self.tr("Database unreachable — reconnecting…"))
        self.offline_label.setObjectName("offline")
        self.offline_label.setStyleSheet("background: #b3261e; color: white; padding: 3px 10px; font-weight: bold;")
        self.offline_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.window_label)
        top.addWidget(self.state_label)
        top.addStretch(1)
        top.addWidget(self.offline_label)
        top.addWidget(self.counts_label)

        # the current ticket
        card = QFrame()
        card.setObjectName("ticket_card")
        card.setStyleSheet("#ticket_card { background: #f4f7fc; border: 1px solid #c9d6ee; border-radius: 10px; }")
        self.number_label = QLabel("—")
        self.number_label.setObjectName("number_label")
        self.number_label.setStyleSheet("font-size: 64px; font-weight: bold; color: #1f4e9c;")
        self.service_label = QLabel()
        self.service_label.setObjectName("service_label")
        self.service_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.ticket_state = QLabel()
        self.ticket_state.setObjectName("ticket_state")
        self.ticket_state.setStyleSheet("font-size: 15px;")
        self.times_label = QLabel()
        self.times_label.setObjectName("times_label")
        self.times_label.setStyleSheet("font-size: 15px;")
        self.badges = QLabel()
        self.badges.setObjectName("badges")
        self.badges.setStyleSheet("font-size: 15px; color: #1b7f3b; font-weight: bold;")
        self.case_label = QLabel()
        self.case_label.setObjectName("case_label")
        self.case_label.setStyleSheet("font-size: 15px; font-weight: bold; color: #1f4e9c;")
        info = QVBoxLayout()
        info.addWidget(self.service_label)
        info.addWidget(self.ticket_state)
        info.addWidget(self.times_label)
        info.addWidget(self.badges)
        info.addWidget(self.case_label)
        info.addStretch(1)
        card_layout = QHBoxLayout(card)
        card_layout.addWidget(self.number_label)
        card_layout.addSpacing(18)
        card_layout.addLayout(info, 1)

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
        ]
        role = self.ctx.actor.role
        allowed = {"petition": Permission.REGISTER_PETITION, "dispute": Permission.MANAGE_DISPUTES}
        specs = [s for s in specs if s[0] not in allowed or role == "system" or can(role, allowed[s[0]])]
        for i, spec in enumerate(specs):
            buttons.addWidget(self._action(*spec), i // 5, i % 5)

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

        # the waiting list
        self.waiting_title = QLabel()
        self.waiting_title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.model = PagedTableModel([
            Column(self.tr("Number"), lambda r: r.number, background=self._row_colour),
            Column(self.tr("Service"), lambda r: f"{r.service_letter} {r.service_name}"),
            Column(self.tr("Waiting"), lambda r: labels.duration(r.waited_seconds)),
            Column(self.tr("Note"), self._row_note),
        ], self._fetch_waiting, page_size=100, parent=self)
        self.table = QTableView()
        self.table.setObjectName("waiting")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        right = QVBoxLayout()
        right.addWidget(self.waiting_title)
        right.addWidget(self.table, 1)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addSpacing(12)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

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

    def _fetch_waiting(self, offset: int, limit: int, _key, _desc):
        if self.status is None:
            return []
        try:
            return queue.list_waiting(self.ctx.uow(), offset=offset, limit=limit)
        except DatabaseUnavailable:
            return []

    def _row_colour(self, row) -> str | None:
        if row.front:
            return "#fff1b8"
        if row.appointment:
            return "#dbe9ff"
        if row.priority:
            return "#d8f0dd"
        return None

    def _row_note(self, row) -> str:
        notes = []
        if row.front:
            notes.append(self.tr("Transferred, front"))
        elif row.transferred:
            notes.append(self.tr("Transferred"))
        if row.target_window_no:
            notes.append(self.tr("For this window"))
        if row.appointment:
            notes.append(self.tr("Appointment") + (f" {row.visitor_name}" if row.visitor_name else ""))
        if row.priority:
            notes.append(self.tr("Priority"))
        return "，".join(notes)

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
        self.number_label.setStyleSheet("font-size: 64px; font-weight: bold; color: %s;"
                                        % ("#9aa5b8" if t is None else "#1f4e9c"))
        if t is None:
            self.number_label.setText("—")
            self.service_label.setText(self.tr("No visitor at the window"))
            self.ticket_state.setText(self.tr("Press F1 to call the next visitor.") if not s.paused else
                                      self.tr("The window is paused. Press F6 to resume."))
            self.badges.clear()
            self.case_label.clear()
        else:
            self.number_label.setText(t.number)
            self.service_label.setText(f"{t.service_letter} {t.service_name}")
            badges = []
            if t.priority:
                badges.append(self.tr("Priority lane"))
            if t.appointment:
                badges.append(self.tr("Appointment") + (f"：{t.visitor_name}" if t.visitor_name else ""))
            if t.transferred:
                badges.append(self.tr("Transferred"))
            self.badges.setText(" · ".join(badges))
            self.case_label.setText(self._case_text(t))
        self.counts_label.setText(self.tr("Served today: %1").replace("%1", str(s.served_today)))
        self._show_times()

    def _case_text(self, t: queue.TicketInfo) -> str:
        """The case this visitor's matter became, by its case number."""
        if not t.case_kind:
            return ""
        return self.tr("Linked case: %1").replace("%1", t.case_no or "—")

    def _call_controls(self) -> None:
        """Recall (F2) and no-show (F3) are on only when the service would take them: recall while calls are
        left and the gap since the last call has passed, no-show after the last call and its gap. The
        ticket line and the tooltips say how long is left, so the clerk never meets a refusal."""
        s, t = self.status, self.current()
        called = s is not None and t is not None and t.status == "called" and self.online
        if not called:
            for key in ("recall", "no_show"):
                if key in self.actions:
                    self.actions[key].setEnabled(False)
                    self._tip(key)
            if t is not None:
                self.ticket_state.setText(labels.label(labels.TICKET_STATES, t.status))
            return
        since = (self.ctx.clock.now() - t.last_called_at).total_seconds() if t.last_called_at else s.recall_gap_seconds
        wait = max(0, math.ceil(s.recall_gap_seconds - since))
        calls_left = max(0, s.max_calls - t.call_count)
        self.actions["recall"].setEnabled(calls_left > 0 and wait == 0)
        self.actions["no_show"].setEnabled(calls_left == 0 and wait == 0)
        state = labels.label(labels.TICKET_STATES, t.status) + " · " + self.tr("call %1 of %2").replace(
            "%1", str(t.call_count)).replace("%2", str(s.max_calls))
        if calls_left and wait:
            hint = self.tr("can be called again in %1 s").replace("%1", str(wait))
            self._tip("recall", self.tr("%1 can be called again in %2 s").replace("%1", t.number).replace(
                "%2", str(wait)))
        elif calls_left:
            hint = self.tr("F2 calls again")
            self._tip("recall")
        else:
            hint = (self.tr("no-show possible in %1 s").replace("%1", str(wait)) if wait
                    else self.tr("not here: F3 marks a no-show"))
            self._tip("recall", self.tr("%1 has been called %2 times, the most allowed").replace(
                "%1", t.number).replace("%2", str(s.max_calls)))
        if calls_left:
            self._tip("no_show", self.tr("A no-show can be marked after every call: %1 more call(s) first")
                      .replace("%1", str(calls_left)))
        elif wait:
            self._tip("no_show", self.tr("Give the visitor time to come: a no-show can be marked in %1 s")
                      .replace("%1", str(wait)))
        else:
            self._tip("no_show")
        self.ticket_state.setText(f"{state} · {hint}")

    def _show_times(self) -> None:
        self._call_controls()
        t = self.current()
        if t is None:
            self.times_label.clear()
            return
        now = self.ctx.clock.now()
        waited = (t.first_called_at or now) - t.issued_at
        text = self.tr("Waited %1").replace("%1", labels.duration(waited.total_seconds()))
        if t.started_at:
            text += " · " + self.tr("in service %1").replace("%1", labels.clock_duration(
                (now - t.started_at).total_seconds()))
        elif t.last_called_at:
            text += " · " + self.tr("called %1 ago").replace("%1", labels.clock_duration(
                (now - t.last_called_at).total_seconds()))
        self.times_label.setText(text)

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

    def _connection(self, online: bool) -> None:
        """The poller's word: the database went away, or it is back."""
        if not online:
            self._set_offline()
            return
        was_offline = not self.online
        self._set_online()
        if self.status is None:
            return
        self.refresh()  # the window's real state, whatever happened to the last action
        if was_offline and self.online:
            self._say(self.tr("The connection is back. The window shows what is stored in the database."))

    def _set_online(self) -> None:
        self.online = True
        self.offline_label.hide()
        for key in ("pause", "requeue"):
            self.actions[key].setEnabled(True)

    def _set_offline(self) -> None:
        """Show the short "reconnecting" notice and hold the actions until the state is read back."""
        self.online = False
        self.offline_label.show()
        for key in NEEDS_DATABASE:
            if key in self.actions:
                self.actions[key].setEnabled(False)

    def _lost(self, exc: DatabaseUnavailable | None = None) -> None:
        """A service call found the database gone. Nothing is repeated automatically: the poller retries
        connecting in the background and, once it is back, the panel reloads the window's state (so a
        call whose commit outcome is unknown shows the ticket really held here instead of calling again)."""
        self._set_offline()
        self.poller.lost()
        if exc is None:
            return
        if exc.may_have_applied:
            self._say(self.tr("The connection broke while saving. Once it is back, the window shows "
                              "whether it was saved; nothing is repeated automatically."), WARN)
        else:
            self._say(self.tr("Not saved: the database cannot be reached. Try again once the connection "
                              "is back."), ERROR)

    def _do(self, fn, inline: tuple[type[ServiceError], ...] = ()):
        """Run one service call ``fn(uow)`` through desktop.ui.ops; a typed failure is shown and changes
        nothing. The ``inline`` kinds are said in the panel's message line instead of a dialog (the clerk
        keeps typing); the database being away sets the panel offline until the poller finds it back."""

        def failed(exc: Exception) -> None:
            if isinstance(exc, inline):
                self._say(describe(exc), WARN)
            else:
                show_error(self, exc)
            self.refresh()

        done = ops.Op(self, self.ctx, fn, area="queue").lost(self._lost).failure(failed).run()
        return done.value if done.ok else None

    # ------------------------------------------------------------ actions
    def call_next(self) -> None:
        called = self._do(queue.call_next)
        self.refresh()
        if called is None:
            if self.status is not None and self.status.ticket is None and self.online:
                self._say(self.tr("Nobody is waiting for this window."), WARN)
            return
        self._say(self.tr("Called %1.").replace("%1", called.ticket.number))
        self.record.clear()
        self.record.setFocus()

    def recall(self) -> None:
        t = self.current()
        if t is None:
            return
        called = self._do(lambda uow: queue.recall(uow, ticket_id=t.id), inline=(RecallLimit, RecallTooSoon))
        if called is not None:
            self._say(self.tr("Called %1 again (call %2 of %3).").replace("%1", t.number).replace(
                "%2", str(called.call_count)).replace("%3", str(self.status.max_calls)))
        self.refresh()

    def no_show(self) -> None:
        t = self.current()
        if t is None:
            return
        if self._do(lambda uow: queue.mark_no_show(uow, ticket_id=t.id), inline=(NoShowTooEarly,)) is not None:
            self._say(self.tr("%1 marked as no-show. Ctrl+R re-queues a late arrival.").replace("%1", t.number))
            self.record.clear()
        self.refresh()

    def start_service(self) -> None:
        t = self.current()
        if t is None:
            return
        self._do(lambda uow: queue.start_service(uow, ticket_id=t.id))
        self.refresh()
        self.record.setFocus()

    def transfer(self) -> None:
        t = self.current()
        if t is None:
            return
        opened = ops.run(self, None, lambda: TransferDialog(self.ctx, t, self))
        if not opened.ok:
            return
        dialog = opened.value
        target = dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()  # the panel runs all day: a used dialog does not stay behind as a hidden child
        self._focus_record()
        if target is None:
            return
        service_id, window_no, position = target
        result = self._do(lambda uow: queue.transfer(uow, ticket_id=t.id, service_id=service_id,
                                                     to_window_no=window_no, position=position))
        if result is not None:
            where = (self.tr("window %1").replace("%1", str(window_no)) if window_no is not None
                     else result.ticket.service_name)
            text = self.tr("%1 transferred to %2 (%3).").replace("%1", t.number).replace("%2", where).replace(
                "%3", labels.label(labels.POSITIONS, position))
            if result.open_windows == 0:
                self._say(text + " " + self.tr("No window that can call it is open now: the ticket waits "
                                               "until one opens."), WARN)
            else:
                self._say(text)
            self.record.clear()
        self.refresh()

    def finish(self) -> None:
        t = self.current()
        if t is None:
            return
        done = self._do(lambda uow: queue.finish_service(uow, ticket_id=t.id,
                                                         record=self.record.toPlainText()))
        self.refresh()
        if done is None:
            return
        self.record.clear()
        self.ask_rating(done)

    def ask_rating(self, ticket: queue.TicketInfo) -> None:
        if self.rating is not None:
            self.rating.close()  # the last visitor did not rate; a new one is at the window
        self._say(self.tr("%1 finished. Waiting for the visitor's rating…").replace("%1", ticket.number))
        timeout = self.status.rating_timeout_seconds if self.status is not None else TIMEOUT_S
        self.rating = window = RatingWindow(ticket.number, self, timeout_s=timeout)
        window.chosen.connect(lambda key, t=ticket, w=window: self._rated(t, key, w))
        window.open_for_visitor()

    def _rated(self, ticket: queue.TicketInfo, key: str | None, window: RatingWindow | None = None) -> None:
        """The rating step of ``ticket`` ended (once per step). Nothing here opens a dialog: the clerk may
        already be typing for the next visitor. A rating already recorded is not recorded again."""
        if window is None or self.rating is window:
            self.rating = None
        if key is None:
            self._say(self.tr("%1: the visitor did not rate.").replace("%1", ticket.number))
            self._focus_record()
            return
        rated = ops.Op(self, self.ctx, lambda uow: queue.rate_service(uow, ticket_id=ticket.id, rating=key),
                       area="queue").lost(self._lost).failure(self._rating_refused).run()
        if not rated.ok:
            return
        result = rated.value
        text = self.tr("%1 rated: %2.").replace("%1", ticket.number).replace(
            "%2", labels.label(labels.RATINGS, key))
        if result.follow_up_due is not None:
            self._say(text + " " + self.tr("A follow-up was opened; it is due on %1.").replace(
                "%1", result.follow_up_due.isoformat()), WARN)
        else:
            self._say(text)
        self._focus_record()

    def _rating_refused(self, exc: Exception) -> None:  # e.g. AlreadyRated: the first rating stands
        self._say(describe(exc), WARN)
        self._focus_record()

    def _focus_record(self) -> None:
        """Keys go back to the service record, unless a dialog (a registration, the rating) has them now."""
        if QApplication.activeModalWidget() is None:
            self.record.setFocus()

    def toggle_pause(self) -> None:
        if self.status is None:
            return
        paused = not self.status.paused
        if self._do(lambda uow: queue.set_paused(uow, paused=paused)) is not None:
            self._say(self.tr("The window is paused.") if paused else self.tr("The window calls again."))
        self.refresh()

    def requeue(self) -> None:
        opened = ops.run(self, None, lambda: RequeueDialog(self.ctx, self))
        if not opened.ok:
            return
        dialog = opened.value
        requeued = dialog.result_ticket if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        if requeued is not None:
            self._say(self.tr("%1 is waiting again.").replace("%1", requeued.number))
        self.refresh()
        self._focus_record()

    def book(self) -> None:
        opened = ops.run(self, self.ctx, lambda uow: AppointmentDialog(self.ctx, center.list_services(uow), self))
        if not opened.ok:
            return
        dialog = opened.value
        b = dialog.booked if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        self._focus_record()
        if b is not None:
            self._say(self.tr("Appointment booked for %1 on %2 at %3. Check-in code: %4").replace(
                "%1", b.visitor_name).replace("%2", b.day.isoformat()).replace("%3", b.slot.strftime("%H:%M"))
                .replace("%4", b.code))

    def register_petition(self) -> None:
        """Open the petition registration pre-filled from the current ticket (the queue's TicketInfo: its
        number, service and visitor); the case is linked to it and its number shows on the ticket card."""
        from desktop.ui.petitions.registration import RegistrationDialog

        dialog = RegistrationDialog(self.ctx, self, ticket=self.current())
        case = dialog.case if dialog.exec() == QDialog.DialogCode.Accepted else None
        repeat = dialog.repeat  # the same matter: a repeat visit recorded on its case instead
        dialog.deleteLater()
        self.refresh()
        self._focus_record()
        if case is not None:
            self._say(self.tr("Petition %1 registered.").replace("%1", case.case_no))
        elif repeat is not None:
            self._say(self.tr("Repeat visit recorded on petition %1.").replace("%1", repeat.case_no))

    def register_dispute(self) -> None:
        from desktop.ui.mediation.register import RegistrationDialog

        dialog = RegistrationDialog(self.ctx, self, ticket=self.current())
        saved = dialog.saved if dialog.exec() else None
        dialog.deleteLater()
        self.refresh()
        self._focus_record()
        if saved is not None:
            self._say(self.tr("Dispute %1 registered.").replace("%1", saved.case_no))

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
