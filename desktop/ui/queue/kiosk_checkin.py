"""The kiosk's appointment check-in page: the 6-digit code typed on an on-screen keypad (Keypad), its error
and "being issued" lines, and the way back. The page's texts keep the translation context "KioskWindow" of
the kiosk window that built it first; the keypad's keep "Keypad"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.queue.kiosk_look import CARD, GREEN, INK, RED, Metrics, big_button, fit


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


def appointment_page(kiosk, m: Metrics) -> QWidget:
    """The page; sets on ``kiosk`` the code field and its error and busy lines. Confirm calls
    ``kiosk.check_in``, Back ``kiosk.home``."""
    page = QWidget()
    title = fit(QLabel(QCoreApplication.translate("KioskWindow", "Enter the 6-digit code of your appointment")))
    title.setFixedHeight(m.title_h)
    title.setStyleSheet(f"font-size: {m.title_px}px; font-weight: bold;")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    key_h = round(0.085 * m.height)
    key_w = min(round(0.13 * m.width), round(2.2 * key_h))
    kiosk.code = QLineEdit()
    kiosk.code.setObjectName("code")
    kiosk.code.setMaxLength(6)
    kiosk.code.setReadOnly(True)
    kiosk.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
    kiosk.code.setStyleSheet(f"font-size: {round(0.55 * key_h)}px; font-weight: bold; "
                             f"letter-spacing: {round(0.15 * key_h)}px; padding: 2px; border: 3px solid #c9d6ee; "
                             f"border-radius: 12px; background: white;")
    kiosk.code.setFixedSize(3 * key_w + 2 * m.gap, key_h)
    notes = _notes(kiosk, m)
    keypad = Keypad(key_w, key_h, m.gap)
    keypad.digit.connect(lambda d: kiosk.code.setText(kiosk.code.text() + d))
    keypad.back.connect(lambda: kiosk.code.setText(kiosk.code.text()[:-1]))
    keypad.done.connect(kiosk.check_in)
    back = big_button(m, QCoreApplication.translate("KioskWindow", "Back"), "#5c6b85", "back")
    back.setFixedHeight(key_h)
    back.clicked.connect(kiosk.home)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(m.gap)
    layout.addWidget(title)
    layout.addWidget(kiosk.code, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addWidget(notes)
    layout.addWidget(keypad, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch(1)
    layout.addWidget(back, 0, Qt.AlignmentFlag.AlignHCenter)
    return page


def _notes(kiosk, m: Metrics) -> QWidget:
    """The row under the code: what is wrong with it, or that the ticket is being issued."""
    kiosk.code_error = fit(QLabel())
    kiosk.code_error.setObjectName("code_error")
    kiosk.code_error.setAlignment(Qt.AlignmentFlag.AlignCenter)
    kiosk.code_error.setStyleSheet(f"font-size: {m.offline_px}px; color: {RED}; font-weight: bold;")
    kiosk.code_busy = fit(QLabel())
    kiosk.code_busy.setAlignment(Qt.AlignmentFlag.AlignCenter)
    kiosk.code_busy.setStyleSheet(f"font-size: {m.offline_px}px; color: {GREEN}; font-weight: bold;")
    notes = QWidget()
    notes.setFixedHeight(round(0.045 * m.height))
    notes_row = QHBoxLayout(notes)
    notes_row.setContentsMargins(0, 0, 0, 0)
    notes_row.addWidget(kiosk.code_error)
    notes_row.addWidget(kiosk.code_busy)
    return notes
