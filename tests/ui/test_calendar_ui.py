"""The calendar on screen, offscreen on SQLite: the banner of administrators and directors until next year is
official, provisional deadlines marked (with a tooltip) in the case lists, the case view and the director's
board, the notice import with its year preview (and the line it stopped at), entering a range of days, and the
list of deadlines the calendar moved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from desktop.services import petitions as pt
from desktop.services.admin import calendar
from desktop.ui.admin.calendar_import import NoticeImportDialog
from desktop.ui.calendar_banner import CalendarBanner
from desktop.ui.deadline_changes import DeadlineChangesDialog
from desktop.ui.petitions.area import PetitionsArea
from desktop.ui.petitions.board import DirectorBoard
from desktop.ui.petitions.case_view import CaseView
from tests.integration.test_petition_helpers import make_staff, petitioner, register

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "calendar"
NOTICE_2027 = (FIXTURES / "notice_2027_FICTIONAL_test_only.txt").read_text(encoding="utf-8")
D = dt.date


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


@pytest.fixture
def accepted_2027_01_25(staff, clock):
    """The issue's case: registered and accepted on Monday 2027-01-25, its clock counted over February 2027."""
    clock.at = dt.datetime(2027, 1, 25, 9, 30)
    case = register(staff.clerk, staff)
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    register(staff.clerk, staff, people=[petitioner("李四", seq=125)])
    return case


def test_the_banner_shows_for_administrators_and_directors_until_next_year_is_official(
        qtbot, admin_ctx, staff, clock):
    from desktop.ui.main_window import MainWindow

    clock.at = dt.datetime(2026, 12, 4, 10, 0)
    admin = MainWindow(admin_ctx, "中心")
    qtbot.addWidget(admin)
    banner = admin.findChild(CalendarBanner, "calendar_banner")
    assert banner.isVisibleTo(admin)
    assert "The holidays of 2027 are not official in OneStop yet." in banner.text.text()
    assert banner.action.text() == "Import the 2027 notice…"
    director = MainWindow(staff.director, "中心")
    qtbot.addWidget(director)
    shown = director.findChild(CalendarBanner, "calendar_banner")
    assert shown.isVisibleTo(director) and shown.action.text() == "Deadline changes…"
    clerk = MainWindow(staff.clerk, "中心")
    qtbot.addWidget(clerk)
    assert clerk.findChild(CalendarBanner) is None

    banner.act()  # the administrator's action: the notice import
    dialog = banner.dialog
    assert isinstance(dialog, NoticeImportDialog)
    dialog.text.setPlainText(NOTICE_2027)
    assert dialog.read_notice() and dialog.save()
    assert not banner.isVisibleTo(admin) and not shown.isVisibleTo(director)  # both windows look again
    banner.changes.close()

    clock.at = dt.datetime(2026, 10, 20, 10, 0)  # before 1 November nobody is warned
    calendar.set_day(admin_ctx.uow(), day=D(2027, 2, 8), is_workday=True)  # (any change makes it look again)
    assert not banner.isVisibleTo(admin)


