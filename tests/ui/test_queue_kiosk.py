"""The kiosk by touch: a service gives a ticket (saved as PDF without a printer, the number on screen), the
priority lane, appointment check-in on the keypad, issuing outside opening hours refused with a sentence, a
service nobody serves greyed out and refused with the reason, waiting and expected wait on every service and on
the ticket, and a layout that fits a 1366×768 screen. SQLite only."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop import config
from desktop.models import Ticket
from desktop.services import queue as q
from desktop.services import queue as queue_live
from desktop.services.admin import accounts, center
from tests.conftest import sign_in

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def svc(ctx):
    return {s.letter: s.id for s in center.list_services(ctx.uow())}


@pytest.fixture
def staffed(admin_ctx):
    """Clerks signed in at windows 1 (A), 2 (B, A) and 11 (G): the kiosk issues only what someone serves."""
    clerks = {}
    for window_no in (1, 2, 11):
        accounts.add_user(admin_ctx.uow(), username=f"clerk{window_no}", full_name=f"员工{window_no}", role="clerk",
                          password="pass1234", window_no=window_no)
        clerks[window_no] = sign_in(admin_ctx, f"clerk{window_no}", "pass1234")
        q.sign_in_window(clerks[window_no].uow())
    return clerks


@pytest.fixture
def kiosk(qtbot, ctx, staffed):
    from desktop.ui.kiosk import KioskWindow

    widget = KioskWindow(queue_live.as_screen(ctx, "kiosk"), size=(1366, 768), printer_name="")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: bool(widget.buttons) and widget.online, timeout=10_000)
    return widget


def tap(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_tap_issues_a_ticket_saved_as_pdf_and_shown_on_screen(qtbot, ctx, kiosk, svc):
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    tap(qtbot, kiosk.buttons[svc["G"]])
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=10_000)
    assert kiosk.result_number.text() == "G002"
    assert "1" in kiosk.result_ahead.text()
    assert "G002" in kiosk.result_note.text()  # no printer: the visitor is told to remember the number
    pdf = config.data_dir() / "tickets" / "2026-11-20-G002.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: "2" in kiosk.buttons[svc["G"]].waiting.text(), timeout=10_000)  # followed live
    tap(qtbot, kiosk.findChild(type(kiosk.priority), "done"))
    assert kiosk.pages.currentIndex() == 0


def test_priority_lane_ticket_goes_before_the_others(qtbot, ctx, kiosk, svc, staffed):
    q.issue_ticket(ctx.uow(), service_id=svc["A"])
    tap(qtbot, kiosk.priority)
    assert kiosk.priority.isChecked() and kiosk.hint.text()
    tap(qtbot, kiosk.buttons[svc["A"]])
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=10_000)
    assert kiosk.result_number.text() == "A002"
    assert not kiosk.priority.isChecked()  # the next visitor starts without it
    assert q.call_next(staffed[1].uow()).ticket.number == "A002"
    with ctx.uow() as uow:
        assert uow.session.scalar(select(Ticket.priority).where(Ticket.number == "A002")) is True


def test_appointment_check_in_on_the_keypad(qtbot, ctx, kiosk, svc, clock):
    booked = q.book_appointment(ctx.uow(), service_id=svc["B"], day=clock.now().date(), slot=dt.time(10, 30),
                                visitor_name="李四")
    tap(qtbot, kiosk.appointment)
    assert kiosk.pages.currentIndex() == 1
    wrong = "000000" if booked.code != "000000" else "111111"
    for digit in wrong:
        tap(qtbot, kiosk.findChild(type(kiosk.priority), f"key_{digit}"))
    tap(qtbot, kiosk.findChild(type(kiosk.priority), "key_OK"))
    qtbot.waitUntil(lambda: kiosk.code_error.text() != "", timeout=10_000)
    assert wrong in kiosk.code_error.text()
    for _ in range(6):
        tap(qtbot, kiosk.findChild(type(kiosk.priority), "key_⌫"))
    for digit in booked.code:
        tap(qtbot, kiosk.findChild(type(kiosk.priority), f"key_{digit}"))
    assert kiosk.code.text() == booked.code
    tap(qtbot, kiosk.findChild(type(kiosk.priority), "key_OK"))
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=10_000)
    assert kiosk.result_number.text() == "B001"


def test_outside_opening_hours_the_kiosk_explains_and_issues_nothing(qtbot, ctx, kiosk, svc, clock):
    clock.at = dt.datetime(2026, 11, 20, 18, 5)
    tap(qtbot, kiosk.buttons[svc["A"]])
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 3, timeout=10_000)
    assert "08:30" in kiosk.message.text() and "17:30" in kiosk.message.text()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(Ticket.id)) is None


def test_kiosk_refuses_to_issue_while_the_database_is_away_and_recovers(qtbot, ctx, svc, tmp_path, staffed):
    import sqlite3

    from desktop.services.context import open_database
    from desktop.ui.kiosk import KioskWindow

    folder = tmp_path / "share"
    folder.mkdir()
    source, target = sqlite3.connect(ctx.db.sqlite_path), sqlite3.connect(folder / "hall.db")
    source.backup(target)
    source.close()
    target.close()
    screen = queue_live.as_screen(open_database(f"sqlite:///{folder / 'hall.db'}", clock=ctx.clock), "kiosk")
    kiosk = KioskWindow(screen, size=(1366, 768), printer_name="")
    qtbot.addWidget(kiosk)
    kiosk.show()
    try:
        qtbot.waitUntil(lambda: bool(kiosk.buttons) and kiosk.online, timeout=10_000)
        folder.rename(tmp_path / "away")
        screen.db.dispose()
        qtbot.waitUntil(lambda: kiosk.offline.isVisible(), timeout=15_000)
        assert not kiosk.buttons[svc["A"]].isEnabled() and not kiosk.appointment.isEnabled()
        (tmp_path / "away").rename(folder)
        qtbot.waitUntil(lambda: kiosk.online and kiosk.buttons[svc["A"]].isEnabled(), timeout=20_000)
        tap(qtbot, kiosk.buttons[svc["A"]])
        qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=10_000)
        assert kiosk.result_number.text() == "A001"
    finally:
        kiosk.close()
        screen.close()


def test_a_service_nobody_serves_is_greyed_out_and_a_tap_says_why_and_issues_nothing(qtbot, ctx, kiosk, svc,
                                                                                      staffed, clock):
    j = kiosk.buttons[svc["J"]]  # 心理疏导: nobody is signed in at window 15
    assert not j.available and j.isEnabled()
    assert j.waiting.text() == "No tickets now: nobody at its window"
    tap(qtbot, j)
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 3, timeout=10_000)
    assert "心理疏导" in kiosk.message.text() and "window 1" in kiosk.message.text()
    # an appointment for it is refused at the check-in the same way, on the message page
    booked = q.book_appointment(ctx.uow(), service_id=svc["J"], day=clock.now().date(), slot=dt.time(11, 0),
                                visitor_name="李四")
    tap(qtbot, kiosk.findChild(type(kiosk.priority), "message_back"))
    tap(qtbot, kiosk.appointment)
    for digit in booked.code:
        tap(qtbot, kiosk.findChild(type(kiosk.priority), f"key_{digit}"))
    tap(qtbot, kiosk.findChild(type(kiosk.priority), "key_OK"))
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 3, timeout=10_000)
    assert "心理疏导" in kiosk.message.text()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(Ticket.id).where(Ticket.service_id == svc["J"])) is None
    # the clerk of window 2 signs out: 信访接待 has nobody left, and the kiosk follows
    assert kiosk.buttons[svc["B"]].available
    q.sign_out_window(staffed[2].uow())
    qtbot.waitUntil(lambda: not kiosk.buttons[svc["B"]].available, timeout=10_000)


def test_each_service_and_the_ticket_show_the_waiting_and_the_expected_wait(qtbot, ctx, kiosk, svc, staffed,
                                                                           clock):
    a = svc["A"]
    assert kiosk.buttons[a].waiting.text() == "0 waiting"  # no visitor served yet: no service time known
    clerk = staffed[1]  # three visitors of 综合受理 take 8, 10 and 12 minutes: the median is 10
    for minutes in (8, 10, 12):
        q.issue_ticket(ctx.uow(), service_id=a)
        called = q.call_next(clerk.uow())
        q.start_service(clerk.uow(), ticket_id=called.ticket.id)
        clock.advance(minutes=minutes)
        q.finish_service(clerk.uow(), ticket_id=called.ticket.id)
    for window_no in (1, 2):  # both windows of 综合受理 busy, two more waiting
        q.issue_ticket(ctx.uow(), service_id=a)
        q.call_next(staffed[window_no].uow())
    q.issue_ticket(ctx.uow(), service_id=a)
    q.issue_ticket(ctx.uow(), service_id=a)
    qtbot.waitUntil(lambda: kiosk.buttons[a].waiting.text() == "2 waiting · about 12 min", timeout=10_000)
    tap(qtbot, kiosk.buttons[a])  # (2 + ½) × 10 min / 2 windows; the new ticket: (2 + ½) × 10 / 2 too
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=10_000)
    assert kiosk.result_ahead.text() == "2 people are waiting before you"
    assert kiosk.result_wait.text() == "Expected wait: about 12 min"
    qtbot.waitUntil(lambda: kiosk.buttons[a].waiting.text() == "3 waiting · about 18 min", timeout=10_000)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_kiosk_fits_its_screen(qtbot, ctx, staffed, size):
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QPushButton

    from desktop.ui.kiosk import KioskWindow

    widget = KioskWindow(queue_live.as_screen(ctx, "kiosk"), size=size, printer_name="")
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitUntil(lambda: bool(widget.buttons), timeout=10_000)
    for page in range(4):
        widget.pages.setCurrentIndex(page)
        widget.offline.setVisible(page == 3)  # the reconnecting banner takes its room too
        qtbot.wait(50)
        hint = widget.minimumSizeHint()
        assert hint.width() <= size[0] and hint.height() <= size[1], (page, hint)
        assert (widget.width(), widget.height()) == size
        for button in widget.findChildren(QPushButton):
            if button.isVisible():
                rect = QRect(button.mapTo(widget, QPoint(0, 0)), button.size())
                assert widget.rect().contains(rect), (page, button.objectName(), rect)
