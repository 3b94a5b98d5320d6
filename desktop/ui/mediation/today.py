"""A mediator's own day: today's sessions, and the reminders (deadlines, agreement terms due, judicial
confirmation windows closing, follow-up visits due); and the list of open judicial-confirmation windows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.ui import ops
from desktop.ui.form_widgets import Banner, button, current_data, fill, table
from desktop.ui.mediation_labels import (
    BOOKING_STATES,
    CLOCK_COLOURS,
    JUDICIAL,
    PERFORMANCE,
    REMINDER_KINDS,
    fmt_date,
    fmt_hm,
    label,
    weekday,
)
from desktop.ui.messages import describe


def days_left_text(days_left: int | None) -> str:
    """「还剩 3 天」, 「今天到期」, 「已超期 13 天」: never a negative number of days left."""
    if days_left is None:
        return ""
    if days_left < 0:
        return QCoreApplication.translate("TodayPanel", "%1 days overdue").replace("%1", str(-days_left))
    if days_left == 0:
        return QCoreApplication.translate("TodayPanel", "due today")
    return QCoreApplication.translate("TodayPanel", "%1 days left").replace("%1", str(days_left))


def _colour(days_left: int | None) -> str | None:
    if days_left is None:
        return None
    if days_left < 0:
        return CLOCK_COLOURS["overdue"]
    if days_left == 0:
        return CLOCK_COLOURS["today"]
    return CLOCK_COLOURS["soon"] if days_left <= 5 else None


class TodayPanel(QWidget):
    open_requested = Signal(int)  # dispute id

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.view = None
        self.heading = QLabel()
        self.heading.setObjectName("today_heading")
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.who = QComboBox()
        self.who.setObjectName("today_mediator")
        self.who.addItem(self.tr("My day"), None)
        for m in mediation.list_mediators(ctx.uow()):
            self.who.addItem(m.name + (f"（{m.organisation}）" if m.organisation else ""), m.id)
        self.who.currentIndexChanged.connect(lambda _i: self.reload())
        self.sessions = table([self.tr("Time"), self.tr("Room"), self.tr("Case"), self.tr("Subject"),
                               self.tr("Parties"), self.tr("State")], stretch=3)
        self.sessions.setObjectName("today_sessions")
        self.sessions.doubleClicked.connect(lambda _i: self._open(self.sessions))
        self.reminders = table([self.tr("Reminder"), self.tr("Case"), self.tr("Subject"), self.tr("What"),
                                self.tr("Due"), self.tr("Time left")], stretch=3)
        self.reminders.setObjectName("today_reminders")
        self.reminders.doubleClicked.connect(lambda _i: self._open(self.reminders))
        self.status = Banner()
        record = button(self, self.tr("&Record session…"), self.record, "Ctrl+R")
        open_ = button(self, self.tr("&Open case"), lambda: self._open(self._focused()), "Ctrl+O")
        refresh = button(self, self.tr("Refresh"), self.reload, "F5")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.who)
        top.addWidget(record)
        top.addWidget(open_)
        top.addWidget(refresh)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(self.tr("<b>Today's sessions</b>")))
        lv.addWidget(self.sessions)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel(self.tr("<b>Needs attention</b>")))
        rv.addWidget(self.reminders)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([300, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        if ctx.actor.role != "mediator":
            self.who.setCurrentIndex(1 if self.who.count() > 1 else 0)
        self.reload()

    def reload(self) -> None:
        outcome = ops.run(self, self.ctx, lambda uow: mediation.mediator_today(uow, mediator_id=self.who.currentData()),
                          failure=lambda exc: self.status.error(describe(exc)))
        if not outcome.ok:
            return
        self.view = outcome.value
        v = self.view
        day = f"{fmt_date(v.day)} {weekday(v.day)}"
        if v.mediator is None:
            self.heading.setText(self.tr("Today, %1 — you are not on the mediator roster").replace("%1", day))
        else:
            self.heading.setText(self.tr("Today, %1 — %2: %3 sessions, %4 open cases, %5 reminders").replace(
                "%1", day).replace("%2", v.mediator.name).replace("%3", str(len(v.sessions))).replace(
                "%4", str(v.open_disputes)).replace("%5", str(len(v.reminders))))
        now = self.ctx.clock.now()
        rows, backgrounds = [], []
        for b in v.sessions:
            rows.append([f"{fmt_hm(b.start)}–{fmt_hm(b.end)}", b.room_name, b.case_no, b.title,
                         "、".join(b.party_names), label(BOOKING_STATES, b.state)])
            backgrounds.append({0: "#fff2cc"} if b.start <= now < b.end else {})
        fill(self.sessions, rows, [b.dispute_id for b in v.sessions], backgrounds)
        rows, backgrounds = [], []
        for r in v.reminders:
            what = ""
            if r.kind == "deadline":
                what = self.tr("Conclude the mediation by %1, or close it").replace("%1", fmt_date(r.due_on))
            elif r.kind == "follow_up":
                what = self.tr("Visit the parties: is the agreement performed, are they satisfied")
            elif r.kind == "term_due":
                what = f"{r.detail['seq']}．{r.detail['content']}"
                if r.detail.get("status"):
                    what += f"（{label(PERFORMANCE, r.detail['status'])}）"
            elif r.kind == "judicial":
                what = self.tr("signed %1").replace("%1", fmt_date(r.detail.get("signed_on")))
                if r.detail.get("status"):
                    what += f"，{label(JUDICIAL, r.detail['status'])}"
            rows.append([label(REMINDER_KINDS, r.kind), r.case_no, r.title, what, fmt_date(r.due_on),
                         days_left_text(r.days_left)])
            backgrounds.append({4: c, 5: c} if (c := _colour(r.days_left)) else {})
        fill(self.reminders, rows, [r.dispute_id for r in v.reminders], backgrounds)
        for t in (self.sessions, self.reminders):
            t.resizeColumnToContents(0)

    def _focused(self):
        return self.reminders if self.reminders.hasFocus() else self.sessions

    def _open(self, t) -> None:
        dispute_id = current_data(t)
        if dispute_id is not None:
            self.open_requested.emit(dispute_id)

    def record(self) -> None:
        from desktop.ui.mediation.session import SessionDialog

        row = self.sessions.currentRow()
        if self.view is None or not 0 <= row < len(self.view.sessions):
            return
        b = self.view.sessions[row]
        dispute = mediation.get_dispute(self.ctx.uow(), dispute_id=b.dispute_id)
        dialog = SessionDialog(self.ctx, self, dispute=dispute, booking=b if not b.has_record else None)
        if dialog.exec():
            self.reload()
            self.status.ok(self.tr("Record saved."))


class JudicialPanel(QWidget):
    """Every judicial-confirmation window still open, the closest first."""

    open_requested = Signal(int)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows = []
        self.list = table([self.tr("Case"), self.tr("Subject"), self.tr("Parties"), self.tr("Signed"),
                           self.tr("Last day"), self.tr("Time left"), self.tr("Status")], stretch=2)
        self.list.setObjectName("judicial")
        self.list.doubleClicked.connect(lambda _i: self._open())
        self.status = Banner()
        reminded = button(self, self.tr("Parties &reminded today"), lambda: self._record("reminded"), "Ctrl+Shift+R")
        declined = button(self, self.tr("Parties &declined"), lambda: self._record("declined"))
        open_ = button(self, self.tr("&Open case"), self._open, "Ctrl+O")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("The parties may jointly apply to the court within 30 days of the agreement "
                                     "taking effect. Tell them in time.")), 1)
        bar.addWidget(reminded)
        bar.addWidget(declined)
        bar.addWidget(open_)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.reload()

    def reload(self) -> None:
        outcome = ops.run(self, self.ctx, lambda uow: agreements.judicial_reminders(uow),
                          failure=lambda exc: self.status.error(describe(exc)))
        if not outcome.ok:
            return
        self.rows = outcome.value
        fill(self.list, [[r.case_no, r.title, r.party_names, fmt_date(r.signed_on), fmt_date(r.last_day),
                          days_left_text(r.days_left), label(JUDICIAL, r.status) if r.status else
                          self.tr("not told yet")]
                         for r in self.rows], list(self.rows),
             [{4: c, 5: c} if (c := _colour(r.days_left - 5 if r.days_left > 0 else r.days_left)) else {}
              for r in self.rows])

    def _open(self) -> None:
        r = current_data(self.list)
        if r is not None:
            self.open_requested.emit(r.dispute_id)

    def _record(self, status: str) -> None:
        r = current_data(self.list)
        if r is None:
            return
        outcome = ops.run(self, self.ctx, lambda uow: agreements.record_judicial(uow, dispute_id=r.dispute_id, status=status,
                                                                                 on_date=self.ctx.clock.now().date()),
                          failure=lambda exc: self.status.error(describe(exc)), area="mediation")
        if not outcome.ok:
            return
        self.reload()
        self.status.ok(self.tr("%1: %2.").replace("%1", r.case_no).replace("%2", label(JUDICIAL, status)))