def test_provisional_deadlines_are_marked_in_lists_case_view_and_board(qtbot, admin_ctx, staff, accepted_2027_01_25,
                                                                      clock):
    area = PetitionsArea(staff.director, None)
    qtbot.addWidget(area)
    area.tabs.setCurrentIndex(area.views.index("all"))
    lists = area.list
    qtbot.waitUntil(lambda: lists.model.rowCount() == 2, timeout=5000)
    due = next(i for i, c in enumerate(lists.model.columns) if c.title == "Due")
    row = next(r for r in range(2) if lists.model.row_at(r).id == accepted_2027_01_25.id)
    index = lists.model.index(row, due)
    assert lists.model.data(index) == "2027-03-26 (provisional)"
    assert "the holidays of 2027 are not official" in lists.model.data(index, Qt.ItemDataRole.ToolTipRole)

    view = CaseView(staff.director, None)
    qtbot.addWidget(view)
    view.set_case(accepted_2027_01_25.id)
    assert view.clock_chip.text().endswith("(provisional)") and "2027" in view.clock_chip.toolTip()
    marked = [w.text() for w in view.findChildren(QLabel, "provisional_deadline")]
    assert marked == ["2027-02-01 (provisional)", "2027-03-26 (provisional)"]  # objection, conclusion

    clock.at = dt.datetime(2027, 3, 24, 9, 0)  # both cases due soon on the director's board
    board = DirectorBoard(staff.director, None)
    qtbot.addWidget(board)
    board.reload()
    model, _table = board.lists["due_soon"]
    column = next(i for i, c in enumerate(model.columns) if c.title == "Due")
    assert model.data(model.index(0, column)) == "2027-03-26 (provisional)"

    calendar.import_notice(admin_ctx.uow(), text=NOTICE_2027)
    view.set_case(accepted_2027_01_25.id)
    assert view.findChildren(QLabel, "provisional_deadline") == [] and view.clock_chip.toolTip() == ""
    board.reload()
    assert model.data(model.index(0, column)) == "2027-03-26"
    steps = [(view.timeline.item(r, 1).text(), view.timeline.item(r, 4).text())
             for r in range(view.timeline.rowCount())]
    assert ("Deadline recomputed (calendar)", "Objection period 2027-02-01 → 2027-01-31；国务院办公厅关于2027年部分节假日"
            "安排的通知") in steps
    dialog = board.show_deadline_changes()
    qtbot.addWidget(dialog)
    cells = [dialog.table.item(r, c).text() for r in range(dialog.table.rowCount()) for c in range(5)]
    assert accepted_2027_01_25.case_no in cells and "2027-01-31 Sun" in cells and "Objection period" in cells


