"""The administrator's morning through real keys and clicks: open 系统管理, edit a service window (its
description by its mnemonic, one more service ticked), save with Enter, and find the change in the database."""

from __future__ import annotations

from desktop.services.admin import center as center_service
from desktop.services.context import open_database
from tests.floor.conftest import as_user, sign_in


def _open_admin_tab(app, tab_text: str) -> int:
    nav = app.wait_widget(name="navigation")
    app.click(next(c for c in nav["cells"] if c["text"] == "系统管理"))
    bar = app.wait_until(lambda: next((b for b in app.widgets(cls="QTabBar")
                                       if any(t["text"] == tab_text for t in b["tabs"])), None),
                         what="the administration tabs")
    app.click(next(t for t in bar["tabs"] if t["text"] == tab_text))
    return 2


def test_edit_a_service_window(screen, home, db_url):
    app = sign_in(screen, home, "admin")
    steps = 5 + _open_admin_tab(app, "窗口与业务")
    cell = app.wait_until(lambda: next((c for v in app.widgets(cls="QTableView") for c in v["cells"]
                                        if c["text"] == "法律援助"), None), what="window 7 in the list")
    app.double_click(cell)
    app.wait_window("编辑7号窗口")
    app.key("alt+d")
    app.enter("法律援助申请、援助律师指派")
    app.click(app.wait_widget(text="A  综合受理", cls="QCheckBox"))
    app.wait_widget(text="A  综合受理", cls="QCheckBox", checked=True)
    screen.shot("admin-window-edit")
    app.key("Return")
    steps += 6
    app.wait_until(lambda: not any("编辑7号窗口" in w["title"] for w in app.windows()),
                   what="the dialog closes on save")
    app.wait_until(lambda: any(c["text"] == "法律援助申请、援助律师指派" for v in app.widgets(cls="QTableView")
                               for c in v["cells"]), what="the list shows the new description")
    ctx = open_database(db_url)
    try:
        admin = as_user(ctx, "admin")
        windows = {w.number: w for w in center_service.list_windows(admin.uow(read_only=True))}
        letters = {s.id: s.letter for s in center_service.list_services(admin.uow(read_only=True))}
    finally:
        ctx.close()
    assert windows[7].description == "法律援助申请、援助律师指派"
    assert sorted(letters[i] for i in windows[7].service_ids) == ["A", "D"]
    print(f"edit a window: {steps} real input steps")



def test_enter_a_range_of_holidays(screen, home, db_url):
    """The notice for next year is late, so the administrator types the Spring Festival days off by hand:
    both dates typed into the date fields, the note typed, saved by its mnemonic; open deadlines move."""
    import datetime as dt

    from desktop.services.admin import calendar as calendar_service

    app = sign_in(screen, home, "admin")
    steps = 5 + _open_admin_tab(app, "工作日历")
    for name, day in (("range_first", "2027-02-01"), ("range_last", "2027-02-05")):
        app.click(app.wait_widget(name=name))
        app.key("ctrl+a")
        app.type(day)
        app.wait_until(lambda n=name, d=day: app.wait_widget(name=n)["text"].startswith(d),
                       what=f"{name} shows {day}")
        steps += 3
    app.fill(app.wait_widget(name="range_note"), "春节")
    app.key("alt+y")
    steps += 3
    message = app.wait_until(lambda: next((t for t in app.texts(cls="QLabel") if t.startswith("已保存")), None),
                             what="the saved message")
    assert "2027-02-01" in message and "2027-02-05" in message, message
    moved = next((w for w in app.windows() if "期限" in w["title"] and "日历" in w["title"]), None)
    screen.shot("admin-holiday-range")
    if moved:  # open deadlines in those days were recomputed: the list shows them; Escape closes it
        app.key("Escape")
        steps += 1
        app.wait_until(lambda: not any(w["title"] == moved["title"] for w in app.windows()),
                       what="the list of moved deadlines closes")
    ctx = open_database(db_url)
    try:
        days = {r.day: r for r in calendar_service.month_days(as_user(ctx, "admin").uow(read_only=True),
                                                              year=2027, month=2)}
    finally:
        ctx.close()
    for n in range(1, 6):
        rule = days[dt.date(2027, 2, n)]
        assert not rule.is_workday and rule.note == "春节"
    print(f"holiday range: {steps} real input steps, moved deadlines listed: {bool(moved)}")


class _NetworkPrinter:
    """An 80 mm ESC/POS printer on the network, as far as the kiosk can tell: it takes a connection on a
    loopback port, answers the status questions (DLE EOT 1 and 4: online, paper present) and keeps every
    byte it was sent."""

    def __init__(self):
        import socket
        import threading

        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import contextlib

        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):
                while chunk := conn.recv(4096):
                    self.received += chunk
                    conn.sendall(b"\x12" * chunk.count(b"\x10\x04"))  # online, paper present

    def close(self) -> None:
        self.server.close()


def test_hall_voice_and_ticket_printer(screen, home, db_url):
    """The administrator sets up the hall for a new PC: tries the call voice with F5, looks at the voice pack,
    then points the kiosk at the network ticket printer and prints a test ticket with F5; the printer gets
    the ticket in GB18030 with its QR code and the paper cut."""
    printer = _NetworkPrinter()
    try:
        app = sign_in(screen, home, "admin")
        steps = 5 + _open_admin_tab(app, "叫号语音与打印机")
        app.fill(app.wait_widget(name="test_ticket"), "A012")
        app.fill(app.wait_widget(name="test_window"), "3")
        app.key("F5")
        steps += 5
        said = app.wait_until(lambda: next((t for t in app.texts(name="test_said") if "「" in t), None),
                              what="the test call is said")
        assert "请A零一二号，到三号窗口办理" in said, said
        screen.shot("admin-voice")
        tabs = app.wait_until(lambda: next((b for b in app.widgets(cls="QTabBar")
                                            if any(t["text"].startswith("语音包") for t in b["tabs"])), None),
                              what="the voice tabs")
        app.click(next(t for t in tabs["tabs"] if t["text"].startswith("语音包")))
        summary = app.wait_widget(name="pack_summary")
        steps += 1
        assert summary["text"], "the pack page says what the pack holds"
        screen.shot("admin-voice-pack")
        app.click(next(t for t in tabs["tabs"] if t["text"].startswith("取号打印机")))
        app.click(app.wait_widget(name="printer_kind"))
        app.key("End", "Up", "Return")  # the list ends with 不接打印机; one above it, the network printer
        steps += 4
        app.wait_widget(name="printer_kind", text="80 毫米 ESC/POS 打印机（网络）")
        app.fill(app.wait_widget(name="printer_host"), "127.0.0.1")
        app.fill(app.wait_widget(name="printer_port"), str(printer.port))
        app.key("F5")
        steps += 5
        message = app.wait_until(lambda: next((t for t in app.texts(name="printer_message")
                                               if t.startswith("测试号票已发送")), None),
                                 timeout=60, what="the test ticket printed")
        screen.shot("admin-printer-test")
        data = bytes(printer.received)
        assert "测试号票已发送到" in message
        assert "虎丘镇一站式综合服务中心".encode("gb18030") in data and "打印测试".encode("gb18030") in data
        assert b"\x1d(k" in data, "the QR code command"
        assert b"\x1dV" in data, "the paper cut"
        print(f"voice and printer: {steps} real input steps, {len(data)} bytes to the printer")
    finally:
        printer.close()
