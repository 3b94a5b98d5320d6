"""The queue ticket (号票) as ESC/POS commands for an 80 mm thermal printer (most kiosk printers in Chinese
halls; many have no CUPS driver).

The content is the PDF ticket's (desktop.documents.ticket): the center, the number in large type (6× the
printer's font, 18 mm tall), the service, the people waiting ahead, the time, the short lines on what to do;
then a QR code printed by the printer itself (GS ( k) and a cut (GS V). The QR code holds the ticket; a
ticket of a visit that has a matter (一案一码) prints 「事项编码」 and the code, and its QR code holds just the
code (what the kiosk's scanner types into the lookup). Chinese text is sent in GB18030
after FS & (Chinese character mode), which is what printers sold in China read. The bytes are built with
python-escpos' Dummy printer, so the same bytes go to a USB, serial or network printer.
"""

from __future__ import annotations

import os
import tempfile

from desktop.documents.common import cn_date
from desktop.documents.ticket import TicketSlip, validate

CHINESE_MODE = b"\x1c\x26"  # FS &: two-byte (GB18030) characters on
ENCODING = "gb18030"
LINE_CHARS = 48  # 80 mm paper, font A: 48 single-width characters (24 Chinese characters)


def qr_payload(slip: TicketSlip) -> str:
    """What the ticket's QR code holds: the ticket, nothing personal (a scanner at a window reads it)."""
    return f"ONESTOP:{slip.issued_at:%Y%m%d}:{slip.number}"


def _escpos():
    # python-escpos writes a cache of its printer profiles into a new temporary folder on every import unless
    # told where: one folder for all OneStop processes
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.gettempdir())
    from escpos.printer import Dummy

    return Dummy


def render_ticket_escpos(slip: TicketSlip, *, profile: str = "default") -> bytes:
    """The ticket as the bytes an ESC/POS printer prints and cuts."""
    validate(slip)
    printer = _escpos()(profile=profile)

    def say(text: str) -> None:
        printer._raw(text.encode(ENCODING, errors="replace") + b"\n")

    printer.hw("INIT")
    printer._raw(CHINESE_MODE)
    big, normal = {"custom_size": True, "width": 2, "height": 2}, {"custom_size": True, "width": 1, "height": 1}
    printer.set(align="center", bold=True, **big)
    say(slip.center_name)
    printer.set(align="center", bold=False, **normal)
    say("-" * LINE_CHARS)
    say("您的号码")
    printer.set(align="center", bold=True, custom_size=True, width=6, height=6)  # 18 mm tall on a 203 dpi head
    say(slip.number)
    printer.set(align="center", bold=True, **big)
    say(slip.service_name)
    flags = [label for on, label in ((slip.priority, "绿色通道"), (slip.appointment, "预约")) if on]
    if flags:
        say("【" + "·".join(flags) + "】")
    printer.set(align="center", bold=False, **normal)
    if not slip.matter_code.strip():  # printed again at the window: the visit is past the queue
        say("您前面没有人等候" if slip.waiting_ahead == 0 else f"您前面还有 {slip.waiting_ahead} 人等候")
    say(f"取号时间：{cn_date(slip.issued_at)} {slip.issued_at:%H:%M:%S}")
    code = slip.matter_code.strip()
    if code:
        say(f"事项编码 {code}")
    printer.qr(code or qr_payload(slip), native=True, size=6)
    say("- " * (LINE_CHARS // 2))
    for line in ("请留意叫号屏与语音提示", "过号后请到服务台重新排队", "本号票不记载任何个人信息"):
        say(line)
    printer.cut()
    return printer.output
