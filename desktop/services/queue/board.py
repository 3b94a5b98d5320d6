"""The hall board: today's state of the hall as the display shows it, folded from queue events (no
database). A screen started late rebuilds it from ``hall_snapshot``; the same fold then takes each new
event, so a rebuilt board equals one that watched all day."""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field

from desktop.services.people import mask_name

CALL_KINDS = frozenset({"called", "recalled"})
RELEASE_KINDS = frozenset({"finished", "no_show", "transferred"})
NOW_CALLING_SECONDS = 60  # the display's "now calling" banner: until the visitor is at the window, at most this


@dataclass(frozen=True)
class QueueEventInfo:
    id: int
    at: dt.datetime
    kind: str
    ticket_id: int | None
    number: str
    service_id: int | None
    window_no: int | None
    detail: dict


@dataclass(frozen=True)
class HallSetup:
    center_name: str
    services: tuple[tuple[int, str, str, str], ...]  # (id, letter, name, description) in display order
    windows: tuple[tuple[int, str], ...]  # (number, name) of active windows
    recent_calls: int
    opens_at: dt.time
    closes_at: dt.time


@dataclass(frozen=True)
class Snapshot:
    setup: HallSetup
    events: tuple[QueueEventInfo, ...]  # today's, in order
    last_id: int
    waiting: dict[int, int]
    paused_windows: frozenset[int]
    day: dt.date
    staffed_windows: frozenset[int] = frozenset()  # someone is signed in there


@dataclass(frozen=True)
class Call:
    number: str
    window_no: int
    at: dt.datetime
    name: str  # already masked
    call: int  # 1 for the first call, 2.. for recalls


@dataclass
class HallBoard:
    """Today's state of the hall as the display shows it, folded from queue events.

    ``apply`` returns the calls to announce. Names in events are masked when written; the board masks
    again so nothing unmasked can reach a public screen. A window shows a number only while it calls or
    serves that ticket: finishing, a no-show, a transfer or the clerk signing out clear it."""

    recent_size: int = 8
    current: dict[int, Call] = field(default_factory=dict)  # window no -> the ticket it calls or serves
    recent: deque = field(default_factory=deque)  # newest first
    paused: set[int] = field(default_factory=set)
    staffed: set[int] = field(default_factory=set)  # windows someone is signed in to
    calling: dict[int, Call] = field(default_factory=dict)  # window no -> its call, until the visitor arrives
    latest: Call | None = None  # the last call made
    last_id: int = 0
    day: dt.date | None = None

    def __post_init__(self) -> None:
        self.recent = deque(self.recent, maxlen=self.recent_size)

    def reset(self, day: dt.date) -> None:
        self.current.clear()
        self.calling.clear()
        self.recent.clear()
        self.paused.clear()
        self.latest = None
        self.day = day

    def now_calling(self, now: dt.datetime, seconds: int = NOW_CALLING_SECONDS) -> Call | None:
        """What the "now calling" banner shows: the newest call whose visitor has not reached the window yet
        (service not started, ticket not finished or moved) and that is at most ``seconds`` old."""
        fresh = [c for c in self.calling.values() if (now - c.at).total_seconds() <= seconds]
        return fresh[-1] if fresh else None  # ``calling`` is kept in the order the calls were made

    def _release(self, window_no: int, number: str | None = None) -> None:
        for shown in (self.current, self.calling):
            call = shown.get(window_no)
            if call is not None and (number is None or call.number == number):
                del shown[window_no]

    def apply(self, event: QueueEventInfo) -> list[Call]:
        if event.id <= self.last_id:
            return []
        self.last_id = event.id
        if self.day is not None and event.at.date() != self.day:
            if event.at.date() < self.day:
                return []
            self.reset(event.at.date())  # the first event of a new day: yesterday's calls go
        if self.day is None:
            self.day = event.at.date()
        if event.kind in CALL_KINDS and event.window_no is not None:
            call = Call(event.number, event.window_no, event.at, mask_name(event.detail.get("name") or ""),
                        int(event.detail.get("call") or 1))
            self.current[event.window_no] = call
            self.calling.pop(event.window_no, None)
            self.calling[event.window_no] = call
            self.staffed.add(event.window_no)  # a call shows someone is at the window
            self.latest = call
            if event.kind == "called":
                self.recent = deque([c for c in self.recent if c.number != call.number], maxlen=self.recent_size)
                self.recent.appendleft(call)
            return [call]
        if event.window_no is None:
            return []
        if event.kind in RELEASE_KINDS:
            self._release(event.window_no, event.number)  # finished, no-show or transfer: the window is free
        elif event.kind == "started":
            call = self.calling.get(event.window_no)
            if call is not None and call.number == event.number:
                del self.calling[event.window_no]  # the visitor is at the window: no longer called
        elif event.kind == "signed_out":
            self.staffed.discard(event.window_no)
            self._release(event.window_no)  # nobody at the window: it shows no number
        elif event.kind == "signed_in":
            self.staffed.add(event.window_no)
        elif event.kind == "paused":
            self.paused.add(event.window_no)
        elif event.kind == "resumed":
            self.paused.discard(event.window_no)
        return []

    def rebuild(self, snapshot: Snapshot) -> None:
        self.recent_size = snapshot.setup.recent_calls
        self.recent = deque(maxlen=self.recent_size)
        self.current.clear()
        self.calling.clear()
        self.latest = None
        self.last_id = 0
        self.day = snapshot.day
        for event in snapshot.events:
            self.apply(event)
        self.paused = set(snapshot.paused_windows)
        self.staffed = set(snapshot.staffed_windows)
        self.last_id = max(self.last_id, snapshot.last_id)
