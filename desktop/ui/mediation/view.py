"""One dispute: its registration, sessions and records, agreement, and what follows it (judicial
confirmation, performance of each term, follow-up visits), with the actions that move it on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.services import mediation as mediation_documents
from desktop.services.permissions import Permission, can
from desktop.ui import area_links, ops, route_map
from desktop.ui.document_opening import open_document
from desktop.ui.documents import CaseFilePanel
from desktop.ui.form_widgets import Banner, button, current_data, fill, fit_rows
from desktop.ui.mediation.closing import ClosingDialog
from desktop.ui.mediation.view_forms import CloseDialog, FollowUpDialog, JudicialDialog, PerformanceDialog
from desktop.ui.mediation.view_tabs import DisputeTabs
from desktop.ui.mediation_labels import (
    AGREEMENT_FORMS,
    BOOKING_STATES,
    CLOCK_COLOURS,
    CLOCKS,
    DISPUTE_STATES,
    JUDICIAL,
    PARTY_KINDS,
    PERFORMANCE,
    REFERRAL_TARGETS,
    REP_KINDS,
    SATISFACTION,
    SIDES,
    SOURCES,
    VISIT_METHODS,
    fmt_date,
    fmt_dt,
    fmt_hm,
    label,
    weekday,
)
from desktop.ui.messages import describe

GENDER = {"M": "男", "F": "女"}


class DisputeView(DisputeTabs, QWidget):
    back_requested = Signal()
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.d = None
        self.after = None
        role = ctx.actor.role
        self.title = QLabel()
        self.title.setObjectName("dispute_title")
        self.title.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.badge = QLabel()
        self.badge.setObjectName("dispute_state")
        back = button(self, self.tr("◀ Bac&k"), self.back_requested.emit, "Alt+Left", self.tr("Back to the list"))
        self.edit_button = button(self, self.tr("&Edit registration…"), self.edit, "Ctrl+E")
        self.book_button = button(self, self.tr("&Book session…"), self.book, "Ctrl+B")
        self.book_button.setVisible(can(role, Permission.BOOK_ROOMS))
        self.record_button = button(self, self.tr("&Record session…"), self.record, "Ctrl+R")
        self.agreement_button = button(self, self.tr("A&greement…"), self.agreement, "Ctrl+G")
        self.agreement_button.setVisible(can(role, Permission.EDIT_AGREEMENTS))
        self.close_button = button(self, self.tr("&Close case…"), self.close_case, "Ctrl+Shift+C",
                                   self.tr("Mediation failed, terminated, or referred to another body"))
        self.print_button = button(self, self.tr("&Print registration form"), self.print_registration, "Ctrl+P")
        self.print_button.setVisible(can(role, Permission.REVEAL_PERSONAL_DATA))
        head = QHBoxLayout()
        head.addWidget(back)
        head.addWidget(self.title)
        head.addWidget(self.badge)
        head.addStretch(1)
        actions = QHBoxLayout()
        for b in (self.edit_button, self.book_button, self.record_button, self.agreement_button, self.close_button,
                  self.print_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.status = Banner()
        self.status.setObjectName("view_status")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dispute_tabs")
        self.tabs.addTab(self._case_tab(), self.tr("Case"))
        self.tabs.addTab(self._sessions_tab(), self.tr("Sessions and records"))
        self.tabs.addTab(self._after_tab(), self.tr("Agreement and after"))
        # the case file carries the full ID numbers of the registration form and agreement (archive copy)
        self.case_file = CaseFilePanel(ctx, "dispute", self)
        self.case_file.changed.connect(self.changed.emit)
        self.case_file_shown = role == "system" or can(role, Permission.REVEAL_PERSONAL_DATA)
        if self.case_file_shown:
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.addWidget(self.case_file)
            holder_layout.addStretch(1)
            self.tabs.addTab(holder, self.tr("Case file (卷宗)"))
        else:
            self.case_file.hide()
        self.route_map = route_map.RouteMap(ctx, self)
        if route_map.may_see(role):  # 一案一码: the matter's route, steps and deadlines
            self.tabs.addTab(self.route_map, route_map.title())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

    # ------------------------------------------------------------------ showing
    def set_dispute(self, dispute_id: int) -> None:
        self.d = mediation.get_dispute(self.ctx.uow(), dispute_id=dispute_id)
        self.after = agreements.after_agreement(self.ctx.uow(), dispute_id=dispute_id)
        d = self.d
        if self.case_file_shown:
            self.case_file.set_case(d.id)
        self.title.setText(f"{d.case_no}　{d.title}")
        colour = CLOCK_COLOURS.get(d.clock, "#e8eaed")
        state = label(DISPUTE_STATES, d.state)
        if self.after.current is not None:
            state += f"（{label(AGREEMENT_FORMS, self.after.current.form)}）"
        self.badge.setText(f"  {state}  ")
        self.badge.setStyleSheet(f"background: {colour}; border-radius: 4px; padding: 3px;")
        self._show_info(d)
        self.parties.setRowCount(0)
        fill(self.parties, [[label(SIDES, p.side), label(PARTY_KINDS, p.kind), p.name, GENDER.get(p.gender or "", ""),
                             fmt_date(p.birth_date), p.id_number_masked or p.org_code,
                             p.phone_masked, p.address or p.org_address,
                             (f"{p.rep_name}（{label(REP_KINDS, p.rep_kind)}）" if p.rep_name else
                              (self.tr("legal representative %1").replace("%1", p.org_legal_rep)
                               if p.org_legal_rep else ""))] for p in d.parties])
        fit_rows(self.parties, 2, 6)
        self.facts.setPlainText(d.facts)
        self.matters.setPlainText(d.matters)
        if d.state in ("failed", "terminated", "referred"):
            target = f"{label(REFERRAL_TARGETS, d.referred_to)} {d.referred_body}" if d.referred_to else ""
            self.outcome.setText(f"<b>{label(DISPUTE_STATES, d.state)}</b>　{fmt_date(d.closed_on)}　{target}<br>"
                                 f"{d.outcome_note}")
        else:
            self.outcome.setText("")
        fill(self.bookings, [[f"{fmt_date(b.start.date())}（{weekday(b.start.date())}）",
                              f"{fmt_hm(b.start)}–{fmt_hm(b.end)}", b.room_name,
                              label(BOOKING_STATES, b.state) + (f"：{b.cancel_reason}" if b.cancel_reason else ""),
                              "、".join(b.mediator_names), "、".join(b.party_names),
                              self.tr("yes") if b.has_record else ""] for b in d.bookings], list(d.bookings))
        fill(self.sessions, [[f"{fmt_dt(s.started_at)}–{fmt_hm(s.ended_at)}", s.place, s.mediator_names, s.recorder,
                              s.content.splitlines()[0] if s.content else ""] for s in d.sessions], list(d.sessions))
        self._show_after()
        if route_map.may_see(self.ctx.actor.role):
            self.route_map.show_case(dispute_id=d.id)
        open_ = d.state in ("registered", "scheduled", "in_mediation")
        self.edit_button.setEnabled(open_)
        self.book_button.setEnabled(open_)
        self.record_button.setEnabled(open_)
        self.close_button.setEnabled(open_)
        self.agreement_button.setEnabled(open_ or self.after.current is not None)

    def _show_info(self, d) -> None:
        """The registration details beside the facts: type, source, deadline, mediators, next session."""
        deadline = fmt_date(d.due_on) + "　" + label(CLOCKS, d.clock)
        if d.days_left is not None:
            deadline += self.tr(" (%1 days left)").replace("%1", str(d.days_left)) if d.days_left >= 0 else \
                self.tr(" (%1 days overdue)").replace("%1", str(-d.days_left))
        rows = [(self.tr("Type"), d.type_name),
                (self.tr("Source"), label(SOURCES, d.source) + (f"（{d.referred_by}）" if d.referred_by else "")),
                (self.tr("Registered"), f"{fmt_dt(d.registered_at)}　{d.registered_by_name}"),
                (self.tr("Deadline"), deadline),
                (self.tr("Mediators"), "、".join(m.name + (f"（{m.organisation}）" if m.organisation else "")
                                                for m in d.mediators) or self.tr("none assigned")),
                (self.tr("Village"), d.village or "—")]
        now = self.ctx.clock.now()
        upcoming = [b for b in d.bookings if b.state in ("tentative", "confirmed") and b.end > now]
        if upcoming:
            b = upcoming[0]
            rows.append((self.tr("Next session"), f"{fmt_date(b.start.date())}（{weekday(b.start.date())}）"
                         f"{fmt_hm(b.start)}–{fmt_hm(b.end)} {b.room_name}"))
        rows.append((self.tr("Sessions held"), self.tr("%1, with %2 records").replace(
            "%1", str(sum(1 for b in d.bookings if b.state == "held"))).replace("%2", str(len(d.sessions)))))
        self.info.setText("<table cellspacing=4>" + "".join(
            f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows) + "</table>")

    def _show_after(self) -> None:
        a, after = self.after.current, self.after
        agreed = a is not None
        if a is None:
            self.agreement_info.setText(self.tr("No agreement yet."))
        else:
            text = self.tr("%1, version %2, finalised %3").replace("%1", label(AGREEMENT_FORMS, a.form)).replace(
                "%2", str(a.version_no)).replace("%3", fmt_dt(a.finalised_at))
            text += "　" + (self.tr("signed %1").replace("%1", fmt_date(a.signed_on)) if a.signed_on
                           else self.tr("not signed yet"))
            if a.form == "oral":
                text += "<br>" + a.oral_content
            self.agreement_info.setText(text)
        today = self.ctx.clock.now().date()
        rows, backgrounds = [], []
        for t in (a.terms if a else ()):
            last = t.checks[0] if t.checks else None
            overdue = t.due_on is not None and t.due_on < today and (last is None or last.status != "performed")
            rows.append([str(t.seq), t.content, t.obligor, fmt_date(t.due_on),
                         label(PERFORMANCE, last.status) if last else self.tr("not checked"),
                         fmt_date(last.on_date) + (f"　{last.note}" if last and last.note else "") if last else ""])
            backgrounds.append({3: CLOCK_COLOURS["overdue"]} if overdue else {})
        fill(self.terms, rows, list(a.terms) if a else [], backgrounds)
        if a is None or a.form != "written":
            self.judicial_info.setText(self.tr("Only for a signed written agreement."))
        elif after.judicial_last_day is None:
            self.judicial_info.setText(self.tr("The window opens when the agreement is signed."))
        else:
            j = after.judicial
            left = (after.judicial_last_day - today).days
            text = self.tr("The parties may apply together until %1").replace("%1", fmt_date(after.judicial_last_day))
            text += self.tr(" (%1 days left)").replace("%1", str(left)) if left >= 0 else self.tr(" (closed)")
            if j is not None:
                text += "　" + label(JUDICIAL, j.status)
                if j.applied_on:
                    text += f"　{fmt_date(j.applied_on)} {j.court}"
            self.judicial_info.setText(text)
        fill(self.visits, [[fmt_date(v.visited_on), label(VISIT_METHODS, v.method), v.visitor, v.visited_party,
                            v.performance, label(SATISFACTION, v.satisfaction)] for v in after.follow_ups],
             list(after.follow_ups))
        self.performance_button.setEnabled(agreed and bool(a.terms))
        self.judicial_button.setEnabled(agreed and a.form == "written" and a.signed_on is not None)
        self.visit_button.setEnabled(agreed)

    def reload(self) -> None:
        if self.d is not None:
            self.set_dispute(self.d.id)

    def _done(self, text: str) -> None:
        self.reload()
        self.status.ok(text)
        self.changed.emit()

    # ------------------------------------------------------------------ actions
    def edit(self) -> None:
        from desktop.ui.mediation.register import RegistrationDialog

        dialog = RegistrationDialog(self.ctx, self, dispute=self.d)
        if dialog.exec():
            self._done(self.tr("Registration saved."))

    def book(self) -> None:
        dialog = area_links.build(area_links.BOOKING, self.ctx, self, dispute_id=self.d.id)
        if dialog.exec() and dialog.result_booking is not None:
            b = dialog.result_booking
            self._done(self.tr("Booked: %1 %2–%3 in %4.").replace("%1", fmt_date(b.start.date())).replace(
                "%2", fmt_hm(b.start)).replace("%3", fmt_hm(b.end)).replace("%4", b.room_name))

    def record(self) -> None:
        from desktop.ui.mediation.session import SessionDialog

        now = self.ctx.clock.now()
        booking = current_data(self.bookings) if self.tabs.currentIndex() == 1 else None
        if booking is None or booking.has_record or booking.state not in ("confirmed", "held") or booking.start > now:
            # the latest session that has begun and has no record yet
            booking = next((b for b in reversed(self.d.bookings) if b.state in ("confirmed", "held")
                            and not b.has_record and b.start <= now), None)
        dialog = SessionDialog(self.ctx, self, dispute=self.d, booking=booking)
        if dialog.exec():
            self._done(self.tr("Record saved."))

    def open_record(self) -> None:
        from desktop.ui.mediation.session import SessionDialog

        s = current_data(self.sessions)
        if s is not None:
            dialog = SessionDialog(self.ctx, self, dispute=self.d, session=s)
            if dialog.exec():
                self._done(self.tr("Record saved."))

    def print_record(self) -> None:
        s = current_data(self.sessions)
        if s is None:
            return
        open_document(self, lambda: mediation_documents.session_record_pdf(self.ctx.uow(), session_id=s.id),
                      mediation_documents.file_stem("record", self.d.case_no, day=s.started_at.date()),
                      lambda exc: self.status.error(describe(exc)))

    def agreement(self) -> None:
        from desktop.ui.mediation.agreement import AgreementEditor

        opened = ops.run(self, None, lambda: AgreementEditor(self.ctx, self, dispute=self.d),
                         failure=lambda exc: self.status.error(describe(exc)))
        if not opened.ok:
            return
        dialog = opened.value
        dialog.exec()
        self.reload()
        self.changed.emit()

    def close_case(self) -> None:
        dialog = CloseDialog(self)
        if not dialog.exec():
            return
        values = dialog.values()
        sessions = mediation.remaining_sessions(self.ctx.uow(), dispute_id=self.d.id)
        cancel_ids: list[int] = []
        if sessions:  # a closed case keeps no sessions: the mediator confirms they are cancelled with it
            closing = ClosingDialog(
                self, case_no=self.d.case_no, sessions=sessions, keep_allowed=False,
                what=self.tr("Case %1 is closed: %2.").replace("%1", self.d.case_no).replace(
                    "%2", label(DISPUTE_STATES, values["outcome"])),
                ok_text=self.tr("Cancel them and close the case"))
            if not closing.exec():
                return
            cancel_ids = closing.cancelled_ids()
        reason = self.tr("The case was closed: %1.").replace("%1", label(DISPUTE_STATES, values["outcome"]))
        result = ops.run(self, self.ctx, lambda uow: mediation.close_dispute(
            uow, dispute_id=self.d.id, cancel_booking_ids=cancel_ids, cancel_reason=reason, **values),
            failure=lambda exc: self.status.error(describe(exc)), area="mediation")
        if not result.ok:
            return
        text = self.tr("The case is closed.")
        if cancel_ids:
            text += " " + self.tr("%1 remaining sessions cancelled.").replace("%1", str(len(cancel_ids)))
        self._done(text)

    def print_registration(self) -> None:
        open_document(self, lambda: mediation_documents.registration_pdf(self.ctx.uow(), dispute_id=self.d.id),
                      mediation_documents.file_stem("registration", self.d.case_no),
                      lambda exc: self.status.error(describe(exc)))

    def record_performance(self) -> None:
        term = current_data(self.terms)
        if term is None and self.after.current and self.after.current.terms:
            term = self.after.current.terms[0]
        if term is None:
            return
        dialog = PerformanceDialog(self, term, self.ctx.clock.now().date())
        if not dialog.exec():
            return
        result = ops.run(self, self.ctx, lambda uow: agreements.record_performance(uow, term_id=term.id, **dialog.values()),
                         failure=lambda exc: self.status.error(describe(exc)), area="mediation")
        if not result.ok:
            return
        self._done(self.tr("Performance of term %1 recorded.").replace("%1", str(term.seq)))

    def record_judicial(self) -> None:
        dialog = JudicialDialog(self, self.ctx.clock.now().date())
        if not dialog.exec():
            return
        result = ops.run(self, self.ctx, lambda uow: agreements.record_judicial(uow, dispute_id=self.d.id, **dialog.values()),
                         failure=lambda exc: self.status.error(describe(exc)), area="mediation")
        if not result.ok:
            return
        self._done(self.tr("Judicial confirmation recorded."))

    def add_visit(self) -> None:
        dialog = FollowUpDialog(self, self.d, self.ctx.clock.now().date(), self.ctx.actor.full_name)
        if not dialog.exec():
            return
        result = ops.run(self, self.ctx, lambda uow: agreements.record_follow_up(uow, dispute_id=self.d.id, **dialog.values()),
                         failure=lambda exc: self.status.error(describe(exc)), area="mediation")
        if not result.ok:
            return
        self._done(self.tr("Follow-up visit recorded."))

    def print_visit(self) -> None:
        v = current_data(self.visits)
        if v is None:
            return
        open_document(self, lambda: mediation_documents.follow_up_pdf(self.ctx.uow(), visit_id=v.id),
                      mediation_documents.file_stem("visit", self.d.case_no, day=v.visited_on),
                      lambda exc: self.status.error(describe(exc)))
