"""The ticket kiosk's look: its colours, every size from the screen (Metrics), a label that never grows the
window (fit) and the large touch button (big_button)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

BG, CARD, ACCENT, GREEN, RED, INK = "#eef3fb", "#ffffff", "#1f4e9c", "#1b7f3b", "#c62828", "#14213d"


def fit(label: QLabel) -> QLabel:
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


def big_button(m: Metrics, text: str, colour: str, name: str) -> QPushButton:
    """A wide button of the kiosk's pages (priority lane, appointment, back, done)."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFixedHeight(m.big_h)
    button.setMinimumWidth(min(round(0.2 * m.width), round(2.6 * m.big_h)))
    button.setStyleSheet(f"QPushButton {{ background: {colour}; color: white; font-size: {m.big_px}px; "
                         f"font-weight: bold; border-radius: {m.big_h // 6}px; padding: 0 {m.big_h // 3}px; }}"
                         f"QPushButton:checked {{ background: {GREEN}; border: 6px solid #ffd21f; }}"
                         f"QPushButton:disabled {{ background: #9aa5b8; }}")
    return button
