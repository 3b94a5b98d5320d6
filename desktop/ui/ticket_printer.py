"""Printing the queue ticket at the kiosk, on the printer the administrator chose (desktop.services.hall_voice
PrinterSettings):

- the system printer (a named one, or the default): the ticket is painted with QPainter on a QPrinter set to
  an 80 mm roll (the same content as the PDF of desktop.documents.ticket);
- an 80 mm ESC/POS printer over USB, a serial port or the network (python-escpos; most kiosk printers in
  Chinese halls, often without a CUPS driver): the bytes of desktop.documents.ticket_escpos, after asking the
  printer whether it is online and has paper;
- no printer: the PDF is saved in the data folder's ``tickets`` directory.

Whatever happens the ticket is issued and its number shown on screen: a printer that is offline or out of
paper gives ``PrintOutcome.problem`` ("offline", "paper_out"), the kiosk says so, and the PDF is saved.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPen

from desktop.services import queue as queue_ticket

log = logging.getLogger(__name__)
ROLL_MM = 80.0
PAGE_MM = 110.0


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    printer: str = ""
    pdf: Path | None = None
    problem: str = ""  # "" / "offline" (not found, not answering, refused) / "paper_out"
    detail: str = ""  # the driver's words, for the log and the administrator


ESCPOS_TIMEOUT_S = 4


def escpos_device(settings):
    """The python-escpos printer for the settings (not opened yet)."""
    from desktop.documents.ticket_escpos import _escpos

    _escpos()  # where python-escpos keeps its profile cache
    if settings.kind == "usb":
        from escpos.printer import Usb

        vendor, product = settings.usb_ids
        return Usb(vendor, product, timeout=ESCPOS_TIMEOUT_S * 1000)
    if settings.kind == "serial":
        from escpos.printer import Serial

        return Serial(devfile=settings.serial_port, baudrate=settings.baudrate, timeout=ESCPOS_TIMEOUT_S)
    from escpos.printer import Network

    return Network(settings.host, port=settings.port, timeout=ESCPOS_TIMEOUT_S)


def describe_escpos(settings) -> str:
    if settings.kind == "usb":
        return f"ESC/POS USB {settings.usb_id}"
    if settings.kind == "serial":
        return f"ESC/POS {settings.serial_port} ({settings.baudrate})"
    return f"ESC/POS {settings.host}:{settings.port}"


def send_escpos(data: bytes, settings, *, device=None) -> PrintOutcome:
    """Send a ticket's ESC/POS bytes; ask the printer first whether it is online and has paper (a printer that
    does not answer the question is printed on all the same). Any thread; never raises."""
    name = describe_escpos(settings)
    try:
        printer = device if device is not None else escpos_device(settings)
        printer.open()
    except Exception as exc:  # not found, no permission, connection refused, no USB backend
        log.warning("ticket printer %s cannot be opened: %s", name, exc)
        return PrintOutcome(False, name, problem="offline", detail=str(exc))
    try:
        try:
            paper = printer.paper_status()
            online = printer.is_online()
        except Exception as exc:  # many printers do not answer status questions
            log.info("ticket printer %s gives no status (%s); printing", name, exc)
            paper, online = 2, True
        if paper == 0:
            return PrintOutcome(False, name, problem="paper_out")
        if not online:
            return PrintOutcome(False, name, problem="offline", detail="the printer says it is offline")
        printer._raw(data)
        return PrintOutcome(True, name)
    except Exception as exc:
        log.warning("ticket printer %s failed: %s", name, exc)
        return PrintOutcome(False, name, problem="offline", detail=str(exc))
    finally:
        try:
            printer.close()
        except Exception:
            pass


def print_escpos(slip, settings, *, device=None) -> PrintOutcome:
    """Print on an ESC/POS printer; when it cannot, the PDF is saved as well (any thread; never raises)."""
    from desktop.documents.ticket_escpos import render_ticket_escpos

    outcome = send_escpos(render_ticket_escpos(slip), settings, device=device)
    if outcome.printed:
        return outcome
    try:
        pdf = queue_ticket.save_ticket_pdf(slip)
    except Exception:
        log.exception("saving the ticket PDF failed")
        pdf = None
    return PrintOutcome(False, outcome.printer, pdf, outcome.problem, outcome.detail)


def default_printer_name() -> str:
    """The default printer's name, or "" when there is none."""
    from PySide6.QtPrintSupport import QPrinterInfo

    info = QPrinterInfo.defaultPrinter()
    return "" if info.isNull() else info.printerName()


