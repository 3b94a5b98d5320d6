"""Following the queue from a screen: ``queue_live.poll`` on a short timer, run on a pool thread so a
database that hangs or went away never freezes the screen. The poller says when the database is lost and
when it is back; after a failure it drops pooled connections so the next try starts afresh."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from desktop.services import queue as queue_live
from desktop.services.errors import DatabaseUnavailable

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object, object)  # result, exception


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.setAutoDelete(False)  # kept in _ACTIVE until its result was delivered (or it is long done)
        self.fn = fn
        self.signals = _Signals()
        self.done_at: float | None = None

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except Exception as exc:  # handed to the main thread
            result, error = None, exc
        self.signals.done.emit(result, error)
        self.done_at = time.monotonic()


class _Relay(QObject):
    """Lives in the main thread as a child of the widget that asked: when the widget is gone, so is the
    relay, and Qt drops the queued result instead of calling into a deleted widget."""

    def __init__(self, owner: QObject, job: _Job, callback):
        super().__init__(owner)
        self.job, self.callback = job, callback

    def deliver(self, result, error) -> None:
        _ACTIVE.discard(self.job)
        self.job = None
        self.deleteLater()
        self.callback(result, error)


_ACTIVE: set[_Job] = set()


def run_in_pool(owner: QObject, fn: Callable[[], Any], callback: Callable[[Any, Exception | None], None]) -> None:
    """Run ``fn`` on the global thread pool; ``callback(result, error)`` runs on the main thread, unless
    ``owner`` was deleted meanwhile."""
    now = time.monotonic()
    for stale in [j for j in _ACTIVE if j.done_at is not None and now - j.done_at > 10]:
        _ACTIVE.discard(stale)  # its owner went away before the result arrived
    job = _Job(fn)
    relay = _Relay(owner, job, callback)
    job.signals.done.connect(relay.deliver)
    _ACTIVE.add(job)
    QThreadPool.globalInstance().start(job)


class QueuePoller(QObject):
    """Emits ``events(Poll)`` for each poll that found something, ``connection(bool)`` on every change
    between reachable and lost. ``start(after_id)`` begins; one poll is in flight at a time."""

    polled = Signal(object)  # queue_live.Poll (also when empty)
    connection = Signal(bool)

    def __init__(self, ctx, *, interval_ms: int = 500, retry_ms: int = 2000, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.after_id = 0
        self.online = True
        self.interval_ms, self.retry_ms = interval_ms, retry_ms
        self._busy = False
        self._stopped = threading.Event()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll_now)

    def start(self, after_id: int) -> None:
        self.after_id = after_id
        self._stopped.clear()
        self.timer.start(self.interval_ms)

    def stop(self) -> None:
        self._stopped.set()
        self.timer.stop()

    def poll_now(self) -> None:
        if self._busy or self._stopped.is_set():
            return
        self._busy = True
        after = self.after_id
        run_in_pool(self, lambda: queue_live.poll(self.ctx.uow(read_only=True), after_id=after), self._done)

    def _done(self, result, error) -> None:
        self._busy = False
        if self._stopped.is_set():
            return
        if error is not None:
            if not isinstance(error, DatabaseUnavailable):
                log.error("queue poll failed", exc_info=error)
            else:
                log.warning("queue poll: database unavailable: %s", error.facts.get("detail"))
            self.ctx.db.dispose()  # the next try opens fresh connections
            self._set_online(False)
            self.timer.start(self.retry_ms)
            return
        self._set_online(True)
        if result.last_id > self.after_id:
            self.after_id = result.last_id
        self.polled.emit(result)
        self.timer.start(self.interval_ms if not result.events or len(result.events) < 500 else 0)

    def lost(self) -> None:
        """A screen's own service call found the database gone: say so now and keep trying in the
        background; ``connection(True)`` follows once a poll gets through again."""
        if self._stopped.is_set():
            return
        self._set_online(False)
        if not self._busy:
            self.timer.start(self.retry_ms)

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.connection.emit(online)
