"""The kiosk's issued ticket: the work done off the screen's thread (issue, expected wait, print on an ESC/POS
printer or save the PDF: ticket_work) and the page that shows the ticket (result_page, show_ticket). The
texts keep the translation context "KioskWindow" of the kiosk window that showed this page first."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.services import queue as hall_voice
from desktop.services import queue as queue_live
from desktop.services import queue as queue_ticket
from desktop.ui.queue.kiosk_look import ACCENT, CARD, GREEN, INK, RED, Metrics, big_button, fit
from desktop.ui.queue.kiosk_services import minutes_text
from desktop.ui.ticket_printer import default_printer_name, print_escpos, print_ticket

log = logging.getLogger("desktop.ui.kiosk")  # the kiosk's log, under the name it always had


def ticket_work(ctx, action: Callable, *, printer_name: str | None, center: str) -> Callable:
    """The function ``work(uow)`` for ops.Op(...).run_in_background(): ``action(uow)`` issues the ticket, then
    its expected wait is read and it is printed or saved. The system's default printer is asked here, on the
    screen's thread. ``work`` gives (issued, slip, pdf, wait, expected, printer, outcome)."""
    # the printer: the one given (tests), else the administrator's choice (system, ESC/POS, PDF)
    explicit = printer_name
    default = default_printer_name() if explicit is None else ""

    def work(uow):
        issued = action(uow)
        wait = queue_live.service_waits(ctx.uow(read_only=True)).get(issued.ticket.service_id)
        expected = None if wait is None or not wait.open_windows else queue_live.expected_wait(
            ahead=issued.waiting_ahead, open_windows=wait.open_windows, free_windows=wait.free_windows,
            service_seconds=wait.service_seconds)
        slip = queue_ticket.slip_for(issued, center)
        printer, outcome = explicit, None
        if explicit is None:
            try:
                settings = hall_voice.get_printer_settings(ctx.uow(read_only=True))
            except Exception:  # the ticket is issued: print on the system printer as before
                log.exception("reading the printer settings failed")
                settings = hall_voice.PrinterSettings()
            if settings.kind in ("usb", "serial", "network"):
                outcome = print_escpos(slip, settings)  # here, off the screen's thread: it may wait
                printer = outcome.printer
            else:
                printer = "" if settings.kind == "pdf" else settings.system_name or default
        pdf = outcome.pdf if outcome is not None else None
        if not printer:
            try:
                pdf = queue_ticket.save_ticket_pdf(slip)
            except Exception:  # the number is on screen anyway; the failure is logged
                log.exception("saving the ticket PDF failed")
        return issued, slip, pdf, wait, expected, printer, outcome

    return work


def result_page(kiosk, m: Metrics) -> QWidget:
    """The page; sets on ``kiosk`` its labels (result_number, result_service, result_ahead, result_wait,
    result_note). Done calls ``kiosk.home``."""
    page = QFrame()
    page.setObjectName("result")
    page.setStyleSheet(f"#result {{ background: {CARD}; border-radius: {round(0.022 * m.height)}px; }}")
    kiosk.result_caption = QLabel(QCoreApplication.translate("KioskWindow", "Your number"))
    kiosk.result_number = QLabel()
    kiosk.result_number.setObjectName("result_number")
    kiosk.result_service = QLabel()
    kiosk.result_ahead = QLabel()
    kiosk.result_ahead.setObjectName("result_ahead")
    kiosk.result_wait = QLabel()
    kiosk.result_wait.setObjectName("result_wait")
    kiosk.result_note = QLabel()
    kiosk.result_note.setObjectName("result_note")
    kiosk.result_note.setWordWrap(True)
    styles = ((kiosk.result_caption, 0.034, INK), (kiosk.result_number, 0.16, ACCENT),
              (kiosk.result_service, 0.045, INK), (kiosk.result_ahead, 0.036, INK),
              (kiosk.result_wait, 0.036, GREEN), (kiosk.result_note, 0.026, "#4a5a78"))
    layout = QVBoxLayout(page)
    layout.setContentsMargins(m.margin_x, m.gap, m.margin_x, m.gap)
    layout.setSpacing(0)
    layout.addStretch(1)
    for label, share, colour in styles:
        fit(label)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet(f"font-size: {round(share * m.height)}px; font-weight: bold; color: {colour};")
        layout.addWidget(label)
    done = big_button(m, QCoreApplication.translate("KioskWindow", "Done"), GREEN, "done")
    done.clicked.connect(kiosk.home)
    layout.addStretch(1)
    layout.addWidget(done, 0, Qt.AlignmentFlag.AlignHCenter)
    return page


def show_ticket(kiosk, issued, slip, wait, expected, printer, outcome):
    """Print on the system printer (when that is the way), fill the page's labels; gives the print outcome
    (None without a printer)."""
    if outcome is None and printer:
        outcome = print_ticket(slip, printer_name=printer)
    t = issued.ticket
    kiosk.result_number.setText(t.number)
    kiosk.result_service.setText(t.service_name)
    kiosk.result_ahead.setText(
        QCoreApplication.translate("KioskWindow", "Nobody is waiting before you") if issued.waiting_ahead == 0
        else QCoreApplication.translate("KioskWindow", "%1 people are waiting before you").replace(
            "%1", str(issued.waiting_ahead)))
    if expected is not None:
        kiosk.result_wait.setText(
            QCoreApplication.translate("KioskWindow", "No wait: you will be called in a moment") if expected == 0
            else QCoreApplication.translate("KioskWindow", "Expected wait: %1").replace("%1", minutes_text(expected)))
    elif wait is not None and wait.state == "paused":
        kiosk.result_wait.setText(QCoreApplication.translate(
            "KioskWindow", "Its window is on a break; calls go on in order when it is back"))
    else:
        kiosk.result_wait.setText("")
    _show_note(kiosk.result_note, t.number, outcome)
    return outcome


def _show_note(note: QLabel, number: str, outcome) -> None:
    """Take the ticket below, or remember the number (and why: no printer, out of paper, no answer)."""
    problem = outcome is not None and not outcome.printed
    note.setStyleSheet(note.styleSheet().replace("#4a5a78", RED) if problem else
                       note.styleSheet().replace(RED, "#4a5a78"))
    if problem:  # for the administrator: the kiosk's log says which printer and why
        log.warning("kiosk: ticket %s not printed on %s (%s) %s", number, outcome.printer,
                    outcome.problem, outcome.detail)
    if outcome is not None and outcome.printed:
        note.setText(QCoreApplication.translate(
            "KioskWindow", "Please take your ticket below and watch the hall display."))
    elif outcome is not None and outcome.problem == "paper_out":
        note.setText(QCoreApplication.translate(
            "KioskWindow", "The ticket printer is out of paper: please remember your number %1 "
                           "and watch the hall display.").replace("%1", number))
    elif outcome is not None:
        note.setText(QCoreApplication.translate(
            "KioskWindow", "The printer did not answer: please remember your number %1 "
                           "and watch the hall display.").replace("%1", number))
    else:
        note.setText(QCoreApplication.translate(
            "KioskWindow", "No ticket printer here: please remember your number %1 and "
                           "watch the hall display.").replace("%1", number))