def paint_ticket(painter: QPainter, slip, width: float, height: float) -> None:
    """Draw the ticket into a rectangle of ``width`` × ``height`` device pixels."""
    y = 0.0
    unit = width / 72.0  # one millimetre of the printable 72 mm

    def line(text: str, size_mm: float, *, bold: bool = False, gap_mm: float = 1.0) -> None:
        nonlocal y
        font = QFont()
        font.setPixelSize(max(1, int(size_mm * unit)))
        font.setBold(bold)
        painter.setFont(font)
        rect = QRectF(0, y, width, size_mm * unit * 1.45)
        painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, text)
        y += rect.height() + gap_mm * unit

    painter.setPen(QPen(Qt.GlobalColor.black))
    line(slip.center_name, 4.6, bold=True)
    painter.drawLine(0, int(y), int(width), int(y))
    y += 2 * unit
    line(QCoreApplication.translate("TicketPrinter", "Your number"), 3.8)
    line(slip.number, 21.0, bold=True, gap_mm=0)
    line(slip.service_name, 6.5, bold=True)
    flags = []
    if slip.priority:
        flags.append(QCoreApplication.translate("TicketPrinter", "Priority lane"))
    if slip.appointment:
        flags.append(QCoreApplication.translate("TicketPrinter", "Appointment"))
    if flags:
        line("【" + "·".join(flags) + "】", 4.4, bold=True)
    if slip.waiting_ahead:
        line(QCoreApplication.translate("TicketPrinter", "%1 people are waiting before you").replace("%1", str(slip.waiting_ahead)), 4.4)
    else:
        line(QCoreApplication.translate("TicketPrinter", "Nobody is waiting before you"), 4.4)
    line(QCoreApplication.translate("TicketPrinter", "Issued %1").replace("%1", slip.issued_at.strftime("%Y-%m-%d %H:%M:%S")), 3.5)
    y += 1 * unit
    painter.drawLine(0, int(y), int(width), int(y))
    y += 1.5 * unit
    line(QCoreApplication.translate("TicketPrinter", "Please watch the hall display and listen for your number"), 3.1, gap_mm=0)
    line(QCoreApplication.translate("TicketPrinter", "This ticket carries no personal information"), 3.1, gap_mm=0)


def print_ticket(slip, *, printer_name: str | None = None) -> PrintOutcome:
    """Print on the default printer, or save the PDF when there is none (main thread)."""
    printer_name = default_printer_name() if printer_name is None else printer_name
    if printer_name:
        try:
            from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

            printer = QPrinter(QPrinterInfo.printerInfo(printer_name), QPrinter.PrinterMode.HighResolution)
            printer.setDocName(f"ticket {slip.number}")
            printer.setPageLayout(QPageLayout(QPageSize(QSizeF(ROLL_MM, PAGE_MM), QPageSize.Unit.Millimeter),
                                              QPageLayout.Orientation.Portrait, QMarginsF(4, 4, 4, 4),
                                              QPageLayout.Unit.Millimeter))
            painter = QPainter()
            if painter.begin(printer):
                rect = printer.pageLayout().paintRectPixels(printer.resolution())
                paint_ticket(painter, slip, rect.width(), rect.height())
                painter.end()
                return PrintOutcome(True, printer_name)
            log.warning("printer %s refused the ticket; saving a PDF", printer_name)
        except Exception:  # a printer problem must never lose the visitor's number
            log.exception("printing the ticket failed; saving a PDF")
        return PrintOutcome(False, printer_name, queue_ticket.save_ticket_pdf(slip), "offline")
    return PrintOutcome(False, "", queue_ticket.save_ticket_pdf(slip))
