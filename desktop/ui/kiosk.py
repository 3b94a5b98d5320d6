"""``onestop kiosk``: the ticket kiosk (取号机), full screen and touch-sized.

A visitor picks a service (optionally the priority lane, 绿色通道), or checks in an appointment with its
code on an on-screen keypad, and gets a printed ticket: center, number in large type, service, people
waiting ahead, time. Without a printer the ticket is saved as a PDF and the number is shown large on
screen. Each service shows, live, how many wait and about how long (queue_live.service_waits); a service
nobody is signed in to serve is greyed out with the reason, and a tap on it explains and issues nothing.
When the database goes away the kiosk says so, refuses to issue, and recovers by itself.

查询办理进度: a visitor scans the QR code of a matter's paper (the scanner types the code and Enter) or types its
number, gives the phone's last four digits, reads the matter's progress and, once it is concluded, rates it
(desktop/ui/queue/kiosk_lookup.py and kiosk_progress.py).

Every size comes from the screen's height (Metrics), so the kiosk fits a 1366×768 screen as well as a
1920×1080 one whatever CJK font the system has.

This module holds the window (its pages, the live waits, issuing through desktop.ui.ops in the background);
the pages and the look live in desktop/ui/queue: kiosk_services (the service buttons), kiosk_checkin (the
appointment keypad), kiosk_ticket (issuing, printing and the issued ticket), kiosk_lookup and kiosk_progress
(the matter lookup) and kiosk_look (sizes, colours).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop.services import queue as queue_live
from desktop.services.admin import calendar
from desktop.services.errors import DatabaseUnavailable, ServiceError
from desktop.services.queue import ServiceUnavailable
from desktop.ui import ops
from desktop.ui.calendar_texts import hall_closed_text
from desktop.ui.messages import describe
from desktop.ui.queue.kiosk_checkin import appointment_page
from desktop.ui.queue.kiosk_look import ACCENT, BG, CARD, INK, RED, Metrics, big_button, fit
from desktop.ui.queue.kiosk_lookup import ProgressLookup
from desktop.ui.queue.kiosk_services import ServiceButton, place_services, service_status, services_page
from desktop.ui.queue.kiosk_ticket import result_page, show_ticket, ticket_work
from desktop.ui.queue.poller import QueuePoller, run_in_pool

log = logging.getLogger(__name__)
RESULT_SECONDS = 12


class KioskWindow(QWidget):
    issued = Signal(object)  # queue.IssuedTicket (through queue_live.issue_at_kiosk)

    def __init__(self, ctx=None, *, url: str | None = None, size: tuple[int, int] = (1920, 1080),
                 printer_name: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.url = ctx, url
        self.m = Metrics(*size)
        self.printer_name = printer_name
        self.setup: queue_live.HallSetup | None = None
        self.waiting: dict[int, int] = {}
        self.waits: dict[int, queue_live.ServiceWait] = {}
        self.buttons: dict[int, ServiceButton] = {}
        self.online = False
        self.busy = False
        self._waits_busy = self._waits_again = False
        self.last_outcome = None
        self.poller: QueuePoller | None = None
        self.setWindowTitle(self.tr("OneStop ticket kiosk"))
        self._build()
        self.back_timer = QTimer(self)
        self.back_timer.setSingleShot(True)
        self.back_timer.timeout.connect(self.home)
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self.load)
        self.clock_timer = QTimer(self)
        self.clock_timer.timeout.connect(self._tick)
        self.clock_timer.start(1000)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
        self._tick()
        QTimer.singleShot(0, self.load)

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        m = self.m
        self.setStyleSheet(f"KioskWindow {{ background: {BG}; }} QWidget {{ font-family: 'Noto Sans CJK SC', "
                           f"'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif; }} QLabel {{ color: {INK}; "
                           f"font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif; }}")
        self.setAutoFillBackground(True)
        self.center_label = fit(QLabel())
        self.center_label.setStyleSheet(f"font-size: {m.center_px}px; font-weight: bold; color: {ACCENT};")
        self.clock_label = QLabel()
        self.clock_label.setStyleSheet(f"font-size: {m.clock_px}px; color: #4a5a78;")
        header_box = QWidget()
        header_box.setFixedHeight(m.header_h)
        header = QHBoxLayout(header_box)
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.center_label, 1)
        header.addWidget(self.clock_label)
        self.offline = fit(QLabel(self.tr("The system is reconnecting. Tickets cannot be issued for a moment — "
                                           "please wait or ask at window 1.")))
        self.offline.setObjectName("offline")
        self.offline.setWordWrap(True)
        self.offline.setStyleSheet(f"background: {RED}; color: white; font-size: {m.offline_px}px; "
                                   f"font-weight: bold; padding: 6px 18px; border-radius: 10px;")
        self.offline.hide()

        self.pages = QStackedWidget()
        self.lookup = ProgressLookup(self, m)  # 查询办理进度: its button on the first page, its two pages
        self.pages.addWidget(services_page(self, m, self.lookup.button))
        self.appointment.clicked.connect(self.show_appointment)
        self.priority.toggled.connect(self._priority_hint)
        self.pages.addWidget(appointment_page(self, m))
        self.pages.addWidget(result_page(self, m))
        self.pages.addWidget(self._message_page())
        self.pages.addWidget(self.lookup.page)
        self.pages.addWidget(self.lookup.progress)
        self.pages.setMinimumSize(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.margin_x, m.margin_top, m.margin_x, m.margin_bottom)
        layout.setSpacing(m.gap)
        layout.addWidget(header_box)
        layout.addWidget(self.offline)
        layout.addWidget(self.pages, 1)
        self.hours_label = fit(QLabel())
        self.hours_label.setFixedHeight(m.hours_h)
        self.hours_label.setStyleSheet(f"font-size: {m.hours_px}px; color: #4a5a78;")
        layout.addWidget(self.hours_label)

    def _message_page(self) -> QWidget:
        m = self.m
        page = QFrame()
        page.setObjectName("message_page")
        page.setStyleSheet(f"#message_page {{ background: {CARD}; border-radius: {round(0.022 * m.height)}px; }}")
        self.message = fit(QLabel())
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet(f"font-size: {round(0.042 * m.height)}px; font-weight: bold; color: {INK};")
        ok = big_button(m, self.tr("Back"), ACCENT, "message_back")
        ok.clicked.connect(self.home)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(m.margin_x, m.gap, m.margin_x, m.gap)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(ok, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    # ------------------------------------------------------------ data
    def load(self) -> None:
        def work():
            if self.ctx is None:
                from desktop.services.context import open_database

                self.ctx = queue_live.as_screen(open_database(self.url), "kiosk")
            self.hall = calendar.hall_day(self.ctx.uow(read_only=True))  # a day off: say why up front
            return queue_live.screen_start(self.ctx.uow(read_only=True))

        run_in_pool(self, work, self._loaded)

    def _loaded(self, start, error) -> None:
        if error is not None:
            log.warning("kiosk: cannot load: %s", error)
            self._set_online(False)
            if self.ctx is not None:
                self.ctx.db.dispose()
            self.retry_timer.start(3000)
            return
        self.setup = start.setup
        self.waiting = dict(start.waiting)
        self.waits = dict(start.waits)
        self.center_label.setText(start.setup.center_name)
        self.hours_label.setText(self.tr("Opening hours on working days: %1–%2").replace(
            "%1", start.setup.opens_at.strftime("%H:%M")).replace("%2", start.setup.closes_at.strftime("%H:%M")))
        hall = getattr(self, "hall", None)
        if hall is not None and not hall.is_open:  # ordinary tickets are refused today (HallClosed)
            self.hours_label.setText(hall_closed_text(hall))
            self.hours_label.setStyleSheet(self.hours_label.styleSheet() + "color: #b3261e; font-weight: bold;")
        self._place_services()
        self._set_online(True)
        if self.poller is None:
            self.poller = QueuePoller(self.ctx, interval_ms=1500, retry_ms=3000, parent=self)
            self.poller.polled.connect(self._polled)
            self.poller.connection.connect(self._set_online)
        self.poller.start(start.last_id)

    def _place_services(self) -> None:
        self.buttons = place_services(self.grid, self.buttons, self.setup.services, self.m, self.issue)
        self._show_waiting()

    def _show_waiting(self) -> None:
        for sid, button in self.buttons.items():
            text, available = service_status(self.waiting.get(sid, 0), self.waits.get(sid))
            button.set_state(text, available=available)
            button.setEnabled(self.online and not self.busy)
        self.appointment.setEnabled(self.online and not self.busy)
        self.lookup.button.setEnabled(self.online)

    def _polled(self, poll) -> None:
        if poll.waiting is not None:
            self.waiting = dict(poll.waiting)
            self._show_waiting()
        if poll.events:  # a window opened, closed, called or finished: who serves what, and how long
            self._refresh_waits()

    def _refresh_waits(self) -> None:
        if self._waits_busy:
            self._waits_again = True
            return
        self._waits_busy = True
        run_in_pool(self, lambda: queue_live.service_waits(self.ctx.uow(read_only=True)), self._got_waits)

    def _got_waits(self, waits, error) -> None:
        self._waits_busy = False
        if error is None:
            self.waits = dict(waits)
            self.waiting = {sid: w.waiting for sid, w in waits.items()}
            self._show_waiting()
        elif not isinstance(error, DatabaseUnavailable):
            log.error("kiosk: reading the services' waits failed", exc_info=error)
        if self._waits_again:
            self._waits_again = False
            self._refresh_waits()

    def _set_online(self, online: bool) -> None:
        self.online = online
        self.offline.setVisible(not online)
        self._show_waiting()

    def _priority_hint(self, on: bool) -> None:
        self._set_hint(self.tr("Priority lane chosen: now choose the service") if on else "")

    def _set_hint(self, text: str) -> None:
        """The hint takes the title's place while there is one (the page has no row to spare)."""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
        self.title.setVisible(not text)

    def _tick(self) -> None:
        now = self.ctx.clock.now() if self.ctx is not None else dt.datetime.now()
        self.clock_label.setText(QLocale().toString(now.date(), "yyyy-MM-dd dddd") + "  " + now.strftime("%H:%M"))

    # ------------------------------------------------------------ visitor actions
    def home(self) -> None:
        self.back_timer.stop()
        self.priority.setChecked(False)
        self.code.clear()
        self.code_error.clear()
        self.lookup.reset()
        self.pages.setCurrentIndex(0)

    def show_appointment(self) -> None:
        self.code.clear()
        self.code_error.clear()
        self.pages.setCurrentIndex(1)
        self.back_timer.start(60_000)

    def issue(self, service_id: int) -> None:
        if self.busy or not self.online:
            return
        priority = self.priority.isChecked()
        self._issuing()
        work = ticket_work(self.ctx, lambda uow: queue_live.issue_at_kiosk(uow, service_id=service_id,
                                                                          priority=priority),
                           printer_name=self.printer_name, center=self.setup.center_name)
        ops.Op(self, self.ctx, work, area="queue").success(self._issued).failure(self._not_issued) \
            .run_in_background()

    def check_in(self) -> None:
        code = self.code.text()
        if len(code) != 6:
            self.code_error.setText(self.tr("The code has 6 digits."))
            return
        if self.busy or not self.online:
            return
        self._issuing()
        work = ticket_work(self.ctx, lambda uow: queue_live.check_in_at_kiosk(uow, code=code),
                           printer_name=self.printer_name, center=self.setup.center_name)
        ops.Op(self, self.ctx, work, area="queue").success(self._issued).failure(self._not_issued) \
            .run_in_background()

    def _issuing(self) -> None:
        """A ticket is issued on a pool thread (the database may be slow to answer; it is printed or saved
        there too): the buttons wait and the visitor is told."""
        self.busy = True
        self._show_waiting()
        self._set_hint(self.tr("Your ticket is being issued, one moment…"))
        self.code_busy.setText(self.tr("Your ticket is being issued, one moment…"))
        self.code_error.clear()

    def _issuing_over(self) -> None:
        self.busy = False
        self._show_waiting()
        self._priority_hint(self.priority.isChecked())
        self.code_busy.clear()

    def _not_issued(self, error: Exception) -> None:
        """Said on the kiosk's own pages, never in a dialog: a wrong code under the code, anything else on the
        message page (the database being away with the offline sentence)."""
        self._issuing_over()
        if isinstance(error, DatabaseUnavailable):
            self._set_online(False)
            if self.poller is not None:
                self.poller.poll_now()
        if self.pages.currentIndex() == 1 and isinstance(error, ServiceError) \
                and not isinstance(error, DatabaseUnavailable | ServiceUnavailable):
            self.code_error.setText(describe(error))
            return
        if not isinstance(error, ServiceError):
            log.error("issuing a ticket failed", exc_info=error)
        # a visitor gets no driver message: the offline sentence says what to do
        self.message.setText(self.offline.text() if isinstance(error, DatabaseUnavailable) or
                             not isinstance(error, ServiceError) else describe(error))
        self.pages.setCurrentIndex(3)
        self.back_timer.start(RESULT_SECONDS * 1000)

    def _issued(self, result) -> None:
        self._issuing_over()
        issued, slip, pdf, wait, expected, printer, outcome = result
        outcome = show_ticket(self, issued, slip, wait, expected, printer, outcome)
        if wait is not None:  # the buttons show the ticket just taken at once
            self.waits[wait.service_id] = wait
            self.waiting[wait.service_id] = wait.waiting
            self._show_waiting()
        self.last_outcome = outcome or (pdf and {"pdf": pdf})
        self.pages.setCurrentIndex(2)
        self.priority.setChecked(False)
        self.issued.emit(issued)
        self.back_timer.start(RESULT_SECONDS * 1000)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """A scanner types a matter's QR code and Enter: its progress lookup opens (kiosk_lookup)."""
        if not self.lookup.key(event):
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.poller is not None:
            self.poller.stop()
        super().closeEvent(event)


def run_kiosk(url_arg: str | None = None, lang: str | None = None) -> int:
    from desktop import config
    from desktop.ui.app import make_app

    app = make_app(lang=lang)
    screen = QGuiApplication.primaryScreen().geometry()
    kiosk = KioskWindow(url=config.resolve_db_url(url_arg).url, size=(screen.width(), screen.height()))
    kiosk.setGeometry(screen)
    # frameless: a window manager that maps the window before it reads the full-screen request cannot put a
    # title bar on it (seen with openbox: the kiosk stood 20 px below the top and its last row went off screen)
    kiosk.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    kiosk.showFullScreen()
    return app.exec()


if __name__ == "__main__":
    sys.exit(run_kiosk())
