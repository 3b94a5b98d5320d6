"""``onestop display``: the hall display (叫号屏), full screen on any connected screen.

It shows the ticket each window calls or serves (a window that has finished, or that nobody is signed in
to, shows no number), the last several calls, waiting counts per service in large type, the clock and the
center's name, readable from across the hall on 1366×768 and 1920×1080 screens. A new call is painted first,
then flashes and is announced (chime + voice, queued, never cut off); the "now calling" banner holds it until
the visitor reaches the window or for a minute. Names are masked. The display rebuilds its state from
today's queue events when it starts, and when the database goes away it keeps the last state, says it is
reconnecting, and carries on by itself once the database is back.

What concerns the administrator rather than the public (which voice speaks, no Chinese voice installed)
goes to the log and to the administrator's voice screen (the display reports its voice to the database),
never on the public screen. Only F9, pressed by an administrator at the display's keyboard, shows the voice
in use for a few seconds and says a test call (ticket A000, which nobody holds).

This module holds the window (layout, loading, following the queue, painting the state); the board's widgets
live in desktop/ui/queue/display_board and the voice's reporting in desktop/ui/queue/display_voice.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.services import queue as hall_voice
from desktop.services import queue as queue_live
from desktop.services.errors import DatabaseTooNew
from desktop.services.queue import Call, HallBoard
from desktop.ui.announcer import Announcer
from desktop.ui.queue import display_voice
from desktop.ui.queue.display_board import (
    BG,
    PANEL,
    RED,
    SOFT,
    WHITE,
    YELLOW,
    Tile,
    WaitingCell,
    call_text,
    fill_waiting,
    fit,
    now_panel,
    place_tiles,
    recent_panel,
    waiting_row,
)
from desktop.ui.queue.poller import QueuePoller, run_in_pool

log = logging.getLogger(__name__)
ANNOUNCE_WITHIN_S = 90  # calls older than this (e.g. made while the database was away) are shown, not spoken
POLL_MS = 250  # a clerk's call reaches the screen within about a poll and a paint
FLASH_TIMES = 8
FLASH_MS = 380


class HallDisplay(QWidget):
    def __init__(self, ctx=None, *, url: str | None = None, announcer: Announcer | None = None,
                 size: tuple[int, int] = (1920, 1080), parent=None):
        super().__init__(parent)
        self.ctx, self.url = ctx, url
        self.setWindowTitle(self.tr("OneStop hall display"))
        self.unit = min(size[1] / 1080, size[0] / 1920)
        self.board = HallBoard()
        self.setup: queue_live.HallSetup | None = None
        self.waiting: dict[int, int] = {}
        self.online = True
        self.loaded = False
        self.fresh_window: int | None = None
        self.calling: Call | None = None  # what the "now calling" banner shows
        self.voice_note = ""  # for the administrator (in the log), never on the public screen
        self._flashes = 0
        self.announcer = announcer if announcer is not None else Announcer(parent=self)
        self.announcer.setParent(self)
        self.announcer.voice_changed.connect(self._voice_note)
        self.announcer.kind_changed.connect(lambda _kind: self._voice_note(self.announcer.voice_ready))
        self.voice_fingerprint = ""
        self.reported_voice: tuple[str, str] | None = None
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
        self.voice_timer = QTimer(self)  # the administrator's voice changes reach the display within a minute
        self.voice_timer.timeout.connect(self._check_voice)
        self.voice_timer.start(60_000)
        self.voice_status_timer = QTimer(self)
        self.voice_status_timer.setSingleShot(True)
        self.voice_status_timer.timeout.connect(self.voice_status.hide)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
        QShortcut(QKeySequence("F9"), self, self.test_voice)
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

        header_box = self._build_header(u)
        now_panel(self, u)
        self._style_now(flash=False)

        self.recent_labels: list[QLabel] = []
        self.waiting_cells: list[WaitingCell] = []
        self.tiles_box = QGridLayout()
        self.tiles_box.setSpacing(int(12 * u))
        self.tiles: dict[int, Tile] = {}
        recent = recent_panel(self, u)

        left = QVBoxLayout()
        left.setSpacing(int(12 * u))
        left.addWidget(self.now_panel)
        left.addLayout(self.tiles_box, 1)
        middle = QHBoxLayout()
        middle.setSpacing(int(20 * u))
        middle.addLayout(left, 1)
        middle.addWidget(recent)

        waiting = waiting_row(self, u)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(int(36 * u), int(14 * u), int(36 * u), int(14 * u))
        layout.setSpacing(int(12 * u))
        layout.addWidget(header_box)
        layout.addLayout(middle, 1)
        layout.addLayout(waiting)

    def _build_header(self, u: float) -> QWidget:
        """The center's name, the reconnecting notice, the voice (F9), the date and the clock."""
        self.center_label = fit(QLabel())
        self.center_label.setStyleSheet(f"font-size: {int(48 * u)}px; font-weight: bold;")
        self.date_label = QLabel()
        self.date_label.setStyleSheet(f"font-size: {int(32 * u)}px; color: {SOFT};")
        self.time_label = QLabel()
        self.time_label.setStyleSheet(f"font-size: {int(54 * u)}px; font-weight: bold;")
        self.offline_label = QLabel(self.tr("Connection to the database lost — reconnecting…"))
        self.offline_label.setObjectName("offline")
        self.offline_label.setStyleSheet(f"font-size: {int(30 * u)}px; font-weight: bold; color: {WHITE}; "
                                         f"background: {RED}; padding: 4px 18px; border-radius: 8px;")
        self.offline_label.hide()
        # F9 (the administrator): which voice speaks, for a few seconds; hidden otherwise
        self.voice_status = fit(QLabel())
        self.voice_status.setObjectName("voice_status")
        self.voice_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.voice_status.setStyleSheet(f"font-size: {int(26 * u)}px; color: {SOFT}; background: {PANEL}; "
                                        f"padding: 2px 14px; border-radius: 8px;")
        self.voice_status.hide()
        header_box = QWidget()
        header_box.setFixedHeight(int(76 * u))
        header = QHBoxLayout(header_box)
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.center_label, 1)
        header.addWidget(self.offline_label)
        header.addWidget(self.voice_status, 1)
        header.addSpacing(int(24 * u))
        header.addWidget(self.date_label)
        header.addSpacing(int(24 * u))
        header.addWidget(self.time_label)
        return header_box

    def _style_now(self, *, flash: bool) -> None:
        u = self.unit
        bg, fg, number = (YELLOW, BG, BG) if flash else (PANEL, WHITE, YELLOW)
        idle = self.calling is None  # no call going on: a quiet sentence instead of the number
        self.now_panel.setStyleSheet(f"#now {{ background: {bg}; border-radius: {int(16 * u)}px; }}")
        self.now_caption.setStyleSheet(f"font-size: {int(36 * u)}px; font-weight: bold; color: {fg};")
        self.now_number.setStyleSheet(f"font-size: {int(56 * u)}px; font-weight: bold; color: {SOFT};" if idle else
                                      f"font-size: {int(116 * u)}px; font-weight: bold; color: {number};")
        self.now_window.setStyleSheet(f"font-size: {int(84 * u)}px; font-weight: bold; color: {fg};")
        self.now_text.setStyleSheet(f"font-size: {int(32 * u)}px; color: {fg};")

    def _place_tiles(self) -> None:
        self.tiles = place_tiles(self.tiles_box, self.tiles, [n for n, _ in self.setup.windows], self.unit)

    # ------------------------------------------------------------ data
    def load(self) -> None:
        """(Re)build from today's events; retried until the database answers."""
        def work():
            if self.ctx is None:
                from desktop.services.context import open_database

                self.ctx = open_database(self.url)
            snapshot = queue_live.hall_snapshot(self.ctx.uow(read_only=True))
            try:
                fingerprint = hall_voice.voice_fingerprint(self.ctx.uow(read_only=True))
                plan = hall_voice.voice_plan(self.ctx.uow(read_only=True))
            except Exception:  # a database of an older OneStop: the hall still runs, with the default voice
                log.exception("display: cannot load the voice settings")
                fingerprint, plan = "", None
            return snapshot, fingerprint, plan

        run_in_pool(self, work, self._loaded)

    def _loaded(self, result, error) -> None:
        if error is not None:
            log.warning("display: cannot load: %s", error)
            if isinstance(error, DatabaseTooNew):
                self.offline_label.setText(self.tr("This database belongs to a newer OneStop."))
            self._set_online(False)
            if self.ctx is not None:
                self.ctx.db.dispose()
            self.retry_timer.start(3000)
            return
        snapshot, fingerprint, plan = result
        if plan is not None:
            self.voice_fingerprint = fingerprint
            self.announcer.set_plan(plan)
        self._report_voice()
        self.setup = snapshot.setup
        self.center_label.setText(snapshot.setup.center_name)
        self.board.rebuild(snapshot)
        self.waiting = dict(snapshot.waiting)
        self._place_tiles()
        self._refresh()
        self.loaded = True
        self._set_online(True)
        if self.poller is None:
            self.poller = QueuePoller(self.ctx, interval_ms=POLL_MS, retry_ms=2000, parent=self)
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
        if fresh:
            self.fresh_window = fresh[-1].window_no
            self._flashes = FLASH_TIMES
            self.flash_timer.start(FLASH_MS)
        self._refresh()  # the screen first: the chime and the voice must not hold the new number back
        for call in fresh:
            QTimer.singleShot(0, lambda c=call: self.announcer.announce_call(c.number, c.window_no,
                                                                             call_text(c.number, c.window_no)))

    def _set_online(self, online: bool) -> None:
        self.online = online
        self.offline_label.setVisible(not online)

    def _voice_note(self, ready: bool) -> None:
        display_voice.note_voice(self, ready)

    def _report_voice(self) -> None:
        display_voice.report_voice(self)

    def _check_voice(self) -> None:
        display_voice.check_voice(self)

    def voice_text(self) -> str:
        return display_voice.voice_text(self.announcer)

    def test_voice(self) -> None:
        """F9: show the voice for ten seconds and say a test call (A000, a number nobody holds)."""
        window = self.setup.windows[0][0] if self.setup and self.setup.windows else 1
        self.voice_status.setText(self.voice_text())
        self.voice_status.show()
        self.voice_status_timer.start(10_000)
        self.announcer.announce_call("A000", window, call_text("A000", window))

    # ------------------------------------------------------------ painting the state
    def latest(self) -> Call | None:
        return self.board.recent[0] if self.board.recent else None

    def _now(self) -> dt.datetime:
        return self.ctx.clock.now() if self.ctx is not None else dt.datetime.now()

    def _refresh(self) -> None:
        if self.setup is None:
            return
        calling = self.board.now_calling(self._now())
        if (calling is None) != (self.calling is None):
            self.calling = calling
            self._style_now(flash=self._flashes % 2 == 1)
        self.calling = calling
        if calling is None:
            self.now_number.setText(self.tr("Please wait for your number to be called"))
            self.now_window.setText("")
            self.now_text.setText("")
            self.now_text.hide()  # the sentence alone, in the middle of the banner
        else:
            self.now_text.show()
            self.now_number.setText(calling.number)
            self.now_window.setText(self.tr("Window %1").replace("%1", str(calling.window_no)))
            name = f"（{calling.name}）" if calling.name else ""
            self.now_text.setText(call_text(calling.number, calling.window_no) + name)
        for number, tile in self.tiles.items():
            tile.show_call(self.board.current.get(number), paused=number in self.board.paused,
                           fresh=self._flashes % 2 == 1 and number == self.fresh_window,
                           staffed=number in self.board.staffed)
        self._fill_recent()
        self._fill_waiting()

    def _fill_recent(self) -> None:
        u = self.unit
        while len(self.recent_labels) < self.board.recent_size:  # made once, then only their text changes
            row = fit(QLabel())
            row.setStyleSheet(f"font-size: {int(40 * u)}px; font-weight: bold;")
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
        self.waiting_cells = fill_waiting(self.waiting_box, self.waiting_cells, self.setup.services, self.waiting,
                                          self.unit)

    def _flash(self) -> None:
        self._flashes -= 1
        self._style_now(flash=self._flashes % 2 == 1)
        if self._flashes <= 0:
            self.flash_timer.stop()
            self._style_now(flash=False)
        self._refresh()

    def _tick(self) -> None:
        now = self._now()
        locale = QLocale()
        self.date_label.setText(locale.toString(now.date(), "yyyy-MM-dd dddd"))
        self.time_label.setText(now.strftime("%H:%M:%S"))
        if self.setup is not None and self.board.now_calling(now) != self.calling:
            self._refresh()  # the banner's minute is over
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
    display.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)  # no title bar whatever the window manager does
    display.showFullScreen()
    if display.windowHandle() is not None:
        display.windowHandle().setScreen(target)
    return app.exec()


def _language() -> str:
    from desktop.ui.i18n import current_language

    return current_language()


if __name__ == "__main__":
    sys.exit(run_display())