def test_the_import_preview_shows_the_year_and_the_line_it_stopped_at(qtbot, admin_ctx, accepted_2027_01_25):
    dialog = NoticeImportDialog(admin_ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts go to the active window
    dialog.text.setFocus()
    dialog.text.setPlainText(NOTICE_2027.replace("共7天", "共8天"))
    assert not dialog.read_notice()
    assert dialog.message.text().startswith("Line 7 (“二、春节：") and "but the notice says 8" in dialog.message.text()
    assert not dialog.save_button.isEnabled()
    [marked] = dialog.text.extraSelections()
    assert marked.cursor.blockNumber() == 6

    dialog.text.setPlainText(NOTICE_2027)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter reads it
    assert dialog.preview is not None and dialog.year_view.year == 2027
    assert dialog.year_view.kinds[D(2027, 2, 8)] == "holiday" and dialog.year_view.kinds[D(2027, 2, 20)] == "makeup"
    assert D(2027, 2, 8) in dialog.year_view.changed and D(2027, 2, 6) not in dialog.year_view.changed
    assert dialog.holidays.rowCount() == 7
    assert [dialog.holidays.item(1, c).text() for c in range(3)] == ["春节", "2月5日–2月11日 (7 days)",
                                                                     "1月31日、2月20日"]
    assert "2027: provisional: weekends only → official" in dialog.heading.text()
    assert "Saving recomputes 2 open deadlines" in dialog.summary.text()
    assert dialog.save_button.text() == "&Save the 2027 calendar"
    dialog.text.setPlainText(NOTICE_2027 + "\n")  # an edit after reading: read again before saving
    assert not dialog.save_button.isEnabled()
    dialog.read_notice()
    with qtbot.waitSignal(dialog.imported) as saved:
        qtbot.keyClick(dialog.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args[0].years_official == (2027,) and len(saved.args[0].deadline_changes) == 2


def test_a_range_of_days_is_entered_at_once_on_the_calendar_screen(qtbot, admin_ctx, accepted_2027_01_25):
    from desktop.ui.admin.area import AdminArea

    area = AdminArea(admin_ctx, None)
    qtbot.addWidget(area)
    screen = area.show_screen("calendar")
    screen.calendar.setCurrentPage(2027, 2)
    assert screen.coverage_label.text() == "<b>2027</b>：provisional: weekends only"
    assert screen.confirm_button.isEnabled() and screen.confirm_button.text() == "&Mark 2027 official…"
    screen.range_first.setDate(QDate(2027, 2, 5))
    screen.range_last.setDate(QDate(2027, 2, 11))
    screen.range_note.setText("春节")
    qtbot.mouseClick(screen.range_button, Qt.MouseButton.LeftButton)
    assert [screen.exceptions.data(screen.exceptions.index(r, 0)) for r in range(screen.exceptions.rowCount())] == [
        "2027-02-05 Fri", "2027-02-08 Mon", "2027-02-09 Tue", "2027-02-10 Wed", "2027-02-11 Thu"]
    assert screen.day_message.text() == ("Saved: 2027-02-05 Fri to 2027-02-11 Thu are days off (5 days changed). "
                                         "1 open deadlines were recomputed.")  # the waiting case's 9 February
    screen.changes_dialog.close()
    screen.range_first.setDate(QDate(2027, 2, 20))
    screen.range_work.setChecked(True)
    screen.range_note.setText("调休上班（春节）")
    screen.range_last.setDate(QDate(2027, 2, 20))
    qtbot.mouseClick(screen.range_button, Qt.MouseButton.LeftButton)
    assert "2027-02-20 Sat" in [screen.exceptions.data(screen.exceptions.index(r, 0))
                                for r in range(screen.exceptions.rowCount())]
    screen.range_first.setDate(QDate(2027, 1, 29))  # a day off that moves the open case's objection period
    screen.range_last.setDate(QDate(2027, 1, 29))
    screen.range_off.setChecked(True)
    qtbot.mouseClick(screen.range_button, Qt.MouseButton.LeftButton)
    assert screen.day_message.text().endswith("1 open deadlines were recomputed.")
    changes = screen.changes_dialog
    assert isinstance(changes, DeadlineChangesDialog) and changes.table.rowCount() == 1
    assert changes.table.item(0, 4).toolTip() == "1 days later"
    changes.close()
    screen.range_first.setDate(QDate(2027, 2, 11))
    screen.range_last.setDate(QDate(2027, 2, 5))
    assert screen.range_last.date() == QDate(2027, 2, 5)
    screen.range_first.setDate(QDate(2027, 3, 1))  # the last day follows a first day after it
    assert screen.range_last.date() == QDate(2027, 3, 1)


def test_the_kiosk_says_why_the_hall_is_closed_on_a_holiday_and_issues_nothing(qtbot, ctx, admin_ctx, clock):
    from sqlalchemy import select

    from desktop.models import Ticket
    from desktop.services import queue as q
    from desktop.services import queue as queue_live
    from desktop.services.admin import accounts, center
    from desktop.ui.kiosk import KioskWindow
    from tests.conftest import sign_in

    clock.at = dt.datetime(2026, 2, 16, 10, 0)  # Monday of the 2026 Spring Festival
    accounts.add_user(admin_ctx.uow(), username="clerk1", full_name="员工1", role="clerk", password="pass1234",
                      window_no=1)
    q.sign_in_window(sign_in(admin_ctx, "clerk1", "pass1234").uow())
    kiosk = KioskWindow(queue_live.as_screen(ctx, "kiosk"), size=(1366, 768), printer_name="")
    qtbot.addWidget(kiosk)
    kiosk.show()
    qtbot.waitUntil(lambda: bool(kiosk.buttons) and kiosk.online, timeout=10_000)
    notice = "The hall is closed today (2026-02-16 Mon): 春节. Tickets are issued again on 2026-02-24 Tue, 08:30–17:30."
    assert kiosk.hours_label.text() == notice
    service = next(s.id for s in center.list_services(ctx.uow()) if s.letter == "A")
    qtbot.mouseClick(kiosk.buttons[service], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 3, timeout=10_000)
    assert kiosk.message.text() == notice
    with ctx.uow() as uow:
        assert uow.session.scalar(select(Ticket.id)) is None
