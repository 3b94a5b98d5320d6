"""The call panel driven from the keyboard: F1 call, F7 visitor arrived, F5 finish with the record, the
rating step (keys 1–5), F6 pause, F4 transfer to a service without an open window, F2/F3 recall rules,
and the director's live view. SQLite only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import select

from desktop.models import RatingFollowUp, Ticket
from desktop.services import accounts, center
from desktop.services import queue as q
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
    assert panel.state_label.text() == "Serving"
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


def test_recall_too_soon_and_no_show_rules_are_explained(qtbot, ctx, clerk, panel, svc, warnings):
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    key(qtbot, panel, Qt.Key.Key_F1)
    key(qtbot, panel, Qt.Key.Key_F2)
    assert "30 seconds" in warnings[-1]
    key(qtbot, panel, Qt.Key.Key_F3)
    assert "2 more time" in warnings[-1]
    assert panel.current().status == "called"
    for _ in range(2):
        clerk.clock.advance(seconds=31)
        key(qtbot, panel, Qt.Key.Key_F2)
    clerk.clock.advance(seconds=31)
    key(qtbot, panel, Qt.Key.Key_F3)
    assert panel.current() is None
    assert "no-show" in panel.message.text()


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
