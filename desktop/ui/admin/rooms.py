"""Rooms: the mediation rooms and function rooms that mediators book."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from desktop.services.admin import center as center_service
from desktop.ui.admin.common import EditDialog, ListPanel, grey_when_inactive, whole_list, yes_no
from desktop.ui.tablemodel import Column

ROOM_KINDS = {
    "mediation": QT_TRANSLATE_NOOP("RoomKinds", "Mediation room"),
    "reception": QT_TRANSLATE_NOOP("RoomKinds", "Leaders' reception room"),
    "meeting": QT_TRANSLATE_NOOP("RoomKinds", "Coordination / meeting room"),
    "counselling": QT_TRANSLATE_NOOP("RoomKinds", "Counselling room"),
    "hearing": QT_TRANSLATE_NOOP("RoomKinds", "Hearing room"),
    "other": QT_TRANSLATE_NOOP("RoomKinds", "Other"),
}


def room_kind(kind: str) -> str:
    return QCoreApplication.translate("RoomKinds", ROOM_KINDS.get(kind, kind))


CENTERED = Qt.AlignmentFlag.AlignCenter


class RoomsScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: EditDialog | None = None
        grey = grey_when_inactive
        self.rooms = ListPanel(
            self.tr("Rooms"),
            [Column(self.tr("Room"), lambda r: r.name, foreground=grey),
             Column(self.tr("Kind"), lambda r: room_kind(r.kind), foreground=grey),
             Column(self.tr("Seats"), lambda r: r.capacity, align=CENTERED, foreground=grey),
             Column(self.tr("Order"), lambda r: r.sort_order, align=CENTERED, foreground=grey),
             Column(self.tr("Active"), lambda r: yes_no(r.active), align=CENTERED, foreground=grey)],
            whole_list(lambda: center_service.list_rooms(self.ctx.uow(read_only=True))),
            new_text=self.tr("&New room…"), widths=(260, 200, 80, 80, 80), stretch=-1)
        self.rooms.new_requested.connect(lambda: self.edit_room(None))
        self.rooms.edit_requested.connect(self.edit_room)
        self.primary = self.rooms.view  # takes the focus when the tab opens
        QVBoxLayout(self).addWidget(self.rooms)

    def refresh(self) -> None:
        self.rooms.reload()

    def edit_room(self, room) -> None:
        next_order = max((r.sort_order for r in self.rooms.model.rows), default=-1) + 1
        dialog = self.dialog = RoomDialog(self.ctx, room, next_order, self)
        dialog.accepted.connect(lambda: self.rooms.reload(select=lambda r: r.id == dialog.result_value.id))
        dialog.open()


class RoomDialog(EditDialog):
    def __init__(self, ctx, room=None, next_order: int = 0, parent=None):
        super().__init__(self.tr("New room") if room is None else self.tr("Edit room"), parent)
        self.ctx = ctx
        self.row = room
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(60)
        self.kind = QComboBox()
        for key in ROOM_KINDS:
            self.kind.addItem(room_kind(key), key)
        if room is not None and room.kind not in ROOM_KINDS:
            self.kind.addItem(room.kind, room.kind)
        self.capacity = QSpinBox()
        self.capacity.setObjectName("capacity")
        self.capacity.setRange(0, 999)
        self.capacity.setMaximumWidth(100)
        self.order = QSpinBox()
        self.order.setRange(0, 999)
        self.order.setMaximumWidth(100)
        self.active = QCheckBox(self.tr("In &use (can be booked)"))
        self.add_row(self.tr("&Name:"), self.name, "name")
        self.add_row(self.tr("&Kind:"), self.kind, "kind")
        self.add_row(self.tr("&Seats:"), self.capacity, "capacity")
        self.add_row(self.tr("&Order:"), self.order, "sort_order")
        self.add_row("", self.active)
        if room is None:
            self.capacity.setValue(8)
            self.order.setValue(next_order)
            self.active.setChecked(True)
        else:
            self.name.setText(room.name)
            self.kind.setCurrentIndex(self.kind.findData(room.kind))
            self.capacity.setValue(room.capacity)
            self.order.setValue(room.sort_order)
            self.active.setChecked(room.active)

    def save(self, uow):
        return center_service.save_room(
            uow, id=self.row.id if self.row else None, name=self.name.text(),
            kind=self.kind.currentData(), capacity=self.capacity.value(), sort_order=self.order.value(),
            active=self.active.isChecked())
