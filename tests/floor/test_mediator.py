"""The mediator's day through real keys and clicks (issue 14): mediator01 signs in by typing, registers a dispute
with three parties (names, valid ID numbers and addresses typed; Alt+A adds the applicant, Alt+P each
respondent), books a room for it 16:00–16:45 and again 16:45–17:30 (back to back: accepted), tries an
overlapping time and sees the conflict explained, takes a time offered by "find a slot", drafts the agreement,
tries to finalise it unsigned (refused on screen, the case stays open), records the signing, finalises (the
remaining sessions are offered for cancelling and cancelled) and prints the copies. The print system is a
stand-in ``lp`` on the PATH that keeps what it is sent; the PDF is read back with pdftotext, the rest from the
database."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time

import pytest

from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.services import mediation as scheduling
from desktop.services.admin import center
from desktop.services.context import open_database
from tests.floor.conftest import DEMO_PASSWORD, as_user
from tests.floor.harness import App, FloorError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(body: str) -> str:
    """GB 11643: the check character of the first 17 digits."""
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


# (key that opens the party dialog, name, ID number, address): the 17th digit says the sex (odd: a man)
PARTIES = [("alt+a", "周文斌", id_number("32050519820315001"), "虎丘镇虎丘村3组12号"),
           ("alt+p", "吴桂兰", "11010519491231002X", "虎丘镇虎丘村3组14号"),
           ("alt+p", "钱志强", id_number("32050519750608013"), "虎丘镇虎丘村3组16号")]
MAIN = "OneStop"  # the main window's title ends so
TITLE = "相邻通行纠纷"
FACTS = "三户共用一条通道，被申请人在通道上堆放建材，申请人车辆无法通行。"
MATTERS = "清理通道，恢复通行。"
DUTIES = "被申请人占用共用通道，负主要责任。"
TERM = ("吴桂兰、钱志强清理通道上的建材", "吴桂兰、钱志强", "自行清理，村委会验收")

class Steps:
    """Counts the real inputs sent: a key, a click, a typed string."""

    def __init__(self, app: App):
        self.app, self.count = app, 0

    def key(self, *keys: str) -> None:
        self.app.key(*keys)
        self.count += len(keys)

    def at(self, title: str) -> None:
        """Waits until the X input focus is on the window titled ``title``: after a dialog opens or closes the
        window manager moves the focus a moment later, and a key sent before that goes to the other window."""
        def focused() -> bool:
            wid = self.app.screen.xdotool("getwindowfocus").strip()
            return bool(wid) and title in self.app.screen.xdotool("getwindowname", wid)

        self.app.wait_until(focused, timeout=60, what=f"the keyboard focus on the window {title!r}")

    def click(self, widget: dict) -> None:
        self.app.click(widget)
        self.count += 1

    def type(self, text: str) -> None:
        self.app.screen.xdotool("type", "--delay", "90", "--", text)
        time.sleep(0.2)
        self.count += 1

    def into(self, name: str, text: str, *, focus: str | None = None) -> None:
        """Types ``text`` into the field ``name`` (after ``focus``, the key that puts the focus there) and reads
        it back. xdotool now and then drops a CJK character while it remaps a keycode, so after a loss the
        field's text is selected (Ctrl+A) and typed again, from the keyboard only."""
        if focus:
            self.key(focus)
        self.app.wait_until(lambda: _focused(self.app, name), timeout=30, what=f"the focus in {name}")
        for _ in range(4):
            self.type(text)
            try:
                self.app.wait_until(lambda: _text(self.app, name) == text, timeout=6, what=f"{name} = {text!r}")
                return
            except FloorError:
                self.key("ctrl+a")
        raise FloorError(f"{name} holds {_text(self.app, name)!r}, not {text!r}")


def patient(app: App, timeout: float = 180) -> App:
    """Lets the probe wait for a busy process: the first visit of an area loads its screens, which on a loaded
    machine can keep the process from answering longer than one probe waits. A process that has ended still
    fails at once."""
    ask = app.tree

    def tree(timeout_s: float = 15) -> dict:
        end = time.monotonic() + timeout
        while True:
            try:
                return ask(timeout_s)
            except FloorError as exc:
                if "did not answer" not in str(exc) or time.monotonic() > end:
                    raise

    app.tree = tree
    return app


