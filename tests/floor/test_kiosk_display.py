"""The ticket kiosk and the hall display on the floor: the real ``onestop kiosk`` and ``onestop display`` on a
1366×768 and a 1920×1080 screen with both CJK font families installed, driven by real clicks and keys.

The kiosk must fit the screen, issue every kind of ticket it offers (each service, the priority lane, an
appointment check-in) and refuse, with a reason, a service nobody serves (the demo's window 15, 心理疏导,
has nobody signed in). The hall display must show a call made by a clerk pressing F1 in the workbench at once,
show no number on windows that call or serve nobody, and show the waiting counts in large type.
"""

from __future__ import annotations

import datetime as dt
import re
import time

from sqlalchemy import select

from desktop.clock import FixedClock
from desktop.models import Appointment, Ticket
from desktop.services import queue as q
from desktop.services import queue as queue_live
from desktop.services.admin import calendar, settings
from desktop.services.admin.accounts import authenticate
from desktop.services.context import open_database
from tests.floor.conftest import DEMO_PASSWORD, sign_in
from tests.floor.harness import inside

NUMBER = re.compile(r"[A-Z]\d{3}")


def _as(ctx, username: str):
    return ctx.as_user(authenticate(ctx.uow(), username=username, password=DEMO_PASSWORD))


def _open_hall(ctx) -> None:
    """The floor tests may run at any hour: the administrator lets the kiosk issue outside opening hours, and
    today counts as a working day (appointments are booked on working days only)."""
    admin = _as(ctx, "admin")
    settings.update_settings(admin.uow(), values={"queue_issue_outside_hours": True})
    today = ctx.clock.now().date()
    with ctx.uow() as uow:
        workday = calendar.load_calendar(uow).is_workday(today)
    if not workday:
        calendar.set_day(admin.uow(), day=today, is_workday=True, note="floor test")


def _book_today(db_url: str, ctx, service_id: int) -> str:
    """An appointment for today, booked at opening time (so a slot is free whatever the hour now)."""
    opens = queue_live.hall_setup(ctx.uow()).opens_at
    morning = open_database(db_url, clock=FixedClock(dt.datetime.combine(ctx.clock.now().date(), opens)))
    try:
        return q.book_appointment(_as(morning, "clerk01").uow(), service_id=service_id,
                                  day=morning.clock.now().date(), slot=opens, visitor_name="李建国").code
    finally:
        morning.close()


def _tickets(ctx) -> dict[str, Ticket]:
    with ctx.uow() as uow:
        rows = uow.session.scalars(select(Ticket).where(Ticket.day == ctx.clock.now().date())).all()
        uow.session.expunge_all()
        return {t.number: t for t in rows}


def _all_inside(app, screen, what: str) -> int:
    """Every visible button and the window itself lie inside the screen; returns how many buttons."""
    size = (screen.width, screen.height)

    def fitting():  # the window manager may still be taking the title bar off the full-screen window
        tree = app.tree()
        return tree if all(inside(win["frame"], size) for win in tree["windows"]) else None

    tree = app.wait_until(fitting, timeout=20, what=f"{what}: the window inside the {size} screen")
    count = 0
    for win in tree["windows"]:
        for w in win["widgets"]:
            if w["class"] in ("QPushButton", "ServiceButton"):
                count += 1
                assert inside(w["rect"], size), f"{what}: {w['name']} {w.get('text', '')!r} at {w['rect']} " \
                                                f"is outside the {size} screen"
    return count


