"""The hall display's board: its colours, the call sentence (call_text), a window's tile (Tile,
place_tiles), a service's waiting count (WaitingCell, fill_waiting), and the "now calling" banner, the recent
calls panel and the waiting row it is laid out from. The texts keep the translation context "HallDisplay" of
the display that showed them first."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout

from desktop.services.queue import Call

BG = "#0a1a33"
PANEL = "#12284d"
CLOSED = "#0d1f3c"  # a window nobody is signed in to
DIM = "#5f7196"
YELLOW = "#ffd21f"
WHITE = "#ffffff"
SOFT = "#b9c8e6"
RED = "#ff5a4f"


def call_text(number: str, window_no: int) -> str:
    """「请 A012 号到 3 号窗口办理」"""
    return QCoreApplication.translate("HallDisplay", "Ticket %1, please go to window %2").replace(
        "%1", number).replace("%2", str(window_no))


def fit(label: QLabel) -> QLabel:
    """A label never makes the display larger than its screen: a text too long is cut, the layout stays."""
    label.setMinimumSize(1, 1)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class Tile(QFrame):
    """One window: the ticket it calls or serves, "Paused", or a dash (idle; dimmed when nobody is signed in)."""

    def __init__(self, number: int, unit: float):
        super().__init__()
        self.number = number
        self.unit = unit
        self.setObjectName(f"tile_{number}")
        self.title = fit(QLabel(QCoreApplication.translate("HallDisplay", "Window %1").replace("%1", str(number))))
        self.value = fit(QLabel("—"))
        self.value.setObjectName(f"tile_value_{number}")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        self.shown: tuple | None = None
        self.show_call(None, paused=False, fresh=False, staffed=False)

    def show_call(self, call: Call | None, *, paused: bool, fresh: bool, staffed: bool = True) -> None:
        state = (call.number if call else None, paused, fresh, staffed)
        if state == self.shown:
            return  # refreshed several times a second: restyled only when something changed
        self.shown = state
        u = self.unit
        if paused:
            text, colour, size = QCoreApplication.translate("HallDisplay", "Paused"), RED, int(42 * u)
        elif call is None:
            text, colour, size = "—", SOFT if staffed else DIM, int(48 * u)
        else:
            text, colour, size = call.number, YELLOW, int(56 * u)
        closed = call is None and not paused and not staffed
        background = YELLOW if fresh else CLOSED if closed else PANEL
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {BG if fresh else colour}; font-size: {size}px; font-weight: bold;")
        self.setStyleSheet(f"#tile_{self.number} {{ background: {background}; border-radius: {int(12 * u)}px; }}")
        self.title.setStyleSheet(f"color: {BG if fresh else DIM if closed else SOFT}; font-size: {int(28 * u)}px; "
                                 f"font-weight: bold;")


class WaitingCell(QFrame):
    """One service's waiting count, readable across the hall: its name above, letter and count in large type."""

    def __init__(self, letter: str, name: str, unit: float):
        super().__init__()
        self.letter = letter
        self.setObjectName(f"waiting_{letter}")
        self.setStyleSheet(f"#waiting_{letter} {{ background: {PANEL}; border-radius: {int(10 * unit)}px; }}")
        self.name = fit(QLabel(name))
        self.name.setObjectName("waiting_name")
        self.name.setStyleSheet(f"font-size: {int(26 * unit)}px; color: {SOFT}; font-weight: bold;")
        self.count = fit(QLabel())
        self.count.setObjectName("waiting_count")
        self.count_px = int(50 * unit)
        for label in (self.name, self.count):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(int(6 * unit), int(2 * unit), int(6 * unit), int(2 * unit))
        layout.setSpacing(0)
        layout.addWidget(self.name)
        layout.addWidget(self.count)

    def set_count(self, waiting: int, text: str) -> None:
        self.count.setText(text)
        self.count.setStyleSheet(f"font-size: {self.count_px}px; font-weight: bold; "
                                 f"color: {YELLOW if waiting else SOFT};")


