"""The kiosk by touch: a service gives a ticket (saved as PDF without a printer, the number on screen), the
priority lane, appointment check-in on the keypad, issuing outside opening hours refused with a sentence.
SQLite only."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop import config
from desktop.models import Ticket
from desktop.services import center, queue_live
from desktop.services import queue as q

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def svc(ctx):
    return {s.letter: s.id for s in center.list_services(ctx.uow())}


@pytest.fixture
def kiosk(qtbot, ctx):
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


def test_priority_lane_ticket_goes_before_the_others(qtbot, ctx, kiosk, svc):
    q.issue_ticket(ctx.uow(), service_id=svc["A"])
    tap(qtbot, kiosk.priority)
    assert kiosk.priority.isChecked() and kiosk.hint.text()
    tap(qtbot, kiosk.buttons[svc["A"]])
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=10_000)
    assert kiosk.result_number.text() == "A002"
    assert not kiosk.priority.isChecked()  # the next visitor starts without it
    assert q.call_next(ctx.uow(), window_no=1).ticket.number == "A002"
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


def test_kiosk_refuses_to_issue_while_the_database_is_away_and_recovers(qtbot, ctx, svc, tmp_path):
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
