"""ESC/POS ticket printers (80 mm, USB, serial or network): the ticket's bytes (python-escpos' Dummy printer)
hold the Chinese text in GB18030, the number in large type, the QR code command and the cut; a network printer
(a local socket that answers the status questions like a thermal printer) gets them, and one that is out of
paper or not there is said so while the PDF is saved."""

from __future__ import annotations

import datetime as dt
import socket
import threading

import pytest

from desktop.documents.ticket import TicketSlip
from desktop.documents.ticket_escpos import qr_payload, render_ticket_escpos
from desktop.services.queue import PrinterSettings

SLIP = TicketSlip(center_name="虎丘镇一站式综合服务中心", number="A012", service_name="户籍业务",
                  waiting_ahead=3, issued_at=dt.datetime(2026, 11, 20, 9, 5, 7), priority=True)
GS, ESC, FS, DLE, EOT = b"\x1d", b"\x1b", b"\x1c", b"\x10", b"\x04"
PAPER_OK, PAPER_OUT, ONLINE, OFFLINE = 0x12, 0x72, 0x12, 0x1A


def test_the_ticket_bytes_hold_gb18030_text_the_qr_code_and_the_cut():
    data = render_ticket_escpos(SLIP)
    assert data.startswith(ESC + b"@" + FS + b"&")  # initialise, Chinese character mode
    for text in ("虎丘镇一站式综合服务中心", "您的号码", "户籍业务", "【绿色通道】", "您前面还有 3 人等候",
                 "取号时间：2026年11月20日 09:05:07", "本号票不记载任何个人信息"):
        assert text.encode("gb18030") in data, text
    assert "虎丘镇".encode() not in data  # not UTF-8
    assert GS + b"!" + bytes([0x55]) + ESC + b"E\x01" + ESC + b"a\x01A012\n" in data  # 6x6, bold, centred
    qr = data.index(GS + b"(k")
    payload = qr_payload(SLIP).encode()
    assert payload == b"ONESTOP:20261120:A012"
    store = GS + b"(k" + (len(payload) + 3).to_bytes(2, "little") + b"1P0" + payload
    assert store in data and data.index(store) >= qr
    assert GS + b"(k\x03\x001Q0" in data  # print the stored symbol
    assert data.rstrip(b"\x00").endswith(GS + b"V") or GS + b"V\x00" in data[-8:]  # the cut comes last
    assert data.index(GS + b"V") > data.index("本号票不记载任何个人信息".encode("gb18030"))


class FakeNetworkPrinter:
    """A thermal printer on the network as far as the kiosk can tell: TCP port, DLE EOT status answers."""

    def __init__(self, *, paper=PAPER_OK, online=ONLINE):
        self.paper, self.online = paper, online
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.server.accept()
        with conn:
            conn.settimeout(10)
            buffer = b""
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                buffer += chunk
                while True:
                    at = buffer.find(DLE + EOT)
                    if at < 0 or len(buffer) < at + 3:
                        break
                    self.received += buffer[:at]
                    kind, buffer = buffer[at + 2], buffer[at + 3:]
                    conn.sendall(bytes([self.paper if kind == 4 else self.online]))
                self.received += buffer
                buffer = b""

    def close(self):
        self.server.close()
        self.thread.join(timeout=10)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    return tmp_path


def test_a_network_printer_gets_the_ticket(data_home):
    from desktop.ui.ticket_printer import print_escpos

    printer = FakeNetworkPrinter()
    outcome = print_escpos(SLIP, PrinterSettings(kind="network", host="127.0.0.1", port=printer.port))
    printer.close()
    assert outcome.printed and outcome.problem == "" and outcome.pdf is None
    assert outcome.printer == f"ESC/POS 127.0.0.1:{printer.port}"
    assert bytes(printer.received) == render_ticket_escpos(SLIP)


def test_a_printer_out_of_paper_is_said_and_the_pdf_is_kept(data_home):
    from desktop.ui.ticket_printer import print_escpos

    printer = FakeNetworkPrinter(paper=PAPER_OUT)
    outcome = print_escpos(SLIP, PrinterSettings(kind="network", host="127.0.0.1", port=printer.port))
    printer.close()
    assert not outcome.printed and outcome.problem == "paper_out"
    assert bytes(printer.received) == b""  # nothing sent to a printer without paper
    assert outcome.pdf is not None and outcome.pdf.read_bytes().startswith(b"%PDF")


def test_a_printer_that_is_not_there_is_offline(data_home):
    from desktop.ui.ticket_printer import print_escpos

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    outcome = print_escpos(SLIP, PrinterSettings(kind="network", host="127.0.0.1", port=port))
    assert not outcome.printed and outcome.problem == "offline" and outcome.pdf.exists()
    usb = print_escpos(SLIP, PrinterSettings(kind="usb", usb_id="0416:5011"))  # no such device on this PC
    assert not usb.printed and usb.problem == "offline"
    serial = print_escpos(SLIP, PrinterSettings(kind="serial", serial_port="/dev/ttyNOPRINTER", baudrate=9600))
    assert not serial.printed and serial.problem == "offline"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("paper", [PAPER_OK, PAPER_OUT])
def test_the_kiosk_prints_on_the_chosen_escpos_printer_and_says_when_it_is_out_of_paper(qtbot, ctx, admin_ctx,
                                                                                         paper):
    from PySide6.QtCore import Qt

    from desktop.services import queue as hall_voice
    from desktop.services import queue as q
    from desktop.services import queue as queue_live
    from desktop.services.admin import accounts, center
    from desktop.ui.kiosk import KioskWindow
    from tests.conftest import sign_in

    accounts.add_user(admin_ctx.uow(), username="clerk1", full_name="员工一", role="clerk", password="pass1234",
                      window_no=1)
    q.sign_in_window(sign_in(admin_ctx, "clerk1", "pass1234").uow())
    printer = FakeNetworkPrinter(paper=paper)
    hall_voice.update_printer_settings(admin_ctx.uow(), settings=PrinterSettings(kind="network", host="127.0.0.1",
                                                                        port=printer.port))
    kiosk = KioskWindow(queue_live.as_screen(ctx, "kiosk"), size=(1366, 768))  # the administrator's printer
    qtbot.addWidget(kiosk)
    kiosk.resize(1366, 768)
    kiosk.show()
    qtbot.waitUntil(lambda: bool(kiosk.buttons) and kiosk.online, timeout=10_000)
    service = next(s for s in center.list_services(ctx.uow()) if s.letter == "A")
    qtbot.mouseClick(kiosk.buttons[service.id], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.pages.currentIndex() == 2, timeout=20_000)
    printer.close()
    assert kiosk.result_number.text() == "A001"  # issued and shown, whatever the printer did
    if paper == PAPER_OK:
        assert kiosk.result_note.text() == "Please take your ticket below and watch the hall display."
        assert b"A001\n" in printer.received and service.name.encode("gb18030") in printer.received
    else:
        assert kiosk.result_note.text() == ("The ticket printer is out of paper: please remember your number A001 "
                                            "and watch the hall display.")
        assert "#c62828" in kiosk.result_note.styleSheet()
        assert kiosk.last_outcome.pdf.exists()
        assert printer.received == b""
