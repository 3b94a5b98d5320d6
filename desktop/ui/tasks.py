"""Background work for every screen: a QRunnable in the global QThreadPool that reports progress, can be
cancelled, and hands its result (or its failure) back to the main thread through queued signals. The main
thread never waits on it."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, what
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception
    cancelled = Signal()


class Task(QRunnable):
    """Runs ``fn(progress=..., cancelled=...)`` (or ``fn()`` with ``plain=True``) on a pool thread.

    ``cancel()`` may be called from the main thread at any time; the function sees it through ``cancelled()``
    and stops at its next check. A task whose function raised after cancel() reports ``cancelled``.
    """

    def __init__(self, fn: Callable[..., Any], *, plain: bool = False, cancel_error: type | None = None):
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps it until a signal arrived
        self.fn = fn
        self.plain = plain
        self.cancel_error = cancel_error
        self.signals = TaskSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            if self.plain:
                result = self.fn()
            else:
                result = self.fn(progress=lambda done, total, what="": self.signals.progress.emit(done, total, what),
                                 cancelled=self._cancel.is_set)
        except Exception as exc:  # handed to the main thread, which shows it
            if self._cancel.is_set() or (self.cancel_error is not None and isinstance(exc, self.cancel_error)):
                self.signals.cancelled.emit()
            else:
                log.debug("background task failed", exc_info=True)
                self.signals.failed.emit(exc)
            return
        if self._cancel.is_set():
            self.signals.cancelled.emit()
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they report back. ``latest(key, task)`` cancels an older task
    of the same key, so a refresh started while another runs replaces it (only the newest result is shown)."""

    def __init__(self, parent=None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.running: dict[str, Task] = {}
        self._alive: dict[TaskSignals, tuple[str, Task]] = {}
        # a task's last signal reaches the main thread while its run() may still be returning on the pool
        # thread: finished tasks stay referenced a while longer so Python never frees one under it
        self._finished: deque[Task] = deque(maxlen=32)

    def start(self, key: str, task: Task) -> Task:
        old = self.running.get(key)
        if old is not None:
            old.cancel()
        self.running[key] = task
        self._alive[task.signals] = (key, task)
        # bound slots of this (main-thread) object: Qt queues the calls from the pool thread to the main thread
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._done)
        task.signals.cancelled.connect(self._done)
        self.pool.start(task)
        return task

    def _done(self, *_args) -> None:
        key, task = self._alive.pop(self.sender(), (None, None))
        if task is not None:
            self._finished.append(task)
        if key is not None and self.running.get(key) is task:
            del self.running[key]

    def is_running(self, key: str) -> bool:
        return key in self.running

    def cancel_all(self) -> None:
        for task in list(self.running.values()):
            task.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """For tests and shutdown: wait for the pool to finish what it runs."""
        return self.pool.waitForDone(msecs)