def test_the_kiosk_fits_the_screen_and_issues_every_kind_of_ticket(screen, home, db_url):
    ctx = open_database(db_url)
    try:
        _open_hall(ctx)
        setup = queue_live.hall_setup(ctx.uow())
        letters = {sid: letter for sid, letter, _name, _desc in setup.services}
        names = {sid: name for sid, _letter, name, _desc in setup.services}
        waits = queue_live.service_waits(ctx.uow())
        open_ids = [sid for sid in letters if waits[sid].available]
        closed_ids = [sid for sid in letters if not waits[sid].available]
        assert closed_ids, "the demo has a service nobody serves today (心理疏导 at window 15)"
        code = _book_today(db_url, ctx, open_ids[0])
        before = _tickets(ctx)

        kiosk = screen.start("kiosk", home=home)
        kiosk.wait_widget(name=f"service_{letters[open_ids[0]]}", timeout=60)
        steps = 0
        buttons = _all_inside(kiosk, screen, "services")
        assert buttons >= len(letters) + 2  # every service, the priority lane, the appointment check-in
        for label in kiosk.widgets(name="service_status"):
            assert label["font_px"] >= 12
        screen.shot("kiosk")

        issued: dict[str, int] = {}
        for sid in open_ids:
            status = kiosk.texts(name=f"status_{letters[sid]}")
            assert status and "等候" in status[0] and "分钟" in status[0] or "无需等候" in status[0], status
            kiosk.click(kiosk.wait_widget(name=f"service_{letters[sid]}"))
            steps += 1
            shown = kiosk.wait_widget(name="result_number", timeout=30)["text"]
            assert shown.startswith(letters[sid])
            wait_text = kiosk.texts(name="result_wait")
            assert wait_text and ("分钟" in wait_text[0] or "无需等候" in wait_text[0]), wait_text
            if not issued:
                _all_inside(kiosk, screen, "ticket")
                screen.shot("kiosk-ticket")
            issued[shown] = sid
            kiosk.click(kiosk.wait_widget(name="done"))
            steps += 1
            kiosk.wait_widget(name=f"service_{letters[sid]}")

        for sid in closed_ids:  # nobody serves it: said on the button, refused with the reason when tapped
            status = kiosk.texts(name=f"status_{letters[sid]}")
            assert status and "暂停取号" in status[0], status
            kiosk.click(kiosk.wait_widget(name=f"service_{letters[sid]}"))
            steps += 1
            message = kiosk.wait_widget(name="message", timeout=30)["text"]
            assert names[sid] in message and "不能取号" in message, message
            screen.shot("kiosk-refused")
            kiosk.click(kiosk.wait_widget(name="message_back"))
            steps += 1
            kiosk.wait_widget(name=f"service_{letters[sid]}")

        kiosk.click(kiosk.wait_widget(name="priority"))  # 绿色通道, then the service
        kiosk.click(kiosk.wait_widget(name=f"service_{letters[open_ids[0]]}"))
        steps += 2
        priority_number = kiosk.wait_widget(name="result_number", timeout=30)["text"]
        kiosk.click(kiosk.wait_widget(name="done"))
        steps += 1

        kiosk.click(kiosk.wait_widget(name="appointment", enabled=True))  # 预约签到 on the keypad
        steps += 1
        kiosk.wait_widget(name="key_OK")
        _all_inside(kiosk, screen, "keypad")
        screen.shot("kiosk-keypad")
        for digit in code:
            kiosk.click(kiosk.wait_widget(name=f"key_{digit}"))
        kiosk.click(kiosk.wait_widget(name="key_OK"))
        steps += len(code) + 1
        checked_in = kiosk.wait_widget(name="result_number", timeout=30)["text"]

        after = _tickets(ctx)
        new = {n: t for n, t in after.items() if n not in before}
        assert set(new) == {*issued, priority_number, checked_in}
        assert all(new[n].service_id == sid for n, sid in issued.items())
        assert not any(t.service_id in closed_ids for t in new.values())
        assert new[priority_number].priority and new[priority_number].service_id == open_ids[0]
        assert new[checked_in].appointment_id is not None
        with ctx.uow() as uow:
            assert uow.session.scalar(select(Appointment.status).where(Appointment.code == code,
                                                                       Appointment.day == ctx.clock.now().date())
                                      ) == "checked_in"
        print(f"kiosk {screen.size}: {len(new)} tickets ({len(issued)} services, priority, check-in) and "
              f"{len(closed_ids)} refusal(s) in {steps} real input steps")
    finally:
        ctx.close()


def _tile(display, window_no: int) -> str:
    texts = display.texts(name=f"tile_value_{window_no}")
    assert texts, f"no tile for window {window_no}"
    return texts[0]


def test_the_display_shows_a_clerks_call_at_once_and_no_number_on_idle_windows(screen, home, db_url):
    ctx = open_database(db_url)
    try:
        _open_hall(ctx)
        clerk = _as(ctx, "clerk01")
        held = q.window_status(clerk.uow()).ticket
        if held is not None:  # window 1 is free to call the next visitor
            q.finish_service(clerk.uow(), ticket_id=held.id)
        q.issue_ticket(queue_live.as_screen(ctx, "kiosk").uow(), service_id=held.service_id if held else
                       queue_live.hall_setup(ctx.uow()).services[0][0])

        display = screen.start("display", home=home)
        display.wait_widget(name="tile_value_1", timeout=60)
        windows = q.live_queue(_as(ctx, "director").uow()).windows
        assert any(w.state == "closed" for w in windows)  # window 15: nobody signed in today
        for w in windows:
            value = _tile(display, w.number)
            if w.state == "paused":  # a paused window says so, with or without a visitor at it
                assert value == "暂停服务", (w.number, value)
            elif w.ticket is not None:
                assert value == w.ticket.number, (w.number, w.state, value)
            else:
                assert not NUMBER.search(value), f"window {w.number} ({w.state}) shows {value!r}"
        counts = display.widgets(name="waiting_count")
        assert len(counts) == len(queue_live.hall_setup(ctx.uow()).services)
        for label in counts:
            assert label["font_px"] >= screen.height / 25, f"waiting count at {label['font_px']} px"
        assert not display.widgets(contains="语音"), "a system note about the voice reached the public screen"
        banner = display.widgets(name="now_number")[0]  # a call of the last minute, or the idle sentence in full
        assert NUMBER.fullmatch(banner["text"]) or banner["rect"][2] >= len(banner["text"]) * banner["font_px"] * 0.9
        screen.shot("display-idle-windows")
        display.key("F9")  # the administrator's check: which voice this display uses, and a test call
        voice = display.wait_until(lambda: next((t for t in display.texts(name="voice_status")
                                                 if t.startswith("叫号语音：")), None), what="the display's voice")
        assert "仅提示音" not in voice, f"no Mandarin voice on this PC: {voice}"
        screen.shot("display-voice")

        bench = sign_in(screen, home, "clerk01")
        steps = 5  # the sign-in: click, type, Tab, type, Return
        bench.wait_widget(name="record")
        before = _tile(display, 1)
        bench.key("F1")
        steps += 1
        pressed = time.monotonic()
        display.wait_until(lambda: _tile(display, 1) not in (before, "") and NUMBER.fullmatch(_tile(display, 1)),
                           timeout=30, what="the call at window 1 on the display")
        seen = time.monotonic() - pressed
        number = q.window_status(clerk.uow()).ticket.number
        assert _tile(display, 1) == number
        assert display.texts(name="now_number") == [number]
        print(f"display {screen.size}: F1 at window 1 shown on the hall display after {seen * 1000:.0f} ms; "
              f"{steps} real input steps")
    finally:
        ctx.close()
