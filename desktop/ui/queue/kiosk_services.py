"""The kiosk's first page: the service buttons (ServiceButton: letter, name, description and what to expect,
service_status), the priority lane and the way to the appointment check-in. The texts keep the translation context
"KioskWindow" of the kiosk window that built this page first."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop.services import queue as queue_live
from desktop.ui.queue.kiosk_look import ACCENT, CARD, GREEN, INK, RED, Metrics, big_button, fit


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
        self.title = fit(QLabel(name))
        self.title.setObjectName(f"name_{letter}")
        self.title_px = min(round(0.24 * row_h), int(0.95 * text_w / max(1, len(name))))
        self.detail = fit(QLabel(description))
        self.detail_px = max(10, min(round(0.14 * row_h), int(0.95 * text_w / max(1, len(description)))))
        self.waiting = fit(QLabel())
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


def services_page(kiosk, m: Metrics, extra: QWidget | None = None) -> QWidget:
    """The page; sets on ``kiosk`` its title, hint, grid (filled by place_services), priority and appointment
    buttons; ``extra`` (the progress lookup's button) goes beside them."""
    page = QWidget()
    kiosk.title = fit(QLabel(QCoreApplication.translate("KioskWindow", "Please choose what you have come for")))
    kiosk.title.setStyleSheet(f"font-size: {m.title_px}px; font-weight: bold;")
    kiosk.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    kiosk.hint = fit(QLabel())
    kiosk.hint.setObjectName("hint")
    kiosk.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
    kiosk.hint.setStyleSheet(f"font-size: {m.title_px}px; color: {GREEN}; font-weight: bold;")
    kiosk.hint.hide()
    title_box = QWidget()
    title_box.setFixedHeight(m.title_h)
    title_row = QHBoxLayout(title_box)
    title_row.setContentsMargins(0, 0, 0, 0)
    title_row.addWidget(kiosk.title)
    title_row.addWidget(kiosk.hint)
    kiosk.grid = QGridLayout()
    kiosk.grid.setSpacing(m.gap)
    kiosk.priority = big_button(m, QCoreApplication.translate(
        "KioskWindow", "Priority lane: elderly, disabled, military, pregnant"), "#2e7d32", "priority")
    kiosk.priority.setCheckable(True)
    kiosk.appointment = big_button(m, QCoreApplication.translate("KioskWindow", "I have an appointment"), ACCENT,
                                   "appointment")
    bottom = QHBoxLayout()
    bottom.setSpacing(2 * m.gap)
    if extra is None:
        bottom.addWidget(kiosk.priority, 3)
        bottom.addWidget(kiosk.appointment, 2)
    else:  # three in the row: a little smaller type, the priority lane's long words get half of it
        for button, stretch in ((kiosk.priority, 2), (kiosk.appointment, 1), (extra, 1)):
            button.setStyleSheet(button.styleSheet().replace(f"font-size: {m.big_px}px",
                                                             f"font-size: {round(0.85 * m.big_px)}px"))
            button.setMinimumWidth(1)
            bottom.addWidget(button, stretch)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(m.gap)
    layout.addWidget(title_box)
    layout.addLayout(kiosk.grid, 1)
    layout.addLayout(bottom)
    return page


def place_services(grid: QGridLayout, old: dict[int, ServiceButton], services, m: Metrics,
                   issue) -> dict[int, ServiceButton]:
    """(Re)fill the grid with one button per service (id, letter, name, description); a tap calls
    ``issue(service_id)``. Gives the buttons by service id."""
    for button in old.values():
        grid.removeWidget(button)
        button.deleteLater()
    buttons = {}
    columns, rows, row_h, col_w = m.grid(len(services))
    for i, (sid, letter, name, description) in enumerate(services):
        button = ServiceButton(sid, letter, name, description, row_h, col_w)
        button.clicked.connect(lambda _=False, s=sid: issue(s))
        buttons[sid] = button
        grid.addWidget(button, i // columns, i % columns)
    for r in range(rows):
        grid.setRowStretch(r, 1)
    for c in range(columns):
        grid.setColumnStretch(c, 1)
    return buttons


def minutes_text(seconds: int) -> str:
    """An expected wait in whole minutes, at least one."""
    return QCoreApplication.translate("KioskWindow", "about %1 min").replace("%1", str(max(1, round(seconds / 60))))


def service_status(n: int, wait) -> tuple[str, bool]:
    """What a service button says under its name (``n`` waiting, its ServiceWait or None), and whether a
    ticket can be taken."""
    waiting = QCoreApplication.translate("KioskWindow", "%1 waiting").replace("%1", str(n))
    if wait is None:
        return waiting, True
    if wait.state == "no_window":
        return QCoreApplication.translate("KioskWindow", "No tickets: no window offers it"), False
    if wait.state == "no_staff":
        return QCoreApplication.translate("KioskWindow", "No tickets now: nobody at its window"), False
    if wait.state == "paused":
        return waiting + " · " + QCoreApplication.translate("KioskWindow", "its window is on a break"), True
    expected = queue_live.expected_wait(ahead=n, open_windows=wait.open_windows,
                                        free_windows=wait.free_windows, service_seconds=wait.service_seconds)
    if expected is None:
        return waiting, True
    return waiting + " · " + (QCoreApplication.translate("KioskWindow", "no wait") if expected == 0
                              else minutes_text(expected)), True
