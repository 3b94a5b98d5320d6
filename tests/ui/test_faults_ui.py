"""Faults as the user sees them.

- The clerk panel, when its PostgreSQL server stops, shows the short "reconnecting" notice, keeps the
  typed service record, holds the actions, reconnects in the background when the server is back and
  reloads the window's real state. When the outcome of a call is unknown, it shows the ticket really held
  at the window instead of calling again.
- The petition registration, the dispute registration and the booking dialog, refused by a full disk
  (genuine SQLITE_FULL) or a read-only database, stay open with every field intact, say what happened,
  and save once the condition clears.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from desktop.models import Booking, Dispute, Petition, QueueEvent, Ticket
from desktop.services import queue as q
from desktop.services.admin import accounts, center
from desktop.services.errors import DatabaseUnavailable
from tests.conftest import ADMIN_PASSWORD, NOW, sign_in
from tests.integration.test_petition_helpers import id_number
from tests.integration.test_storage_faults import cap_sqlite_file, make_sqlite_read_only
from tests.mediation_support import MONDAY, PASSWORD, applicant, at, register, respondent, setup_mediation
from tests.pg import PgServer, find_bindir

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _count(ctx, model) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def _panel(qtbot, clerk):
    from desktop.ui.queue.clerk_panel import ClerkPanel

    panel = ClerkPanel(clerk)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    return panel


# ---------------------------------------------------------------- the clerk panel

@pytest.mark.postgres
def test_clerk_panel_rides_out_a_stopped_server_and_reloads_the_real_state(qtbot, tmp_path):
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: install the postgresql package")
    from desktop import migrations
    from desktop.clock import FixedClock
    from desktop.db import Database
    from desktop.services.context import open_database

    server = PgServer(bindir).start()  # a server of its own: the shared one keeps running for other tests
    panel = ctx = None
    try:
        url = server.create_database("clerk")
        db = Database(url)
        migrations.upgrade(db)
        db.dispose()
        ctx = open_database(url, clock=FixedClock(NOW))
        center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                            admin_full_name="系统管理员", admin_password=ADMIN_PASSWORD)
        admin = sign_in(ctx, "admin", ADMIN_PASSWORD)
        accounts.add_user(admin.uow(), username="yangfan", full_name="杨帆", role="clerk", password="pass1234",
                          window_no=11)
        clerk = sign_in(ctx, "yangfan", "pass1234")
        service = next(s.id for s in center.list_services(ctx.uow()) if s.letter == "G")
        ticket = q.issue_ticket(ctx.uow(), service_id=service).ticket
        panel = _panel(qtbot, clerk)
        panel.poller.retry_ms = 300
        qtbot.keyClick(panel.record, Qt.Key.Key_F1)
        assert panel.number_label.text() == ticket.number
        panel.record.setPlainText("医保缴费咨询")

        server.halt()
        qtbot.keyClick(panel.record, Qt.Key.Key_F5)  # finishing fails: the server is gone
        assert panel.offline_label.isVisible()
        assert panel.offline_label.text() == "Database unreachable — reconnecting…"
        assert panel.message.text().startswith("Not saved")
        assert panel.record.toPlainText() == "医保缴费咨询"  # the typed record is kept
        assert not panel.actions["finish"].isEnabled() and not panel.actions["call"].isEnabled()

        server.resume()
        qtbot.waitUntil(lambda: not panel.offline_label.isVisible(), timeout=20_000)
        assert panel.message.text().startswith("The connection is back")
        assert panel.current().id == ticket.id and panel.current().status == "called"  # not finished
        assert panel.actions["finish"].isEnabled()
        qtbot.keyClick(panel.record, Qt.Key.Key_F5)
        with ctx.uow() as uow:
            assert uow.session.get(Ticket, ticket.id).status == "finished"
            assert uow.session.get(Ticket, ticket.id).record == "医保缴费咨询"
    finally:
        if panel is not None:
            panel.shutdown()
        if ctx is not None:
            ctx.close()
        server.stop()


@sqlite_only
def test_an_unknown_call_outcome_shows_the_ticket_really_called_instead_of_calling_again(
        qtbot, admin_ctx, ctx, monkeypatch):
    accounts.add_user(admin_ctx.uow(), username="yangfan", full_name="杨帆", role="clerk", password="pass1234",
                      window_no=11)
    clerk = sign_in(admin_ctx, "yangfan", "pass1234")
    service = next(s.id for s in center.list_services(ctx.uow()) if s.letter == "G")
    first = q.issue_ticket(ctx.uow(), service_id=service).ticket
    second = q.issue_ticket(ctx.uow(), service_id=service).ticket
    panel = _panel(qtbot, clerk)
    panel.poller.retry_ms = 200
    real_call_next = q.call_next

    def committed_then_lost(uow, **kw):  # the COMMIT went through, its answer never arrived
        real_call_next(uow, **kw)
        raise DatabaseUnavailable(url="postgresql://db", detail="server closed the connection unexpectedly",
                                  may_have_applied=True)

    monkeypatch.setattr(q, "call_next", committed_then_lost)
    qtbot.keyClick(panel.record, Qt.Key.Key_F1)
    assert panel.offline_label.isVisible()
    assert panel.message.text().startswith("The connection broke while saving")
    assert not panel.actions["call"].isEnabled()  # no second call while the outcome is unknown
    qtbot.waitUntil(lambda: not panel.offline_label.isVisible(), timeout=10_000)
    assert panel.number_label.text() == first.number  # what the database says is held here
    assert not panel.actions["call"].isEnabled() and panel.actions["finish"].isEnabled()
    with ctx.uow() as uow:
        called = list(uow.session.scalars(select(QueueEvent.ticket_id).where(QueueEvent.kind == "called")))
    assert called == [first.id]
    assert [r.number for r in q.list_waiting(clerk.uow())] == [second.number]
    panel.shutdown()


# ---------------------------------------------------------------- forms keep their input

@sqlite_only
def test_petition_registration_keeps_every_field_on_a_full_disk_and_saves_later(qtbot, admin_ctx, ctx):
    from desktop.ui.petitions.registration import RegistrationDialog

    accounts.add_user(admin_ctx.uow(), username="clerk", full_name="王芳", role="clerk", password=PASSWORD,
                      window_no=2)
    clerk = sign_in(admin_ctx, "clerk", PASSWORD)
    dialog = RegistrationDialog(clerk, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.source.setCurrentIndex(dialog.source.findData("letter"))
    dialog.domain.setCurrentIndex(0)  # the clerk chooses the category: nothing is preselected
    dialog.category.setCurrentIndex(0)
    category = dialog.category.currentData()
    dialog.name.setText("李四")
    dialog.id_number.setText(id_number(seq=456))
    dialog.phone.setText("13912345678")
    dialog.village.setText("虎丘村")
    content = "村东头工厂夜间噪音扰民，多次反映未解决。" * 120  # a long letter: it needs new pages
    dialog.content.setPlainText(content)
    dialog.requests.setPlainText("要求工厂夜间停工")
    release = cap_sqlite_file(ctx.db)
    dialog.register()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted and dialog.case is None
    assert dialog.banner.kind == "error" and dialog.banner.text().startswith("The disk of the database is full")
    assert "Your input is kept" in dialog.banner.text()
    assert (dialog.source.currentData(), dialog.category.currentData()) == ("letter", category)
    assert [p.name for p in dialog.petitioners] == ["李四"] and dialog.petitioners[0].phone == "13912345678"
    assert dialog.content.toPlainText() == content and dialog.requests.toPlainText() == "要求工厂夜间停工"
    release()
    assert _count(ctx, Petition) == 0
    dialog.register()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.case.case_no.endswith("第001号")
    assert _count(ctx, Petition) == 1


@sqlite_only
def test_dispute_registration_keeps_every_field_on_a_full_disk_and_saves_later(qtbot, ctx):
    from desktop.ui.form_widgets import checked
    from desktop.ui.mediation.register import PartyRow, RegistrationDialog

    s = setup_mediation(ctx)
    me = sign_in(ctx, "mediator01", PASSWORD)
    dialog = RegistrationDialog(me)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("宅基地边界纠纷")
    facts = "双方因院墙位置发生争执，多次协商未果。" * 150
    dialog.facts.setPlainText(facts)
    dialog.matters.setPlainText("院墙位置。")
    dialog.rows += [PartyRow(applicant("李明")), PartyRow(respondent("赵强"))]
    dialog._show_parties()
    release = cap_sqlite_file(ctx.db)
    dialog.save()
    assert dialog.isVisible() and dialog.saved is None and dialog.status.kind == "error"
    assert dialog.status.text().startswith("The disk of the database is full")
    assert dialog.title.text() == "宅基地边界纠纷" and dialog.facts.toPlainText() == facts
    assert dialog.matters.toPlainText() == "院墙位置。" and dialog.parties.rowCount() == 2
    assert checked(dialog.mediators) == [s.mediators["mediator01"]]
    release()
    assert _count(ctx, Dispute) == 0
    dialog.save()
    assert dialog.saved is not None and dialog.saved.case_no == "（2026）虎调字第001号"


@sqlite_only
def test_booking_dialog_keeps_its_input_on_a_read_only_database_and_saves_later(qtbot, ctx):
    from desktop.ui.form_widgets import set_time
    from desktop.ui.schedule.booking import BookingDialog

    s = setup_mediation(ctx)
    dispute = register(ctx, s)
    supervisor = sign_in(ctx, "supervisor", PASSWORD)
    dialog = BookingDialog(supervisor, dispute_id=dispute.id, room_id=s.rooms["人民调解室二"],
                           start=at(MONDAY, "09:30"), end=at(MONDAY, "10:30"))
    qtbot.addWidget(dialog)
    dialog.show()
    set_time(dialog.start, dt.time(14, 0))
    set_time(dialog.end, dt.time(15, 30))
    dialog.public.setChecked(True)
    dialog.note.setText("请双方携带宅基地证")
    before = dialog.values()
    undo = make_sqlite_read_only(ctx.db)
    dialog.save()
    assert dialog.isVisible() and dialog.result_booking is None and dialog.status.kind == "error"
    assert dialog.status.text().startswith("The database can only be read")
    assert dialog.values() == before == (s.rooms["人民调解室二"], at(MONDAY, "14:00"), at(MONDAY, "15:30"))
    assert dialog.public.isChecked() and dialog.note.text() == "请双方携带宅基地证"
    undo()
    assert _count(ctx, Booking) == 0
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    b = dialog.result_booking
    assert (b.start, b.end, b.public, b.note) == (at(MONDAY, "14:00"), at(MONDAY, "15:30"), True, "请双方携带宅基地证")
