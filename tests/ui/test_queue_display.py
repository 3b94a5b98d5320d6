"""The hall display: rebuilt from today's events at start, new calls shown and announced in order without
cutting each other off, no voice noted in the log (not on the public screen), masked names, windows that
call or serve nobody cleared, a "now calling" banner that ends, waiting counts in large type, and a database
that goes away and comes back (a SQLite file whose folder disappears; a PostgreSQL server that is stopped
and started)."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech

from desktop.services import queue as q
from desktop.services.admin import accounts, center
from desktop.services.context import open_database
from desktop.ui.announcer import Announcer
from tests.conftest import sign_in

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def svc(ctx):
    return {s.letter: s.id for s in center.list_services(ctx.uow())}


def make_display(qtbot, ctx, *, language="en_GB", chime=False, size=(1920, 1080)):
    from desktop.ui.display import HallDisplay

    announcer = Announcer(engine="mock", language=language, chime=chime)
    display = HallDisplay(ctx, announcer=announcer, size=size)
    qtbot.addWidget(display)
    display.resize(*size)
    display.show()
    qtbot.waitUntil(lambda: display.loaded, timeout=10_000)
    return display


def call(ctx, svc, letter, window_no):
    q.issue_ticket(ctx.uow(), service_id=svc[letter])
    return q.call_next(ctx.uow(), window_no=window_no).ticket.number


def test_display_started_late_rebuilds_from_the_events_and_masks_names(qtbot, ctx, svc, clock):
    booked = q.book_appointment(ctx.uow(), service_id=svc["C"], day=clock.now().date(), slot=dt.time(11, 0),
                                visitor_name="张三丰")
    q.check_in_appointment(ctx.uow(), code=booked.code)
    q.call_next(ctx.uow(), window_no=3)
    call(ctx, svc, "A", 1)
    call(ctx, svc, "G", 11)
    q.set_paused(ctx.uow(), paused=True, window_no=14)
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    display = make_display(qtbot, ctx)
    assert display.tiles[3].value.text() == "C001"
    assert display.tiles[1].value.text() == "A001"
    assert display.tiles[11].value.text() == "G001"
    assert display.tiles[14].value.text() == "Paused"
    assert display.tiles[2].value.text() == "—"
    assert [c.number for c in display.board.recent] == ["G001", "A001", "C001"]
    assert display.board.current[3].name == "张**"
    texts = [label.text() for label in display.recent_labels]
    assert any("张**" in t for t in texts) and not any("张三丰" in t for t in texts)
    assert display.waiting[svc["G"]] == 1
    assert display.announcer.spoken == []  # a rebuild shows; it does not re-announce the day


def test_new_calls_are_shown_and_announced_one_after_another(qtbot, ctx, svc, monkeypatch):
    display = make_display(qtbot, ctx)
    tts = display.announcer.tts
    states = []
    original = tts.say
    monkeypatch.setattr(tts, "say", lambda text: (states.append(tts.state()), original(text)))
    numbers = [call(ctx, svc, letter, w) for letter, w in (("A", 1), ("C", 3), ("D", 7))]
    qtbot.waitUntil(lambda: display.now_number.text() == "D001", timeout=5000)
    assert display.tiles[7].value.text() == "D001"
    qtbot.waitUntil(lambda: len(display.announcer.spoken) == 3, timeout=60_000)
    assert display.announcer.spoken == [f"Ticket {n}, please go to window {w}"
                                        for n, w in zip(numbers, (1, 3, 7), strict=True)]
    # each call is said twice (the default), and each saying started only when the engine was ready again:
    # none was cut off
    assert states == [QTextToSpeech.State.Ready] * 6
    assert display.voice_note == ""


def test_without_a_voice_the_display_logs_it_for_the_administrator_and_still_chimes_each_call(qtbot, ctx, svc,
                                                                                                caplog):
    from PySide6.QtWidgets import QLabel

    with caplog.at_level(logging.WARNING, logger="desktop.ui.display"):
        display = make_display(qtbot, ctx, language="zh_CN", chime=True)  # the mock engine has no Chinese voice
    assert not display.announcer.voice_ready
    assert any("no Chinese voice" in r.getMessage() for r in caplog.records)
    assert display.voice_note  # what an administrator's screen can read
    public = [label.text() for label in display.findChildren(QLabel) if label.isVisible()]
    assert not any("voice" in text.lower() for text in public), public  # nothing about it in the hall
    chimes = []
    display.announcer.effect.play = lambda: chimes.append(True)  # no sound card in the test run
    call(ctx, svc, "A", 1)
    call(ctx, svc, "B", 2)
    qtbot.waitUntil(lambda: len(display.announcer.spoken) == 2, timeout=20_000)
    assert len(chimes) == 2


def test_display_keeps_its_state_while_the_sqlite_file_is_gone_and_recovers(qtbot, ctx, svc, tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "hall.db"
    source, target = sqlite3.connect(ctx.db.sqlite_path), sqlite3.connect(path)
    source.backup(target)  # the set-up center is still partly in the write-ahead log
    source.close()
    target.close()
    url = f"sqlite:///{path}"
    writer = open_database(url, clock=ctx.clock)
    screen = open_database(url, clock=ctx.clock)
    try:
        call(writer, svc, "A", 1)
        display = make_display(qtbot, screen)
        assert display.tiles[1].value.text() == "A001"
        writer.db.dispose()
        moved = tmp_path / "away"
        folder.rename(moved)  # the share disappears
        screen.db.dispose()  # (open connections would still reach the moved file)
        qtbot.waitUntil(lambda: display.offline_label.isVisible(), timeout=10_000)
        assert display.tiles[1].value.text() == "A001"  # the last state stays on screen
        moved.rename(folder)
        qtbot.waitUntil(lambda: not display.offline_label.isVisible(), timeout=15_000)
        number = call(writer, svc, "C", 3)
        qtbot.waitUntil(lambda: display.tiles[3].value.text() == number, timeout=10_000)
    finally:
        writer.close()
        screen.close()


@pytest.mark.postgres
def test_display_recovers_when_the_postgresql_server_comes_back(qtbot, ctx, svc):
    """A server of its own, stopped and started again (the shared test server stays up)."""
    from tests.pg import PgServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not found")
    from desktop.services.admin import center as center_service

    server = PgServer(bindir).start()
    opts = (f"-p {server.port} -k {server.tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off")
    try:
        writer = open_database(server.url(), clock=ctx.clock)
        center_service.setup_center(writer.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎",
                                    admin_username="admin", admin_full_name="管理员", admin_password="Hall2026pw")
        pg_svc = {s.letter: s.id for s in center_service.list_services(writer.uow())}
        screen = open_database(server.url(), clock=ctx.clock)
        call(writer, pg_svc, "A", 1)
        display = make_display(qtbot, screen)
        assert display.tiles[1].value.text() == "A001"
        server._run("pg_ctl", "-D", str(server.data), "-m", "fast", "-w", "stop")
        qtbot.waitUntil(lambda: display.offline_label.isVisible(), timeout=15_000)
        assert display.tiles[1].value.text() == "A001"
        server._run("pg_ctl", "-D", str(server.data), "-o", opts, "-l", str(server.tmp / "log"), "-w", "start")
        qtbot.waitUntil(lambda: not display.offline_label.isVisible(), timeout=20_000)
        number = call(writer, pg_svc, "G", 11)
        qtbot.waitUntil(lambda: display.tiles[11].value.text() == number, timeout=10_000)
        writer.close()
        screen.close()
    finally:
        server.stop()


def test_a_window_shows_a_number_only_while_it_calls_or_serves_it(qtbot, ctx, admin_ctx, svc):
    accounts.add_user(admin_ctx.uow(), username="wang", full_name="王芳", role="clerk", password="pass1234",
                      window_no=11)
    wang = sign_in(admin_ctx, "wang", "pass1234")
    q.sign_in_window(wang.uow())
    display = make_display(qtbot, ctx)
    assert display.tiles[11].value.text() == "—" and display.tiles[5].value.text() == "—"
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    called = q.call_next(wang.uow())
    qtbot.waitUntil(lambda: display.tiles[11].value.text() == "G001", timeout=5000)
    q.finish_service(wang.uow(), ticket_id=called.ticket.id)  # the visitor has left: the window is idle
    qtbot.waitUntil(lambda: display.tiles[11].value.text() == "—", timeout=5000)
    q.issue_ticket(ctx.uow(), service_id=svc["G"])
    q.call_next(wang.uow())
    qtbot.waitUntil(lambda: display.tiles[11].value.text() == "G002", timeout=5000)
    q.sign_out_window(wang.uow())  # nobody at the window any more
    qtbot.waitUntil(lambda: display.tiles[11].value.text() == "—", timeout=5000)
    assert 11 not in display.board.staffed
    restarted = make_display(qtbot, ctx)  # a display started now shows the same
    assert restarted.tiles[11].value.text() == "—"


def test_the_now_calling_banner_ends_when_the_visitor_arrives_or_after_a_minute(qtbot, ctx, svc, clock):
    display = make_display(qtbot, ctx)
    assert display.now_number.text() == "Please wait for your number to be called"
    number = call(ctx, svc, "A", 1)
    qtbot.waitUntil(lambda: display.now_number.text() == number, timeout=5000)
    clock.advance(seconds=61)
    display._tick()  # the clock's second
    assert display.now_number.text() == "Please wait for your number to be called"
    assert display.tiles[1].value.text() == number  # window 1 still holds A001
    other = call(ctx, svc, "C", 3)
    qtbot.waitUntil(lambda: display.now_number.text() == other, timeout=5000)
    held = q.window_status(ctx.uow(), window_no=3).ticket
    q.start_service(ctx.uow(), ticket_id=held.id, window_no=3)  # the visitor is at window 3
    qtbot.waitUntil(lambda: display.now_number.text() == "Please wait for your number to be called",
                    timeout=5000)
    assert display.tiles[3].value.text() == other


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_waiting_counts_are_large_enough_to_read_across_the_hall(qtbot, ctx, svc, size):
    q.issue_ticket(ctx.uow(), service_id=svc["A"])
    display = make_display(qtbot, ctx, size=size)
    cells = display.waiting_cells
    assert [c.letter for c in cells] == list(svc)
    assert cells[0].count.text() == "A  1 waiting"
    for cell in cells:
        cell.count.ensurePolished()  # cells built by a refresh are styled when first painted, as on screen
        assert cell.count.fontInfo().pixelSize() >= size[1] / 25
    hint = display.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]
