"""The Schedule area: the day or week calendar of the rooms, booking by selecting a time range, moving by
dragging, conflicts explained on screen, and each room's day printed for its door."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.services import mediation
from desktop.services import mediation as mediation_documents
from desktop.services import mediation as scheduling
from desktop.services.admin import calendar, center
from desktop.services.mediation import BookingConflict, ClosedDay, OutsideOpeningHours
from desktop.services.permissions import Permission, can
from desktop.ui import area_links, ops
from desktop.ui.booking_conflicts import busy_short
from desktop.ui.document_opening import open_document
from desktop.ui.form_widgets import Banner, button, shortcut, with_keys
from desktop.ui.mediation_labels import fmt_date, fmt_hm, pydate, qdate, weekday
from desktop.ui.messages import describe
from desktop.ui.schedule.booking import BookingDialog
from desktop.ui.schedule.calendar import CalendarView
from desktop.ui.schedule.room_pages import RoomPager


class ScheduleArea(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.day = ctx.clock.now().date()
        self.week = False
        self.selected = None  # BookingInfo
        scroll = self._make_view()
        bar = self._make_toolbar()
        actions = self._make_actions()
        self.banner = Banner()
        self.banner.setObjectName("schedule_banner")
        hint = QLabel(self.tr("Drag down a room's column to book · drag a session to move it · arrows move the "
                              "cursor, Shift+arrows select, Enter books · Ctrl+arrows move the selected session"))
        hint.setStyleSheet("color: #5f6368;")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.pager)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(actions)
        layout.addWidget(hint)
        self._update_actions()
        self.reload()

    def _make_view(self) -> QScrollArea:
        self.view = CalendarView()
        self.view.setObjectName("calendar")
        self.view.checker = self._check_move
        self.view.range_selected.connect(self.new_booking)
        self.view.booking_activated.connect(self.open_booking)
        self.view.booking_selected.connect(self._selected)
        self.view.move_requested.connect(self.move_booking)
        self.view.context_requested.connect(self._context_menu)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.view)
        self.pager = RoomPager(self, scroll.viewport())
        self.pager.turned.connect(self._rooms_turned)
        return scroll

    def _make_toolbar(self) -> QHBoxLayout:
        self.day_button = QPushButton(self.tr("Day"))
        self.week_button = QPushButton(self.tr("Week"))
        for b, keys in ((self.day_button, "Alt+D"), (self.week_button, "Alt+W")):
            b.setCheckable(True)
            b.setToolTip(with_keys(b.text(), keys))
        group = QButtonGroup(self)
        group.addButton(self.day_button)
        group.addButton(self.week_button)
        self.day_button.setChecked(True)
        self.day_button.clicked.connect(lambda: self.set_week(False))
        self.week_button.clicked.connect(lambda: self.set_week(True))
        shortcut(self, "Alt+D", lambda: self.set_week(False))
        shortcut(self, "Alt+W", lambda: self.set_week(True))
        prev = button(self, "◀", lambda: self.step(-1), "Alt+Left", self.tr("Earlier"))
        nxt = button(self, "▶", lambda: self.step(1), "Alt+Right", self.tr("Later"))
        for b in (prev, nxt):
            b.setFixedWidth(36)
        today = button(self, self.tr("&Today"), self.go_today, "Alt+Home")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.dateChanged.connect(lambda q: self.go(pydate(q)))
        self.title = QLabel()
        self.title.setObjectName("schedule_title")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        new = button(self, self.tr("&New booking…"), lambda: self.new_booking(None, None, None), "Ctrl+N")
        find = button(self, self.tr("Find a &slot…"), self.find_slot, "Ctrl+F",
                      self.tr("Book the earliest time that suits the room, the mediators and the parties"))
        self.print_button = button(self, self.tr("&Print room day…"), self.print_room_day, "Ctrl+P",
                                   self.tr("Print the day of the room under the cursor, to post on its door"))
        refresh = button(self, self.tr("Refresh"), self.reload, "F5")
        bar = QHBoxLayout()
        for w in (self.day_button, self.week_button, prev, today, nxt, self.date_edit, self.title):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (new, find, self.print_button, refresh):
            bar.addWidget(w)
        return bar

    def _make_actions(self) -> QHBoxLayout:
        """The selected booking and what can be done with it."""
        self.details = QLabel()
        self.details.setObjectName("booking_details")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.open_button = button(self, self.tr("&Open…"), lambda: self.open_booking(self.selected), "Ctrl+E",
                                  self.tr("Move or change the selected session"))
        self.confirm_button = button(self, self.tr("Confir&m"), self.confirm, "Ctrl+K")
        self.cancel_button = button(self, self.tr("&Cancel session…"), self.cancel, "Ctrl+Delete")
        self.noshow_button = button(self, self.tr("No-show"), self.no_show, "Ctrl+Shift+W")
        self.record_button = button(self, self.tr("&Record session…"), self.record, "Ctrl+R")
        self.case_button = button(self, self.tr("Open c&ase"), self.open_case, "Ctrl+O")
        actions = QHBoxLayout()
        actions.addWidget(self.details, 1)
        for b in (self.open_button, self.confirm_button, self.cancel_button, self.noshow_button,
                  self.record_button, self.case_button):
            actions.addWidget(b)
        return actions

    # ------------------------------------------------------------------ navigation
    def days_shown(self) -> tuple[list[dt.date], dict[dt.date, str]]:
        """The day, or the week's working days (Monday to Friday, plus a make-up Saturday or Sunday)."""
        if not self.week:
            days = [self.day]
        else:
            monday = self.day - dt.timedelta(days=self.day.weekday())
            days = [monday + dt.timedelta(days=i) for i in range(7)]
        rules = {}
        for year, month in {(d.year, d.month) for d in days}:
            for r in calendar.month_days(self.ctx.uow(), year=year, month=month):
                rules[r.day] = r
        if self.week:
            days = [d for d in days if d.weekday() < 5 or rules[d].is_workday]
        closed = {d: (rules[d].note or weekday(d)) for d in days if not rules[d].is_workday}
        return days, closed

    def set_week(self, week: bool) -> None:
        self.week = week
        (self.week_button if week else self.day_button).setChecked(True)
        self.reload()

    def step(self, n: int) -> None:
        self.go(self.day + dt.timedelta(days=7 * n if self.week else n))

    def go_today(self) -> None:
        self.go(self.ctx.clock.now().date())

    def go(self, day: dt.date) -> None:
        if day != self.day:
            self.day = day
            self.reload()

    def _rooms_turned(self, by_user: bool) -> None:
        if by_user:  # a session selected on the page left behind stays there
            self.selected = self.view.selected_id = None
        self.reload()

    def reload(self, keep_banner: bool = False) -> None:
        days, closed = self.days_shown()
        rooms = center.list_rooms(self.ctx.uow(), active_only=True)
        rooms, room_ids = self.pager.page(rooms, days=len(days), active=self.week,
                                          keep_room_id=self.selected.room_id if self.selected else None)
        bookings = scheduling.list_bookings(self.ctx.uow(), first_day=days[0], last_day=days[-1], room_ids=room_ids)
        info = center.get_center(self.ctx.uow())
        self.view.set_data(days=days, rooms=rooms, bookings=bookings, opens=info.opens_at, closes=info.closes_at,
                           closed=closed, now=self.ctx.clock.now(), week=self.week)
        if not keep_banner:
            self.view.highlight = set()
            self.banner.clear_message()
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(qdate(self.day))
        self.date_edit.blockSignals(False)
        if self.week:
            self.title.setText(self.tr("Week of %1 – %2").replace("%1", fmt_date(days[0])).replace(
                "%2", fmt_date(days[-1])))
        else:
            self.title.setText(f"{fmt_date(self.day)} {weekday(self.day)}" +
                               (f" · {closed[self.day]}" if self.day in closed else ""))
        if self.selected is not None:
            self.selected = next((b for b in bookings if b.id == self.selected.id), None)
            self.view.select_booking(self.selected.id if self.selected else None)
        self._update_actions()

    # ------------------------------------------------------------------ selection
    def _selected(self, booking) -> None:
        self.selected = booking
        self._update_actions()

    def _update_actions(self) -> None:
        b = self.selected
        now = self.ctx.clock.now()
        if b is None:
            self.details.setText(self.tr("No session selected."))
        else:
            self.details.setText(
                f"<b>{b.case_no}</b> {b.title} · {b.room_name} {fmt_hm(b.start)}–{fmt_hm(b.end)} · "
                + self.tr("Mediators: %1").replace("%1", "、".join(b.mediator_names)) + " · "
                + self.tr("Parties: %1").replace("%1", "、".join(b.party_names)))
        live = b is not None and b.state in ("tentative", "confirmed")
        self.open_button.setEnabled(live)
        self.confirm_button.setEnabled(b is not None and b.state == "tentative")
        self.cancel_button.setEnabled(live)
        self.noshow_button.setEnabled(b is not None and b.state == "confirmed" and b.start <= now)
        self.record_button.setEnabled(b is not None and b.state in ("confirmed", "held") and b.start <= now
                                      and not b.has_record)
        self.case_button.setEnabled(b is not None)

    # ------------------------------------------------------------------ booking
    def new_booking(self, room_id, start, end) -> None:
        dispute_id = None
        dialog = BookingDialog(self.ctx, self, dispute_id=dispute_id, room_id=room_id, start=start, end=end)
        if dialog.exec() and dialog.result_booking is not None:
            b = dialog.result_booking
            self.banner.ok(self.tr("Booked: %1 %2 %3–%4 in %5.").replace("%1", b.case_no).replace(
                "%2", fmt_date(b.start.date())).replace("%3", fmt_hm(b.start)).replace("%4", fmt_hm(b.end)).replace(
                "%5", b.room_name))
            self.selected = b
            self.go(b.start.date())
            self.reload(keep_banner=True)

    def open_booking(self, booking) -> None:
        if booking is None or booking.state not in ("tentative", "confirmed"):
            return
        dialog = BookingDialog(self.ctx, self, booking=booking)
        if dialog.exec() and dialog.result_booking is not None:
            self._moved(dialog.result_booking)

    def find_slot(self) -> None:
        from desktop.ui.schedule.booking import FindSlotDialog

        b = self.selected
        if b is None:
            self.new_booking(None, None, None)
            return
        dialog = FindSlotDialog(self.ctx, self, dispute_id=b.dispute_id, mediator_ids=b.mediator_ids,
                                party_ids=b.party_ids, room_id=None, minutes=int((b.end - b.start).seconds // 60))
        if dialog.exec() and dialog.chosen is not None:
            start, end, room_id = dialog.chosen
            dialog = BookingDialog(self.ctx, self, dispute_id=b.dispute_id, room_id=room_id, start=start, end=end)
            if dialog.exec() and dialog.result_booking is not None:
                self.selected = dialog.result_booking
                self.go(start.date())
                self.reload()

    def _check_move(self, booking, room_id, start, end):
        """For the calendar while dragging: is the new place free, and if not, why."""
        result = scheduling.check_booking(self.ctx.uow(), dispute_id=booking.dispute_id, room_id=room_id,
                                          start=start, end=end, mediator_ids=booking.mediator_ids,
                                          party_ids=booking.party_ids, exclude_booking_id=booking.id)
        lines = [busy_short(c) for c in result.conflicts]
        if result.problem is not None:
            lines += describe(result.problem).splitlines()
        if result.ok:
            lines = [self.tr("Free: drop to move the session here.")]
        else:
            lines.insert(0, self.tr("Cannot move here:"))
        return result.ok, lines, {c.booking_id for c in result.conflicts}

    def move_booking(self, booking, room_id: int, start: dt.datetime, end: dt.datetime) -> None:
        override = False
        while True:
            moved = ops.Op(self, self.ctx, lambda uow, o=override: scheduling.reschedule_booking(
                uow, booking_id=booking.id, room_id=room_id, start=start, end=end, version=booking.version,
                override_hours=o), area="schedule").failure(lambda _exc: None).run()
            exc = moved.error
            if isinstance(exc, (OutsideOpeningHours, ClosedDay)) and not override and \
                    can(self.ctx.actor.role, Permission.OVERRIDE_BOOKING_HOURS) and \
                    QMessageBox.question(self, self.tr("Outside opening hours"), describe(exc) + "\n\n" + self.tr(
                        "Move the session there anyway?")) == QMessageBox.StandardButton.Yes:
                override = True
                continue
            if exc is not None:
                self._not_moved(booking, exc)
                return
            self._moved(moved.value)
            return

    def _not_moved(self, booking, exc: Exception) -> None:
        self.reload(keep_banner=True)
        if isinstance(exc, BookingConflict):
            self.view.highlight = {c.booking_id for c in exc.conflicts}
            self.view.select_booking(booking.id)
        self.banner.error(self.tr("%1 was not moved.").replace("%1", booking.case_no) + " " + describe(exc))

    def _moved(self, b) -> None:
        self.selected = b
        if b.start.date() != self.day and not self.week:
            self.day = b.start.date()
        self.reload()
        self.banner.ok(self.tr("Moved: %1 now %2 %3–%4 in %5.").replace("%1", b.case_no).replace(
            "%2", fmt_date(b.start.date())).replace("%3", fmt_hm(b.start)).replace("%4", fmt_hm(b.end)).replace(
            "%5", b.room_name))

    def _change(self, fn, done: str) -> ops.Op:
        """The operation changing one booking; the banner says the outcome (``done`` on success)."""

        def changed(b) -> None:
            self.selected = b
            self.reload()
            self.banner.ok(done.replace("%1", b.case_no))

        return ops.Op(self, self.ctx, fn, area="schedule").success(changed).failure(self._refused)

    def _refused(self, exc: Exception) -> None:
        self.reload(keep_banner=True)
        if isinstance(exc, BookingConflict):
            self.view.highlight = {c.booking_id for c in exc.conflicts}
            self.view.update()
        self.banner.error(describe(exc))

    def confirm(self) -> None:
        if self.selected is not None:
            bid = self.selected.id
            self._change(lambda uow: scheduling.confirm_booking(uow, booking_id=bid),
                         self.tr("Confirmed: %1.")).run()

    def cancel(self) -> None:
        b = self.selected
        if b is None or b.state not in ("tentative", "confirmed"):
            return
        reason, ok = QInputDialog.getText(self, self.tr("Cancel session"), self.tr(
            "Why is the session of %1 on %2 %3 cancelled?").replace("%1", b.case_no).replace(
            "%2", fmt_date(b.start.date())).replace("%3", fmt_hm(b.start)))
        if ok:
            self._change(lambda uow: scheduling.cancel_booking(uow, booking_id=b.id, reason=reason),
                         self.tr("Cancelled: %1.")).run()

    def no_show(self) -> None:
        b = self.selected
        if b is not None:
            self._change(lambda uow: scheduling.mark_no_show(uow, booking_id=b.id),
                         self.tr("Marked as no-show: %1.")).run()

    def record(self) -> None:
        b = self.selected
        if b is None:
            return
        dispute = mediation.get_dispute(self.ctx.uow(), dispute_id=b.dispute_id)
        dialog = area_links.build(area_links.SESSION_RECORD, self.ctx, self, dispute=dispute, booking=b)
        if dialog.exec():
            self.reload()
            self.banner.ok(self.tr("Record saved: %1.").replace("%1", b.case_no))

    def open_case(self) -> None:
        b = self.selected
        if b is None:
            return
        window = self.window()
        if hasattr(window, "area_widget") and any(a.key == "mediation" for a in getattr(window, "areas", [])):
            keys = [a.key for a in window.areas]
            window.nav.setCurrentRow(keys.index("mediation"))
            window.area_widget("mediation").open_dispute(b.dispute_id)

    def _context_menu(self, booking, pos) -> None:
        menu = QMenu(self)
        for b in (self.open_button, self.confirm_button, self.cancel_button, self.noshow_button,
                  self.record_button, self.case_button):
            action = menu.addAction(b.text().replace("&", ""))
            action.setEnabled(b.isEnabled())
            action.triggered.connect(b.click)
        menu.exec(pos)

    # ------------------------------------------------------------------ printing
    def print_room_day(self) -> None:
        if not self.view.columns:
            return
        day, room = self.view.day_room(self.view.cursor[0])
        if not open_document(self, lambda: mediation_documents.room_schedule_pdf(self.ctx.uow(), room_id=room.id,
                                                                                  day=day),
                             mediation_documents.file_stem("room_day", room.name, day=day),
                             lambda exc: self.banner.error(describe(exc))):
            return
        self.banner.ok(self.tr("The day of %1 on %2 was opened for printing.").replace("%1", room.name).replace(
            "%2", fmt_date(day)))
