"""Paging through the rooms in the week view: the week shows only as many rooms as fit side by side in each
day, so the Schedule area asks the database for the bookings of those rooms alone (a center has dozens of
rooms). ``RoomPager`` holds the page, its buttons (PageUp/PageDown) and the label saying which rooms are
shown; the day view shows every room, as before, and hides the pager."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.ui.form_widgets import button, shortcut, with_keys
from desktop.ui.schedule.calendar_paint import AXIS_W

WEEK_COL_W = 30  # the narrowest week column (CalendarView.minimumSizeHint): below it the cards are unreadable
PREVIOUS, NEXT = "PgUp", "PgDown"


def rooms_per_page(width: int, days: int) -> int:
    """How many rooms fit side by side in each of ``days`` days across ``width`` pixels."""
    return max(1, (width - AXIS_W) // (max(1, days) * WEEK_COL_W))


class RoomPager(QWidget):
    """Which rooms the week view shows: ``first`` (an index into the active rooms) and as many as fit.
    ``turned`` asks the area to reload."""

    turned = Signal(bool)  # True: a page turned by the user; False: a resize changed how many rooms fit

    def __init__(self, area: QWidget, viewport: QWidget):
        super().__init__(area)
        self.viewport = viewport
        self.first, self.size, self.total, self.days = 0, 1, 0, 5
        self.active = False
        self.prev_button = button(area, self.tr("Previous rooms"), lambda: self.turn(-1), None,
                                  name="rooms_previous")
        self.next_button = button(area, self.tr("Next rooms"), lambda: self.turn(1), None, name="rooms_next")
        self.label = QLabel()
        self.label.setObjectName("rooms_shown")
        # actions rather than button shortcuts: disabled in the day view, PageUp/PageDown still scroll it
        self.keys = [shortcut(area, PREVIOUS, lambda: self.turn(-1)), shortcut(area, NEXT, lambda: self.turn(1))]
        for b, keys in ((self.prev_button, PREVIOUS), (self.next_button, NEXT)):
            b.setToolTip(with_keys(b.text(), keys))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for w in (self.prev_button, self.label, self.next_button):
            layout.addWidget(w)
        layout.addStretch(1)
        viewport.installEventFilter(self)
        self.set_active(False)

    def set_active(self, on: bool) -> None:
        """Shown, and its keys live, in the week view only."""
        self.active = on
        self.setVisible(on)
        for action in self.keys:
            action.setEnabled(on)

    def page(self, rooms: list, *, days: int, active: bool, keep_room_id: int | None = None):
        """The rooms to show and the ids to ask the bookings of (None: all, the day view). In the week
        (``active``), the page among ``rooms`` for ``days`` days, turned to the page of ``keep_room_id``
        (the selected session's room) when that room is not on it."""
        self.set_active(active)
        if not active:
            return rooms, None
        self.days, self.total = days, len(rooms)
        self.size = rooms_per_page(self.viewport.width(), days)
        ids = [r.id for r in rooms]
        if keep_room_id in ids and not self.first <= ids.index(keep_room_id) < self.first + self.size:
            self.first = ids.index(keep_room_id) // self.size * self.size
        if self.first >= self.total:  # rooms were retired since: the last page
            self.first = max(0, (self.total - 1) // self.size * self.size)
        shown = rooms[self.first:self.first + self.size]
        self.prev_button.setEnabled(self.first > 0)
        self.next_button.setEnabled(self.first + self.size < self.total)
        self.label.setText(self.tr("Rooms %1–%2 of %3").replace("%1", str(self.first + 1 if shown else 0)).replace(
            "%2", str(self.first + len(shown))).replace("%3", str(self.total)))
        return shown, [r.id for r in shown]

    def turn(self, n: int) -> None:
        """``n`` pages on (back when negative), within the rooms."""
        first = self.first + n * self.size
        if self.active and (first < self.total if n > 0 else self.first > 0):
            self.first = max(0, first)
            self.turned.emit(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched is self.viewport and event.type() == QEvent.Type.Resize and self.active
                and rooms_per_page(self.viewport.width(), self.days) != self.size):
            self.turned.emit(False)
        return False
