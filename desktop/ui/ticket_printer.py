"""Printing the queue ticket at the kiosk.

With a default printer the ticket is painted with QPainter on a QPrinter set to an 80 mm roll (the same
content as the PDF of desktop.documents.ticket). Without one the PDF is saved in the data folder's
``tickets`` directory and the kiosk tells the visitor their number on screen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPen

from desktop.services import queue_ticket

log = logging.getLogger(__name__)
ROLL_MM = 80.0
PAGE_MM = 110.0


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    printer: str = ""
    pdf: Path | None = None


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
    return PrintOutcome(False, "", queue_ticket.save_ticket_pdf(slip))
