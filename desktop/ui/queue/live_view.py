"""The director's and supervisors' live queue (实时队列): waiting and longest wait per service, every
window's state and who is at it, waits over the configured limit highlighted; and the follow-ups that
bad ratings opened, to be checked and answered."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import queue
from desktop.services.errors import DatabaseUnavailable
from desktop.services.permissions import Permission, can
from desktop.ui import ops
from desktop.ui.messages import describe
from desktop.ui.queue import labels
from desktop.ui.queue.poller import QueuePoller
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.widgets import two_panes

ALERT = "#ffc9c4"


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    return view


class LiveQueuePage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.live: queue.LiveQueue | None = None
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setStyleSheet("font-size: 16px;")
        self.offline = QLabel(self.tr("Database unreachable — reconnecting…"))
        self.offline.setObjectName("offline")
        self.offline.setStyleSheet("background: #b3261e; color: white; padding: 3px 10px; font-weight: bold;")
        self.offline.hide()
        over = self._over_limit
        self.services = PagedTableModel([
            Column(self.tr("Service"), lambda s: f"{s.letter} {s.name}", background=over),
            Column(self.tr("Waiting"), lambda s: s.waiting, background=over,
                   align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            Column(self.tr("Longest wait"), lambda s: labels.duration(s.longest_wait_seconds), background=over),
            Column(self.tr("Windows open"), lambda s: s.open_windows, background=over,
                   foreground=lambda s: "#b3261e" if s.waiting and not s.open_windows else None),
            Column(self.tr("Served today"), lambda s: s.served_today, background=over),
        ], lambda *_: [], parent=self)
        self.windows = PagedTableModel([
            Column(self.tr("Window"), lambda w: f"{w.number} {w.name}"),
            Column(self.tr("State"), lambda w: labels.label(labels.WINDOW_STATES, labels.window_state(w)),
                   background=lambda w: labels.WINDOW_STATE_COLOURS.get(labels.window_state(w))),
            Column(self.tr("Staff"), lambda w: w.clerk_name),
            Column(self.tr("Current ticket"), lambda w: w.ticket.number if w.ticket else ""),
            Column(self.tr("Since"), lambda w: w.since.strftime("%H:%M") if w.since else ""),
            Column(self.tr("Served today"), lambda w: w.served_today),
        ], lambda *_: [], parent=self)
        self.services_view = _table(self.services)
        self.services_view.setObjectName("services")
        self.windows_view = _table(self.windows)
        self.windows_view.setObjectName("windows")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Waiting per service")))
        left_layout.addWidget(self.services_view)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Windows")))
        right_layout.addWidget(self.windows_view)
        split = two_panes(left, right, (5, 6))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.offline)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.poller = QueuePoller(ctx, interval_ms=2000, retry_ms=3000, parent=self)
        self.poller.polled.connect(lambda poll: poll.events and self.refresh())
        self.poller.connection.connect(self._connection)
        self.timer = QTimer(self)  # waits grow even when nothing happens
        self.timer.timeout.connect(self.refresh)
        self.timer.start(30_000)
        self.refresh()
        self.poller.start(0)

    def _over_limit(self, s) -> str | None:
        limit = self.live.alert_minutes * 60 if self.live else None
        return ALERT if limit and s.longest_wait_seconds is not None and s.longest_wait_seconds > limit else None

    def refresh(self) -> None:
        try:
            self.live = queue.live_queue(self.ctx.uow(read_only=True))
        except DatabaseUnavailable:
            self._connection(False)
            return
        self.services.set_rows(self.live.services)
        self.windows.set_rows(self.live.windows)
        waiting = sum(s.waiting for s in self.live.services)
        longest = max((s.longest_wait_seconds or 0 for s in self.live.services), default=0)
        counts = {}
        for w in self.live.windows:
            counts[w.state] = counts.get(w.state, 0) + 1
        over = [s for s in self.live.services if self._over_limit(s)]
        text = self.tr("Waiting: %1 · longest wait: %2 · serving %3, idle %4, paused %5, nobody at %6").replace(
            "%1", str(waiting)).replace("%2", labels.duration(longest) or "—").replace(
            "%3", str(counts.get("serving", 0))).replace("%4", str(counts.get("idle", 0))).replace(
            "%5", str(counts.get("paused", 0))).replace("%6", str(counts.get("closed", 0)))
        if over:
            text += " · " + self.tr("over %1 min: %2").replace("%1", str(self.live.alert_minutes)).replace(
                "%2", " ".join(s.letter for s in over))
            self.summary.setStyleSheet("font-size: 16px; color: #b3261e; font-weight: bold;")
        else:
            self.summary.setStyleSheet("font-size: 16px;")
        self.summary.setText(text + "  (" + self.live.at.strftime("%H:%M:%S") + ")")

    def _connection(self, online: bool) -> None:
        self.offline.setVisible(not online)
        if online:
            self.refresh()


class AnswerDialog(QDialog):
    def __init__(self, ctx, follow_up: queue.FollowUpInfo, parent=None):
        super().__init__(parent)
        self.ctx, self.follow_up = ctx, follow_up
        self.setWindowTitle(self.tr("Answer the follow-up of %1").replace("%1", follow_up.number))
        self.setMinimumWidth(520)
        rating, record, due = (labels.label(labels.RATINGS, follow_up.rating), follow_up.record or "—",
                               follow_up.due_on.isoformat())
        if follow_up.ticket_id is not None:
            text = self.tr("%1 on %2 at window %3 (%4): %5\nRecord: %6\nDue: %7").replace(
                "%1", follow_up.number).replace("%2", follow_up.day.isoformat()).replace(
                "%3", str(follow_up.window_no or "")).replace("%4", follow_up.clerk_name).replace(
                "%5", rating).replace("%6", record).replace("%7", due)
        else:  # a matter's outcome rated at the kiosk: who answers for the matter
            text = self.tr("Matter %1 registered on %2, answered for by %3, rated at the kiosk: %4\nOutcome: %5\n"
                           "Due: %6").replace("%1", follow_up.number).replace("%2", follow_up.day.isoformat()).replace(
                "%3", follow_up.clerk_name or "—").replace("%4", rating).replace("%5", record).replace("%6", due)
        facts = QLabel(text)
        facts.setWordWrap(True)
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("answer")
        self.answer.setPlaceholderText(self.tr("What was checked, and what the visitor was told"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save answer"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        layout.addWidget(self.answer)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        if not ops.run(self, self.ctx, lambda uow: queue.answer_follow_up(
                uow, follow_up_id=self.follow_up.id, answer=self.answer.toPlainText()), area="queue",
                failure=lambda exc: self.error.setText(describe(exc))).ok:
            return
        self.accept()


class FollowUpsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = PagedTableModel([
            Column(self.tr("Ticket"), lambda f: f.number),
            Column(self.tr("Day"), lambda f: f.day.isoformat()),
            Column(self.tr("Service"), lambda f: f.service_name),
            Column(self.tr("Window"), lambda f: f.window_no or ""),
            Column(self.tr("Staff"), lambda f: f.clerk_name),
            Column(self.tr("Rating"), lambda f: labels.label(labels.RATINGS, f.rating),
                   foreground=lambda f: labels.RATING_COLOURS.get(f.rating)),
            Column(self.tr("Due"), lambda f: f.due_on.isoformat(),
                   background=lambda f: ALERT if f.overdue else None),
            Column(self.tr("State"), lambda f: self.tr("Overdue") if f.overdue else
                   labels.label(labels.FOLLOW_UP_STATES, f.status),
                   background=lambda f: ALERT if f.overdue else None),
            Column(self.tr("Answer"), lambda f: f.answer),
        ], self._fetch, parent=self)
        self.view = _table(self.model)
        self.view.setObjectName("follow_ups")
        self.view.doubleClicked.connect(self.answer)
        self.counts = QLabel()
        answer = QAction(self.tr("Answer…"), self)
        answer.setShortcut(QKeySequence("Ctrl+Return"))
        answer.triggered.connect(self.answer)
        self.addAction(answer)
        button = QPushButton(self.tr("Answer… (Ctrl+Enter)"))
        button.setObjectName("answer_button")
        button.setToolTip(self.tr("Record the answer to the selected follow-up (Ctrl+Enter)"))
        button.clicked.connect(self.answer)
        self.can_answer = can(ctx.actor.role, Permission.SUPERVISE_CASES) or ctx.actor.role == "system"
        button.setEnabled(self.can_answer)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.reload()

    def _fetch(self, offset, limit, _key, _desc):
        try:
            return queue.list_follow_ups(self.ctx.uow(read_only=True), offset=offset, limit=limit)
        except DatabaseUnavailable:
            return []

    def reload(self) -> None:
        self.model.reload()
        try:
            open_ = queue.count_follow_ups(self.ctx.uow(read_only=True), open_only=True)
        except DatabaseUnavailable:
            return
        self.counts.setText(self.tr("Open follow-ups: %1").replace("%1", str(open_)))

    def answer(self, *_):
        row = self.model.row_at(self.view.currentIndex().row())
        if row is None or row.status != "open" or not self.can_answer:
            return
        opened = ops.run(self, None, lambda: AnswerDialog(self.ctx, row, self))
        if not opened.ok:
            return
        dialog = opened.value
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()


class LiveQueueView(QTabWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.live = LiveQueuePage(ctx, self)
        self.follow_ups = FollowUpsPage(ctx, self)
        self.addTab(self.live, self.tr("Live queue"))
        self.addTab(self.follow_ups, self.tr("Bad-rating follow-ups"))
        self.currentChanged.connect(lambda i: i == 1 and self.follow_ups.reload())