def _text(app: App, name: str) -> str:
    texts = app.texts(name=name)
    return texts[0] if texts else ""


def _focused(app: App, name: str) -> bool:
    return any(w.get("focus") for w in app.widgets(name=name))


def _cell(app: App, table: str, row: int, col: int) -> str:
    found = app.widgets(name=table)
    cells = found[0].get("cells", []) if found else []
    return next((c["text"] for c in cells if c["row"] == row and c["col"] == col), "")


def _free_day(ctx, dispute_id: int) -> tuple[dt.date, int, str]:
    """A working day after today, and the first room, where the mediator and the room are free 16:00–17:30 (the
    demo fills a week with sessions)."""
    mediator = as_user(ctx, "mediator01")
    rooms = [(r.id, r.name) for r in center.list_rooms(mediator.uow(), active_only=True)]
    day = dt.date.today()
    for _ in range(30):
        day += dt.timedelta(days=1)
        for index, (room_id, _name) in enumerate(rooms):
            checks = [scheduling.check_booking(mediator.uow(), dispute_id=dispute_id, room_id=room_id,
                                               start=dt.datetime.combine(day, dt.time(h, m)),
                                               end=dt.datetime.combine(day, dt.time(h2, m2)))
                      for h, m, h2, m2 in ((16, 0, 16, 45), (16, 45, 17, 30))]
            if all(c.ok for c in checks):
                return day, index, rooms[index][1]
    raise AssertionError("no free afternoon in 30 days")


