"""The ticket painted for a printer (the kiosk's path when a default printer exists), and the PDF fallback."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor, QImage, QPainter

from desktop.documents.ticket import TicketSlip

SLIP = TicketSlip(center_name="虎丘镇一站式综合服务中心", number="A012", service_name="综合受理", waiting_ahead=5,
                  issued_at=dt.datetime(2026, 11, 20, 9, 41), priority=True)


def test_ticket_painted_for_a_printer_carries_the_number_and_no_name(qtbot):
    from desktop.ui.ticket_printer import paint_ticket

    slip = SLIP
    image = QImage(576, 880, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_ticket(painter, slip, image.width(), image.height())
    painter.end()
    dark_rows = [y for y in range(image.height())
                 if any(QColor(image.pixel(x, y)).lightness() < 100 for x in range(0, image.width(), 4))]
    assert len(dark_rows) > 200  # text all down the slip
    assert max(dark_rows) < image.height() - 20  # and it fits the page


def test_without_a_printer_the_ticket_is_saved_as_a_pdf(qtbot, tmp_path):
    from desktop.ui.ticket_printer import print_ticket

    outcome = print_ticket(SLIP, printer_name="")
    assert not outcome.printed
    assert outcome.pdf.name == "2026-11-20-A012.pdf"
    assert outcome.pdf.read_bytes().startswith(b"%PDF")


def test_a_printer_that_cannot_be_opened_falls_back_to_the_pdf(qtbot):
    from desktop.ui.ticket_printer import print_ticket

    outcome = print_ticket(SLIP, printer_name="no-such-printer")
    assert not outcome.printed and outcome.pdf.exists()
