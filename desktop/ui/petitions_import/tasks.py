"""A QThreadPool task with progress and cancel, for the slow steps of the intake (reading a 50,000-row file,
checking it, importing it). The job receives ``progress(stage, done, total)`` and ``cancelled()`` and passes
them to the service; the signals arrive on the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal


class _Signals(QObject):
    progress = Signal(str, int, int)
    done = Signal(object)
    failed = Signal(object)


class ProgressTask(QRunnable):
    """``job(progress, cancelled)`` runs on the thread pool. Progress is passed on at most every 50 ms (and
    always for the last step), so a fast loop does not flood the GUI thread."""

    def __init__(self, job: Callable[[Callable[[str, int, int], None], Callable[[], bool]], Any]):
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps it until a signal has arrived
        self.job = job
        self.signals = _Signals()
        self._cancel = threading.Event()
        self._last = 0.0
        self.finished = False

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= 0.05 or done >= total:
            self._last = now
            self.signals.progress.emit(stage, done, total)

    def run(self) -> None:
        try:
            result = self.job(self._progress, self._cancel.is_set)
        except Exception as exc:  # handed to the GUI thread, which shows it
            self.finished = True
            self.signals.failed.emit(exc)
            return
        self.finished = True
        self.signals.done.emit(result)
