"""Dialogs of the call panel: transfer (转窗), re-queue a late arrival, book an appointment. All of them
work from the keyboard: the lists take arrow keys, the choices have mnemonics, Enter confirms."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
)

from desktop.services import queue
from desktop.ui import ops
from desktop.ui.messages import describe
from desktop.ui.queue import labels


def _keys(buttons: QDialogButtonBox) -> None:
    """The dialog's keys in the tooltips of its buttons: Enter confirms, Esc cancels."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setToolTip(QCoreApplication.translate("TransferDialog", "%1 (Enter)").replace("%1", ok.text()))
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setToolTip(QCoreApplication.translate("TransferDialog", "Close without saving (Esc)"))


def _positions(parent, default: str = "end") -> tuple[QGroupBox, QButtonGroup, dict[str, QRadioButton]]:
    box = QGroupBox(QCoreApplication.translate("TransferDialog", "Place in the line"))
    group = QButtonGroup(parent)
    buttons = {}
    texts = {"front": QCoreApplication.translate("TransferDialog", "To the &front"),
             "end": QCoreApplication.translate("TransferDialog", "To the &end"),
             "original": QCoreApplication.translate("TransferDialog", "In its &original order")}
    row = QHBoxLayout(box)
    for key in queue.POSITIONS:
        button = QRadioButton(texts[key])
        button.setObjectName(f"position_{key}")
        button.setChecked(key == default)
        group.addButton(button)
        buttons[key] = button
        row.addWidget(button)
    return box, group, buttons


