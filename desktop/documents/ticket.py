"""The queue ticket (号票) printed by the kiosk on an 80 mm roll; the page is as tall as its content.

It carries no name and no ID number: the center, the number in very large type, the service, how many people
wait ahead, the time it was issued and a short line on what to do. Priority (绿色通道) and appointment (预约)
tickets say so under the service name. A ticket printed for a visit that already has a matter (一案一码) carries
the matter's code and its QR code above the closing lines; a kiosk ticket has no matter yet and prints without.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus.flowables import Flowable, HRFlowable, Spacer

from desktop.documents.common import Check, cn_date
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import FANGSONG, HEI, FontSet, default_fonts
from desktop.documents.layout import PageGeometry, PdfMeta, build_pdf
from desktop.documents.matter_code import code_block
from desktop.documents.typography import Para, ParaStyle, Span, measure

DOCUMENT = "ticket"
ROLL_WIDTH = 80 * mm
SIDE_MARGIN = 4 * mm  # thermal heads print about 72 mm of an 80 mm roll
END_MARGIN = 5 * mm
NUMBER_SIZE = 64.0
MATTER_QR = 26 * mm

CENTER = ParaStyle(role=HEI, size=13, leading=18, align="center")
CAPTION = ParaStyle(role=FANGSONG, size=11, leading=15, align="center")
SERVICE = ParaStyle(role=HEI, size=20, leading=26, align="center", stroke=0.5)
FLAGS = ParaStyle(role=HEI, size=13, leading=19, align="center")
WAITING = ParaStyle(role=FANGSONG, size=13, leading=20, align="center")
TIME = ParaStyle(role=FANGSONG, size=10.5, leading=15, align="center")
FINE = ParaStyle(role=FANGSONG, size=9, leading=13, align="center")


@dataclass(frozen=True)
class TicketSlip:
    """What the kiosk prints. ``number`` is the ticket number (A012); ``waiting_ahead`` the people before it in
    its service's queue at issue time; ``priority`` marks 绿色通道, ``appointment`` a checked-in appointment;
    ``matter_code`` the visit's matter (HS-2026-000123), "" while it has none."""

    center_name: str
    number: str
    service_name: str
    waiting_ahead: int
    issued_at: datetime
    priority: bool = False
    appointment: bool = False
    matter_code: str = ""


def validate(slip: TicketSlip) -> None:
    Check(DOCUMENT).require(slip, "center_name", "number", "service_name", "waiting_ahead", "issued_at").done()
    if slip.waiting_ahead < 0:
        raise InvalidData(field="waiting_ahead", reason="negative", document=DOCUMENT)


def story(slip: TicketSlip, fonts: FontSet, width: float) -> list[Flowable]:
    size = NUMBER_SIZE
    number_style = ParaStyle(role=HEI, size=size, leading=size * 1.12, align="center", stroke=1.6)
    natural = measure(slip.number, number_style, fonts)
    if natural > width:  # an unusually long number shrinks to fit the roll
        size = size * width / natural * 0.98
        number_style = number_style.derive(size=size, leading=size * 1.12, stroke=1.6 * size / NUMBER_SIZE)
    flags = [label for on, label in ((slip.priority, "绿色通道"), (slip.appointment, "预约")) if on]
    if slip.waiting_ahead == 0:
        waiting = [Span("您前面没有人等候")]
    else:
        waiting = [Span("您前面还有 "), Span(str(slip.waiting_ahead), role=HEI, size=18), Span(" 人等候")]
    out: list[Flowable] = [
        Para(slip.center_name, CENTER, fonts),
        Spacer(0, 2 * mm),
        HRFlowable(width="100%", thickness=0.8, color=black, spaceBefore=0, spaceAfter=2 * mm),
        Para("您的号码", CAPTION, fonts),
        Para(slip.number, number_style, fonts),
        Para(slip.service_name, SERVICE, fonts),
    ]
    if flags:
        out.append(Para("【" + "·".join(flags) + "】", FLAGS, fonts))
    out += [
        Spacer(0, 1.5 * mm),
        *([] if slip.matter_code.strip() else [Para(waiting, WAITING, fonts)]),  # at the window: past the queue
        Para(f"取号时间：{cn_date(slip.issued_at)} {slip.issued_at:%H:%M:%S}", TIME, fonts),
        *([Spacer(0, 2 * mm)] if slip.matter_code.strip() else []),
        *code_block(slip.matter_code, fonts, MATTER_QR, caption=TIME.derive(role=HEI)),
        HRFlowable(width="100%", thickness=0.5, color=black, spaceBefore=2 * mm, spaceAfter=1.5 * mm, dash=(2, 2)),
        Para("请留意叫号屏与语音提示\n过号后请到服务台重新排队\n本号票不记载任何个人信息", FINE, fonts),
    ]
    return out


def _height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for i, f in enumerate(flowables):
        _, h = f.wrap(width, 10_000)
        total += h + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
    return total


def render_ticket(slip: TicketSlip, *, fonts: FontSet | None = None) -> bytes:
    """The ticket as PDF bytes: one page 80 mm wide, as tall as its content."""
    validate(slip)
    fonts = fonts or default_fonts()
    width = ROLL_WIDTH - 2 * SIDE_MARGIN
    height = _height(story(slip, fonts, width), width) + 2 * END_MARGIN + 1 * mm
    geometry = PageGeometry(ROLL_WIDTH, height, top=END_MARGIN, bottom=END_MARGIN, left=SIDE_MARGIN,
                            right=SIDE_MARGIN)
    meta = PdfMeta(title=f"号票 {slip.number}", created_at=slip.issued_at, subject=slip.service_name)
    data, _ = build_pdf(story(slip, fonts, width), meta, fonts, geometry=geometry)
    return data
