"""The room calendar: a custom-painted grid with the rooms as columns (one day, or each working day of a
week with its rooms side by side) and the time of day downwards in quarter hours.

- Select a time range with the mouse (press and drag down a column) or the keyboard (arrows move the
  cursor, Shift+Up/Down extends, Enter books): ``range_selected`` is emitted.
- Drag a booking to another time, room or day; Ctrl+arrows move the booking under the cursor by a quarter
  hour or a column. While dragging, ``checker`` says whether the new place is free; the ghost turns red and
  the reasons (who or what is busy, when) are drawn beside it. Dropping emits ``move_requested``.
- Double-click or Enter on a booking emits ``booking_activated``; the context menu ``context_requested``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.ui.mediation_labels import fmt_hm, weekday
from desktop.ui.schedule.calendar_paint import AXIS_W, STEP, CalendarPainting, label_state, short_room_name

__all__ = ["AXIS_W", "STEP", "CalendarView", "label_state", "short_room_name"]


class CalendarView(CalendarPainting, QWidget):
    range_selected = Signal(int, object, object)  # room id, start, end
    booking_activated = Signal(object)  # BookingInfo
    booking_selected = Signal(object)  # BookingInfo or None
    move_requested = Signal(object, int, object, object)  # booking, room id, start, end
    context_requested = Signal(object, QPoint)  # BookingInfo, global position

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.days: list[dt.date] = []
        self._day_index: dict[dt.date, int] = {}
        self._room_index: dict[int, int] = {}
        self.rooms: list = []  # RoomInfo
        self.bookings: list = []  # BookingInfo
        self.first, self.last = dt.time(8, 0), dt.time(18, 0)
        self.opens, self.closes = dt.time(8, 30), dt.time(17, 30)
        self.closed: dict[dt.date, str] = {}  # days off shown in the grid, with their names
        self.now: dt.datetime | None = None
        self.week = False
        self.checker: Callable | None = None  # (booking, room_id, start, end) -> (ok, lines, busy booking ids)
        self.highlight: set[int] = set()  # bookings named by the last refusal
        self.cursor = (0, 0)  # column, slot
        self.selection: tuple[int, int, int] | None = None  # column, first slot, last slot (inclusive)
        self.selected_id: int | None = None
        self._press: tuple[QPoint, object, int] | None = None  # where, booking, slot offset inside it
        self._selecting = False
        self.ghost: tuple[int, int] | None = None  # column, start slot of the dragged booking
        self.ghost_ok = True
        self.ghost_lines: list[str] = []

    # ------------------------------------------------------------------ data
    def set_data(self, *, days, rooms, bookings, opens, closes, closed, now, week: bool) -> None:
        self.days, self.rooms, self.bookings = list(days), list(rooms), list(bookings)
        self._day_index = {d: i for i, d in enumerate(self.days)}
        self._room_index = {r.id: i for i, r in enumerate(self.rooms)}
        self.opens, self.closes, self.closed, self.now, self.week = opens, closes, dict(closed), now, week
        earliest = min([dt.time(opens.hour)] + [b.start.time() for b in bookings])
        latest = max([closes] + [b.end.time() for b in bookings if b.end.date() == b.start.date()])
        self.first = dt.time(earliest.hour)
        self.last = dt.time(min(23, latest.hour + (1 if latest.minute else 0)))
        if self.last <= self.first:
            self.last = dt.time(min(23, self.first.hour + 1))
        self.cursor = (min(self.cursor[0], max(self.columns - 1, 0)), min(self.cursor[1], self.slots - 1))
        self.selection, self.ghost, self._press = None, None, None
        self.updateGeometry()
        self.update()

    @property
    def columns(self) -> int:
        return len(self.days) * len(self.rooms)

    @property
    def slots(self) -> int:
        return int((dt.datetime.combine(dt.date.min, self.last) - dt.datetime.combine(dt.date.min, self.first))
                   / STEP)

    @property
    def header_h(self) -> int:
        return 46 if self.week else 30

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        col = 30 if self.week else 90
        slot = 9 if self.week else 12
        return QSize(AXIS_W + max(self.columns, 1) * col, self.header_h + self.slots * slot)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSizeHint()

    # ------------------------------------------------------------------ geometry
    def col_w(self) -> float:
        return (self.width() - AXIS_W) / max(self.columns, 1)

    def slot_h(self) -> float:
        return (self.height() - self.header_h) / max(self.slots, 1)

    def column_of(self, day: dt.date, room_id: int) -> int | None:
        d, r = self._day_index.get(day), self._room_index.get(room_id)
        return None if d is None or r is None else d * len(self.rooms) + r

    def day_room(self, col: int):
        d, r = divmod(col, len(self.rooms))
        return self.days[d], self.rooms[r]

    def slot_time(self, day: dt.date, slot: int) -> dt.datetime:
        return dt.datetime.combine(day, self.first) + slot * STEP

    def slot_of(self, t: dt.datetime) -> float:
        return (t - dt.datetime.combine(t.date(), self.first)) / STEP

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        if pos.x() < AXIS_W or pos.y() < self.header_h or not self.columns:
            return None
        col = int((pos.x() - AXIS_W) / self.col_w())
        slot = int((pos.y() - self.header_h) / self.slot_h())
        return min(col, self.columns - 1), max(0, min(slot, self.slots - 1))

    def rect_of(self, col: int, start_slot: float, slots: float) -> QRectF:
        return QRectF(AXIS_W + col * self.col_w() + 1, self.header_h + start_slot * self.slot_h() + 1,
                      self.col_w() - 3, slots * self.slot_h() - 2)

    def booking_rect(self, b) -> QRectF | None:
        col = self.column_of(b.start.date(), b.room_id)
        if col is None:
            return None
        return self.rect_of(col, self.slot_of(b.start), (b.end - b.start) / STEP)

    def booking_at(self, pos: QPoint):
        for b in reversed(self.bookings):
            r = self.booking_rect(b)
            if r is not None and r.contains(pos):
                return b
        return None

    def booking_at_cell(self, col: int, slot: int):
        day, room = self.day_room(col)
        t = self.slot_time(day, slot)
        return next((b for b in self.bookings if b.room_id == room.id and b.start <= t < b.end), None)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if not self.columns:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No rooms to show."))
            return
        self.paint_grid(p)
        p.end()

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus()
        pos = event.position().toPoint()
        cell = self.cell_at(pos)
        if cell is None:
            return
        self.cursor = cell
        b = self.booking_at(pos)
        if b is not None:
            self.selected_id = b.id
            self.selection = None
            self.booking_selected.emit(b)
            offset = int(cell[1] - self.slot_of(b.start))
            self._press = (pos, b, offset) if b.state in ("tentative", "confirmed") else None
        else:
            self.selected_id = None
            self.booking_selected.emit(None)
            self.selection = (cell[0], cell[1], cell[1])
            self._selecting = True
        self.update()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.position().toPoint()
        cell = self.cell_at(pos)
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if self.ghost is None and (pos - self._press[0]).manhattanLength() < 5:
                return
            if cell is not None:
                b, offset = self._press[1], self._press[2]
                length = int((b.end - b.start) / STEP)
                slot = max(0, min(cell[1] - offset, self.slots - length))
                if self.ghost != (cell[0], slot):
                    self.ghost = (cell[0], slot)
                    self._check_ghost()
                self.update()
            return
        if self._selecting and cell is not None and self.selection is not None:
            col, a, _b = self.selection
            self.selection = (col, a, cell[1])
            self.cursor = (col, cell[1])
            self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        if self._press is not None:
            b = self._press[1]
            ghost, self.ghost, self._press = self.ghost, None, None
            self.ghost_lines = []
            self.update()
            if ghost is not None:
                day, room = self.day_room(ghost[0])
                start = self.slot_time(day, ghost[1])
                if (room.id, start) != (b.room_id, b.start):
                    self.move_requested.emit(b, room.id, start, start + (b.end - b.start))
            return
        if self._selecting and self.selection is not None:
            self._selecting = False
            col, a, b = self.selection
            if a != b:  # a drag over at least two quarter hours books; a click only moves the cursor
                self._emit_range(col, min(a, b), max(a, b))

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        pos = event.position().toPoint()
        b = self.booking_at(pos)
        if b is not None:
            self.booking_activated.emit(b)
            return
        cell = self.cell_at(pos)
        if cell is not None:
            self._emit_range(cell[0], cell[1], min(cell[1] + 3, self.slots - 1))

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        b = self.booking_at(event.pos())
        if b is not None:
            self.selected_id = b.id
            self.booking_selected.emit(b)
            self.update()
            self.context_requested.emit(b, event.globalPos())

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            b = self.booking_at(event.pos())
            header = self.header_at(event.pos())
            if b is not None:
                QToolTip.showText(event.globalPos(), self.booking_tooltip(b), self)
            elif header:
                QToolTip.showText(event.globalPos(), header, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def header_at(self, pos: QPoint) -> str:
        """The full room name (and day) of the column header under ``pos``: the week shows rooms by two
        characters, and a narrow day column elides them."""
        if pos.y() >= self.header_h or pos.x() < AXIS_W or not self.columns:
            return ""
        day, room = self.day_room(min(int((pos.x() - AXIS_W) / self.col_w()), self.columns - 1))
        return f"{room.name}　{day.month}-{day.day:02d} {weekday(day)}" if self.week else room.name

    def booking_tooltip(self, b) -> str:
        lines = [f"<b>{b.case_no}</b> {b.title}",
                 f"{b.start.month}-{b.start.day:02d} {fmt_hm(b.start)}–{fmt_hm(b.end)} {b.room_name}",
                 self.tr("Mediators: %1").replace("%1", "、".join(b.mediator_names)),
                 self.tr("Parties: %1").replace("%1", "、".join(b.party_names)),
                 label_state(b.state) + ("" if b.public else " · " + self.tr("private"))]
        return "<br>".join(lines)

    # ------------------------------------------------------------------ keyboard
    def keyPressEvent(self, event) -> None:  # noqa: N802
        if not self.columns:
            return super().keyPressEvent(event)
        key, mods = event.key(), event.modifiers()
        col, slot = self.cursor
        moves = {Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1), Qt.Key.Key_Left: (-1, 0),
                 Qt.Key.Key_Right: (1, 0)}
        if key in moves and mods & Qt.KeyboardModifier.ControlModifier:
            b = self._selected_booking()
            if b is not None and b.state in ("tentative", "confirmed"):
                dc, ds = moves[key]
                bcol = self.column_of(b.start.date(), b.room_id)
                ncol = bcol + dc
                if 0 <= ncol < self.columns:
                    day, room = self.day_room(ncol)
                    start = dt.datetime.combine(day, b.start.time()) + ds * STEP
                    self.move_requested.emit(b, room.id, start, start + (b.end - b.start))
            return
        if key in moves:
            dc, ds = moves[key]
            ncol = max(0, min(col + dc, self.columns - 1))
            nslot = max(0, min(slot + ds, self.slots - 1))
            if mods & Qt.KeyboardModifier.ShiftModifier and dc == 0:
                if self.selection is None or self.selection[0] != col:
                    self.selection = (col, slot, nslot)
                else:
                    self.selection = (col, self.selection[1], nslot)
            else:
                self.selection = None
            self.cursor = (ncol, nslot)
            under = self.booking_at_cell(ncol, nslot)
            self.selected_id = under.id if under is not None else None
            self.booking_selected.emit(under)
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            under = self.booking_at_cell(col, slot)
            if self.selection is not None:
                c, a, b = self.selection
                self._emit_range(c, min(a, b), max(a, b))
            elif under is not None:
                self.booking_activated.emit(under)
            else:
                self._emit_range(col, slot, min(slot + 3, self.slots - 1))
            return
        if key == Qt.Key.Key_Escape:
            self.selection, self.ghost, self._press = None, None, None
            self.highlight = set()
            self.update()
            return
        if key == Qt.Key.Key_Home:
            self.cursor = (col, 0)
            self.update()
            return
        if key == Qt.Key.Key_End:
            self.cursor = (col, self.slots - 1)
            self.update()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)

    # ------------------------------------------------------------------ helpers
    def _selected_booking(self):
        return next((b for b in self.bookings if b.id == self.selected_id), None)

    def _emit_range(self, col: int, first: int, last: int) -> None:
        day, room = self.day_room(col)
        self.range_selected.emit(room.id, self.slot_time(day, first), self.slot_time(day, last + 1))

    def _check_ghost(self) -> None:
        if self.checker is None or self.ghost is None or self._press is None:
            return
        b = self._press[1]
        day, room = self.day_room(self.ghost[0])
        start = self.slot_time(day, self.ghost[1])
        self.ghost_ok, self.ghost_lines, busy = self.checker(b, room.id, start, start + (b.end - b.start))
        self.highlight = set(busy)

    def select_booking(self, booking_id: int | None) -> None:
        self.selected_id = booking_id
        b = self._selected_booking()
        if b is not None:
            col = self.column_of(b.start.date(), b.room_id)
            if col is not None:
                self.cursor = (col, int(self.slot_of(b.start)))
        self.update()

    def show_drag_preview(self, booking, room_id: int, start: dt.datetime) -> None:
        """Show the ghost of ``booking`` at a place as if it were being dragged there (screens and tests)."""
        col = self.column_of(start.date(), room_id)
        if col is None:
            return
        self._press = (QPoint(), booking, 0)
        self.ghost = (col, int(self.slot_of(start)))
        self._check_ghost()
        self.update()
