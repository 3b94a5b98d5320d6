"""``onestop kiosk``: the ticket kiosk (取号机), full screen and touch-sized.

A visitor picks a service (optionally the priority lane, 绿色通道), or checks in an appointment with its
code on an on-screen keypad, and gets a printed ticket: center, number in large type, service, people
waiting ahead, time. Without a printer the ticket is saved as a PDF and the number is shown large on
screen. Each service shows, live, how many wait and about how long (queue_live.service_waits); a service
nobody is signed in to serve is greyed out with the reason, and a tap on it explains and issues nothing.
When the database goes away the kiosk says so, refuses to issue, and recovers by itself.

Every size comes from the screen's height (Metrics), so the kiosk fits a 1366×768 screen as well as a
1920×1080 one whatever CJK font the system has.
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

from desktop.services import calendar
from desktop.services import queue as hall_voice
from desktop.services import queue as queue_live
from desktop.services import queue as queue_ticket
from desktop.services.errors import DatabaseUnavailable, ServiceError
from desktop.services.queue import ServiceUnavailable
from desktop.ui import ops
from desktop.ui.calendar_texts import hall_closed_text
from desktop.ui.messages import describe
from desktop.ui.queue.poller import QueuePoller, run_in_pool
from desktop.ui.ticket_printer import default_printer_name, print_escpos, print_ticket

log = logging.getLogger(__name__)
RESULT_SECONDS = 12
BG, CARD, ACCENT, GREEN, RED, INK = "#eef3fb", "#ffffff", "#1f4e9c", "#1b7f3b", "#c62828", "#14213d"


def _fit(label: QLabel) -> QLabel:
    """A label never makes the kiosk larger than its screen: too long a text is cut, not the layout grown."""
    label.setMinimumSize(1, 1)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class Metrics:
    """Every size of the kiosk, from its screen: the pages fill the height exactly, fonts and touch targets
    scale with it. (Fixed sizes in a layout would make the window taller than a 768-line screen.)"""

    def __init__(self, width: int, height: int):
        w, h = width, height
        self.width, self.height = w, h
        self.margin_x, self.margin_top, self.margin_bottom = round(0.02 * w), round(0.018 * h), round(0.012 * h)
        self.gap = round(0.012 * h)
        self.header_h, self.center_px, self.clock_px = round(0.065 * h), round(0.04 * h), round(0.03 * h)
        self.title_h, self.title_px = round(0.055 * h), round(0.036 * h)
        self.big_h, self.big_px = round(0.1 * h), round(0.032 * h)
        self.hours_h, self.hours_px = round(0.035 * h), round(0.022 * h)
        self.offline_px = round(0.028 * h)
        self.page_h = h - self.margin_top - self.margin_bottom - self.header_h - self.hours_h - 2 * self.gap
        self.inner_w = w - 2 * self.margin_x

    def grid(self, services: int) -> tuple[int, int, int, int]:
        """Columns, rows, row height and column width of the service buttons (at most four rows)."""
        columns = max(2, -(-services // 4))
        rows = max(1, -(-services // columns))
        grid_h = self.page_h - self.title_h - self.big_h - 2 * self.gap
        return (columns, rows, (grid_h - (rows - 1) * self.gap) // rows,
                (self.inner_w - (columns - 1) * self.gap) // columns)


class ServiceButton(QPushButton):
    """A large touch target: letter, service name, description, and what to expect (waiting, expected wait,
    or why no ticket can be taken now)."""

    def __init__(self, service_id: int, letter: str, name: str, description: str, row_h: int, col_w: int):
        super().__init__()
        self.service_id = service_id
        self.available = True
        self.setObjectName(f"service_{letter}")
        self.setMinimumSize(1, max(1, round(0.6 * row_h)))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.radius = max(6, round(0.12 * row_h))
        pad = round(0.08 * row_h)
        size = min(round(0.56 * row_h), round(0.2 * col_w))
        text_w = max(1, col_w - size - 3 * pad - 8)
        self.badge = QLabel(letter)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedSize(size, size)
        self.badge_px = round(0.58 * size)
        self.title = _fit(QLabel(name))
        self.title.setObjectName(f"name_{letter}")
        self.title_px = min(round(0.24 * row_h), int(0.95 * text_w / max(1, len(name))))
        self.detail = _fit(QLabel(description))
        self.detail_px = max(10, min(round(0.14 * row_h), int(0.95 * text_w / max(1, len(description)))))
        self.waiting = _fit(QLabel())
        self.waiting.setObjectName(f"status_{letter}")
        self.status_px = min(round(0.17 * row_h), int(0.95 * text_w / 14))
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addStretch(1)
        text.addWidget(self.title)
        text.addWidget(self.detail)
        text.addWidget(self.waiting)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(pad, round(0.05 * row_h), pad, round(0.05 * row_h))
        row.setSpacing(pad)
        row.addWidget(self.badge)
        row.addLayout(text, 1)
        for label in (self.badge, self.title, self.detail, self.waiting):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.set_state("", available=True)

    def set_state(self, text: str, *, available: bool) -> None:
        """``available`` False greys the service out and shows why in red; a tap then says it in full."""
        self.available = available
        self.waiting.setText(text)
        accent, ink, soft, status, card = (ACCENT, INK, "#4a5a78", ACCENT, CARD) if available else \
            ("#9aa5b8", "#6b7489", "#8a93a6", RED, "#eceff3")
        self.setStyleSheet(
            f"QPushButton {{ background: {card}; border: 3px solid #c9d6ee; border-radius: {self.radius}px; }}"
            f"QPushButton:pressed {{ background: #dbe7ff; border-color: {ACCENT}; }}"
            f"QPushButton:disabled {{ background: #e7e7e7; }}")
        self.badge.setStyleSheet(f"background: {accent}; color: white; border-radius: {self.badge.width() // 2}px; "
                                 f"font-size: {self.badge_px}px; font-weight: bold;")
        self.title.setStyleSheet(f"font-size: {self.title_px}px; font-weight: bold; color: {ink};")
        self.detail.setStyleSheet(f"font-size: {self.detail_px}px; color: {soft};")
        self.waiting.setStyleSheet(f"font-size: {self.status_px}px; color: {status}; font-weight: bold;")


class Keypad(QWidget):
    """Digits for the appointment code; no physical keyboard needed."""

    digit = Signal(str)
    back = Signal()
    done = Signal()

    def __init__(self, key_w: int, key_h: int, gap: int, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(gap)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, key in enumerate(keys):
            button = QPushButton(self.tr("Confirm") if key == "OK" else key)
            button.setObjectName(f"key_{key}")
            button.setFixedSize(key_w, key_h)
            colour = GREEN if key == "OK" else CARD
            fg = "white" if key == "OK" else INK
            px = round(0.42 * key_h) if key != "OK" else round(0.34 * key_h)
            button.setStyleSheet(f"QPushButton {{ background: {colour}; color: {fg}; font-size: {px}px; "
                                 f"font-weight: bold; border: 2px solid #c9d6ee; border-radius: {key_h // 7}px; }}"
                                 f"QPushButton:pressed {{ background: #dbe7ff; }}")
            if key == "⌫":
                button.clicked.connect(self.back)
            elif key == "OK":
                button.clicked.connect(self.done)
            else:
                button.clicked.connect(lambda _=False, k=key: self.digit.emit(k))
            grid.addWidget(button, i // 3, i % 3)


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
        self.center_label = _fit(QLabel())
        self.center_label.setStyleSheet(f"font-size: {m.center_px}px; font-weight: bold; color: {ACCENT};")
        self.clock_label = QLabel()
        self.clock_label.setStyleSheet(f"font-size: {m.clock_px}px; color: #4a5a78;")
        header_box = QWidget()
        header_box.setFixedHeight(m.header_h)
        header = QHBoxLayout(header_box)
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.center_label, 1)
        header.addWidget(self.clock_label)
        self.offline = _fit(QLabel(self.tr("The system is reconnecting. Tickets cannot be issued for a moment — "
                                           "please wait or ask at window 1.")))
        self.offline.setObjectName("offline")
        self.offline.setWordWrap(True)
        self.offline.setStyleSheet(f"background: {RED}; color: white; font-size: {m.offline_px}px; "
                                   f"font-weight: bold; padding: 6px 18px; border-radius: 10px;")
        self.offline.hide()

        self.pages = QStackedWidget()
        self.pages.addWidget(self._services_page())
        self.pages.addWidget(self._appointment_page())
        self.pages.addWidget(self._result_page())
        self.pages.addWidget(self._message_page())
        self.pages.setMinimumSize(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.margin_x, m.margin_top, m.margin_x, m.margin_bottom)
        layout.setSpacing(m.gap)
        layout.addWidget(header_box)
        layout.addWidget(self.offline)
        layout.addWidget(self.pages, 1)
        self.hours_label = _fit(QLabel())
        self.hours_label.setFixedHeight(m.hours_h)
        self.hours_label.setStyleSheet(f"font-size: {m.hours_px}px; color: #4a5a78;")
        layout.addWidget(self.hours_label)

    def _big_button(self, text: str, colour: str, name: str) -> QPushButton:
        m = self.m
        button = QPushButton(text)
        button.setObjectName(name)
        button.setFixedHeight(m.big_h)
        button.setMinimumWidth(min(round(0.2 * m.width), round(2.6 * m.big_h)))
        button.setStyleSheet(f"QPushButton {{ background: {colour}; color: white; font-size: {m.big_px}px; "
                             f"font-weight: bold; border-radius: {m.big_h // 6}px; padding: 0 {m.big_h // 3}px; }}"
                             f"QPushButton:checked {{ background: {GREEN}; border: 6px solid #ffd21f; }}"
                             f"QPushButton:disabled {{ background: #9aa5b8; }}")
        return button

    def _services_page(self) -> QWidget:
        m = self.m
        page = QWidget()
        self.title = _fit(QLabel(self.tr("Please choose what you have come for")))
        self.title.setStyleSheet(f"font-size: {m.title_px}px; font-weight: bold;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = _fit(QLabel())
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet(f"font-size: {m.title_px}px; color: {GREEN}; font-weight: bold;")
        self.hint.hide()
        title_box = QWidget()
        title_box.setFixedHeight(m.title_h)
        title_row = QHBoxLayout(title_box)
        title_row.setContentsMargins(0, 0, 0, 0)
        title_row.addWidget(self.title)
        title_row.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setSpacing(m.gap)
        self.priority = self._big_button(self.tr("Priority lane: elderly, disabled, military, pregnant"),
                                         "#2e7d32", "priority")
        self.priority.setCheckable(True)
        self.appointment = self._big_button(self.tr("I have an appointment"), ACCENT, "appointment")
        self.appointment.clicked.connect(self.show_appointment)
        self.priority.toggled.connect(self._priority_hint)
        bottom = QHBoxLayout()
        bottom.setSpacing(2 * m.gap)
        bottom.addWidget(self.priority, 3)
        bottom.addWidget(self.appointment, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(m.gap)
        layout.addWidget(title_box)
        layout.addLayout(self.grid, 1)
        layout.addLayout(bottom)
        return page

    def _appointment_page(self) -> QWidget:
        m = self.m
        page = QWidget()
        title = _fit(QLabel(self.tr("Enter the 6-digit code of your appointment")))
        title.setFixedHeight(m.title_h)
        title.setStyleSheet(f"font-size: {m.title_px}px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        key_h = round(0.085 * m.height)
        key_w = min(round(0.13 * m.width), round(2.2 * key_h))
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setMaxLength(6)
        self.code.setReadOnly(True)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setStyleSheet(f"font-size: {round(0.55 * key_h)}px; font-weight: bold; "
                                f"letter-spacing: {round(0.15 * key_h)}px; padding: 2px; border: 3px solid #c9d6ee; "
                                f"border-radius: 12px; background: white;")
        self.code.setFixedSize(3 * key_w + 2 * m.gap, key_h)
        self.code_error = _fit(QLabel())
        self.code_error.setObjectName("code_error")
        self.code_error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_error.setStyleSheet(f"font-size: {m.offline_px}px; color: {RED}; font-weight: bold;")
        self.code_busy = _fit(QLabel())
        self.code_busy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_busy.setStyleSheet(f"font-size: {m.offline_px}px; color: {GREEN}; font-weight: bold;")
        notes = QWidget()
        notes.setFixedHeight(round(0.045 * m.height))
        notes_row = QHBoxLayout(notes)
        notes_row.setContentsMargins(0, 0, 0, 0)
        notes_row.addWidget(self.code_error)
        notes_row.addWidget(self.code_busy)
        keypad = Keypad(key_w, key_h, m.gap)
        keypad.digit.connect(lambda d: self.code.setText(self.code.text() + d))
        keypad.back.connect(lambda: self.code.setText(self.code.text()[:-1]))
        keypad.done.connect(self.check_in)
        back = self._big_button(self.tr("Back"), "#5c6b85", "back")
        back.setFixedHeight(key_h)
        back.clicked.connect(self.home)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(m.gap)
        layout.addWidget(title)
        layout.addWidget(self.code, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(notes)
        layout.addWidget(keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    def _result_page(self) -> QWidget:
        m = self.m
        page = QFrame()
        page.setObjectName("result")
        page.setStyleSheet(f"#result {{ background: {CARD}; border-radius: {round(0.022 * m.height)}px; }}")
        self.result_caption = QLabel(self.tr("Your number"))
        self.result_number = QLabel()
        self.result_number.setObjectName("result_number")
        self.result_service = QLabel()
        self.result_ahead = QLabel()
        self.result_ahead.setObjectName("result_ahead")
        self.result_wait = QLabel()
        self.result_wait.setObjectName("result_wait")
        self.result_note = QLabel()
        self.result_note.setObjectName("result_note")
        self.result_note.setWordWrap(True)
        styles = ((self.result_caption, 0.034, INK), (self.result_number, 0.16, ACCENT),
                  (self.result_service, 0.045, INK), (self.result_ahead, 0.036, INK),
                  (self.result_wait, 0.036, GREEN), (self.result_note, 0.026, "#4a5a78"))
        layout = QVBoxLayout(page)
        layout.setContentsMargins(m.margin_x, m.gap, m.margin_x, m.gap)
        layout.setSpacing(0)
        layout.addStretch(1)
        for label, share, colour in styles:
            _fit(label)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet(f"font-size: {round(share * m.height)}px; font-weight: bold; color: {colour};")
            layout.addWidget(label)
        done = self._big_button(self.tr("Done"), GREEN, "done")
        done.clicked.connect(self.home)
        layout.addStretch(1)
        layout.addWidget(done, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    def _message_page(self) -> QWidget:
        m = self.m
        page = QFrame()
        page.setObjectName("message_page")
        page.setStyleSheet(f"#message_page {{ background: {CARD}; border-radius: {round(0.022 * m.height)}px; }}")
        self.message = _fit(QLabel())
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet(f"font-size: {round(0.042 * m.height)}px; font-weight: bold; color: {INK};")
        ok = self._big_button(self.tr("Back"), ACCENT, "message_back")
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
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        columns, rows, row_h, col_w = self.m.grid(len(self.setup.services))
        for i, (sid, letter, name, description) in enumerate(self.setup.services):
            button = ServiceButton(sid, letter, name, description, row_h, col_w)
            button.clicked.connect(lambda _=False, s=sid: self.issue(s))
            self.buttons[sid] = button
            self.grid.addWidget(button, i // columns, i % columns)
        for r in range(rows):
            self.grid.setRowStretch(r, 1)
        for c in range(columns):
            self.grid.setColumnStretch(c, 1)
        self._show_waiting()

    def _minutes(self, seconds: int) -> str:
        return self.tr("about %1 min").replace("%1", str(max(1, round(seconds / 60))))

    def _status(self, sid: int) -> tuple[str, bool]:
        """What a service button says under its name, and whether a ticket can be taken."""
        n = self.waiting.get(sid, 0)
        wait = self.waits.get(sid)
        waiting = self.tr("%1 waiting").replace("%1", str(n))
        if wait is None:
            return waiting, True
        if wait.state == "no_window":
            return self.tr("No tickets: no window offers it"), False
        if wait.state == "no_staff":
            return self.tr("No tickets now: nobody at its window"), False
        if wait.state == "paused":
            return waiting + " · " + self.tr("its window is on a break"), True
        expected = queue_live.expected_wait(ahead=n, open_windows=wait.open_windows,
                                            free_windows=wait.free_windows, service_seconds=wait.service_seconds)
        if expected is None:
            return waiting, True
        return waiting + " · " + (self.tr("no wait") if expected == 0 else self._minutes(expected)), True

    def _show_waiting(self) -> None:
        for sid, button in self.buttons.items():
            text, available = self._status(sid)
            button.set_state(text, available=available)
            button.setEnabled(self.online and not self.busy)
        self.appointment.setEnabled(self.online and not self.busy)

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
        self._run(lambda uow: queue_live.issue_at_kiosk(uow, service_id=service_id, priority=priority))

    def check_in(self) -> None:
        code = self.code.text()
        if len(code) != 6:
            self.code_error.setText(self.tr("The code has 6 digits."))
            return
        if self.busy or not self.online:
            return
        self._run(lambda uow: queue_live.check_in_at_kiosk(uow, code=code))

    def _run(self, action) -> None:
        """Issue on a pool thread (the database may be slow to answer); print or save, then show."""
        self.busy = True
        self._show_waiting()
        self._set_hint(self.tr("Your ticket is being issued, one moment…"))
        self.code_busy.setText(self.tr("Your ticket is being issued, one moment…"))
        self.code_error.clear()
        # the printer: the one given (tests), else the administrator's choice (system, ESC/POS, PDF)
        explicit = self.printer_name
        default = default_printer_name() if explicit is None else ""
        center = self.setup.center_name

        def work(uow):
            issued = action(uow)
            wait = queue_live.service_waits(self.ctx.uow(read_only=True)).get(issued.ticket.service_id)
            expected = None if wait is None or not wait.open_windows else queue_live.expected_wait(
                ahead=issued.waiting_ahead, open_windows=wait.open_windows, free_windows=wait.free_windows,
                service_seconds=wait.service_seconds)
            slip = queue_ticket.slip_for(issued, center)
            printer, outcome = explicit, None
            if explicit is None:
                try:
                    settings = hall_voice.get_printer_settings(self.ctx.uow(read_only=True))
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

        ops.Op(self, self.ctx, work, area="queue").success(lambda result: self._issued(result, None)).failure(
            lambda error: self._issued(None, error)).run_in_background()

    def _issued(self, result, error) -> None:
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
            return
        issued, slip, pdf, wait, expected, printer, outcome = result
        if outcome is None and printer:
            outcome = print_ticket(slip, printer_name=printer)
        t = issued.ticket
        self.result_number.setText(t.number)
        self.result_service.setText(t.service_name)
        self.result_ahead.setText(self.tr("Nobody is waiting before you") if issued.waiting_ahead == 0 else
                                  self.tr("%1 people are waiting before you").replace("%1", str(issued.waiting_ahead)))
        if expected is not None:
            self.result_wait.setText(self.tr("No wait: you will be called in a moment") if expected == 0 else
                                     self.tr("Expected wait: %1").replace("%1", self._minutes(expected)))
        elif wait is not None and wait.state == "paused":
            self.result_wait.setText(self.tr("Its window is on a break; calls go on in order when it is back"))
        else:
            self.result_wait.setText("")
        if wait is not None:  # the buttons show the ticket just taken at once
            self.waits[wait.service_id] = wait
            self.waiting[wait.service_id] = wait.waiting
            self._show_waiting()
        problem = outcome is not None and not outcome.printed
        self.result_note.setStyleSheet(self.result_note.styleSheet().replace("#4a5a78", RED) if problem else
                                       self.result_note.styleSheet().replace(RED, "#4a5a78"))
        if problem:  # for the administrator: the kiosk's log says which printer and why
            log.warning("kiosk: ticket %s not printed on %s (%s) %s", issued.ticket.number, outcome.printer,
                        outcome.problem, outcome.detail)
        if outcome is not None and outcome.printed:
            self.result_note.setText(self.tr("Please take your ticket below and watch the hall display."))
        elif outcome is not None and outcome.problem == "paper_out":
            self.result_note.setText(self.tr("The ticket printer is out of paper: please remember your number %1 "
                                             "and watch the hall display.").replace("%1", t.number))
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
    # frameless: a window manager that maps the window before it reads the full-screen request cannot put a
    # title bar on it (seen with openbox: the kiosk stood 20 px below the top and its last row went off screen)
    kiosk.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    kiosk.showFullScreen()
    return app.exec()


if __name__ == "__main__":
    sys.exit(run_kiosk())
