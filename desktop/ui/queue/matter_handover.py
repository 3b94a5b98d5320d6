"""首问负责 at the window: the handover dialog (to a window by its number, a department or a mediator, with the
reason) and the clerk panel's box of handed-over matters: those waiting for this window, department or mediator
to receive them (接收, Ctrl+J; late ones marked) and those this clerk sent that wait to be received."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.services import matters, mediation
from desktop.services.admin import center
from desktop.services.matters import HandoverInfo
from desktop.ui import ops
from desktop.ui.messages import describe
from desktop.ui.queue import matter_texts
from desktop.ui.widgets import Banner, button, read_only_table, shortcut

LATE = "#f4c7c3"


def _targets(parent, ctx) -> dict[str, list[tuple[str, int]]]:
    """Where a matter can go: the other active windows (by number), the active departments, the mediators (a role
    that may not read the roster hands over to windows and departments; reading it enrols staff mediators)."""
    def read(fn, read_only=True):
        got = ops.Op(parent, ctx, fn, read_only=read_only).failure(lambda _exc: None).run()
        return got.value if got.ok else []

    own = ctx.actor.window_no
    return {"window": [(f"{w.number}号窗口  {w.name}", w.number) for w in read(center.list_windows)
                       if w.active and w.number != own],
            "department": [(d.name, d.id) for d in read(lambda uow: center.list_departments(uow, active_only=True))],
            "mediator": [(f"{m.name}  {m.organisation}".strip(), m.id) for m in read(mediation.list_mediators, False)]}


class HandoverDialog(QDialog):
    """Hand matter ``code`` over; after ``exec()`` ``sent`` holds the handover (None when cancelled)."""

    def __init__(self, ctx, matter_id: int, code: str, parent=None):
        super().__init__(parent)
        self.ctx, self.matter_id, self.code = ctx, matter_id, code
        self.sent: HandoverInfo | None = None
        self.setWindowTitle(self.tr("Hand over matter %1").replace("%1", code))
        self.targets = _targets(self, ctx)
        self.kind = QComboBox()
        self.kind.setObjectName("to_kind")
        for key in matters.TO_KINDS:
            if self.targets[key]:
                self.kind.addItem(matter_texts.label(matter_texts.TO_KINDS, key), key)
        self.target = QComboBox()
        self.target.setObjectName("to_ref")
        self.target.setMinimumWidth(260)
        self.kind.currentIndexChanged.connect(self._fill)
        self.reason = QLineEdit()
        self.reason.setObjectName("handover_reason")
        self.reason.setPlaceholderText(self.tr("Why it goes there, what is still to be done"))
        self.banner = Banner(self)
        form = QFormLayout()
        form.addRow(self.tr("Hand over &to:"), self.kind)
        form.addRow(self.tr("&Receiver:"), self.target)
        form.addRow(self.tr("R&eason:"), self.reason)
        send = QPushButton(self.tr("Hand over (Ctrl+Enter)"))
        send.setObjectName("send")
        send.setAutoDefault(False)
        send.clicked.connect(self.send)
        shortcut(self, "Ctrl+Return", self.send)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(send)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Until the receiver receives it, you stay responsible for the matter.")))
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self._fill()
        self.reason.setFocus()

    def _fill(self) -> None:
        self.target.clear()
        for text, ref in self.targets.get(self.kind.currentData(), []):
            self.target.addItem(text, ref)

    def send(self) -> None:
        kind, ref = self.kind.currentData(), self.target.currentData()
        if kind is None or ref is None:
            self.banner.error(self.tr("Choose where the matter goes."))
            return
        sent = ops.Op(self, self.ctx, lambda uow: matters.hand_over(
            uow, matter_id=self.matter_id, to_kind=kind, to_ref=ref, reason=self.reason.text()),
            area="matters").failure(lambda exc: self.banner.error(describe(exc))).run()
        if not sent.ok:
            if not self.reason.text().strip():
                self.reason.setFocus()
            return
        self.sent = sent.value
        self.accept()


class HandoverBox(QGroupBox):
    """The panel's list of handed-over matters; ``said(text)`` goes to the panel's message line."""

    def __init__(self, ctx, say, parent=None):
        super().__init__(parent)
        self.ctx, self.say = ctx, say
        self.setObjectName("handovers")
        self.rows: list[tuple[str, HandoverInfo]] = []
        self.table = read_only_table([self.tr("Direction"), self.tr("Matter"), self.tr("Summary"),
                                      self.tr("From / to"), self.tr("Reason"), self.tr("Sent")])
        self.table.setObjectName("handover_table")
        self.table.setMinimumHeight(110)
        self.setMaximumHeight(260)  # the waiting list stays the panel's main list
        self.table.cellActivated.connect(lambda *_: self.receive())
        # Ctrl+J belongs to the whole panel: the clerk's keys are in the record field, not in this box
        self.receive_button = button(parent or self, self.tr("&Receive"), self.receive, "Ctrl+J",
                                     self.tr("Receive the selected matter: you answer for it from now"),
                                     name="receive")
        self.note = QLabel()
        self.note.setObjectName("handover_note")
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.receive_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.table.itemSelectionChanged.connect(self._selected)
        ops.changes().changed.connect(self._changed)  # a bound method: disconnected when the box goes
        self.timer = QTimer(self)  # a handover to this window arrives from another desk
        self.timer.timeout.connect(self.reload)
        self.timer.start(30_000)
        self.reload()

    def _changed(self, area: str) -> None:
        if area == "matters":
            self.reload()

    def reload(self) -> None:
        lists = [ops.Op(self, self.ctx, lambda uow, side=side: matters.pending_handovers(uow, side=side),
                        read_only=True).failure(lambda exc: self.note.setText(describe(exc))).run()
                 for side in ("incoming", "outgoing")]
        if not all(x.ok for x in lists):
            return
        incoming, outgoing = (x.value for x in lists)
        self.rows = [("in", h) for h in incoming] + [("out", h) for h in outgoing]
        self._show(len(incoming), sum(h.late for h in incoming))

    def _show(self, waiting: int, late: int) -> None:
        self.setTitle(self.tr("Matters to receive (%1)").replace("%1", str(waiting)))
        self.table.setRowCount(len(self.rows))
        for r, (side, h) in enumerate(self.rows):
            direction = self.tr("To receive") if side == "in" else self.tr("Sent, not yet received")
            where = h.from_place if side == "in" else h.to_place
            sent = h.sent_at.strftime("%m-%d %H:%M") + (" " + self.tr("late") if h.late else "")
            for c, value in enumerate((direction, h.code, h.summary, where, h.reason, sent)):
                item = QTableWidgetItem(value)
                if h.late:
                    item.setBackground(QColor(LATE))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 150))
        text = self.tr("Nothing is waiting to be received.") if not waiting else \
            self.tr("%1 matters wait for you to receive them (Ctrl+J).").replace("%1", str(waiting))
        if late:
            text += " " + self.tr("%1 of them are late.").replace("%1", str(late))
        self.note.setText(text)
        self.note.setStyleSheet("color: #a50e0e; font-weight: bold;" if late else "")
        self._selected()

    def _current(self) -> tuple[str, HandoverInfo] | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selected(self) -> None:
        # enabled while anything waits, so Ctrl+J works with no row chosen: the first press selects, the next receives
        self.receive_button.setEnabled(any(side == "in" for side, _h in self.rows))

    def receive(self) -> None:
        current = self._current()
        if current is None or current[0] != "in":
            if any(side == "in" for side, _h in self.rows):
                self.table.selectRow(0)
                self.table.setFocus()
            return
        h = current[1]
        done = ops.Op(self, self.ctx, lambda uow: matters.acknowledge(uow, handover_id=h.id), area="matters").failure(
            lambda exc: self.say(describe(exc), "error")).run()
        if done.ok:
            self.say(self.tr("Matter %1 received: you answer for it now.").replace("%1", h.code), "info")
        self.reload()