def test_mediator_registers_books_back_to_back_and_closes_by_a_signed_agreement(screen, home, db_url, printer):
    env, printed = printer
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the printed agreement")
    app = patient(screen.start(home=home, extra_env=env))
    steps = Steps(app)
    # ---- sign in by typing
    app.fill(app.wait_widget(name="username", timeout=60), "mediator01")
    steps.count += 3
    steps.key("Tab")
    steps.type(DEMO_PASSWORD)
    steps.key("Return")
    app.wait_widget(name="navigation", timeout=60)
    steps.at(MAIN)
    # ---- register a dispute with three parties
    steps.key("ctrl+2")
    app.wait_widget(name="mediation_tabs", timeout=60)
    steps.key("alt+2")
    app.wait_until(lambda: _focused(app, "search"), timeout=30, what="the dispute list's search field")
    steps.key("ctrl+n")
    app.wait_widget(name="title", timeout=60)
    steps.at("纠纷登记")
    steps.key("alt+t", "Down")  # 婚姻家庭 → 邻里
    app.wait_until(lambda: _text(app, "type") == "邻里", what="the type 邻里")
    steps.into("title", TITLE, focus="alt+u")
    for n, (keys, name, number, address) in enumerate(PARTIES, start=1):
        steps.at("纠纷登记")
        steps.key(keys)
        app.wait_widget(name="party_name", timeout=60)
        steps.at("当事人")
        steps.into("party_name", name)
        steps.into("party_id_number", number, focus="Tab")
        steps.key("Tab", "Tab")
        steps.into("party_address", address, focus="Tab")
        steps.key("Return")
        app.wait_gone(name="party_name", timeout=30)
        app.wait_until(lambda n=n: _cell(app, "parties", n - 1, 2) == PARTIES[n - 1][1], timeout=30,
                       what=f"party {n} in the list")
    assert [_cell(app, "parties", r, 0) for r in range(3)] == ["申请人", "被申请人", "被申请人"]
    steps.into("facts", FACTS, focus="alt+f")
    steps.into("matters", MATTERS, focus="alt+m")
    steps.key("ctrl+s")
    title = app.wait_widget(name="dispute_title", timeout=60)
    steps.at(MAIN)
    case_no = title["text"].split("\u3000")[0]
    ctx = open_database(db_url)
    try:
        mediator = as_user(ctx, "mediator01")
        dispute = mediation.find_dispute(mediator.uow(), case_no=case_no)
        assert [(p.side, p.name) for p in dispute.parties] == [
            ("applicant", "周文斌"), ("respondent", "吴桂兰"), ("respondent", "钱志强")]
        assert [p.gender for p in dispute.parties] == ["M", "F", "M"]
        day, room_index, room_name = _free_day(ctx, dispute.id)

        # ---- book 16:00–16:45 and 16:45–17:30, back to back
        def book(start: str, end: str) -> dict:
            steps.key("ctrl+b")
            app.wait_until(lambda: _focused(app, "booking_day"), timeout=60, what="the booking dialog's day")
            steps.at("预约调解")
            steps.type(f"{day:%Y%m%d}")
            app.wait_until(lambda: _text(app, "booking_day").startswith(day.isoformat()), what="the day typed")
            if room_index:
                steps.key("alt+r", *["Down"] * room_index)
            app.wait_until(lambda: _text(app, "room") == room_name, what=f"room {room_name}")
            steps.key("alt+m")
            steps.type(start)
            steps.key("alt+t")
            steps.type(end)
            app.wait_until(lambda: (_text(app, "start"), _text(app, "end")) == (start, end), what=f"{start}–{end}")

        def live_check(words: str) -> str:
            return app.wait_until(lambda: next((w["text"] for w in app.widgets(name="check") if words in w["text"]),
                                               None), timeout=30, what=f"the live check saying {words!r}")

        book("16:00", "16:45")
        live_check("16:00–16:45：调解室、调解员和当事人均有空")
        steps.key("ctrl+Return")
        app.wait_gone(name="booking_day", timeout=60)
        steps.at(MAIN)
        book("16:45", "17:30")  # back to back with the first: free
        live_check("16:45–17:30：调解室、调解员和当事人均有空")
        steps.key("ctrl+Return")
        app.wait_gone(name="booking_day", timeout=60)
        steps.at(MAIN)
        booked = [(b.start.time(), b.end.time(), b.room_name, b.state)
                  for b in mediation.get_dispute(mediator.uow(), dispute_id=dispute.id).bookings]
        assert booked == [(dt.time(16), dt.time(16, 45), room_name, "confirmed"),
                          (dt.time(16, 45), dt.time(17, 30), room_name, "confirmed")]
        # ---- an overlapping time is refused, with the reason on screen
        book("16:30", "17:00")
        check = live_check("有安排")
        assert case_no in check and room_name in check and "16:00–16:45" in check and "16:45–17:30" in check, check
        screen.shot("mediator-booking-conflict")
        steps.key("ctrl+Return")
        time.sleep(1)
        assert app.widgets(name="booking_day"), "the refused booking closed its dialog"
        assert len(mediation.get_dispute(mediator.uow(), dispute_id=dispute.id).bookings) == 2
        # ---- find a slot and take the first time offered
        steps.key("ctrl+f")
        steps.at("查找空档")
        slots = app.wait_until(lambda: next((w for w in app.widgets(name="slots") if w.get("cells")), None),
                               timeout=60, what="the free times")
        offered = [c["text"] for c in slots["cells"] if c["col"] == 1]
        assert offered and all(len(t) == 11 for t in offered), offered  # 08:30–09:00: whole minutes
        days_offered = [c["text"] for c in slots["cells"] if c["col"] == 0]
        assert max(days_offered.count(d) for d in days_offered) > 1, "one slot a day only"
        steps.key("Return")
        app.wait_gone(name="slots", timeout=30)
        steps.at("预约调解")
        live_check("均有空")
        steps.key("ctrl+Return")
        app.wait_gone(name="booking_day", timeout=60)
        steps.at(MAIN)
        bookings = mediation.get_dispute(mediator.uow(), dispute_id=dispute.id).bookings
        assert len(bookings) == 3 and all(b.state == "confirmed" for b in bookings)
        # ---- the calendar of that day: 16:00–16:45 and 16:45–17:30 back to back
        steps.key("ctrl+3")
        app.wait_widget(name="calendar", timeout=60)
        for _ in range((day - dt.date.today()).days):
            steps.key("alt+Right")
        app.wait_until(lambda: _text(app, "schedule_title").startswith(day.isoformat()), what="the booked day")
        time.sleep(0.5)
        screen.shot("mediator-back-to-back")
        steps.key("ctrl+2")
        app.wait_widget(name="dispute_title", timeout=30)

        # ---- the agreement: drafted, refused unsigned, signed, finalised, printed
        steps.key("ctrl+g")
        app.wait_widget(name="responsibilities", timeout=60)
        steps.at("人民调解协议书")
        steps.into("responsibilities", DUTIES, focus="alt+r")
        steps.key("ctrl+t")
        due = dt.date.today() + dt.timedelta(days=20)
        for col, text in enumerate((*TERM, due.isoformat()), start=1):
            if col > 1:
                steps.key("Tab")
            steps.type(text)
        steps.key("Return")
        app.wait_until(lambda: [_cell(app, "terms", 0, c) for c in range(1, 5)] == [*TERM, due.isoformat()],
                       timeout=30, what="the term as typed")
        app.wait_until(lambda: "内容已齐全" in _text(app, "missing") and "打印供签字" in _text(app, "missing"),
                       timeout=30, what="the checklist complete, asking for the signatures")
        steps.key("ctrl+shift+f")
        refusal = app.wait_until(lambda: next((w for w in app.widgets(name="status") if "尚未签订" in w["text"]),
                                              None), timeout=60, what="the refusal of an unsigned agreement")
        assert "不能定稿" in refusal["text"], refusal["text"]
        time.sleep(0.5)
        screen.shot("mediator-finalise-refused")
        assert agreements.list_agreements(mediator.uow(), dispute_id=dispute.id)[0].state == "draft"
        assert mediation.get_dispute(mediator.uow(), dispute_id=dispute.id).state == "scheduled"
        steps.key("alt+g")  # record the signing
        app.wait_widget(name="all_signed", timeout=60)
        steps.at("签订")
        steps.key("alt+a")
        app.wait_until(lambda: app.widgets(name="signing_ok", enabled=True), what="every signature ticked")
        steps.key("Return")
        app.wait_gone(name="all_signed", timeout=30)
        steps.at("人民调解协议书")
        app.wait_until(lambda: "签订" in _text(app, "status") and "可以定稿" in _text(app, "missing"),
                       timeout=30, what="signed")
        steps.key("ctrl+shift+f")
        closing = app.wait_widget(name="remaining_sessions", timeout=60)
        steps.at("结案")
        remaining = [c["text"] for c in closing["cells"]]
        assert sum(f"{day.isoformat()}" in t for t in remaining) == 2, remaining
        steps.key("Return")
        app.wait_gone(name="remaining_sessions", timeout=30)
        steps.at("人民调解协议书")
        app.wait_until(lambda: "已结案" in _text(app, "status"), timeout=60, what="finalised and closed")
        steps.key("ctrl+p")
        app.wait_until(lambda: "打印机" in _text(app, "status"), timeout=120, what="sent to the printer")
        steps.key("Escape")

        # ---- what the database and the printer say
        detail = mediation.get_dispute(mediator.uow(), dispute_id=dispute.id)
        final = agreements.list_agreements(mediator.uow(), dispute_id=dispute.id)[0]
        assert (detail.state, final.state, final.signed_on, final.copies) == ("agreed", "final", dt.date.today(), 4)
        now = dt.datetime.now()
        assert all(b.state == "cancelled" for b in detail.bookings if b.start > now)
        assert sum(b.state == "cancelled" for b in detail.bookings) >= 2
        pdfs = list(printed.glob("*.pdf"))
        assert [p.name for p in pdfs] == [f"{case_no}-调解协议书-第1版.pdf"]
        text = subprocess.run(["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert text.count("人民调解协议书") >= 4 and case_no in text
        for _keys, name, _number, address in PARTIES:
            assert name in text and address in text
        assert TERM[0] in text.replace(" ", "")
    finally:
        ctx.close()
    print(f"mediator: register, book back to back, refused overlap, find a slot, sign, finalise, print: "
          f"{steps.count} real input steps ({screen.size})")
