"""The call panel driven from the keyboard: F1 call, F7 visitor arrived, F5 finish with the record, the
rating step (keys 1–5), F6 pause, F4 transfer to a service without an open window, F2/F3 recall rules,
and the director's live view. SQLite only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QPushButton
from sqlalchemy import select

from desktop.models import RatingFollowUp, Ticket
from desktop.services import queue as q
from desktop.services.admin import accounts, center
from tests.conftest import sign_in

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def svc(ctx):
    return {s.letter: s.id for s in center.list_services(ctx.uow())}


@pytest.fixture
def clerk(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="yangfan", full_name="杨帆", role="clerk", password="pass1234",
                      window_no=11)
    return sign_in(admin_ctx, "yangfan", "pass1234")


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def panel(qtbot, clerk):
    from desktop.ui.queue.clerk_panel import ClerkPanel

    widget = ClerkPanel(clerk)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    yield widget
    widget.shutdown()


def key(qtbot, panel, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(panel.record, k, modifier)


def ticket_row(ctx, ticket_id):
    with ctx.uow() as uow:
        t = uow.session.get(Ticket, ticket_id)
        return t.status, t.record, t.rating


def test_keyboard_only_call_serve_finish_and_rate(qtbot, ctx, clerk, panel, svc):
    assert panel.status.state == "idle" and panel.number_label.text() == "—"
    first = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    key(qtbot, panel, Qt.Key.Key_F1)
    assert panel.number_label.text() == first.number
    assert panel.current().status == "called"
    assert panel.state_label.text() == "Calling"
    key(qtbot, panel, Qt.Key.Key_F7)
    assert panel.current().status == "serving"
    panel.record.insertPlainText("医保缴费咨询")  # (an input method types CJK; QTest sends ASCII keys only)
    key(qtbot, panel, Qt.Key.Key_F5)
    assert ticket_row(ctx, first.id)[:2] == ("finished", "医保缴费咨询")
    assert panel.record.toPlainText() == ""
    rating = panel.rating
    assert rating is not None and rating.isVisible()  # one screen: the rating dialog faces the clerk
    qtbot.keyClick(rating, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: panel.rating is None)
    assert ticket_row(ctx, first.id)[2] == "satisfied"
    assert "satisfied" in panel.message.text().lower()
    assert panel.number_label.text() == "—"
    assert panel.status.served_today == 1
    assert panel.model.rowCount() == 1  # G002 still waits


def test_bad_rating_tells_the_clerk_the_follow_up_deadline(qtbot, ctx, panel, svc):
    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    key(qtbot, panel, Qt.Key.Key_F1)
    key(qtbot, panel, Qt.Key.Key_F5)
    qtbot.keyClick(panel.rating, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: panel.rating is None)
    assert "2026-11-27" in panel.message.text()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(RatingFollowUp.ticket_id)) == t.id


def test_skipping_the_rating_leaves_the_ticket_unrated(qtbot, ctx, panel, svc):
    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    key(qtbot, panel, Qt.Key.Key_F1)
    key(qtbot, panel, Qt.Key.Key_F5)
    qtbot.keyClick(panel.rating, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.rating is None)
    assert ticket_row(ctx, t.id) == ("finished", "", None)


def test_pause_blocks_calling_and_resume_allows_it(qtbot, ctx, panel, svc, warnings):
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    key(qtbot, panel, Qt.Key.Key_F6)
    assert panel.status.state == "paused"
    assert not panel.actions["call"].isEnabled()
    panel.call_next()  # e.g. a stale button: the service refuses and the clerk is told
    assert warnings and "paused" in warnings[-1]
    key(qtbot, panel, Qt.Key.Key_F6)
    assert panel.status.state == "idle"
    key(qtbot, panel, Qt.Key.Key_F1)
    assert panel.number_label.text() == "G001"


def test_transfer_to_a_service_without_an_open_window_warns_the_clerk(qtbot, ctx, panel, svc, monkeypatch):
    from desktop.ui.queue import dialogs

    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    key(qtbot, panel, Qt.Key.Key_F1)
    chosen = {}

    def run(dialog):
        # choose J (心理疏导: nobody at window 15) from the keyboard-reachable list, to the front
        for i in range(dialog.services.count()):
            if dialog.services.item(i).data(Qt.ItemDataRole.UserRole).letter == "J":
                dialog.services.setCurrentRow(i)
        chosen["warning"] = dialog.warning.text()
        dialog.position_buttons["front"].setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.TransferDialog, "exec", run)
    key(qtbot, panel, Qt.Key.Key_F4)
    assert "J" not in chosen["warning"] and chosen["warning"]  # the dialog warned before transferring
    assert panel.current() is None
    assert "opens" in panel.message.text()
    with ctx.uow() as uow:
        moved = uow.session.get(Ticket, t.id)
        assert (moved.status, moved.service_id, moved.rank) == ("waiting", svc["J"], 0)


def test_clerk_without_a_window_is_told_and_cannot_call(qtbot, admin_ctx):
    from desktop.ui.queue.clerk_panel import ClerkPanel

    accounts.add_user(admin_ctx.uow(), username="nowin", full_name="无窗", role="clerk", password="pass1234")
    widget = ClerkPanel(sign_in(admin_ctx, "nowin", "pass1234"))
    qtbot.addWidget(widget)
    assert "No window is assigned" in widget.window_label.text()
    assert not any(a.isEnabled() for a in widget.actions.values())


def test_live_view_shows_windows_and_highlights_long_waits(qtbot, admin_ctx, ctx, clerk, svc):
    from desktop.ui.queue.live_view import ALERT, LiveQueueView

    q.issue_ticket(ctx.uow(), service_id=svc["J"])
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    q.sign_in_window(clerk.uow())
    ctx.clock.advance(minutes=31)
    accounts.add_user(admin_ctx.uow(), username="chen", full_name="陈立新", role="director", password="pass1234")
    view = LiveQueueView(sign_in(admin_ctx, "chen", "pass1234"))
    qtbot.addWidget(view)
    page = view.live
    rows = {s.letter: i for i, s in enumerate(page.services.rows)}
    colour = page.services.data(page.services.index(rows["J"], 0), Qt.ItemDataRole.BackgroundRole)
    assert colour is not None and colour.color().name() == ALERT
    windows = {w.number: w for w in page.windows.rows}
    assert (windows[11].state, windows[11].clerk_name, windows[15].state) == ("idle", "杨帆", "closed")
    assert "J" in page.summary.text()
    q.call_next(clerk.uow())
    page.refresh()
    assert {w.number: w for w in page.windows.rows}[11].ticket.number == "G001"


# ---------------------------------------------------------------- issue 14: what staff met on the floor

def test_the_rating_timeout_after_a_rating_never_rates_again_nor_pops_a_modal(qtbot, ctx, clerk, panel, svc,
                                                                              warnings):
    import shiboken6

    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    key(qtbot, panel, Qt.Key.Key_F1)
    key(qtbot, panel, Qt.Key.Key_F5)
    window = panel.rating
    qtbot.keyClick(window, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: panel.rating is None)
    key(qtbot, panel, Qt.Key.Key_F1)  # the next visitor; the clerk types their record
    panel.record.insertPlainText("低保")
    if shiboken6.isValid(window):  # the rated visitor's 90-second timer runs out in the middle of it
        window.timer.timeout.emit()
    qtbot.wait(20)
    assert warnings == [] and QApplication.activeModalWidget() is None
    assert panel.record.toPlainText() == "低保" and panel.focusWidget() is panel.record
    assert ticket_row(ctx, t.id)[2] == "satisfied"


def test_a_duplicate_rating_is_silent_and_recorded_once(qtbot, ctx, panel, svc, warnings):
    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    key(qtbot, panel, Qt.Key.Key_F1)
    key(qtbot, panel, Qt.Key.Key_F5)
    qtbot.keyClick(panel.rating, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: panel.rating is None)
    finished = q.TicketInfo(**{**t.__dict__, "status": "finished"})
    panel._rated(finished, "very_satisfied")  # a late duplicate of the same rating
    panel._rated(finished, "dissatisfied")    # or a different one: the first rating stands
    assert warnings == [] and QApplication.activeModalWidget() is None
    assert ticket_row(ctx, t.id)[2] == "very_satisfied"
    assert t.number in panel.message.text()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(RatingFollowUp.id)) is None


def test_rating_the_same_again_is_idempotent_in_the_service(ctx, clerk, svc):
    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    q.call_next(clerk.uow())
    q.finish_service(clerk.uow(), ticket_id=t.id)
    first = q.rate_service(clerk.uow(), ticket_id=t.id, rating="dissatisfied")
    again = q.rate_service(clerk.uow(), ticket_id=t.id, rating="dissatisfied")
    assert again == first and first.follow_up_id is not None
    with ctx.uow() as uow:
        assert len(uow.session.scalars(select(RatingFollowUp.id)).all()) == 1


def test_recall_and_no_show_are_enabled_only_when_they_can_succeed(qtbot, ctx, clerk, panel, svc, warnings):
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    key(qtbot, panel, Qt.Key.Key_F1)
    assert panel.current().status == "called"
    assert panel.state_label.text() == "Calling"  # not "Serving": nobody is at the window yet
    recall, no_show = panel.actions["recall"], panel.actions["no_show"]
    assert not recall.isEnabled() and not no_show.isEnabled()
    assert "30 s" in panel.ticket_state.text() and "30 s" in panel.findChild(QPushButton, "btn_recall").toolTip()
    key(qtbot, panel, Qt.Key.Key_F2)
    key(qtbot, panel, Qt.Key.Key_F3)
    assert warnings == [] and panel.current().call_count == 1
    clerk.clock.advance(seconds=12)
    panel._show_times()  # the panel's one-second tick
    assert "18 s" in panel.ticket_state.text() and not recall.isEnabled()
    for call in (2, 3):
        clerk.clock.advance(seconds=18)
        panel._show_times()
        assert recall.isEnabled() and not no_show.isEnabled()
        key(qtbot, panel, Qt.Key.Key_F2)
        assert panel.current().call_count == call and not recall.isEnabled()
        clerk.clock.advance(seconds=12)
    panel._show_times()
    assert not recall.isEnabled() and not no_show.isEnabled()  # the last call: give the visitor time
    clerk.clock.advance(seconds=18)
    panel._show_times()
    assert not recall.isEnabled() and no_show.isEnabled()
    assert "3" in panel.findChild(QPushButton, "btn_recall").toolTip()  # why recall is off: the most calls were made
    key(qtbot, panel, Qt.Key.Key_F3)
    assert panel.current() is None and warnings == []
    assert not recall.isEnabled() and not no_show.isEnabled()


def test_the_window_state_says_calling_then_serving(qtbot, ctx, panel, svc):
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    assert panel.state_label.text() == "Idle"
    key(qtbot, panel, Qt.Key.Key_F1)
    assert panel.state_label.text() == "Calling"
    key(qtbot, panel, Qt.Key.Key_F7)
    assert panel.state_label.text() == "Serving"


def _petition(clerk, ticket_id):
    from desktop.services import petitions as pt
    from desktop.services.people import PersonInput

    category = next(c.id for c in center.list_categories(clerk.uow(), active_only=True) if c.parent_id)
    return pt.register_petition(clerk.uow(), source="visit", category_id=category, content="邻居占用通道",
                                petitioners=[PersonInput(name="高梅", id_number="11010519491231002X")],
                                ticket_id=ticket_id)


def test_the_linked_case_shows_its_case_number_not_an_id(qtbot, ctx, clerk, panel, svc):
    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    key(qtbot, panel, Qt.Key.Key_F1)
    case = _petition(clerk, t.id)
    panel.refresh()
    text = panel.case_label.text()
    assert case.case_no in text and "petition" not in text and str(case.id) not in text.replace(case.case_no, "")


def test_the_petition_case_shows_the_ticket_number_not_its_id(qtbot, ctx, clerk, svc):
    from desktop.ui.petitions.case_view import CaseView

    for _ in range(3):  # the ticket's id differs from its number
        q.issue_ticket(ctx.uow(), service_id=svc["A"])
    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    q.call_next(clerk.uow())
    case = _petition(clerk, t.id)
    view = CaseView(clerk, None)
    qtbot.addWidget(view)
    view.set_case(case.id)
    assert "G001" in view.facts.text()


def _appointment_ticket(ctx, clerk, svc):
    import datetime as dt

    booked = q.book_appointment(clerk.uow(), service_id=svc["G"], day=clerk.clock.now().date(),
                                slot=dt.time(16, 0), visitor_name="高梅")
    return q.check_in_appointment(ctx.uow(), code=booked.code).ticket


@pytest.mark.parametrize("kind", ["petition", "dispute"])
def test_the_registration_dialogs_show_the_ticket_number_and_service(qtbot, ctx, clerk, panel, svc, monkeypatch,
                                                                      kind):
    from desktop.ui.mediation import register as mediation_register
    from desktop.ui.petitions import registration

    for _ in range(2):
        q.issue_ticket(ctx.uow(), service_id=svc["A"])
    t = _appointment_ticket(ctx, clerk, svc)
    key(qtbot, panel, Qt.Key.Key_F1)
    assert panel.current().number == t.number
    seen = {}

    def run(dialog):
        seen["texts"] = [w.text() for w in dialog.findChildren(QLabel)]
        seen["name"] = (dialog.name.text() if kind == "petition"
                        else dialog.rows[0].data.person.name)
        return QDialog.DialogCode.Rejected

    cls = registration.RegistrationDialog if kind == "petition" else mediation_register.RegistrationDialog
    monkeypatch.setattr(cls, "exec", run)
    key(qtbot, panel, Qt.Key.Key_P if kind == "petition" else Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    shown = [x for x in seen["texts"] if t.number in x]
    assert shown, seen["texts"]
    assert any(t.service_name in x for x in shown)
    assert not any("高梅" in x and t.number not in x and "ticket" in x.lower() for x in seen["texts"])
    assert seen["name"] == "高梅"


def test_every_action_names_its_key_and_the_record_keeps_the_focus(qtbot, ctx, panel, svc, monkeypatch):
    from desktop.ui.queue import dialogs

    for name, action in panel.actions.items():
        key_text = action.shortcut().toString()
        assert key_text and key_text in panel.findChild(QPushButton, f"btn_{name}").toolTip()
    assert panel.focusWidget() is panel.record
    assert panel.record.tabChangesFocus()
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    key(qtbot, panel, Qt.Key.Key_F1)
    assert panel.focusWidget() is panel.record
    monkeypatch.setattr(dialogs.TransferDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    key(qtbot, panel, Qt.Key.Key_F4)
    assert panel.focusWidget() is panel.record
    key(qtbot, panel, Qt.Key.Key_F7)
    key(qtbot, panel, Qt.Key.Key_F5)
    skip = panel.rating.findChild(QPushButton, "rate_skip")
    assert "Esc" in skip.toolTip()
    qtbot.keyClick(panel.rating, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: panel.rating is None)
    assert panel.focusWidget() is panel.record


def test_the_dialogs_name_their_keys(qtbot, ctx, clerk, panel, svc):
    from desktop.ui.queue.dialogs import AppointmentDialog, RequeueDialog, TransferDialog

    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    for dialog in (TransferDialog(clerk, t, panel), RequeueDialog(clerk, panel),
                   AppointmentDialog(clerk, center.list_services(clerk.uow()), panel)):
        qtbot.addWidget(dialog)
        tips = [b.toolTip() for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
        assert any("Enter" in tip for tip in tips) and any("Esc" in tip for tip in tips), tips


def test_a_repeat_visit_from_the_ticket_is_said_and_the_dialogs_do_not_pile_up(qtbot, ctx, clerk, panel, svc,
                                                                             monkeypatch):
    from desktop.ui.petitions import registration

    first = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    key(qtbot, panel, Qt.Key.Key_F1)
    case = _petition(clerk, first.id)
    key(qtbot, panel, Qt.Key.Key_F5)
    qtbot.keyClick(panel.rating, Qt.Key.Key_1)
    key(qtbot, panel, Qt.Key.Key_F1)  # the same petitioner again, with the next ticket

    def run(dialog):
        from desktop.services import petitions as pt

        dialog.repeat = pt.record_repeat_visit(clerk.uow(), case_id=case.id, source="visit", note="再次来访",
                                               ticket_id=dialog.ticket_id)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(registration.RegistrationDialog, "exec", run)
    for _ in range(2):
        key(qtbot, panel, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        assert case.case_no in panel.message.text()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not panel.findChildren(registration.RegistrationDialog)
