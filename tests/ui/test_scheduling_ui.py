"""The Schedule area driven through its widgets: a time range selected with the mouse or the keyboard books
a session, dragging a session onto a busy time is refused with the reason on screen, dragging it onto a
free time moves it, and the booking dialog checks while you type. SQLite only."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop.services import mediation as scheduling
from tests.conftest import sign_in
from tests.mediation_support import (
    MENU_BAR,
    MONDAY,
    PASSWORD,
    applicant,
    at,
    interface_language,
    mnemonic_clashes,
    register,
    respondent,
    setup_mediation,
)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def world(ctx):
    s = setup_mediation(ctx)
    first = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator02",))
    a = scheduling.book_room(ctx.uow(), dispute_id=first.id, room_id=s.rooms["人民调解室一"],
                             start=at(MONDAY, "09:00"), end=at(MONDAY, "10:00"))
    b = scheduling.book_room(ctx.uow(), dispute_id=other.id, room_id=s.rooms["人民调解室二"],
                             start=at(MONDAY, "14:00"), end=at(MONDAY, "15:00"))
    return s, first, other, a, b


@pytest.fixture
def area(qtbot, ctx, world):
    from desktop.ui.schedule.area import ScheduleArea

    widget = ScheduleArea(sign_in(ctx, "supervisor", PASSWORD))
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    widget.go(MONDAY)
    qtbot.waitExposed(widget)
    return widget


def _point(view, room_index: int, t: dt.datetime) -> QPoint:
    col = view.days.index(t.date()) * len(view.rooms) + room_index
    r = view.rect_of(col, view.slot_of(t), 1)
    return QPoint(int(r.center().x()), int(r.top() + 2))


def test_day_view_shows_rooms_as_columns_and_the_bookings(area, world):
    s, first, other, a, b = world
    view = area.view
    assert [r.name for r in view.rooms] == list(s.rooms)
    assert view.days == [MONDAY] and {x.id for x in view.bookings} == {a.id, b.id}
    area.set_week(True)
    assert view.days == [MONDAY + dt.timedelta(days=i) for i in range(5)] and view.columns == 35


def test_selecting_a_range_with_the_mouse_books_it(qtbot, area, world, monkeypatch):
    s, first, *_ = world
    asked = []
    monkeypatch.setattr("desktop.ui.schedule.area.BookingDialog.exec", lambda self: asked.append(
        (self.room.currentData(), self.values())) or QDialog.DialogCode.Rejected)
    view = area.view
    start, end = _point(view, 2, at(MONDAY, "10:00")), _point(view, 2, at(MONDAY, "11:30"))
    with qtbot.waitSignal(view.range_selected) as signal:
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(view, end)
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    room_id, t0, t1 = signal.args
    assert (room_id, t0, t1) == (s.rooms["警民联调室"], at(MONDAY, "10:00"), at(MONDAY, "11:45"))
    assert asked == [(room_id, (room_id, t0, t1))]


def test_keyboard_selection_books_with_enter(qtbot, area, world):
    view = area.view
    view.setFocus()
    view.cursor = (3, int(view.slot_of(at(MONDAY, "13:00"))))
    signals = []
    view.range_selected.connect(lambda *args: signals.append(args))
    area.new_booking = lambda *args: None  # the dialog is tested below
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert signals == [(view.rooms[3].id, at(MONDAY, "13:00"), at(MONDAY, "14:00"))]


def test_dragging_onto_a_busy_time_is_refused_and_explained(qtbot, area, world):
    s, first, other, a, b = world
    view = area.view
    # the 14:00 session of 钱进/孙立 (mediator 郭秀英) dragged onto room 一 at 09:30, where 张国华's case sits
    press = _point(view, 1, at(MONDAY, "14:00"))
    drop = _point(view, 0, at(MONDAY, "09:30"))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=press)
    qtbot.mouseMove(view, press + QPoint(0, 30))
    qtbot.mouseMove(view, drop)
    assert view.ghost is not None and view.ghost_ok is False
    assert any("人民调解室一" in line and first.case_no.split("）")[-1] in line for line in view.ghost_lines)
    assert view.highlight == {a.id}
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=drop)
    assert area.banner.isVisible() and area.banner.kind == "error"
    assert first.case_no in area.banner.text() and "人民调解室一" in area.banner.text()
    assert scheduling.get_booking(area.ctx.uow(), booking_id=b.id).start == at(MONDAY, "14:00")


def test_dragging_onto_a_free_time_moves_the_session(qtbot, area, world):
    s, first, other, a, b = world
    view = area.view
    press = _point(view, 1, at(MONDAY, "14:00"))
    drop = _point(view, 4, at(MONDAY, "10:30"))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=press)
    qtbot.mouseMove(view, press + QPoint(0, 30))
    qtbot.mouseMove(view, drop)
    assert view.ghost_ok is True
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=drop)
    moved = scheduling.get_booking(area.ctx.uow(), booking_id=b.id)
    assert (moved.room_name, moved.start, moved.end) == ("综合协调室", at(MONDAY, "10:30"), at(MONDAY, "11:30"))
    assert area.banner.kind == "ok"


def test_ctrl_arrow_moves_the_selected_session_by_a_quarter_hour(qtbot, area, world):
    s, first, other, a, b = world
    view = area.view
    view.setFocus()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_point(view, 1, at(MONDAY, "14:00")))
    assert area.selected.id == b.id
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert scheduling.get_booking(area.ctx.uow(), booking_id=b.id).start == at(MONDAY, "14:15")


def test_booking_dialog_checks_live_and_keeps_the_input_when_refused(qtbot, ctx, world):
    from desktop.ui.schedule.booking import BookingDialog

    s, first, other, a, b = world
    dialog = BookingDialog(sign_in(ctx, "supervisor", PASSWORD), dispute_id=other.id,
                           room_id=s.rooms["人民调解室一"], start=at(MONDAY, "09:30"), end=at(MONDAY, "10:30"))
    qtbot.addWidget(dialog)
    dialog.check()
    assert dialog.status.kind == "error" and first.case_no in dialog.status.text()
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.result_booking is None
    assert dialog.values()[1] == at(MONDAY, "09:30")  # nothing lost
    from desktop.ui.form_widgets import set_time

    set_time(dialog.start, dt.time(10, 0))
    set_time(dialog.end, dt.time(11, 0))
    dialog.check()
    assert dialog.status.kind == "ok"
    dialog.save()
    assert dialog.result_booking is not None and dialog.result_booking.start == at(MONDAY, "10:00")


def test_find_slot_dialog_offers_the_earliest_free_times(qtbot, ctx, world):
    from desktop.ui.schedule.booking import FindSlotDialog

    s, first, other, a, b = world
    dialog = FindSlotDialog(sign_in(ctx, "supervisor", PASSWORD), dispute_id=first.id,
                            mediator_ids=[s.mediators["mediator01"]], party_ids=[], room_id=s.rooms["人民调解室一"],
                            minutes=60)
    qtbot.addWidget(dialog)
    assert dialog.options[0].start == at(dt.date(2026, 11, 20), "10:00")  # today, from now
    dialog.take()
    assert dialog.chosen == (at(dt.date(2026, 11, 20), "10:00"), at(dt.date(2026, 11, 20), "11:00"),
                             s.rooms["人民调解室一"])


def test_print_room_day_opens_the_pdf(qtbot, area, world, monkeypatch):
    opened = []
    monkeypatch.setattr("desktop.ui.documents.QDesktopServices.openUrl", lambda url: opened.append(url))
    area.view.cursor = (0, 4)
    area.print_room_day()
    assert len(opened) == 1 and opened[0].toLocalFile().endswith(".pdf")
    with open(opened[0].toLocalFile(), "rb") as f:
        assert f.read(4) == b"%PDF"
    assert QApplication.instance() is not None


def test_the_booking_dialog_keeps_whole_minutes_from_a_clock_with_seconds(qtbot, ctx, world, clock, monkeypatch):
    """The floor: the default start took the clock's seconds (16:00:23), so 16:00–16:45 was 44 minutes and find a
    slot offered 08:30–09:14."""
    from desktop.ui.form_widgets import set_time
    from desktop.ui.schedule.booking import BookingDialog, FindSlotDialog

    s, first, *_ = world
    clock.at = dt.datetime(2026, 11, 20, 15, 7, 23, 411000)
    dialog = BookingDialog(sign_in(ctx, "supervisor", PASSWORD), dispute_id=first.id)
    qtbot.addWidget(dialog)
    _room, start, end = dialog.values()
    assert (start, end) == (dt.datetime(2026, 11, 20, 16, 0), dt.datetime(2026, 11, 20, 17, 0))
    set_time(dialog.end, dt.time(16, 45))
    asked = []
    monkeypatch.setattr(FindSlotDialog, "exec", lambda self: asked.append(
        (self.minutes.value(), [(o.start, o.end) for o in self.options][:2])) or QDialog.DialogCode.Rejected)
    dialog.find_slot()
    assert asked[0][0] == 45
    assert asked[0][1] == [(dt.datetime(2026, 11, 20, 15, 15), dt.datetime(2026, 11, 20, 16, 0)),
                           (dt.datetime(2026, 11, 20, 16, 0), dt.datetime(2026, 11, 20, 16, 45))]
    set_time(dialog.start, dt.time(16, 7, 59))  # an odd time stays in whole minutes, in order
    assert dialog.values()[1] == dt.datetime(2026, 11, 20, 16, 7)
    assert dialog.start.itemData(dialog.start.currentIndex() - 1) == dt.time(16, 0)


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    yield from interface_language(qapp, request.param)


def test_every_mnemonic_of_the_schedule_screens_is_unique(qtbot, ctx, area, world, language):
    from desktop.ui.schedule.booking import BookingDialog, FindSlotDialog

    s, first, *_ = world
    supervisor = sign_in(ctx, "supervisor", PASSWORD)
    area.go(MONDAY)
    assert mnemonic_clashes(area, MENU_BAR) == {}
    for w in (BookingDialog(supervisor, dispute_id=first.id), BookingDialog(supervisor, booking=world[3]),
              FindSlotDialog(supervisor, dispute_id=first.id, mediator_ids=[s.mediators["mediator01"]], party_ids=[],
                             room_id=None)):
        qtbot.addWidget(w)
        w.show()
        assert mnemonic_clashes(w) == {}, w.windowTitle()


def test_calendar_cards_show_the_case_number_whole_and_never_a_cut_time(qtbot, area, world):
    """The floor: cards read "08:30–10:00 虎调字第08…" (the serial cut off) and, in the week, "08…"."""
    from PySide6.QtGui import QFontMetrics

    s, first, other, a, b = world
    view = area.view
    area.resize(1000, 700)  # narrow columns, as at 1366×768 beside the navigation
    qtbot.waitUntil(lambda: view.width() < 1000)
    fm = QFontMetrics(view.card_font())
    day_lines = view.card_lines(a, view.booking_rect(a).adjusted(3, 1, -2, -1), fm)
    assert day_lines[:2] == ["09:00–10:00", "虎调字第001号"]
    area.set_week(True)
    fm = QFontMetrics(view.card_font())
    week_lines = [line for x in (a, b) for line in view.card_lines(x, view.booking_rect(x).adjusted(3, 1, -2, -1), fm)]
    assert "001" in week_lines and not any("…" in line for line in week_lines)
    header = view.header_at(QPoint(int(50 + view.col_w() / 2), 30))
    assert header.startswith("人民调解室一")


@pytest.fixture
def many_rooms(ctx, world):
    """27 rooms in all: the week shows them a page at a time."""
    from desktop.services.admin import center

    for i in range(20):
        center.save_room(ctx.uow(), id=None, name=f"调解分室{i + 1:02d}", sort_order=50 + i)
    return [r.id for r in center.list_rooms(ctx.uow(), active_only=True)]


def test_the_week_pages_through_the_rooms_with_the_buttons_and_page_keys(qtbot, many_rooms, area):
    from desktop.ui.schedule.room_pages import rooms_per_page

    view, pager = area.view, area.pager
    area.reload()
    assert [r.id for r in view.rooms] == many_rooms and pager.isHidden()  # the day: every room, as before
    area.set_week(True)
    assert rooms_per_page(view.parentWidget().width(), 5) == 8 and pager.isVisible()  # 1300 px wide

    def shown():
        return [r.id for r in view.rooms], pager.label.text()

    assert shown() == (many_rooms[:8], "Rooms 1–8 of 27") and not pager.prev_button.isEnabled()
    qtbot.mouseClick(pager.next_button, Qt.MouseButton.LeftButton)
    assert shown() == (many_rooms[8:16], "Rooms 9–16 of 27")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert shown() == (many_rooms[24:], "Rooms 25–27 of 27") and view.columns == 15
    assert not pager.next_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # no page after the last
    assert shown()[1] == "Rooms 25–27 of 27"
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert shown() == (many_rooms[16:24], "Rooms 17–24 of 27")
    qtbot.mouseClick(pager.prev_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pager.prev_button, Qt.MouseButton.LeftButton)
    assert shown() == (many_rooms[:8], "Rooms 1–8 of 27")
    area.set_week(False)
    assert [r.id for r in view.rooms] == many_rooms and pager.isHidden()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # the day view has no pages
    assert [r.id for r in view.rooms] == many_rooms and pager.first == 0


def test_the_week_asks_only_for_the_bookings_of_the_rooms_on_screen(qtbot, many_rooms, area, monkeypatch):
    asked = []
    real = scheduling.list_bookings
    monkeypatch.setattr(scheduling, "list_bookings", lambda uow, **kw: asked.append(kw["room_ids"]) or real(uow, **kw))
    area.set_week(True)
    assert asked[-1] == many_rooms[:8] == [r.id for r in area.view.rooms]
    area.pager.turn(1)
    assert asked[-1] == many_rooms[8:16] == [r.id for r in area.view.rooms]
    area.set_week(False)
    assert asked[-1] is None  # the day view lists every room's bookings, as before


def test_a_narrower_week_shows_fewer_rooms_and_the_selected_session_keeps_its_page(qtbot, ctx, many_rooms, area, world):
    s, first, *_ = world
    area.set_week(True)
    area.resize(1160, 700)  # the toolbar's width: the calendar 1146 px wide
    qtbot.waitUntil(lambda: area.pager.size == 7)
    assert [r.id for r in area.view.rooms] == many_rooms[:7] and area.pager.label.text() == "Rooms 1–7 of 27"
    far = scheduling.book_room(ctx.uow(), dispute_id=first.id, room_id=many_rooms[20], start=at(MONDAY, "15:00"),
                               end=at(MONDAY, "16:00"))
    area.selected = far
    area.reload()
    assert far.room_id in [r.id for r in area.view.rooms] and area.pager.label.text() == "Rooms 15–21 of 27"
    area.pager.turn(-1)  # turning the page leaves the selected session behind
    assert area.selected is None and area.pager.label.text() == "Rooms 8–14 of 27"