class TransferDialog(QDialog):
    """Choose a service or a window and a place in its line. ``target()`` gives
    (service_id, window_no, position)."""

    def __init__(self, ctx, ticket: queue.TicketInfo, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Transfer ticket %1").replace("%1", ticket.number))
        self.setMinimumSize(640, 560)
        self.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 3px; } "
                           "QRadioButton { font-size: 15px; }")
        loads, windows = queue.transfer_targets(ctx.uow())
        kind = self._kind_row()
        self.services = self._service_list(loads, ticket)
        self.windows = self._window_list(windows, ticket)
        self.windows.hide()
        self.to_service.toggled.connect(self._kind)
        position_box, self.position_group, self.position_buttons = _positions(self)
        self.warning = QLabel()
        self.warning.setObjectName("transfer_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.services.currentItemChanged.connect(self._check)
        self.windows.currentItemChanged.connect(self._check)
        self._lay_out(ticket, kind, position_box)
        first = next((i for i in range(self.services.count())
                      if self.services.item(i).flags() & Qt.ItemFlag.ItemIsEnabled), 0)
        self.services.setCurrentRow(first)
        self.services.setFocus()

    def _kind_row(self) -> QHBoxLayout:
        """To a service or to a window."""
        self.to_service = QRadioButton(self.tr("To a &service"))
        self.to_service.setObjectName("to_service")
        self.to_window = QRadioButton(self.tr("To a &window"))
        self.to_window.setObjectName("to_window")
        self.to_service.setChecked(True)
        kind = QHBoxLayout()
        kind.addWidget(self.to_service)
        kind.addWidget(self.to_window)
        kind.addStretch(1)
        return kind

    def _service_list(self, loads, ticket: queue.TicketInfo) -> QListWidget:
        """The services with their waiting and open windows; the ticket's own service cannot be chosen."""
        services = QListWidget()
        services.setObjectName("services")
        for s in loads:
            text = self.tr("%1 %2 — %3 waiting, %4 window(s) open").replace("%1", s.letter).replace(
                "%2", s.name).replace("%3", str(s.waiting)).replace("%4", str(s.open_windows))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s)
            if s.open_windows == 0:
                item.setForeground(QBrush(QColor("#b3261e")))
                item.setToolTip(self.tr("No window serving it is open now: the ticket will wait."))
            if s.service_id == ticket.service_id:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            services.addItem(item)
        return services

    def _window_list(self, windows, ticket: queue.TicketInfo) -> QListWidget:
        """The windows with their state and clerk; this window and the ticket's cannot be chosen."""
        listing = QListWidget()
        listing.setObjectName("windows")
        own = self.ctx.actor.window_no
        for w in windows:
            clerk = f"（{w.clerk_name}）" if w.clerk_name else ""
            text = self.tr("Window %1 %2 — %3").replace("%1", str(w.number)).replace("%2", w.name).replace(
                "%3", labels.label(labels.WINDOW_STATES, labels.window_state(w))) + clerk
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, w)
            if w.state in ("paused", "closed"):
                item.setForeground(QBrush(QColor("#b3261e")))
            if w.number in (own, ticket.window_no):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            listing.addItem(item)
        return listing

    def _lay_out(self, ticket: queue.TicketInfo, kind: QHBoxLayout, position_box: QGroupBox) -> None:
        """The buttons (Transfer, Cancel) and the dialog's column, top to bottom."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Transfer"))
        _keys(buttons)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Send ticket %1 (%2) to:").replace("%1", ticket.number).replace(
            "%2", ticket.service_name)))
        layout.addLayout(kind)
        layout.addWidget(self.services, 1)
        layout.addWidget(self.windows, 1)
        layout.addWidget(position_box)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)

    def _kind(self, to_service: bool) -> None:
        self.services.setVisible(to_service)
        self.windows.setVisible(not to_service)
        (self.services if to_service else self.windows).setFocus()
        if not to_service and self.windows.currentRow() < 0:
            first = next((i for i in range(self.windows.count())
                          if self.windows.item(i).flags() & Qt.ItemFlag.ItemIsEnabled), 0)
            self.windows.setCurrentRow(first)
        self._check()

    def _selected(self):
        widget = self.services if self.to_service.isChecked() else self.windows
        item = widget.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def _check(self, *_):
        chosen = self._selected()
        if chosen is None:
            self.warning.clear()
        elif self.to_service.isChecked() and chosen.open_windows == 0:
            self.warning.setText(self.tr("No window serving %1 is open now. The ticket will wait until one "
                                         "opens.").replace("%1", chosen.name))
        elif not self.to_service.isChecked() and chosen.state in ("paused", "closed"):
            self.warning.setText(self.tr("Window %1 is not calling now. The ticket will wait until it does.")
                                 .replace("%1", str(chosen.number)))
        else:
            self.warning.clear()

    def position(self) -> str:
        return next(k for k, b in self.position_buttons.items() if b.isChecked())

    def target(self) -> tuple[int | None, int | None, str]:
        chosen = self._selected()
        if self.to_service.isChecked():
            return chosen.service_id, None, self.position()
        return None, chosen.number, self.position()

    def _accept(self) -> None:
        if self._selected() is not None:
            self.accept()


class RequeueDialog(QDialog):
    """A late arrival (过号) joins the line again."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.result_ticket: queue.TicketInfo | None = None
        self.setWindowTitle(self.tr("Re-queue a late arrival"))
        self.setMinimumSize(460, 420)
        self.list = QListWidget()
        self.list.setObjectName("no_shows")
        for t in queue.list_no_shows(ctx.uow()):
            text = self.tr("%1 %2 — last called %3").replace("%1", t.number).replace("%2", t.service_name).replace(
                "%3", t.last_called_at.strftime("%H:%M") if t.last_called_at else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, t)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.empty = QLabel(self.tr("No ticket has been marked as a no-show today."))
        self.empty.setVisible(self.list.count() == 0)
        box, _group, self.position_buttons = _positions(self, "end")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Re-queue"))
        _keys(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        position = next(k for k, b in self.position_buttons.items() if b.isChecked())
        number = item.data(Qt.ItemDataRole.UserRole).number
        requeued = ops.run(self, self.ctx, lambda uow: queue.requeue(uow, number=number, position=position),
                           area="queue", failure=lambda exc: self.error.setText(describe(exc)))
        if not requeued.ok:
            return
        self.result_ticket = requeued.value
        self.accept()


class AppointmentDialog(QDialog):
    """Book a visit for a caller: the code they check in with at the kiosk."""

    def __init__(self, ctx, services, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.booked: queue.AppointmentInfo | None = None
        self.setWindowTitle(self.tr("Book an appointment"))
        self.service = QComboBox()
        self.service.setObjectName("service")
        for s in services:
            self.service.addItem(f"{s.letter} {s.name}", s.id)
        now = ctx.clock.now()
        self.day = QDateEdit(QDate(now.year, now.month, now.day) .addDays(1))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.slot = QTimeEdit(QTime(9, 0))
        self.slot.setDisplayFormat("HH:mm")
        self.name = QLineEdit()
        self.name.setObjectName("visitor_name")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("&Service:"), self.service)
        form.addRow(self.tr("&Day:"), self.day)
        form.addRow(self.tr("&Time:"), self.slot)
        form.addRow(self.tr("Visitor's &name:"), self.name)
        form.addRow(self.tr("&Phone (optional):"), self.phone)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Book"))
        _keys(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        d, t = self.day.date(), self.slot.time()
        booked = ops.run(self, self.ctx, lambda uow: queue.book_appointment(
            uow, service_id=self.service.currentData(), day=dt.date(d.year(), d.month(), d.day()),
            slot=dt.time(t.hour(), t.minute()), visitor_name=self.name.text(), phone=self.phone.text()),
            area="queue", failure=lambda exc: self.error.setText(describe(exc)))
        if not booked.ok:
            return
        self.booked = booked.value
        self.accept()
