"""The hall board folds queue events into what the display shows, without a database."""

import datetime as dt

from desktop.services.queue import HallBoard, QueueEventInfo

T0 = dt.datetime(2026, 11, 20, 9, 0)


def ev(i, kind, number="", window=None, seconds=0, **detail):
    return QueueEventInfo(i, T0 + dt.timedelta(seconds=seconds), kind, i, number, 1, window, detail)


def test_calls_recalls_and_releases():
    board = HallBoard(recent_size=3)
    announced = []
    for e in [ev(1, "issued", "A001"), ev(2, "called", "A001", 1, call=1), ev(3, "called", "C001", 3, call=1),
              ev(4, "recalled", "A001", 1, 30, call=2), ev(5, "no_show", "A001", 1, 90),
              ev(6, "called", "C002", 4, 100, call=1), ev(7, "transferred", "C001", 3, 120),
              ev(8, "called", "D001", 7, 130, call=1), ev(9, "finished", "D001", 7, 400)]:
        announced += board.apply(e)
    assert [(c.number, c.window_no, c.call) for c in announced] == [
        ("A001", 1, 1), ("C001", 3, 1), ("A001", 1, 2), ("C002", 4, 1), ("D001", 7, 1)]
    # a no-show, a transfer or the end of the service frees the window: it shows no number any more
    assert {w: c.number for w, c in board.current.items()} == {4: "C002"}
    assert [c.number for c in board.recent] == ["D001", "C002", "C001"]  # three most recent first calls
    assert board.latest.number == "D001"


def test_a_window_nobody_is_signed_in_to_shows_no_number():
    board = HallBoard()
    for e in [ev(1, "signed_in", window=2), ev(2, "called", "B001", 2, call=1), ev(3, "started", "B001", 2),
              ev(4, "signed_out", window=2)]:
        board.apply(e)
    assert board.current == {} and board.staffed == set()
    board.apply(ev(5, "signed_in", window=2))
    assert board.staffed == {2} and board.current == {}


def test_now_calling_ends_when_the_visitor_arrives_or_after_a_minute():
    board = HallBoard()
    board.apply(ev(1, "called", "A001", 1, call=1))
    board.apply(ev(2, "called", "C001", 3, 10, call=1))
    at = T0 + dt.timedelta(seconds=20)
    assert board.now_calling(at).number == "C001"
    board.apply(ev(3, "started", "C001", 3, 20))  # C001 is at window 3: A001 is still being called
    assert board.now_calling(at).number == "A001"
    assert board.current[3].number == "C001"  # the window still shows whom it serves
    assert board.now_calling(T0 + dt.timedelta(seconds=61)) is None  # a minute after the call: the banner ends
    board.apply(ev(4, "recalled", "A001", 1, 70, call=2))  # a recall calls again
    assert board.now_calling(T0 + dt.timedelta(seconds=90)).call == 2
    board.apply(ev(5, "no_show", "A001", 1, 100))
    assert board.now_calling(T0 + dt.timedelta(seconds=100)) is None


def test_events_are_applied_once_and_a_new_day_starts_clean():
    board = HallBoard()
    assert board.apply(ev(5, "called", "A001", 1, call=1))
    assert board.apply(ev(5, "called", "A001", 1, call=1)) == []  # seen already
    assert board.apply(ev(4, "called", "A009", 2, call=1)) == []
    board.apply(ev(6, "paused", window=2))
    assert board.paused == {2}
    tomorrow = QueueEventInfo(7, T0 + dt.timedelta(days=1), "called", 7, "A001", 1, 3, {"call": 1})
    assert [c.window_no for c in board.apply(tomorrow)] == [3]
    assert set(board.current) == {3} and board.paused == set()
    assert board.day == (T0 + dt.timedelta(days=1)).date()


def test_names_reach_the_board_masked_even_if_an_event_carried_more():
    board = HallBoard()
    [c] = board.apply(ev(1, "called", "B001", 2, call=1, name="王小明"))
    assert c.name == "王**"
