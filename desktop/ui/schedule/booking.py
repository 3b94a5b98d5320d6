"""Booking a session (or moving one) in a dialog, with a live check of the room, the mediators and the
parties; and "find a slot": the earliest free times in the next working days."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from desktop.services import mediation
from desktop.services import mediation as scheduling
from desktop.services.admin import center
from desktop.services.mediation import DisputeFilter
from desktop.services.permissions import Permission, can
from desktop.ui import ops
from desktop.ui.booking_conflicts import busy_lines
from desktop.ui.form_widgets import (
    Banner,
    add_check,
    buddy,
    button,
    check_list,
    checked,
    current_data,
    fill,
    set_time,
    shortcut,
    table,
    time_combo,
    with_keys,
)
from desktop.ui.mediation_labels import fmt_date, fmt_hm, pydate, qdate, weekday
from desktop.ui.messages import describe

OPEN_STATES = ("registered", "scheduled", "in_mediation")


class BookingDialog(QDialog):
    """New booking (``booking`` None) or moving an existing one (room, day and times only)."""

    def __init__(self, ctx, parent=None, *, dispute_id: int | None = None, room_id: int | None = None,
                 start: dt.datetime | None = None, end: dt.datetime | None = None, booking=None):
        super().__init__(parent)
        self.ctx = ctx
        self.booking = booking
        self.result_booking = None
        self.dispute = None
        self.setWindowTitle(self.tr("Move a session") if booking else self.tr("Book a session"))
        self.setMinimumWidth(640)
        self._make_inputs(ctx)
        form = self._make_form(booking)
        buttons = self._make_buttons(booking)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._make_timers()
        self._start(ctx, dispute_id, room_id, start, end, booking)

    def _make_inputs(self, ctx) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("dispute_search")
        self.search.setPlaceholderText(self.tr("Case number, party or subject"))
        self.disputes = QComboBox()
        self.disputes.setObjectName("dispute")
        self.room = QComboBox()
        self.room.setObjectName("room")
        for r in center.list_rooms(ctx.uow(), active_only=True):
            self.room.addItem(r.name, r.id)
        self.day = QDateEdit()
        self.day.setObjectName("booking_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd ddd")
        self.start = time_combo()
        self.start.setObjectName("start")
        self.end = time_combo()
        self.end.setObjectName("end")
        self.mediators = check_list()
        self.mediators.setObjectName("mediators")
        self.parties = check_list()
        self.parties.setObjectName("parties")
        self.public = QCheckBox(self.tr("Public mediation"))
        self.tentative = QCheckBox(self.tr("Tentative (does not occupy the room yet)"))
        self.override = QCheckBox(self.tr("Book outside opening hours or on a day off"))
        self.override.setObjectName("override")
        self.override.setVisible(can(ctx.actor.role, Permission.OVERRIDE_BOOKING_HOURS))
        self.note = QLineEdit()
        self.status = Banner()
        self.status.setObjectName("check")

    def _make_form(self, booking) -> QFormLayout:
        form = QFormLayout()
        if booking is None:
            form.addRow(self.tr("&Find case:"), self.search)
            form.addRow(self.tr("&Case:"), self.disputes)
        else:
            form.addRow(self.tr("Case:"), QLabel(f"{booking.case_no}  {booking.title}"))
        form.addRow(self.tr("&Room:"), self.room)
        times = QHBoxLayout()
        times.addWidget(self.day)
        times.addWidget(buddy(self.tr("fro&m"), self.start))  # type 16:00 in the list to pick it
        times.addWidget(self.start)
        times.addWidget(buddy(self.tr("&to"), self.end))
        times.addWidget(self.end)
        times.addStretch(1)
        form.addRow(buddy(self.tr("&Day and time:"), self.day), times)
        people = QGridLayout()
        people.addWidget(QLabel(self.tr("Mediators:")), 0, 0)
        people.addWidget(QLabel(self.tr("Parties attending:")), 0, 1)
        people.addWidget(self.mediators, 1, 0)
        people.addWidget(self.parties, 1, 1)
        if booking is None:
            form.addRow(people)
            form.addRow("", self.public)
            form.addRow("", self.tentative)
            form.addRow(self.tr("Note:"), self.note)
        form.addRow("", self.override)
        return form

    def _make_buttons(self, booking) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Move") if booking else self.tr("Book"))
        ok.setToolTip(with_keys(ok.text(), "Ctrl+Return"))
        ok.setObjectName("book")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.find_button = button(self, self.tr("Find a &slot…"), self.find_slot, "Ctrl+F",
                                  self.tr("The earliest times when the room, the mediators and the parties are free"))
        buttons.addButton(self.find_button, QDialogButtonBox.ButtonRole.ActionRole)
        shortcut(self, "Ctrl+Return", self.save)
        return buttons

    def _make_timers(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.check)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._search)

    def _start(self, ctx, dispute_id, room_id, start, end, booking) -> None:
        """The initial values, then the signals, then the first check."""
        now = ctx.clock.now()
        if booking is not None:
            room_id, start, end = booking.room_id, booking.start, booking.end
        start = start or (now + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        end = end or start + dt.timedelta(hours=1)
        if room_id is not None:
            self.room.setCurrentIndex(max(0, self.room.findData(room_id)))
        self.day.setDate(qdate(start.date()))
        set_time(self.start, start.time())
        set_time(self.end, end.time())
        for w in (self.room, self.start, self.end):
            w.currentIndexChanged.connect(self._changed)
        self.day.dateChanged.connect(self._changed)
        self.mediators.itemChanged.connect(self._changed)
        self.parties.itemChanged.connect(self._changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.disputes.currentIndexChanged.connect(self._dispute_changed)
        if booking is None:
            self._search(select=dispute_id)
            # from a case the case is chosen: start at the day (type 20261207, Tab to the times)
            (self.day if dispute_id is not None else self.search).setFocus()
        else:
            self._load_dispute(booking.dispute_id)
        self.check()

    # ------------------------------------------------------------------ inputs
    def _search(self, select: int | None = None) -> None:
        text = self.search.text().strip()
        rows = mediation.list_disputes(self.ctx.uow(), where=DisputeFilter(text=text, states=OPEN_STATES), limit=40)
        if select is not None and all(r.id != select for r in rows):
            d = mediation.get_dispute(self.ctx.uow(), dispute_id=select)
            rows.insert(0, d)
        self.disputes.blockSignals(True)
        self.disputes.clear()
        for r in rows:
            names = getattr(r, "party_names", "") or "、".join(p.name for p in getattr(r, "parties", ()))
            self.disputes.addItem(f"{r.case_no}  {r.title}  （{names}）", r.id)
        self.disputes.blockSignals(False)
        if select is not None:
            self.disputes.setCurrentIndex(max(0, self.disputes.findData(select)))
        self._dispute_changed()

    def _dispute_changed(self) -> None:
        dispute_id = self.disputes.currentData()
        if dispute_id is None:
            self.dispute = None
            self.mediators.clear()
            self.parties.clear()
            self._changed()
            return
        self._load_dispute(dispute_id)

    def _load_dispute(self, dispute_id: int) -> None:
        self.dispute = mediation.get_dispute(self.ctx.uow(), dispute_id=dispute_id)
        mine = {m.id for m in self.dispute.mediators}
        if self.booking is not None:
            mine = set(self.booking.mediator_ids)
        self.mediators.blockSignals(True)
        self.parties.blockSignals(True)
        self.mediators.clear()
        self.parties.clear()
        roster = mediation.list_mediators(self.ctx.uow())
        for m in sorted(roster, key=lambda m: (m.id not in mine, m.name)):
            text = m.name + (f"（{m.organisation}）" if m.organisation else "")
            add_check(self.mediators, text, m.id, m.id in mine)
        attending = set(self.booking.party_ids) if self.booking else {p.id for p in self.dispute.parties}
        for p in self.dispute.parties:
            add_check(self.parties, p.name, p.id, p.id in attending)
        self.mediators.blockSignals(False)
        self.parties.blockSignals(False)
        self._changed()

    def values(self) -> tuple[int, dt.datetime, dt.datetime]:
        day = pydate(self.day.date())
        return (self.room.currentData(), dt.datetime.combine(day, self.start.currentData()),
                dt.datetime.combine(day, self.end.currentData()))

    def _changed(self, *_args) -> None:
        self._timer.start()

    # ------------------------------------------------------------------ the live check
    def check(self) -> None:
        if self.dispute is None:
            self.status.info(self.tr("Choose the case to book a session for."))
            return
        room_id, start, end = self.values()
        result = scheduling.check_booking(
            self.ctx.uow(), dispute_id=self.dispute.id, room_id=room_id, start=start, end=end,
            mediator_ids=checked(self.mediators), party_ids=checked(self.parties),
            exclude_booking_id=self.booking.id if self.booking else None)
        lines = busy_lines(result.conflicts)
        if result.problem is not None:
            lines.append(describe(result.problem))
        if result.ok:
            self.status.ok(self.tr("%1, %2–%3: the room, the mediators and the parties are free.").replace(
                "%1", f"{fmt_date(start.date())}（{weekday(start.date())}）").replace("%2", fmt_hm(start)).replace(
                "%3", fmt_hm(end)))
        else:
            self.status.error("\n".join(lines))

    # ------------------------------------------------------------------ actions
    def find_slot(self) -> None:
        if self.dispute is None:
            return
        room_id, start, end = self.values()
        dialog = FindSlotDialog(self.ctx, self, dispute_id=self.dispute.id, mediator_ids=checked(self.mediators),
                                party_ids=checked(self.parties), room_id=room_id,
                                minutes=int((end - start).total_seconds() // 60) if end > start else 60,
                                exclude_booking_id=self.booking.id if self.booking else None)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
            slot_start, slot_end, chosen_room = dialog.chosen
            self.room.setCurrentIndex(max(0, self.room.findData(chosen_room)))
            self.day.setDate(qdate(slot_start.date()))
            set_time(self.start, slot_start.time())
            set_time(self.end, slot_end.time())
            self.check()

    def save(self) -> None:
        if self.dispute is None:
            self.status.error(self.tr("Choose the case to book a session for."))
            return
        room_id, start, end = self.values()
        if self.booking is None:
            def save(uow):
                return scheduling.book_room(
                    uow, dispute_id=self.dispute.id, room_id=room_id, start=start, end=end,
                    mediator_ids=checked(self.mediators), party_ids=checked(self.parties),
                    public=self.public.isChecked(), tentative=self.tentative.isChecked(),
                    note=self.note.text(), override_hours=self.override.isChecked())
        else:
            def save(uow):
                return scheduling.reschedule_booking(
                    uow, booking_id=self.booking.id, room_id=room_id, start=start, end=end,
                    version=self.booking.version, override_hours=self.override.isChecked())
        saved = ops.run(self, self.ctx, save, area="schedule", failure=lambda exc: self.status.error(describe(exc)))
        if not saved.ok:
            return
        self.result_booking = saved.value
        self.accept()


class FindSlotDialog(QDialog):
    """The earliest free times; Enter or a double-click takes one."""

    def __init__(self, ctx, parent=None, *, dispute_id: int, mediator_ids, party_ids, room_id: int | None,
                 minutes: int = 60, exclude_booking_id: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.args = dict(dispute_id=dispute_id, mediator_ids=list(mediator_ids), party_ids=list(party_ids),
                         exclude_booking_id=exclude_booking_id)
        self.chosen: tuple[dt.datetime, dt.datetime, int] | None = None
        self.options: list = []
        self.setWindowTitle(self.tr("Find a slot"))
        self.resize(620, 420)
        self.minutes = QSpinBox()
        self.minutes.setRange(15, 480)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(max(15, min(480, minutes)))
        self.minutes.setSuffix(self.tr(" min"))
        self.room = QComboBox()
        self.room.addItem(self.tr("Any room"), None)
        for r in center.list_rooms(ctx.uow(), active_only=True):
            self.room.addItem(r.name, r.id)
        self.room.setCurrentIndex(max(0, self.room.findData(room_id)) if room_id is not None else 0)
        self.days = QSpinBox()
        self.days.setRange(1, 30)
        self.days.setValue(5)
        self.days.setSuffix(self.tr(" working days"))
        self.results = table([self.tr("Day"), self.tr("Time"), self.tr("Free rooms")], stretch=2)
        self.results.setObjectName("slots")
        self.results.doubleClicked.connect(lambda _i: self.take())
        self.status = Banner()
        form = QHBoxLayout()
        for text, w in ((self.tr("Duration:"), self.minutes), (self.tr("Room:"), self.room),
                        (self.tr("Within:"), self.days)):
            form.addWidget(QLabel(text))
            form.addWidget(w)
        form.addStretch(1)
        search = button(self, self.tr("&Search"), self.run, "Ctrl+R")
        form.addWidget(search)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Take this time"))
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.results)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for w in (self.minutes, self.days):
            w.valueChanged.connect(lambda _v: self.run())
        self.room.currentIndexChanged.connect(lambda _i: self.run())
        self.run()
        self.results.setFocus()

    def run(self) -> None:
        found = ops.run(self, self.ctx, lambda uow: scheduling.find_slots(
            uow, duration=dt.timedelta(minutes=self.minutes.value()), room_id=self.room.currentData(),
            days=self.days.value(), limit=20, **self.args), failure=lambda exc: self.status.error(describe(exc)))
        self.options = found.value if found.ok else []
        rows = [[f"{fmt_date(o.start.date())}（{weekday(o.start.date())}）", f"{fmt_hm(o.start)}–{fmt_hm(o.end)}",
                 "、".join(o.room_names)] for o in self.options]
        fill(self.results, rows, list(range(len(self.options))))
        if self.options:
            self.results.selectRow(0)
            self.status.clear_message()
        elif not self.status.text():
            self.status.info(self.tr("No free time in these working days. Try more days or another room."))

    def take(self) -> None:
        index = current_data(self.results)
        if index is None:
            return
        o = self.options[index]
        room = self.room.currentData()
        self.chosen = (o.start, o.end, room if room in o.room_ids else o.room_ids[0])
        self.accept()