def now_panel(display, u: float) -> QFrame:
    """The call being made now; sets on ``display`` the banner (now_panel) and its labels (now_caption,
    now_number, now_window, now_text). Its colours come from the display's _style_now."""
    display.now_panel = QFrame()
    display.now_panel.setObjectName("now")
    display.now_caption = fit(QLabel(QCoreApplication.translate("HallDisplay", "Now calling")))
    display.now_caption.setObjectName("now_caption")
    display.now_number = QLabel("—")
    display.now_number.setMinimumSize(1, 1)  # it holds the idle sentence too: cut rather than grow the window
    display.now_number.setObjectName("now_number")
    display.now_window = QLabel()
    display.now_window.setObjectName("now_window")
    display.now_text = fit(QLabel())
    display.now_text.setObjectName("now_text")
    for label in (display.now_caption, display.now_number, display.now_window, display.now_text):
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    now_row = QHBoxLayout()
    now_row.addStretch(1)
    now_row.addWidget(display.now_number)
    now_row.addSpacing(int(60 * u))
    now_row.addWidget(display.now_window)
    now_row.addStretch(1)
    now_layout = QVBoxLayout(display.now_panel)
    now_layout.setContentsMargins(int(20 * u), int(6 * u), int(20 * u), int(10 * u))
    now_layout.setSpacing(0)
    now_layout.addWidget(display.now_caption)
    now_layout.addLayout(now_row)
    now_layout.addWidget(display.now_text)
    display.now_panel.setFixedHeight(int(270 * u))
    return display.now_panel


def recent_panel(display, u: float) -> QFrame:
    """The recent calls; sets on ``display`` the box their rows go in (recent_box)."""
    display.recent_box = QVBoxLayout()
    display.recent_box.setSpacing(int(2 * u))
    panel = QFrame()
    panel.setObjectName("recent")
    panel.setStyleSheet(f"#recent {{ background: {PANEL}; border-radius: {int(16 * u)}px; }}")
    title = fit(QLabel(QCoreApplication.translate("HallDisplay", "Recent calls")))
    title.setStyleSheet(f"font-size: {int(40 * u)}px; font-weight: bold; color: {SOFT};")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(int(24 * u), int(12 * u), int(24 * u), int(12 * u))
    layout.addWidget(title)
    layout.addSpacing(int(6 * u))
    layout.addLayout(display.recent_box)
    layout.addStretch(1)
    panel.setFixedWidth(int(600 * u))
    panel.setMinimumHeight(1)
    return panel


def waiting_row(display, u: float) -> QHBoxLayout:
    """Waiting per service, large enough to read from the back of the hall; sets on ``display`` the grid of
    the cells (waiting_box) and its title (waiting_title)."""
    display.waiting_box = QGridLayout()
    display.waiting_box.setHorizontalSpacing(int(12 * u))
    display.waiting_box.setVerticalSpacing(int(8 * u))
    display.waiting_title = QLabel(QCoreApplication.translate("HallDisplay", "Waiting"))
    display.waiting_title.setObjectName("waiting_title")
    display.waiting_title.setStyleSheet(f"font-size: {int(40 * u)}px; font-weight: bold; color: {SOFT};")
    display.waiting_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    row = QHBoxLayout()
    row.setSpacing(int(16 * u))
    row.addWidget(display.waiting_title)
    row.addLayout(display.waiting_box, 1)
    return row


def place_tiles(box: QGridLayout, old: dict[int, Tile], numbers: list[int], unit: float) -> dict[int, Tile]:
    """(Re)fill the grid with one tile per window, four or six a row; gives the tiles by window number."""
    for tile in old.values():
        box.removeWidget(tile)
        tile.deleteLater()
    tiles = {}
    columns = 6 if len(numbers) > 12 else 4
    for i, n in enumerate(numbers):
        tile = Tile(n, unit)
        tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        tile.setMinimumSize(1, 1)
        tiles[n] = tile
        box.addWidget(tile, i // columns, i % columns)
    return tiles


def fill_waiting(box: QGridLayout, cells: list[WaitingCell], services, waiting: dict[int, int],
                 unit: float) -> list[WaitingCell]:
    """The waiting count of each service (id, letter, name, description) in two rows; the cells are made
    again only when the services changed. Gives the cells."""
    if [c.letter for c in cells] != [s[1] for s in services]:
        while box.count():
            item = box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        cells = []
        columns = max(1, -(-len(services) // 2))  # two rows
        for i, (_sid, letter, name, _desc) in enumerate(services):
            cell = WaitingCell(letter, name, unit)
            box.addWidget(cell, i // columns, i % columns)
            cells.append(cell)
        for c in range(columns):
            box.setColumnStretch(c, 1)
    for cell, (sid, letter, _name, _desc) in zip(cells, services, strict=True):
        n = waiting.get(sid, 0)
        cell.set_count(n, QCoreApplication.translate("HallDisplay", "%1  %2 waiting").replace(
            "%1", letter).replace("%2", str(n)))
    return cells
