"""``onestop kiosk``: the ticket kiosk (取号机), full screen and touch-sized.

A visitor picks a service (optionally the priority lane, 绿色通道), or checks in an appointment with its
code on an on-screen keypad, and gets a printed ticket: center, number in large type, service, people
waiting ahead, time. Without a printer the ticket is saved as a PDF and the number is shown large on
screen. Waiting counts follow the queue live; when the database goes away the kiosk says so, refuses to
issue, and recovers by itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import queue, queue_live, queue_ticket
from desktop.services.errors import DatabaseUnavailable, ServiceError
from desktop.ui.messages import describe
from desktop.ui.queue.poller import QueuePoller, run_in_pool
from desktop.ui.ticket_printer import default_printer_name, print_ticket

log = logging.getLogger(__name__)
RESULT_SECONDS = 12
BG, CARD, ACCENT, GREEN, RED, INK = "#eef3fb", "#ffffff", "#1f4e9c", "#1b7f3b", "#c62828", "#14213d"


class ServiceButton(QPushButton):
    """A large touch target: letter, service name, description, waiting count."""

    def __init__(self, service_id: int, letter: str, name: str, description: str, unit: float):
        super().__init__()
        self.service_id = service_id
        self.setObjectName(f"service_{letter}")
        self.setMinimumHeight(int(140 * unit))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setStyleSheet(
            f"QPushButton {{ background: {CARD}; border: 3px solid #c9d6ee; border-radius: {int(18 * unit)}px; }}"
            f"QPushButton:pressed {{ background: #dbe7ff; border-color: {ACCENT}; }}"
            f"QPushButton:disabled {{ background: #e7e7e7; }}")
        badge = QLabel(letter)
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        size = int(86 * unit)
        badge.setFixedSize(size, size)
        badge.setStyleSheet(f"background: {ACCENT}; color: white; border-radius: {size // 2}px; "
                            f"font-size: {int(50 * unit)}px; font-weight: bold;")
        title = QLabel(name)
        title.setStyleSheet(f"font-size: {int(40 * unit)}px; font-weight: bold; color: {INK};")
        detail = QLabel(description)
        detail.setStyleSheet(f"font-size: {int(22 * unit)}px; color: #4a5a78;")
        detail.setWordWrap(True)
        self.waiting = QLabel()
        self.waiting.setStyleSheet(f"font-size: {int(24 * unit)}px; color: {ACCENT}; font-weight: bold;")
        text = QVBoxLayout()
        text.setSpacing(int(4 * unit))
        text.addWidget(title)
        text.addWidget(detail)
        text.addWidget(self.waiting)
        row = QHBoxLayout(self)
        row.setContentsMargins(int(20 * unit), int(12 * unit), int(16 * unit), int(12 * unit))
        row.setSpacing(int(18 * unit))
        row.addWidget(badge)
        row.addLayout(text, 1)
        for label in (badge, title, detail, self.waiting):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


class Keypad(QWidget):
    """Digits for the appointment code; no physical keyboard needed."""

    digit = Signal(str)
    back = Signal()
    done = Signal()

    def __init__(self, unit: float, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(int(14 * unit))
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, key in enumerate(keys):
            button = QPushButton(self.tr("Confirm") if key == "OK" else key)
            button.setObjectName(f"key_{key}")
            button.setMinimumSize(int(170 * unit), int(110 * unit))
            colour = GREEN if key == "OK" else CARD
            fg = "white" if key == "OK" else INK
            button.setStyleSheet(f"QPushButton {{ background: {colour}; color: {fg}; font-size: {int(48 * unit)}px; "
                                 f"font-weight: bold; border: 2px solid #c9d6ee; border-radius: {int(14 * unit)}px; }}"
                                 f"QPushButton:pressed {{ background: #dbe7ff; }}")
            if key == "⌫":
                button.clicked.connect(self.back)
            elif key == "OK":
                button.clicked.connect(self.done)
            else:
                button.clicked.connect(lambda _=False, k=key: self.digit.emit(k))
            grid.addWidget(button, i // 3, i % 3)


class KioskWindow(QWidget):
    issued = Signal(object)  # queue.IssuedTicket

    def __init__(self, ctx=None, *, url: str | None = None, size: tuple[int, int] = (1920, 1080),
                 printer_name: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.url = ctx, url
        self.unit = min(size[0] / 1920, size[1] / 1080)
        self.printer_name = printer_name
        self.setup: queue_live.HallSetup | None = None
        self.waiting: dict[int, int] = {}
        self.buttons: dict[int, ServiceButton] = {}
        self.online = False
        self.busy = False
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
        u = self.unit
        self.setStyleSheet(f"KioskWindow {{ background: {BG}; }} QWidget {{ font-family: 'Noto Sans CJK SC', "
                           f"'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif; }} QLabel {{ color: {INK}; "
                           f"font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif; }}")
        self.setAutoFillBackground(True)
        self.center_label = QLabel()
        self.center_label.setStyleSheet(f"font-size: {int(46 * u)}px; font-weight: bold; color: {ACCENT};")
        self.clock_label = QLabel()
        self.clock_label.setStyleSheet(f"font-size: {int(34 * u)}px; color: #4a5a78;")
        header = QHBoxLayout()
        header.addWidget(self.center_label, 1)
        header.addWidget(self.clock_label)
        self.offline = QLabel(self.tr("The system is reconnecting. Tickets cannot be issued for a moment — "
                                      "please wait or ask at window 1."))
        self.offline.setObjectName("offline")
        self.offline.setWordWrap(True)
        self.offline.setStyleSheet(f"background: {RED}; color: white; font-size: {int(30 * u)}px; "
                                   f"font-weight: bold; padding: 10px 18px; border-radius: 10px;")
        self.offline.hide()

        self.pages = QStackedWidget()
        self.pages.addWidget(self._services_page())
        self.pages.addWidget(self._appointment_page())
        self.pages.addWidget(self._result_page())
        self.pages.addWidget(self._message_page())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(int(40 * u), int(20 * u), int(40 * u), int(14 * u))
        layout.setSpacing(int(12 * u))
        layout.addLayout(header)
        layout.addWidget(self.offline)
        layout.addWidget(self.pages, 1)
        self.hours_label = QLabel()
        self.hours_label.setStyleSheet(f"font-size: {int(24 * u)}px; color: #4a5a78;")
        layout.addWidget(self.hours_label)

    def _big_button(self, text: str, colour: str, name: str) -> QPushButton:
        u = self.unit
        button = QPushButton(text)
        button.setObjectName(name)
        button.setMinimumHeight(int(110 * u))
        button.setMinimumWidth(int(260 * u))
        button.setStyleSheet(f"QPushButton {{ background: {colour}; color: white; font-size: {int(38 * u)}px; "
                             f"font-weight: bold; border-radius: {int(16 * u)}px; padding: 0 {int(30 * u)}px; }}"
                             f"QPushButton:checked {{ background: {GREEN}; border: 6px solid #ffd21f; }}"
                             f"QPushButton:disabled {{ background: #9aa5b8; }}")
        return button

    def _services_page(self) -> QWidget:
        u = self.unit
        page = QWidget()
        title = QLabel(self.tr("Please choose what you have come for"))
        title.setStyleSheet(f"font-size: {int(44 * u)}px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid = QGridLayout()
        self.grid.setSpacing(int(18 * u))
        self.priority = self._big_button(self.tr("Priority lane: elderly, disabled, military, pregnant"),
                                         "#2e7d32", "priority")
        self.priority.setCheckable(True)
        self.appointment = self._big_button(self.tr("I have an appointment"), ACCENT, "appointment")
        self.appointment.clicked.connect(self.show_appointment)
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet(f"font-size: {int(28 * u)}px; color: {GREEN}; font-weight: bold;")
        self.priority.toggled.connect(self._priority_hint)
        bottom = QHBoxLayout()
        bottom.setSpacing(int(24 * u))
        bottom.addWidget(self.priority, 3)
        bottom.addWidget(self.appointment, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(int(18 * u))
        layout.addWidget(title)
        layout.addLayout(self.grid, 1)
        layout.addWidget(self.hint)
        layout.addLayout(bottom)
        return page

    def _appointment_page(self) -> QWidget:
        u = self.unit
        page = QWidget()
        title = QLabel(self.tr("Enter the 6-digit code of your appointment"))
        title.setStyleSheet(f"font-size: {int(44 * u)}px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setMaxLength(6)
        self.code.setReadOnly(True)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setStyleSheet(f"font-size: {int(72 * u)}px; font-weight: bold; letter-spacing: {int(18 * u)}px; "
                                f"padding: 8px; border: 3px solid #c9d6ee; border-radius: 12px; background: white;")
        self.code.setFixedWidth(int(560 * u))
        self.code_error = QLabel()
        self.code_error.setObjectName("code_error")
        self.code_error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_error.setStyleSheet(f"font-size: {int(30 * u)}px; color: {RED}; font-weight: bold;")
        self.code_busy = QLabel()
        self.code_busy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_busy.setStyleSheet(f"font-size: {int(30 * u)}px; color: {GREEN}; font-weight: bold;")
        keypad = Keypad(u)
        keypad.digit.connect(lambda d: self.code.setText(self.code.text() + d))
        keypad.back.connect(lambda: self.code.setText(self.code.text()[:-1]))
        keypad.done.connect(self.check_in)
        back = self._big_button(self.tr("Back"), "#5c6b85", "back")
        back.clicked.connect(self.home)
        layout = QVBoxLayout(page)
        layout.setSpacing(int(16 * u))
        layout.addWidget(title)
        layout.addWidget(self.code, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.code_error)
        layout.addWidget(self.code_busy)
        layout.addWidget(keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    def _result_page(self) -> QWidget:
        u = self.unit
        page = QFrame()
        page.setObjectName("result")
        page.setStyleSheet(f"#result {{ background: {CARD}; border-radius: {int(24 * u)}px; }}")
        self.result_caption = QLabel(self.tr("Your number"))
        self.result_number = QLabel()
        self.result_number.setObjectName("result_number")
        self.result_service = QLabel()
        self.result_ahead = QLabel()
        self.result_note = QLabel()
        self.result_note.setObjectName("result_note")
        self.result_note.setWordWrap(True)
        styles = ((self.result_caption, 40, INK), (self.result_number, 230, ACCENT), (self.result_service, 52, INK),
                  (self.result_ahead, 42, INK), (self.result_note, 30, "#4a5a78"))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for label, size, colour in styles:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet(f"font-size: {int(size * u)}px; font-weight: bold; color: {colour};")
            layout.addWidget(label)
        done = self._big_button(self.tr("Done"), GREEN, "done")
        done.clicked.connect(self.home)
        layout.addStretch(1)
        layout.addWidget(done, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    def _message_page(self) -> QWidget:
        u = self.unit
        page = QFrame()
        page.setObjectName("message_page")
        page.setStyleSheet(f"#message_page {{ background: {CARD}; border-radius: {int(24 * u)}px; }}")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet(f"font-size: {int(46 * u)}px; font-weight: bold; color: {INK};")
        ok = self._big_button(self.tr("Back"), ACCENT, "message_back")
        ok.clicked.connect(self.home)
        layout = QVBoxLayout(page)
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
        self.center_label.setText(start.setup.center_name)
        self.hours_label.setText(self.tr("Opening hours on working days: %1–%2").replace(
            "%1", start.setup.opens_at.strftime("%H:%M")).replace("%2", start.setup.closes_at.strftime("%H:%M")))
        self._place_services()
        self._set_online(True)
        if self.poller is None:
            self.poller = QueuePoller(self.ctx, interval_ms=1500, retry_ms=3000, parent=self)
            self.poller.polled.connect(self._polled)
            self.poller.connection.connect(self._set_online)
        self.poller.start(start.last_id)

    def _place_services(self) -> None:
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        columns = 3 if len(self.setup.services) > 8 else 2
        for i, (sid, letter, name, description) in enumerate(self.setup.services):
            button = ServiceButton(sid, letter, name, description, self.unit)
            button.clicked.connect(lambda _=False, s=sid: self.issue(s))
            self.buttons[sid] = button
            self.grid.addWidget(button, i // columns, i % columns)
        self._show_waiting()

    def _show_waiting(self) -> None:
        for sid, button in self.buttons.items():
            n = self.waiting.get(sid, 0)
            button.waiting.setText(self.tr("%1 waiting").replace("%1", str(n)))
            button.setEnabled(self.online and not self.busy)
        self.appointment.setEnabled(self.online and not self.busy)

    def _polled(self, poll) -> None:
        if poll.waiting is not None:
            self.waiting = dict(poll.waiting)
            self._show_waiting()

    def _set_online(self, online: bool) -> None:
        self.online = online
        self.offline.setVisible(not online)
        self._show_waiting()

    def _priority_hint(self, on: bool) -> None:
        self.hint.setText(self.tr("Priority lane chosen: now choose the service") if on else "")

    def _tick(self) -> None:
        now = self.ctx.clock.now() if self.ctx is not None else dt.datetime.now()
        self.clock_label.setText(QLocale().toString(now.date(), "yyyy-MM-dd dddd") + "  " + now.strftime("%H:%M"))

    # ------------------------------------------------------------ visitor actions
    def home(self) -> None:
        self.back_timer.stop()
        self.priority.setChecked(False)
        self.code.clear()
        self.code_error.clear()
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
        self._run(lambda: queue.issue_ticket(self.ctx.uow(), service_id=service_id, priority=priority))

    def check_in(self) -> None:
        code = self.code.text()
        if len(code) != 6:
            self.code_error.setText(self.tr("The code has 6 digits."))
            return
        if self.busy or not self.online:
            return
        self._run(lambda: queue.check_in_appointment(self.ctx.uow(), code=code))

    def _run(self, action) -> None:
        """Issue on a pool thread (the database may be slow to answer); print or save, then show."""
        self.busy = True
        self._show_waiting()
        self.hint.setText(self.tr("Your ticket is being issued, one moment…"))
        self.code_busy.setText(self.tr("Your ticket is being issued, one moment…"))
        self.code_error.clear()
        printer = default_printer_name() if self.printer_name is None else self.printer_name
        center = self.setup.center_name

        def work():
            issued = action()
            slip = queue_ticket.slip_for(issued, center)
            pdf = None
            if not printer:
                try:
                    pdf = queue_ticket.save_ticket_pdf(slip)
                except Exception:  # the number is on screen anyway; the failure is logged
                    log.exception("saving the ticket PDF failed")
            return issued, slip, pdf

        run_in_pool(self, work, lambda result, error: self._issued(result, error, printer))

    def _issued(self, result, error, printer: str) -> None:
        self.busy = False
        self._show_waiting()
        self._priority_hint(self.priority.isChecked())
        self.code_busy.clear()
        if error is not None:
            if isinstance(error, DatabaseUnavailable):
                self._set_online(False)
                if self.poller is not None:
                    self.poller.poll_now()
            if self.pages.currentIndex() == 1 and isinstance(error, ServiceError) \
                    and not isinstance(error, DatabaseUnavailable):
                self.code_error.setText(describe(error))
                return
            if not isinstance(error, ServiceError):
                log.error("issuing a ticket failed", exc_info=error)
            # a visitor gets no driver message: the offline sentence says what to do
            self.message.setText(self.offline.text() if isinstance(error, DatabaseUnavailable) or
                                 not isinstance(error, ServiceError) else describe(error))
            self.pages.setCurrentIndex(3)
            self.back_timer.start(RESULT_SECONDS * 1000)
            return
        issued, slip, pdf = result
        outcome = print_ticket(slip, printer_name=printer) if printer else None
        t = issued.ticket
        self.result_number.setText(t.number)
        self.result_service.setText(t.service_name)
        self.result_ahead.setText(self.tr("Nobody is waiting before you") if issued.waiting_ahead == 0 else
                                  self.tr("%1 people are waiting before you").replace("%1", str(issued.waiting_ahead)))
        if outcome is not None and outcome.printed:
            self.result_note.setText(self.tr("Please take your ticket below and watch the hall display."))
        elif outcome is not None:
            self.result_note.setText(self.tr("The printer did not answer: please remember your number %1 "
                                             "and watch the hall display.").replace("%1", t.number))
        else:
            self.result_note.setText(self.tr("No ticket printer here: please remember your number %1 and "
                                             "watch the hall display.").replace("%1", t.number))
        self.last_outcome = outcome or (pdf and {"pdf": pdf})
        self.pages.setCurrentIndex(2)
        self.priority.setChecked(False)
        self.issued.emit(issued)
        self.back_timer.start(RESULT_SECONDS * 1000)

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
    kiosk.showFullScreen()
    return app.exec()


if __name__ == "__main__":
    sys.exit(run_kiosk())
