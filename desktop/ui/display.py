"""``onestop display``: the hall display (叫号屏), full screen on any connected screen.

It shows the current call of every window, the last several calls, waiting counts per service, the clock
and the center's name, readable from across the hall at 1920×1080. A new call flashes and is announced
(chime + voice, queued, never cut off). Names are masked. The display rebuilds its state from today's
queue events when it starts, and when the database goes away it keeps the last state, says it is
reconnecting, and carries on by itself once the database is back.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.services import queue_live
from desktop.services.errors import DatabaseTooNew
from desktop.services.queue_live import Call, HallBoard
from desktop.ui.queue.announcer import Announcer
from desktop.ui.queue.poller import QueuePoller, run_in_pool

log = logging.getLogger(__name__)
ANNOUNCE_WITHIN_S = 90  # calls older than this (e.g. made while the database was away) are shown, not spoken
FLASH_TIMES = 8
FLASH_MS = 380

BG = "#0a1a33"
PANEL = "#12284d"
YELLOW = "#ffd21f"
WHITE = "#ffffff"
SOFT = "#b9c8e6"
RED = "#ff5a4f"


def call_text(number: str, window_no: int) -> str:
    """「请 A012 号到 3 号窗口办理」"""
    return QCoreApplication.translate("HallDisplay", "Ticket %1, please go to window %2").replace(
        "%1", number).replace("%2", str(window_no))


class _Tile(QFrame):
    """One window: its number and the ticket it called last (or paused)."""

    def __init__(self, number: int, unit: float):
        super().__init__()
        self.number = number
        self.setObjectName("tile")
        self.title = QLabel(QCoreApplication.translate("HallDisplay", "Window %1").replace("%1", str(number)))
        self.value = QLabel("—")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet(f"color: {SOFT}; font-size: {int(30 * unit)}px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 6)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        self.unit = unit
        self.show_call(None, paused=False, fresh=False)

    def show_call(self, call: Call | None, *, paused: bool, fresh: bool) -> None:
        u = self.unit
        if paused:
            text, colour, size = QCoreApplication.translate("HallDisplay", "Paused"), RED, int(44 * u)
        elif call is None:
            text, colour, size = "—", SOFT, int(52 * u)
        else:
            text, colour, size = call.number, YELLOW, int(60 * u)
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {BG if fresh else colour}; font-size: {size}px; font-weight: bold;")
        self.setStyleSheet(f"#tile {{ background: {YELLOW if fresh else PANEL}; border-radius: {int(12 * u)}px; }}")
        self.title.setStyleSheet(f"color: {BG if fresh else SOFT}; font-size: {int(30 * u)}px; font-weight: bold;")


class HallDisplay(QWidget):
    def __init__(self, ctx=None, *, url: str | None = None, announcer: Announcer | None = None,
                 size: tuple[int, int] = (1920, 1080), parent=None):
        super().__init__(parent)
        self.ctx, self.url = ctx, url
        self.setWindowTitle(self.tr("OneStop hall display"))
        self.unit = size[1] / 1080
        self.board = HallBoard()
        self.setup: queue_live.HallSetup | None = None
        self.waiting: dict[int, int] = {}
        self.online = True
        self.loaded = False
        self.fresh_window: int | None = None
        self._flashes = 0
        self.announcer = announcer if announcer is not None else Announcer(parent=self)
        self.announcer.setParent(self)
        self.announcer.voice_changed.connect(self._voice_note)
        self.poller: QueuePoller | None = None
        self._build()
        self._voice_note(self.announcer.voice_ready)
        self.clock_timer = QTimer(self)
        self.clock_timer.timeout.connect(self._tick)
        self.clock_timer.start(1000)
        self.flash_timer = QTimer(self)
        self.flash_timer.timeout.connect(self._flash)
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self.load)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
        self._tick()
        QTimer.singleShot(0, self.load)

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        u = self.unit
        self.setStyleSheet(f"HallDisplay {{ background: {BG}; }} QWidget {{ font-family: 'Noto Sans CJK SC', "
                           f"'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif; }} QLabel {{ color: {WHITE}; "
                           f"font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif; }}")
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        self.setPalette(pal)

        self.center_label = QLabel()
        self.center_label.setStyleSheet(f"font-size: {int(52 * u)}px; font-weight: bold;")
        self.date_label = QLabel()
        self.date_label.setStyleSheet(f"font-size: {int(34 * u)}px; color: {SOFT};")
        self.time_label = QLabel()
        self.time_label.setStyleSheet(f"font-size: {int(60 * u)}px; font-weight: bold;")
        header = QHBoxLayout()
        header.addWidget(self.center_label, 1)
        header.addWidget(self.date_label)
        header.addSpacing(int(24 * u))
        header.addWidget(self.time_label)

        # the call being made now
        self.now_panel = QFrame()
        self.now_panel.setObjectName("now")
        self.now_caption = QLabel(self.tr("Now calling"))
        self.now_caption.setObjectName("now_caption")
        self.now_number = QLabel("—")
        self.now_number.setObjectName("now_number")
        self.now_window = QLabel()
        self.now_window.setObjectName("now_window")
        self.now_text = QLabel()
        self.now_text.setObjectName("now_text")
        for label in (self.now_caption, self.now_number, self.now_window, self.now_text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        now_row = QHBoxLayout()
        now_row.addStretch(1)
        now_row.addWidget(self.now_number)
        now_row.addSpacing(int(60 * u))
        now_row.addWidget(self.now_window)
        now_row.addStretch(1)
        now_layout = QVBoxLayout(self.now_panel)
        now_layout.setContentsMargins(int(20 * u), int(10 * u), int(20 * u), int(16 * u))
        now_layout.addWidget(self.now_caption)
        now_layout.addLayout(now_row)
        now_layout.addWidget(self.now_text)
        self._style_now(flash=False)

        self.recent_labels: list[QLabel] = []
        self.waiting_labels: list[QLabel] = []
        self.tiles_box = QGridLayout()
        self.tiles_box.setSpacing(int(14 * u))
        self.tiles: dict[int, _Tile] = {}

        # recent calls
        self.recent_box = QVBoxLayout()
        self.recent_box.setSpacing(int(2 * u))
        recent_panel = QFrame()
        recent_panel.setObjectName("recent")
        recent_panel.setStyleSheet(f"#recent {{ background: {PANEL}; border-radius: {int(16 * u)}px; }}")
        recent_title = QLabel(self.tr("Recent calls"))
        recent_title.setStyleSheet(f"font-size: {int(40 * u)}px; font-weight: bold; color: {SOFT};")
        recent_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        recent_layout = QVBoxLayout(recent_panel)
        recent_layout.setContentsMargins(int(24 * u), int(16 * u), int(24 * u), int(16 * u))
        recent_layout.addWidget(recent_title)
        recent_layout.addSpacing(int(8 * u))
        recent_layout.addLayout(self.recent_box)
        recent_layout.addStretch(1)
        recent_panel.setFixedWidth(int(640 * u))

        left = QVBoxLayout()
        left.setSpacing(int(18 * u))
        left.addWidget(self.now_panel)
        left.addLayout(self.tiles_box, 1)
        middle = QHBoxLayout()
        middle.setSpacing(int(22 * u))
        middle.addLayout(left, 1)
        middle.addWidget(recent_panel)

        # waiting per service
        self.waiting_box = QGridLayout()
        self.waiting_box.setHorizontalSpacing(int(24 * u))
        self.waiting_box.setVerticalSpacing(int(4 * u))
        waiting_title = QLabel(self.tr("Waiting"))
        waiting_title.setStyleSheet(f"font-size: {int(34 * u)}px; font-weight: bold; color: {SOFT};")
        waiting_row = QHBoxLayout()
        waiting_row.addWidget(waiting_title, 0, Qt.AlignmentFlag.AlignTop)
        waiting_row.addSpacing(int(18 * u))
        waiting_row.addLayout(self.waiting_box, 1)

        # status: no voice, reconnecting
        self.voice_label = QLabel()
        self.voice_label.setObjectName("voice_note")
        self.voice_label.setStyleSheet(f"font-size: {int(26 * u)}px; color: {SOFT};")
        self.offline_label = QLabel(self.tr("Connection to the database lost — reconnecting…"))
        self.offline_label.setObjectName("offline")
        self.offline_label.setStyleSheet(f"font-size: {int(30 * u)}px; font-weight: bold; color: {WHITE}; "
                                         f"background: {RED}; padding: 4px 18px; border-radius: 8px;")
        self.offline_label.hide()
        status = QHBoxLayout()
        status.addWidget(self.voice_label)
        status.addStretch(1)
        status.addWidget(self.offline_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(int(36 * u), int(16 * u), int(36 * u), int(10 * u))
        layout.setSpacing(int(12 * u))
        layout.addLayout(header)
        layout.addLayout(middle, 1)
        layout.addLayout(waiting_row)
        layout.addLayout(status)

    def _style_now(self, *, flash: bool) -> None:
        u = self.unit
        bg, fg, number = (YELLOW, BG, BG) if flash else (PANEL, WHITE, YELLOW)
        self.now_panel.setStyleSheet(f"#now {{ background: {bg}; border-radius: {int(16 * u)}px; }}")
        self.now_caption.setStyleSheet(f"font-size: {int(38 * u)}px; font-weight: bold; color: {fg};")
        self.now_number.setStyleSheet(f"font-size: {int(128 * u)}px; font-weight: bold; color: {number};")
        self.now_window.setStyleSheet(f"font-size: {int(88 * u)}px; font-weight: bold; color: {fg};")
        self.now_text.setStyleSheet(f"font-size: {int(34 * u)}px; color: {fg};")

    def _place_tiles(self) -> None:
        for tile in self.tiles.values():
            self.tiles_box.removeWidget(tile)
            tile.deleteLater()
        self.tiles = {}
        numbers = [n for n, _ in self.setup.windows]
        columns = 6 if len(numbers) > 12 else 4
        for i, n in enumerate(numbers):
            tile = _Tile(n, self.unit)
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.tiles[n] = tile
            self.tiles_box.addWidget(tile, i // columns, i % columns)

    # ------------------------------------------------------------ data
    def load(self) -> None:
        """(Re)build from today's events; retried until the database answers."""
        def work():
            if self.ctx is None:
                from desktop.services.context import open_database

                self.ctx = open_database(self.url)
            return queue_live.hall_snapshot(self.ctx.uow(read_only=True))

        run_in_pool(self, work, self._loaded)

    def _loaded(self, snapshot, error) -> None:
        if error is not None:
            log.warning("display: cannot load: %s", error)
            if isinstance(error, DatabaseTooNew):
                self.offline_label.setText(self.tr("This database belongs to a newer OneStop."))
            self._set_online(False)
            if self.ctx is not None:
                self.ctx.db.dispose()
            self.retry_timer.start(3000)
            return
        self.setup = snapshot.setup
        self.center_label.setText(snapshot.setup.center_name)
        self.board.rebuild(snapshot)
        self.waiting = dict(snapshot.waiting)
        self._place_tiles()
        self._refresh()
        self.loaded = True
        self._set_online(True)
        if self.poller is None:
            self.poller = QueuePoller(self.ctx, interval_ms=400, retry_ms=2000, parent=self)
            self.poller.polled.connect(self._polled)
            self.poller.connection.connect(self._set_online)
        self.poller.start(self.board.last_id)

    def _polled(self, poll) -> None:
        if self.board.day is not None and poll.day != self.board.day:
            self.poller.stop()
            self.load()  # a new day: start from a clean board
            return
        if not poll.events:
            return
        now = self.ctx.clock.now()
        fresh = []
        for event in poll.events:
            for call in self.board.apply(event):
                if (now - call.at).total_seconds() <= ANNOUNCE_WITHIN_S:
                    fresh.append(call)
        if poll.waiting is not None:
            self.waiting = dict(poll.waiting)
        for call in fresh:
            self.announcer.announce(call_text(call.number, call.window_no))
        if fresh:
            self.fresh_window = fresh[-1].window_no
            self._flashes = FLASH_TIMES
            self.flash_timer.start(FLASH_MS)
        self._refresh()

    def _set_online(self, online: bool) -> None:
        self.online = online
        self.offline_label.setVisible(not online)

    def _voice_note(self, ready: bool) -> None:
        if ready:
            self.voice_label.setText("")
        else:
            self.voice_label.setText(self.tr("No voice available: calls are shown and chimed, not spoken."))

    # ------------------------------------------------------------ painting the state
    def latest(self) -> Call | None:
        return self.board.recent[0] if self.board.recent else None

    def _refresh(self) -> None:
        if self.setup is None:
            return
        latest = self.board.latest
        if latest is None:
            self.now_number.setText("—")
            self.now_window.setText("")
            self.now_text.setText(self.tr("Please wait for your number to be called"))
        else:
            self.now_number.setText(latest.number)
            self.now_window.setText(self.tr("Window %1").replace("%1", str(latest.window_no)))
            name = f"（{latest.name}）" if latest.name else ""
            self.now_text.setText(call_text(latest.number, latest.window_no) + name)
        for number, tile in self.tiles.items():
            tile.show_call(self.board.current.get(number), paused=number in self.board.paused,
                           fresh=self._flashes % 2 == 1 and number == self.fresh_window)
        self._fill_recent()
        self._fill_waiting()

    def _fill_recent(self) -> None:
        u = self.unit
        while len(self.recent_labels) < self.board.recent_size:  # made once, then only their text changes
            row = QLabel()
            row.setStyleSheet(f"font-size: {int(42 * u)}px; font-weight: bold;")
            self.recent_box.addWidget(row)
            self.recent_labels.append(row)
        calls = list(self.board.recent)
        for i, row in enumerate(self.recent_labels):
            if i >= len(calls):
                row.setText("")
                continue
            call = calls[i]
            colour = YELLOW if i == 0 else WHITE
            name = f"  <span style='color:{SOFT}'>{call.name}</span>" if call.name else ""
            row.setText(f"<span style='color:{colour}'>{call.number}</span>&nbsp;&nbsp;"
                        + self.tr("Window %1").replace("%1", str(call.window_no)) + name)

    def _fill_waiting(self) -> None:
        u = self.unit
        if len(self.waiting_labels) != len(self.setup.services):
            while self.waiting_box.count():
                item = self.waiting_box.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
            self.waiting_labels = []
            columns = max(1, -(-len(self.setup.services) // 2))  # two rows
            for i in range(len(self.setup.services)):
                label = QLabel()
                label.setStyleSheet(f"font-size: {int(25 * u)}px;")
                self.waiting_box.addWidget(label, i // columns, i % columns)
                self.waiting_labels.append(label)
        for label, (sid, letter, name, _desc) in zip(self.waiting_labels, self.setup.services, strict=True):
            n = self.waiting.get(sid, 0)
            label.setText(f"<b>{letter}</b> {name} <b style='color:{YELLOW if n else SOFT}'>"
                          + self.tr("%1 waiting").replace("%1", str(n)) + "</b>")

    def _flash(self) -> None:
        self._flashes -= 1
        self._style_now(flash=self._flashes % 2 == 1)
        if self._flashes <= 0:
            self.flash_timer.stop()
            self._style_now(flash=False)
        self._refresh()

    def _tick(self) -> None:
        now = self.ctx.clock.now() if self.ctx is not None else dt.datetime.now()
        locale = QLocale()
        self.date_label.setText(locale.toString(now.date(), "yyyy-MM-dd dddd"))
        self.time_label.setText(now.strftime("%H:%M:%S"))
        if self.loaded and self.board.day is not None and now.date() != self.board.day and self.online:
            self.loaded = False
            if self.poller is not None:
                self.poller.stop()
            self.load()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.poller is not None:
            self.poller.stop()
        super().closeEvent(event)


def run_display(url_arg: str | None = None, lang: str | None = None, screen: int = 0) -> int:
    from desktop import config
    from desktop.ui.app import make_app

    app = make_app(lang=lang)
    screens = QGuiApplication.screens()
    target = screens[screen] if 0 <= screen < len(screens) else QGuiApplication.primaryScreen()
    geometry = target.geometry()
    display = HallDisplay(url=config.resolve_db_url(url_arg).url,
                          announcer=Announcer(language=lang or _language()),
                          size=(geometry.width(), geometry.height()))
    display.setCursor(Qt.CursorShape.BlankCursor)
    display.setGeometry(geometry)
    display.showFullScreen()
    if display.windowHandle() is not None:
        display.windowHandle().setScreen(target)
    return app.exec()


def _language() -> str:
    from desktop.ui.i18n import current_language

    return current_language()


if __name__ == "__main__":
    sys.exit(run_display())
